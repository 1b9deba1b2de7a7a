"""Quiz banks: load `quizzes/*.yml`, validate them, and hand them out as plain JSON data.

Every bank is checked twice: against `quizzes/bank.schema.json` (shape and types) and
against the rules the schema cannot say (see docs/contracts.md, "Quiz banks"):

- the bank id equals the file name stem, and question ids are unique across all banks;
- single and scenario questions have exactly one correct option;
- multiple questions have at least one correct and at least one incorrect option;
- no question offers the same option text twice.

A bad bank raises `BankError`, one line per problem, each naming the file, the question id
and the field, so that a practice lead editing YAML can find the mistake without Python:

    quizzes/ilacs.yml: question 'ilacs-07': field 'options': single-choice question needs
    exactly one correct option, found 2

The data returned is JSON-ready (dates become ISO strings) and every question has the same
keys: `scenario` and `answer` are None where unused, and `options` is None for truefalse.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

REPO_ROOT = Path(__file__).resolve().parent.parent
QUIZ_DIR = REPO_ROOT / "quizzes"
SCHEMA_NAME = "bank.schema.json"

TYPE_NAMES = {
    "single": "single-choice",
    "scenario": "scenario",
    "multiple": "multiple-choice",
}

_JSON_TYPES = {
    dict: "an object",
    list: "a list",
    str: "text",
    bool: "true or false",
    int: "a number",
    float: "a number",
    type(None): "nothing (null)",
}


class BankError(ValueError):
    """A quiz bank that breaks the schema or the contract's rules.

    `problems` holds one line per problem; the message is those lines joined.
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def display_path(path: Path) -> str:
    """The file as a maintainer would name it: relative to the repository when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def _where(file: str, question: str | None = None, field: str | None = None) -> str:
    parts = [file]
    if question is not None:
        parts.append(f"question {question!r}")
    if field is not None:
        parts.append(f"field {field!r}")
    return ": ".join(parts)


def _validator(schema_path: Path) -> Draft202012Validator:
    return _compiled_validator(schema_path, schema_path.stat().st_mtime_ns)


@cache
def _compiled_validator(schema_path: Path, _mtime_ns: int) -> Draft202012Validator:
    """The schema, checked and compiled once per version of the file."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _plain(value: Any) -> Any:
    """YAML turns unquoted dates into date objects; the browser wants JSON strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _type_word(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _question_label(data: Any, index: int) -> str:
    """The question's id if it has a usable one, else its position (1-based)."""
    try:
        qid = data["questions"][index]["id"]
    except (KeyError, IndexError, TypeError):
        qid = None
    return qid if isinstance(qid, str) and qid.strip() else f"#{index + 1}"


def _describe(error: ValidationError) -> tuple[str | None, str]:
    """(field name, plain message) for one schema error, relative to its question or bank."""
    path = list(error.absolute_path)
    in_question = len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int)
    rest = path[2:] if in_question else path
    field = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in rest)
    field = field.replace(".[", "[") or None
    validator, expected, instance = error.validator, error.validator_value, error.instance

    if validator == "required":
        # jsonschema raises one error per missing key, naming it in the message.
        named = re.match(r"^'(.+)' is a required property$", error.message)
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        name = named.group(1) if named else (missing[0] if missing else "?")
        return (f"{field}.{name}" if field else name), "is required"
    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        name = extra[0] if extra else "?"
        return (f"{field}.{name}" if field else name), "is not a field a bank may have"
    if validator == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        if kinds == ["null"] and rest and rest[0] == "options":
            return field, "truefalse questions have no options (use 'answer')"
        if kinds == ["null"] and rest and rest[0] == "answer":
            return field, "only truefalse questions have an 'answer'"
        words = " or ".join(
            {"string": "text", "boolean": "true or false", "array": "a list",
             "object": "a mapping", "null": "null"}.get(k, k)
            for k in kinds
        )
        return field, f"must be {words}, found {_type_word(instance)}"
    if validator == "pattern":
        if expected == r"\S":
            return field, "must not be empty"
        return field, f"{instance!r} does not match {expected}"
    if validator == "minItems":
        return field, f"needs at least {expected}, found {len(instance)}"
    if validator == "maxItems":
        return field, f"allows at most {expected}, found {len(instance)}"
    if validator in ("enum", "const"):
        allowed = expected if isinstance(expected, list) else [expected]
        return field, f"must be one of {', '.join(map(str, allowed))}, found {instance!r}"
    return field, error.message


def _document_order(error: ValidationError) -> list[tuple[int, int, str]]:
    """Sort key: problems in the order they appear in the file (question 2 before 10)."""
    return [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in error.absolute_path]


def _schema_problems(data: Any, file: str, schema_path: Path) -> list[str]:
    problems = []
    errors = sorted(_validator(schema_path).iter_errors(data), key=_document_order)
    # A value can break both the general type (e.g. answer: boolean or null) and the
    # stricter one for its question type (answer: boolean); report only the stricter.
    strictest: dict[tuple[str, ...], ValidationError] = {}
    for error in errors:
        if error.validator == "type":
            spot = tuple(map(str, error.absolute_path))
            if spot not in strictest or len(error.schema_path) > len(strictest[spot].schema_path):
                strictest[spot] = error
    errors = [
        e for e in errors
        if e.validator != "type" or strictest[tuple(map(str, e.absolute_path))] is e
    ]
    for error in errors:
        path = list(error.absolute_path)
        field, message = _describe(error)
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            where = _where(file, _question_label(data, path[1]), field)
        else:
            where = _where(file, None, field)
        line = f"{where}: {message}"
        if line not in problems:
            problems.append(line)
    return problems


def _rule_problems(bank: Mapping[str, Any], stem: str, file: str) -> list[str]:
    """The contract's rules that JSON Schema cannot express (run on schema-valid data)."""
    problems = []
    if bank["id"] != stem:
        problems.append(
            f"{_where(file, None, 'id')}: bank id {bank['id']!r} must equal the file name "
            f"stem {stem!r}"
        )
    seen: set[str] = set()
    for question in bank["questions"]:
        qid, qtype = question["id"], question["type"]
        if qid in seen:
            problems.append(f"{_where(file, qid, 'id')}: question id is used twice in this bank")
        seen.add(qid)
        options = question.get("options") or []
        texts = [" ".join(o["text"].split()).casefold() for o in options]
        for i, text in enumerate(texts):
            if text in texts[:i]:
                problems.append(
                    f"{_where(file, qid, 'options')}: option text {options[i]['text']!r} "
                    f"appears more than once"
                )
        if qtype == "truefalse":
            continue
        correct = sum(1 for o in options if o["correct"])
        name = TYPE_NAMES[qtype]
        if qtype in ("single", "scenario") and correct != 1:
            problems.append(
                f"{_where(file, qid, 'options')}: {name} question needs exactly one correct "
                f"option, found {correct}"
            )
        if qtype == "multiple" and correct == 0:
            problems.append(
                f"{_where(file, qid, 'options')}: {name} question needs at least one correct "
                f"option, found none"
            )
        if qtype == "multiple" and correct == len(options):
            problems.append(
                f"{_where(file, qid, 'options')}: {name} question needs at least one incorrect "
                f"option, but all {correct} are marked correct"
            )
    return problems


def _normalise(bank: dict[str, Any]) -> dict[str, Any]:
    """Every question gets the same keys, so browser code need not test for absent ones."""
    for question in bank["questions"]:
        question.setdefault("scenario", None)
        question.setdefault("answer", None)
        question.setdefault("options", None)
    return bank


def load_bank(path: Path, schema_path: Path | None = None) -> dict[str, Any]:
    """Read and validate one bank file (the cross-bank id check is in `load_banks`)."""
    file = display_path(path)
    schema_path = schema_path or QUIZ_DIR / SCHEMA_NAME
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise BankError([f"{file}: not valid YAML{at}: {problem}"]) from err
    if not isinstance(raw, dict):
        raise BankError([f"{file}: a bank must be a YAML mapping, found {_type_word(raw)}"])
    data = _plain(raw)
    problems = _schema_problems(data, file, schema_path)
    if not problems:
        problems = _rule_problems(data, path.stem, file)
    if problems:
        raise BankError(problems)
    return _normalise(data)


def _fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(directory.glob("*.yml")) + [directory / SCHEMA_NAME]
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.exists()
    )


_CACHE: dict[Path, tuple[tuple[tuple[str, int, int], ...], dict[str, dict[str, Any]]]] = {}


def load_banks(directory: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """Every bank in `directory` (default: the repository's `quizzes/`), keyed by bank id.

    Validates every file (see the module docstring) and raises `BankError` listing the
    problems of every bad file. Results are cached until a file in the directory changes;
    callers get their own copy, so they may change it freely.

    The schema is the directory's own `bank.schema.json` if it has one (so a test can point
    at a scratch directory), else the repository's.
    """
    folder = Path(directory) if directory is not None else QUIZ_DIR
    folder = folder.resolve()
    if not folder.is_dir():
        raise BankError([f"{display_path(folder)}: no such directory of quiz banks"])
    key = _fingerprint(folder)
    cached = _CACHE.get(folder)
    if cached is None or cached[0] != key:
        _CACHE[folder] = (key, _load_all(folder))
    return copy.deepcopy(_CACHE[folder][1])


def _load_all(folder: Path) -> dict[str, dict[str, Any]]:
    schema_path = folder / SCHEMA_NAME
    if not schema_path.exists():
        schema_path = QUIZ_DIR / SCHEMA_NAME
    banks: dict[str, dict[str, Any]] = {}
    owners: dict[str, str] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yml")):
        file = display_path(path)
        try:
            bank = load_bank(path, schema_path)
        except BankError as err:
            problems.extend(err.problems)
            continue
        for question in bank["questions"]:
            qid = question["id"]
            if qid in owners and owners[qid] != file:
                problems.append(
                    f"{_where(file, qid, 'id')}: question id is already used in {owners[qid]}"
                )
            owners.setdefault(qid, file)
        banks[bank["id"]] = bank
    if problems:
        raise BankError(problems)
    return banks
