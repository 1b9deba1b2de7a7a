"""Quiz scoring, with one meaning here and in `widgets/static/quizscore.js`.

A question scores 1 when the chosen set of option indices equals the set of correct indices
exactly (truefalse: the chosen value equals `answer`), else 0; there are no partial marks.
A quiz scores the sum over the questions asked, out of the number asked.

`chosen` is a list of option indices (order and repeats do not matter) for single, multiple
and scenario questions, and a bool for truefalse. Anything else (None for "not answered",
a wrong type, an index that is not an option) scores 0 rather than raising, as in the
browser, where an unanswered question is simply wrong. `tests/vectors/quizscore.jsonl`
holds the cases both engines must agree on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

Chosen = Sequence[int] | bool | None


class QuizScore(NamedTuple):
    score: int
    out_of: int


def correct_indices(question: Mapping[str, Any]) -> list[int]:
    """Indices of the correct options, in order (empty for truefalse)."""
    options = question.get("options") or []
    return [i for i, option in enumerate(options) if option.get("correct") is True]


def _as_index(value: Any, count: int) -> int | None:
    """An option index, or None if `value` is not one. bool is not an index (as in JS)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        # JSON cannot tell 1 from 1.0 and JavaScript treats both as the integer 1.
        value = int(value)
    if isinstance(value, int) and 0 <= value < count:
        return value
    return None


def score_question(question: Mapping[str, Any], chosen: Any) -> int:
    """1 if `chosen` is exactly right for `question`, else 0."""
    if question.get("type") == "truefalse":
        # Only a real bool counts: 1 is not True here, as in the browser.
        return int(isinstance(chosen, bool) and chosen is question.get("answer"))
    if not isinstance(chosen, list | tuple | set | frozenset):
        return 0
    count = len(question.get("options") or [])
    picked = set()
    for value in chosen:
        index = _as_index(value, count)
        if index is None:
            return 0
        picked.add(index)
    return int(picked == set(correct_indices(question)))


def score_quiz(
    questions: Sequence[Mapping[str, Any]],
    chosen: Sequence[Any] | Mapping[str, Any],
) -> QuizScore:
    """Sum of question scores, out of the number of questions asked.

    `chosen` is either one entry per question in the same order (as in the browser), or a
    mapping from question id to the entry. A missing entry counts as not answered.
    """
    score = 0
    for i, question in enumerate(questions):
        if isinstance(chosen, Mapping):
            entry = chosen.get(question.get("id"))
        else:
            entry = chosen[i] if i < len(chosen) else None
        score += score_question(question, entry)
    return QuizScore(score=score, out_of=len(questions))
