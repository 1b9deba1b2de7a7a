"""Check many records at once (the command line's --jsonl, the team audit, benchmarks).

Small batches run in this process. Large ones are shared across worker processes, one per
core, because the engine's time is spent inside the regular-expression scanner, which one
Python process runs on one core only. Results come back in the order given.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from typing import Any

from widgets.engine import Report, check
from widgets.packs import load_packs

# Below this many records, starting worker processes costs more than it saves.
PARALLEL_FROM = 2_000

_packs: dict[str, dict[str, Any]] = {}


def _start_worker(packs: dict[str, dict[str, Any]]) -> None:
    _packs.update(packs)


def _check_one(case: tuple[str, str]) -> Report:
    framework, text = case
    return check(text, _packs[framework])


def check_many(
    cases: Sequence[tuple[str, str]],
    packs: dict[str, dict[str, Any]] | None = None,
    workers: int | None = None,
) -> list[Report]:
    """The report for each (framework, text) pair, in order."""
    packs = packs if packs is not None else load_packs()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(cases) < PARALLEL_FROM:
        return [check(text, packs[framework]) for framework, text in cases]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunk = max(1, len(cases) // (workers * 8))
    with context.Pool(workers, initializer=_start_worker, initargs=(packs,)) as pool:
        return pool.map(_check_one, cases, chunksize=chunk)
