// Pure parts of the quiz widget: repeatable shuffles, question subsets, what progress keeps,
// and the CPD record. The DOM parts are tested in a browser (tests/browser/test_quiz.py).
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  PROGRESS_KEY,
  clearProgress,
  cpdRecord,
  readProgress,
  recordAttempt,
  sanitiseAttempt,
} from "../../widgets/static/progress.js";
import { drawQuiz, handoutOrder } from "../../widgets/static/quizdraw.js";

const bank = {
  id: "demo",
  title: "Demo bank",
  questions: Array.from({ length: 8 }, (_, i) => ({
    id: `demo-${i}`,
    type: "single",
    question: `Question ${i}`,
    options: ["a", "b", "c", "d"].map((t, j) => ({ text: `${t}${i}`, correct: j === 0 })),
  })),
};

/** A Map-backed stand-in for localStorage. */
function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
    raw: data,
  };
}

test("the same seed gives the same quiz; another seed a different option order", () => {
  const a = drawQuiz(bank, { seed: 42 });
  const b = drawQuiz(bank, { seed: 42 });
  const c = drawQuiz(bank, { seed: 43 });
  assert.deepEqual(a.map((x) => x.order), b.map((x) => x.order));
  assert.notDeepEqual(a.map((x) => x.order), c.map((x) => x.order));
  for (const item of a) assert.deepEqual([...item.order].sort(), [0, 1, 2, 3]);
});

test("options really are shuffled: the right answer is not always shown first", () => {
  const firsts = new Set();
  for (let seed = 0; seed < 20; seed++) {
    for (const item of drawQuiz(bank, { seed })) firsts.add(item.order[0]);
  }
  assert.deepEqual([...firsts].sort(), [0, 1, 2, 3]);
});

test("count asks that many distinct questions, in bank order; no count asks all", () => {
  const some = drawQuiz(bank, { count: 3, seed: 7 }).map((x) => x.question.id);
  assert.equal(some.length, 3);
  assert.equal(new Set(some).size, 3);
  const positions = some.map((id) => bank.questions.findIndex((q) => q.id === id));
  assert.deepEqual(positions, [...positions].sort((x, y) => x - y));
  assert.equal(drawQuiz(bank, { count: null, seed: 7 }).length, 8);
  assert.equal(drawQuiz(bank, { count: 99, seed: 7 }).length, 8);
});

test("handout order is fixed per question, so question and answer sheets agree", () => {
  const q = bank.questions[3];
  assert.deepEqual(handoutOrder(q), handoutOrder(structuredClone(q)));
  assert.deepEqual([...handoutOrder(q)].sort(), [0, 1, 2, 3]);
});

test("progress keeps only bank id, ISO date and scores", () => {
  const storage = memoryStorage();
  recordAttempt(storage, {
    bank: "demo",
    date: "2026-11-23T10:15:00.000Z",
    score: 3,
    outOf: 5,
    answers: ["secret case text"],
    question: "Question 1",
  });
  const stored = storage.raw.get(PROGRESS_KEY);
  assert.ok(!stored.includes("secret"), stored);
  assert.ok(!stored.includes("Question"), stored);
  assert.deepEqual(JSON.parse(stored), {
    version: 1,
    attempts: [{ bank: "demo", date: "2026-11-23T10:15:00.000Z", score: 3, outOf: 5 }],
  });
});

test("anything that is not an id, a date and a score is refused", () => {
  const ok = { bank: "demo", date: "2026-11-23T10:15:00.000Z", score: 1, outOf: 2 };
  assert.deepEqual(sanitiseAttempt(ok), ok);
  for (const bad of [
    { ...ok, bank: "Mia Patel's case" },
    { ...ok, date: "yesterday" },
    { ...ok, score: "1" },
    { ...ok, score: 3 },
    { ...ok, outOf: 0 },
    null,
  ]) {
    assert.equal(sanitiseAttempt(bad), null, JSON.stringify(bad));
  }
  const storage = memoryStorage();
  assert.equal(recordAttempt(storage, { ...ok, bank: "Has Spaces" }), false);
  assert.equal(storage.raw.size, 0);
});

test("a tampered store is read safely, and clearing removes it", () => {
  const storage = memoryStorage();
  storage.setItem(PROGRESS_KEY, "{not json");
  assert.deepEqual(readProgress(storage), []);
  storage.setItem(
    PROGRESS_KEY,
    JSON.stringify({ attempts: [{ bank: "demo", date: "2026-01-02T03:04:05Z", score: 1, outOf: 1 }, { note: "x" }] }),
  );
  assert.equal(readProgress(storage).length, 1);
  clearProgress(storage);
  assert.equal(storage.getItem(PROGRESS_KEY), null);
});

test("the CPD record has the scores and the reflection typed", () => {
  const attempts = [
    { bank: "demo", date: "2026-11-20T09:00:00.000Z", score: 2, outOf: 5 },
    { bank: "demo", date: "2026-11-23T09:00:00.000Z", score: 4, outOf: 5 },
  ];
  const text = cpdRecord({
    attempts,
    banks: { demo: bank },
    reflection: { learned: "Plans need dates and owners.", impact: "I will check every plan." },
    now: new Date("2026-11-23T12:00:00Z"),
  });
  assert.match(text, /Demo bank: 2 attempts/);
  assert.match(text, /best score 4 of 5; latest 4 of 5/);
  assert.match(text, /\* 20 November 2026.*: Demo bank, 2 of 5\./);
  // Plain text for Notepad: headings are underlined lines, Windows line ends, no Markdown.
  assert.match(text, /What I learned\r\n-{14}\r\n\r\nPlans need dates and owners\./);
  assert.match(text, /How it will affect my practice\r\n-+\r\n\r\nI will check every plan\./);
  assert.doesNotMatch(text, /(^|\n)#|\| --- \|/);
  assert.match(text, /peer reflection\)\r\n-+\r\n\r\n\(Not filled in\.\)/);
});
