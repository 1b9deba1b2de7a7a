"""The learned scorer: one weights file, reproducible from the corpus, small enough for a
page, explained by the words that weighed most, and never a reason to hide what a rule found
without calling it partial."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from widgets import scorer
from widgets.engine import check
from widgets.packs import load_packs

PACKS = load_packs()
WEIGHTS = json.loads(scorer.WEIGHTS_PATH.read_text(encoding="utf-8"))


def test_the_weights_cover_every_criterion_of_every_trained_pack():
    assert WEIGHTS["version"] >= 1
    for framework, model in WEIGHTS["frameworks"].items():
        assert set(model["criteria"]) == {c["id"] for c in PACKS[framework]["criteria"]}
        for cid, crit in model["criteria"].items():
            assert crit["combine"] in ("scorer", "either"), cid
            assert 0 < crit["threshold"] < 1, cid
            assert len(crit["index"]) == len(crit["weight"]), cid
            assert all(0 <= i < len(model["features"]) for i in crit["index"]), cid


def test_the_weights_are_small_enough_for_a_page():
    raw = scorer.WEIGHTS_PATH.read_bytes()
    assert len(gzip.compress(raw)) <= 200_000


@pytest.mark.slow
def test_make_train_reproduces_the_committed_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tools import train

    out = tmp_path / "weights.json"
    monkeypatch.setattr(train, "WEIGHTS_PATH", out)
    assert train.main([]) == 0
    assert out.read_text(encoding="utf-8") == scorer.WEIGHTS_PATH.read_text(encoding="utf-8"), (
        "widgets/criteria/weights.json is not what `make train` writes from data/labelled: "
        "run make train")


def test_folding_keeps_every_index():
    text = "Zo\u00eb SAID \u201cI\u2019m 14\u201d \U0001F60A"
    assert len(scorer.fold(text)) == len(text)
    assert scorer.fold("Mum\u2019s 2026") == "mum's 0000"


def test_tokens_are_words_and_the_marks_that_carry_meaning():
    toks = [t for t, _, _ in scorer.tokens('Jo (9) said "I don\u2019t" / SW: 3/10')]
    assert toks == ["jo", "(", "0", ")", "said", '"', "i", "don't", '"', "/", "sw", ":", "0", "/", "00"]


def test_a_pack_without_weights_is_checked_by_its_rules_alone():
    pack = {**PACKS["voice"], "framework": "not-trained"}
    report = check("Saw Ava alone. She said \u201cI like school\u201d.", pack)
    assert all("score" not in c for c in report["criteria"])
    assert report["criteria"][0]["met"]


def test_a_learned_met_shows_the_words_that_weighed_most_inside_the_text():
    text = ("Mason (4) lives with Mum. The worry is Mason being hurt again by Mum's partner, "
            "who has hit him before.")
    report = check(text, PACKS["risk"])
    named = next(c for c in report["criteria"] if c["id"] == "risk.named")
    assert named["met"]
    if named.get("evidence_from") == "scorer":
        assert named["evidence"] and all(e in text for e in named["evidence"])
        for s, e in named["spans"]:
            assert "." not in text[s:e].rstrip(".")  # a phrase stays inside one sentence


def test_every_criterion_not_met_shows_no_evidence():
    from tests.vectors.generate import load_vectors

    for v in load_vectors():
        if "text" not in v:
            continue
        for c in check(v["text"], PACKS[v["framework"]])["criteria"]:
            if not c["met"]:
                assert c["evidence"] == [] and c["spans"] == [], (v["id"], c["id"])
