"""How well the identifier guard finds the identifiers annotated in data/identifiers.

    python -m tools.evaluate_guard [--split test|train] [--record]

By default it measures the locked test split (writers whose records are never trained or
tuned on), with no names listed: recall per kind (an annotated identifier counts as found
when any finding overlaps it; "same kind" also needs the right kind), precision on records
with identifiers, and false alarms per 1,000 words of clean records. --record writes the
figures to widgets/guard/measured.json, which the book's pages quote.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from widgets.anonymise import find_identifiers
from widgets.guard import GUARD_DIR
from widgets.guard_measure import load_corpus, measure, table

MEASURED = GUARD_DIR / "measured.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.evaluate_guard", description=__doc__)
    parser.add_argument("--split", choices=("test", "train"), default="test")
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    records = load_corpus(args.split)
    result = measure(records, find_identifiers)
    print(f"Identifier guard on the {args.split} split of data/identifiers (no names listed):")
    print(table(result))
    if args.record:
        if args.split != "test":
            parser.error("--record records the test split only")
        result = {"measured_on": date.today().isoformat(), **result}
        MEASURED.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MEASURED.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
