"""Progress kept in this browser, used as a learner would: leaving a quiz half-way and coming
back to it, writing CPD notes over more than one visit, being warned before losing notes the
browser could not keep, a CPD record that names the self-checks used (and none of the text
checked), and that record printed on its own on an A4 page."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import open_page
from .test_quiz import (
    BANKS,
    PROGRESS_KEY,
    assert_progress_holds_only_ids_dates_scores,
    keeps_promises,
    question_of,
    stored_progress,
    wanted_labels,
)

pytestmark = pytest.mark.browser

REFLECTION_KEY = "ofsted-book:cpd-reflection"
A4_WIDTH_PX = 794  # 210 mm at 96 CSS px to the inch
MARKER = "Zebedee-Quillfeather-7731"


def answer(block: Any, right: bool) -> None:
    for label in wanted_labels(question_of(block), right=right):
        block.get_by_label(label, exact=True).check()
    block.get_by_role("button", name="Check answer").click()


def shown(blocks: Any) -> list[tuple[str | None, list[str], list[bool], str]]:
    """Each question as the learner sees it: id, options in order, which are ticked, feedback."""
    return [
        (
            blocks.nth(i).get_attribute("data-question-id"),
            blocks.nth(i).locator("label").all_inner_texts(),
            [c.is_checked() for c in blocks.nth(i).locator("input").all()],
            blocks.nth(i).locator(".quiz-feedback").inner_text(),
        )
        for i in range(blocks.count())
    ]


def today_words() -> str:
    d = date.today()
    return f"{d.day} {d:%B %Y}"


def test_answers_are_kept_after_a_reload_mid_quiz(page, site_url):
    bank_id = "ilacs"
    total = len(BANKS[bank_id]["questions"])
    open_page(page, site_url, f"chapters/{BANKS[bank_id]['chapter']}.html")
    blocks = page.locator(".quiz-question")
    answer(blocks.nth(0), right=True)
    answer(blocks.nth(1), right=False)
    answer(blocks.nth(2), right=True)
    before = shown(blocks)
    raw, data = stored_progress(page)
    assert_progress_holds_only_ids_dates_scores(raw, data)

    page.reload()
    open_page(page, site_url, f"chapters/{BANKS[bank_id]['chapter']}.html")
    # The same questions, options in the same order, the same ticks and feedback.
    assert shown(blocks) == before
    assert blocks.nth(0).locator("input:disabled").count() >= 2
    assert "Not quite." in blocks.nth(1).locator(".quiz-feedback").inner_text()
    assert blocks.nth(3).locator("input:checked").count() == 0
    notice = page.locator(".quiz-resume")
    assert f"You answered 3 of {total} questions" in notice.inner_text()
    assert f"Checked 3 of {total}. Right so far: 2." in page.locator(".quiz-status").inner_text()
    keeps_promises(page, site_url, "quiz back after a reload")

    # The progress page shows the quiz as partly done, with a way back to it.
    open_page(page, site_url, "chapters/progress.html")
    row = page.locator("table.quiz-table tr", has_text=BANKS[bank_id]["title"])
    assert f"3 of {total} answered" in row.inner_text()
    assert row.get_by_role("link").get_attribute("href").endswith(f"quizzes.html#quiz-{bank_id}")
    keeps_promises(page, site_url, "progress page with a quiz not finished")

    # Carry on where the learner left off, on the quizzes page this time, and finish.
    row.get_by_role("link").click()
    open_page(page, site_url, f"chapters/quizzes.html#quiz-{bank_id}")
    widget = page.locator(f'.bookwidget[data-props*=\'"bank": "{bank_id}"\']')
    blocks = widget.locator(".quiz-question")
    assert shown(blocks) == before
    widget.get_by_role("button", name="Carry on from question 4").click()
    assert blocks.nth(3).locator("input").first.evaluate("e => e === document.activeElement")
    for i in range(3, total):
        answer(blocks.nth(i), right=True)
    assert f"You got {total - 1} of {total}." in widget.locator(".quiz-summary").inner_text()
    raw, data = stored_progress(page)
    assert data["unfinished"] == {}
    assert (data["attempts"][-1]["score"], data["attempts"][-1]["outOf"]) == (total - 1, total)
    assert_progress_holds_only_ids_dates_scores(raw, data)
    # Finished: a reload starts a fresh quiz.
    page.reload()
    open_page(page, site_url, "chapters/quizzes.html")
    assert widget.locator(".quiz-feedback:not(:empty)").count() == 0
    assert widget.locator(".quiz-resume").count() == 0


def test_start_again_forgets_the_answers_kept(page, site_url):
    open_page(page, site_url, "chapters/risk.html")
    widget = page.locator('.bookwidget[data-widget="quiz"]')
    answer(widget.locator(".quiz-question").first, right=True)
    page.reload()
    open_page(page, site_url, "chapters/risk.html")
    widget.locator(".quiz-resume").get_by_role("button", name="Start again").click()
    assert widget.locator("input:checked, input:disabled").count() == 0
    assert widget.locator(".quiz-resume").count() == 0
    assert stored_progress(page)[1]["unfinished"] == {}
    page.reload()
    open_page(page, site_url, "chapters/risk.html")
    assert widget.locator("input:checked").count() == 0


def test_scores_kept_before_answers_were_kept_still_show(page, site_url):
    # A browser that kept scores in the first format (version 1: scores only).
    open_page(page, site_url, "chapters/progress.html")
    old = {"bank": "sif", "date": "2026-01-05T10:00:00.000Z", "score": 7, "outOf": 10}
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [PROGRESS_KEY, json.dumps({"version": 1, "attempts": [old]})],
    )
    page.reload()
    open_page(page, site_url, "chapters/progress.html")
    assert "7 of 10" in page.locator("table.quiz-table").first.inner_text()
    open_page(page, site_url, "chapters/risk.html")
    answer(page.locator(".quiz-question").first, right=True)
    raw, data = stored_progress(page)
    assert data["version"] == 2 and data["attempts"] == [old]
    assert list(data["unfinished"]) == ["risk"]
    assert_progress_holds_only_ids_dates_scores(raw, data)


def notes_field(page: Any) -> Any:
    return page.get_by_label("What I learned", exact=True)


def test_the_reflection_is_kept_after_a_reload_and_cleared_with_the_progress(page, site_url):
    open_page(page, site_url, "chapters/progress.html")
    notes_field(page).click()
    page.keyboard.type("Plans need a date for each action.")
    saved = page.locator(".quiz-cpd-saved")
    saved.filter(has_text="Saved in this browser").wait_for()
    keeps_promises(page, site_url, "notes saved")
    page.reload()
    open_page(page, site_url, "chapters/progress.html")
    assert notes_field(page).input_value() == "Plans need a date for each action."
    # Typed and left at once, before the pause after typing: the notes are still kept.
    page.get_by_label("How it will affect my practice").fill("I will date every action.")
    page.reload()
    open_page(page, site_url, "chapters/progress.html")
    assert page.get_by_label("How it will affect my practice").input_value() == "I will date every action."
    kept = page.evaluate(f"() => localStorage.getItem({json.dumps(REFLECTION_KEY)})")
    assert "date every action" in kept
    # Only in this browser's local storage: not in the progress record, a cookie or the session.
    elsewhere = page.evaluate(
        f"() => JSON.stringify([localStorage.getItem({json.dumps(PROGRESS_KEY)}),"
        " Object.entries(sessionStorage), document.cookie])"
    )
    assert "date every action" not in elsewhere

    page.get_by_role("button", name="Clear my progress").click()
    assert "CPD notes" in page.locator(".quiz-confirm").inner_text()
    page.get_by_role("button", name="Yes, clear my progress").click()
    assert notes_field(page).input_value() == ""
    assert page.evaluate(f"() => localStorage.getItem({json.dumps(REFLECTION_KEY)})") is None
    page.reload()
    open_page(page, site_url, "chapters/progress.html")
    assert notes_field(page).input_value() == ""
    assert page.get_by_label("How it will affect my practice").input_value() == ""


def leave_warns(page: Any) -> bool:
    """Try to close the page as a learner closing the tab; True if the browser asked first
    (the learner then chooses to stay)."""
    asked: list[str] = []

    def on_dialog(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        with page.expect_event("close", timeout=3000):
            page.close(run_before_unload=True)
    except PlaywrightTimeoutError:
        pass  # the learner chose to stay
    return asked == ["beforeunload"] and not page.is_closed()


REFUSE_STORAGE = """(() => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (String(key).startsWith("ofsted-book:")) throw new DOMException("full", "QuotaExceededError");
    return setItem.call(this, key, value);
  };
})();"""


def test_the_leave_warning_shows_only_while_notes_are_kept_nowhere(context, site_url):
    # Nothing typed: leaving is safe, no warning.
    page = context.new_page()
    open_page(page, site_url, "chapters/progress.html")
    assert not leave_warns(page), "warned with nothing typed"

    # A browser that will not keep the notes (storage full or blocked by policy): warned,
    # and told why.
    page = context.new_page()
    page.add_init_script(REFUSE_STORAGE)
    open_page(page, site_url, "chapters/progress.html")
    assert not leave_warns(page), "warned with nothing typed"
    page = context.new_page()
    page.add_init_script(REFUSE_STORAGE)
    open_page(page, site_url, "chapters/progress.html")
    notes_field(page).click()
    page.keyboard.type("Plans need dates.")
    assert leave_warns(page), "no warning before losing notes that were kept nowhere"
    status = page.locator(".quiz-cpd-saved")
    status.filter(has_text="Not saved").wait_for()
    assert "Download, copy or print" in status.inner_text()
    # Once the record is downloaded the notes are safe: no warning, until they change.
    with page.expect_download():
        page.get_by_role("button", name="Download my CPD record").click()
    notes_field(page).press("End")
    page.keyboard.type(" And owners.")
    assert leave_warns(page), "no warning for notes changed after the download"
    with page.expect_download():
        page.get_by_role("button", name="Download my CPD record").click()
    assert not leave_warns(page), "warned although the record was downloaded"

    # Notes kept in this browser: leaving is safe, no warning.
    page = context.new_page()
    open_page(page, site_url, "chapters/progress.html")
    notes_field(page).click()
    page.keyboard.type("Plans need dates.")
    page.locator(".quiz-cpd-saved", has_text="Saved in this browser").wait_for()
    assert not leave_warns(page), "warned although the notes were saved"


def test_the_cpd_record_names_the_self_checks_used_and_none_of_their_text(page, site_url):
    checked = []
    for path in ("chapters/smart-plans.html", "chapters/whole-record.html"):
        open_page(page, site_url, path)
        page.locator("[data-casecheck-input]").first.click()
        page.keyboard.type(f"{MARKER} will take Ava to nursery every Monday by 4 May.", delay=1)
        page.locator("[data-casecheck-action=check]").first.click()
        checked.append(page.locator("article h1").first.evaluate("h => h.firstChild.textContent.trim()"))
    open_page(page, site_url, "chapters/progress.html")
    used = page.locator(".quiz-selfchecks").inner_text()
    for title in checked:
        assert f"{title}: on {today_words()}." in used
    page.get_by_label("What I learned", exact=True).fill("Plans need dates.")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my CPD record").click()
    record = open(info.value.path(), encoding="utf-8", newline="").read()
    section = record.split("Self-checks I used on practice text\r\n", 1)[1].split("\r\n\r\n", 2)[1]
    for title in checked:
        assert f"* {title}: on {today_words()}." in section, section
    for prompt in (
        "Why this is relevant to my practice",
        "What I learned",
        "How it will affect my practice",
        "What I learned from discussing it with a colleague (peer reflection)",
    ):
        assert f"{prompt}\r\n" in record
    assert MARKER not in record and "nursery" not in record
    stored = page.evaluate(
        "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])"
    )
    assert MARKER not in stored and "nursery" not in stored
    raw, data = stored_progress(page)
    assert_progress_holds_only_ids_dates_scores(raw, data)
    keeps_promises(page, site_url, "progress page with self-checks used")


VISIBLE_OUTSIDE_RECORD = """() => [...document.body.querySelectorAll('*')].filter(e => {
    if (e.closest('.quiz-cpd-sheet')) return false;
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    const ownText = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    return s.visibility !== 'hidden' && r.width > 0 && r.height > 0 &&
      (ownText || ['BUTTON', 'INPUT', 'TEXTAREA', 'SELECT', 'IMG', 'SVG', 'HR'].includes(e.tagName.toUpperCase()));
  }).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40))"""

OVERFLOW = """(width) => [...document.querySelectorAll('.quiz-cpd-sheet, .quiz-cpd-sheet *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.right > width + 0.5 || r.left < -0.5 || e.scrollWidth > e.clientWidth + 1;
  }).map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40))"""


def test_the_cpd_record_prints_on_its_own_on_an_a4_page(page, site_url):
    open_page(page, site_url, "chapters/ilacs.html")
    answer(page.locator(".quiz-question").first, right=True)
    open_page(page, site_url, "chapters/progress.html")
    long_address = "https://example.org/" + "a-very-long-address-with-no-spaces-" * 6
    page.get_by_label("What I learned", exact=True).fill("Plans need dates.\nAnd owners.")
    page.get_by_label("How it will affect my practice").fill(f"I will read {long_address} again.")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    print_button = page.get_by_role("button", name="Print my CPD record")
    # Beside the other two ways to keep the record.
    assert page.locator(".quiz-actions").last.get_by_role("button").all_inner_texts() == [
        "Download my CPD record",
        "Copy my CPD record",
        "Print my CPD record",
    ]
    print_button.click()
    assert page.evaluate("() => window.printed") == 1

    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    page.emulate_media(media="print")
    sheet = page.locator(".quiz-cpd-sheet")
    assert sheet.is_visible()
    text = sheet.inner_text()
    assert "Plans need dates.\nAnd owners." in text and long_address in text
    assert BANKS["ilacs"]["title"] in text and "not finished; 1 of" in text
    # Only the record: no header, sidebar, navigation, page text or button.
    outside = page.evaluate(VISIBLE_OUTSIDE_RECORD)
    assert outside == [], f"printed beside the record: {outside[:10]}"
    assert page.locator("h1:visible, nav:visible, button:visible, textarea:visible").count() == 0
    # Nothing wider than A4, nothing cut off.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= A4_WIDTH_PX
    overflow = page.evaluate(OVERFLOW, A4_WIDTH_PX)
    assert overflow == [], f"wider than A4 or cut off: {overflow}"
    # Black on white, body text at 11 to 12 points (14.7 to 16 CSS px).
    styles = page.evaluate(
        """() => [...document.querySelectorAll('.quiz-cpd-sheet, .quiz-cpd-sheet *')].map(e => {
            const s = getComputedStyle(e);
            return [e.tagName, s.color, s.backgroundColor, parseFloat(s.fontSize)]; })"""
    )
    assert {c for _, c, _, _ in styles} == {"rgb(0, 0, 0)"}
    assert {b for _, _, b, _ in styles} <= {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}
    body = {round(size, 1) for tag, _, _, size in styles if tag in ("P", "LI")}
    assert body and all(14.6 <= size <= 16.0 for size in body), body
    # The page is set up as A4 with margins.
    rules = page.evaluate(
        """() => [...document.styleSheets].flatMap(s => { try { return [...s.cssRules]; } catch { return []; } })
              .filter(r => r instanceof CSSPageRule).map(r => r.cssText)"""
    )
    assert any(re.search(r"size:\s*a4", r, re.I) and "margin" in r for r in rules), rules
    keeps_promises(page, site_url, "print view of the CPD record")
