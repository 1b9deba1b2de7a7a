"""One meaning, two engines: the JavaScript engine gives the Python engine's results.

tests/vectors/ holds the 60 labelled examples, the 45 held-out ones, the 66 written blind, the
240 of four later blind sets, the edge cases and a sample of every framework's train records
(corpus-vectors.jsonl); packs.json and expected.jsonl there are made
by tests/vectors/generate.py and must be current.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.vectors.generate import (
    CORPUS_VECTORS,
    EXPECTED,
    GUARD_EXPECTED,
    GUARD_JSON,
    PACKS_JSON,
    corpus_vectors_jsonl,
    expected_jsonl,
    guard_expected_jsonl,
    guard_json,
    load_vectors,
    packs_json,
)

ROOT = Path(__file__).resolve().parents[1]
needs_node = pytest.mark.usefixtures("node")
REGENERATE = "run: python tests/vectors/generate.py"


def test_the_committed_packs_json_is_current():
    assert PACKS_JSON.read_text(encoding="utf-8") == packs_json(), REGENERATE


def test_the_committed_guard_data_and_its_vectors_are_current():
    # The browser guard's tests read these; stale files would compare it with an old guard.
    assert GUARD_JSON.read_text(encoding="utf-8") == guard_json(), REGENERATE
    assert GUARD_EXPECTED.read_text(encoding="utf-8") == guard_expected_jsonl(), REGENERATE


def test_the_committed_expected_results_are_current():
    assert CORPUS_VECTORS.read_text(encoding="utf-8") == corpus_vectors_jsonl(), REGENERATE
    assert EXPECTED.read_text(encoding="utf-8") == expected_jsonl(), REGENERATE


def test_the_vectors_hold_every_pack():
    from widgets.packs import load_packs

    assert {v["framework"] for v in load_vectors()} == set(load_packs())


def test_the_vectors_cover_the_labelled_examples_and_the_edge_cases():
    vectors = load_vectors()
    ids = [v["id"] for v in vectors]
    assert len(ids) == len(set(ids))
    assert sum(1 for v in vectors if "labels" in v) == 411  # 60 dev + 45 held out + 66 fresh + 4 x 60 blind
    texts = [v.get("text", "") for v in vectors]
    assert "" in texts
    assert any("\r\n" in t for t in texts)
    assert any("Zo\u00eb" in t for t in texts) and any("\u0141ukasz" in t for t in texts)
    assert any("e\u0301" in t for t in texts)
    assert any("\U0001F60A" in t for t in texts)
    big = [v for v in vectors if "repeat" in v]
    assert big and all(len(v["repeat"]["text"]) * v["repeat"]["times"] >= 1_000_000 for v in big)


@needs_node
def test_javascript_and_python_agree_on_every_vector():
    out = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "engine_vectors.mjs")],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    js = [json.loads(line) for line in out.stdout.splitlines()]
    python = [json.loads(line) for line in expected_jsonl().splitlines()]
    assert [r["id"] for r in js] == [r["id"] for r in python]
    for j, p in zip(js, python, strict=True):
        assert _without_scores(j) == _without_scores(p), f"engines disagree on {p['id']}"
        for js_score, py_score in zip(_scores(j), _scores(p), strict=True):
            assert abs(js_score - py_score) <= 1e-6, f"scores differ on {p['id']}"


def _scores(summary: dict) -> list[float]:
    return [c["score"] for c in summary["criteria"] if "score" in c]


def _without_scores(summary: dict) -> dict:
    out = json.loads(json.dumps(summary))
    for c in out["criteria"]:
        c.pop("score", None)
    return out


@needs_node
def test_the_javascript_engine_tests_pass():
    out = subprocess.run(
        ["node", "--test", str(ROOT / "tests" / "js" / "engine.test.mjs")],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
