"""The self-check engine: text + criteria pack -> report. Pure Python, no Jupyter imports.

widgets/static/engine.js is the same engine for the browser; both follow the rules below and
tests/test_parity.py proves they agree on every shared test vector.

1. Text is normalised: CRLF, CR, U+2028 and U+2029 become LF, then Unicode NFC.
2. A criterion's signal patterns are tried as one alternation, in the order written: at
   each position the first pattern that matches wins, and the scan goes on after its match.
   Case-insensitive patterns are folded to lower case and scanned over the text with its
   ASCII letters folded to lower case (same length, same indices); case-sensitive ones are
   scanned over the text itself, as a second alternation.
3. A criterion's signals are met when any pattern matches (match: any) or when every group
   has a pattern that matches somewhere (match: all). With no signals it starts as met.
4. Counter-signals are found the same way. In an `explainable` group, a match is set aside
   when the text explains it: written "words (CIN)", or "CIN (words)" with at most two
   words between; once explained, every later use of the same text is set aside too.
   With `max_sentence_words`, each longer sentence is a concern as well.
   With counter_effect: veto, any remaining concern makes the criterion not met.
5. Evidence is the matched text, ordered by position, with matches that overlap an earlier
   (or longer, same-start) one removed, then duplicates removed. Matches of a `secondary`
   group (a monitoring step) are evidence only when no other group matched. A
   counter-signal's concern names the group (and the alternative) of the first pattern that
   matches at its start.
6. A plan is judged as a whole (criteria.md): every criterion is checked over the whole
   text. Packs with split_items also report each item (one a line, or bullets) as advice:
   an item has a criterion when a rule's match lies inside it (and, for a veto, no concern
   touches it); it never makes the whole fail. Items carry no concerns of their own (the
   whole lists them). One item gives `items: []`. When some lines are
   bullets or numbered, only they (with the unbulleted lines right below them) are items:
   any other line is a heading or preface, not an item.
7. The learned scorer (widgets/scorer.py, weights from `make train`) then scores the whole
   text, with the rules' results among its features. A criterion is met when the rules
   found it or the scorer is confident (probability over the criterion's threshold), or as
   the weights file's `combine` says; a veto the rules found (jargon) always stands. When
   the scorer alone decides "met", the evidence is the phrases that weighed most
   (`evidence_from: "scorer"`); if no phrase in the text weighed for it, it is not met: a
   "found" always points at the writer's words. A criterion not met shows no evidence:
   what the rules found is kept as `partial`.
8. A criterion that `requires` others (a reason needs a decision) is met only when they are,
   whether the rules or the scorer decided them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from widgets import scorer
from widgets.firstchars import with_first_chars
from widgets.patterns import compile_portable, fold_text

Report = dict[str, Any]

_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
# A sentence ends at . ! or ? (with any closing quotes or brackets) before a space or the
# end, or at a line break. "7.30pm" and "e.g.," do not end one.
_SENTENCE_END = re.compile("[.!?]{1,10}['\"\u2019\u201d)\\]]{0,3}(?=[ \t\n]|(?![\\s\\S]))|\n")
# A word is a run of non-spaces with at least one letter or digit in it ("-" and "&" are not).
_TOKEN = re.compile("[^ \t\n\f\v\u00a0\u2007\u202f]{1,1000}")
_WORDISH = re.compile("[0-9A-Za-z\u00c0-\u1fff\u2c00-\ud7ff]")
_BULLET = re.compile(
    "[ \t]{0,40}(?:[-*\u2022\u2023\u25e6\u2043\u2219]|[0-9]{1,3}[.)]|[A-Za-z]\\))[ \t]{1,40}"
)
# Anything that is not a space: a text (or line) without one is blank.
_NONBLANK = re.compile("[^ \t\n\f\v\u00a0\u2000-\u200b\u202f\u3000\ufeff]")
# "CIN (child in need)" / "CAMHS worker (from the young people's service)".
_EXPLAINED_AFTER = re.compile(
    "(?: [A-Za-z'-]{1,30}){0,2} \\([A-Za-z][^()\n]{0,80} [^()\n]{0,80}\\)"
)
_SNIPPET_WORDS = 8


def normalise(text: str) -> str:
    """Line breaks to LF, then NFC: the text every index in a report refers to."""
    return unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text))


class _Scan:
    """One criterion's signals or counter-signals, compiled as the engines scan them."""

    def __init__(self, groups: list[dict[str, Any]]) -> None:
        self.groups = groups
        # (group index, compiled pattern, case-sensitive, alternative), in the order written.
        self.singles = [
            (g, compile_portable(p["pattern"], p["case_sensitive"]), p["case_sensitive"],
             p.get("alternative"))
            for g, group in enumerate(groups)
            for p in group["patterns"]
        ]
        self.scans = []
        for case_sensitive in (False, True):
            sources = [
                p["pattern"]
                for group in groups
                for p in group["patterns"]
                if p["case_sensitive"] == case_sensitive
            ]
            if sources:
                combined = "|".join(f"(?:{src})" for src in sources)
                compiled = with_first_chars(compile_portable(combined, case_sensitive))
                self.scans.append((compiled, case_sensitive))

    def find(self, texts: tuple[str, str]) -> list[tuple[int, int]]:
        """Matches ordered by position, overlaps removed; texts = (folded text, text)."""
        found = []
        for rx, case_sensitive in self.scans:
            for m in rx.finditer(texts[case_sensitive]):
                if m.end() > m.start():
                    found.append((m.start(), m.end()))
        return _keep_first(found)

    def which(self, texts: tuple[str, str], start: int) -> tuple[int, str | None]:
        """Group and alternative of the first pattern matching at `start` (the one the
        alternation chose)."""
        for g, rx, case_sensitive, alternative in self.singles:
            if rx.match(texts[case_sensitive], start):
                return g, alternative
        raise AssertionError("a match no single pattern makes")  # cannot happen

    def group_matches(self, g: int, texts: tuple[str, str]) -> bool:
        return any(
            rx.search(texts[cs]) for gi, rx, cs, _ in self.singles if gi == g
        )


_compiled: dict[int, tuple[object, tuple[_Scan, _Scan]]] = {}


def _plan(criterion: dict[str, Any]) -> tuple[_Scan, _Scan]:
    """Compiled signals and counter-signals of a criterion (cached per criterion object)."""
    hit = _compiled.get(id(criterion))
    if hit is not None and hit[0] is criterion:
        return hit[1]
    plan = (_Scan(criterion["signals"]), _Scan(criterion["counter_signals"]))
    _compiled[id(criterion)] = (criterion, plan)
    return plan


def _keep_first(matches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Order by position (longer first at the same start); drop any that overlap a kept one."""
    kept: list[tuple[int, int]] = []
    last_end = -1
    for start, end in sorted(matches, key=lambda m: (m[0], -m[1])):
        if start >= last_end:
            kept.append((start, end))
            last_end = end
    return kept


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _explained_here(text: str, start: int, end: int) -> bool:
    if start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")":
        return True
    return _EXPLAINED_AFTER.match(text, end) is not None


def _counter_concerns(counters: _Scan, texts: tuple[str, str]) -> tuple[list[str], list[list[int]]]:
    text = texts[1]
    found = [(s, e, *counters.which(texts, s)) for s, e in counters.find(texts)]
    explained = {
        text[s:e] for s, e, g, _ in found
        if counters.groups[g]["explainable"] and _explained_here(text, s, e)
    }
    concerns, spans = [], []
    for s, e, g, alternative in found:
        group = counters.groups[g]
        matched = text[s:e]
        if group["explainable"] and matched in explained:
            continue
        advice = alternative or group["advice"]
        concern = f'"{matched}" ({group["name"]})'
        concerns.append(f"{concern}: {advice}" if advice else concern)
        spans.append([s, e])
    return concerns, spans


def _long_sentences(text: str, limit: int) -> tuple[list[str], list[list[int]]]:
    concerns, spans = [], []
    start = 0
    bounds = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)] + [(len(text), len(text))]
    for end, after in bounds:
        if end - start > limit:  # a sentence of `limit` characters cannot have more words
            tokens = _TOKEN.findall(text, start, end)
            words = sum(1 for t in tokens if _WORDISH.search(t))
            if words > limit:
                snippet = " ".join(tokens[:_SNIPPET_WORDS])
                concerns.append(
                    f'Sentence of {words} words (aim for {limit} or fewer): "{snippet}\u2026"'
                )
                spans.append([start, end])
        start = after
    return concerns, spans


def _check_criterion(
    criterion: dict[str, Any], texts: tuple[str, str], empty: bool, concerns_wanted: bool = True
) -> Report:
    if empty:
        return _criterion_report(criterion, False, [], [], [], [])
    signals, counters = _plan(criterion)
    text = texts[1]
    kept = signals.find(texts)
    if not criterion["signals"]:
        met = True
    elif criterion["match"] == "all":
        seen = {signals.which(texts, s)[0] for s, _ in kept}
        met = all(g in seen or signals.group_matches(g, texts) for g in range(len(signals.groups)))
    else:
        met = bool(kept)
    if kept and any(g["secondary"] for g in signals.groups):
        kept = _main_evidence(signals, texts, kept)
    concerns: list[str] = []
    concern_spans: list[list[int]] = []
    if concerns_wanted or criterion["counter_effect"] == "veto":  # else they change nothing
        concerns, concern_spans = _counter_concerns(counters, texts)
        if criterion["max_sentence_words"]:
            more, more_spans = _long_sentences(text, criterion["max_sentence_words"])
            concerns += more
            concern_spans += more_spans
    if met and criterion["counter_effect"] == "veto" and concerns:
        met = False
    return _criterion_report(
        criterion,
        met,
        _unique([text[s:e] for s, e in kept]),
        _unique(concerns),
        [[s, e] for s, e in kept],
        concern_spans,
    )


def _main_evidence(
    signals: _Scan, texts: tuple[str, str], kept: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Matches of `secondary` groups (a monitoring step) only when no other group matched."""
    main = [m for m in kept if not signals.groups[signals.which(texts, m[0])[0]]["secondary"]]
    return main or kept


def _criterion_report(
    criterion: dict[str, Any],
    met: bool,
    evidence: list[str],
    concerns: list[str],
    spans: list[list[int]],
    concern_spans: list[list[int]],
) -> Report:
    return {
        "id": criterion["id"],
        "title": criterion["title"],
        "met": met,
        "evidence": evidence,
        "concerns": concerns,
        "prompt": criterion["met_message"] if met else criterion["prompt"],
        "question": criterion["question"],
        "better_wording": None if met else criterion["better_wording"],
        "spans": spans,
        "concern_spans": concern_spans,
        "partial": [],
    }


def _summary(criteria: list[Report]) -> dict[str, int]:
    return {"met": sum(1 for c in criteria if c["met"]), "total": len(criteria)}


def _item_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each plan item in normalised text; see split_items."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    bulleted = any(_BULLET.match(line) for _, line in lines)
    items: list[list[int]] = []
    current: list[int] | None = None
    for start, line in lines:
        if not _NONBLANK.search(line):
            current = None
            continue
        bullet = _BULLET.match(line)
        content = start + (bullet.end() if bullet else len(line) - len(line.lstrip(" \t")))
        end = start + len(line.rstrip(" \t\f\v"))
        if bullet or not bulleted:
            current = [content, end]
            items.append(current)
        elif current is not None:
            current[1] = end  # a continuation line of a bulleted item
        # else: an unbulleted line in a bulleted list that continues no item (a heading such
        # as "Outcome: Dylan feels safe." or a note after a blank line) is not an item.
    return [(s, e) for s, e in items if e > s]


def split_items(text: str) -> list[str]:
    """Plan items in pasted text: one a line, or bullets (-, *, •, 1., 1), a)).

    When any line starts with a bullet, each bullet starts an item, an unbulleted line right
    below an item continues it, and a blank line ends an item. Other unbulleted lines (a
    heading such as "Outcome: ..." or "Worry:", a preface, a note after a blank line) are
    not items: they are not checked item by item.
    """
    text = normalise(text)
    return [text[s:e] for s, e in _item_bounds(text)]


def _check_whole(
    pack: dict[str, Any], text: str, empty: bool, concerns: bool = True
) -> list[Report]:
    texts = (fold_text(text), text)
    return [_check_criterion(c, texts, empty, concerns) for c in pack["criteria"]]


def check(
    text: str, pack: dict[str, Any], concerns: bool = True, learned: bool = True,
    model: dict[str, Any] | None = None, settle: bool = True,
) -> Report:
    """Check one text against one pack (as returned by widgets.packs.load_packs).

    With concerns=False, counter-signals are looked for only where they can change `met`
    (counter_effect: veto) and other criteria report no concerns: for callers that need only
    met and evidence, such as the team audit's table, it saves a tenth of the time.
    With learned=False, the rules alone decide (as `make train` needs them); `model` (from
    scorer.prepare) replaces the shipped weights, for measuring a freshly fitted scorer.
    With settle=False, `requires` is not applied (rule 8): each criterion is what its own
    rules found, which is what the scorer sees as features, so `make train` fits on that.
    """
    text = normalise(text)
    empty = _NONBLANK.search(text) is None
    criteria = _check_whole(pack, text, empty, concerns)
    bounds = _item_bounds(text) if pack["split_items"] and not empty else []
    items = _item_advice(pack, text, bounds, criteria) if len(bounds) > 1 else []
    if model is None and learned:
        model = scorer.framework_model(pack["framework"])
    if model is not None and learned and not empty:
        _apply_scorer(model, text, pack["criteria"], criteria)
    if settle:
        _apply_requires(pack["criteria"], criteria)
    for c in criteria:
        if not c["met"]:
            # "Not found" never sits beside words shown as evidence: what the rules found
            # for a criterion not met is partial evidence, and called that.
            c["partial"], c["evidence"], c["spans"] = c["evidence"], [], []
    return {
        "framework": pack["framework"],
        "title": pack["title"],
        "empty": empty,
        "summary": _summary(criteria),
        "criteria": criteria,
        "items": items,
    }


def _item_advice(
    pack: dict[str, Any], text: str, bounds: list[tuple[int, int]], criteria: list[Report]
) -> list[Report]:
    """Each plan item, as advice: what the rules found inside its line (rule 6). Read off the
    whole text's matches, so nothing is scanned twice."""
    items = []
    for s, e in bounds:
        item_criteria = []
        for definition, c in zip(pack["criteria"], criteria, strict=True):
            inside = [[a - s, b - s] for a, b in c["spans"] if s <= a and b <= e]
            met = bool(inside) if definition["signals"] else True
            if met and definition["counter_effect"] == "veto" and any(
                a < e and b > s for a, b in c["concern_spans"]
            ):
                met = False
            item_criteria.append(_criterion_report(
                definition, met, _unique([text[s + a : s + b] for a, b in inside]), [],
                inside, [],
            ))
        _apply_requires(pack["criteria"], item_criteria)  # an item's reason needs its decision
        items.append({"text": text[s:e], "start": s, "criteria": item_criteria,
                      "summary": _summary(item_criteria)})
    return items


def _set_met(definition: dict[str, Any], c: Report, met: bool) -> None:
    """Change a criterion's verdict after the rules, with the words that go with it."""
    c["met"] = met
    c["prompt"] = definition["met_message"] if met else definition["prompt"]
    c["better_wording"] = None if met else definition["better_wording"]


def _apply_scorer(
    model: dict[str, Any], text: str, defs: list[dict[str, Any]], criteria: list[Report]
) -> None:
    """Combine the rules' results with the scorer's, criterion by criterion (rule 7)."""
    rule_ids = [c["id"] for c in criteria if c["met"]]
    probs = scorer.score(model, text, rule_ids)
    toks = None  # found only if some criterion needs the scorer's evidence
    for definition, c in zip(defs, criteria, strict=True):
        crit = model["criteria"].get(c["id"])
        if crit is None:
            continue
        p = probs[c["id"]]
        c["score"] = p
        confident = p > crit["threshold"]
        met = confident if crit["combine"] == "scorer" else (c["met"] or confident)
        if definition["counter_effect"] == "veto" and c["concerns"]:
            met = False  # a veto the rules found stands: jargon shown is never "found" plain
        # A criterion judged by absence (no signals: plain language) has no words to show.
        if met and not c["evidence"] and definition["signals"]:
            toks = scorer.tokens(text) if toks is None else toks
            spans = scorer.evidence(model, c["id"], text, toks)
            c["evidence"] = _unique([text[s:e] for s, e in spans])
            c["spans"] = [[s, e] for s, e in spans]
            c["evidence_from"] = "scorer"
            met = bool(spans)  # no words to show: not "found"
        if met != c["met"]:
            _set_met(definition, c, met)


def _apply_requires(defs: list[dict[str, Any]], criteria: list[Report]) -> None:
    """A criterion whose `requires` are not all met is not met (rule 8), in pack order."""
    met = set()
    for definition, c in zip(defs, criteria, strict=True):
        if c["met"] and any(r not in met for r in definition["requires"]):
            _set_met(definition, c, False)
        if c["met"]:
            met.add(c["id"])


def check_all(text: str, packs: dict[str, dict[str, Any]]) -> dict[str, Report]:
    """Check one text against every pack: {framework: report}."""
    return {name: check(text, pack) for name, pack in packs.items()}


def _section_heading(packs: dict[str, dict[str, Any]]) -> tuple[re.Pattern[str], dict[str, str]]:
    owner = {h.lower(): name for name, pack in packs.items() for h in pack["record_sections"]}
    # Longest first, so "Risk analysis:" is not read as "Risk" followed by more words.
    names = sorted(owner, key=lambda h: (-len(h), h))
    alternatives = "|".join(n.replace("'", "['\u2019]") for n in names) or "(?!)"
    rx = re.compile(
        f"[ \t]{{0,20}}(?:#{{1,6}}[ \t]{{0,5}}|\\*\\*)?({alternatives})(?:\\*\\*)?[ \t]{{0,5}}:"
    )
    return rx, owner


def record_sections(text: str, packs: dict[str, dict[str, Any]]) -> list[tuple[str, str, int, int]]:
    """(framework, heading as written, start, end) of each section of a normalised record.

    A line that starts with a pack's heading and a colon ("Plan:", "## Risk analysis:")
    starts that framework's section, which runs to the next heading of another framework
    (a heading of the same framework continues it). Text before the first heading is in
    no section. No heading at all gives no sections.
    """
    rx, owner = _section_heading(packs)
    folded = fold_text(text).replace("\u2019", "'")
    sections: list[list[Any]] = []
    pos = 0
    for line in text.split("\n"):
        m = rx.match(folded, pos, pos + len(line))
        if m:
            framework = owner[m.group(1).replace("\u2019", "'")]
            if not sections or sections[-1][0] != framework:
                if sections:
                    sections[-1][3] = pos
                sections.append([framework, text[m.start(1):m.end(1)], pos, len(text)])
        pos += len(line) + 1
    return [(f, h, s, e) for f, h, s, e in sections]


def check_record(text: str, packs: dict[str, dict[str, Any]]) -> list[Report]:
    """A whole record, each section ("Plan:", "Visit:", "Risk:") checked with its own
    framework; a record without headings is checked with every framework. Each report has
    `section` (the heading, or None) and `start`; its spans index the whole record."""
    text = normalise(text)
    sections = record_sections(text, packs)
    if not sections:
        return [{**check(text, pack), "section": None, "start": 0} for pack in packs.values()]
    reports = []
    for framework, heading, start, end in sections:
        report = check(text[start:end], packs[framework])
        for c in report["criteria"]:
            c["spans"] = [[a + start, b + start] for a, b in c["spans"]]
            c["concern_spans"] = [[a + start, b + start] for a, b in c["concern_spans"]]
        for item in report["items"]:
            item["start"] += start
        reports.append({**report, "section": heading, "start": start})
    return reports
