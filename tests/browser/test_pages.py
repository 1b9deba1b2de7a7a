"""The book's promises, checked on every built page (found automatically, no list kept):
the page carries a same-origin content security policy, axe finds no WCAG 2.2 AA violation,
nothing is requested from another origin, the console shows no error (a policy violation
is one), every widget starts, and the cold page weight stays under budget."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .axe import describe, run_axe
from .conftest import open_page, other_origins
from .site import SITE, built_pages

pytestmark = pytest.mark.browser

PAGE_BUDGET_BYTES = 1_000_000
PAGES = built_pages() or ["(no built site: run make build)"]
WEIGHTS: dict[str, int] = {}


@pytest.mark.parametrize("path", PAGES)
def test_page_keeps_the_promises(page: Any, site_url: str, path: str) -> None:
    assert (SITE / path).exists(), f"{SITE} has no built book: run `make build` first"
    open_page(page, site_url, path)

    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content") or ""
    assert "default-src 'self'" in policy, f"{path} has no content security policy"

    elsewhere = other_origins(page.request_log, site_url)
    assert not elsewhere, f"{path} requested other origins: {elsewhere}"

    violations = run_axe(page)
    assert not violations, f"{path}: axe found\n{describe(violations)}"

    assert not page.console_errors, f"{path}: console errors: {page.console_errors}"

    failed = page.eval_on_selector_all(
        "[data-widget]:not([data-hydrated='true'])", "els => els.map(e => e.dataset.widget)"
    )
    assert not failed, f"{path}: these widgets did not start on the static page: {failed}"
    shown = " ".join(page.eval_on_selector_all("[data-widget]", "els => els.map(e => e.innerText)"))
    leaks = set(re.findall(r"\b(?:null|undefined|NaN|\[object Object\])\b", shown))
    assert not leaks, f"{path}: a widget shows programming values to the reader: {leaks}"

    weight = page.bytes_loaded()
    WEIGHTS[path] = weight
    assert weight < PAGE_BUDGET_BYTES, (
        f"{path} weighs {weight:,} bytes cold, over the {PAGE_BUDGET_BYTES:,}-byte budget"
    )


def test_every_built_page_was_checked() -> None:
    # A guard against a build that silently produced too few pages to mean anything.
    assert len(built_pages()) >= 5, f"only {len(built_pages())} pages were built"
