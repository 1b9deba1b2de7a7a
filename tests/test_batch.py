"""A batch checked across worker processes gives the same reports, in the same order, as one
checked record by record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.evaluate import labelled_sets, read_cases
from widgets import batch
from widgets.engine import check
from widgets.packs import load_packs

VECTORS = Path(__file__).parent / "vectors"


def test_parallel_batch_matches_record_by_record(monkeypatch: pytest.MonkeyPatch) -> None:
    packs = load_packs()
    rows = [json.loads(line) for line in (VECTORS / "dev-cases.jsonl").read_text().splitlines()]
    cases = [(r["framework"], r["text"]) for r in rows] * 3
    monkeypatch.setattr(batch, "PARALLEL_FROM", 10)  # force the worker processes
    got = batch.check_many(cases, packs, workers=2)
    assert got == [check(text, packs[framework]) for framework, text in cases]


@pytest.mark.parametrize("parallel_from", [10, 10_000], ids=["workers", "one process"])
def test_slim_reports_keep_what_a_table_needs(monkeypatch, parallel_from) -> None:
    # Every labelled example: a slim report skips the concerns, never a met or an evidence.
    packs = load_packs()
    rows = [case for path in labelled_sets().values() for case in read_cases(path)]
    assert len(rows) == 411
    cases = [(r["framework"], r["text"]) for r in rows]
    monkeypatch.setattr(batch, "PARALLEL_FROM", parallel_from)
    got = batch.check_many(cases, packs, workers=2, slim=True)
    for (framework, text), slim in zip(cases, got, strict=True):
        full = check(text, packs[framework])
        assert slim["summary"] == full["summary"]
        assert slim["criteria"] == [
            {"id": c["id"], "met": c["met"], "evidence": c["evidence"]} for c in full["criteria"]
        ]
