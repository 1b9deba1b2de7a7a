// What the book keeps in this browser only (localStorage), and nothing else (see the
// sanitise functions: whatever does not pass them is dropped, on the way in and out):
// - PROGRESS_KEY: quiz scores (bank id, ISO date, score), the answers so far to a quiz left
//   half-way (question ids and the option numbers chosen, never any text), and the chapters
//   whose self-check was used (the chapter's title and the day, never any text checked);
// - REFLECTION_KEY: the learner's own CPD notes, kept while they type.
// clearProgress forgets all of it.

import { pageTitle } from "./dom.js";

export const PROGRESS_KEY = "ofsted-book:progress";
export const REFLECTION_KEY = "ofsted-book:cpd-reflection";
export const PROGRESS_EVENT = "ofsted-book:progress-changed";
const VERSION = 2;
const MAX_ATTEMPTS = 500;
const MAX_SELF_CHECKS = 200;
const MAX_OPTIONS = 20;
const MAX_NOTE = 20000;
const MAX_TITLE = 120;
export const BANK_ID = /^[a-z][a-z0-9-]*$/;
const QUESTION_ID = /^[a-z][a-z0-9-]{0,79}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const isObject = (value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);
const isDate = (value) => typeof value === "string" && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));

/** Only a bank id, an ISO date and two whole numbers survive; anything else is dropped. */
export function sanitiseAttempt(value) {
  if (!isObject(value)) return null;
  const { bank, date, score, outOf } = value;
  if (typeof bank !== "string" || !BANK_ID.test(bank) || !isDate(date)) return null;
  if (!Number.isInteger(score) || !Number.isInteger(outOf) || outOf < 1) return null;
  if (score < 0 || score > outOf) return null;
  return { bank, date, score, outOf };
}

/** An answer as the quiz gives it: true or false, or the numbers of the options ticked. */
export function sanitiseChosen(value) {
  if (typeof value === "boolean") return value;
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_OPTIONS) return null;
  if (!value.every((i) => Number.isInteger(i) && i >= 0 && i < MAX_OPTIONS)) return null;
  const picked = [...new Set(value)].sort((a, b) => a - b);
  return picked.length === value.length ? picked : null;
}

/**
 * A quiz left half-way: the seed that drew it (so the same questions come back in the same
 * order), how many it asks, when it was last answered, and each answer by question id.
 */
export function sanitiseRun(value) {
  if (!isObject(value) || !isObject(value.answers)) return null;
  const { seed, outOf, date } = value;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) return null;
  if (!Number.isInteger(outOf) || outOf < 1 || outOf > MAX_ATTEMPTS || !isDate(date)) return null;
  const answers = {};
  for (const [id, chosen] of Object.entries(value.answers)) {
    const clean = sanitiseChosen(chosen);
    if (QUESTION_ID.test(id) && clean !== null) answers[id] = clean;
  }
  const count = Object.keys(answers).length;
  return count > 0 && count <= outOf ? { seed, outOf, date, answers } : null;
}

/** A chapter title as one short line of text, or "". */
function cleanTitle(value) {
  if (typeof value !== "string") return "";
  const one = value.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim();
  return one.length <= MAX_TITLE ? one : "";
}

/** That a self-check was used: the chapter's title and the day (YYYY-MM-DD), nothing else. */
export function sanitiseSelfCheck(value) {
  if (!isObject(value)) return null;
  const chapter = cleanTitle(value.chapter);
  if (!chapter || typeof value.day !== "string" || !DAY.test(value.day)) return null;
  return { chapter, day: value.day };
}

/**
 * Whatever this key holds, as the current version: version 1 held `attempts` only, and an
 * older or damaged store keeps what still passes the sanitise functions.
 * @returns {{attempts: object[], unfinished: Record<string, object>, selfChecks: object[]}}
 */
export function migrate(data) {
  const store = { attempts: [], unfinished: {}, selfChecks: [] };
  if (!isObject(data)) return store;
  const list = (value, clean, max) => (Array.isArray(value) ? value.map(clean).filter(Boolean).slice(-max) : []);
  store.attempts = list(data.attempts, sanitiseAttempt, MAX_ATTEMPTS);
  store.selfChecks = list(data.selfChecks, sanitiseSelfCheck, MAX_SELF_CHECKS);
  for (const [bank, run] of Object.entries(isObject(data.unfinished) ? data.unfinished : {})) {
    const clean = BANK_ID.test(bank) ? sanitiseRun(run) : null;
    if (clean) store.unfinished[bank] = clean;
  }
  return store;
}

/** @param {Storage | null} storage */
export function readStore(storage) {
  try {
    return migrate(JSON.parse(storage?.getItem(PROGRESS_KEY) ?? "null"));
  } catch {
    return migrate(null);
  }
}

function writeStore(storage, store) {
  if (!storage) return false;
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify({ version: VERSION, ...store }));
    return true;
  } catch {
    return false; // storage full or blocked: the quiz still works, nothing is kept
  }
}

/** @param {Storage | null} storage */
export const readProgress = (storage) => readStore(storage).attempts;

/** The quiz of this bank left half-way, or null. */
export function unfinishedRun(store, bank) {
  return Object.hasOwn(store.unfinished, bank) ? store.unfinished[bank] : null;
}

/** Keep a finished quiz's score; the bank is then no longer half-way. */
export function recordAttempt(storage, attempt) {
  const clean = sanitiseAttempt(attempt);
  if (!storage || !clean) return false;
  const store = readStore(storage);
  store.attempts = [...store.attempts, clean].slice(-MAX_ATTEMPTS);
  delete store.unfinished[clean.bank];
  return writeStore(storage, store);
}

/**
 * Keep one answer as it is given. A run with another seed or length is replaced: the
 * learner started the quiz again.
 */
export function keepAnswer(storage, { bank, seed, outOf, question, chosen, date = new Date().toISOString() }) {
  if (!storage || typeof bank !== "string" || !BANK_ID.test(bank)) return false;
  const store = readStore(storage);
  const before = unfinishedRun(store, bank);
  const same = before && before.seed === seed;
  const run = sanitiseRun({ seed, outOf, date, answers: { ...(same ? before.answers : {}), [question]: chosen } });
  if (!run) return false;
  store.unfinished[bank] = run;
  return writeStore(storage, store);
}

/** Forget the answers to a quiz left half-way (the learner starts again). */
export function forgetRun(storage, bank) {
  const store = readStore(storage);
  if (!unfinishedRun(store, bank)) return true;
  delete store.unfinished[bank];
  return writeStore(storage, store);
}

/** Keep that a self-check was used on a chapter on a day (once a chapter a day). */
export function recordSelfCheck(storage, entry) {
  const clean = sanitiseSelfCheck(entry);
  if (!storage || !clean) return false;
  const store = readStore(storage);
  if (store.selfChecks.some((c) => c.chapter === clean.chapter && c.day === clean.day)) return true;
  store.selfChecks = [...store.selfChecks, clean].slice(-MAX_SELF_CHECKS);
  return writeStore(storage, store);
}

/** Today in the learner's own time zone, as YYYY-MM-DD. */
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Called by a self-check when it has checked some text: keeps, in this browser only, the
 * page's title (its <h1>), or `fallback` (the checker's own heading), and today's date.
 * Nothing from the text is passed here or kept. True when it was kept.
 */
export function noteSelfCheck(fallback) {
  const kept = recordSelfCheck(safeStorage(), { chapter: pageTitle() || fallback, day: today() });
  if (kept) globalThis.dispatchEvent?.(new Event(PROGRESS_EVENT));
  return kept;
}

/** The reflection prompts of a CPD record, in order: [key, prompt]. */
export const CPD_PROMPTS = [
  ["relevance", "Why this is relevant to my practice"],
  ["learned", "What I learned"],
  ["impact", "How it will affect my practice"],
  ["peer", "What I learned from discussing it with a colleague (peer reflection)"],
];

/** The learner's CPD notes, by prompt key: only strings, only the prompts' keys. */
export function sanitiseReflection(value) {
  const fields = {};
  if (!isObject(value)) return fields;
  for (const [key] of CPD_PROMPTS) {
    if (typeof value[key] === "string" && value[key].trim()) fields[key] = value[key].slice(0, MAX_NOTE);
  }
  return fields;
}

/** @param {Storage | null} storage */
export function readReflection(storage) {
  try {
    const data = JSON.parse(storage?.getItem(REFLECTION_KEY) ?? "null");
    return sanitiseReflection(data?.fields);
  } catch {
    return {};
  }
}

/** Keep the notes (or forget them when all are empty); false when the browser refuses. */
export function keepReflection(storage, fields) {
  if (!storage) return false;
  const clean = sanitiseReflection(fields);
  try {
    if (Object.keys(clean).length) storage.setItem(REFLECTION_KEY, JSON.stringify({ version: 1, fields: clean }));
    else storage.removeItem(REFLECTION_KEY);
    return true;
  } catch {
    return false;
  }
}

/** True when this browser keeps anything of the learner's progress or notes. */
export function keepsAnything(storage) {
  const { attempts, unfinished, selfChecks } = readStore(storage);
  const notes = readReflection(storage);
  return attempts.length + Object.keys(unfinished).length + selfChecks.length + Object.keys(notes).length > 0;
}

/** Forget everything this file keeps. @param {Storage | null} storage */
export function clearProgress(storage) {
  for (const key of [PROGRESS_KEY, REFLECTION_KEY]) {
    try {
      storage?.removeItem(key);
    } catch {
      // blocked storage holds nothing to clear
    }
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

export function safeStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
