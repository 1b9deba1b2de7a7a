"""Quiz banks: every bank and question in quizzes/*.yml, and the validator's error messages.

Banks and questions are discovered from the files at collection time, so a new bank is
tested without editing this file. The malformed-bank tests write small banks to tmp_path
and check that the error names the file, the question id and the field.
"""

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from widgets.quizbank import QUIZ_DIR, BankError, display_path, load_bank, load_banks

ROOT = Path(__file__).resolve().parents[1]
QUIZSCORE_JS = ROOT / "widgets" / "static" / "quizscore.js"
# The browser's own scorer marks each question's key, every option alone and all options.
SCORE_SCRIPT = """
import { readFileSync } from "node:fs";
const { scoreQuestion } = await import(process.argv[1]);
const out = {};
for (const bank of Object.values(JSON.parse(readFileSync(0, "utf8")))) {
  for (const q of bank.questions) {
    if (q.type === "truefalse") {
      out[q.id] = { key: scoreQuestion(q, q.answer), other: scoreQuestion(q, !q.answer) };
    } else {
      const key = q.options.flatMap((o, i) => (o.correct === true ? [i] : []));
      out[q.id] = { key: scoreQuestion(q, key), all: scoreQuestion(q, q.options.map((_, i) => i)),
        each: q.options.map((_, i) => scoreQuestion(q, [i])), keyIndices: key };
    }
  }
}
console.log(JSON.stringify(out));
"""

BANK_FILES = sorted(QUIZ_DIR.glob("*.yml"))

# One bank per chapter topic (bank id -> chapter docname), as the book's plan requires.
REQUIRED_BANKS = {
    "ilacs": "ilacs",
    "focused-visits-jtais": "focused-visits-jtais",
    "sif": "sif-history",
    "related-regimes": "related-regimes",
    "top-tips": "what-inspectors-look-at",
    "smart-plans": "smart-plans",
    "childs-voice": "childs-voice",
    "risk": "risk",
    "leaders": "leaders",
    "oversight": "oversight",
    "inspection-week": "inspection-week",
    "practice-by-judgement": "practice-by-judgement",
    "checking-practice": "checking-practice",
    "why-inspection-matters": "why-inspection-matters",
    "chronologies": "chronologies",
}
TYPES = ("single", "multiple", "truefalse", "scenario")
CRITERIA_SOURCE = "The book's self-check criteria"


def _question_params():
    """(file, index) for every question, read straight from YAML so ids exist even if a
    bank is invalid (the invalid bank then fails its own test, not collection)."""
    params = []
    for path in BANK_FILES:
        try:
            questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
            ids = [q.get("id", f"#{i + 1}") for i, q in enumerate(questions)]
        except Exception:  # noqa: BLE001 - reported by test_bank_is_valid
            ids = []
        params += [pytest.param(path, i, id=f"{path.stem}:{qid}") for i, qid in enumerate(ids)]
    return params


@pytest.fixture(scope="module")
def banks():
    return load_banks()


@pytest.fixture(scope="module")
def scored(banks, node):
    """{question id: how quizscore.js scores its key and each other choice}."""
    out = subprocess.run([node, "--input-type=module", "-e", SCORE_SCRIPT, QUIZSCORE_JS.as_uri()],
                         input=json.dumps(banks), capture_output=True, text=True, check=True,
                         timeout=120)
    return json.loads(out.stdout)


def correct_indices(question: dict) -> list[int]:
    return [i for i, o in enumerate(question.get("options") or []) if o.get("correct") is True]


@pytest.mark.parametrize("path", BANK_FILES, ids=[p.stem for p in BANK_FILES])
def test_bank_is_valid(path):
    bank = load_bank(path)
    assert bank["id"] == path.stem
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", bank["facts_as_at"])
    if bank["id"] in REQUIRED_BANKS:
        assert bank["chapter"] == REQUIRED_BANKS[bank["id"]]
    # Every bank mixes all four kinds of question, so each chapter's quiz tests recall,
    # judgement and application.
    assert {q["type"] for q in bank["questions"]} == set(TYPES)
    assert 8 <= len(bank["questions"]) <= 15


@pytest.mark.parametrize(("path", "index"), _question_params())
def test_question(path, index, banks, scored):
    question = banks[path.stem]["questions"][index]
    qid = question["id"]
    assert qid.startswith(f"{path.stem}-"), "question ids start with their bank id"

    # Answer key: the key itself scores 1, and every other single choice scores 0.
    score = scored[qid]
    if question["type"] == "truefalse":
        assert (score["key"], score["other"]) == (1, 0)
        # The explanation opens by saying which it is; a flipped `answer` would contradict it.
        expected = "True." if question["answer"] else "False."
        assert question["explanation"].startswith(expected), qid
    else:
        key = correct_indices(question)
        assert score["keyIndices"] == key and score["key"] == 1 and score["all"] == 0
        assert score["each"] == [1 if key == [i] else 0 for i in range(len(question["options"]))]
        texts = " ".join(o["text"].casefold() for o in question["options"])
        # These break when the UI orders options differently, and give the answer away.
        assert "all of the above" not in texts and "none of the above" not in texts

    # Facts are dated: the source names a year, says the document is undated (as facts.md
    # records it), or is the book's own criteria.
    source = question["source"]
    dated = re.search(r"\b(19|20)\d\d\b", source) or "undated" in source
    assert source.startswith(CRITERIA_SOURCE) or dated, qid
    assert len(question["explanation"]) >= 80, "explanations say why, not just which"
    assert question["discussion"].rstrip().endswith(("?", ".")), qid
    if question["type"] == "scenario":
        assert len(question["scenario"].split()) >= 10, "a scenario is a short vignette"


def test_all_banks_load_together(banks):
    assert set(REQUIRED_BANKS) <= set(banks)
    total = sum(len(b["questions"]) for b in banks.values())
    assert total >= 80
    # The browser receives this as JSON (quizbanks.js); it must serialise as it is.
    json.dumps(banks)


def test_correct_answers_are_not_always_in_the_same_place(banks):
    # If the right option were nearly always first, a reader could guess it without
    # reading; no position should hold more than half of the single-answer keys.
    positions = Counter(
        correct_indices(q)[0]
        for b in banks.values()
        for q in b["questions"]
        if q["type"] in ("single", "scenario")
    )
    assert max(positions.values()) <= sum(positions.values()) / 2, positions


def test_repo_files_are_named_relative_to_the_repo():
    assert display_path(QUIZ_DIR / "ilacs.yml") == "quizzes/ilacs.yml"


def test_questions_have_the_same_keys(banks):
    keys = {"id", "type", "question", "scenario", "options", "answer", "explanation",
            "discussion", "source"}
    for bank in banks.values():
        for q in bank["questions"]:
            assert set(q) == keys, q["id"]


# --- malformed banks -------------------------------------------------------------------


def _good_bank(bank_id="bad"):
    return {
        "id": bank_id,
        "title": "A test bank",
        "chapter": None,
        "description": "Used only by the validator tests.",
        "facts_as_at": "2026-11-23",
        "questions": [
            {
                "id": f"{bank_id}-01",
                "type": "single",
                "question": "Which pathway follows a good judgement?",
                "options": [
                    {"text": "Short inspection", "correct": True},
                    {"text": "Monitoring visits", "correct": False},
                ],
                "explanation": "Good councils get a short inspection.",
                "discussion": "What would we show?",
                "source": "Example source (2018)",
            },
            {
                "id": f"{bank_id}-02",
                "type": "truefalse",
                "question": "Focused visits are graded.",
                "answer": False,
                "explanation": "False. They end in a letter.",
                "discussion": "Why no grade?",
                "source": "Example source (2018)",
            },
        ],
    }


def _write(tmp_path, bank, name=None):
    path = tmp_path / f"{name or bank['id']}.yml"
    path.write_text(yaml.safe_dump(bank, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(path.resolve())


def _error(tmp_path):
    with pytest.raises(BankError) as info:
        load_banks(tmp_path)
    return str(info.value)


def test_good_bank_loads(tmp_path):
    _write(tmp_path, _good_bank())
    banks = load_banks(tmp_path)
    assert [q["id"] for q in banks["bad"]["questions"]] == ["bad-01", "bad-02"]
    assert banks["bad"]["questions"][1]["options"] is None


def test_single_with_two_correct_options(tmp_path):
    bank = _good_bank()
    bank["questions"][0]["options"][1]["correct"] = True
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == (
        f"{file}: question 'bad-01': field 'options': single-choice question needs exactly "
        "one correct option, found 2"
    )


def test_scenario_with_no_correct_option(tmp_path):
    bank = _good_bank()
    q = bank["questions"][0]
    q.update(type="scenario", scenario="Sam, 6, lives with his dad.")
    q["options"][0]["correct"] = False
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == (
        f"{file}: question 'bad-01': field 'options': scenario question needs exactly one "
        "correct option, found 0"
    )


def test_scenario_without_a_vignette(tmp_path):
    bank = _good_bank()
    bank["questions"][0]["type"] = "scenario"
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == f"{file}: question 'bad-01': field 'scenario': is required"


def test_scenario_with_blank_vignette(tmp_path):
    bank = _good_bank()
    bank["questions"][0].update(type="scenario", scenario="   ")
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == f"{file}: question 'bad-01': field 'scenario': must not be empty"


def test_multiple_with_every_option_correct(tmp_path):
    bank = _good_bank()
    q = bank["questions"][0]
    q["type"] = "multiple"
    q["options"][1]["correct"] = True
    file = _write(tmp_path, bank)
    message = _error(tmp_path)
    assert message.startswith(f"{file}: question 'bad-01': field 'options': ")
    assert "at least one incorrect option" in message


def test_multiple_with_no_correct_option(tmp_path):
    bank = _good_bank()
    q = bank["questions"][0]
    q["type"] = "multiple"
    q["options"][0]["correct"] = False
    file = _write(tmp_path, bank)
    message = _error(tmp_path)
    assert message.startswith(f"{file}: question 'bad-01': field 'options': ")
    assert "at least one correct option" in message


def test_truefalse_with_options(tmp_path):
    bank = _good_bank()
    bank["questions"][1]["options"] = [
        {"text": "True", "correct": False},
        {"text": "False", "correct": True},
    ]
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == (
        f"{file}: question 'bad-02': field 'options': truefalse questions have no options "
        "(use 'answer')"
    )


def test_truefalse_without_answer(tmp_path):
    bank = _good_bank()
    del bank["questions"][1]["answer"]
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == f"{file}: question 'bad-02': field 'answer': is required"


def test_truefalse_answer_must_be_boolean(tmp_path):
    bank = _good_bank()
    bank["questions"][1]["answer"] = "no way"
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == (
        f"{file}: question 'bad-02': field 'answer': must be true or false, found text"
    )


def test_answer_on_a_choice_question(tmp_path):
    bank = _good_bank()
    bank["questions"][0]["answer"] = True
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == (
        f"{file}: question 'bad-01': field 'answer': only truefalse questions have an 'answer'"
    )


@pytest.mark.parametrize(("count", "phrase"), [(1, "needs at least 2, found 1"),
                                                (7, "allows at most 6, found 7")])
def test_option_count(tmp_path, count, phrase):
    bank = _good_bank()
    bank["questions"][0]["options"] = [
        {"text": f"Option {i}", "correct": i == 0} for i in range(count)
    ]
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == f"{file}: question 'bad-01': field 'options': {phrase}"


def test_duplicate_option_text(tmp_path):
    bank = _good_bank()
    bank["questions"][0]["options"][1]["text"] = "  short   INSPECTION "
    file = _write(tmp_path, bank)
    message = _error(tmp_path)
    assert message.startswith(f"{file}: question 'bad-01': field 'options': option text ")
    assert "appears more than once" in message


@pytest.mark.parametrize("field", ["explanation", "discussion", "source", "question"])
def test_blank_text_fields(tmp_path, field):
    bank = _good_bank()
    bank["questions"][0][field] = " \n "
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == f"{file}: question 'bad-01': field '{field}': must not be empty"


def test_missing_explanation(tmp_path):
    bank = _good_bank()
    del bank["questions"][1]["explanation"]
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == f"{file}: question 'bad-02': field 'explanation': is required"


def test_misspelt_field(tmp_path):
    bank = _good_bank()
    q = bank["questions"][0]
    q["explaination"] = q.pop("explanation")
    file = _write(tmp_path, bank)
    lines = _error(tmp_path).splitlines()
    # Both halves of the typo are reported: the unknown key and the missing one.
    assert f"{file}: question 'bad-01': field 'explaination': is not a field a bank may have" in lines
    assert f"{file}: question 'bad-01': field 'explanation': is required" in lines


def test_unknown_question_type(tmp_path):
    bank = _good_bank()
    bank["questions"][0]["type"] = "singel"
    file = _write(tmp_path, bank)
    message = _error(tmp_path)
    assert f"{file}: question 'bad-01': field 'type': must be one of single, multiple" in message


def test_bank_id_must_equal_file_stem(tmp_path):
    file = _write(tmp_path, _good_bank("other"), name="bad")
    assert _error(tmp_path) == (
        f"{file}: field 'id': bank id 'other' must equal the file name stem 'bad'"
    )


def test_question_ids_unique_across_banks(tmp_path):
    first = _write(tmp_path, _good_bank("alpha"))
    beta = _good_bank("beta")
    beta["questions"][1]["id"] = "alpha-02"
    second = _write(tmp_path, beta)
    assert _error(tmp_path) == (
        f"{second}: question 'alpha-02': field 'id': question id is already used in {first}"
    )


def test_question_ids_unique_within_a_bank(tmp_path):
    bank = _good_bank()
    bank["questions"][1]["id"] = "bad-01"
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == (
        f"{file}: question 'bad-01': field 'id': question id is used twice in this bank"
    )


def test_question_without_id_is_named_by_position(tmp_path):
    bank = _good_bank()
    del bank["questions"][1]["id"]
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == f"{file}: question '#2': field 'id': is required"


def test_missing_bank_field(tmp_path):
    bank = _good_bank()
    del bank["facts_as_at"]
    file = _write(tmp_path, bank)
    assert _error(tmp_path) == f"{file}: field 'facts_as_at': is required"


def test_invalid_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("id: broken\nquestions: [\n  - id: x\n", encoding="utf-8")
    message = _error(tmp_path)
    assert message.startswith(f"{path.resolve()}: not valid YAML (line ")


def test_every_bad_file_is_reported(tmp_path):
    one = _good_bank("one")
    one["questions"][0]["options"][1]["correct"] = True
    two = _good_bank("two")
    del two["questions"][1]["answer"]
    first, second = _write(tmp_path, one), _write(tmp_path, two)
    lines = _error(tmp_path).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{first}: question 'one-01': field 'options'")
    assert lines[1] == f"{second}: question 'two-02': field 'answer': is required"


def test_unquoted_date_becomes_a_string(tmp_path):
    path = tmp_path / "dated.yml"
    text = yaml.safe_dump(_good_bank("dated"), sort_keys=False)
    path.write_text(text.replace("facts_as_at: '2026-11-23'", "facts_as_at: 2026-11-23"))
    assert "facts_as_at: 2026-11-23\n" in path.read_text()
    assert load_banks(tmp_path)["dated"]["facts_as_at"] == "2026-11-23"


def test_cache_sees_edits_and_hands_out_copies(tmp_path):
    _write(tmp_path, _good_bank())
    first = load_banks(tmp_path)
    first["bad"]["title"] = "changed by a caller"
    assert load_banks(tmp_path)["bad"]["title"] == "A test bank"
    bank = _good_bank()
    bank["title"] = "An edited title that changes the file size"
    _write(tmp_path, bank)
    assert load_banks(tmp_path)["bad"]["title"] == "An edited title that changes the file size"


def test_error_lines_name_file_question_and_field_for_real_bank_copy(tmp_path):
    # A real bank, copied and broken the way an editor might (a second 'correct: true'),
    # fails with the real question id.
    source = QUIZ_DIR / "ilacs.yml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    target = next(q for q in data["questions"] if q["type"] == "single")
    for option in target["options"]:
        option["correct"] = True
    file = _write(tmp_path, data, name="ilacs")
    n = len(target["options"])
    assert _error(tmp_path) == (
        f"{file}: question '{target['id']}': field 'options': single-choice question needs "
        f"exactly one correct option, found {n}"
    )


def test_default_directory_is_the_repo_quizzes():
    assert Path(QUIZ_DIR).name == "quizzes"
    assert load_banks() == load_banks(QUIZ_DIR)


def test_the_right_option_is_not_given_away_by_its_length(banks):
    """A team must not be able to guess from length: in each bank's single-choice and scenario
    questions, the right option is the strictly longest in at most 35% of them."""
    for bank_id, bank in banks.items():
        asked = [q for q in bank["questions"] if q["type"] in ("single", "scenario")]
        longest = 0
        for q in asked:
            lengths = [len(o["text"]) for o in q["options"]]
            right = correct_indices(q)[0]
            longest += all(lengths[right] > n for i, n in enumerate(lengths) if i != right)
        assert longest <= 0.35 * len(asked), (
            f"{bank_id}: the right option is the longest in {longest} of {len(asked)}")
