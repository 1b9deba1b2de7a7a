// The browser's quiz scoring against the vectors the Python scoring is tested on
// (tests/vectors/quizscore.jsonl): both engines must give the same score for every line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { scoreQuestion, scoreQuiz } from "../../widgets/static/quizscore.js";

const VECTORS = new URL("../vectors/quizscore.jsonl", import.meta.url);
const cases = readFileSync(VECTORS, "utf8")
  .split("\n")
  .map((line, i) => [i + 1, line.trim()])
  .filter(([, line]) => line && !line.startsWith("//"))
  .map(([n, line]) => ({ n, ...JSON.parse(line) }));

test("the shared vectors are there and cover every question type", () => {
  assert.ok(cases.length >= 10, `only ${cases.length} vectors`);
  const types = new Set(cases.map((c) => c.question.type));
  for (const t of ["single", "multiple", "truefalse", "scenario"]) assert.ok(types.has(t), `no ${t} vector`);
  // Both outcomes must occur, or a scorer that always says 0 (or 1) would pass.
  const outcomes = new Set(cases.map((c) => c.expected));
  assert.deepEqual([...outcomes].sort(), [0, 1]);
});

for (const c of cases) {
  const label = c.name ?? c.description ?? c.note ?? JSON.stringify(c.chosen);
  test(`vector line ${c.n}: ${label}`, () => {
    assert.equal(scoreQuestion(c.question, c.chosen), c.expected);
  });
}

test("a quiz scores the sum over the questions asked, out of the number asked", () => {
  const single = { type: "single", options: [{ text: "a", correct: false }, { text: "b", correct: true }] };
  const multi = {
    type: "multiple",
    options: [{ text: "a", correct: true }, { text: "b", correct: false }, { text: "c", correct: true }],
  };
  const tf = { type: "truefalse", options: null, answer: false };
  assert.deepEqual(scoreQuiz([single, multi, tf], [[1], [2, 0], false]), { score: 3, outOf: 3 });
  assert.deepEqual(scoreQuiz([single, multi, tf], [[0], [0], null]), { score: 0, outOf: 3 });
  assert.deepEqual(scoreQuiz([single, multi, tf], [[1]]), { score: 1, outOf: 3 });
});
