"""The book on phones and tablets: the site menu and "On this page" drawers open by touch and
by keyboard, a link in them works, and no page scrolls sideways at 390 px."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import open_page
from .site import built_pages

pytestmark = pytest.mark.browser

WIDTHS = [390, 800, 1024]
WIDE = 992  # from this width the theme shows the site menu beside the page
# A long chapter: it has both a site menu and an "On this page" list.
CHAPTER = "chapters/ilacs.html"


def _narrow(browser: Any, width: int, touch: bool) -> Any:
    ctx = browser.new_context(viewport={"width": width, "height": 844}, has_touch=touch,
                              is_mobile=touch and width < 800)
    return ctx


def _press(page: Any, target: Any, how: str) -> None:
    if how == "tap":
        target.tap()
    else:
        target.focus()
        page.keyboard.press("Enter")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("how", ["tap", "keyboard"])
def test_the_site_menu_opens_and_its_links_work(browser: Any, site_url: str, width: int,
                                                how: str) -> None:
    ctx = _narrow(browser, width, touch=how == "tap")
    page = ctx.new_page()
    try:
        open_page(page, site_url, CHAPTER)
        button = page.get_by_role("button", name="Site menu").locator("visible=true").first
        if width >= WIDE:
            # Wide enough for the menu beside the page: the button hides it and brings it back.
            menu = page.locator("#pst-primary-sidebar")
            _press(page, button, how)
            menu.wait_for(state="hidden", timeout=3000)
            _press(page, button, how)
            menu.wait_for(state="visible", timeout=3000)
        else:
            _press(page, button, how)
            menu = page.locator("#pst-primary-sidebar-modal")
            menu.wait_for(state="visible", timeout=3000)
        link = menu.get_by_role("link", name="SMART plans", exact=True).first
        link.wait_for(state="visible", timeout=3000)
        _press(page, link, how)
        page.wait_for_url("**/chapters/smart-plans.html*", timeout=5000)
    finally:
        ctx.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_contents_open_and_close(browser: Any, site_url: str, width: int) -> None:
    ctx = _narrow(browser, width, touch=True)
    page = ctx.new_page()
    try:
        open_page(page, site_url, CHAPTER)
        button = page.get_by_role("button", name="On this page").locator("visible=true").first
        button.tap()
        dialog = page.locator("#pst-secondary-sidebar-modal")
        dialog.wait_for(state="visible", timeout=3000)
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden", timeout=3000)
        # And again, then follow a heading link inside it.
        button.tap()
        dialog.wait_for(state="visible", timeout=3000)
        dialog.locator("a.nav-link").first.tap()
        page.wait_for_function("() => location.hash.length > 1", timeout=5000)
    finally:
        ctx.close()


@pytest.mark.parametrize("path", built_pages())
def test_no_page_scrolls_sideways_on_a_phone(browser: Any, site_url: str, path: str) -> None:
    ctx = _narrow(browser, 390, touch=True)
    page = ctx.new_page()
    try:
        open_page(page, site_url, path)
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 390, f"{path} is {wide} px wide at 390 px"
    finally:
        ctx.close()
