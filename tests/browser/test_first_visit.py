"""A first visit: the ways in are on the first screen, each checker chapter takes the reader
straight to its checker, the quizzes page has a jump list, and dates are in UK style."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import open_page
from .site import SITE, pages_with

pytestmark = pytest.mark.browser

WAYS_IN = ["Check a record", "Run a team quiz", "Read about inspection"]
CHECKER_CHAPTERS = [p for p in pages_with("data-widget=\"casecheck\"") if p.startswith("chapters/")]


def test_the_three_ways_in_are_above_the_fold_on_a_council_laptop(browser: Any,
                                                                  site_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    try:
        open_page(page, site_url, "index.html")
        for words in WAYS_IN:
            item = page.locator("main li", has_text=words).first
            box = item.bounding_box()
            assert box and box["y"] + box["height"] <= 768, f"{words!r} is below the fold"
            assert item.get_by_role("link").count() == 1, words
    finally:
        ctx.close()


@pytest.mark.parametrize("path", CHECKER_CHAPTERS)
def test_each_checker_chapter_goes_straight_to_its_checker(page: Any, site_url: str,
                                                           path: str) -> None:
    open_page(page, site_url, path)
    link = page.get_by_role("link", name="Go straight to the checker")
    assert link.first.bounding_box()["y"] < 800, "the link is not at the top of the chapter"
    link.first.click()
    page.wait_for_function("() => location.hash.length > 1")
    box = page.locator("[data-casecheck] textarea").first.bounding_box()
    assert box and 0 <= box["y"] < 800, "the checker's text box is not on screen"


def test_the_quizzes_page_has_a_jump_list_to_every_quiz(page: Any, site_url: str) -> None:
    open_page(page, site_url, "chapters/quizzes.html")
    quizzes = page.locator("[data-widget=quiz]").count()
    jumps = page.locator("section#choose-a-quiz li a")
    assert jumps.count() == quizzes >= 10
    name = jumps.last.inner_text()
    jumps.last.click()
    page.wait_for_function("() => location.hash.length > 1")
    box = page.get_by_role("heading", name=name).bounding_box()
    assert box and 0 <= box["y"] < 800, f"the jump to {name!r} did not bring it on screen"


def test_dates_are_written_the_uk_way() -> None:
    footer = re.compile(r"Last updated on ([^<.]+)\.")
    for path in ("chapters/welcome.html", "chapters/ilacs.html"):
        text = (SITE / path).read_text(encoding="utf-8")
        found = footer.search(text)
        assert found and re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", found.group(1)), found
