// Pure parts of the quiz widget: repeatable shuffles, question subsets, what progress keeps,
// and the CPD record. The DOM parts are tested in a browser (tests/browser/test_quiz.py).
import { test } from "node:test";
import assert from "node:assert/strict";

import { cpdRecord } from "../../widgets/static/cpdrecord.js";
import {
  CPD_PROMPTS,
  PROGRESS_KEY,
  REFLECTION_KEY,
  clearProgress,
  forgetRun,
  keepAnswer,
  keepReflection,
  keepsAnything,
  readProgress,
  readReflection,
  readStore,
  recordAttempt,
  recordSelfCheck,
  sanitiseAttempt,
  sanitiseChosen,
  unfinishedRun,
} from "../../widgets/static/progress.js";
import { drawQuiz, handoutOrder } from "../../widgets/static/quizdraw.js";
import { answerFits } from "../../widgets/static/quizresume.js";

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
    version: 2,
    attempts: [{ bank: "demo", date: "2026-11-23T10:15:00.000Z", score: 3, outOf: 5 }],
    unfinished: {},
    selfChecks: [],
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

const run = { bank: "demo", seed: 42, outOf: 8 };

test("each answer is kept as it is given: question ids and option numbers, no text", () => {
  const storage = memoryStorage();
  assert.equal(keepAnswer(storage, { ...run, question: "demo-0", chosen: [2], text: "secret" }), true);
  assert.equal(keepAnswer(storage, { ...run, question: "demo-3", chosen: [1, 0] }), true);
  const kept = unfinishedRun(readStore(storage), "demo");
  assert.deepEqual(kept.answers, { "demo-0": [2], "demo-3": [0, 1] });
  assert.equal(kept.seed, 42);
  assert.equal(kept.outOf, 8);
  assert.ok(!storage.raw.get(PROGRESS_KEY).includes("secret"));
  // Another seed is a new start: the old answers go.
  keepAnswer(storage, { ...run, seed: 43, question: "demo-1", chosen: true });
  assert.deepEqual(unfinishedRun(readStore(storage), "demo").answers, { "demo-1": true });
  // Finishing the quiz keeps the score and ends the half-way run.
  recordAttempt(storage, { bank: "demo", date: "2026-11-23T10:15:00.000Z", score: 8, outOf: 8 });
  assert.equal(unfinishedRun(readStore(storage), "demo"), null);
  assert.equal(readProgress(storage).length, 1);
  // Starting again forgets the answers but not the scores.
  keepAnswer(storage, { ...run, question: "demo-0", chosen: [2] });
  forgetRun(storage, "demo");
  assert.equal(unfinishedRun(readStore(storage), "demo"), null);
  assert.equal(readProgress(storage).length, 1);
});

test("answers that are not option numbers or true/false are refused", () => {
  for (const bad of ["Mia said no", [], [1.5], [-1], [1, 1], [99], { 0: 1 }, null]) {
    assert.equal(sanitiseChosen(bad), null, JSON.stringify(bad));
  }
  assert.deepEqual(sanitiseChosen([3, 1]), [1, 3]);
  assert.equal(sanitiseChosen(false), false);
  const storage = memoryStorage();
  assert.equal(keepAnswer(storage, { ...run, question: "Mia's question", chosen: [1] }), false);
  assert.equal(keepAnswer(storage, { ...run, question: "demo-0", chosen: "case text" }), false);
  assert.equal(keepAnswer(storage, { ...run, seed: -4, question: "demo-0", chosen: [1] }), false);
  assert.equal(storage.raw.size, 0);
});

test("version 1 scores are read, and carried into version 2 on the next write", () => {
  const storage = memoryStorage();
  const old = { bank: "demo", date: "2026-01-02T03:04:05Z", score: 1, outOf: 2 };
  storage.setItem(PROGRESS_KEY, JSON.stringify({ version: 1, attempts: [old] }));
  assert.deepEqual(readProgress(storage), [old]);
  assert.deepEqual(readStore(storage).unfinished, {});
  keepAnswer(storage, { ...run, question: "demo-0", chosen: [0] });
  const now = JSON.parse(storage.getItem(PROGRESS_KEY));
  assert.equal(now.version, 2);
  assert.deepEqual(now.attempts, [old]);
  assert.deepEqual(Object.keys(now.unfinished), ["demo"]);
  // A damaged half-way run is dropped; the rest stays.
  storage.setItem(PROGRESS_KEY, JSON.stringify({ ...now, unfinished: { demo: { seed: "x" }, "Bad Id": now.unfinished.demo } }));
  assert.deepEqual(readStore(storage).unfinished, {});
  assert.deepEqual(readProgress(storage), [old]);
});

test("a self-check is kept as the chapter title and the day only, once a chapter a day", () => {
  const storage = memoryStorage();
  const use = { chapter: "SMART  plans\n", day: "2026-11-23", text: "Mum will take Ava" };
  assert.equal(recordSelfCheck(storage, use), true);
  assert.equal(recordSelfCheck(storage, use), true);
  recordSelfCheck(storage, { ...use, day: "2026-11-24" });
  assert.deepEqual(readStore(storage).selfChecks, [
    { chapter: "SMART plans", day: "2026-11-23" },
    { chapter: "SMART plans", day: "2026-11-24" },
  ]);
  assert.ok(!storage.raw.get(PROGRESS_KEY).includes("Ava"));
  for (const bad of [{ ...use, chapter: "x".repeat(500) }, { ...use, chapter: " " }, { ...use, day: "today" }]) {
    assert.equal(recordSelfCheck(storage, bad), false);
  }
});

test("the CPD notes are kept by prompt, forgotten when emptied, and cleared with the rest", () => {
  const storage = memoryStorage();
  assert.equal(keepsAnything(storage), false);
  keepReflection(storage, { learned: "Plans need dates.", other: "dropped", impact: "   " });
  assert.deepEqual(readReflection(storage), { learned: "Plans need dates." });
  assert.equal(keepsAnything(storage), true);
  keepReflection(storage, { learned: "" });
  assert.equal(storage.getItem(REFLECTION_KEY), null);
  keepReflection(storage, { peer: "We talked it over." });
  keepAnswer(storage, { ...run, question: "demo-0", chosen: [0] });
  clearProgress(storage);
  assert.equal(storage.raw.size, 0);
  assert.equal(keepsAnything(storage), false);
  // A browser that refuses to keep anything says so.
  const refusing = { ...memoryStorage(), setItem() { throw new Error("QuotaExceededError"); } };
  assert.equal(keepReflection(refusing, { learned: "x" }), false);
  assert.equal(keepReflection(null, { learned: "x" }), false);
});

test("the CPD record names the self-check chapters, the quizzes not finished and every prompt", () => {
  const text = cpdRecord({
    attempts: [{ bank: "demo", date: "2026-11-20T09:00:00.000Z", score: 2, outOf: 5 }],
    unfinished: { demo: { seed: 1, outOf: 8, date: "2026-11-22T09:00:00.000Z", answers: { "demo-0": [0], "demo-1": [2] } } },
    selfChecks: [
      { chapter: "SMART plans", day: "2026-11-21" },
      { chapter: "SMART plans", day: "2026-11-23" },
      { chapter: "Risk", day: "2026-11-22" },
    ],
    banks: { demo: bank },
    reflection: { learned: "Line one.\nLine two." },
    now: new Date("2026-11-23T12:00:00Z"),
  });
  assert.match(text, /Self-checks I used on practice text\r\n-+\r\n\r\n\* SMART plans: on 21 November 2026 and 23 November 2026\.\r\n\* Risk: on 22 November 2026\./);
  assert.match(text, /\* Demo bank: not finished; 2 of 8 questions answered, last on 22 November 2026\./);
  for (const [, prompt] of CPD_PROMPTS) assert.ok(text.includes(`${prompt}\r\n`), prompt);
  assert.match(text, /Line one\.\r\nLine two\./);
  assert.doesNotMatch(text, /[^\r]\n/);
  const none = cpdRecord({ attempts: [], banks: {}, now: new Date("2026-11-23T12:00:00Z") });
  assert.match(none, /No self-checks are recorded in this browser\./);
});

test("a kept answer is shown again only while it still fits the question", () => {
  const single = bank.questions[0];
  assert.equal(answerFits(single, [2]), true);
  assert.equal(answerFits(single, [0, 1]), false); // one answer only
  assert.equal(answerFits(single, [4]), false); // the bank lost that option
  assert.equal(answerFits(single, true), false);
  assert.equal(answerFits({ type: "truefalse", answer: true }, false), true);
  assert.equal(answerFits({ type: "multiple", options: single.options }, [0, 3]), true);
});
