"""The identifier guard's annotated corpus (data/identifiers): big enough, well formed, with
a locked test split from its own writers, and as many clean records as the issue asks."""

from __future__ import annotations

import json
from collections import Counter

from widgets.guard import load_guard
from widgets.guard_measure import CORPUS, load_corpus

KINDS = {k["id"] for k in load_guard()["kinds"]}


def _records() -> list[dict]:
    return [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_corpus_is_large_marked_and_split_by_writer() -> None:
    records = _records()
    assert len(records) >= 1000
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    splits: dict[str, set[str]] = {}
    for r in records:
        splits.setdefault(r["id"].split("-")[0], set()).add(r["split"])
        assert r["clean"] == (not r["spans"]), r["id"]
        for s in r["spans"]:
            assert s["type"] in KINDS, (r["id"], s)
            assert r["text"][s["start"]:s["end"]] == s["text"], (r["id"], s)
    # Every writer's records are in one split; the test split is at least a fifth.
    assert all(len(v) == 1 for v in splits.values()), splits
    test = [r for r in records if r["split"] == "test"]
    assert len(test) >= 0.2 * len(records)
    assert all(r["marked_by"] == "writer, annotator, adjudicated" for r in test)
    assert sum(r["clean"] for r in records) >= 0.14 * len(records)


def test_every_kind_is_in_the_test_split_and_load_corpus_reads_one_split() -> None:
    test = load_corpus("test")
    kinds = Counter(s["type"] for r in test for s in r["spans"])
    assert set(kinds) == KINDS and min(kinds.values()) >= 30, kinds
    assert {r["split"] for r in load_corpus("train")} == {"train"}


def test_the_ordinary_words_come_from_the_train_split_only() -> None:
    # tools/build_lexicon.py takes ordinary words from train records only, so the test splits
    # stay unseen. The shipped list is the one the guard was trained and measured with; it is
    # not rebuilt each time the corpora grow, but every word in it must still be a train word.
    from tools.build_lexicon import OUT, _corpus_words

    ordinary = set(json.loads(OUT.read_text(encoding="utf-8"))["ordinary"].split())
    assert ordinary <= _corpus_words(), sorted(ordinary - _corpus_words())[:20]
