"""Quiz scoring (widgets.quizscore) against the shared vectors and the contract's rules.

tests/vectors/quizscore.jsonl is shared with the JavaScript scorer: both engines must give
every vector its expected score, so the browser and Python agree on what counts as right.
"""

import json
from pathlib import Path

import pytest

from widgets.quizscore import QuizScore, correct_indices, score_question, score_quiz

VECTORS_PATH = Path(__file__).parent / "vectors" / "quizscore.jsonl"
VECTORS = [
    json.loads(line)
    for line in VECTORS_PATH.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector(vector):
    assert score_question(vector["question"], vector["chosen"]) == vector["expected"]


def test_vectors_cover_every_type_both_ways():
    # A vector file with only right answers (or one type) would let a scorer that always
    # says 1 pass; check it exercises every type with both outcomes.
    seen = {(v["question"]["type"], v["expected"]) for v in VECTORS}
    for qtype in ("single", "multiple", "scenario", "truefalse"):
        assert (qtype, 1) in seen and (qtype, 0) in seen, qtype
    names = [v["name"] for v in VECTORS]
    assert len(names) == len(set(names)), "vector names must be unique"


def _question(qtype, correct, n=4):
    return {
        "id": f"q-{qtype}",
        "type": qtype,
        "options": [{"text": f"Option {i}", "correct": i in correct} for i in range(n)],
    }


def test_no_partial_marks_for_multiple():
    q = _question("multiple", {0, 1, 3})
    assert score_question(q, [0, 1, 3]) == 1
    assert score_question(q, [0, 1]) == 0
    assert score_question(q, [0, 1, 2, 3]) == 0


def test_python_sets_and_tuples_are_accepted():
    # Python callers (notebooks) may pass a set or tuple of indices; JSON never can.
    q = _question("multiple", {1, 2})
    assert score_question(q, {2, 1}) == 1
    assert score_question(q, (1, 2)) == 1


def test_correct_indices():
    assert correct_indices(_question("multiple", {3, 1})) == [1, 3]
    assert correct_indices({"type": "truefalse", "answer": True, "options": None}) == []


def test_score_quiz_in_order():
    questions = [
        _question("single", {2}),
        {"id": "tf", "type": "truefalse", "answer": False, "options": None},
        _question("multiple", {0, 3}),
    ]
    assert score_quiz(questions, [[2], False, [0, 3]]) == QuizScore(score=3, out_of=3)
    assert score_quiz(questions, [[1], False, [0]]) == QuizScore(score=1, out_of=3)
    # Unanswered questions still count in out_of: the score is out of the number asked.
    assert score_quiz(questions, [[2]]) == QuizScore(score=1, out_of=3)
    assert score_quiz(questions, []) == QuizScore(score=0, out_of=3)


def test_score_quiz_by_id():
    questions = [_question("single", {0}), {"id": "tf", "type": "truefalse", "answer": True}]
    assert score_quiz(questions, {"tf": True}) == (1, 2)
    assert score_quiz(questions, {"q-single": [0], "tf": True}) == (2, 2)
    assert score_quiz(questions, {"nonexistent": True}) == (0, 2)


def test_score_quiz_empty():
    assert score_quiz([], []) == QuizScore(score=0, out_of=0)
