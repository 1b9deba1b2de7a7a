"""No pattern backtracks catastrophically: every pattern of every pack, in both engines, runs
over 100 KB hostile strings quickly, and the whole engine checks 1 MB well within bounds.

The bounds are generous (a few times what a loaded CI machine needs); a catastrophic
pattern takes minutes, not seconds.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from widgets.engine import check
from widgets.packs import load_packs
from widgets.patterns import compile_portable, fold_text

ROOT = Path(__file__).resolve().parents[1]
SIZE = 100_000
PACK_SECONDS = 10.0  # every pattern of one pack over one hostile string
MEGABYTE_SECONDS = 10.0  # the whole engine over 1 MB (typically ~0.3-0.7 s in Python)

# Units repeated to 100 KB: long runs of letters, capitals, spaces, quotes, digits, brackets,
# punctuation, and words the patterns look for, repeated without what would complete them.
UNITS = [
    "a", "A", " ", "'", '"', "\u2018", "\u201c", "1", "1/", "1.", "(", ".", "-", "\n",
    "'a", "Aa ", "mum ", "the ", "will to ", "if ", "seen ", "so he ", "I want ",
    "Zo\u00eb ", "at risk of ", "Mum (", "14th ", "every ", "because as ", "\u00e9",
]


def hostile() -> dict[str, str]:
    return {repr(u): (u * (SIZE // len(u) + 1))[:SIZE] for u in UNITS}


def patterns(pack: dict) -> list[tuple[str, bool]]:
    return [
        (p["pattern"], p["case_sensitive"])
        for c in pack["criteria"]
        for g in c["signals"] + c["counter_signals"]
        for p in g["patterns"]
    ]


@pytest.mark.parametrize("framework", list(load_packs()))
def test_python_runs_every_pattern_over_hostile_text_quickly(framework):
    compiled = [(compile_portable(p, cs), cs) for p, cs in patterns(load_packs()[framework])]
    slow = {}
    for name, text in hostile().items():
        texts = (fold_text(text), text)
        start = time.process_time()
        for rx, cs in compiled:
            for _ in rx.finditer(texts[cs]):
                pass
        spent = time.process_time() - start
        if spent > PACK_SECONDS:
            slow[name] = round(spent, 2)
    assert not slow, f"{framework}: seconds per hostile string: {slow}"


@pytest.mark.parametrize("framework", list(load_packs()))
def test_python_engine_checks_hostile_text_and_a_megabyte_quickly(framework):
    pack = load_packs()[framework]
    for name, text in hostile().items():
        start = time.process_time()
        check(text, pack)
        assert time.process_time() - start < PACK_SECONDS, name
    megabyte = "Mum will take Ava (4) to nursery every day so that she can play. " * 15_500
    start = time.process_time()
    check(megabyte, pack)
    assert time.process_time() - start < MEGABYTE_SECONDS


NODE_SCRIPT = r"""
import { readFileSync } from "node:fs";
const { checkText, foldPattern, foldText } = await import(process.argv[1]);
const packs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const units = JSON.parse(process.argv[3]);
const size = Number(process.argv[4]);
const worst = {};
for (const [name, pack] of Object.entries(packs)) {
  const pats = pack.criteria.flatMap((c) => [...c.signals, ...c.counter_signals])
    .flatMap((g) => g.patterns)
    .map((p) => [new RegExp(p.case_sensitive ? p.pattern : foldPattern(p.pattern), "gu"), p.case_sensitive]);
  let max = 0;
  for (const unit of units) {
    const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const folded = foldText(text);
    const t0 = performance.now();
    for (const [rx, cs] of pats) for (const _ of (cs ? text : folded).matchAll(rx));
    checkText(pack, text);
    max = Math.max(max, performance.now() - t0);
  }
  const big = "Mum will take Ava (4) to nursery every day so that she can play. ".repeat(15500);
  const t1 = performance.now();
  checkText(pack, big);
  worst[name] = { hostile_ms: max, megabyte_ms: performance.now() - t1 };
}
console.log(JSON.stringify(worst));
"""


@pytest.mark.usefixtures("node")
def test_javascript_runs_every_pattern_over_hostile_text_quickly(tmp_path):
    packs_json = tmp_path / "packs.json"
    packs_json.write_text(json.dumps(load_packs()), encoding="utf-8")
    engine = (ROOT / "widgets" / "static" / "engine.js").as_uri()
    out = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_SCRIPT, engine, str(packs_json),
         json.dumps(UNITS), str(SIZE)],
        capture_output=True, text=True, check=True, timeout=600,
    )
    worst = json.loads(out.stdout)
    assert set(worst) == set(load_packs())
    for framework, times in worst.items():
        assert times["hostile_ms"] < PACK_SECONDS * 1000, (framework, times)
        assert times["megabyte_ms"] < MEGABYTE_SECONDS * 1000, (framework, times)
