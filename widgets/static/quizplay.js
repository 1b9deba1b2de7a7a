// Quiz mode: one question after another, marked as it is answered. Each answer is kept in
// this browser (progress.js), so a quiz left half-way comes back with its answers.

import { h } from "./dom.js";
import { PROGRESS_EVENT, forgetRun, keepAnswer, readStore, recordAttempt, safeStorage, unfinishedRun } from "./progress.js";
import { drawQuiz, needsSelectAllHint } from "./quizdraw.js";
import { RIGHT, WRONG, icon, newId, scenarioBlock, toolLinks, where } from "./quizparts.js";
import { answerFits, resumeNotice } from "./quizresume.js";
import { correctIndices, scoreQuestion } from "./quizscore.js";

export function renderQuiz(root, model, banks, bankId) {
  const bank = banks[bankId];
  const storage = safeStorage();
  let seed = Number.isInteger(model.get("seed")) ? model.get("seed") : Math.floor(Math.random() * 2 ** 32);
  const count = model.get("count") ?? null;

  const body = h("div", { class: "quiz-body" });
  const status = h("p", { class: "quiz-status" });
  const summary = h("div", { class: "quiz-summary", "aria-live": "polite" });
  const again = h("button", { type: "button", class: "quiz-button quiz-again", text: "Start again" });
  root.append(toolLinks(bankId), body, status, summary, h("div", { class: "quiz-actions" }, again));

  let state;
  const publish = () => {
    const score = state.results.reduce((s, r) => s + (r ?? 0), 0);
    const checked = state.results.filter((r) => r !== null).length;
    const outOf = state.items.length;
    const complete = checked === outOf;
    status.textContent = complete ? "" : `Checked ${checked} of ${outOf}. Right so far: ${score}.`;
    model.set("score", { bank: bankId, score, outOf, checked, complete });
    model.save_changes();
    if (complete) {
      summary.replaceChildren(
        h("p", { class: "quiz-total", text: `You got ${score} of ${outOf}.` }),
        where.site
          ? h("p", {}, "Your score is kept in this browser only: see ",
            h("a", { href: new URL("../../chapters/progress.html", where.base).href, text: "My progress" }),
            ". Press Try again for the questions in a new order.")
          : h("p", { text: "Your score is kept in this browser only. Press Try again for the questions in a new order." }),
      );
      again.textContent = "Try again";
      recordAttempt(storage, { bank: bankId, date: new Date().toISOString(), score, outOf });
    }
    globalThis.dispatchEvent?.(new Event(PROGRESS_EVENT));
  };

  // A quiz left half-way comes back with its answers (shown before the questions are on the
  // page, so that screen readers do not read out every kept answer at load).
  const resume = (run, blocks) => {
    let answered = 0;
    state.items.forEach(({ question }, i) => {
      const chosen = run.answers[question.id];
      if (chosen === undefined || !answerFits(question, chosen)) return;
      blocks[i].show(chosen);
      answered += 1;
    });
    if (!answered) return null;
    publish();
    const next = state.results.indexOf(null);
    if (next < 0) return null;
    return resumeNotice(
      { answered, outOf: state.items.length, date: run.date, next },
      { onCarryOn: () => blocks[next].node.querySelector("input")?.focus(), onStartAgain: startAgain },
    );
  };

  const start = (run = null) => {
    if (run) seed = run.seed;
    const items = drawQuiz(bank, { count, seed });
    state = { items, results: items.map(() => null) };
    summary.replaceChildren();
    again.textContent = "Start again";
    status.textContent = `Checked 0 of ${items.length}. Right so far: 0.`;
    const blocks = items.map((item, i) => questionBlock(item, i));
    const notice = run ? resume(run, blocks) : null;
    body.replaceChildren(
      h("p", {
        class: "quiz-intro",
        text:
          `${items.length} question${items.length === 1 ? "" : "s"}` +
          (items.length < bank.questions.length ? `, drawn at random from ${bank.questions.length}. ` : ". ") +
          "Choose your answer, then press Check answer to see if you are right. " +
          "Each answer is kept in this browser, so you can stop and carry on later.",
      }),
      ...(notice ? [notice] : []),
      ...blocks.map((block) => block.node),
    );
  };

  const questionBlock = ({ question, order }, index) => {
    const total = state.items.length;
    const multiple = question.type === "multiple";
    const name = newId("q");
    const scenario = scenarioBlock(question, "quiz-scenario");
    const legend = h(
      "legend",
      { class: "quiz-legend" },
      h("span", { class: "quiz-qnum", text: `Question ${index + 1} of ${total}. ` }),
      question.question,
      needsSelectAllHint(question) ? h("span", { class: "quiz-hint", text: " Select all that apply." }) : null,
    );
    const fieldset = h("fieldset", { class: "quiz-fieldset", "aria-describedby": scenario?.id }, legend);
    /** @type {{input: HTMLInputElement, mark: HTMLElement, value: number|boolean, text: string}[]} */
    const choices = [];
    const addChoice = (text, value) => {
      const id = newId("opt");
      const input = h("input", {
        type: multiple ? "checkbox" : "radio",
        name,
        id,
        value: String(value),
      });
      const mark = h("span", { class: "quiz-mark" });
      fieldset.append(h("div", { class: "quiz-option" }, input, h("label", { for: id, text }), mark));
      choices.push({ input, mark, value, text });
    };
    if (question.type === "truefalse") {
      addChoice("True", true);
      addChoice("False", false);
    } else {
      for (const i of order) addChoice(question.options[i].text, i);
    }
    const check = h("button", { type: "button", class: "quiz-button quiz-check", text: "Check answer" });
    const feedback = h("div", { class: "quiz-feedback", "aria-live": "polite" });

    const markAnswer = (chosen) => {
      const result = scoreQuestion(question, chosen);
      state.results[index] = result;
      const right =
        question.type === "truefalse" ? [question.answer] : correctIndices(question);
      for (const c of choices) {
        c.input.disabled = true;
        const isRight = right.includes(c.value);
        if (isRight) c.mark.replaceChildren(icon(RIGHT), " Right answer");
        else if (c.input.checked) c.mark.replaceChildren(icon(WRONG), " Your choice: not right");
        c.mark.parentElement.classList.toggle("is-right", isRight);
      }
      check.setAttribute("aria-disabled", "true");
      check.textContent = "Answer checked";
      // Right options named in the order they are shown.
      const shownRight = choices.filter((c) => right.includes(c.value)).map((c) => c.text);
      const rightText =
        question.type === "truefalse"
          ? `The statement is ${question.answer ? "true" : "false"}.`
          : `The right answer${right.length > 1 ? "s are" : " is"}: ${shownRight.join("; ")}.`;
      feedback.classList.add(result ? "is-correct" : "is-incorrect");
      feedback.replaceChildren(
        h(
          "p",
          { class: "quiz-verdict" },
          icon(result ? RIGHT : WRONG),
          result ? " Correct." : ` Not quite. ${rightText}`,
        ),
        h("p", { class: "quiz-explanation", text: question.explanation }),
        h("p", { class: "quiz-source", text: `Source: ${question.source}` }),
      );
    };
    check.addEventListener("click", () => {
      if (state.results[index] !== null) return;
      const picked = choices.filter((c) => c.input.checked).map((c) => c.value);
      if (picked.length === 0) {
        feedback.replaceChildren(
          h("p", { class: "quiz-verdict quiz-empty" }, icon("!"), " Choose an answer first, then press Check answer."),
        );
        return;
      }
      const chosen = question.type === "truefalse" ? picked[0] : picked;
      markAnswer(chosen);
      keepAnswer(storage, { bank: bankId, seed, outOf: total, question: question.id, chosen });
      publish();
    });

    /** A kept answer, shown as if it had just been checked. */
    const show = (chosen) => {
      for (const c of choices) c.input.checked = Array.isArray(chosen) ? chosen.includes(c.value) : c.value === chosen;
      markAnswer(chosen);
    };
    const node = h(
      "div",
      { class: "quiz-question", "data-question-id": question.id },
      scenario,
      fieldset,
      h("div", { class: "quiz-check-row" }, check),
      feedback,
    );
    return { node, show };
  };

  function startAgain() {
    forgetRun(storage, bankId);
    globalThis.dispatchEvent?.(new Event(PROGRESS_EVENT));
    seed = (seed + 1) >>> 0;
    start();
    body.querySelector("input")?.focus();
  }
  again.addEventListener("click", startAgain);
  start(unfinishedRun(readStore(storage), bankId));
  return { destroy() {} };
}
