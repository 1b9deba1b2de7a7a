"""The criteria packs: the criteria the design defines, and clear messages for broken packs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from widgets.packs import PACK_DIR, SCHEMA_PATH, PackError, load_pack, load_packs
from widgets.patterns import PatternError, check_pattern

# The design's own list of criteria (../shared/design/criteria.md): its tables give each id.
CRITERIA_MD = Path(__file__).resolve().parents[2] / "shared" / "design" / "criteria.md"


def design_ids() -> dict[str, list[str]]:
    """{framework: [criterion id, ...]} in the order criteria.md's tables list them."""
    out: dict[str, list[str]] = {}
    for cid in re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", CRITERIA_MD.read_text("utf-8"), re.M):
        out.setdefault(cid.split(".")[0], []).append(cid)
    return out


def test_the_packs_hold_exactly_the_criteria_the_design_defines():
    packs = load_packs()
    assert {fw: [c["id"] for c in p["criteria"]] for fw, p in packs.items()} == design_ids()
    assert [p["order"] for p in packs.values()] == sorted(p["order"] for p in packs.values())


def test_every_criterion_has_its_texts_and_patterns_in_json_form():
    for pack in load_packs().values():
        for c in pack["criteria"]:
            for key in ("title", "meaning", "question", "met_message", "prompt", "better_wording"):
                assert isinstance(c[key], str) and c[key], (c["id"], key)
            groups = c["signals"] + c["counter_signals"]
            assert groups, c["id"]
            for group in groups:
                assert group["name"]
                for p in group["patterns"]:
                    assert set(p) >= {"pattern", "case_sensitive"}
                    assert "{{" not in p["pattern"], "vocabulary left unexpanded"
    # The browser receives the packs as JSON: they must survive the round trip unchanged.
    packs = load_packs()
    assert json.loads(json.dumps(packs)) == packs


def test_plain_language_is_a_veto_with_a_sentence_limit_and_explainable_acronyms():
    smart = {c["id"]: c for c in load_packs()["smart"]["criteria"]}
    plain = smart["smart.plain_language"]
    assert plain["counter_effect"] == "veto"
    assert plain["max_sentence_words"] == 30
    assert any(g["explainable"] for g in plain["counter_signals"])
    jargon = [p for g in plain["counter_signals"] for p in g["patterns"] if p.get("alternative")]
    assert len(jargon) >= 20, "jargon and acronyms each come with a plain-English alternative"


def test_schema_is_valid_and_accepts_the_shipped_packs():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in PACK_DIR.glob("*.yml"):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_pack_files_are_ascii():
    # Why ASCII: see widgets/criteria/README.md (case folding differs between the engines).
    for path in PACK_DIR.glob("*.yml"):
        path.read_bytes().decode("ascii")


# --- broken packs -----------------------------------------------------------------------


def broken(tmp_path: Path, edit) -> str:
    """Load a copy of smart.yml after `edit(data)`; return the error message."""
    data = yaml.safe_load((PACK_DIR / "smart.yml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "smart.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path)
    return str(info.value)


def crit(data, cid):
    return next(c for c in data["criteria"] if c["id"] == cid)


def test_a_bad_pattern_names_file_criterion_and_field(tmp_path):
    def edit(data):
        crit(data, "smart.timebound")["signals"][1]["patterns"][0] = "(by|before"

    message = broken(tmp_path, edit)
    assert message == (
        f"{tmp_path / 'smart.yml'}: criterion 'smart.timebound': "
        "field 'signals[1].patterns[0]': unbalanced parenthesis"
    )


def test_the_shipped_packs_are_named_as_a_maintainer_types_them():
    from widgets.packs import _shown

    assert _shown(PACK_DIR / "smart.yml") == "widgets/criteria/smart.yml"


def test_a_missing_field_is_named(tmp_path):
    def edit(data):
        del crit(data, "smart.measurable")["not_met"]["better_wording"]

    assert broken(tmp_path, edit).endswith(
        "criterion 'smart.measurable': field 'not_met.better_wording': missing (required)"
    )


def test_a_wrongly_typed_field_is_named(tmp_path):
    def edit(data):
        crit(data, "smart.specific")["match"] = "most"

    message = broken(tmp_path, edit)
    assert "criterion 'smart.specific': field 'match':" in message


def test_a_pack_level_field_is_named(tmp_path):
    def edit(data):
        data["display"]["heading"] = ""

    assert re.search(r"smart\.yml: field 'display\.heading': ", broken(tmp_path, edit))


def test_unknown_vocabulary_duplicate_ids_and_wrong_prefix_are_caught(tmp_path):
    def unknown(data):
        crit(data, "smart.relevant")["signals"][0]["patterns"][0] = "{{nonsense}} so"

    def duplicate(data):
        crit(data, "smart.relevant")["id"] = "smart.specific"

    def prefix(data):
        crit(data, "smart.relevant")["id"] = "voice.relevant"

    assert "unknown vocabulary '{{nonsense}}'" in broken(tmp_path, unknown)
    assert "field 'id': duplicate id" in broken(tmp_path, duplicate)
    assert "field 'id': must start with 'smart.'" in broken(tmp_path, prefix)


def test_a_requirement_must_be_a_criterion_listed_above(tmp_path):
    def later(data):
        crit(data, "smart.specific")["requires"] = ["smart.timebound"]

    assert broken(tmp_path, later).endswith(
        "criterion 'smart.specific': field 'requires[0]': "
        "'smart.timebound' is not a criterion listed above this one"
    )


def test_invalid_yaml_gives_the_line(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("framework: smart\ncriteria: [\n  - x: 'unclosed\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"bad.yml: not valid YAML \(line \d+\)"):
        load_pack(path)


# --- the portable, safe subset of regular expressions ------------------------------------

REJECTED = {
    "(a|b": "unbalanced parenthesis",
    "a|b)": "unbalanced parenthesis",
    "(?P<x>a)": "named groups",
    "(?<x>a)": "named groups",
    "(?i)cin": "inline flags",
    "\\Acin": "not portable",
    "cin\\Z": "not portable",
    "cin$": "anchor",
    "^cin": "anchor",
    "(?>ab)": "atomic",
    "a{1,3}+": "possessive",
    "(?<=ab|c)d": "look-behind requires fixed-width",
    "(a{1,3}){1,5}": "nested quantifier",
    "(?:a|ab){1,9}": "repeated group with alternatives",
    "a+": "unbounded repeat",
    "a*b": "unbounded repeat",
    "a{2,}": "unbounded repeat",
    "z\u00f6e": "non-ASCII",
    "\\u00e9t\\u00e9": "case-insensitive pattern",
    "a\\sb": "\\s means different spaces",
    "a?": "can match empty text",
    "(?:x)?\\b": "can match empty text",
    "\\1": "backreferences",
    "\\-": "not portable",
    "a{": "bounded repeat",
    "[]a]": "class starting with ']'",
    "[a[b]": "'[' inside a class",
}


@pytest.mark.parametrize("pattern,reason", REJECTED.items())
def test_unportable_or_unsafe_patterns_are_rejected(pattern, reason):
    with pytest.raises(PatternError, match=re.escape(reason)):
        check_pattern(pattern)


@pytest.mark.parametrize(
    "pattern,case_sensitive",
    [
        ("\\bso that\\b", False),
        ("(?<!not )seen\\b", False),
        ("[\\u2018'][a-z]{1,30}[\\u2019']", False),
        ("[A-Z\\u00c0-\\u00de][a-z]{1,20}", True),
        ("\\b(?:CIN|CP)\\b", True),
        ("(?:very )?(?:high|low) risk", False),
        ("\\b[0-9]{1,2}[/.-][0-9]{1,2}\\b", False),
    ],
)
def test_portable_patterns_are_accepted(pattern, case_sensitive):
    check_pattern(pattern, case_sensitive)


def test_every_criterion_has_a_short_title_for_charts():
    """The team audit's charts put every pack's criteria side by side, weakest first: each
    needs a label that is short, clear on its own and not shared with another criterion."""
    packs = load_packs()
    shorts = [c.get("short_title") for p in packs.values() for c in p["criteria"]]
    assert all(isinstance(s, str) and s.strip() for s in shorts), shorts
    assert len(set(shorts)) == len(shorts), "two criteria share a short title"
    for pack in packs.values():
        for c in pack["criteria"]:
            assert len(c["short_title"]) <= 26, c["id"]
            assert len(c["short_title"]) < len(f"{pack['title']}: {c['title']}"), c["id"]


def test_a_missing_or_shared_short_title_is_named(tmp_path):
    def missing(data):
        del crit(data, "smart.measurable")["short_title"]

    assert broken(tmp_path, missing).endswith(
        "criterion 'smart.measurable': field 'short_title': missing (required)"
    )
    folder = tmp_path / "packs"
    folder.mkdir()
    for name in ("smart", "voice"):
        data = yaml.safe_load((PACK_DIR / f"{name}.yml").read_text(encoding="utf-8"))
        if name == "voice":
            crit(data, "voice.words")["short_title"] = "Plan: specific"
        (folder / f"{name}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_packs(folder)
    assert str(info.value).endswith(
        "criterion 'voice.words': field 'short_title': 'Plan: specific' is already the short "
        "title of 'smart.specific'"
    )
