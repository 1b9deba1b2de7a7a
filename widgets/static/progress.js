// Quiz progress kept in this browser only (localStorage): bank ids, ISO dates and scores,
// nothing else (see sanitiseAttempt); and the CPD record made from them.

export const PROGRESS_KEY = "ofsted-book:progress";
export const PROGRESS_EVENT = "ofsted-book:progress-changed";
export const MAX_ATTEMPTS = 500;
export const BANK_ID = /^[a-z][a-z0-9-]*$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

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

export const DATE_FMT = { day: "numeric", month: "long", year: "numeric" };

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

/**
 * A CPD record in Markdown, made in the browser from the stored scores and the reflection
 * the user typed (which is put in the file only, never stored).
 */
export function cpdRecord({ attempts, banks, reflection = {}, now = new Date() }) {
  const lines = [];
  const nl = () => lines.push("");
  const text = (value) => (value ?? "").trim() || "(Not filled in.)";
  lines.push("# CPD record: getting ready for inspection (self-check quizzes)");
  nl();
  lines.push(`Made on ${formatDate(now.toISOString())}.`);
  nl();
  lines.push("Type of CPD: self-directed learning with an online book and self-check quizzes.");
  nl();
  lines.push("## What I studied");
  nl();
  const byBank = new Map();
  for (const a of attempts) {
    if (!byBank.has(a.bank)) byBank.set(a.bank, []);
    byBank.get(a.bank).push(a);
  }
  if (byBank.size === 0) lines.push("- No quiz scores are recorded in this browser.");
  for (const [id, list] of byBank) {
    const best = list.reduce((b, a) => (a.score / a.outOf > b.score / b.outOf ? a : b));
    const last = list[list.length - 1];
    const dates = list.map((a) => a.date).sort();
    const span =
      dates.length > 1
        ? `between ${formatDate(dates[0])} and ${formatDate(dates[dates.length - 1])}`
        : `on ${formatDate(dates[0])}`;
    lines.push(
      `- ${bankTitle(banks, id)}: ${list.length} attempt${list.length === 1 ? "" : "s"} ` +
        `${span}; best score ${best.score} of ${best.outOf}; latest ${last.score} of ${last.outOf}.`,
    );
  }
  nl();
  if (attempts.length) {
    lines.push("## My quiz scores");
    nl();
    lines.push("| Quiz | Date | Score |");
    lines.push("| --- | --- | --- |");
    for (const a of attempts) {
      const title = bankTitle(banks, a.bank).replace(/\|/g, "/");
      lines.push(`| ${title} | ${formatDate(a.date, true)} | ${a.score} of ${a.outOf} |`);
    }
    nl();
  }
  lines.push("## Why this is relevant to my practice");
  nl();
  lines.push(text(reflection.relevance));
  nl();
  lines.push("## What I learned");
  nl();
  lines.push(text(reflection.learned));
  nl();
  lines.push("## How it will affect my practice");
  nl();
  lines.push(text(reflection.impact));
  nl();
  lines.push("## What I learned from discussing it with a colleague (peer reflection)");
  nl();
  lines.push(text(reflection.peer));
  nl();
  lines.push("---");
  nl();
  lines.push(
    "Made in my browser from my own quiz scores and reflection. Nothing was sent anywhere. " +
      "I can copy it into my Social Work England CPD record. " +
      "Do not add details that could identify a child or family.",
  );
  nl();
  return lines.join("\n");
}
export function safeStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
