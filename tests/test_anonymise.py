"""The anonymisation guard: Python and the browser find the same identifiers and redact the
same way, on every line of tests/vectors/anonymise.jsonl."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from widgets import anonymise
from widgets.anonymise import find_identifiers, nhs_number_valid, parse_names, redact
from widgets.guard import RULES_PATH, GuardError, load_guard, load_rules
from widgets.patterns import check_pattern

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "tests" / "vectors" / "anonymise.jsonl"
JS = ROOT / "widgets" / "static" / "anonymise.js"
GUARD_JSON = ROOT / "tests" / "vectors" / "guard.json"
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
    for p in load_guard()["patterns"]:
        check_pattern(p["pattern"], case_sensitive=p["cased"])  # raises, naming the problem
        # Lower case unless cased: the guard matches ASCII-folded text (no ignore-case flag).
        assert p["cased"] or p["pattern"] == p["pattern"].lower(), p["id"]


def test_a_bad_rules_file_is_named_with_its_item_and_field(tmp_path: Path) -> None:
    rules = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    rules["patterns"][0]["kind"] = "passport"
    bad = tmp_path / "rules.yml"
    bad.write_text(yaml.safe_dump(rules), encoding="utf-8")
    with pytest.raises(GuardError, match=r"rules\.yml: pattern 'email': field 'kind': 'passport'"):
        load_rules(bad)
    rules["patterns"][0]["kind"] = "email"
    rules["patterns"][0]["pattern"] = "[a-z]+@"
    bad.write_text(yaml.safe_dump(rules), encoding="utf-8")
    with pytest.raises(GuardError, match=r"pattern 'email': field 'pattern': unbounded repeat"):
        load_rules(bad)
    del rules["kinds"][0]["label"]
    bad.write_text(yaml.safe_dump(rules), encoding="utf-8")
    with pytest.raises(GuardError, match=r"rules\.yml: field 'kinds\.0'"):
        load_rules(bad)


def test_names_are_numbered_by_person_and_the_key_says_who_is_who() -> None:
    text = "Kerry Jones rang. Kerry said Tyler Reed shouts; Ms Jones agreed and Kerry left."
    found = find_identifiers(text, ["Kerry Jones", "Tyler Reed", "Jones", "Kerry"])
    assert redact(text, found) == (
        "[Name 1] rang. [Name 1] said [Name 2] shouts; Ms [Name 1] agreed and [Name 1] left.")
    assert anonymise.key_to_placeholders(found) == [
        {"placeholder": "[Name 1]", "texts": ["Kerry Jones", "Kerry", "Jones"]},
        {"placeholder": "[Name 2]", "texts": ["Tyler Reed"]},
    ]
    # Two full names share a first name: the lone first name is a person of its own.
    text = "Kerry Jones and Kerry Smith came; Kerry spoke."
    assert redact(text, find_identifiers(text, ["Kerry Jones", "Kerry Smith", "Kerry"])) == (
        "[Name 1] and [Name 2] came; [Name 3] spoke.")


NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const g = await import(process.argv[1]);
g.setGuard(JSON.parse(readFileSync(process.argv[3], "utf8")));
const cases = readFileSync(process.argv[2], "utf8").split("\\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
console.log(JSON.stringify({ labels: g.LABELS, plurals: g.PLURALS,
  found: cases.map((c) => g.findIdentifiers(c.text, c.names)) }));
"""


@needs_node
def test_browser_guard_has_the_same_words_and_the_same_findings() -> None:
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_SCRIPT, JS.as_uri(), str(VECTORS), str(GUARD_JSON)],
        capture_output=True, text=True, check=True,
    )
    js = json.loads(proc.stdout)
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
        "Kerry Jones " * 40_000,
        "Flat 3 Jubilee Court St Mary's " * 20_000,
        "14 Elm Road " * 40_000,
    ]
    started = time.perf_counter()
    for text in texts:
        find_identifiers(text, ["aa"])
    assert time.perf_counter() - started < 20  # a hang catcher, not a speed target


def test_the_team_audit_chapter_quotes_the_guard_s_measured_figures() -> None:
    """The chapter states the guard's newest measured recall in words: measured.json's."""
    kept = json.loads((ROOT / "widgets" / "guard" / "measured.json").read_text(encoding="utf-8"))
    measured = kept["measurements"][-1]
    page = (ROOT / "chapters" / "team-audit.ipynb").read_text(encoding="utf-8")
    recall, counts = measured["recall"], measured["counts"]
    assert f"it found {round(recall['name'] * 100)}% of {counts['name']:,} names" in page
    for kind, words in (("address", "addresses"), ("school", "schools and nurseries"),
                        ("reference", "reference numbers"), ("phone", "phone numbers"),
                        ("nhs_number", "NHS numbers")):
        assert f"{round(recall[kind] * 100)}% of {words}" in page, kind
    assert f"{measured['false_alarms_per_1000_words']:.1f} false alarms per 1,000 words" in page
    assert f"on {measured['records']} fictional records" in page
