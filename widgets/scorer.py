"""The learned scorer: n-gram features of a text + one criterion's weights -> a probability.

widgets/static/scorer.js is the same algorithm for the browser. Both read the one weights file
(widgets/criteria/weights.json, written by `make train`), and the shared vectors
(tests/vectors/expected.jsonl) prove they give the same scores, decisions and evidence.

1. The text is the engine's normalised text. It is folded: ASCII letters to lower case, curly
   quotes to straight ones, every digit to 0. Folding keeps every index where it was.
2. Tokens are runs of letters and digits (with inner apostrophes: "don't"), and the marks
   that carry meaning in a record: " ? ! : ( ) / @ + -.
3. Features: "w TOKEN" for each token, "b TOKEN TOKEN" for each pair of neighbours, "s TOKEN
   TOKEN" for each pair with one token between them (so "worry ... harmed" is seen past a
   name), and "c NGRAM" for each run of `char_n` characters inside "<word>" (letters and
   digits only), each counted once; plus "r ID" for each of the pack's criteria that its
   rules found.
4. A criterion's score is bias + the weights of the rule features present + the sum of the
   weights of the n-gram features present times
   `scale` / sqrt(number of distinct n-gram features). Its probability is 1 / (1 + e^-score).
5. Evidence: each token gets the weights of the features it makes (a pair's weight is split
   between its two tokens, in the order: pair with the token two back, with the one before,
   the word, pair with the next, with the one two on, then character runs, each run's weight
   split between the word's runs); the best
   tokens seed phrases, grown over neighbours with positive weight inside one sentence.
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path
from typing import Any

WEIGHTS_PATH = Path(__file__).parent / "criteria" / "weights.json"

# Folding keeps every index: one character in, one character out.
_FOLD = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ\u2018\u2019\u201b\u201c\u201d\u201e0123456789",
    "abcdefghijklmnopqrstuvwxyz'''\"\"\"0000000000",
)
_LETTER = "a-z0-9\u00c0-\u024f"
_TOKEN = re.compile(f"[{_LETTER}]+(?:'[{_LETTER}]+)*|[\"?!:()/@+-]")
_WORD = re.compile(f"[{_LETTER}]")
# Phrases do not run across these.
_STOP = re.compile("[.!?;\n]")
EVIDENCE_PHRASES = 3
PHRASE_REACH = 3  # tokens on each side of a seed


def fold(text: str) -> str:
    return text.translate(_FOLD)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded token, start, end) in the normalised text."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(fold(text))]


def features(text: str, rule_ids: list[str], char_n: int) -> list[str]:
    """The features `make train` fits on: the very set score() looks up, in a fixed order,
    then the rule features ("r ...")."""
    toks = _TOKEN.findall(fold(text))
    return sorted(_feature_set(toks, char_n)) + ["r " + rid for rid in rule_ids]


@functools.cache
def load_weights(path: Path = WEIGHTS_PATH) -> dict[str, Any]:
    """The weights file as it is written (the browser gets exactly this, per framework)."""
    if not path.exists():
        return {"version": 0, "frameworks": {}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@functools.cache
def framework_model(framework: str, path: Path = WEIGHTS_PATH) -> dict[str, Any] | None:
    """One framework's weights, unpacked for scoring; None when the framework has none (a
    new pack before `make train`: its rules alone decide)."""
    raw = load_weights(path)["frameworks"].get(framework)
    return None if raw is None else prepare(raw)


def prepare(raw: dict[str, Any]) -> dict[str, Any]:
    """A framework's weights as the file has them, unpacked for scoring: `inverted` maps a
    feature to [(criterion number, weight)], one look-up a feature rather than one a
    criterion; `tables` gives each criterion's {feature: weight}, for evidence."""
    cids = list(raw["criteria"])
    inverted: dict[str, list[tuple[int, float]]] = {}
    for k, cid in enumerate(cids):
        crit = raw["criteria"][cid]
        for idx, w in zip(crit["index"], crit["weight"], strict=True):
            inverted.setdefault(raw["features"][idx], []).append((k, w))
    tables = [
        {raw["features"][i]: w for i, w in zip(crit["index"], crit["weight"], strict=True)}
        for crit in raw["criteria"].values()
    ]
    return {**raw, "cids": cids, "inverted": inverted, "tables": tables}


def _sigmoid(x: float) -> float:
    # The same formula as scorer.js, so the two round alike.
    return 1.0 / (1.0 + math.exp(-x)) if x > -700.0 else 0.0


def _feature_set(toks: list[str], char_n: int) -> set[str]:
    """The distinct n-gram features of a text's tokens (rule 3)."""
    names = {"w " + t for t in toks}
    names.update([f"b {a} {b}" for a, b in zip(toks, toks[1:], strict=False)])
    names.update([f"s {a} {c}" for a, c in zip(toks, toks[2:], strict=False)])
    if char_n:
        for tok in set(toks):
            if _WORD.match(tok):
                padded = "<" + tok + ">"
                names.update("c " + padded[k : k + char_n]
                             for k in range(max(1, len(padded) - char_n + 1)))
    return names


def score(
    model: dict[str, Any], text: str, rule_ids: list[str], toks: list[str] | None = None
) -> dict[str, float]:
    """{criterion id: probability} for one text (`toks`: its tokens, if already found). (The
    sums are exact here and running in scorer.js; the two agree far inside the 1e-6 the
    vectors allow.)"""
    names = _feature_set(_TOKEN.findall(fold(text)) if toks is None else toks, model["char_n"])
    inverted = model["inverted"]
    cids = model["cids"]
    grams: list[list[float]] = [[] for _ in cids]
    for name in names & inverted.keys():
        for k, w in inverted[name]:
            grams[k].append(w)
    rules: list[list[float]] = [[] for _ in cids]
    for rid in rule_ids:
        for k, w in inverted.get("r " + rid, ()):
            rules[k].append(w)
    scale = model["scale"] / math.sqrt(len(names)) if names else 0.0
    criteria = model["criteria"]
    # fsum: exact, so the result does not depend on the set's (per-process) order.
    return {
        cid: _sigmoid(criteria[cid]["bias"] + math.fsum(rules[k]) + math.fsum(grams[k]) * scale)
        for k, cid in enumerate(cids)
    }


def evidence(
    model: dict[str, Any], cid: str, text: str,
    toks: list[tuple[str, int, int]] | None = None,
) -> list[tuple[int, int]]:
    """Spans of the phrases that weighed most for criterion `cid`, in text order (`toks`:
    tokens(text), if already found)."""
    table = model["tables"][model["cids"].index(cid)]
    char_n = model["char_n"]
    toks = tokens(text) if toks is None else toks
    last = len(toks) - 1
    # Each token's share of the weights, added in rule 5's order, as scorer.js's
    # tokenFeatures lists them, so the two round alike.
    weight = []
    for i, (tok, _, _) in enumerate(toks):
        s = 0.0
        if i > 1:
            s += table.get("s " + toks[i - 2][0] + " " + tok, 0.0) * 0.5
        if i > 0:
            s += table.get("b " + toks[i - 1][0] + " " + tok, 0.0) * 0.5
        s += table.get("w " + tok, 0.0)
        if i < last:
            s += table.get("b " + tok + " " + toks[i + 1][0], 0.0) * 0.5
        if i < last - 1:
            s += table.get("s " + tok + " " + toks[i + 2][0], 0.0) * 0.5
        if char_n and _WORD.match(tok):
            padded = "<" + tok + ">"
            runs = max(1, len(padded) - char_n + 1)
            for k in range(runs):
                s += table.get("c " + padded[k : k + char_n], 0.0) * (1.0 / runs)
        weight.append(s)
    order = sorted(
        (i for i, w in enumerate(weight) if w > 0 and _WORD.match(toks[i][0])),
        key=lambda i: (-weight[i], i),
    )
    if not order:
        return []
    floor = weight[order[0]] * 0.3
    taken: set[int] = set()
    phrases: list[tuple[int, int]] = []
    for seed in order:
        if len(phrases) >= EVIDENCE_PHRASES or weight[seed] < floor:
            break
        if seed in taken:
            continue
        lo = hi = seed
        while lo - 1 >= 0 and seed - (lo - 1) <= PHRASE_REACH and weight[lo - 1] > 0 \
                and (lo - 1) not in taken and not _STOP.search(text, toks[lo - 1][2], toks[lo][1]):
            lo -= 1
        while hi + 1 < len(toks) and (hi + 1) - seed <= PHRASE_REACH and weight[hi + 1] > 0 \
                and (hi + 1) not in taken and not _STOP.search(text, toks[hi][2], toks[hi + 1][1]):
            hi += 1
        taken.update(range(lo, hi + 1))
        phrases.append((toks[lo][1], toks[hi][2]))
    return sorted(phrases)
