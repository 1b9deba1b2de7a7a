"""What a worker sees after a check, on the static pages: every criterion at a glance, the
detail folded beneath, the criteria not found named in the announcement, weakening words
marked in the text in a way that does not rely on colour, no evidence beside "Not found",
a plan judged as a whole, and a whole record checked section by section."""

from __future__ import annotations

from typing import Any

import pytest

from widgets.checker import check, framework_reports
from widgets.packs import load_packs

from .axe import describe, run_axe
from .conftest import open_page
from .site import pages_with

pytestmark = pytest.mark.browser

CHECKER_PAGES = pages_with('data-widget="casecheck"')


def _page_for(framework: str) -> str:
    for path in CHECKER_PAGES:
        if f'&quot;framework&quot;: &quot;{framework}&quot;' in (_html(path)):
            return path
    pytest.fail(f"no built page has a {framework} checker")


def _html(path: str) -> str:
    from .site import SITE

    return (SITE / path).read_text(encoding="utf-8")


def _enter(page: Any, sel: str, text: str) -> None:
    page.locator(f"{sel} [data-casecheck-input]").fill(text)
    page.locator(f'{sel} [data-casecheck-action="check"]').click()
    page.wait_for_selector(f"{sel} [data-glance]")


def _checked(page: Any, site_url: str, framework: str, text: str) -> str:
    """Open the page with this framework's checker, check `text`; the checker's selector."""
    open_page(page, site_url, _page_for(framework))
    sel = f'[data-casecheck="{framework}"]'
    _enter(page, sel, text)
    return sel


PLAN = ("Ava (6) to get to school on time, so she is not tired and can learn.\n"
        "- Mum will walk Ava to school every school day until the review on 20 June.\n"
        "- FSW to monitor attendance.")


def test_a_row_of_ticks_and_crosses_tops_the_results(page: Any, site_url: str) -> None:
    sel = _checked(page, site_url, "smart", PLAN)
    glance = page.eval_on_selector_all(f"{sel} [data-glance]",
                                       "els => els.map(e => [e.dataset.glance, e.dataset.met])")
    expected = {c["id"]: c["met"] for c in check("smart", PLAN, load_packs())["criteria"]}
    assert dict(glance) == {k: str(v).lower() for k, v in expected.items()}
    # The row comes before the detail, which is folded until opened.
    details = page.locator(f"{sel} [data-casecheck-details]").first
    assert details.get_attribute("open") is None
    assert not page.locator(f"{sel} [data-criterion]").first.is_visible()
    details.locator("summary").click()
    assert page.locator(f"{sel} [data-criterion]").first.is_visible()
    violations = run_axe(page, sel)
    assert not violations, describe(violations)


def test_the_announcement_names_what_was_not_found(page: Any, site_url: str) -> None:
    sel = _checked(page, site_url, "smart", PLAN)
    report = check("smart", PLAN, load_packs())
    missing = [c["title"] for c in report["criteria"] if not c["met"]]
    assert missing, "the example should miss something"
    status = page.locator(f"{sel} [data-casecheck-status]").inner_text()
    assert "Not found: " + ", ".join(missing) in status


def test_a_plan_is_judged_as_a_whole(page: Any, site_url: str) -> None:
    sel = _checked(page, site_url, "smart", PLAN)
    # The outcome line gives the why, and the date in one item counts for the plan.
    for cid in ("smart.relevant", "smart.timebound"):
        assert page.get_attribute(f'{sel} [data-glance="{cid}"]', "data-met") == "true", cid
    # Items are advice: the monitoring line lacks a date, and the page says so as advice.
    items = page.locator(f"{sel} [data-casecheck-item]")
    assert items.count() == 2
    assert "as advice" in (page.locator(f"{sel} [data-casecheck-items] h5").text_content() or "")


def test_weak_wording_is_marked_apart_from_evidence_without_colour(page: Any, site_url: str) -> None:
    sel = _checked(page, site_url, "smart", PLAN)
    weak = page.eval_on_selector_all(f"{sel} [data-casecheck-highlight] .casecheck-weak",
                                     "els => els.map(e => e.textContent)")
    assert "monitor" in " ".join(weak) and "FSW" in " ".join(weak)
    styles = page.evaluate("""(sel) => {
      const box = document.querySelector(sel + ' [data-casecheck-highlight]');
      const s = (el) => getComputedStyle(el);
      const weak = box.querySelector('.casecheck-weak'), mark = box.querySelector('mark');
      return {weak: s(weak).textDecorationStyle + ' ' + s(weak).textDecorationLine,
              mark: s(mark).borderBottomStyle};
    }""", sel)
    assert styles["weak"] == "wavy underline" and styles["mark"] == "solid"
    legend = page.locator(f"{sel} .casecheck-legend").inner_text()
    assert "solid underline" in legend and "wavy underline" in legend


def test_not_found_never_sits_beside_evidence(page: Any, site_url: str) -> None:
    open_page(page, site_url, _page_for("risk"))
    sel = '[data-casecheck="risk"]'
    for text in ("Concerns remain. Dad was seen at the house.",
                 "The worry is for Lacey being harmed again by Mum's partner. School share "
                 "that she is withdrawn. Risk is high."):
        _enter(page, sel, text)
        bad = page.locator(f'{sel} [data-criterion][data-met="false"] .casecheck-evidence').count()
        assert bad == 0


def test_a_learned_finding_shows_the_words_that_weighed_most(page: Any, site_url: str) -> None:
    # A record where the scorer, not a fixed rule, finds a criterion (from the shared vectors).
    packs = load_packs()
    text, cid = _scorer_example(packs)
    framework = cid.split(".")[0]
    sel = _checked(page, site_url, framework, text)
    item = page.locator(f'{sel} [data-criterion="{cid}"]')
    assert item.get_attribute("data-met") == "true"
    assert "Words that weighed most" in (item.text_content() or "")
    assert item.locator(".casecheck-evidence mark").count() > 0


def _scorer_example(packs: dict[str, Any]) -> tuple[str, str]:
    from tests.vectors.generate import load_vectors

    for v in load_vectors():
        if "text" not in v or v["framework"] not in ("smart", "voice", "risk"):
            continue
        report = check(v["framework"], v["text"], packs)
        for c in report["criteria"]:
            if c.get("evidence_from") == "scorer":
                return v["text"], c["id"]
    pytest.fail("no vector where the scorer alone finds a criterion")


RECORD = ('Visit: Saw Ava (6) alone in her room. She said "I like my new bed".\n\n'
          "Plan:\n- Mum will walk Ava to school every day by 8.45am so she has breakfast.\n\n"
          "Risk: The worry is Ava being hit when Dad drinks. Risk is medium.")


def test_a_whole_record_is_checked_section_by_section(page: Any, site_url: str) -> None:
    sel = _checked(page, site_url, "all", RECORD)
    frameworks = page.eval_on_selector_all(f"{sel} [data-framework]",
                                           "els => els.map(e => e.dataset.framework)")
    assert frameworks == ["voice", "smart", "risk"]
    titles = page.eval_on_selector_all(f"{sel} .casecheck-framework-title",
                                       "els => els.map(e => e.textContent)")
    assert "\u201cVisit\u201d section" in titles[0] and "\u201cPlan\u201d section" in titles[1]
    python = [r["framework"] for r in framework_reports(check("all", RECORD, load_packs()))]
    assert python == frameworks
