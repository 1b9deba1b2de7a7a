"""The anonymisation guard: Python and the browser find the same identifiers and redact the
same way, on every line of tests/vectors/anonymise.jsonl."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from widgets import anonymise
from widgets.anonymise import find_identifiers, nhs_number_valid, parse_names, redact
from widgets.patterns import check_pattern

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "tests" / "vectors" / "anonymise.jsonl"
JS = ROOT / "widgets" / "static" / "anonymise.js"
needs_node = pytest.mark.usefixtures("node")


def vectors() -> list[dict]:
    lines = VECTORS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


CASES = vectors()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_python_guard_on_the_shared_vectors(case: dict) -> None:
    found = find_identifiers(case["text"], case["names"])
    assert [{"type": f["type"], "text": f["text"]} for f in found] == case["expected"]
    for f in found:
        assert case["text"][f["start"] : f["end"]] == f["text"]
        assert f["label"] == anonymise.LABELS[f["type"]]
    assert redact(case["text"], found) == case["redacted"]


def test_vectors_cover_every_kind_and_some_near_misses() -> None:
    kinds = {f["type"] for c in CASES for f in c["expected"]}
    assert kinds == set(anonymise.LABELS)
    assert sum(1 for c in CASES if not c["expected"]) >= 5


def test_patterns_are_in_the_portable_linear_time_subset() -> None:
    # The same checks the criteria packs pass: ASCII, bounded repeats, no nested quantifiers.
    for name, pattern in anonymise.PATTERNS.items():
        check_pattern(pattern)  # raises PatternError naming the problem
        # Lower case: the guard matches ASCII-folded text (no engine's ignore-case flag).
        assert pattern == pattern.lower(), name


NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const g = await import(process.argv[1]);
const cases = readFileSync(process.argv[2], "utf8").split("\\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
console.log(JSON.stringify({ patterns: g.PATTERNS, labels: g.LABELS, plurals: g.PLURALS,
  found: cases.map((c) => g.findIdentifiers(c.text, c.names)) }));
"""


@needs_node
def test_browser_guard_has_the_same_patterns_and_the_same_findings() -> None:
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_SCRIPT, JS.as_uri(), str(VECTORS)],
        capture_output=True, text=True, check=True,
    )
    js = json.loads(proc.stdout)
    assert js["patterns"] == anonymise.PATTERNS
    assert js["labels"] == anonymise.LABELS
    assert {k: tuple(v) for k, v in js["plurals"].items()} == anonymise.PLURALS
    for case, browser in zip(CASES, js["found"], strict=True):
        python = find_identifiers(case["text"], case["names"])
        if case["text"].isascii():  # indices agree where UTF-16 and code points coincide
            assert browser == python, case["name"]
        else:
            assert [(f["type"], f["text"]) for f in browser] == [
                (f["type"], f["text"]) for f in python
            ], case["name"]


@needs_node
def test_the_javascript_guard_tests_pass() -> None:
    out = subprocess.run(["node", "--test", str(ROOT / "tests" / "js" / "anonymise.test.mjs")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_modulus_11() -> None:
    assert nhs_number_valid("9990000018")
    assert not nhs_number_valid("9990000017")
    assert not nhs_number_valid("9990000000")  # check digit would be 10
    assert not nhs_number_valid("999000001")
    assert not nhs_number_valid("\u0669" * 10)  # Arabic-Indic digits are not an NHS number


def test_names_are_parsed_from_a_typed_list() -> None:
    assert parse_names(" Jodie ,jodie\nTyler   Reed; x") == ["Jodie", "Tyler Reed"]
    assert parse_names(["Ava", "AVA", "Bo"]) == ["Ava", "Bo"]


def test_redact_without_findings_finds_them_itself() -> None:
    assert redact("Email a@example.org") == "Email [email]"


def test_warning_words() -> None:
    found = find_identifiers("999 000 0018, 999 000 0026 and ZZ99 3AB")
    assert anonymise.describe_counts(anonymise.count_by_type(found)) == "2 NHS numbers, 1 postcode"


def test_hostile_text_is_searched_in_linear_time() -> None:
    texts = [
        "a" * 200_000 + "@",
        "1" * 200_000,
        "0 " * 100_000,
        ("a@b." + "c" * 30) * 5000,
        "dob " * 50_000,
    ]
    started = time.perf_counter()
    for text in texts:
        find_identifiers(text, ["aa"])
    assert time.perf_counter() - started < 20  # a hang catcher, not a speed target
