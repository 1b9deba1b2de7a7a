"""Check many records at once (the command line's --jsonl, the team audit, benchmarks).

Small batches run in this process. Large ones are shared across worker processes, one per
core, because the engine's time is spent inside the regular-expression scanner, which one
Python process runs on one core only. Results come back in the order given.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from typing import Any

from widgets.engine import Report, check
from widgets.packs import load_packs

# Below this many records, starting worker processes costs more than it saves.
PARALLEL_FROM = 2_000

_packs: dict[str, dict[str, Any]] = {}
_slim = [False]


def _start_worker(packs: dict[str, dict[str, Any]], slim: bool) -> None:
    _packs.update(packs)
    _slim[0] = slim


def slim_report(report: Report) -> Report:
    """Only what a table of results needs: the summary, and each criterion's id, met and
    evidence. (Sending whole reports between processes costs more than checking them.)"""
    return {
        "framework": report["framework"],
        "summary": report["summary"],
        "criteria": [
            {"id": c["id"], "met": c["met"], "evidence": c["evidence"]} for c in report["criteria"]
        ],
    }


def _report(text: str, pack: dict[str, Any], slim: bool) -> Report:
    # A slim report has no concerns, so the engine need not look for them.
    return slim_report(check(text, pack, concerns=False)) if slim else check(text, pack)


def _check_one(case: tuple[str, str]) -> Report:
    framework, text = case
    return _report(text, _packs[framework], _slim[0])


def iter_check(
    cases: Sequence[tuple[str, str]],
    packs: dict[str, dict[str, Any]] | None = None,
    workers: int | None = None,
    slim: bool = False,
) -> Iterator[Report]:
    """The report for each (framework, text) pair, in order, each as soon as it is ready: the
    caller can use the first reports while workers check the rest. With `slim`, as slim_report."""
    packs = packs if packs is not None else load_packs()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(cases) < PARALLEL_FROM:
        for framework, text in cases:
            yield _report(text, packs[framework], slim)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunk = max(1, len(cases) // (workers * 8))
    with context.Pool(workers, initializer=_start_worker, initargs=(packs, slim)) as pool:
        yield from pool.imap(_check_one, cases, chunksize=chunk)


def check_many(
    cases: Sequence[tuple[str, str]],
    packs: dict[str, dict[str, Any]] | None = None,
    workers: int | None = None,
    slim: bool = False,
) -> list[Report]:
    """The report for each (framework, text) pair, in order; with `slim`, as slim_report."""
    return list(iter_check(cases, packs, workers, slim))
