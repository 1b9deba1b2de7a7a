"""Train the learned scorer and write widgets/criteria/weights.json.

    python -m tools.train [--compare] [--curve]

Reads the train split of data/labelled/*.jsonl (never the test split). For each framework it
fits one logistic regression per criterion over the features of widgets/scorer.py (word and
word-pair presence, character runs, and the pack's own rule results), chooses the strength of
regularisation by cross-validation grouped by writer (so a model is always scored on writers
it has not seen), keeps the features that carry weight, and writes one deterministic file.

--compare  grouped cross-validation on the train split: rules alone, model alone, the model
           with the rules' results as features, and "rules or a confident model".
--curve    the learning curve: cross-validated agreement at 250, 500, 1,000, 2,000 and all
           training records.
--report   once a release: fit on train and measure on the locked test split, for the rules
           alone, the scorer alone (no rule features), the shipped combination, and the
           learning curve. Report these figures; never change anything because of them.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from widgets.engine import check
from widgets.packs import load_packs
from widgets.scorer import WEIGHTS_PATH, features

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "data" / "labelled"
Row = dict[str, Any]
VERSION = 1
# What an n-gram feature is worth against a rule feature (see scorer.py rule 4): chosen by
# grouped cross-validation on train (1: 0.88, 5: 0.92 on the first 750 records).
SCALE = 5.0
FOLDS = 5
C_GRID = (2.0, 4.0, 8.0, 16.0)
# Character runs of this length, or none: chosen per framework. Runs cost the Python engine
# a fifth of its speed, so they are taken only when they cross-validate clearly better.
CHAR_GRID = (0, 4)
CHAR_MARGIN = 0.005
MIN_WEIGHT = 1e-4  # L1 sets the rest to exactly zero
DECIMALS = 4


def read_corpus(split: str | None = "train") -> list[Row]:
    rows = []
    for path in sorted(LABELLED.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if split is None or row["split"] == split:
                    rows.append(row)
    return rows


def writer(row: dict[str, Any]) -> str:
    return row.get("writer") or row["id"].split("-")[0]


def rule_results(rows: list[Row], packs: dict[str, Any]) -> list[dict[str, bool]]:
    out = []
    for row in rows:
        report = check(row["text"], packs[row["framework"]], concerns=False, learned=False,
                       settle=False)
        out.append({c["id"]: c["met"] for c in report["criteria"]})
    return out


def featurise(
    rows: list[Row], rules: list[dict[str, bool]], with_rules: bool, char_n: int
) -> list[list[str]]:
    """Rows of (feature names) and the 1/sqrt(n) each is worth."""
    feats = []
    for row, rule in zip(rows, rules, strict=True):
        ids = [cid for cid, met in rule.items() if met] if with_rules else []
        feats.append(features(row["text"], ids, char_n))
    return feats


def matrix(feats: list[list[str]], vocab: dict[str, int]) -> csr_matrix:
    """n-gram features worth 1/sqrt(number of n-grams), rule features worth 1 (scorer.py)."""
    data, indices, indptr = [], [], [0]
    for names in feats:
        grams = [n for n in names if not n.startswith("r ")]
        value = SCALE / math.sqrt(len(grams)) if grams else 0.0
        cols = {vocab[n]: (1.0 if n.startswith("r ") else value) for n in names if n in vocab}
        for col in sorted(cols):
            indices.append(col)
            data.append(cols[col])
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(feats), len(vocab)), dtype=np.float64)


def build_vocab(feats: list[list[str]], min_df: int = 2) -> dict[str, int]:
    df: dict[str, int] = defaultdict(int)
    for names in feats:
        for n in set(names):
            df[n] += 1
    kept = sorted(n for n, k in df.items() if k >= min_df)
    return {n: i for i, n in enumerate(kept)}


def fit(X: csr_matrix, y: np.ndarray, C: float) -> LogisticRegression:
    # L1: a few dozen features a criterion carry the weight, which keeps the file small and
    # the evidence readable (on the first 750 records, grouped by writer, L1 kept about 40
    # features a criterion at 0.915 agreement; L2 kept thousands for 0.920).
    model = LogisticRegression(C=C, l1_ratio=1.0, solver="liblinear", max_iter=5000, random_state=0)
    if y.min() == y.max():  # one class only: a constant model
        model.classes_ = np.array([0, 1])
        model.coef_ = np.zeros((1, X.shape[1]))
        model.intercept_ = np.array([8.0 if y[0] else -8.0])
        return model
    model.fit(X, y)
    return model


def folds_by_writer(rows: list[dict[str, Any]], k: int = FOLDS) -> list[np.ndarray]:
    writers = sorted({writer(r) for r in rows})
    random.Random(7).shuffle(writers)
    fold_of = {w: i % k for i, w in enumerate(writers)}
    return [np.array([fold_of[writer(r)] == f for r in rows]) for f in range(k)]


def crossval(
    rows: list[Row], feats: list[list[str]], cids: list[str], C: float | dict[str, float],
    folds: list[np.ndarray],
) -> dict[str, np.ndarray]:
    """Out-of-fold probabilities per criterion, each fold's vocabulary from its own train."""
    probs = {cid: np.zeros(len(rows)) for cid in cids}
    for test_mask in folds:
        train_idx = np.where(~test_mask)[0]
        test_idx = np.where(test_mask)[0]
        if len(test_idx) == 0:
            continue
        vocab = build_vocab([feats[i] for i in train_idx])
        Xtr = matrix([feats[i] for i in train_idx], vocab)
        Xte = matrix([feats[i] for i in test_idx], vocab)
        for cid in cids:
            y = np.array([rows[i]["labels"][cid] for i in train_idx], dtype=int)
            m = fit(Xtr, y, C[cid] if isinstance(C, dict) else C)
            probs[cid][test_idx] = m.predict_proba(Xte)[:, 1]
    return probs


def choose_C(
    rows: list[Row], feats: list[list[str]], cids: list[str], folds: list[np.ndarray]
) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Per criterion, the regularisation that cross-validates best, and its out-of-fold
    probabilities (from which the way to combine with the rules is chosen)."""
    best: dict[str, tuple[float, float, np.ndarray]] = {}
    for C in C_GRID:
        probs = crossval(rows, feats, cids, C, folds)
        for cid in cids:
            y = np.array([r["labels"][cid] for r in rows])
            acc = float(((probs[cid] > 0.5) == y).mean())
            if cid not in best or acc > best[cid][1] + 1e-9:
                best[cid] = (C, acc, probs[cid])
    return {cid: b[0] for cid, b in best.items()}, {cid: b[2] for cid, b in best.items()}


# How the scorer's probability and the rules combine: "scorer" (the scorer, which sees the
# rules' results as features, decides) or "either" (met when the rules find it or the scorer
# is confident). Chosen per criterion by cross-validation; ties go to the first listed.
COMBINATIONS = [("scorer", t) for t in (0.5, 0.45, 0.55, 0.4, 0.6)] + [
    ("either", t) for t in (0.7, 0.6, 0.8, 0.9)
]


def choose_combination(y: np.ndarray, rule: np.ndarray, prob: np.ndarray) -> tuple[str, float]:
    best, best_acc = COMBINATIONS[0], -1.0
    for combine, t in COMBINATIONS:
        pred = prob > t if combine == "scorer" else rule | (prob > t)
        acc = float((pred == y).mean())
        if acc > best_acc + 1e-9:
            best, best_acc = (combine, t), acc
    return best


def train_framework(
    rows: list[Row], packs: dict[str, Any], framework: str, with_rules: bool = True
) -> dict[str, Any]:
    rows = [r for r in rows if r["framework"] == framework]
    cids = [c["id"] for c in packs[framework]["criteria"]]
    rules = rule_results(rows, packs)
    folds = folds_by_writer(rows)
    best = None
    for char_n in CHAR_GRID:
        feats_n = featurise(rows, rules, with_rules, char_n)
        C_n, oof_n = choose_C(rows, feats_n, cids, folds)
        acc = float(np.mean([((oof_n[c] > 0.5) == np.array([r["labels"][c] for r in rows])).mean()
                             for c in cids]))
        if best is None or acc > best[0] + (CHAR_MARGIN if char_n else 1e-9):
            best = (acc, char_n, feats_n, C_n, oof_n)
    _, char_n, feats, C, oof = best
    vocab = build_vocab(feats)
    X = matrix(feats, vocab)
    names = list(vocab)
    criteria = {}
    used: set[int] = set()
    fitted = {}
    for cid in cids:
        y = np.array([r["labels"][cid] for r in rows], dtype=int)
        m = fit(X, y, C[cid])
        fitted[cid] = m
        used.update(int(i) for i in np.where(np.abs(m.coef_[0]) >= MIN_WEIGHT)[0])
    kept = sorted(used, key=lambda i: names[i])
    new_index = {old: new for new, old in enumerate(kept)}
    for cid in cids:
        coef = fitted[cid].coef_[0]
        pairs = sorted(
            (new_index[i], round(float(coef[i]), DECIMALS))
            for i in kept if abs(coef[i]) >= MIN_WEIGHT
        )
        y = np.array([r["labels"][cid] for r in rows])
        combine, threshold = choose_combination(y, np.array([ru[cid] for ru in rules]), oof[cid])
        criteria[cid] = {
            "bias": round(float(fitted[cid].intercept_[0]), DECIMALS),
            "C": C[cid],
            "combine": combine,
            "threshold": threshold,
            "index": [i for i, _ in pairs],
            "weight": [w for _, w in pairs],
        }
    return {
        "char_n": char_n,
        "scale": SCALE,
        "features": [names[i] for i in kept],
        "criteria": criteria,
        "trained_on": len(rows),
    }


def write_weights(model: dict[str, Any], path: Path = WEIGHTS_PATH) -> None:
    text = json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def compare(rows: list[Row], packs: dict[str, Any]) -> None:
    """Grouped cross-validation on train: the figures that choose how rules and model combine."""
    print(f"{'criterion':28} {'rules':>6} {'model':>6} {'m+r':>6} {'r|m.7':>6} {'r|m+r.7':>8}")
    totals = defaultdict(lambda: [0, 0])
    for framework in packs:
        sub = [r for r in rows if r["framework"] == framework]
        if not sub:
            continue
        cids = [c["id"] for c in packs[framework]["criteria"]]
        rules = rule_results(sub, packs)
        folds = folds_by_writer(sub)
        plain = crossval(sub, featurise(sub, rules, False, 0), cids, 4.0, folds)
        withr = crossval(sub, featurise(sub, rules, True, 0), cids, 4.0, folds)
        for cid in cids:
            y = np.array([r["labels"][cid] for r in sub])
            rule = np.array([ru[cid] for ru in rules])
            cols = {
                "rules": rule,
                "model": plain[cid] > 0.5,
                "m+r": withr[cid] > 0.5,
                "r|m.7": rule | (plain[cid] > 0.7),
                "r|m+r.7": rule | (withr[cid] > 0.7),
            }
            accs = {k: float((v == y).mean()) for k, v in cols.items()}
            for k, v in cols.items():
                totals[k][0] += int((v == y).sum())
                totals[k][1] += len(y)
            print(f"{cid:28} " + " ".join(f"{accs[k]:6.3f}" for k in cols))
    print(f"{'overall':28} " + " ".join(f"{a / n:6.3f}" for a, n in totals.values()))


def curve(rows: list[Row], packs: dict[str, Any]) -> None:
    """Agreement (grouped cross-validation) as the training set grows."""
    rnd = random.Random(11)
    sizes = [250, 500, 1000, 2000, len(rows)]
    for size in sizes:
        if size > len(rows):
            continue
        sample = rows if size == len(rows) else rnd.sample(rows, size)
        ok = n = 0
        for framework in packs:
            sub = [r for r in sample if r["framework"] == framework]
            if len(sub) < FOLDS * 2:
                continue
            cids = [c["id"] for c in packs[framework]["criteria"]]
            rules = rule_results(sub, packs)
            probs = crossval(sub, featurise(sub, rules, True, 0), cids, 4.0, folds_by_writer(sub))
            for cid in cids:
                y = np.array([r["labels"][cid] for r in sub])
                pred = probs[cid] > 0.5
                ok += int((pred == y).sum())
                n += len(y)
        print(f"{size:6d} records: {ok / n:.3f}")


def _test_agreement(model: dict[str, Any], packs: dict[str, Any], test: list[Row],
                    with_rules: bool = True) -> tuple[int, int]:
    """Agreement on test of a freshly fitted model, without touching weights.json: through
    the engine itself (rules and scorer combined as the weights say), or, for a scorer
    fitted without rule features, its probabilities alone."""
    from widgets import scorer

    ok = n = 0
    for framework, raw in model["frameworks"].items():
        prepared = scorer.prepare(raw)
        for row in (r for r in test if r["framework"] == framework):
            if with_rules:
                report_ = check(row["text"], packs[framework], concerns=False, model=prepared)
                decided = {c["id"]: c["met"] for c in report_["criteria"]}
            else:
                probs = scorer.score(prepared, row["text"], [])
                decided = {cid: probs[cid] > crit["threshold"]
                           for cid, crit in raw["criteria"].items()}
            for cid, met in decided.items():
                ok += met == row["labels"][cid]
                n += 1
    return ok, n


def report(rows: list[Row], packs: dict[str, Any]) -> None:
    """Fit on train, measure once on the locked test split (see --report)."""
    test = read_corpus("test")
    rules_ok = rules_n = 0
    for row in test:
        report_ = check(row["text"], packs[row["framework"]], concerns=False, learned=False)
        for c in report_["criteria"]:
            rules_ok += c["met"] == row["labels"][c["id"]]
            rules_n += 1
    print(f"test split: {len(test)} records, {rules_n} judgements")
    print(f"rules alone              {rules_ok / rules_n:.3f}")
    fitted = _fit_all(rows, packs, with_rules=False)
    ok, n = _test_agreement(fitted, packs, test, with_rules=False)
    print(f"scorer alone (no rules)  {ok / n:.3f}")
    fitted = _fit_all(rows, packs, with_rules=True)
    ok, n = _test_agreement(fitted, packs, test)
    print(f"rules with the scorer    {ok / n:.3f}  (the shipped design)")
    rnd = random.Random(11)
    for size in (250, 500, 1000, 2000, len(rows)):
        if size > len(rows):
            continue
        sample = rows if size == len(rows) else rnd.sample(rows, size)
        ok, n = _test_agreement(_fit_all(sample, packs, with_rules=True), packs, test)
        print(f"  trained on {size:5d} records: {ok / n:.3f}")


def _fit_all(rows: list[Row], packs: dict[str, Any], with_rules: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"frameworks": {}}
    for framework in packs:
        if any(r["framework"] == framework for r in rows):
            out["frameworks"][framework] = train_framework(rows, packs, framework, with_rules)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.train", description=__doc__)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--curve", action="store_true")
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args(argv)
    packs = load_packs()
    rows = read_corpus("train")
    if not rows:
        raise SystemExit(f"no training records in {LABELLED}")
    if args.report:
        report(rows, packs)
        return 0
    if args.compare:
        compare(rows, packs)
        return 0
    if args.curve:
        curve(rows, packs)
        return 0
    out = {"version": VERSION, "frameworks": {}}
    for framework in packs:
        if any(r["framework"] == framework for r in rows):
            out["frameworks"][framework] = train_framework(rows, packs, framework)
    write_weights(out, WEIGHTS_PATH)
    size = WEIGHTS_PATH.stat().st_size
    print(f"wrote {WEIGHTS_PATH} ({size:,} bytes) from {len(rows)} records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
