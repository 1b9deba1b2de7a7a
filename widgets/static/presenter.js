// Presenter mode: a full-screen dialog, one question at a time, sized to fit the screen.

import { h } from "./dom.js";
import { drawQuiz, handoutOrder, letter, needsSelectAllHint, seedFromText } from "./quizdraw.js";
import { RIGHT, icon, newId, scenarioBlock } from "./quizparts.js";
import { correctIndices } from "./quizscore.js";

export function renderPresenter(root, model, banks, bankId) {
  const bank = banks[bankId];
  const count = model.get("count") ?? null;
  const questions = count ? drawQuiz(bank, { count, seed: seedFromText(bankId) }).map((x) => x.question) : bank.questions;
  const start = h("button", { type: "button", class: "quiz-button quiz-start", text: "Start presenting" });
  root.append(
    h("p", {
      class: "quiz-intro",
      text: `${bank.title}: ${questions.length} questions, one at a time, in large type for a projector or shared screen.`,
    }),
    h("p", {
      class: "quiz-intro",
      text: "Keys: N or Right arrow for the next question, P or Left arrow for the previous one, R to reveal the answer, Escape to stop.",
    }),
    start,
  );

  const titleId = newId("ptitle");
  const dialog = h("dialog", { class: "quiz-presenter", "aria-labelledby": titleId });
  const counterText = h("span", { class: "qp-count" });
  const close = h("button", { type: "button", class: "quiz-button qp-close", text: "Stop presenting" });
  const slide = h("div", { class: "qp-slide" });
  const prev = h("button", { type: "button", class: "quiz-button qp-prev" }, icon("\u2190"), " Previous");
  const reveal = h("button", { type: "button", class: "quiz-button qp-reveal", text: "Reveal answer" });
  const next = h("button", { type: "button", class: "quiz-button qp-next" }, "Next ", icon("\u2192"));
  const live = h("p", { class: "quiz-vh", "aria-live": "polite" });
  const frame = h(
    "div",
    { class: "qp-frame" },
    h("div", { class: "qp-top" }, h("p", { class: "qp-title", id: titleId }, `${bank.title}. `, counterText), close),
    slide,
    h("div", { class: "qp-nav", role: "group", "aria-label": "Move between questions" }, prev, reveal, next),
    live,
  );
  dialog.append(frame);
  root.append(dialog);

  let index = 0;
  const revealed = questions.map(() => false);
  const tallies = questions.map((q) => (q.type === "truefalse" ? [0, 0] : q.options.map(() => 0)));

  const fit = () => {
    // Largest type (scale 1 down to 0.5) at which the slide needs no scrolling.
    if (!dialog.open) return;
    let lo = 0.5;
    let hi = 1;
    frame.style.setProperty("--qp-scale", "1");
    if (dialog.scrollHeight <= dialog.clientHeight && dialog.scrollWidth <= dialog.clientWidth) return;
    for (let step = 0; step < 7; step++) {
      const mid = (lo + hi) / 2;
      frame.style.setProperty("--qp-scale", String(mid));
      if (dialog.scrollHeight <= dialog.clientHeight && dialog.scrollWidth <= dialog.clientWidth) lo = mid;
      else hi = mid;
    }
    frame.style.setProperty("--qp-scale", String(lo));
  };

  const draw = (announce) => {
    // Redrawing the slide must not drop the keyboard focus on the floor.
    const focusKey = slide.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    const question = questions[index];
    const isTF = question.type === "truefalse";
    const order = isTF ? [0, 1] : handoutOrder(question);
    const labels = isTF ? ["True", "False"] : order.map((i) => question.options[i].text);
    const rightSet = isTF ? [question.answer ? 0 : 1] : correctIndices(question);
    const shown = revealed[index];
    counterText.textContent = `Question ${index + 1} of ${questions.length}`;

    const list = h("ul", { class: "qp-options" });
    order.forEach((optIndex, pos) => {
      const name = isTF ? labels[pos] : `Option ${letter(pos)}`;
      const inputId = newId("tally");
      const input = h("input", {
        type: "number",
        min: "0",
        step: "1",
        inputmode: "numeric",
        id: inputId,
        class: "qp-tally-input",
        "data-key": `tally-${pos}`,
        value: String(tallies[index][optIndex]),
      });
      const setTally = (v) => {
        const n = Math.max(0, Math.floor(Number(v) || 0));
        tallies[index][optIndex] = n;
        input.value = String(n);
        updateSummary();
      };
      input.addEventListener("change", () => setTally(input.value));
      const step = (key, label, text, delta) => {
        const button = h("button", { type: "button", class: "qp-step", "data-key": `${key}-${pos}`,
          "aria-label": `${label} for ${name}`, text });
        button.addEventListener("click", () => setTally(tallies[index][optIndex] + delta));
        return button;
      };
      const minus = step("minus", "One fewer", "\u2212", -1);
      const plus = step("plus", "One more", "+", 1);
      const isRight = rightSet.includes(optIndex);
      list.append(
        h(
          "li",
          { class: `qp-option${shown && isRight ? " is-right" : ""}` },
          h(
            "span",
            { class: "qp-text" },
            isTF ? null : h("span", { class: "qp-letter", text: `${letter(pos)}. ` }),
            isTF ? labels[pos] : question.options[optIndex].text,
            shown && isRight ? h("span", { class: "qp-mark" }, " ", icon(RIGHT), " Right answer") : null,
          ),
          h(
            "span",
            { class: "qp-tally" },
            h("label", { for: inputId, class: "qp-tally-label", text: `Votes for ${name}` }),
            minus,
            input,
            plus,
          ),
        ),
      );
    });

    const summaryLine = h("p", { class: "qp-summary" });
    const updateSummary = () => {
      const votes = tallies[index];
      const totalVotes = votes.reduce((a, b) => a + b, 0);
      if (!shown || totalVotes === 0 || question.type === "multiple") {
        summaryLine.textContent = "";
        summaryLine.hidden = true;
        return;
      }
      const rightVotes = rightSet.reduce((s, i) => s + votes[i], 0);
      summaryLine.hidden = false;
      summaryLine.textContent = `In the room: ${rightVotes} of ${totalVotes} chose the right answer.`;
    };

    // replaceChildren would show a missing part (no scenario, answer hidden) as "null".
    const parts = [
      scenarioBlock(question, "qp-scenario"),
      h(
        "h2",
        { class: "qp-question" },
        question.question,
        needsSelectAllHint(question) ? h("span", { class: "qp-hint", text: " (Select all that apply.)" }) : null,
      ),
      list,
      h("p", { class: "qp-discuss" }, h("strong", { text: "Discuss: " }), question.discussion),
      shown
        ? h(
            "div",
            { class: "qp-answer" },
            h("p", { class: "qp-explanation" }, h("strong", { text: "Answer: " }), question.explanation),
            h("p", { class: "qp-source", text: `Source: ${question.source}` }),
            summaryLine,
          )
        : null,
    ];
    slide.replaceChildren(...parts.filter(Boolean));
    updateSummary();
    if (focusKey !== null) {
      const again = focusKey && slide.querySelector(`[data-key="${focusKey}"]`);
      (again || reveal).focus();
    }
    reveal.textContent = shown ? "Hide answer" : "Reveal answer";
    prev.setAttribute("aria-disabled", String(index === 0));
    next.setAttribute("aria-disabled", String(index === questions.length - 1));
    if (announce === "move") live.textContent = `Question ${index + 1} of ${questions.length}.`;
    if (announce === "reveal") {
      const rightText = isTF
        ? `The statement is ${question.answer ? "true" : "false"}.`
        : order
            .map((optIndex, pos) => (rightSet.includes(optIndex) ? `${letter(pos)}, ${question.options[optIndex].text}` : null))
            .filter(Boolean)
            .join("; ");
      live.textContent = `Answer: ${rightText}`;
    }
    fit();
  };

  const go = (step) => {
    const target = index + step;
    if (target < 0 || target >= questions.length) return;
    index = target;
    draw("move");
  };
  const toggleReveal = () => {
    revealed[index] = !revealed[index];
    draw(revealed[index] ? "reveal" : null);
  };

  prev.addEventListener("click", () => go(-1));
  next.addEventListener("click", () => go(1));
  reveal.addEventListener("click", toggleReveal);
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => start.focus());
  const onKey = (event) => {
    if (!dialog.open || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = /** @type {HTMLElement} */ (event.target);
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === "ArrowRight" || key === "n") go(1);
    else if (key === "ArrowLeft" || key === "p") go(-1);
    else if (key === "r") toggleReveal();
    else return;
    event.preventDefault();
  };
  // On the document, not the dialog, so the keys work even when focus is on the dialog itself.
  document.addEventListener("keydown", onKey);
  const onResize = () => fit();
  start.addEventListener("click", () => {
    index = 0;
    dialog.showModal();
    draw("move");
    next.focus();
  });
  globalThis.addEventListener?.("resize", onResize);
  return {
    destroy() {
      globalThis.removeEventListener?.("resize", onResize);
      document.removeEventListener("keydown", onKey);
      if (dialog.open) dialog.close();
    },
  };
}
