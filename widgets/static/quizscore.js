// Quiz scoring: the same meaning as widgets/quizscore.py (see docs/contracts.md).
// A question scores 1 when the chosen set of option indices equals the set of correct
// indices exactly (true/false: the chosen value equals `answer`), else 0. No partial marks.
// Pure functions, no DOM: node's test runner checks them on tests/vectors/quizscore.jsonl.

/**
 * @typedef {{text: string, correct: boolean}} Option
 * @typedef {{id?: string, type: "single"|"multiple"|"truefalse"|"scenario",
 *   options?: Option[] | null, answer?: boolean | null}} Question
 * @typedef {number[] | boolean | number | null | undefined} Chosen
 */

/**
 * Indices of the correct options, in order.
 * @param {Question} question
 * @returns {number[]}
 */
export function correctIndices(question) {
  const options = question.options ?? [];
  const out = [];
  options.forEach((option, i) => {
    if (option.correct === true) out.push(i);
  });
  return out;
}

/**
 * 1 if `chosen` is exactly right, else 0.
 * Option questions take an array of option indices (order and repeats do not matter);
 * true/false questions take a boolean. Anything else (nothing chosen, a wrong type,
 * an index that is not an option) scores 0.
 * @param {Question} question
 * @param {Chosen} chosen
 * @returns {0 | 1}
 */
export function scoreQuestion(question, chosen) {
  if (question.type === "truefalse") {
    // Strict: only a real boolean counts, as in Python where 1 is not taken for True.
    return typeof chosen === "boolean" && chosen === question.answer ? 1 : 0;
  }
  if (!Array.isArray(chosen)) return 0;
  const count = (question.options ?? []).length;
  const picked = new Set();
  for (const index of chosen) {
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count) {
      return 0;
    }
    picked.add(index);
  }
  const right = correctIndices(question);
  if (picked.size !== right.length) return 0;
  return right.every((i) => picked.has(i)) ? 1 : 0;
}

/**
 * Score of a quiz: the sum over the questions asked, out of the number asked.
 * @param {Question[]} questions
 * @param {Chosen[]} chosen  one entry per question, same order
 * @returns {{score: number, outOf: number}}
 */
export function scoreQuiz(questions, chosen) {
  let score = 0;
  questions.forEach((question, i) => {
    score += scoreQuestion(question, chosen[i]);
  });
  return { score, outOf: questions.length };
}
