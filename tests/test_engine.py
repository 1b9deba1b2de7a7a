"""The Python engine: the rules in widgets/engine.py's docstring, on small packs and texts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from widgets.engine import check, check_all, check_record, normalise, split_items
from widgets.packs import load_pack, load_packs

PACKS = load_packs()


def tiny_pack(tmp_path: Path, criteria_yaml: str, split: bool = False) -> dict:
    """A one-framework pack written as a practice lead would write it."""
    path = tmp_path / "demo.yml"
    path.write_text(
        "framework: demo\ntitle: Demo\norder: 1\nkind: plan item\nkind_plural: plan items\n"
        "display: {short_name: demo, heading: H, label: L, intro: I, empty: E, loading: W}\n"
        f"split_items: {'true' if split else 'false'}\ncriteria:\n"
        + textwrap.indent(textwrap.dedent(criteria_yaml), "  "),
        encoding="utf-8",
    )
    return load_pack(path)


TEXTS = """\
  title: T
  short_title: S
  meaning: M
  question: Q?
  met_message: Found.
  not_met: {prompt: Not found., better_wording: Better.}
"""


def crit(cid: str, body: str) -> str:
    return f"- id: demo.{cid}\n" + TEXTS + textwrap.indent(textwrap.dedent(body), "  ")


def result(report: dict, cid: str) -> dict:
    return next(c for c in report["criteria"] if c["id"] == f"demo.{cid}")


def test_normalise_unifies_line_breaks_and_composes_accents():
    assert normalise("a\r\nb\rc\u2028d\u2029e") == "a\nb\nc\nd\ne"
    assert normalise("Rene\u0301e") == "Ren\u00e9e"


def test_report_shape_and_prompt_follow_met(tmp_path):
    pack = tiny_pack(tmp_path, crit("a", "signals: [{name: g, patterns: ['\\bwill\\b']}]"))
    met = check("Mum will go.", pack)
    assert set(met) == {"framework", "title", "empty", "summary", "criteria", "items"}
    c = result(met, "a")
    assert (c["met"], c["prompt"], c["better_wording"], c["question"]) == (True, "Found.", None, "Q?")
    c = result(check("Mum went.", pack), "a")
    assert (c["met"], c["prompt"], c["better_wording"]) == (False, "Not found.", "Better.")


@pytest.mark.parametrize("text", ["", "   ", "\n\t\u00a0\r\n"])
def test_empty_text_meets_nothing_even_a_veto_criterion(text):
    report = check(text, PACKS["smart"])
    assert report["empty"] is True
    assert report["summary"] == {"met": 0, "total": 6}
    assert all(c["evidence"] == [] for c in report["criteria"])


def test_evidence_is_ordered_without_overlaps_or_duplicates(tmp_path):
    pack = tiny_pack(
        tmp_path,
        crit("a", """\
            signals:
              - {name: long, patterns: ['\\bcare plan\\b']}
              - {name: short, patterns: ['\\bcare\\b', '\\bplan\\b']}
            """),
    )
    text = "Plan first. The care plan, then the plan, the plan and the CARE."
    c = result(check(text, pack), "a")
    # Matches keep the text's own case, in order of position; duplicates go.
    assert c["evidence"] == ["Plan", "care plan", "plan", "CARE"]
    assert [text[s:e] for s, e in c["spans"]] == ["Plan", "care plan", "plan", "plan", "CARE"]


def test_across_case_modes_the_longer_match_at_a_position_wins(tmp_path):
    pack = tiny_pack(
        tmp_path,
        crit("a", """\
            signals:
              - {name: g, patterns: ['\\bcare\\b', {pattern: 'care plan\\b', case_sensitive: true}]}
            """),
    )
    assert result(check("the care plan", pack), "a")["evidence"] == ["care plan"]


def test_first_pattern_wins_at_a_position(tmp_path):
    pack = tiny_pack(tmp_path, crit("a", "signals: [{name: g, patterns: ['\\bso\\b', '\\bso that\\b']}]"))
    assert result(check("so that", pack), "a")["evidence"] == ["so"]


def test_match_all_needs_every_group(tmp_path):
    pack = tiny_pack(
        tmp_path,
        crit("a", """\
            match: all
            signals:
              - {name: who, patterns: ['\\bmum\\b']}
              - {name: when, patterns: ['\\bmonday\\b']}
            """),
    )
    assert result(check("Mum on Monday", pack), "a")["met"] is True
    assert result(check("Mum on Tuesday", pack), "a")["met"] is False


def decision_and_reason_pack(tmp_path: Path, split: bool = False) -> dict:
    """A decision, and a reason that requires it."""
    return tiny_pack(
        tmp_path,
        crit("decision", "signals: [{name: d, patterns: ['\\bdecision:']}]\n")
        + crit("reason", """\
            requires: [demo.decision]
            signals: [{name: r, patterns: ['\\bbecause\\b']}]
            """),
        split=split,
    )


def test_a_criterion_that_requires_another_is_met_only_with_it(tmp_path):
    pack = decision_and_reason_pack(tmp_path)
    both = check("Decision: close, because the work is done.", pack)
    assert result(both, "reason")["met"] is True
    alone = result(check("It went well because Mum kept to the plan.", pack), "reason")
    # The reason's words stay visible as partial evidence, with the not-met prompt.
    assert alone["met"] is False and alone["partial"] == ["because"]
    assert alone["evidence"] == [] and alone["prompt"] == "Not found."
    # The rules alone, unsettled, are what the learned scorer sees as features.
    unsettled = check("It went well because Mum kept to the plan.", pack, settle=False)
    assert result(unsettled, "reason")["met"] is True


def test_each_item_of_a_split_text_keeps_the_requires_rule(tmp_path):
    pack = decision_and_reason_pack(tmp_path, split=True)
    report = check("- Decision: close, because it is done.\n- Went well because Mum kept to it.", pack)
    assert result(report, "reason")["met"] is True  # the whole text has both
    first, second = ([c["met"] for c in item["criteria"]] for item in report["items"])
    assert first == [True, True] and second == [False, False]


def test_case_sensitive_patterns_only_match_their_case(tmp_path):
    pack = tiny_pack(
        tmp_path, crit("a", "signals: [{name: g, patterns: [{pattern: '\\bCP\\b', case_sensitive: true}]}]")
    )
    assert result(check("the CP plan", pack), "a")["met"] is True
    assert result(check("a cp plan", pack), "a")["met"] is False


def test_counter_signals_note_or_veto(tmp_path):
    body = """\
        signals: [{name: g, patterns: ['\\bwill\\b']}]
        counter_effect: EFFECT
        counter_signals:
          - name: vague
            advice: say what
            patterns: ['\\bsupport\\b', {pattern: '\\bmonitor\\b', alternative: 'say "check"'}]
        """
    note = tiny_pack(tmp_path, crit("a", body.replace("EFFECT", "note")))
    c = result(check("SW will support and monitor.", note), "a")
    assert c["met"] is True
    assert c["concerns"] == ['"support" (vague): say what', '"monitor" (vague): say "check"']
    veto = tiny_pack(tmp_path, crit("a", body.replace("EFFECT", "veto")))
    assert result(check("SW will support.", veto), "a")["met"] is False
    assert result(check("SW will go.", veto), "a")["met"] is True


def test_acronyms_are_fine_once_explained_either_way():
    smart = PACKS["smart"]

    def plain(text):
        return result_of(check(text, smart), "smart.plain_language")

    assert plain("The CIN plan will be checked.")["met"] is False
    assert plain("The child in need (CIN) plan. Later the CIN plan again.")["met"] is True
    assert plain("Mum will go to IAPT (NHS talking therapies) on Fridays.")["met"] is True
    assert plain("Mum will see her GP on Friday.")["met"] is True
    concerns = plain("The CIN plan will be checked.")["concerns"]
    assert concerns == ['"CIN" (acronym): say "child in need"']


def result_of(report: dict, cid: str) -> dict:
    return next(c for c in report["criteria"] if c["id"] == cid)


def test_a_sentence_over_the_limit_vetoes_plain_language():
    words = " ".join(["word"] * 31)
    c = result_of(check(f"Mum will read. {words}.", PACKS["smart"]), "smart.plain_language")
    assert c["met"] is False
    assert c["concerns"] == [
        'Sentence of 31 words (aim for 30 or fewer): "word word word word word word word word\u2026"'
    ]
    # "7.30pm" and "e.g." inside a sentence do not end it; 30 words is fine.
    thirty = " ".join(["word"] * 27)
    assert result_of(check(f"Bed by 7.30pm {thirty}.", PACKS["smart"]), "smart.plain_language")[
        "met"
    ]


def test_split_items_reads_bullets_numbers_letters_and_lines():
    text = "- one\n* two\n\u2022 three\n1. four\n2) five\na) six\n   still six\n\nseven"
    # "seven" follows a blank line and has no bullet: in a bulleted list it is a note, not an item.
    assert split_items(text) == ["one", "two", "three", "four", "five", "six\n   still six"]
    assert split_items("first line\r\nsecond line") == ["first line", "second line"]
    assert split_items(" \n\t") == []


def test_a_heading_over_bullets_is_not_an_item():
    text = (
        "Outcome: Dylan (13) feels safe walking to school.\n"
        "1) Dad will walk Dylan to the school gate every morning until Christmas.\n"
        "2) Ms Doyle will meet Dylan every Friday until the end of term."
    )
    assert split_items(text) == [
        "Dad will walk Dylan to the school gate every morning until Christmas.",
        "Ms Doyle will meet Dylan every Friday until the end of term.",
    ]
    report = check(text, PACKS["smart"])
    # Without the rule the heading was an item with no action, no doer and no date.
    for cid in ("smart.specific", "smart.responsible", "smart.timebound"):
        assert result_of(report, cid)["met"], cid
    # Without bullets, every line is still an item.
    assert split_items("Goal: Ava is safe.\nMum will lock the door.") == [
        "Goal: Ava is safe.", "Mum will lock the door."
    ]


def test_a_plan_is_judged_as_a_whole_and_items_are_advice():
    report = check(
        "- Mum will take Ava to the dentist by 3 June.\n- Progress to be monitored.", PACKS["smart"]
    )
    assert [i["text"] for i in report["items"]] == [
        "Mum will take Ava to the dentist by 3 June.",
        "Progress to be monitored.",
    ]
    # A date anywhere in the plan counts for the plan (criteria.md); the item without one
    # is reported as advice, never as the reason the whole fails.
    timebound = result_of(report, "smart.timebound")
    assert timebound["met"] is True
    assert timebound["evidence"] == ["3 June"]
    assert result_of(report["items"][0], "smart.timebound")["met"] is True
    assert result_of(report["items"][1], "smart.timebound")["met"] is False
    assert report["summary"]["met"] == sum(c["met"] for c in report["criteria"])
    # Spans of the whole point into the whole text.
    text = normalise("- Mum will take Ava to the dentist by 3 June.\n- Progress to be monitored.")
    assert [text[s:e] for s, e in timebound["spans"]] == ["3 June"]


def test_one_item_gives_no_items_and_other_packs_never_split():
    assert check("Mum will take Ava to the dentist by 3 June.", PACKS["smart"])["items"] == []
    assert check("- Seen alone.\n- Mum said hello.", PACKS["voice"])["items"] == []


def test_composed_and_decomposed_accents_give_the_same_report():
    composed = check("Ren\u00e9e (9) was seen alone. Ren\u00e9e said, \u201cI like school.\u201d", PACKS["voice"])
    decomposed = check("Rene\u0301e (9) was seen alone. Rene\u0301e said, \u201cI like school.\u201d", PACKS["voice"])
    assert composed == decomposed
    assert result_of(composed, "voice.words")["evidence"] == [
        "Ren\u00e9e said, \u201cI like school.\u201d"
    ]


def test_quotes_in_every_style_count_and_apostrophes_do_not_open_them():
    voice = PACKS["voice"]
    for quote in ("\u201cI hate it\u201d", "\u2018I hate it\u2019", '"I hate it"', "'I hate it'"):
        assert result_of(check(f"Kai (9) said, {quote}.", voice), "voice.words")["met"], quote
    assert not result_of(check("Kai's mum's view isn't clear.", voice), "voice.words")["met"]
    # An adult's quote is not the child's words.
    assert not result_of(check("Mum said, 'He is fine.'", voice), "voice.words")["met"]


def test_an_outcome_line_gives_the_why_for_the_actions_beneath_it():
    plan = ("Ava (6) to get to school on time so she can have breakfast club and settle.\n"
            "- Mum will walk Ava to school every day by 8.45am.\n- Nan will do Fridays.")
    assert result_of(check(plan, PACKS["smart"]), "smart.relevant")["met"]


def test_a_criterion_not_found_shows_no_evidence_only_partial():
    for framework, text in (("smart", "SW to monitor CIN plan."), ("voice", "Visited. Mum fine."),
                            ("risk", "Concerns remain. Dad was seen.")):
        for c in check(text, PACKS[framework])["criteria"]:
            if not c["met"]:
                assert c["evidence"] == [] and c["spans"] == [], c["id"]


def test_a_whole_record_is_checked_section_by_section():
    text = ('Visit: Saw Ava (6) alone. She said "I like my bed".\n\nPlan:\n- Mum will walk Ava '
            "to school every day.\n\nRisk analysis: The worry is Ava being hit when Dad drinks.")
    reports = check_record(text, PACKS)
    assert [(r["framework"], r["section"]) for r in reports] == [
        ("voice", "Visit"), ("smart", "Plan"), ("risk", "Risk analysis")]
    specific = result_of(reports[1], "smart.specific")
    assert [text[s:e] for s, e in specific["spans"]] == ["will walk"]
    # Lines of the plan are not read as a visit: the voice section ends where the plan starts.
    assert "Mum will walk" not in reports[0]["criteria"][0]["evidence"]
    assert [r["section"] for r in check_record("Mum will call school.", PACKS)] == [None] * len(PACKS)


def test_check_all_checks_every_pack():
    reports = check_all("Mum will call school.", PACKS)
    assert list(reports) == list(PACKS)
    assert all(r["framework"] == name for name, r in reports.items())
