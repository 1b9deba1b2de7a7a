// Quiz progress kept in this browser only (localStorage): bank ids, ISO dates and scores,
// nothing else (see sanitiseAttempt); and the CPD record made from them.

export const PROGRESS_KEY = "ofsted-book:progress";
export const PROGRESS_EVENT = "ofsted-book:progress-changed";
const MAX_ATTEMPTS = 500;
export const BANK_ID = /^[a-z][a-z0-9-]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Only a bank id, an ISO date and two whole numbers survive; anything else is dropped. */
export function sanitiseAttempt(value) {
  if (!value || typeof value !== "object") return null;
  const { bank, date, score, outOf } = value;
  if (typeof bank !== "string" || !BANK_ID.test(bank)) return null;
  if (typeof date !== "string" || !ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) {
    return null;
  }
  if (!Number.isInteger(score) || !Number.isInteger(outOf) || outOf < 1) return null;
  if (score < 0 || score > outOf) return null;
  return { bank, date, score, outOf };
}

/** @param {Storage | null} storage */
export function readProgress(storage) {
  if (!storage) return [];
  try {
    const data = JSON.parse(storage.getItem(PROGRESS_KEY) ?? "null");
    const list = Array.isArray(data?.attempts) ? data.attempts : [];
    return list.map(sanitiseAttempt).filter(Boolean);
  } catch {
    return [];
  }
}

/** @param {Storage | null} storage */
export function recordAttempt(storage, attempt) {
  const clean = sanitiseAttempt(attempt);
  if (!storage || !clean) return false;
  const attempts = [...readProgress(storage), clean].slice(-MAX_ATTEMPTS);
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify({ version: 1, attempts }));
    return true;
  } catch {
    return false; // storage full or blocked: the quiz still works, nothing is kept
  }
}

/** @param {Storage | null} storage */
export function clearProgress(storage) {
  try {
    storage?.removeItem(PROGRESS_KEY);
  } catch {
    // blocked storage holds nothing to clear
  }
}

const DATE_FMT = { day: "numeric", month: "long", year: "numeric" };

export function formatDate(iso, withTime = false) {
  const d = new Date(iso);
  const opts = withTime ? { ...DATE_FMT, hour: "2-digit", minute: "2-digit" } : DATE_FMT;
  return d.toLocaleString("en-GB", opts);
}

/** "2026-11-23" as "23 November 2026", the same in every time zone. */
export function formatDay(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(day ?? ""));
  if (!m) return String(day ?? "");
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toLocaleDateString("en-GB", { ...DATE_FMT, timeZone: "UTC" });
}

export const bankTitle = (banks, id) => banks[id]?.title ?? id;

/** The reflection prompts of a CPD record, in order: [key, prompt]. */
export const CPD_PROMPTS = [
  ["relevance", "Why this is relevant to my practice"],
  ["learned", "What I learned"],
  ["impact", "How it will affect my practice"],
  ["peer", "What I learned from discussing it with a colleague (peer reflection)"],
];

/** A heading as a plain-text file shows it: the words, underlined. */
function heading(lines, words, mark = "-") {
  lines.push(words, mark.repeat(words.length), "");
}

/**
 * A CPD record as plain text (Windows line ends, so Notepad on a locked-down laptop opens it
 * as it looks here), made in the browser from the stored scores and the reflection the user
 * typed. It holds quiz names, dates, scores and the reflection, never any case text.
 */
export function cpdRecord({ attempts, banks, reflection = {}, now = new Date() }) {
  const lines = [];
  const text = (value) => (value ?? "").trim() || "(Not filled in.)";
  heading(lines, "CPD record: getting ready for inspection (self-check quizzes)", "=");
  lines.push(`Made on ${formatDate(now.toISOString())}.`);
  lines.push("Type of CPD: self-directed learning with an online book and self-check quizzes.", "");
  heading(lines, "What I studied");
  const byBank = new Map();
  for (const a of attempts) {
    if (!byBank.has(a.bank)) byBank.set(a.bank, []);
    byBank.get(a.bank).push(a);
  }
  if (byBank.size === 0) lines.push("* No quiz scores are recorded in this browser.");
  for (const [id, list] of byBank) {
    const best = list.reduce((b, a) => (a.score / a.outOf > b.score / b.outOf ? a : b));
    const last = list[list.length - 1];
    const dates = list.map((a) => a.date).sort();
    const span =
      dates.length > 1
        ? `between ${formatDate(dates[0])} and ${formatDate(dates[dates.length - 1])}`
        : `on ${formatDate(dates[0])}`;
    lines.push(
      `* ${bankTitle(banks, id)}: ${list.length} attempt${list.length === 1 ? "" : "s"} ` +
        `${span}; best score ${best.score} of ${best.outOf}; latest ${last.score} of ${last.outOf}.`,
    );
  }
  lines.push("");
  if (attempts.length) {
    heading(lines, "My quiz scores");
    for (const a of attempts) {
      lines.push(`* ${formatDate(a.date, true)}: ${bankTitle(banks, a.bank)}, ${a.score} of ${a.outOf}.`);
    }
    lines.push("");
  }
  for (const [key, prompt] of CPD_PROMPTS) {
    heading(lines, prompt);
    lines.push(text(reflection[key]), "");
  }
  lines.push(
    "Made in my browser from my own quiz scores and reflection. Nothing was sent anywhere.",
    "I can copy it into my Social Work England CPD record.",
    "Do not add details that could identify a child or family.",
    "",
  );
  return lines.join("\r\n");
}

export function safeStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
