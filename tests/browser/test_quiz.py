"""The quiz widget on the built site, used as a social worker or a team manager would:
answering with the keyboard only, printing handouts, keeping scores and downloading a CPD
record (presenting to a team: test_presenter.py). In every state: axe finds nothing, nothing
is requested from another origin, and the console shows no error."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from widgets.quizbank import load_banks

from .axe import describe, run_axe
from .conftest import open_page, other_origins

pytestmark = pytest.mark.browser

BANKS = load_banks()
PROGRESS_KEY = "ofsted-book:progress"
# What the book's theme keeps for its own colour mode (not ours, and no one's data).
THEME_KEYS = ("theme", "mode")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$")


def keeps_promises(page: Any, site_url: str, state: str) -> None:
    elsewhere = other_origins(page.request_log, site_url)
    assert not elsewhere, f"{state}: requests to other origins: {elsewhere}"
    violations = run_axe(page)
    assert not violations, f"{state}: axe found\n{describe(violations)}"
    assert not page.console_errors, f"{state}: console errors: {page.console_errors}"


def quiz_widget(page: Any, bank_id: str) -> Any:
    return page.locator(f'.bookwidget[data-props*=\'"bank": "{bank_id}"\']')


def question_of(block: Any) -> dict[str, Any]:
    qid = block.get_attribute("data-question-id")
    return next(q for b in BANKS.values() for q in b["questions"] if q["id"] == qid)


def wanted_labels(question: dict[str, Any], right: bool) -> set[str]:
    """Label texts to tick: the right answer, or one wrong option."""
    if question["type"] == "truefalse":
        return {"True" if question["answer"] == right else "False"}
    options = question["options"]
    if right:
        return {o["text"] for o in options if o["correct"]}
    return {next(o["text"] for o in options if not o["correct"])}


def answer_by_keyboard(page: Any, block: Any, right: bool) -> None:
    """Focus is just before the question. Tab in, choose with arrows or Space, check with Enter."""
    question = question_of(block)
    labels = block.locator("label").all_inner_texts()
    want = wanted_labels(question, right)
    page.keyboard.press("Tab")
    if question["type"] == "multiple":
        for i, label in enumerate(labels):
            if label in want:
                page.keyboard.press("Space")
            if i < len(labels) - 1:
                page.keyboard.press("Tab")
    else:
        # Tab lands on the first radio; each ArrowDown moves to the next one and selects it.
        target = labels.index(next(iter(want)))
        if target == 0:
            page.keyboard.press("Space")
        for _ in range(target):
            page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "Check answer", f"Tab did not reach the Check button but {focused!r}"
    # Visible focus: a solid outline of at least 2px on the focused button.
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] == "solid" and outline[1] >= 2, outline
    page.keyboard.press("Enter")


def stored_progress(page: Any) -> Any:
    raw = page.evaluate(f"() => localStorage.getItem({json.dumps(PROGRESS_KEY)})")
    return raw, json.loads(raw) if raw else None


def assert_progress_holds_only_ids_dates_scores(raw: str, data: Any) -> None:
    """Scores; answers to quizzes not finished as question ids and option numbers; and the
    titles of the chapters whose self-check was used, with the day."""
    assert set(data) == {"version", "attempts", "unfinished", "selfChecks"}
    for attempt in data["attempts"]:
        assert set(attempt) == {"bank", "date", "score", "outOf"}, attempt
        assert attempt["bank"] in BANKS
        assert ISO.match(attempt["date"]), attempt["date"]
        assert isinstance(attempt["score"], int) and isinstance(attempt["outOf"], int)
    question_ids = {q["id"] for b in BANKS.values() for q in b["questions"]}
    for bank_id, run in data["unfinished"].items():
        assert bank_id in BANKS and set(run) == {"seed", "outOf", "date", "answers"}, run
        assert ISO.match(run["date"]), run["date"]
        for question_id, chosen in run["answers"].items():
            assert question_id in question_ids
            assert isinstance(chosen, bool) or all(isinstance(i, int) for i in chosen), chosen
    for used in data["selfChecks"]:
        assert set(used) == {"chapter", "day"} and re.fullmatch(r"\d{4}-\d{2}-\d{2}", used["day"])
    # No question, option or explanation text found its way in.
    for bank in BANKS.values():
        for q in bank["questions"]:
            texts = [q["question"], q["explanation"]] + [o["text"] for o in q["options"] or []]
            for text in texts:
                assert text not in raw


def test_a_quiz_answered_with_the_keyboard_only(page, site_url):
    bank_id = "ilacs"
    open_page(page, site_url, "chapters/quizzes.html")
    widget = quiz_widget(page, bank_id)
    blocks = widget.locator(".quiz-question")
    total = len(BANKS[bank_id]["questions"])
    assert blocks.count() == total
    # Real form controls: a fieldset with a legend per question, radios or checkboxes.
    assert widget.locator("fieldset > legend").count() == total
    for i in range(total):
        q = question_of(blocks.nth(i))
        kind = "checkbox" if q["type"] == "multiple" else "radio"
        assert blocks.nth(i).locator(f"input[type={kind}]").count() >= 2
        if q["type"] == "multiple":
            assert "select all that apply" in blocks.nth(i).locator("legend").inner_text().lower()
        if q["type"] == "scenario":
            # The vignette comes before the question it belongs to.
            assert blocks.nth(i).locator(".quiz-scenario + fieldset").count() == 1
    keeps_promises(page, site_url, "before answering")

    # Start from the link just above the questions, as a keyboard user tabbing down would.
    widget.get_by_role("link", name="Print this quiz").focus()

    answer_by_keyboard(page, blocks.nth(0), right=True)
    feedback = blocks.nth(0).locator(".quiz-feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    text = feedback.inner_text()
    assert "Correct." in text and "\u2713" in text, text
    assert question_of(blocks.nth(0))["explanation"].split()[0] in text
    assert "Source:" in text
    keeps_promises(page, site_url, "after a right answer")

    answer_by_keyboard(page, blocks.nth(1), right=False)
    text = blocks.nth(1).locator(".quiz-feedback").inner_text()
    assert "Not quite." in text and "\u2717" in text, text
    # The right option is marked in words, not by colour alone.
    assert "Right answer" in blocks.nth(1).inner_text()
    keeps_promises(page, site_url, "after a wrong answer")

    for i in range(2, total):
        answer_by_keyboard(page, blocks.nth(i), right=True)
    summary = widget.locator(".quiz-summary")
    assert summary.get_attribute("aria-live") == "polite"
    assert f"You got {total - 1} of {total}." in summary.inner_text()
    keeps_promises(page, site_url, "quiz finished")

    raw, data = stored_progress(page)
    assert data["attempts"][-1]["bank"] == bank_id
    assert (data["attempts"][-1]["score"], data["attempts"][-1]["outOf"]) == (total - 1, total)
    assert_progress_holds_only_ids_dates_scores(raw, data)

    # Try again: Tab from the last Check button, past the link to My progress, to the
    # button, Enter; a fresh quiz.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "My progress"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Try again"
    page.keyboard.press("Enter")
    assert widget.locator(".quiz-feedback:not(:empty)").count() == 0
    assert widget.locator("input:checked").count() == 0
    assert widget.locator("input:disabled").count() == 0
    assert page.evaluate("() => document.activeElement.type") in ("radio", "checkbox")


def test_unanswered_check_asks_for_an_answer_and_does_not_score(page, site_url):
    open_page(page, site_url, "chapters/quizzes.html")
    block = quiz_widget(page, "ilacs").locator(".quiz-question").first
    block.get_by_role("button", name="Check answer").click()
    assert "Choose an answer first" in block.locator(".quiz-feedback").inner_text()
    assert block.locator("input:disabled").count() == 0


def test_every_quiz_links_to_presenter_mode_and_handouts_for_its_bank(page, site_url):
    open_page(page, site_url, "chapters/quizzes.html")
    for bank_id in BANKS:
        links = quiz_widget(page, bank_id).locator(".quiz-links a")
        hrefs = links.evaluate_all("as => as.map(a => a.href)")
        assert hrefs == [
            f"{site_url}chapters/presenter.html?bank={bank_id}",
            f"{site_url}chapters/handouts.html?bank={bank_id}",
        ]
    quiz_widget(page, "risk").get_by_role("link", name="Present this quiz to your team").click()
    page.wait_for_function("() => document.querySelector('[data-hydrated=\"true\"]')")
    assert page.locator("select.quiz-select").input_value() == "risk"
    page.get_by_role("button", name="Start presenting").click()
    assert BANKS["risk"]["title"] in page.locator("dialog[open] .qp-title").inner_text()


def test_handouts_question_and_answer_sheets_print_in_black_and_white(page, site_url):
    bank_id = "ilacs"
    questions = BANKS[bank_id]["questions"]
    open_page(page, site_url, f"chapters/handouts.html?bank={bank_id}")
    sheet = page.locator(".quiz-sheet-questions")
    assert sheet.locator(".quiz-sheet-item").count() == len(questions)
    assert "Answer:" not in sheet.inner_text()
    keeps_promises(page, site_url, "question sheet")
    letters_on_sheet = []
    for i, q in enumerate(questions):
        if q["type"] == "truefalse":
            continue
        options = sheet.locator(".quiz-sheet-item").nth(i).locator("li").all_inner_texts()
        right = {o["text"] for o in q["options"] if o["correct"]}
        letters_on_sheet.append(
            sorted(t.split(".")[0].strip(" \u2610") for t in options if t.split(". ", 1)[1] in right)
        )

    # Switch to the answer sheet with the keyboard: the radio group of the two sheets.
    page.get_by_role("radio", name="Question sheet").focus()
    page.keyboard.press("ArrowRight")
    answers = page.locator(".quiz-sheet-answers")
    assert answers.count() == 1 and page.locator(".quiz-sheet-questions").count() == 0
    assert "sheet=answers" in page.url
    lines = answers.locator(".quiz-sheet-answer").all_inner_texts()
    letters_on_answers = [
        sorted(re.findall(r"(?:^|; )([A-F])\. ", line.split("Answer:", 1)[1].strip()))
        for line, q in zip(lines, questions, strict=True)
        if q["type"] != "truefalse"
    ]
    assert letters_on_answers == letters_on_sheet, "answer letters differ from the question sheet"
    keeps_promises(page, site_url, "answer sheet")

    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print this sheet").is_visible()
    assert not page.locator(".quiz-chooser").is_visible()
    # Only the sheet prints: not the page's title and instructions around it.
    assert page.locator("h1:visible").count() == 0
    assert not page.get_by_text("Each quiz has a printable").is_visible()
    assert answers.is_visible()
    colours = page.evaluate(
        """() => [...document.querySelectorAll('.quiz-sheet *')].map(e => {
            const s = getComputedStyle(e); return [s.color, s.backgroundColor]; })"""
    )
    assert {c for c, _ in colours} == {"rgb(0, 0, 0)"}
    assert {b for _, b in colours} <= {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}
    keeps_promises(page, site_url, "print view of the answer sheet")


def finish_quiz_with_clicks(page: Any, bank_id: str) -> int:
    """Answer every question right except the first; returns the score."""
    blocks = quiz_widget(page, bank_id).locator(".quiz-question")
    for i in range(blocks.count()):
        block = blocks.nth(i)
        for label in wanted_labels(question_of(block), right=i > 0):
            block.get_by_label(label, exact=True).check()
        block.get_by_role("button", name="Check answer").click()
    return blocks.count() - 1


def test_progress_cpd_record_and_clearing(page, site_url):
    bank_id = "ilacs"
    open_page(page, site_url, "chapters/quizzes.html")
    score = finish_quiz_with_clicks(page, bank_id)
    total = len(BANKS[bank_id]["questions"])
    # The end-of-quiz box links to where the score is kept.
    link = page.get_by_role("link", name="My progress", exact=True)
    assert link.count() >= 1 and link.first.get_attribute("href").endswith("progress.html")

    open_page(page, site_url, "chapters/progress.html")
    table = page.locator("table.quiz-table")
    row = table.locator("tbody tr").first.all_inner_texts()[0]
    assert BANKS[bank_id]["title"] in row and f"{score} of {total}" in row
    keeps_promises(page, site_url, "progress with a score")

    reflection = "I learned that Mia's plan needs a date for each action. Zoë agreed."
    page.get_by_label("What I learned", exact=True).fill(reflection)
    page.get_by_label("How it will affect my practice").fill("I will date every action.")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my CPD record").click()
    record = open(info.value.path(), encoding="utf-8", newline="").read()
    assert info.value.suggested_filename.startswith("cpd-record-")
    assert info.value.suggested_filename.endswith(".txt")  # Notepad opens it on any laptop
    assert "\r\n" in record and "\n#" not in record
    assert reflection in record and "I will date every action." in record
    assert f"{score} of {total}" in record and BANKS[bank_id]["title"] in record
    # The reflection is kept in this browser's own notes key only: not with the scores, not
    # in the session or a cookie (tests/browser/test_progress.py follows it further).
    kept = page.evaluate(
        f"() => JSON.stringify([localStorage.getItem({json.dumps(PROGRESS_KEY)}),"
        " Object.entries(sessionStorage), document.cookie])"
    )
    assert "Mia" not in kept and "date every action" not in kept
    raw, data = stored_progress(page)
    assert_progress_holds_only_ids_dates_scores(raw, data)
    keeps_promises(page, site_url, "CPD record downloaded")

    page.get_by_role("button", name="Clear my progress").click()
    assert page.get_by_role("button", name="Cancel").evaluate("b => b === document.activeElement")
    keeps_promises(page, site_url, "clear confirmation")
    page.get_by_role("button", name="Cancel").click()
    assert stored_progress(page)[1] is not None, "Cancel must keep the scores"
    page.get_by_role("button", name="Clear my progress").click()
    page.get_by_role("button", name="Yes, clear my progress").click()
    assert stored_progress(page)[0] is None
    assert page.evaluate("() => localStorage.length") == len(THEME_KEYS)
    assert table.count() == 0
    assert "cleared" in page.locator(".quiz-progress-status[role=status]").first.inner_text()
    page.reload()
    page.wait_for_function("() => document.querySelector('[data-hydrated=\"true\"]')")
    assert page.locator("table.quiz-table").count() == 0
    keeps_promises(page, site_url, "progress cleared")


def test_the_notebook_module_works_from_a_blob_url_and_sends_the_score_back(live_page, site_url):
    # A live notebook runs Quiz._esm from a blob URL (anywidget) with a kernel-backed model;
    # here a stand-in model records what the widget sets, as the `score` trait would.
    from widgets.quiz import Quiz

    quiz = Quiz(bank="ilacs", count=3, seed=11)
    open_page(live_page, site_url, "chapters/presenter.html")
    live_page.evaluate(
        """async (esm) => {
            const url = URL.createObjectURL(new Blob([esm], {type: "text/javascript"}));
            window.liveModule = await import(url);
        }""",
        quiz._esm,
    )
    mount = """([id, state]) => {
        const values = {...state};
        const model = {get: (k) => values[k], set: (k, v) => { values[k] = v; },
            on() {}, off() {}, save_changes() { model.saved = (model.saved || 0) + 1; },
            send() {}};
        window[id] = model;
        const el = document.createElement("div");
        el.id = id;
        document.querySelector("main").append(el);
        window.liveModule.default.render({model, el});
    }"""
    state = {"bank": "ilacs", "mode": "quiz", "count": 3, "seed": 11, "banks": quiz.banks}
    for name, seed in (("live1", 11), ("live2", 11), ("live3", 12)):
        live_page.evaluate(mount, [name, {**state, "seed": seed, "score": {}}])

    def shown(name):
        return live_page.locator(f"#{name} label").all_inner_texts()

    # The same seed gives the same questions in the same order: repeatable tests and demos.
    assert shown("live1") == shown("live2")
    assert shown("live1") != shown("live3")

    blocks = live_page.locator("#live1 .quiz-question")
    assert blocks.count() == 3
    for i in range(3):
        block = blocks.nth(i)
        for label in wanted_labels(question_of(block), right=True):
            block.get_by_label(label, exact=True).check()
        block.get_by_role("button", name="Check answer").click()
    score = live_page.evaluate("() => window.live1.get('score')")
    assert score == {"bank": "ilacs", "score": 3, "outOf": 3, "checked": 3, "complete": True}
    assert live_page.evaluate("() => window.live1.saved") == 3
    assert not live_page.console_errors, live_page.console_errors
