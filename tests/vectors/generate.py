"""Shared test vectors: read them, summarise reports, and write the files the JS tests use.

    python tests/vectors/generate.py

writes tests/vectors/packs.json (the packs as widgets.packs.load_packs() returns them),
tests/vectors/corpus-vectors.jsonl (a sample of every framework's train records) and
tests/vectors/expected.jsonl (the Python engine's result for every vector). tests/test_parity.py
fails if either file is not what this script would write now, so they are never stale.
A vector is {"id", "framework", "text"} or, for very long texts, {"id", "framework",
"repeat": {"text", "times"}}; tests/js/engine_vectors.mjs reads them the same way.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PACKS_JSON = HERE / "packs.json"
EXPECTED = HERE / "expected.jsonl"
# The identifier guard's data as both guards read it, and the Python guard's findings and
# redacted text on train records of data/identifiers (never the locked test split).
GUARD_JSON = HERE / "guard.json"
GUARD_EXPECTED = HERE / "guard-expected.jsonl"
GUARD_SAMPLE = 150
# Train records of every framework in data/labelled (labels dropped), so that both engines are
# held equal on every pack's rules and weights, including a pack with no labelled set here.
CORPUS_VECTORS = HERE / "corpus-vectors.jsonl"
CORPUS_SAMPLE = 40


def vector_text(vector: dict[str, Any]) -> str:
    if "repeat" in vector:
        return vector["repeat"]["text"] * vector["repeat"]["times"]
    return vector["text"]


def vector_files() -> list[Path]:
    """Every labelled set (as tools.evaluate finds them), then the edge cases."""
    from tools.evaluate import EDGE_NAME, labelled_sets

    return [*labelled_sets().values(), HERE / EDGE_NAME, CORPUS_VECTORS]


def corpus_vectors_jsonl() -> str:
    """An even sample of CORPUS_SAMPLE train records a framework (never the test split)."""
    from tools.train import read_corpus

    train = read_corpus("train")
    lines = []
    for framework in sorted({r["framework"] for r in train}):
        mine = [r for r in train if r["framework"] == framework]
        step = max(1, len(mine) // CORPUS_SAMPLE)
        lines += [json.dumps({"id": r["id"], "framework": framework, "text": r["text"]},
                             ensure_ascii=False) for r in mine[::step][:CORPUS_SAMPLE]]
    return "\n".join(lines) + "\n"


def load_vectors() -> list[dict[str, Any]]:
    vectors = []
    for path in vector_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                vectors.append(json.loads(line))
    return vectors


def _criteria(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fields both engines must give alike; `score` (the learned scorer's probability) is
    compared to 1e-6 by tests/test_parity.py, everything else exactly."""
    keys = ("id", "met", "evidence", "concerns", "partial", "evidence_from", "score")
    return [{k: c[k] for k in keys if k in c} for c in criteria]


def summarise(vector_id: str, report: dict[str, Any]) -> dict[str, Any]:
    """What the engines must agree on: everything but engine-native indices (spans)."""
    return {
        "id": vector_id,
        "framework": report["framework"],
        "empty": report["empty"],
        "summary": report["summary"],
        "criteria": _criteria(report["criteria"]),
        "items": [
            {"text": i["text"], "summary": i["summary"], "criteria": _criteria(i["criteria"])}
            for i in report["items"]
        ],
    }


def packs_json() -> str:
    from widgets.packs import load_packs

    return json.dumps(load_packs(), ensure_ascii=False, indent=1) + "\n"


def expected_jsonl() -> str:
    from widgets.engine import check
    from widgets.packs import load_packs

    packs = load_packs()
    lines = [
        json.dumps(summarise(v["id"], check(vector_text(v), packs[v["framework"]])),
                   ensure_ascii=False)
        for v in load_vectors()
    ]
    return "\n".join(lines) + "\n"


def guard_json() -> str:
    from widgets.guard import load_guard

    return json.dumps(load_guard(), ensure_ascii=False, indent=0) + "\n"


def guard_expected_jsonl() -> str:
    """The Python guard on an even sample of GUARD_SAMPLE train records of data/identifiers."""
    from widgets.anonymise import find_identifiers, redact
    from widgets.guard_measure import load_corpus

    train = load_corpus("train")
    step = max(1, len(train) // GUARD_SAMPLE)
    lines = []
    for rec in train[::step][:GUARD_SAMPLE]:
        found = find_identifiers(rec["text"])
        lines.append(json.dumps({"id": rec["id"],
                                 "found": [{"type": f["type"], "text": f["text"]} for f in found],
                                 "redacted": redact(rec["text"], found)}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main() -> int:
    PACKS_JSON.write_text(packs_json(), encoding="utf-8")
    CORPUS_VECTORS.write_text(corpus_vectors_jsonl(), encoding="utf-8")
    EXPECTED.write_text(expected_jsonl(), encoding="utf-8")
    GUARD_JSON.write_text(guard_json(), encoding="utf-8")
    GUARD_EXPECTED.write_text(guard_expected_jsonl(), encoding="utf-8")
    print(f"wrote {PACKS_JSON.relative_to(ROOT)}, {CORPUS_VECTORS.relative_to(ROOT)}, "
          f"{EXPECTED.relative_to(ROOT)}, "
          f"{GUARD_JSON.relative_to(ROOT)} and {GUARD_EXPECTED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
