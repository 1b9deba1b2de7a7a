"""The self-check agrees with the practice leads' labels, as `python -m tools.evaluate` reports:
at least 0.90 overall and 0.80 for every criterion, on the development examples
(tests/vectors/dev-cases.jsonl) and on the held-out ones (tests/vectors/holdout-cases.jsonl,
written in note form with abbreviations, every kind of date and quotation mark, and hard
negatives). Also: the false positives that real records showed stay fixed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.evaluate import DEFAULT_DATA, HOLDOUT_DATA, agreement, read_cases
from widgets.engine import check
from widgets.packs import load_packs

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("path", "per_criterion"), [(DEFAULT_DATA, 20), (HOLDOUT_DATA, 15)], ids=["dev", "holdout"]
)
def test_agreement_with_the_labels(path, per_criterion):
    table, misses = agreement(read_cases(path))
    assert len(table) == 19
    assert all(total == per_criterion for _, total in table.values())
    low = {cid: ok / n for cid, (ok, n) in table.items() if ok / n < 0.80}
    assert not low, f"criteria below 0.80: {low}\n" + "\n".join(misses)
    overall = sum(ok for ok, _ in table.values()) / sum(n for _, n in table.values())
    assert overall >= 0.90, "\n".join(misses)


def test_the_holdout_set_is_new_text_in_the_same_format():
    dev = read_cases(DEFAULT_DATA)
    hold = read_cases(HOLDOUT_DATA)
    assert {c["framework"] for c in hold} == {"smart", "voice", "risk"}
    assert all(c["id"].startswith(f"hold-{c['framework']}-") for c in hold)
    assert not {c["text"] for c in dev} & {c["text"] for c in hold}
    labels = {c["framework"]: set(c["labels"]) for c in dev}
    assert all(set(c["labels"]) == labels[c["framework"]] for c in hold)


def _crit(text: str, framework: str, cid: str) -> dict:
    report = check(text, load_packs()[framework])
    return next(c for c in report["criteria"] if c["id"] == cid)


def test_a_family_support_worker_is_a_role_not_a_vague_verb():
    c = _crit("The family support worker will visit Mum every Monday.", "smart", "smart.specific")
    assert c["met"] and c["concerns"] == []
    assert _crit("SW will support Mum.", "smart", "smart.specific")["concerns"]


def test_look_at_a_thing_is_concrete_look_at_options_is_vague():
    assert _crit("Jo will look at the diary with Ava.", "smart", "smart.specific")["concerns"] == []
    assert _crit("SW to look at options.", "smart", "smart.specific")["concerns"]


def test_nan_will_look_after_a_child_is_a_definite_action():
    assert _crit("Nan will look after Kacey on Fridays.", "smart", "smart.specific")["met"]
    assert not _crit("Chloe to look after her mental health.", "smart", "smart.specific")["met"]


def test_a_score_out_of_ten_is_not_a_date():
    assert not _crit("Ava scales her mood at 6/10.", "smart", "smart.timebound")["met"]
    assert _crit("Mum will ring school by 16/10.", "smart", "smart.timebound")["met"]
    assert _crit("Ava scales her mood at 6/10.", "smart", "smart.measurable")["met"]


def test_the_other_parent_being_absent_is_not_the_child_seen_alone():
    c = _crit("Saw Ava (6) with Mum. Dad was not present.", "voice", "voice.seen_alone")
    assert not c["met"]
    assert _crit("Saw Ava (6); her carers were not present.", "voice", "voice.seen_alone")["met"]


def test_an_adults_quote_is_not_the_childs_words_or_wishes():
    for text in ('Mum said, \u201cI want him home.\u201d',
                 'Her foster carer Sue said, "I love having her here."'):
        assert not _crit(text, "voice", "voice.words")["met"], text
        assert not _crit(text, "voice", "voice.wishes_feelings")["met"], text
    child = 'Jo (9) said, \u201cI want to live with Nan.\u201d'
    assert _crit(child, "voice", "voice.words")["met"]
    assert _crit(child, "voice", "voice.wishes_feelings")["met"]


def test_evaluate_prints_the_per_criterion_table():
    out = subprocess.run(
        [sys.executable, "-m", "tools.evaluate", "--cases", str(HOLDOUT_DATA)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["criterion", "agree", "of", "rate"]
    assert any(line.startswith("smart.timebound") for line in lines)
    assert lines[-1].startswith("overall")
