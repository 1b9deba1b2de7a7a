"""Python-only speed-up: the characters a regular expression's match can start with.

Python's `re` tries every branch of a long alternation at every position of the text; most
positions cannot start any match. `with_first_chars` puts a one-character lookahead in front
of a pattern whose first character is known, so such positions fail at once. It never
changes what matches (every match starts with one of those characters); the browser engine
does not need it.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

_MAX_RANGE = 300  # a class wider than this is not worth a lookahead


def first_chars(pattern: str, flags: int = 0) -> set[str] | None:
    """The set of characters a match must start with, or None when unknown or any."""
    try:
        result = _sequence(list(P.parse(pattern, flags)))
    except Exception:  # an internal parser change: no speed-up, never an error
        return None
    if result is None or result[1]:
        return None  # unknown, or a match could start anywhere (a nullable start)
    return result[0]


def _sequence(items: list[Any]) -> tuple[set[str], bool] | None:
    out: set[str] = set()
    for op, av in items:
        one = _item(op, av)
        if one is None:
            return None
        chars, nullable = one
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _item(op: Any, av: Any) -> tuple[set[str], bool] | None:
    if op is C.LITERAL:
        return {chr(av)}, False
    if op is C.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is C.LITERAL:
                chars.add(chr(a))
            elif o is C.RANGE and a[1] - a[0] <= _MAX_RANGE:
                chars |= {chr(c) for c in range(a[0], a[1] + 1)}
            else:
                return None
        return chars, False
    if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
        return set(), True  # zero width: the next item decides
    if op is C.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is C.BRANCH:
        chars = set()
        nullable = False
        for branch in av[1]:
            one = _sequence(list(branch))
            if one is None:
                return None
            chars |= one[0]
            nullable = nullable or one[1]
        return chars, nullable
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        one = _sequence(list(av[2]))
        if one is None:
            return None
        return one[0], one[1] or av[0] == 0
    return None


def with_first_chars(compiled: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern, led by a lookahead for its first characters when they are known."""
    chars = first_chars(compiled.pattern, compiled.flags)
    if not chars:
        return compiled
    cls = "".join(re.escape(ch) for ch in sorted(chars))
    return re.compile(f"(?=[{cls}])(?:{compiled.pattern})", compiled.flags)
