"""The anonymisation guard: find likely identifiers in case text, and redact them.

widgets/static/anonymise.js is the same guard for the browser. Both follow the rules below,
use the same patterns (a test compares them) and give the same findings and the same
redacted text on every line of tests/vectors/anonymise.jsonl.

1. Patterns are ASCII, lower case, in the portable subset of widgets/patterns.py (bounded
   repeats, no nested quantifiers), matched against the text with its ASCII letters folded
   to lower case, so every index stays the same and no engine's "ignore case" is used.
2. Kinds, in priority order (a tie at the same start and length goes to the earlier kind):
   email address; NHS number (10 digits, or 3-3-4 with spaces or hyphens, that pass the
   Modulus 11 check); UK phone number (0 or +44, then 9 or 10 digits, first 1, 2, 3, 5, 7
   or 8); date of birth (a date, or part of one, straight after "DOB", "date of birth",
   "born" or "birthday"); full date (day, month and year, anywhere); UK postcode; and each
   name the user lists (whole words, ignoring case).
3. Matches are ordered by start (longer first at the same start); a match that overlaps
   one already kept is dropped.
4. Redaction replaces each kept match by its placeholder, such as "[NHS number]".

The guard is a safety net, not an anonymiser: it cannot know that "Kayden's nan on Elm
Road" identifies a child. See chapters/team-audit.ipynb for what it misses.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TypedDict

from widgets.patterns import fold_text


class Finding(TypedDict):
    type: str
    label: str
    text: str
    start: int
    end: int


# Kind -> label; the placeholder is the label in square brackets. Dict order is priority.
LABELS: dict[str, str] = {
    "email": "email",
    "nhs_number": "NHS number",
    "phone": "phone number",
    "dob": "date of birth",
    "date": "date",
    "postcode": "postcode",
    "name": "name",
}
# How a warning names each kind, in the plural ("2 phone numbers").
PLURALS: dict[str, tuple[str, str]] = {
    "email": ("email address", "email addresses"),
    "nhs_number": ("NHS number", "NHS numbers"),
    "phone": ("phone number", "phone numbers"),
    "dob": ("date of birth", "dates of birth"),
    "date": ("full date", "full dates"),
    "postcode": ("postcode", "postcodes"),
    "name": ("listed name", "listed names"),
}

_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH_NUM = "(?:0?[1-9]|1[0-2])"
_MONTH = (
    "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = "(?:st|nd|rd|th)?"
# 03/04/2015, 3.4.15, 3-4-2015 (one separator throughout); 2015-04-03; 3rd April 2015;
# April 3, 2015.
_FULL_DATE = (
    f"(?<![0-9a-z])(?<![0-9][/.-])(?:{_DAY}(?:/{_MONTH_NUM}/|\\.{_MONTH_NUM}\\.|-{_MONTH_NUM}-)"
    "(?:[0-9]{4}|[0-9]{2})(?![0-9]|[/.-][0-9])"
    "|[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?![0-9]|[/.-][0-9])"
    f"|{_DAY}{_ORD} (?:of )?{_MONTH}\\.?,? [0-9]{{4}}(?![0-9]))"
    f"|(?<![a-z]){_MONTH}\\.? {_DAY}{_ORD},? [0-9]{{4}}(?![0-9])"
)

# Every pattern the guard uses, by name; anonymise.js holds the same strings.
PATTERNS: dict[str, str] = {
    "email": "(?<![a-z0-9._%+-])[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,253}\\.[a-z]{2,24}(?![a-z0-9-])",
    "nhs_number": (
        "(?<![0-9a-z])(?:[0-9]{10}|[0-9]{3} [0-9]{3} [0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4})"
        "(?![0-9a-z])"
    ),
    "phone": (
        "(?<![0-9a-z+])(?:\\+44 ?(?:\\(0\\) ?)?[1-9][0-9]{1,4}|\\(0[1-9][0-9]{1,4}\\)"
        "|0[1-9][0-9]{1,4})[ -]?[0-9]{3,4}[ -]?[0-9]{3,4}(?![0-9])"
    ),
    # A cue for a date of birth, with what may stand between it and the date.
    "dob_cue": (
        "(?<![a-z])(?:d\\.? ?o\\.? ?b\\.?|date of birth|born(?: on| in)?|birthday(?: is)?)"
        "(?![a-z])[ \\t]{0,3}[:=-]?[ \\t]{0,3}(?:(?:is|was|on) )?"
    ),
    # A date straight after a cue: a full date, or a day and month, a month and year, a year.
    "dob_date": (
        f"(?:{_FULL_DATE}"
        f"|{_DAY}{_ORD} (?:of )?{_MONTH}(?![a-z])"
        f"|{_MONTH},? [0-9]{{4}}(?![0-9])"
        "|(?:19|20)[0-9]{2}(?![0-9]))"
    ),
    "date": _FULL_DATE,
    "postcode": "(?<![a-z0-9])[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][abd-hjlnp-uw-z]{2}(?![a-z0-9])",
}

_RX = {name: re.compile(pattern, re.ASCII) for name, pattern in PATTERNS.items()}
_NAME_SPLIT = re.compile("[,;\n]")
_DIGIT = re.compile("[0-9]")
_PRIORITY = {kind: i for i, kind in enumerate(LABELS)}
_SPACES = re.compile("[ \t]{1,100}")
# Phone numbers: what may come after the leading 0 (or +44) - geographic (1, 2), non-geographic
# (3), corporate (5), mobile (7), freephone and special rate (8).
_PHONE_FIRST = "123578"


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's Modulus 11 check: weights 10 down to 2 on the first nine digits."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _phone_valid(match: str) -> bool:
    digits = "".join(ch for ch in match if "0" <= ch <= "9")
    if match.startswith("+44"):
        national = digits[2:]
        if national.startswith("0"):  # +44 (0)20 ...
            national = national[1:]
    else:
        national = digits[1:]
    return len(national) in (9, 10) and national[0] in _PHONE_FIRST


def parse_names(names: str | Iterable[str]) -> list[str]:
    """Names to look for: a list, or one string with names separated by commas or lines.

    Each is trimmed with inner spaces made single; names shorter than two characters and
    repeats (ignoring case) are dropped.
    """
    parts = _NAME_SPLIT.split(names) if isinstance(names, str) else list(names)
    out: dict[str, str] = {}
    for part in parts:
        name = _SPACES.sub(" ", str(part)).strip(" \t\r\n")
        if len(name) >= 2:
            out.setdefault(_lower(name), name)
    return list(out.values())


def _lower(text: str) -> str:
    """Lower case, one character at a time, only where that keeps the length (so indices hold).

    Characters outside the Basic Multilingual Plane are left alone, as in JavaScript, where
    they are two UTF-16 units.
    """
    if text.isascii():
        return text.lower()
    return "".join(_lower_char(ch) for ch in text)


@functools.cache
def _lower_char(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 and ord(ch) < 0x10000 else ch


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LNM"


def _name_matches(text: str, names: list[str]) -> list[tuple[int, int]]:
    if not names:
        return []
    lowered = _lower(text)
    found = []
    for name in names:
        needle = _lower(name)
        start = lowered.find(needle)
        while start != -1:
            end = start + len(needle)
            before = start > 0 and _is_word_char(text[start - 1])
            after = end < len(text) and _is_word_char(text[end])
            if not before and not after:
                found.append((start, end))
            start = lowered.find(needle, start + 1)
    return found


def find_identifiers(text: str, names: str | Iterable[str] = ()) -> list[Finding]:
    """Likely identifiers in `text`, in order, none overlapping (see the module's rules)."""
    folded = fold_text(text)
    priority = _PRIORITY
    raw: list[tuple[int, int, str]] = []
    if "@" in folded:
        for m in _RX["email"].finditer(folded):
            raw.append((m.start(), m.end(), "email"))
    if _DIGIT.search(folded) is not None:  # every other pattern needs a digit
        raw.extend(_numeric_matches(folded))
    for start, end in _name_matches(text, parse_names(names)):
        raw.append((start, end, "name"))

    kept: list[Finding] = []
    last_end = -1
    for start, end, kind in sorted(raw, key=lambda r: (r[0], r[0] - r[1], priority[r[2]])):
        if start >= last_end:
            kept.append(Finding(type=kind, label=LABELS[kind], text=text[start:end],
                                start=start, end=end))
            last_end = end
    return kept


def _numeric_matches(folded: str) -> list[tuple[int, int, str]]:
    raw: list[tuple[int, int, str]] = []
    for m in _RX["nhs_number"].finditer(folded):
        digits = m.group().replace(" ", "").replace("-", "")
        if nhs_number_valid(digits):
            raw.append((m.start(), m.end(), "nhs_number"))
    for m in _RX["phone"].finditer(folded):
        if _phone_valid(m.group()):
            raw.append((m.start(), m.end(), "phone"))
    for m in _RX["dob_cue"].finditer(folded):
        date = _RX["dob_date"].match(folded, m.end())
        if date is not None:
            raw.append((date.start(), date.end(), "dob"))
    for m in _RX["date"].finditer(folded):
        raw.append((m.start(), m.end(), "date"))
    for m in _RX["postcode"].finditer(folded):
        raw.append((m.start(), m.end(), "postcode"))
    return raw


def placeholder(kind: str) -> str:
    return f"[{LABELS[kind]}]"


def redact(text: str, found: list[Finding] | None = None) -> str:
    """The text with each finding (by default, everything find_identifiers finds) replaced."""
    if found is None:
        found = find_identifiers(text)
    out = []
    pos = 0
    for f in sorted(found, key=lambda f: f["start"]):
        if f["start"] < pos:
            continue  # overlapping findings: the first one wins
        out.append(text[pos : f["start"]])
        out.append(placeholder(f["type"]))
        pos = f["end"]
    out.append(text[pos:])
    return "".join(out)


def count_by_type(found: Sequence[Finding]) -> dict[str, int]:
    """{kind: count} for the kinds present, in the guard's order."""
    if not found:
        return {}  # most records: the audit asks for each one
    counts = dict.fromkeys(LABELS, 0)
    for f in found:
        counts[f["type"]] += 1
    return {kind: n for kind, n in counts.items() if n}


def describe_counts(counts: dict[str, int]) -> str:
    """'2 NHS numbers, 1 postcode' - the words a warning uses."""
    parts = []
    for kind, n in counts.items():
        one, many = PLURALS[kind]
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


def warning_text(found: list[Finding]) -> str:
    """The agreed warning for a list of findings ('' when none), as warningText in anonymise.js."""
    if not found:
        return ""
    return (
        f"Possible identifiers found: {describe_counts(count_by_type(found))}. "
        "Remove or replace them before you share this text."
    )
