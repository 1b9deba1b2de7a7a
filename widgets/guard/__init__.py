"""The identifier guard's data: rules.yml (kinds, patterns, context words), lexicon.json
(word lists, built by tools/build_lexicon.py) and tagger.json (the name tagger's weights,
built by tools/train_guard.py). `load_guard()` joins them into the one plain-JSON object
both guards read: widgets/anonymise.py here, and widgets/static/anonymise.js in the browser
(the book writes it as guard.js; live widgets receive it as a trait).
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

GUARD_DIR = Path(__file__).parent
RULES_PATH = GUARD_DIR / "rules.yml"
SCHEMA_PATH = GUARD_DIR / "rules.schema.json"
LEXICON_PATH = GUARD_DIR / "lexicon.json"
TAGGER_PATH = GUARD_DIR / "tagger.json"
CHECKS = ("nhs_modulus_11", "uk_phone")
_PART = re.compile(r"\{([a-z_]+)\}")


class GuardError(ValueError):
    """Guard data that cannot be used; the message names the file, the item and the field."""


def _expand(text: str, parts: dict[str, str], where: str, depth: int = 0) -> str:
    if depth > 5:
        raise GuardError(f"{where}: parts refer to each other in a loop")

    def part(m: re.Match[str]) -> str:
        if m.group(1) not in parts:
            raise GuardError(f"{where}: no part named {{{m.group(1)}}} in 'parts'")
        return _expand(parts[m.group(1)], parts, where, depth + 1)

    return _PART.sub(part, text)


def load_rules(path: Path = RULES_PATH) -> dict[str, Any]:
    """rules.yml, validated, with every pattern's parts expanded and checked as portable."""
    shown = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise GuardError(f"{shown}: cannot be read: {err}") from err
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        at = ".".join(str(p) for p in err.absolute_path) or "(top)"
        raise GuardError(f"{shown}: field '{at}': {err.message}")
    kinds = [k["id"] for k in raw["kinds"]]
    if len(set(kinds)) != len(kinds):
        raise GuardError(f"{shown}: field 'kinds': a kind is listed twice")
    ids: set[str] = set()
    patterns = []
    for item in raw["patterns"]:
        where = f"{shown}: pattern '{item['id']}'"
        if item["id"] in ids:
            raise GuardError(f"{where}: field 'id': used twice")
        ids.add(item["id"])
        if item["kind"] is not None and item["kind"] not in kinds:
            raise GuardError(f"{where}: field 'kind': {item['kind']!r} is not one of the kinds")
        if "after" in item and item["after"] not in ids:
            raise GuardError(f"{where}: field 'after': no earlier pattern {item['after']!r}")
        pattern = _expand(item["pattern"], raw["parts"], where)
        cased = bool(item.get("cased", False))
        try:
            compiled = check_pattern(pattern, case_sensitive=cased)
        except PatternError as err:
            raise GuardError(f"{where}: field 'pattern': {err}") from err
        if not cased and pattern != pattern.lower():
            raise GuardError(f"{where}: field 'pattern': must be lower case (or set cased: true)")
        group = item.get("group", 0)
        if group > compiled.groups:
            raise GuardError(f"{where}: field 'group': the pattern has {compiled.groups} groups")
        patterns.append({"id": item["id"], "kind": item["kind"], "pattern": pattern,
                         "cased": cased, "check": item.get("check", ""),
                         "after": item.get("after", ""), "group": group})
    return {"version": raw["version"], "kinds": [
        {"id": k["id"], "label": k["label"], "one": k["one"], "many": k["many"],
         "numbered": bool(k.get("numbered", False))} for k in raw["kinds"]],
        "patterns": patterns, "words": raw["words"]}


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise GuardError(f"{path.name}: cannot be read: {err}") from err
    if not isinstance(data, dict):
        raise GuardError(f"{path.name}: must hold an object")
    return data


@functools.cache
def load_guard() -> dict[str, Any]:
    """Everything the guard needs, as one plain-JSON object (the same in both languages)."""
    rules = load_rules()
    lexicon = _read_json(LEXICON_PATH)
    for field in ("first", "surname", "ordinary"):
        if not isinstance(lexicon.get(field), str):
            raise GuardError(f"{LEXICON_PATH.name}: field '{field}': must be a string of words")
    untrained = {"bias": 0.0, "threshold": 0.5, "weights": {}}
    tagger = _read_json(TAGGER_PATH) if TAGGER_PATH.exists() else untrained
    for field in ("bias", "threshold", "weights"):
        if field not in tagger:
            raise GuardError(f"{TAGGER_PATH.name}: field '{field}': missing")
    return {**rules, "lexicon": {k: lexicon[k] for k in ("first", "surname", "ordinary")},
            "tagger": {"bias": tagger["bias"], "threshold": tagger["threshold"],
                       "weights": tagger["weights"]}}
