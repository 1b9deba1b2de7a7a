"""Quiz scoring means the same in Python and in the browser: both engines score every line
of tests/vectors/quizscore.jsonl, and must agree with each other and with `expected`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from widgets.quizscore import score_question

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "tests" / "vectors" / "quizscore.jsonl"
JS_SCORE = ROOT / "widgets" / "static" / "quizscore.js"

pytestmark = pytest.mark.usefixtures("node")

NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const { scoreQuestion } = await import(process.argv[1]);
const lines = readFileSync(process.argv[2], "utf8").split("\\n").filter((l) => l.trim());
console.log(JSON.stringify(lines.map((l) => { const c = JSON.parse(l);
  return scoreQuestion(c.question, c.chosen); })));
"""


def vectors() -> list[dict]:
    lines = VECTORS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_python_and_javascript_score_every_vector_the_same():
    cases = vectors()
    assert len(cases) >= 10
    out = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_SCRIPT, JS_SCORE.as_uri(), str(VECTORS)],
        capture_output=True,
        text=True,
        check=True,
    )
    js = json.loads(out.stdout)
    assert len(js) == len(cases)
    disagree = [
        (i + 1, c["chosen"], score_question(c["question"], c["chosen"]), js[i], c["expected"])
        for i, c in enumerate(cases)
        if not score_question(c["question"], c["chosen"]) == js[i] == c["expected"]
    ]
    assert not disagree, f"(line, chosen, python, js, expected): {disagree}"


def test_the_javascript_quiz_tests_pass():
    # tests/js: scoring on the vectors, shuffles, what progress keeps, the CPD record.
    files = sorted(str(p) for p in (ROOT / "tests" / "js").glob("quiz*.test.mjs"))
    assert len(files) >= 2
    out = subprocess.run(["node", "--test", *files], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
