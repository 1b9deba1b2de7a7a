"""The labelled corpus (data/labelled/) is what the self-check is trained and measured on, so
its shape is tested like code: every record complete, the test split locked to its own
writers, every test record double-labelled, labels balanced and independent, and the figures
the chapters show (data/labelled/measured.json) current."""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from typing import Any

import pytest

from tools.evaluate import CORPUS, measured_json, read_cases, read_corpus
from widgets.measured import MEASURED_PATH
from widgets.packs import load_packs

PACKS = load_packs()
ROWS = read_corpus()
REVIEW = CORPUS / "review" / "double-labelled.jsonl"
# The frameworks the corpus covers (a new pack adds its own records when they are written).
COVERED = sorted({r["framework"] for r in ROWS})


def _criteria(framework: str) -> list[str]:
    return [c["id"] for c in PACKS[framework]["criteria"]]


def test_the_corpus_is_large_enough_to_learn_from():
    assert len(ROWS) >= 3000
    for framework in ("smart", "voice", "risk"):
        assert sum(r["framework"] == framework for r in ROWS) >= 900, framework


def test_every_record_is_complete():
    ids = set()
    for r in ROWS:
        where = r.get("id")
        assert r["framework"] in PACKS, where
        assert set(r["labels"]) == set(_criteria(r["framework"])), where
        assert all(isinstance(v, bool) for v in r["labels"].values()), where
        assert r["split"] in ("train", "test"), where
        assert r["text"].strip() and r["style"] and r["writer"], where
        assert r["id"] not in ids, f"duplicate id {where}"
        ids.add(r["id"])


def test_the_test_split_is_a_fifth_or_more_from_its_own_writers():
    test = [r for r in ROWS if r["split"] == "test"]
    assert len(test) >= 0.2 * len(ROWS)
    writers = defaultdict(set)
    for r in ROWS:
        writers[r["split"]].add(r["writer"])
    assert not writers["train"] & writers["test"], "a writer has records in both splits"
    texts = defaultdict(set)
    for r in ROWS:
        texts[r["split"]].add(r["text"])
    assert not texts["train"] & texts["test"]


def test_no_record_copies_a_development_example():
    from tools.evaluate import labelled_sets

    seen = {c["text"] for path in labelled_sets().values() for c in read_cases(path)}
    assert not seen & {r["text"] for r in ROWS}


def test_every_test_record_was_labelled_by_two_labellers():
    reviewed = {json.loads(line)["id"]: json.loads(line)
                for line in REVIEW.read_text(encoding="utf-8").splitlines() if line.strip()}
    for r in ROWS:
        if r["split"] == "test":
            assert r["labelled_by"].startswith("two labellers"), r["id"]
            assert reviewed[r["id"]]["final"] == r["labels"], r["id"]
    train = [r for r in ROWS if r["split"] == "train"]
    sampled = sum(r["id"] in reviewed for r in train)
    assert sampled >= 0.1 * len(train) - 1, f"only {sampled} train records double-labelled"


def test_the_labellers_agree_as_careful_readers_do():
    pairs = [(a, b) for line in REVIEW.read_text(encoding="utf-8").splitlines() if line.strip()
             for row in [json.loads(line)] for a, b in
             ((row["a"][c], row["b"][c]) for c in row["a"])]
    agree = sum(a == b for a, b in pairs) / len(pairs)
    assert agree >= 0.97, f"labellers agree on only {agree:.3f} of judgements"


@pytest.mark.parametrize("framework", COVERED)
def test_each_criterion_is_met_in_30_to_70_percent_of_its_records(framework: str):
    mine = [r for r in ROWS if r["framework"] == framework]
    for cid in _criteria(framework):
        share = sum(r["labels"][cid] for r in mine) / len(mine)
        assert 0.30 <= share <= 0.70, f"{cid} is met in {share:.0%} of records"


# Pairs that cannot vary independently by definition (criteria.md): a rationale is the reason
# for a decision, so an entry without a decision has none.
DEPENDENT = {("oversight.decision", "oversight.rationale")}


@pytest.mark.parametrize("framework", COVERED)
def test_criteria_vary_independently_of_each_other(framework: str):
    mine = [r for r in ROWS if r["framework"] == framework]
    for a, b in itertools.combinations(_criteria(framework), 2):
        if (a, b) in DEPENDENT:
            assert not any(r["labels"][b] and not r["labels"][a] for r in mine), (a, b)
            continue
        x = [r["labels"][a] for r in mine]
        y = [r["labels"][b] for r in mine]
        phi = _phi(x, y)
        assert abs(phi) < 0.4, f"{a} and {b} go together (phi {phi:.2f})"


def _phi(x: list[bool], y: list[bool]) -> float:
    n11 = sum(a and b for a, b in zip(x, y, strict=True))
    n1_, n_1, n = sum(x), sum(y), len(x)
    den = math.sqrt(n1_ * (n - n1_) * n_1 * (n - n_1))
    return (n * n11 - n1_ * n_1) / den if den else 0.0


def test_the_figures_the_chapters_show_are_current():
    assert MEASURED_PATH.read_text(encoding="utf-8") == measured_json(), (
        "run: python -m tools.evaluate --record")


# Floors that catch a regression (overall, lowest criterion); the measured figures are in
# measured.json. The oversight pack is newer (2,640 training records); its floor sits under
# what it measured once on 6 December 2026 (0.920, lowest 0.859).
FLOORS = {"oversight": (0.90, 0.83)}
FLOOR = (0.93, 0.85)


def test_the_checker_agrees_with_careful_readers_on_unseen_writers():
    measured: dict[str, Any] = json.loads(MEASURED_PATH.read_text(encoding="utf-8"))
    for framework, figures in measured["frameworks"].items():
        overall, lowest = FLOORS.get(framework, FLOOR)
        assert figures["overall"] >= overall, framework
        mine = [c["agreement"] for cid, c in measured["criteria"].items()
                if cid.startswith(framework + ".")]
        assert min(mine) >= lowest, framework


def test_the_oversight_chapter_quotes_the_measured_figures():
    """The oversight chapter (a Markdown page, so no generated table) states its checker's
    measured agreement in words; they must be the figures in measured.json."""
    measured: dict[str, Any] = json.loads(MEASURED_PATH.read_text(encoding="utf-8"))
    page = (CORPUS.parent.parent / "chapters" / "oversight.md").read_text(encoding="utf-8")
    overall = measured["frameworks"]["oversight"]["overall"]
    assert f"agreed with careful readers on {overall * 100:.0f}% of judgements" in page
    for cid in ("oversight.decision", "oversight.rationale"):
        assert f"({measured['criteria'][cid]['agreement'] * 100:.0f}%)" in page, cid
    train = sum(r["framework"] == "oversight" and r["split"] == "train" for r in ROWS)
    test = sum(r["framework"] == "oversight" and r["split"] == "test" for r in ROWS)
    assert f"({train:,} fictional" in page and f"on {test:,} fictional entries" in page
