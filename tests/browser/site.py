"""Where the built site is, which pages it has, and a quiet local server for it."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# BOOK_SITE lets a maintainer check another build (e.g. one made with a smaller toc).
SITE = Path(os.environ.get("BOOK_SITE", ROOT / "_build" / "html")).resolve()


def built_pages() -> list[str]:
    """Every HTML page of the built site, as paths relative to its root ('' if not built)."""
    if not SITE.is_dir():
        return []
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))


def pages_with(marker: str) -> list[str]:
    """The built pages whose HTML contains `marker` (e.g. 'data-widget="casecheck"')."""
    return [p for p in built_pages() if marker in (SITE / p).read_text(encoding="utf-8")]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(directory: Path = SITE) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# Same-origin modules a page fetches the first time there is text to check: the guard's
# loader and its data. They carry no text (they are plain GETs of files on this site).
ON_FIRST_USE = ("_static/widgets/guardload.js", "_static/widgets/guard.js")


def text_free(urls: list[str], site_url: str) -> list[str]:
    """The requests in `urls` other than ON_FIRST_USE fetches (which carry no text)."""
    allowed = {site_url.rstrip("/") + "/" + path for path in ON_FIRST_USE}
    return [u for u in urls if u not in allowed]

