"""The portable, linear-time subset of regular expressions that criteria packs may use.

Both engines must read a pattern the same way: Python `re` (flag ASCII) and JavaScript
`RegExp` (flags "gu"), case-insensitive patterns folded to lower case and matched against
text whose ASCII letters are folded to lower case (see fold_pattern). This module
rejects what the two read differently, and what can backtrack catastrophically on hostile text.
The rules are listed, with the reasons, in widgets/criteria/README.md.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass

# Outside a character class, only these may follow a backslash: classes, \n, \t, and the
# characters that JavaScript (in "u" mode) allows to be escaped.
_CLASS_ESCAPES = set("bBdDwWnt")
_SYNTAX_ESCAPES = set("^$\\.*+?()[]{}|/")
# Strings no pattern may match with zero width (a zero-width match is no evidence).
_EMPTY_PROBES = ("", " ", "a", "a b", "\n", "A1")


class PatternError(ValueError):
    """A pattern that the two engines would read differently, or that is unsafe."""


@dataclass
class _Frame:
    has_repeat: bool = False
    has_alternative: bool = False


def fold_pattern(pattern: str) -> str:
    """A case-insensitive pattern in lower case (escapes untouched), for ASCII-folded text.

    Both engines match case-insensitive patterns this way, never with an "ignore case" flag:
    Python and JavaScript fold non-ASCII letters differently, and this is also much faster.
    """
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            step = 6 if pattern.startswith("u", i + 1) else 2
            out.append(pattern[i : i + step])
            i += step
            continue
        out.append(c.lower() if "A" <= c <= "Z" else c)
        i += 1
    return "".join(out)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold_text(text: str) -> str:
    """ASCII letters to lower case; nothing else changes, so every index stays the same."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def compile_portable(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    """Compile as both engines do: case-insensitive patterns are folded (see fold_pattern)."""
    return re.compile(pattern if case_sensitive else fold_pattern(pattern), re.ASCII)


def check_pattern(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """Return the compiled pattern, or raise PatternError saying what is wrong."""
    if not pattern:
        raise PatternError("empty pattern")
    for ch in pattern:
        if ord(ch) > 127:
            raise PatternError(
                f"non-ASCII character {ch!r}: patterns are ASCII; write it as \\u{ord(ch):04x}"
            )
    _walk(pattern, case_sensitive)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compiled = compile_portable(pattern, case_sensitive)
    except (re.error, FutureWarning, DeprecationWarning) as exc:
        raise PatternError(str(getattr(exc, "msg", exc))) from None
    for probe in _EMPTY_PROBES:
        for m in compiled.finditer(probe if case_sensitive else fold_text(probe)):
            if m.start() == m.end():
                raise PatternError("can match empty text; every match must contain characters")
    return compiled


def _walk(p: str, case_sensitive: bool) -> None:
    stack = [_Frame()]
    # What the last item was: None (nothing to repeat), "atom", "assertion", "repeated",
    # or a closed group's frame.
    prev: object = None
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            i, is_assertion = _escape(p, i, case_sensitive, in_class=False)
            prev = "assertion" if is_assertion else "atom"
            continue
        if c == "[":
            i = _char_class(p, i, case_sensitive)
            prev = "atom"
            continue
        if c == "(":
            i = _group_open(p, i)
            stack.append(_Frame())
            prev = None
            continue
        if c == ")":
            if len(stack) == 1:
                raise PatternError("unbalanced parenthesis")
            frame = stack.pop()
            stack[-1].has_repeat |= frame.has_repeat
            prev = frame
            i += 1
            continue
        if c in "*+?{":
            i = _repeat(p, i, prev, stack[-1])
            prev = "repeated"
            continue
        if c == "|":
            stack[-1].has_alternative = True
            prev = None
        elif c in "^$":
            raise PatternError(
                f"anchor '{c}' matches differently in Python and JavaScript; "
                "use \\b or a lookaround instead"
            )
        elif c in "]}":
            raise PatternError(f"unescaped '{c}': write \\{c}")
        else:
            prev = "atom"
        i += 1
    if len(stack) > 1:
        raise PatternError("unbalanced parenthesis")


def _group_open(p: str, i: int) -> int:
    if not p.startswith("(?", i):
        return i + 1
    for opener in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):
        if p.startswith(opener, i):
            return i + len(opener)
    rest = p[i + 2 : i + 3]
    if rest in ("P", "<"):
        raise PatternError("named groups are not portable; use (?: ... )")
    if rest == ">":
        raise PatternError("atomic groups are not portable")
    if rest == "#":
        raise PatternError("comments inside patterns are not portable")
    raise PatternError(
        "inline flags such as (?i) are not portable; use case_sensitive: true on the pattern"
    )


def _repeat(p: str, i: int, prev: object, frame: _Frame) -> int:
    c = p[i]
    if c in "*+":
        raise PatternError(
            f"unbounded repeat '{c}': give an upper bound, such as {{1,30}} instead of +"
        )
    if c == "?":
        high, end = 1, i + 1
    else:
        m = re.compile(r"\{(\d+)(?:,(\d*))?\}").match(p, i)
        if m is None:
            raise PatternError(
                "'{' must start a bounded repeat such as {1,3}; write \\{ for a brace"
            )
        if m.group(2) == "":
            raise PatternError("unbounded repeat '{n,}': give an upper bound, such as {1,30}")
        low = int(m.group(1))
        high = int(m.group(2)) if m.group(2) is not None else low
        if high < low:
            raise PatternError("repeat bounds out of order")
        end = m.end()
    if prev is None:
        raise PatternError("nothing to repeat")
    if prev == "repeated":
        raise PatternError("multiple repeat (a repeat directly after a repeat)")
    if prev == "assertion":
        raise PatternError("an assertion such as \\b cannot be repeated")
    if isinstance(prev, _Frame) and high > 1:
        if prev.has_repeat:
            raise PatternError(
                "nested quantifier: a repeated group contains a repeat, "
                "which can backtrack catastrophically (like (a+)+)"
            )
        if prev.has_alternative:
            raise PatternError(
                "a repeated group with alternatives can backtrack catastrophically; "
                "make the group optional (?) or use a character class"
            )
    frame.has_repeat = True
    if p.startswith("?", end):
        end += 1  # lazy: portable
    if p.startswith("+", end):
        raise PatternError("possessive repeats are not portable")
    return end


def _escape(p: str, i: int, case_sensitive: bool, in_class: bool) -> tuple[int, bool]:
    """Check the escape at p[i] == '\\'; return the index after it and whether it is \\b/\\B."""
    if i + 1 >= len(p):
        raise PatternError("pattern ends with a backslash")
    e = p[i + 1]
    if e in "sS":
        raise PatternError(
            f"\\{e} means different spaces in Python and JavaScript; write a space or [ \\t\\n]"
        )
    if e in "AZzG":
        raise PatternError(f"\\{e} is not portable (it does not exist in JavaScript)")
    if e == "u":
        digits = p[i + 2 : i + 6]
        if not re.fullmatch(r"[0-9a-fA-F]{4}", digits):
            raise PatternError("\\u must be followed by four hex digits, such as \\u201c")
        ch = chr(int(digits, 16))
        is_letter = unicodedata.category(ch).startswith("L") or ch.lower() != ch.upper()
        if is_letter and not case_sensitive:
            raise PatternError(
                f"letter \\u{digits} in a case-insensitive pattern: non-ASCII case folding "
                "differs between Python and JavaScript; add case_sensitive: true"
            )
        return i + 6, False
    if e.isdigit():
        raise PatternError("backreferences are not allowed")
    if in_class:
        if e == "b":
            raise PatternError("\\b inside [...] means backspace; not allowed")
        if e in _CLASS_ESCAPES or e in _SYNTAX_ESCAPES or e == "-":
            return i + 2, False
    elif e in _CLASS_ESCAPES or e in _SYNTAX_ESCAPES:
        return i + 2, e in "bB"
    raise PatternError(f"escape '\\{e}' is not portable; write the character itself")


def _char_class(p: str, i: int, case_sensitive: bool) -> int:
    j = i + 1
    if p.startswith("^", j):
        j += 1
    if p.startswith("]", j):
        raise PatternError("a class starting with ']' is read differently; write \\]")
    while j < len(p):
        c = p[j]
        if c == "\\":
            j, _ = _escape(p, j, case_sensitive, in_class=True)
            continue
        if c == "[":
            raise PatternError("'[' inside a class: write \\[")
        if c == "]":
            return j + 1
        j += 1
    raise PatternError("unterminated character class '['")
