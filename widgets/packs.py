"""Load and validate the criteria packs (widgets/criteria/*.yml).

`load_packs()` returns {framework: pack} in the plain-JSON form both engines read: every
pattern is an object {"pattern", "case_sensitive"[, "alternative"]}, vocabulary references
({{name}}) are expanded, and every optional field has its default. A malformed pack raises
PackError naming the file, the criterion and the field.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from widgets.patterns import PatternError, check_pattern

PACK_DIR = Path(__file__).parent / "criteria"
SCHEMA_PATH = PACK_DIR / "pack.schema.json"
# Words that belong to no one framework (the whole-record checker, the team audit's columns).
BOOK_PATH = Path(__file__).parent / "book.yml"
BOOK_SCHEMA_PATH = Path(__file__).parent / "book.schema.json"
_TYPE_SPACES = re.compile("[ \t_-]{1,100}")
_VOCAB_REF = re.compile(r"\{\{([a-z][a-z0-9_]*)\}\}")


def record_type_key(value: str) -> str:
    """A record type as the team audit compares it: case, spaces, "_" and "-" aside."""
    return _TYPE_SPACES.sub(" ", value.strip().lower()).strip()


class PackError(ValueError):
    """A pack that cannot be used; the message names file, criterion and field."""


def _shown(path: Path) -> str:
    """The path as a maintainer would type it: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(PACK_DIR.parent.parent).as_posix()
    except ValueError:
        return str(path)


def _field(parts: list[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Where:
    """Builds messages of the form  file: criterion 'id': field 'x': problem."""

    def __init__(self, path: Path, data: Any) -> None:
        self.file = _shown(path)
        self.data = data

    def error(self, parts: list[Any], problem: str) -> PackError:
        where = [self.file]
        if len(parts) >= 2 and parts[0] == "criteria" and isinstance(parts[1], int):
            crit = self.data["criteria"][parts[1]]
            name = crit.get("id") if isinstance(crit, dict) else None
            where.append(f"criterion '{name}'" if name else f"criterion #{parts[1] + 1}")
            parts = parts[2:]
        if parts:
            where.append(f"field '{_field(parts)}'")
        return PackError(": ".join([*where, problem]))


@functools.cache
def _schema_validator(path: Path = SCHEMA_PATH) -> jsonschema.Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_check(where: _Where, data: Any, schema: Path = SCHEMA_PATH) -> None:
    errors = sorted(
        _schema_validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path)
    )
    if not errors:
        return
    err = errors[0]
    parts = list(err.absolute_path)
    message = err.message
    if err.validator == "required" and isinstance(err.instance, dict):
        missing = [k for k in err.validator_value if k not in err.instance]
        parts.append(missing[0])
        message = "missing (required)"
    elif err.validator == "oneOf":
        message = "must be a pattern string or {pattern, case_sensitive, alternative}"
    raise where.error(parts, message)


def _expand(pattern: str, vocabulary: dict[str, list[str]], depth: int = 0) -> str:
    """Replace each {{name}} with (?:fragment|fragment|...); fragments may use other names.

    Fragments are joined flat (not each in its own group): it means the same, and Python's
    regex engine then skips a branch by its first letter, which keeps scans fast.
    """
    if depth > 5:
        raise PatternError("vocabulary names refer to each other in a loop")

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in vocabulary:
            raise PatternError(f"unknown vocabulary '{{{{{name}}}}}'")
        return "(?:" + "|".join(_expand(f, vocabulary, depth + 1) for f in vocabulary[name]) + ")"

    return _VOCAB_REF.sub(one, pattern)


def _groups(
    where: _Where, parts: list[Any], groups: list[dict[str, Any]], vocab: dict[str, list[str]]
) -> list[dict[str, Any]]:
    out = []
    for g, group in enumerate(groups):
        patterns = []
        for k, entry in enumerate(group["patterns"]):
            item = {"pattern": entry} if isinstance(entry, str) else dict(entry)
            item["case_sensitive"] = bool(item.get("case_sensitive", False))
            try:
                item["pattern"] = _expand(item["pattern"], vocab)
                check_pattern(item["pattern"], item["case_sensitive"])
            except PatternError as exc:
                raise where.error([*parts, g, "patterns", k], str(exc)) from None
            patterns.append(item)
        out.append(
            {
                "name": group["name"],
                "advice": group.get("advice"),
                "explainable": bool(group.get("explainable", False)),
                "secondary": bool(group.get("secondary", False)),
                "patterns": patterns,
            }
        )
    return out


def _criterion(where: _Where, c: int, raw: dict[str, Any], framework: str,
               vocab: dict[str, list[str]]) -> dict[str, Any]:
    base = ["criteria", c]
    if not raw["id"].startswith(framework + "."):
        raise where.error([*base, "id"], f"must start with '{framework}.'")
    signals = _groups(where, [*base, "signals"], raw["signals"], vocab)
    counters = _groups(where, [*base, "counter_signals"], raw.get("counter_signals", []), vocab)
    effect = raw.get("counter_effect", "note")
    max_words = raw.get("max_sentence_words")
    if not signals and not (effect == "veto" and (counters or max_words)):
        raise where.error(
            [*base, "signals"],
            "empty; a criterion without signals needs counter_effect: veto with "
            "counter_signals or max_sentence_words",
        )
    return {
        "id": raw["id"],
        "title": raw["title"],
        "short_title": raw["short_title"],
        "meaning": raw["meaning"].strip(),
        "question": raw["question"].strip(),
        "met_message": raw["met_message"].strip(),
        "prompt": raw["not_met"]["prompt"].strip(),
        "better_wording": raw["not_met"]["better_wording"].strip(),
        "match": raw.get("match", "any"),
        "signals": signals,
        "counter_signals": counters,
        "counter_effect": effect,
        "max_sentence_words": max_words,
        "requires": list(raw.get("requires", [])),
    }


def _read_yaml(path: Path, where: _Where) -> Any:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(f"{where.file}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise PackError(f"{where.file}: not valid YAML{line}: {problem}") from None
    where.data = data
    return data


def load_pack(path: str | Path) -> dict[str, Any]:
    """Read, validate and normalise one pack file."""
    path = Path(path)
    where = _Where(path, None)
    data = _read_yaml(path, where)
    _schema_check(where, data)
    vocab = data.get("vocabulary", {})
    for name, fragments in vocab.items():
        for k, fragment in enumerate(fragments):
            try:
                check_pattern(_expand(fragment, vocab), case_sensitive=True)  # syntax only
            except PatternError as exc:
                raise where.error(["vocabulary", name, k], str(exc)) from None
    framework = data["framework"]
    criteria = [
        _criterion(where, c, raw, framework, vocab) for c, raw in enumerate(data["criteria"])
    ]
    seen: set[str] = set()
    for c, crit in enumerate(criteria):
        if crit["id"] in seen:
            raise where.error(["criteria", c, "id"], "duplicate id")
        for k, needed in enumerate(crit["requires"]):
            # Earlier in the pack: the engine settles criteria in order, so a chain works.
            if needed not in seen:
                raise where.error(["criteria", c, "requires", k],
                                  f"'{needed}' is not a criterion listed above this one")
        seen.add(crit["id"])
    return {
        "framework": framework,
        "title": data["title"],
        "order": data["order"],
        "kind": data["kind"],
        "kind_plural": data["kind_plural"],
        "record_types": list(data.get("record_types", [])),
        "display": {k: " ".join(v.split()) for k, v in data["display"].items()},
        "split_items": bool(data.get("split_items", False)),
        "record_sections": list(data.get("record_sections", [])),
        "criteria": criteria,
    }


@functools.cache
def _load_dir(directory: str) -> dict[str, dict[str, Any]]:
    packs: dict[str, dict[str, Any]] = {}
    types: dict[str, str] = {}  # a record type as the audit compares it -> framework
    shorts: dict[str, str] = {}  # a short title -> the criterion that has it
    for path in sorted(Path(directory).glob("*.yml")):
        pack = load_pack(path)
        name = pack["framework"]
        if name in packs:
            raise PackError(f"{_shown(path)}: field 'framework': '{name}' is "
                            "already used by another pack")
        for value in [name, *pack["record_types"]]:
            key = record_type_key(value)
            if types.setdefault(key, name) != name:
                raise PackError(f"{_shown(path)}: field 'record_types': '{value}' is already "
                                f"a record type of '{types[key]}'")
        for c in pack["criteria"]:
            if shorts.setdefault(c["short_title"], c["id"]) != c["id"]:
                raise PackError(f"{_shown(path)}: criterion '{c['id']}': field 'short_title': "
                                f"'{c['short_title']}' is already the short title of "
                                f"'{shorts[c['short_title']]}'")
        packs[name] = pack
    # The order readers meet the frameworks in the book.
    return dict(sorted(packs.items(), key=lambda kv: (kv[1]["order"], kv[0])))


def load_packs(directory: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """All packs in `directory` (default: widgets/criteria), validated, as {framework: pack}.

    The result is cached; treat it as read-only.
    """
    return _load_dir(str(directory or PACK_DIR))


@functools.cache
def load_book(path: Path = BOOK_PATH) -> dict[str, Any]:
    """widgets/book.yml, validated: the words that belong to no one framework."""
    where = _Where(path, None)
    data = _read_yaml(path, where)
    _schema_check(where, data, BOOK_SCHEMA_PATH)
    whole = data["whole_record"]
    data["whole_record"] = {k: " ".join(v.split()) for k, v in whole.items()}
    return dict(data)
