"""Train the identifier guard's name tagger and write widgets/guard/tagger.json.

    python -m tools.train_guard [--report]

Reads the train split of data/identifiers/*.jsonl (never the test split). Every word of a
record is an example: a name if an annotator marked it inside a name. The model is a
logistic regression over the features of widgets/anonymise.token_features (shape, the word
lists, the words around it, titles and roles). The regularisation strength and the cut are
chosen by cross-validation grouped by writer (each fold scores writers it has not seen):
the cut is the lowest that keeps false alarms on clean records under TARGET_FALSE_ALARMS
per 1,000 words, so recall is as high as that allows. The output is deterministic.

--report  once a release: train on train, and measure the whole guard on the locked test
          split (recall per kind, false alarms). Report it; never tune on it.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from widgets import anonymise
from widgets.guard import TAGGER_PATH, load_guard
from widgets.guard_measure import load_corpus, measure, table

VERSION = 1
C_GRID = (1.0, 2.0, 4.0)
CUT_GRID = tuple(round(x, 2) for x in np.arange(-3.0, 1.01, 0.25))
TARGET_FALSE_ALARMS = 0.7  # per 1,000 clean words in cross-validation (the goal is under 1)
MIN_COUNT = 3              # a feature must occur this often in train to be kept
KEEP = 0.05                # weights smaller than this (in size) are dropped from the file


def _examples(records: list[dict[str, Any]]) -> tuple[list[list[str]], list[int]]:
    guard = anonymise._Compiled(load_guard())
    feats: list[list[str]] = []
    labels: list[int] = []
    for rec in records:
        text = rec["text"]
        words = anonymise.words_of(text)
        names = [(s["start"], s["end"]) for s in rec["spans"] if s["type"] == "name"]
        feats.extend(anonymise.token_features(text, words, guard))
        labels.extend(int(any(s < e2 and s2 < e for s2, e2 in names)) for s, e in words)
    return feats, labels


def _fit(feats: list[list[str]], labels: list[int], c: float) -> dict[str, Any]:
    counts = Counter(f for row in feats for f in set(row))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    rows, cols = [], []
    for r, row in enumerate(feats):
        for f in set(row):
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(feats), len(vocab)))
    model = LogisticRegression(C=c, max_iter=3000, solver="liblinear", random_state=0)
    model.fit(x, labels)
    names = sorted(vocab, key=vocab.get)
    weights = {f: round(float(w), 4) for f, w in zip(names, model.coef_[0], strict=True)
               if abs(w) >= KEEP}
    return {"bias": round(float(model.intercept_[0]), 4), "weights": weights}


def _guard_with(tagger: dict[str, Any], cut: float) -> dict[str, Any]:
    return {**load_guard(), "tagger": {"bias": tagger["bias"], "threshold": cut,
                                       "weights": tagger["weights"]}}


def _writer(rec: dict[str, Any]) -> str:
    return rec["id"].split("-")[0]


def cross_validate(records: list[dict[str, Any]]) -> dict[tuple[float, float], dict[str, Any]]:
    """Leave-one-writer-out: the guard's name recall and false alarms for each C and cut."""
    writers = sorted({_writer(r) for r in records})
    results: dict[tuple[float, float], dict[str, Any]] = {}
    for c in C_GRID:
        found = {cut: {"names": 0, "hit": 0, "alarms": 0, "words": 0} for cut in CUT_GRID}
        for held in writers:
            train = [r for r in records if _writer(r) != held]
            test = [r for r in records if _writer(r) == held]
            tagger = _fit(*_examples(train), c)
            for cut in CUT_GRID:
                data = _guard_with(tagger, cut)
                m = measure(test, lambda t, d=data: anonymise.find_identifiers(t, guard_data=d))
                tally = found[cut]
                n = m["counts"].get("name", 0)
                tally["names"] += n
                tally["hit"] += round(m["recall"].get("name", 0) * n)
                tally["alarms"] += round(m["false_alarms_per_1000_words"] * m["clean_words"] / 1000)
                tally["words"] += m["clean_words"]
        for cut, t in found.items():
            results[(c, cut)] = {"recall": t["hit"] / max(1, t["names"]),
                                 "false_alarms": 1000 * t["alarms"] / max(1, t["words"])}
    return results


def choose(results: dict[tuple[float, float], dict[str, Any]]) -> tuple[float, float]:
    ok = [(v["recall"], -k[0], k) for k, v in results.items()
          if v["false_alarms"] <= TARGET_FALSE_ALARMS]
    if not ok:
        return max(results, key=lambda k: (-results[k]["false_alarms"], results[k]["recall"]))
    return max(ok)[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.train_guard", description=__doc__)
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args(argv)
    train = load_corpus("train")
    results = cross_validate(train)
    for (c, cut), v in sorted(results.items()):
        print(f"C={c:<5} cut={cut:<5} recall {v['recall']:.3f}  "
              f"false alarms {v['false_alarms']:.2f}")
    c, cut = choose(results)
    print(f"chosen: C={c}, cut={cut} (cross-validated by writer on {len(train)} train records)")
    tagger = _fit(*_examples(train), c)
    out = {"version": VERSION,
           "about": "The identifier guard's name tagger (tools/train_guard.py).",
           "C": c, "threshold": cut, "bias": tagger["bias"],
           "weights": dict(sorted(tagger["weights"].items()))}
    TAGGER_PATH.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=False) + "\n",
                           encoding="utf-8")
    print(f"wrote {TAGGER_PATH.name}: {len(out['weights'])} weights, "
          f"{TAGGER_PATH.stat().st_size:,} bytes")
    if args.report:
        data = _guard_with(tagger, cut)
        test = load_corpus("test")
        print("Locked test split, no names listed:")
        print(table(measure(test, lambda t: anonymise.find_identifiers(t, guard_data=data))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
