"""The identifier guard's speed and size (part of `make bench`; figures, never pass/fail).

- Python: seconds to check 1 MB of record text (train records, repeated to 1 MB);
- JavaScript in Chromium, on the built site: the same 1 MB (target under 1 s), after
  loading guard.js the way a page does;
- the data a page loads the first time there is text to check: guard.js, raw and gzipped.
"""

from __future__ import annotations

import gzip
import statistics
import time

from tests.browser.site import SITE
from tools.bench import evaluate_in_chromium
from widgets import anonymise
from widgets.guard_measure import load_corpus

MB = 1_000_000


def one_megabyte() -> str:
    texts = [r["text"] for r in load_corpus("train")]
    joined = "\n\n".join(texts)
    return (joined * (MB // len(joined) + 1))[:MB]


def python_seconds(text: str, runs: int = 3) -> float:
    anonymise.find_identifiers("warm up with Kerry at 14 Elm Road")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        anonymise.find_identifiers(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def browser_seconds(text: str, runs: int = 5) -> float:
    times = evaluate_in_chromium(
        """async ([text, runs]) => {
            const base = new URL('../_static/widgets/', document.baseURI);
            const {loadGuard} = await import(new URL('guardload.js', base).href);
            const {findIdentifiers} = await import(new URL('anonymise.js', base).href);
            await loadGuard();
            findIdentifiers(text.slice(0, 5000));  // warm up
            const t = [];
            for (let i = 0; i < runs; i++) {
                const s = performance.now();
                findIdentifiers(text);
                t.push(performance.now() - s);
            }
            return t;
        }""",
        [text, runs],
    )
    return statistics.median(times) / 1000


def main() -> None:
    text = one_megabyte()
    print(f"  Python: {python_seconds(text):.2f} s for 1 MB of record text")
    built = SITE / "_static" / "widgets" / "guard.js"
    if not built.exists():
        print("  browser: no built site: run `make build`")
        return
    raw = built.read_bytes()
    packed = len(gzip.compress(raw))
    print(f"  guard.js (loaded on first use): {len(raw):,} bytes, {packed:,} gzipped")
    print(f"  Chromium: {browser_seconds(text):.2f} s for 1 MB of record text (target under 1 s)")


if __name__ == "__main__":
    main()
