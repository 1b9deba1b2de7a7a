"""How well the identifier guard finds the identifiers annotated in data/identifiers.

    python -m tools.evaluate_guard [--split test|train] [--writers i07,i08] [--record]

By default it measures the locked test split (writers whose records are never trained or
tuned on), with no names listed: recall per kind (an annotated identifier counts as found
when any finding overlaps it; "same kind" also needs the right kind), precision on records
with identifiers, and false alarms per 1,000 words of clean records. `--writers` measures
only those writers' records (a test split added later, measured once). `--record` keeps the
figures in widgets/guard/measured.json, one measurement per set of writers, newest last; the
book's pages quote the newest.
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
    parser.add_argument("--writers", default="", help="comma-separated writer ids, e.g. i07,i08")
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    writers = sorted(w for w in args.writers.split(",") if w)
    records = [r for r in load_corpus(args.split)
               if not writers or r["id"].split("-")[0] in writers]
    if not records:
        parser.error("no records for these writers in this split")
    result = measure(records, find_identifiers)
    who = f"writers {', '.join(writers)}" if writers else "all writers"
    print(f"Identifier guard on the {args.split} split of data/identifiers, {who} "
          "(no names listed):")
    print(table(result))
    if args.record:
        if args.split != "test":
            parser.error("--record records the test split only")
        used = writers or sorted({r["id"].split("-")[0] for r in records})
        kept = json.loads(MEASURED.read_text(encoding="utf-8"))["measurements"] \
            if MEASURED.exists() else []
        kept = [m for m in kept if m["writers"] != used]
        kept.append({"measured_on": date.today().isoformat(), "writers": used, **result})
        MEASURED.write_text(json.dumps({"measurements": kept}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MEASURED.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
