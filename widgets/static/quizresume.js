// Carrying on a quiz left half-way: which kept answers still fit the bank, and the notice
// that says what was kept and lets the learner carry on or start again.

import { h } from "./dom.js";
import { formatDate } from "./progress.js";
import { newId } from "./quizparts.js";

/** True when a kept answer can still be shown for this question (the bank may have changed). */
export function answerFits(question, chosen) {
  if (question.type === "truefalse") return typeof chosen === "boolean";
  const count = question.options?.length ?? 0;
  if (!Array.isArray(chosen) || chosen.length < 1 || !chosen.every((i) => i < count)) return false;
  return question.type === "multiple" || chosen.length === 1;
}

/**
 * "You answered 4 of 12 questions…", with Carry on (to the first question not answered)
 * and Start again.
 */
export function resumeNotice({ answered, outOf, date, next }, { onCarryOn, onStartAgain }) {
  const id = newId("resume");
  const carryOn = h("button", { type: "button", class: "quiz-button", text: `Carry on from question ${next + 1}` });
  const again = h("button", { type: "button", class: "quiz-button", text: "Start again" });
  const notice = h(
    "div",
    { class: "quiz-resume", role: "group", "aria-labelledby": id },
    h(
      "p",
      { id },
      h("strong", { text: "Welcome back." }),
      ` You answered ${answered} of ${outOf} questions, last on ${formatDate(date)}. ` +
        "Your answers are kept in this browser and shown below.",
    ),
    carryOn,
    again,
  );
  carryOn.addEventListener("click", onCarryOn);
  again.addEventListener("click", onStartAgain);
  return notice;
}
