// Quiz logic with no DOM: seeded shuffles, drawing a quiz, handout order, and the hint a
// multiple-answer question needs. Exported for tests/js/quiz.test.mjs.

/** A small seeded random number generator (mulberry32): same seed, same sequence. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit seed from a string (FNV-1a), so a question's handout order never changes. */
export function seedFromText(text) {
  let h = 0x811c9dc5;
  for (const ch of String(text)) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Fisher-Yates shuffle of a copy. */
export function shuffled(items, random) {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The questions to ask and, for each, the order to show its options in (original indices).
 * With `count` a random subset of that many is asked, kept in the bank's order.
 * @returns {{question: object, order: number[]}[]}
 */
export function drawQuiz(bank, { count = null, seed = 0 } = {}) {
  const random = seededRandom(seed);
  let questions = bank.questions.slice();
  if (Number.isInteger(count) && count > 0 && count < questions.length) {
    const keep = new Set(shuffled(questions, random).slice(0, count));
    questions = questions.filter((q) => keep.has(q));
  }
  return questions.map((question) => ({
    question,
    order: shuffled(
      (question.options ?? []).map((_, i) => i),
      random,
    ),
  }));
}

/** The fixed option order used on handouts and in presenter mode (letters match). */
export function handoutOrder(question) {
  const indices = (question.options ?? []).map((_, i) => i);
  return shuffled(indices, seededRandom(seedFromText(question.id)));
}

export const letter = (i) => String.fromCharCode(65 + i);

/** True when the question should say "select all that apply" and does not already. */
export const needsSelectAllHint = (question) =>
  question.type === "multiple" && !/select all|tick all/i.test(question.question);
