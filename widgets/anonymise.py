"""The identifier guard: find likely identifiers in case text, and redact them readably.

widgets/static/anonymise.js is the same guard for the browser. Both read one data object
(widgets/guard: rules.yml, lexicon.json, tagger.json; see widgets/guard/__init__.py), keep
only the algorithm below, and give the same findings and the same redacted text on every
line of tests/vectors/anonymise.jsonl.

1. Patterns (rules.yml) find the structured kinds: email, NHS number (Modulus 11), UK
   phone, date of birth (a date straight after a cue), full date, postcode, reference
   numbers, addresses, schools and nurseries. Lower-case patterns are matched against the
   text with ASCII letters folded to lower case (every index stays the same); `cased`
   patterns against the text as written.
2. Names the user lists are found as whole words, ignoring case.
3. Other names are found by a token tagger: each word gets features (its shape, whether
   the word lists know it as a first name, a surname or an ordinary word, the words around
   it, titles and roles before it) and a linear score from tagger.json; a word scoring at
   or above the cut is a name, as is any other capitalised use of a word found as a name
   in the same text (or any use, if it is not an ordinary word). Runs of name words
   joined by a space or a hyphen are one name. Titles and roles ("Mrs", "Mum") never are.
4. Matches are ordered by start (longer first, then by the kinds' priority); a match that
   overlaps one already kept is dropped.
5. Redaction replaces each finding by its placeholder, "[NHS number]"; names are numbered by
   person in order of first appearance ("[Name 1] told me [Name 2] shouts"), a lone first
   name or surname joining the full name it is part of when only one full name has it.

The guard is a safety net, not an anonymiser: it cannot know that "Kayden's nan on the
corner by the chip shop" identifies a child. See chapters/team-audit.ipynb for its limits.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict

from widgets.firstchars import with_first_chars
from widgets.guard import load_guard
from widgets.patterns import fold_text


class Finding(TypedDict):
    type: str
    label: str
    text: str
    start: int
    end: int


_GUARD = load_guard()
# Kind -> label; the placeholder is the label in square brackets. Dict order is priority.
LABELS: dict[str, str] = {k["id"]: k["label"] for k in _GUARD["kinds"]}
# How a warning names each kind ("2 phone numbers").
PLURALS: dict[str, tuple[str, str]] = {k["id"]: (k["one"], k["many"]) for k in _GUARD["kinds"]}
NUMBERED = frozenset(k["id"] for k in _GUARD["kinds"] if k["numbered"])
_PRIORITY = {kind: i for i, kind in enumerate(LABELS)}
_NAME_SPLIT = re.compile("[,;\n]")
_SPACES = re.compile("[ \t]{1,100}")
# A word: letters, with apostrophes or hyphens inside ("O'Connor", "Anna-Marie").
_WORD = re.compile("[^\\W\\d_]+(?:['\u2019-][^\\W\\d_]+)*")
_BLANKS = " \t"
# Before these (past spaces), a word starts a sentence or a line.
_STARTS = ".!?\n\r\u2022*"
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


_CHECKS = {
    "nhs_modulus_11": lambda m: nhs_number_valid(m.replace(" ", "").replace("-", "")),
    "uk_phone": _phone_valid,
}


class _Compiled:
    """The guard data, compiled once: patterns, word sets and weights."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.patterns = [
            (p, with_first_chars(re.compile(p["pattern"], 0 if p["cased"] else re.ASCII)))
            for p in data["patterns"]
        ]
        lex = data["lexicon"]
        self.first = frozenset(lex["first"].split())
        self.surname = frozenset(lex["surname"].split())
        self.ordinary = frozenset(lex["ordinary"].split())
        self.titles = frozenset(data["words"]["titles"])
        self.roles = frozenset(data["words"]["roles"])
        self.group_of: dict[str, list[str]] = {}
        for group, members in data["words"]["groups"].items():
            for word in members:
                self.group_of.setdefault(word, []).append(group)
        self.contractions = frozenset(data["words"]["contractions"])
        tagger = data["tagger"]
        self.weights: dict[str, float] = tagger["weights"]
        self.bias: float = tagger["bias"]
        self.cut: float = tagger["threshold"]


@functools.cache
def _compiled() -> _Compiled:
    return _Compiled(_GUARD)


_LAST_DATA: list[tuple[dict[str, Any], _Compiled]] = []


def _compiled_for(data: dict[str, Any]) -> _Compiled:
    """Candidate data (tools/train_guard.py) compiled once, not once per text checked."""
    if not _LAST_DATA or _LAST_DATA[0][0] is not data:
        _LAST_DATA[:] = [(data, _Compiled(data))]
    return _LAST_DATA[0][1]


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


def _pattern_matches(text: str, folded: str, guard: _Compiled) -> list[tuple[int, int, str]]:
    raw: list[tuple[int, int, str]] = []
    has_digit = any("0" <= ch <= "9" for ch in folded)
    ends: dict[str, list[int]] = {}
    for p, rx in guard.patterns:
        subject = text if p["cased"] else folded
        if p["after"]:
            matches = [m for pos in ends.get(p["after"], []) if (m := rx.match(subject, pos))]
        else:
            digits_only = "[0-9]" in p["pattern"] and "[a-z]" not in p["pattern"]
            if not has_digit and digits_only and not p["cased"]:
                continue  # a speed-up only: a pattern made of digits cannot match without one
            matches = list(rx.finditer(subject))
        if p["kind"] is None:
            ends[p["id"]] = [m.end() for m in matches]
            continue
        check = _CHECKS.get(p["check"]) if p["check"] else None
        group = p["group"]
        for m in matches:
            if m.end(group) > m.start(group) and (check is None or check(m.group(group))):
                raw.append((m.start(group), m.end(group), p["kind"]))
    return raw


# --- the name tagger ---------------------------------------------------------------------

def _shape(word: str) -> str:
    if len(word) == 1:
        return "A" if word.isupper() else "a"
    if word.isupper():
        return "X"
    if word.islower():
        return "x"
    return "Xx" if word[0].isupper() else "m"


def _core(word: str) -> str:
    """The word without a possessive "'s" ("Kerry's" -> "Kerry")."""
    if len(word) > 3 and word[-2] in "'\u2019" and word[-1] in "sS":
        return word[:-2]
    return word


def _lexicon_tag(low: str, guard: _Compiled) -> str:
    tag = ("F" if low in guard.first else "") + ("S" if low in guard.surname else "") + (
        "O" if low in guard.ordinary else "")
    if not tag and "-" in low:
        parts = low.split("-")
        if all(p in guard.first or p in guard.surname for p in parts):
            tag = "H"
    return tag or "-"


def _prev_char(text: str, start: int) -> str:
    """The character before `start`, past spaces and tabs ("" at the start of the text)."""
    i = start - 1
    while i >= 0 and text[i] in _BLANKS:
        i -= 1
    return text[i] if i >= 0 else ""


def _next_char(text: str, end: int) -> str:
    i = end
    while i < len(text) and text[i] in _BLANKS:
        i += 1
    return text[i] if i < len(text) else ""


def _suffix(low: str) -> str:
    return low[-3:] if len(low) > 3 else "-"


def _length(low: str) -> str:
    n = len(low)
    return "1" if n == 1 else "2" if n == 2 else "3" if n <= 4 else "5"


def token_features(text: str, words: list[tuple[int, int]], guard: _Compiled,
                   skip_plain: bool = False) -> list[list[str] | None]:
    """The features of each word (start, end of the word without its possessive), in order.

    tools/train_guard.py trains on exactly these; anonymise.js computes the same. With
    `skip_plain`, a plain word (lower case, an ordinary word, in no list of names) gets None:
    it is never a name, so finding names need not score it.
    """
    cores = [text[s:e] for s, e in words]
    lows = [_lower(c) for c in cores]
    shapes = [_shape(c) for c in cores]
    tags = [_lexicon_tag(w, guard) for w in lows]
    befores = [_prev_char(text, s) for s, _ in words]
    starts = [b == "" or b in _STARTS for b in befores]
    # A note typed in lower case ("spoke to kerry"): most sentences start in lower case.
    n_starts = sum(starts)
    lower_starts = sum(1 for i, st in enumerate(starts) if st and shapes[i] == "x")
    lower_doc = n_starts >= 2 and 2 * lower_starts >= n_starts
    # Words written with a capital where no sentence starts: a sign of a name wherever the
    # same word appears in this record ("summer" in a note that also says "Summer rang").
    capped = {lows[i] for i in range(len(words)) if not starts[i] and shapes[i] == "Xx"}
    out: list[list[str] | None] = []
    for i, (_start, end) in enumerate(words):
        low, shape, tag, before = lows[i], shapes[i], tags[i], befores[i]
        if skip_plain and shape == "x" and tag == "O":
            out.append(None)
            continue
        feats = ["bias", "s=" + shape, "g=" + tag, "sg=" + shape + tag, "w=" + low,
                 "suf=" + _suffix(low), "len=" + _length(low)]
        if starts[i]:
            feats += ["st", "st|" + shape + tag]
        elif not before.isalnum():
            feats.append("pc=" + before)
        if lower_doc:
            feats.append("dl|" + shape + tag)
        after = _next_char(text, end)
        if after and not after.isalnum() and after not in _BLANKS:
            feats.append("nc=" + ("'" if after == "\u2019" else after))
        if low in capped:
            feats.append("cap|" + shape)
        if low in guard.roles:
            feats.append("role")
        for group in guard.group_of.get(low, ()):
            feats.append("kw=" + group)
        if i > 0:
            p = lows[i - 1]
            feats += ["p=" + p, "pg=" + tags[i - 1], "ps=" + shapes[i - 1],
                      "pss=" + shapes[i - 1] + "|" + shape + tag]
            if p in guard.titles:
                feats += ["title", "title|" + shape]
            if p in guard.roles:
                feats.append("prole")
            feats.append("p2=" + (lows[i - 2] if i > 1 else "^"))
        else:
            feats.append("p=^")
        if i + 1 < len(words):
            feats += ["n=" + lows[i + 1], "ng=" + tags[i + 1], "ns=" + shapes[i + 1],
                      "n2=" + (lows[i + 2] if i + 2 < len(words) else "$")]
        else:
            feats.append("n=$")
        out.append(feats)
    return out


def words_of(text: str) -> list[tuple[int, int]]:
    """Each word's (start, end), a possessive "'s" left outside."""
    out = []
    for m in _WORD.finditer(text):
        core = _core(m.group())
        out.append((m.start(), m.start() + len(core)))
    return out


def _tagged_names(text: str, guard: _Compiled) -> list[tuple[int, int]]:
    words = words_of(text)
    if not words:
        return []
    feats = token_features(text, words, guard, skip_plain=True)
    weights = guard.weights
    lows = [_lower(text[s:e]) for s, e in words]
    never = guard.titles | guard.roles
    is_name = []
    for f, low in zip(feats, lows, strict=True):
        if f is None:  # a plain word (see token_features)
            is_name.append(False)
            continue
        score = guard.bias
        for name in f:
            score += weights.get(name, 0.0)
        is_name.append(score >= guard.cut and low not in never and not _contraction(low, guard))
    # Another use of a word found as a name: capitalised, or any use if not an ordinary word.
    named = {low for low, yes in zip(lows, is_name, strict=True) if yes}
    for i, (start, _end) in enumerate(words):
        low = lows[i]
        if is_name[i] or low not in named or low in never or _contraction(low, guard):
            continue
        if text[start].isupper() or low not in guard.ordinary:
            is_name[i] = True
    spans: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(words):
        if not is_name[i]:
            continue
        if spans and is_name[i - 1] and _joins(text, words[i - 1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _contraction(low: str, guard: _Compiled) -> bool:
    """"I've", "she'd", "don't": a word whose ending after its apostrophe is a contraction's."""
    cut = max(low.rfind("'"), low.rfind("\u2019"))
    return cut > 0 and low[cut + 1:] in guard.contractions


def _joins(text: str, prev: tuple[int, int], start: int) -> bool:
    """Two name words are one name when only a space (or ". " after an initial) is between."""
    gap = text[prev[1]:start]
    return gap == " " or (gap == ". " and prev[1] - prev[0] == 1)


def find_identifiers(text: str, names: str | Iterable[str] = (), *,
                     guard_data: dict[str, Any] | None = None) -> list[Finding]:
    """Likely identifiers in `text`, in order, none overlapping (see the module's rules).

    `guard_data` replaces the shipped data (tools/train_guard.py tries candidate weights).
    """
    guard = _compiled() if guard_data is None else _compiled_for(guard_data)
    raw = _pattern_matches(text, fold_text(text), guard)
    for start, end in _name_matches(text, parse_names(names)):
        raw.append((start, end, "name"))
    for start, end in _tagged_names(text, guard):
        raw.append((start, end, "name"))
    kept: list[Finding] = []
    last_end = -1
    for start, end, kind in sorted(raw, key=lambda r: (r[0], r[0] - r[1], _PRIORITY[r[2]])):
        if start >= last_end:
            kept.append(Finding(type=kind, label=LABELS[kind], text=text[start:end],
                                start=start, end=end))
            last_end = end
    return kept


# --- redaction -----------------------------------------------------------------------------

def _person_key(text: str) -> tuple[str, ...]:
    return tuple(_lower(_core(w)) for w in _SPACES.split(text.replace(".", " ").strip()) if w)


def people(found: Sequence[Finding]) -> dict[int, dict[str, Any]]:
    """Each finding's number for its kind's numbered placeholder, by index into `found`.

    A person is a full name's words; a one-word name belongs to the full name it is part of
    when exactly one full name in the text has it, else it is a person of its own. Numbers
    follow the order in which people first appear.
    """
    keys = {i: _person_key(f["text"]) for i, f in enumerate(found) if f["type"] in NUMBERED}
    owners: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    for i, key in keys.items():
        if len(key) > 1:
            for word in key:
                owners.setdefault((found[i]["type"], word), set()).add(key)
    numbers: dict[tuple[str, tuple[str, ...]], int] = {}
    counters: dict[str, int] = {}
    out: dict[int, dict[str, Any]] = {}
    for i, key in keys.items():
        kind = found[i]["type"]
        if len(key) == 1 and len(owners.get((kind, key[0]), ())) == 1:
            key = next(iter(owners[(kind, key[0])]))
        if (kind, key) not in numbers:
            counters[kind] = counters.get(kind, 0) + 1
            numbers[(kind, key)] = counters[kind]
        out[i] = {"number": numbers[(kind, key)]}
    return out


def placeholder(kind: str, number: int | None = None) -> str:
    return f"[{LABELS[kind]} {number}]" if number is not None else f"[{LABELS[kind]}]"


def redact(text: str, found: list[Finding] | None = None) -> str:
    """The text with each finding (by default, everything find_identifiers finds) replaced."""
    if found is None:
        found = find_identifiers(text)
    order = sorted(range(len(found)), key=lambda i: found[i]["start"])
    listed = [found[i] for i in order]
    numbers = people(listed)
    out = []
    pos = 0
    for i, f in enumerate(listed):
        if f["start"] < pos:
            continue  # overlapping findings: the first one wins
        out.append(text[pos : f["start"]])
        out.append(placeholder(f["type"], numbers[i]["number"] if i in numbers else None))
        pos = f["end"]
    out.append(text[pos:])
    return "".join(out)


def key_to_placeholders(found: list[Finding]) -> list[dict[str, Any]]:
    """What each numbered placeholder stands for, to show beside a redacted text (never kept).

    [{"placeholder": "[Name 1]", "texts": ["Kerry Jones", "Kerry"]}, ...] in number order.
    """
    listed = sorted(found, key=lambda f: f["start"])
    numbers = people(listed)
    rows: dict[str, list[str]] = {}
    for i, f in enumerate(listed):
        if i in numbers:
            rows.setdefault(placeholder(f["type"], numbers[i]["number"]), [])
            if f["text"] not in rows[placeholder(f["type"], numbers[i]["number"])]:
                rows[placeholder(f["type"], numbers[i]["number"])].append(f["text"])
    return [{"placeholder": p, "texts": t} for p, t in rows.items()]


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
