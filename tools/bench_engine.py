"""Speed of the Python engine (a benchmark, not a test): records a second over 10,000
records, and the time for one 1 MB text per pack.

    python -m tools.bench_engine [--records 10000]

The records are the labelled examples, cycled. Figures are CPU seconds of this process.
"""

from __future__ import annotations

import argparse
import os
import time

from tools.evaluate import DEFAULT_DATA, read_cases
from widgets.batch import check_many
from widgets.engine import check
from widgets.packs import load_packs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_engine", description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args(argv)
    packs = load_packs()
    cases = read_cases(DEFAULT_DATA)
    for case in cases:  # compile every pattern before timing
        check(case["text"], packs[case["framework"]])
    records = [cases[i % len(cases)] for i in range(args.records)]
    start = time.process_time()
    for case in records:
        check(case["text"], packs[case["framework"]])
    spent = time.process_time() - start
    mean_chars = sum(len(c["text"]) for c in records) / len(records)
    print(f"Python engine, one process: {len(records)} records (mean {mean_chars:.0f} "
          f"characters) in {spent:.2f} s = {len(records) / spent:,.0f} records/s")
    # The batch API (command line --jsonl, team audit) shares the work across cores.
    start = time.perf_counter()
    check_many([(c["framework"], c["text"]) for c in records], packs)
    wall = time.perf_counter() - start
    print(f"Python engine, batch (check_many, {os.cpu_count()} cores): {len(records)} records "
          f"in {wall:.2f} s wall = {len(records) / wall:,.0f} records/s (target >= 5,000/s)")
    paragraph = " ".join(c["text"] for c in cases) + " "
    megabyte = paragraph * (1_000_000 // len(paragraph) + 1)
    for name, pack in packs.items():
        start = time.process_time()
        check(megabyte, pack)
        print(f"Python engine: 1 MB ({len(megabyte):,} characters), {name}: "
              f"{time.process_time() - start:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
