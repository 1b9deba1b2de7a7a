"""`make bench`: speed figures for the engines (a benchmark, not a test: nothing here fails).

- Python engine: records per second over 10,000 records (tools.bench_engine);
- JavaScript engine in Chromium: time to check a 2,000-word record (rules and the learned
  scorer), on the built site;
- the learned scorer's weights: bytes, and bytes gzipped (budget 200 KB gzipped);
- team audit: Python over 10,000 records, browser over 1,000 (tools.bench_audit);
- identifier guard: 1 MB of text in Python and in Chromium, and its data size (tools.bench_guard).
"""

from __future__ import annotations

import importlib
import json
import statistics
import sys
from typing import Any

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.browser.site import SITE, serve

WORDS_2000 = (
    "Mum will take Ava (4) to nursery every weekday by 9am so that she can play with other "
    "children. The health visitor will weigh her each month and we will know it is working if "
    "her weight stays on the 25th centile. Ava said \u201cI like the big slide\u201d when I saw "
    "her on her own in her bedroom. There are worries that Dad drinks and shouts at night. "
)


def evaluate_in_chromium(script: str, arg: Any) -> Any:
    """Run `script` (a JS function of `arg`) on a page of the built site in Chromium."""
    from playwright.sync_api import sync_playwright

    with serve(SITE) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url + "chapters/welcome.html", wait_until="load")
        try:
            return page.evaluate(script, arg)
        finally:
            browser.close()


def js_engine_in_chromium(runs: int = 50) -> dict[str, Any]:
    """Median and 95th-percentile time for checkAll on a 2,000-word record, in Chromium."""
    words = WORDS_2000.split()
    record = " ".join((words * (2000 // len(words) + 1))[:2000])
    times = evaluate_in_chromium(
        """async ([text, runs]) => {
            const base = new URL('../_static/widgets/', document.baseURI);
            const {checkText} = await import(new URL('engine.js', base).href);
            const {default: packs} = await import(new URL('packs.js', base).href);
            const {loadWeights} = await import(new URL('weights.js', base).href);
            const models = await loadWeights(Object.keys(packs));
            const go = (f) => checkText(packs[f], text, models[f] ?? null);
            for (const f of Object.keys(packs)) go(f);  // warm up
            const out = {};
            for (const f of Object.keys(packs)) {
                const t = [];
                for (let i = 0; i < runs; i++) {
                    const s = performance.now(); go(f);
                    t.push(performance.now() - s);
                }
                out[f] = t;
            }
            return out;
        }""",
        [record, runs],
    )
    result = {}
    for framework, ts in times.items():
        ts.sort()
        result[framework] = {
            "median_ms": round(statistics.median(ts), 2),
            "p95_ms": round(ts[int(0.95 * (len(ts) - 1))], 2),
        }
    return result


def weights_size() -> None:
    import gzip

    from widgets.scorer import WEIGHTS_PATH

    raw = WEIGHTS_PATH.read_bytes()
    print(f"== learned weights: {len(raw):,} bytes, {len(gzip.compress(raw)):,} gzipped "
          "(budget 200,000 gzipped)\n")


def main() -> int:
    print("Benchmarks (figures, not pass/fail). Machine: see `nproc`, `free -h`.\n")
    weights_size()
    for name in ("tools.bench_engine", "tools.bench_audit", "tools.bench_guard"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            print(f"{name}: not present")
            continue
        print(f"== {name}")
        module.main()
        print()
    print("== JavaScript engine in Chromium, one 2,000-word record (target <= 16 ms)")
    if not (SITE / "index.html").exists():
        print("  no built site: run `make build`")
        return 0
    print(json.dumps(js_engine_in_chromium(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
