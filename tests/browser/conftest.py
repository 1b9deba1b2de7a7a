"""Browser fixtures: the built site served on 127.0.0.1 and Debian's Chromium via Playwright.

No browser is downloaded: Playwright drives /usr/bin/chromium (or $CHROMIUM).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

from .site import SITE, serve

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Chromium not found: install Debian's chromium or set CHROMIUM (see README)")
    return path


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no built book: run `make build` first")
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh profile for each test: empty cache and storage, so page weights are cold."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    yield ctx
    ctx.close()


def _recording_page(ctx: Any) -> Any:
    """A page that records every request, response size and console error.

    page.request_log: URLs requested; page.console_errors: console errors and page errors;
    page.bytes_loaded(): bytes of every response body so far.
    """
    pg = ctx.new_page()
    pg.request_log = []
    pg.console_errors = []
    sizes: list[int] = []
    pg.on("request", lambda r: pg.request_log.append(r.url))
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(f"page error: {e}"))

    def finished(request: Any) -> None:
        try:
            sizes.append(request.sizes()["responseBodySize"])
        except Exception:  # the page may be gone already
            pass

    pg.on("requestfinished", finished)
    pg.bytes_loaded = lambda: sum(sizes)
    return pg


@pytest.fixture
def page(context: Any, site_url: str) -> Iterator[Any]:
    """A recording page on the static site, under the site's own content security policy."""
    pg = _recording_page(context)
    yield pg
    pg.close()


@pytest.fixture
def live_page(browser: Any, site_url: str) -> Iterator[Any]:
    """A recording page for simulating a live notebook, where anywidget imports the widget
    from a blob: URL. JupyterLab has no such policy as the book's pages, so it is bypassed."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    pg = _recording_page(ctx)
    yield pg
    ctx.close()


def other_origins(urls: list[str], site_url: str) -> list[str]:
    """Requests that went anywhere but the site's own origin (data: and blob: are local)."""
    own = urlparse(site_url).netloc
    return [
        u for u in urls if urlparse(u).scheme not in ("data", "blob") and urlparse(u).netloc != own
    ]


def open_page(page: Any, site_url: str, path: str) -> None:
    """Go to a page and wait until it and every widget on it have finished loading."""
    page.goto(site_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        '() => !document.querySelector(\'[data-widget]:not([data-hydrated="true"]):not([data-hydrated="failed"])\')',
        timeout=10_000,
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Report the smallest type seen in presenter mode, and each page's cold weight (bytes)
    after the run, keeping the weights in _build/."""
    from .test_pages import PAGE_BUDGET_BYTES, WEIGHTS
    from .test_presenter import SMALLEST

    if SMALLEST:
        terminalreporter.write_sep("-", "smallest type in presenter mode (CSS px)")
        for size, fonts in SMALLEST.items():
            parts = ", ".join(f"{part} {px:g}" for part, px in sorted(fonts.items()))
            terminalreporter.write_line(f"{size:>10}  {parts}")
    if not WEIGHTS:
        return
    lines = [f"{w:>10,}  {p}" for p, w in sorted(WEIGHTS.items(), key=lambda kv: -kv[1])]
    total = f"{len(WEIGHTS)} pages, heaviest {max(WEIGHTS.values()):,} bytes, budget {PAGE_BUDGET_BYTES:,}"
    terminalreporter.write_sep("-", "cold page weight (bytes)")
    for line in lines:
        terminalreporter.write_line(line)
    terminalreporter.write_line(total)
    (SITE.parent / "page-weights.txt").write_text("\n".join([*lines, total]) + "\n")
