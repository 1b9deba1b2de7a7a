// The self-check engine for the browser: text + criteria pack -> report.
// It is widgets/engine.py in JavaScript: the rules are written out there, and
// tests/test_parity.py proves the two agree on every shared test vector.
// Packs arrive as plain JSON (widgets.packs.load_packs()); this module never reads YAML.
// A framework's learned weights (from widgets/criteria/weights.json) are optional: without
// them the rules alone decide.
// Indices in `spans` are UTF-16 code units (JavaScript string indices) into the
// normalised text (see normalise).

import { evidence as scorerEvidence, score } from "./scorer.js";

/**
 * @typedef {{pattern: string, case_sensitive: boolean, alternative?: string}} Pattern
 * @typedef {{name: string, advice: string|null, explainable: boolean, secondary: boolean,
 *   patterns: Pattern[]}} Group
 * @typedef {{id: string, title: string, question: string, met_message: string, prompt: string,
 *   better_wording: string, match: "any"|"all", signals: Group[], counter_signals: Group[],
 *   counter_effect: "note"|"veto", max_sentence_words: number|null}} Criterion
 * @typedef {{framework: string, title: string, kind: string, split_items: boolean,
 *   criteria: Criterion[]}} Pack
 */

const LINE_BREAKS = /\r\n|[\r\u2028\u2029]/g;
// A sentence ends at . ! or ? (with closing quotes or brackets) before a space or the end,
// or at a line break.
const SENTENCE_END = /[.!?]{1,10}['"\u2019\u201d)\]]{0,3}(?=[ \t\n]|(?![\s\S]))|\n/gu;
// A word is a run of non-spaces with at least one letter or digit in it ("-" and "&" are not).
const TOKEN = /[^ \t\n\f\v\u00a0\u2007\u202f]{1,1000}/gu;
const WORDISH = /[0-9A-Za-z\u00c0-\u1fff\u2c00-\ud7ff]/u;
const BULLET =
  /^[ \t]{0,40}(?:[-*\u2022\u2023\u25e6\u2043\u2219]|[0-9]{1,3}[.)]|[A-Za-z]\))[ \t]{1,40}/u;
const NONBLANK = /[^ \t\n\f\v\u00a0\u2000-\u200b\u202f\u3000\ufeff]/u;
const EXPLAINED_AFTER = /(?: [A-Za-z'-]{1,30}){0,2} \([A-Za-z][^()\n]{0,80} [^()\n]{0,80}\)/uy;
const SNIPPET_WORDS = 8;

/** Line breaks to LF, then NFC: the text every index in a report refers to. */
export function normalise(text) {
  return String(text).replace(LINE_BREAKS, "\n").normalize("NFC");
}

/** ASCII letters to lower case; nothing else changes, so every index stays the same. */
export function foldText(text) {
  return text.replace(/[A-Z]{1,1000}/g, (s) => s.toLowerCase());
}

/** A case-insensitive pattern in lower case, escapes untouched (see widgets/patterns.py). */
export function foldPattern(pattern) {
  let out = "";
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "\\") {
      const step = pattern[i + 1] === "u" ? 6 : 2;
      out += pattern.slice(i, i + step);
      i += step;
      continue;
    }
    out += c >= "A" && c <= "Z" ? c.toLowerCase() : c;
    i += 1;
  }
  return out;
}

function compile(source, caseSensitive, flags) {
  return new RegExp(caseSensitive ? source : foldPattern(source), flags);
}

/** Order by position (longer first at the same start); drop any that overlap a kept one. */
function keepFirst(matches) {
  matches.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept = [];
  let lastEnd = -1;
  for (const m of matches) {
    if (m[0] >= lastEnd) {
      kept.push(m);
      lastEnd = m[1];
    }
  }
  return kept;
}

function unique(items) {
  return [...new Set(items)];
}

/** One criterion's signals or counter-signals, compiled as the engines scan them. */
class Scan {
  /** @param {Group[]} groups */
  constructor(groups) {
    this.groups = groups;
    this.singles = [];
    groups.forEach((group, g) => {
      for (const p of group.patterns) {
        this.singles.push({
          g,
          sticky: compile(p.pattern, p.case_sensitive, "uy"),
          any: compile(p.pattern, p.case_sensitive, "u"),
          cs: p.case_sensitive ? 1 : 0,
          alternative: p.alternative ?? null,
        });
      }
    });
    this.scans = [];
    for (const caseSensitive of [false, true]) {
      const sources = groups.flatMap((group) =>
        group.patterns.filter((p) => p.case_sensitive === caseSensitive).map((p) => p.pattern),
      );
      if (sources.length) {
        const combined = sources.map((s) => `(?:${s})`).join("|");
        this.scans.push({ rx: compile(combined, caseSensitive, "gu"), cs: caseSensitive ? 1 : 0 });
      }
    }
  }

  /** Matches ordered by position, overlaps removed; texts = [folded text, text]. */
  find(texts) {
    const found = [];
    for (const { rx, cs } of this.scans) {
      for (const m of texts[cs].matchAll(rx)) {
        if (m[0].length > 0) found.push([m.index, m.index + m[0].length]);
      }
    }
    return keepFirst(found);
  }

  /** Group and alternative of the first pattern matching at `start`. */
  which(texts, start) {
    for (const s of this.singles) {
      s.sticky.lastIndex = start;
      if (s.sticky.test(texts[s.cs])) return [s.g, s.alternative];
    }
    throw new Error("a match no single pattern makes"); // cannot happen
  }

  groupMatches(g, texts) {
    return this.singles.some((s) => s.g === g && s.any.test(texts[s.cs]));
  }
}

const compiled = new WeakMap();

/** @param {Criterion} criterion */
function plan(criterion) {
  let p = compiled.get(criterion);
  if (!p) {
    p = [new Scan(criterion.signals), new Scan(criterion.counter_signals)];
    compiled.set(criterion, p);
  }
  return p;
}

function explainedHere(text, start, end) {
  if (start > 0 && text[start - 1] === "(" && text[end] === ")") return true;
  EXPLAINED_AFTER.lastIndex = end;
  return EXPLAINED_AFTER.test(text);
}

function counterConcerns(counters, texts) {
  const text = texts[1];
  const found = counters.find(texts).map(([s, e]) => [s, e, ...counters.which(texts, s)]);
  const explained = new Set(
    found
      .filter(([s, e, g]) => counters.groups[g].explainable && explainedHere(text, s, e))
      .map(([s, e]) => text.slice(s, e)),
  );
  const concerns = [];
  const spans = [];
  for (const [s, e, g, alternative] of found) {
    const group = counters.groups[g];
    const matched = text.slice(s, e);
    if (group.explainable && explained.has(matched)) continue;
    const advice = alternative || group.advice;
    const concern = `"${matched}" (${group.name})`;
    concerns.push(advice ? `${concern}: ${advice}` : concern);
    spans.push([s, e]);
  }
  return [concerns, spans];
}

function longSentences(text, limit) {
  const concerns = [];
  const spans = [];
  const bounds = [...text.matchAll(SENTENCE_END)].map((m) => [m.index, m.index + m[0].length]);
  bounds.push([text.length, text.length]);
  let start = 0;
  for (const [end, after] of bounds) {
    if (end - start > limit) {
      const tokens = text.slice(start, end).match(TOKEN) || [];
      const words = tokens.filter((t) => WORDISH.test(t)).length;
      if (words > limit) {
        const snippet = tokens.slice(0, SNIPPET_WORDS).join(" ");
        concerns.push(`Sentence of ${words} words (aim for ${limit} or fewer): "${snippet}\u2026"`);
        spans.push([start, end]);
      }
    }
    start = after;
  }
  return [concerns, spans];
}

function criterionReport(criterion, met, evidence, concerns, spans, concernSpans) {
  return {
    id: criterion.id,
    title: criterion.title,
    met,
    evidence,
    concerns,
    prompt: met ? criterion.met_message : criterion.prompt,
    question: criterion.question,
    better_wording: met ? null : criterion.better_wording,
    spans,
    concern_spans: concernSpans,
    partial: [],
  };
}

/** Matches of `secondary` groups (a monitoring step) only when no other group matched. */
function mainEvidence(signals, texts, kept) {
  const main = kept.filter(([s]) => !signals.groups[signals.which(texts, s)[0]].secondary);
  return main.length ? main : kept;
}

/** @param {Criterion} criterion */
function checkCriterion(criterion, texts, empty) {
  if (empty) return criterionReport(criterion, false, [], [], [], []);
  const [signals, counters] = plan(criterion);
  const text = texts[1];
  let kept = signals.find(texts);
  let met;
  if (!criterion.signals.length) {
    met = true;
  } else if (criterion.match === "all") {
    const seen = new Set(kept.map(([s]) => signals.which(texts, s)[0]));
    met = signals.groups.every((_, g) => seen.has(g) || signals.groupMatches(g, texts));
  } else {
    met = kept.length > 0;
  }
  if (kept.length && signals.groups.some((g) => g.secondary)) kept = mainEvidence(signals, texts, kept);
  let [concerns, concernSpans] = counterConcerns(counters, texts);
  if (criterion.max_sentence_words) {
    const [more, moreSpans] = longSentences(text, criterion.max_sentence_words);
    concerns = concerns.concat(more);
    concernSpans = concernSpans.concat(moreSpans);
  }
  if (met && criterion.counter_effect === "veto" && concerns.length) met = false;
  return criterionReport(
    criterion,
    met,
    unique(kept.map(([s, e]) => text.slice(s, e))),
    unique(concerns),
    kept.map(([s, e]) => [s, e]),
    concernSpans,
  );
}

function summary(criteria) {
  return { met: criteria.filter((c) => c.met).length, total: criteria.length };
}

/** [start, end] of each plan item in normalised text; see splitItems. */
function itemBounds(text) {
  const lines = [];
  let pos = 0;
  for (const line of text.split("\n")) {
    lines.push([pos, line]);
    pos += line.length + 1;
  }
  const bulleted = lines.some(([, line]) => BULLET.test(line));
  const items = [];
  let current = null;
  for (const [start, line] of lines) {
    if (!NONBLANK.test(line)) {
      current = null;
      continue;
    }
    const bullet = line.match(BULLET);
    const content = start + (bullet ? bullet[0].length : line.length - line.replace(/^[ \t]+/, "").length);
    const end = start + line.replace(/[ \t\f\v]+$/, "").length;
    if (bullet || !bulleted) {
      current = [content, end];
      items.push(current);
    } else if (current !== null) {
      current[1] = end; // a continuation line of a bulleted item
    }
    // else: an unbulleted line in a bulleted list that continues no item (a heading such as
    // "Outcome: Dylan feels safe." or a note after a blank line) is not an item.
  }
  return items.filter(([s, e]) => e > s);
}

/**
 * Plan items in pasted text: one a line, or bullets (-, *, •, 1., 1), a)).
 * When any line starts with a bullet, each bullet starts an item, an unbulleted line right
 * below an item continues it, and a blank line ends an item. Other unbulleted lines (a
 * heading such as "Outcome: ..." or "Worry:", a preface, a note after a blank line) are
 * not items: they are not checked item by item.
 * @param {string} text
 * @returns {string[]}
 */
export function splitItems(text) {
  const t = normalise(text);
  return itemBounds(t).map(([s, e]) => t.slice(s, e));
}

function checkWhole(pack, text, empty) {
  const texts = [foldText(text), text];
  return pack.criteria.map((c) => checkCriterion(c, texts, empty));
}

/**
 * Check one text against one pack; `model` is the framework's learned weights, if any.
 * @param {Pack} pack
 * @param {string} text
 * @param {object|null} [model]
 */
export function checkText(pack, text, model = null) {
  const t = normalise(text);
  const empty = !NONBLANK.test(t);
  const criteria = checkWhole(pack, t, empty);
  const bounds = pack.split_items && !empty ? itemBounds(t) : [];
  const items = bounds.length > 1 ? itemAdvice(pack, t, bounds, criteria) : [];
  if (model && !empty) applyScorer(model, t, pack.criteria, criteria);
  applyRequires(pack.criteria, criteria);
  for (const c of criteria) {
    if (!c.met) {
      // "Not found" never sits beside words shown as evidence: what the rules found for a
      // criterion not met is partial evidence, and called that.
      c.partial = c.evidence;
      c.evidence = [];
      c.spans = [];
    }
  }
  return {
    framework: pack.framework,
    title: pack.title,
    empty,
    summary: summary(criteria),
    criteria,
    items,
  };
}

/** Each plan item, as advice: what the rules found inside its line (engine.py rule 6). */
function itemAdvice(pack, text, bounds, criteria) {
  return bounds.map(([s, e]) => {
    const itemCriteria = pack.criteria.map((definition, k) => {
      const c = criteria[k];
      const inside = c.spans.filter(([a, b]) => s <= a && b <= e).map(([a, b]) => [a - s, b - s]);
      let met = definition.signals.length ? inside.length > 0 : true;
      if (met && definition.counter_effect === "veto" &&
        c.concern_spans.some(([a, b]) => a < e && b > s)) met = false;
      return criterionReport(definition, met, unique(inside.map(([a, b]) => text.slice(s + a, s + b))),
        [], inside, []);
    });
    applyRequires(pack.criteria, itemCriteria); // an item's reason needs its decision
    return { text: text.slice(s, e), start: s, criteria: itemCriteria, summary: summary(itemCriteria) };
  });
}

/** Change a criterion's verdict after the rules, with the words that go with it. */
function setMet(d, c, met) {
  c.met = met;
  c.prompt = met ? d.met_message : d.prompt;
  c.better_wording = met ? null : d.better_wording;
}

/** Combine the rules' results with the scorer's, criterion by criterion (engine.py rule 7). */
function applyScorer(model, text, defs, criteria) {
  const ruleIds = criteria.filter((c) => c.met).map((c) => c.id);
  const scored = score(model, text, ruleIds);
  criteria.forEach((c, k) => {
    const crit = model.criteria[c.id];
    if (!crit) return;
    const p = scored.probs[c.id];
    c.score = p;
    const confident = p > crit.threshold;
    let met = crit.combine === "scorer" ? confident : c.met || confident;
    // A veto the rules found stands: jargon shown is never "found" plain.
    if (defs[k].counter_effect === "veto" && c.concerns.length) met = false;
    // A criterion judged by absence (no signals: plain language) has no words to show.
    if (met && !c.evidence.length && defs[k].signals.length) {
      const spans = scorerEvidence(model, c.id, text, scored);
      c.evidence = unique(spans.map(([s, e]) => text.slice(s, e)));
      c.spans = spans.map(([s, e]) => [s, e]);
      c.evidence_from = "scorer";
      met = spans.length > 0; // no words to show: not "found"
    }
    if (met !== c.met) setMet(defs[k], c, met);
  });
}

/** A criterion whose `requires` are not all met is not met (engine.py rule 8), in pack order. */
function applyRequires(defs, criteria) {
  const met = new Set();
  criteria.forEach((c, k) => {
    const d = defs[k];
    if (c.met && d.requires.some((r) => !met.has(r))) setMet(d, c, false);
    if (c.met) met.add(c.id);
  });
}

/**
 * The packs' framework ids in the book's order (each pack's `order`, then id), as
 * widgets.packs.load_packs orders them.
 * @param {Record<string, Pack>} packs
 */
export function frameworkIds(packs) {
  return Object.keys(packs).sort((a, b) => packs[a].order - packs[b].order || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Check one text against every pack: {framework: report}.
 * @param {Record<string, Pack>} packs
 * @param {string} text
 */
export function checkAll(packs, text, models = {}) {
  return Object.fromEntries(
    frameworkIds(packs).map((name) => [name, checkText(packs[name], text, models[name] ?? null)]),
  );
}

function sectionHeading(packs) {
  const owner = new Map();
  for (const [name, pack] of Object.entries(packs)) {
    for (const h of pack.record_sections ?? []) owner.set(h.toLowerCase(), name);
  }
  // Longest first, so "Risk analysis:" is not read as "Risk" followed by more words.
  const names = [...owner.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const alternatives = names.map((n) => n.replaceAll("'", "['\u2019]")).join("|") || "(?!)";
  const rx = new RegExp(`[ \\t]{0,20}(?:#{1,6}[ \\t]{0,5}|\\*\\*)?(${alternatives})(?:\\*\\*)?[ \\t]{0,5}:`, "uy");
  return { rx, owner };
}

/**
 * [framework, heading as written, start, end] of each section of a normalised record
 * (see engine.py record_sections).
 */
export function recordSections(text, packs) {
  const { rx, owner } = sectionHeading(packs);
  const folded = foldText(text).replaceAll("\u2019", "'");
  const sections = [];
  let pos = 0;
  for (const line of text.split("\n")) {
    rx.lastIndex = pos;
    const m = rx.exec(folded.slice(0, pos + line.length));
    if (m) {
      const framework = owner.get(m[1].replaceAll("\u2019", "'"));
      const start1 = m.index + m[0].indexOf(m[1]);
      if (!sections.length || sections[sections.length - 1][0] !== framework) {
        if (sections.length) sections[sections.length - 1][3] = pos;
        sections.push([framework, text.slice(start1, start1 + m[1].length), pos, text.length]);
      }
    }
    pos += line.length + 1;
  }
  return sections;
}

/**
 * A whole record, each section ("Plan:", "Visit:", "Risk:") checked with its own framework;
 * a record without headings is checked with every framework. Each report has `section` and
 * `start`; its spans index the whole record.
 */
export function checkRecord(packs, text, models = {}) {
  const t = normalise(text);
  const sections = recordSections(t, packs);
  if (!sections.length) {
    return frameworkIds(packs).map((name) =>
      ({ ...checkText(packs[name], t, models[name] ?? null), section: null, start: 0 }));
  }
  return sections.map(([framework, heading, start, end]) => {
    const report = checkText(packs[framework], t.slice(start, end), models[framework] ?? null);
    for (const c of report.criteria) {
      c.spans = c.spans.map(([a, b]) => [a + start, b + start]);
      c.concern_spans = c.concern_spans.map(([a, b]) => [a + start, b + start]);
    }
    for (const item of report.items) item.start += start;
    return { ...report, section: heading, start };
  });
}
