"""The self-check agrees with the practice leads' labels (tests/vectors/dev-cases.jsonl):
at least 0.90 overall and 0.80 for every criterion, as `python -m tools.evaluate` reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.evaluate import DEFAULT_DATA, agreement, read_cases

ROOT = Path(__file__).resolve().parents[1]


def test_agreement_with_the_labels():
    table, misses = agreement(read_cases(DEFAULT_DATA))
    assert len(table) == 19
    assert all(total == 20 for _, total in table.values())
    low = {cid: ok / n for cid, (ok, n) in table.items() if ok / n < 0.80}
    assert not low, f"criteria below 0.80: {low}\n" + "\n".join(misses)
    overall = sum(ok for ok, _ in table.values()) / sum(n for _, n in table.values())
    assert overall >= 0.90, "\n".join(misses)


def test_evaluate_prints_the_per_criterion_table():
    out = subprocess.run(
        [sys.executable, "-m", "tools.evaluate"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["criterion", "agree", "of", "rate"]
    assert any(line.startswith("smart.timebound") for line in lines)
    assert lines[-1].startswith("overall")
