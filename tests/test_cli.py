"""`python -m widgets check`: the readable report, --json, --jsonl, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLAN = "Mum will take Ava (4) to nursery every weekday by 9am so that she can play. Review on 3 June."


def run(*args: str, stdin: str | bytes = "") -> subprocess.CompletedProcess:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    out = subprocess.run(
        [sys.executable, "-m", "widgets", *args], input=data, capture_output=True, cwd=ROOT
    )
    out.stdout = out.stdout.decode("utf-8")
    out.stderr = out.stderr.decode("utf-8")
    return out


def test_readable_report_from_stdin():
    out = run("check", "--framework", "smart", stdin="SW to monitor. CIN plan ongoing.")
    assert out.returncode == 0
    assert "SMART plan: " in out.stdout
    assert "[not found] Specific (smart.specific)" in out.stdout
    assert "[found] Time-bound" not in out.stdout
    assert "Ask yourself:" in out.stdout and "For example:" in out.stdout
    assert 'Note: "CIN" (acronym)' in out.stdout


def test_readable_report_from_a_file_shows_evidence(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    out = run("check", "--framework", "smart", str(path))
    assert out.returncode == 0
    assert "[found] Time-bound (smart.timebound)" in out.stdout
    assert 'Evidence: "3 June"' in out.stdout


def test_json_output_has_the_relied_on_keys():
    out = run("check", "--framework", "smart", "--json", stdin=PLAN)
    assert out.returncode == 0
    report = json.loads(out.stdout)
    assert report["framework"] == "smart"
    assert len(report["criteria"]) == 6
    for c in report["criteria"]:
        assert {"id", "met", "evidence", "prompt"} <= set(c)
        assert isinstance(c["met"], bool) and isinstance(c["evidence"], list)
    timebound = next(c for c in report["criteria"] if c["id"] == "smart.timebound")
    assert timebound["met"] is True and timebound["evidence"] == ["3 June"]


def test_jsonl_prints_one_report_a_line_with_its_id(tmp_path):
    path = tmp_path / "cases.jsonl"
    lines = [
        {"id": "a", "framework": "smart", "text": PLAN},
        {"id": 7, "framework": "voice", "text": "Saw Zo\u00eb alone. She said, \u201cI miss Nan.\u201d"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    out = run("check", "--jsonl", str(path))
    assert out.returncode == 0, out.stderr
    reports = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["id"], r["framework"]) for r in reports] == [("a", "smart"), (7, "voice")]
    words = next(c for c in reports[1]["criteria"] if c["id"] == "voice.words")
    assert words["evidence"] == ["She said, \u201cI miss Nan.\u201d"]


@pytest.mark.parametrize(
    "lines,message",
    [
        (['{"id": 1, "framework": "smart", "text": "x"}', "{not json"], "line 2: invalid JSON"),
        (['{"id": 1, "text": "x"}'], "line 1: missing field 'framework'"),
        (['{"id": 1, "framework": "plans", "text": "x"}'], "line 1: unknown framework 'plans'"),
        (['{"id": 1, "framework": "smart", "text": 5}'], "line 1: field 'text' must be a string"),
        (["[1, 2]"], "line 1: expected an object"),
    ],
)
def test_bad_jsonl_gives_a_clear_message_and_no_output(tmp_path, lines, message):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    out = run("check", "--jsonl", str(path))
    assert out.returncode == 1
    assert message in out.stderr
    assert out.stdout == ""
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["check", "--framework", "plans"], 2, "invalid choice: 'plans'"),
        (["check"], 2, "give --framework"),
        (["check", "--framework", "smart", "/no/such/file.txt"], 1, "cannot read /no/such/file.txt"),
        (["check", "--jsonl", "/no/such/file.jsonl"], 1, "cannot read /no/such/file.jsonl"),
        (["check", "--jsonl", "x.jsonl", "--framework", "smart"], 2, "each line names its framework"),
    ],
)
def test_bad_options_and_unreadable_files_give_clear_messages(args, code, message):
    out = run(*args)
    assert out.returncode == code
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_text_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Zo\u00eb will go.".encode("latin-1"))
    out = run("check", "--framework", "smart", str(path))
    assert out.returncode == 1
    assert "is not UTF-8 text" in out.stderr and "Traceback" not in out.stderr


def test_windows_text_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\xef\xbb\xbf" + PLAN.replace(". ", ".\r\n").encode("utf-8"))
    out = run("check", "--framework", "smart", "--json", str(path))
    assert out.returncode == 0
    assert json.loads(out.stdout)["empty"] is False
