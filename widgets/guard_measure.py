"""How well the identifier guard finds what annotators marked in data/identifiers/*.jsonl.

An annotated identifier counts as found when a finding of any kind overlaps it (what
matters before sharing is that it is caught); `typed` also needs the same kind. False alarms
are findings in clean records (no identifier), per 1,000 words of that text. Names are
measured without any names list: a worker in a hurry lists none.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "identifiers"
_WORDS = re.compile(r"\S+")
Record = dict[str, Any]


def load_corpus(split: str | None = None, path: Path = CORPUS) -> list[Record]:
    rows = []
    for file in sorted(path.glob("*.jsonl")):
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                for span in rec["spans"]:
                    if rec["text"][span["start"]:span["end"]] != span["text"]:
                        raise ValueError(
                            f"{file.name}: line {n}: span {span} does not match the text")
                if split is None or rec["split"] == split:
                    rows.append(rec)
    return rows


Finder = Callable[[str], list[dict[str, Any]]]


def measure(records: Iterable[Record], find: Finder) -> dict[str, Any]:
    """Recall per kind, false alarms per 1,000 clean words, and precision on marked records."""
    gold: Counter[str] = Counter()
    found: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    clean_words = 0
    false_alarms = 0
    findings = 0
    stray = 0  # findings in marked records that overlap nothing marked
    n = 0
    for rec in records:
        n += 1
        hits = find(rec["text"])
        if rec["clean"]:
            clean_words += len(_WORDS.findall(rec["text"]))
            false_alarms += len(hits)
            continue
        findings += len(hits)
        for h in hits:
            if not any(h["start"] < s["end"] and s["start"] < h["end"] for s in rec["spans"]):
                stray += 1
        for s in rec["spans"]:
            kind = s["type"]
            gold[kind] += 1
            over = [h for h in hits if h["start"] < s["end"] and s["start"] < h["end"]]
            if over:
                found[kind] += 1
                if any(h["type"] == kind or {h["type"], kind} <= {"dob", "date"} for h in over):
                    typed[kind] += 1
    kinds = sorted(gold, key=lambda k: -gold[k])
    return {
        "records": n,
        "recall": {k: round(found[k] / gold[k], 4) for k in kinds},
        "typed": {k: round(typed[k] / gold[k], 4) for k in kinds},
        "counts": {k: gold[k] for k in kinds},
        "overall_recall": round(sum(found.values()) / max(1, sum(gold.values())), 4),
        "clean_words": clean_words,
        "false_alarms_per_1000_words": round(1000 * false_alarms / max(1, clean_words), 3),
        "precision": round(1 - stray / max(1, findings), 4),
    }


def table(result: dict[str, Any]) -> str:
    lines = [f"{'kind':<12} {'marked':>7} {'found':>7} {'same kind':>10}"]
    for kind, r in result["recall"].items():
        marked, typed = result["counts"][kind], result["typed"][kind]
        lines.append(f"{kind:<12} {marked:>7} {r:>7.3f} {typed:>10.3f}")
    alarms = result["false_alarms_per_1000_words"]
    lines.append(f"overall recall {result['overall_recall']:.3f}; precision on marked records "
                 f"{result['precision']:.3f}; false alarms {alarms:.2f} per 1,000 clean words "
                 f"({result['clean_words']:,} words); {result['records']} records")
    return "\n".join(lines)
