// The anonymisation guard for the browser: find likely identifiers in case text, and redact
// them. widgets/anonymise.py is the same guard in Python; the rules are written out there.
// Both use the same patterns (tests/test_anonymise.py compares them) and give the same
// findings and redacted text on every line of tests/vectors/anonymise.jsonl.
//
// Nothing here keeps, sends or logs the text: it is read, searched and returned.

/** Kind -> label; the placeholder is the label in square brackets. Order is priority. */
export const LABELS = {
  email: "email",
  nhs_number: "NHS number",
  phone: "phone number",
  dob: "date of birth",
  date: "date",
  postcode: "postcode",
  name: "name",
};

/** How a warning names each kind: [one, many]. */
export const PLURALS = {
  email: ["email address", "email addresses"],
  nhs_number: ["NHS number", "NHS numbers"],
  phone: ["phone number", "phone numbers"],
  dob: ["date of birth", "dates of birth"],
  date: ["full date", "full dates"],
  postcode: ["postcode", "postcodes"],
  name: ["listed name", "listed names"],
};

const DAY = "(?:0?[1-9]|[12][0-9]|3[01])";
const MONTH_NUM = "(?:0?[1-9]|1[0-2])";
const MONTH =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" +
  "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const ORD = "(?:st|nd|rd|th)?";
const FULL_DATE =
  `(?<![0-9a-z])(?<![0-9][/.-])(?:${DAY}(?:/${MONTH_NUM}/|\\.${MONTH_NUM}\\.|-${MONTH_NUM}-)` +
  "(?:[0-9]{4}|[0-9]{2})(?![0-9]|[/.-][0-9])" +
  "|[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?![0-9]|[/.-][0-9])" +
  `|${DAY}${ORD} (?:of )?${MONTH}\\.?,? [0-9]{4}(?![0-9]))` +
  `|(?<![a-z])${MONTH}\\.? ${DAY}${ORD},? [0-9]{4}(?![0-9])`;

/** Every pattern the guard uses, by name (the same strings as widgets/anonymise.py). */
export const PATTERNS = {
  email: "(?<![a-z0-9._%+-])[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,253}\\.[a-z]{2,24}(?![a-z0-9-])",
  nhs_number:
    "(?<![0-9a-z])(?:[0-9]{10}|[0-9]{3} [0-9]{3} [0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4})" +
    "(?![0-9a-z])",
  phone:
    "(?<![0-9a-z+])(?:\\+44 ?(?:\\(0\\) ?)?[1-9][0-9]{1,4}|\\(0[1-9][0-9]{1,4}\\)" +
    "|0[1-9][0-9]{1,4})[ -]?[0-9]{3,4}[ -]?[0-9]{3,4}(?![0-9])",
  dob_cue:
    "(?<![a-z])(?:d\\.? ?o\\.? ?b\\.?|date of birth|born(?: on| in)?|birthday(?: is)?)" +
    "(?![a-z])[ \\t]{0,3}[:=-]?[ \\t]{0,3}(?:(?:is|was|on) )?",
  dob_date:
    `(?:${FULL_DATE}` +
    `|${DAY}${ORD} (?:of )?${MONTH}(?![a-z])` +
    `|${MONTH},? [0-9]{4}(?![0-9])` +
    "|(?:19|20)[0-9]{2}(?![0-9]))",
  date: FULL_DATE,
  postcode: "(?<![a-z0-9])[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][abd-hjlnp-uw-z]{2}(?![a-z0-9])",
};

const RX = Object.fromEntries(Object.entries(PATTERNS).map(([k, p]) => [k, new RegExp(p, "gu")]));
// The date after a cue must start exactly where the cue ends (Python's pattern.match(text, pos)).
const DOB_DATE_AT = new RegExp(PATTERNS.dob_date, "uy");
const PHONE_FIRST = "123578";
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

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

/**
 * Likely identifiers in `text`, in order, none overlapping.
 * @param {string} text
 * @param {string | string[]} [names] names the user lists (whole words, any case)
 * @returns {{type: string, label: string, text: string, start: number, end: number}[]}
 */
export function findIdentifiers(text, names = []) {
  const folded = foldText(String(text ?? ""));
  text = String(text ?? "");
  const kinds = Object.keys(LABELS);
  const raw = [];
  const each = (name, fn) => {
    RX[name].lastIndex = 0;
    for (const m of folded.matchAll(RX[name])) fn(m);
  };
  each("email", (m) => raw.push([m.index, m.index + m[0].length, "email"]));
  each("nhs_number", (m) => {
    if (nhsNumberValid(m[0].replace(/[ -]/g, ""))) raw.push([m.index, m.index + m[0].length, "nhs_number"]);
  });
  each("phone", (m) => {
    if (phoneValid(m[0])) raw.push([m.index, m.index + m[0].length, "phone"]);
  });
  each("dob_cue", (m) => {
    DOB_DATE_AT.lastIndex = m.index + m[0].length;
    const date = DOB_DATE_AT.exec(folded);
    if (date) raw.push([date.index, date.index + date[0].length, "dob"]);
  });
  each("date", (m) => raw.push([m.index, m.index + m[0].length, "date"]));
  each("postcode", (m) => raw.push([m.index, m.index + m[0].length, "postcode"]));
  for (const [start, end] of nameMatches(text, parseNames(names))) raw.push([start, end, "name"]);

  raw.sort((a, b) => a[0] - b[0] || b[1] - a[1] || kinds.indexOf(a[2]) - kinds.indexOf(b[2]));
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

/** @param {string} type */
export function placeholder(type) {
  return `[${LABELS[type]}]`;
}

/**
 * The text with each finding (by default, everything findIdentifiers finds) replaced by its
 * placeholder, such as "[NHS number]".
 */
export function redact(text, found = undefined) {
  text = String(text ?? "");
  const list = [...(found ?? findIdentifiers(text))].sort((a, b) => a.start - b.start);
  let out = "";
  let pos = 0;
  for (const f of list) {
    if (f.start < pos) continue; // overlapping findings: the first one wins
    out += text.slice(pos, f.start) + placeholder(f.type);
    pos = f.end;
  }
  return out + text.slice(pos);
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
