// The identifier guard for the browser: find likely identifiers in case text, and redact
// them readably. widgets/anonymise.py is the same guard in Python; the rules are written out
// there. Both read one data object (the book's guard.js, from widgets/guard/) and keep only
// the algorithm; they give the same findings and redacted text on every line of
// tests/vectors/anonymise.jsonl.
//
// Nothing here keeps, sends or logs the text: it is read, searched and returned.

/** Kind -> label; the placeholder is the label in square brackets. Order is priority. */
export const LABELS = {};
/** How a warning names each kind: [one, many]. */
export const PLURALS = {};

let GUARD = null;
const PHONE_FIRST = "123578";
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
// A word: letters, with apostrophes or hyphens inside ("O'Connor", "Anna-Marie"). The same
// letters as Python's [^\W\d_].
const WORD = /[\p{L}\p{Nl}\p{No}]+(?:['\u2019-][\p{L}\p{Nl}\p{No}]+)*/gu;
const BLANKS = " \t";
const STARTS = ".!?\n\r\u2022*";
const ALNUM = /^[\p{L}\p{N}]$/u;

/**
 * Give the guard its data (the book's guard.js, or a live widget's `guard` trait). Call once
 * before findIdentifiers; calling again with the same object does nothing.
 */
export function setGuard(data) {
  if (!data || data === GUARD?.data) return;
  const lex = data.lexicon;
  const set = (s) => new Set(s.split(" ").filter(Boolean));
  GUARD = {
    data,
    kinds: data.kinds.map((k) => k.id),
    numbered: new Set(data.kinds.filter((k) => k.numbered).map((k) => k.id)),
    patterns: data.patterns.map((p) => ({ ...p, rx: new RegExp(p.pattern, "gu"), at: new RegExp(p.pattern, "uy") })),
    first: set(lex.first), surname: set(lex.surname), ordinary: set(lex.ordinary),
    titles: new Set(data.words.titles), roles: new Set(data.words.roles),
    groupOf: new Map(), contractions: new Set(data.words.contractions),
    weights: new Map(Object.entries(data.tagger.weights)), bias: data.tagger.bias, cut: data.tagger.threshold,
  };
  for (const [group, members] of Object.entries(data.words.groups)) {
    for (const word of members) {
      if (!GUARD.groupOf.has(word)) GUARD.groupOf.set(word, []);
      GUARD.groupOf.get(word).push(group);
    }
  }
  for (const key of Object.keys(LABELS)) delete LABELS[key];
  for (const key of Object.keys(PLURALS)) delete PLURALS[key];
  for (const k of data.kinds) {
    LABELS[k.id] = k.label;
    PLURALS[k.id] = [k.one, k.many];
  }
}

/** Whether the guard has its data (findIdentifiers may be called). */
export function guardReady() {
  return GUARD !== null;
}

function guard() {
  if (!GUARD) throw new Error("The identifier guard has no data yet: call setGuard() (or guardload.js) first.");
  return GUARD;
}

/** ASCII letters to lower case; nothing else changes, so every index stays the same. */
function foldText(text) {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** The NHS number's Modulus 11 check: weights 10 down to 2 on the first nine digits. */
export function nhsNumberValid(digits) {
  if (!/^[0-9]{10}$/.test(digits)) return false;
  let total = 0;
  for (let i = 0; i < 9; i += 1) total += Number(digits[i]) * (10 - i);
  let check = 11 - (total % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === Number(digits[9]);
}

function phoneValid(match) {
  const digits = match.replace(/[^0-9]/g, "");
  let national;
  if (match.startsWith("+44")) {
    national = digits.slice(2);
    if (national.startsWith("0")) national = national.slice(1); // +44 (0)20 ...
  } else {
    national = digits.slice(1);
  }
  return (national.length === 9 || national.length === 10) && PHONE_FIRST.includes(national[0]);
}

const CHECKS = {
  nhs_modulus_11: (m) => nhsNumberValid(m.replace(/[ -]/g, "")),
  uk_phone: phoneValid,
};

/**
 * Names to look for: an array, or one string with names separated by commas or lines.
 * Each is trimmed with inner spaces made single; names shorter than two characters and
 * repeats (ignoring case) are dropped.
 * @param {string | string[]} names
 */
export function parseNames(names) {
  const parts = typeof names === "string" ? names.split(/[,;\n]/) : Array.from(names ?? []);
  const out = new Map();
  for (const part of parts) {
    const name = String(part).replace(/[ \t]{1,100}/g, " ").replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
    if ([...name].length >= 2 && !out.has(lower(name))) out.set(lower(name), name);
  }
  return [...out.values()];
}

/** Lower case, one UTF-16 unit at a time, only where that keeps the length. */
function lower(text) {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    const low = ch.toLowerCase();
    out += low.length === 1 ? low : ch;
  }
  return out;
}

/** The code point that ends just before `index`, or the one that starts at it. */
function pointBefore(text, index) {
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1];
}

function nameMatches(text, names) {
  const lowered = lower(text);
  const found = [];
  for (const name of names) {
    const needle = lower(name);
    let start = lowered.indexOf(needle);
    while (start !== -1) {
      const end = start + needle.length;
      const before = start > 0 && WORD_CHAR.test(pointBefore(text, start));
      const after = end < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(end)));
      if (!before && !after) found.push([start, end]);
      start = lowered.indexOf(needle, start + 1);
    }
  }
  return found;
}

function patternMatches(text, folded, g) {
  const raw = [];
  const hasDigit = /[0-9]/.test(folded);
  const ends = new Map();
  for (const p of g.patterns) {
    const subject = p.cased ? text : folded;
    let matches;
    if (p.after) {
      matches = [];
      for (const pos of ends.get(p.after) ?? []) {
        p.at.lastIndex = pos;
        const m = p.at.exec(subject);
        if (m) matches.push(m);
      }
    } else {
      // A speed-up only: a pattern made of digits cannot match without one.
      if (!hasDigit && p.pattern.includes("[0-9]") && !p.pattern.includes("[a-z]") && !p.cased) continue;
      p.rx.lastIndex = 0;
      matches = [...subject.matchAll(p.rx)];
    }
    if (p.kind === null) {
      ends.set(p.id, matches.map((m) => m.index + m[0].length));
      continue;
    }
    const check = p.check ? CHECKS[p.check] : null;
    for (const m of matches) {
      const [start, end] = groupSpan(m, p.group, subject);
      if (end > start && (!check || check(subject.slice(start, end)))) raw.push([start, end, p.kind]);
    }
  }
  return raw;
}

/** Where group `n` of a match lies (JavaScript gives only the whole match's index). */
function groupSpan(m, n, subject) {
  if (!n) return [m.index, m.index + m[0].length];
  const inner = m[n];
  if (inner === undefined) return [0, 0];
  // The guard's grouped patterns end with their group, so it ends where the match does.
  const end = m.index + m[0].length;
  if (!subject.slice(m.index, end).endsWith(inner)) throw new Error("a group must end its pattern");
  return [end - inner.length, end];
}

// --- the name tagger -------------------------------------------------------------------------

function isUpper(s) { return s !== lower(s) && s === s.toUpperCase(); }
function isLower(s) { return s === lower(s) && s !== s.toUpperCase(); }

/** As Python's str.isupper()/islower() for the words the tagger sees (letters only). */
function shape(word) {
  if (word.length === 1) return isUpper(word) ? "A" : "a";
  if (isUpper(word)) return "X";
  if (isLower(word)) return "x";
  return isUpper(word[0]) ? "Xx" : "m";
}

function core(word) {
  if (word.length > 3 && "'\u2019".includes(word[word.length - 2]) && "sS".includes(word[word.length - 1])) {
    return word.slice(0, -2);
  }
  return word;
}

function lexiconTag(low, g) {
  let tag = (g.first.has(low) ? "F" : "") + (g.surname.has(low) ? "S" : "") + (g.ordinary.has(low) ? "O" : "");
  if (!tag && low.includes("-")) {
    if (low.split("-").every((p) => g.first.has(p) || g.surname.has(p))) tag = "H";
  }
  return tag || "-";
}

function prevChar(text, start) {
  let i = start - 1;
  while (i >= 0 && BLANKS.includes(text[i])) i -= 1;
  return i >= 0 ? text[i] : "";
}

function nextChar(text, end) {
  let i = end;
  while (i < text.length && BLANKS.includes(text[i])) i += 1;
  return i < text.length ? text[i] : "";
}

const suffix = (low) => (low.length > 3 ? low.slice(-3) : "-");
const lengthBucket = (low) => (low.length === 1 ? "1" : low.length === 2 ? "2" : low.length <= 4 ? "3" : "5");

/** Each word's [start, end], a possessive "'s" left outside. */
export function wordsOf(text) {
  const out = [];
  for (const m of text.matchAll(WORD)) out.push([m.index, m.index + core(m[0]).length]);
  return out;
}

/**
 * The features of each word, in order: the same as token_features in anonymise.py. With
 * `skipPlain`, a plain word (lower case, ordinary, in no list of names) gets null.
 */
export function tokenFeatures(text, words, g = guard(), skipPlain = false) {
  const lows = words.map(([s, e]) => lower(text.slice(s, e)));
  const shapes = words.map(([s, e]) => shape(text.slice(s, e)));
  const tags = lows.map((w) => lexiconTag(w, g));
  const befores = words.map(([s]) => prevChar(text, s));
  const starts = befores.map((b) => b === "" || STARTS.includes(b));
  // A note typed in lower case ("spoke to kerry"): most sentences start in lower case.
  const nStarts = starts.filter(Boolean).length;
  const lowerDoc = nStarts >= 2 && 2 * starts.filter((st, i) => st && shapes[i] === "x").length >= nStarts;
  // Words written with a capital where no sentence starts: a sign of a name wherever the
  // same word appears in this record ("summer" in a note that also says "Summer rang").
  const capped = new Set(lows.filter((w, i) => !starts[i] && shapes[i] === "Xx"));
  return words.map(([, end], i) => {
    const low = lows[i];
    const sh = shapes[i];
    const tag = tags[i];
    const before = befores[i];
    if (skipPlain && sh === "x" && tag === "O") return null;
    const feats = ["bias", `s=${sh}`, `g=${tag}`, `sg=${sh}${tag}`, `w=${low}`, `suf=${suffix(low)}`, `len=${lengthBucket(low)}`];
    if (starts[i]) feats.push("st", `st|${sh}${tag}`);
    else if (!ALNUM.test(before)) feats.push(`pc=${before}`);
    if (lowerDoc) feats.push(`dl|${sh}${tag}`);
    const after = nextChar(text, end);
    if (after && !ALNUM.test(after) && !BLANKS.includes(after)) feats.push(`nc=${after === "\u2019" ? "'" : after}`);
    if (capped.has(low)) feats.push(`cap|${sh}`);
    if (g.roles.has(low)) feats.push("role");
    for (const group of g.groupOf.get(low) ?? []) feats.push(`kw=${group}`);
    if (i > 0) {
      const p = lows[i - 1];
      feats.push(`p=${p}`, `pg=${tags[i - 1]}`, `ps=${shapes[i - 1]}`, `pss=${shapes[i - 1]}|${sh}${tag}`);
      if (g.titles.has(p)) feats.push("title", `title|${sh}`);
      if (g.roles.has(p)) feats.push("prole");
      feats.push(`p2=${i > 1 ? lows[i - 2] : "^"}`);
    } else {
      feats.push("p=^");
    }
    if (i + 1 < words.length) {
      feats.push(`n=${lows[i + 1]}`, `ng=${tags[i + 1]}`, `ns=${shapes[i + 1]}`,
        `n2=${i + 2 < words.length ? lows[i + 2] : "$"}`);
    } else {
      feats.push("n=$");
    }
    return feats;
  });
}

/** "I've", "she'd", "don't": a word whose ending after its apostrophe is a contraction's. */
function contraction(low, g) {
  const cut = Math.max(low.lastIndexOf("'"), low.lastIndexOf("\u2019"));
  return cut > 0 && g.contractions.has(low.slice(cut + 1));
}

function taggedNames(text, g) {
  const words = wordsOf(text);
  if (!words.length) return [];
  const feats = tokenFeatures(text, words, g, true);
  const lows = words.map(([s, e]) => lower(text.slice(s, e)));
  const never = (w) => g.titles.has(w) || g.roles.has(w) || contraction(w, g);
  const isName = feats.map((f, i) => {
    if (f === null) return false; // a plain word (see tokenFeatures)
    let score = g.bias;
    for (const name of f) score += g.weights.get(name) ?? 0;
    return score >= g.cut && !never(lows[i]);
  });
  const named = new Set(lows.filter((w, i) => isName[i]));
  words.forEach(([start], i) => {
    if (!isName[i] && named.has(lows[i]) && !never(lows[i]) &&
        (isUpper(text[start]) || !g.ordinary.has(lows[i]))) isName[i] = true;
  });
  const spans = [];
  words.forEach(([start, end], i) => {
    if (!isName[i]) return;
    if (spans.length && isName[i - 1] && joins(text, words[i - 1], start)) spans[spans.length - 1][1] = end;
    else spans.push([start, end]);
  });
  return spans;
}

function joins(text, prev, start) {
  const gap = text.slice(prev[1], start);
  return gap === " " || (gap === ". " && prev[1] - prev[0] === 1);
}

/**
 * Likely identifiers in `text`, in order, none overlapping.
 * @param {string} text
 * @param {string | string[]} [names] names the user lists (whole words, any case)
 * @returns {{type: string, label: string, text: string, start: number, end: number}[]}
 */
export function findIdentifiers(text, names = []) {
  const g = guard();
  text = String(text ?? "");
  const raw = patternMatches(text, foldText(text), g);
  for (const [start, end] of nameMatches(text, parseNames(names))) raw.push([start, end, "name"]);
  for (const [start, end] of taggedNames(text, g)) raw.push([start, end, "name"]);
  const rank = (kind) => g.kinds.indexOf(kind);
  raw.sort((a, b) => a[0] - b[0] || b[1] - a[1] || rank(a[2]) - rank(b[2]));
  const kept = [];
  let lastEnd = -1;
  for (const [start, end, type] of raw) {
    if (start >= lastEnd) {
      kept.push({ type, label: LABELS[type], text: text.slice(start, end), start, end });
      lastEnd = end;
    }
  }
  return kept;
}

// --- redaction ---------------------------------------------------------------------------------

function personKey(text) {
  return text.replace(/\./g, " ").trim().split(/[ \t]{1,100}/).filter(Boolean).map((w) => lower(core(w)));
}

/** Each finding's number for its numbered placeholder, by index (see people() in Python). */
export function people(found) {
  const g = guard();
  const keys = new Map();
  found.forEach((f, i) => { if (g.numbered.has(f.type)) keys.set(i, personKey(f.text)); });
  const owners = new Map();
  for (const [i, key] of keys) {
    if (key.length > 1) {
      for (const word of key) {
        const at = `${found[i].type}\u0000${word}`;
        if (!owners.has(at)) owners.set(at, new Set());
        owners.get(at).add(key.join(" "));
      }
    }
  }
  const numbers = new Map();
  const counters = new Map();
  const out = new Map();
  for (const [i, key] of keys) {
    const kind = found[i].type;
    let id = key.join(" ");
    const own = key.length === 1 ? owners.get(`${kind}\u0000${key[0]}`) : undefined;
    if (own && own.size === 1) id = [...own][0];
    const at = `${kind}\u0000${id}`;
    if (!numbers.has(at)) {
      counters.set(kind, (counters.get(kind) ?? 0) + 1);
      numbers.set(at, counters.get(kind));
    }
    out.set(i, numbers.get(at));
  }
  return out;
}

/** @param {string} type @param {number} [number] */
export function placeholder(type, number = undefined) {
  return number === undefined ? `[${LABELS[type]}]` : `[${LABELS[type]} ${number}]`;
}

/**
 * The text with each finding (by default, everything findIdentifiers finds) replaced by its
 * placeholder, such as "[NHS number]" or "[Name 2]".
 */
export function redact(text, found = undefined) {
  text = String(text ?? "");
  const list = [...(found ?? findIdentifiers(text))].sort((a, b) => a.start - b.start);
  const numbers = people(list);
  let out = "";
  let pos = 0;
  list.forEach((f, i) => {
    if (f.start < pos) return; // overlapping findings: the first one wins
    out += text.slice(pos, f.start) + placeholder(f.type, numbers.get(i));
    pos = f.end;
  });
  return out + text.slice(pos);
}

/** What each numbered placeholder stands for, to show beside a redacted text (never kept). */
export function keyToPlaceholders(found) {
  const list = [...found].sort((a, b) => a.start - b.start);
  const numbers = people(list);
  const rows = new Map();
  list.forEach((f, i) => {
    if (!numbers.has(i)) return;
    const p = placeholder(f.type, numbers.get(i));
    if (!rows.has(p)) rows.set(p, []);
    if (!rows.get(p).includes(f.text)) rows.get(p).push(f.text);
  });
  return [...rows].map(([p, texts]) => ({ placeholder: p, texts }));
}

/** {kind: count} for the kinds present, in the guard's order. */
export function countByType(found) {
  const counts = {};
  for (const kind of Object.keys(LABELS)) {
    const n = found.filter((f) => f.type === kind).length;
    if (n) counts[kind] = n;
  }
  return counts;
}

/** "2 NHS numbers, 1 postcode": the words a warning uses. */
export function describeCounts(counts) {
  return Object.entries(counts)
    .map(([kind, n]) => `${n} ${n === 1 ? PLURALS[kind][0] : PLURALS[kind][1]}`)
    .join(", ");
}

/**
 * The agreed warning for a list of findings ('' when there are none). Shared by every widget
 * that uses the guard (redact.js, casecheck.js), so they all say the same thing.
 */
export function warningText(found) {
  if (!found.length) return "";
  return (
    `Possible identifiers found: ${describeCounts(countByType(found))}. ` +
    "Remove or replace them before you share this text."
  );
}
