// Handouts: a question sheet and an answer sheet, for printing.

import { h } from "./dom.js";
import { formatDay } from "./progress.js";
import { handoutOrder, letter, needsSelectAllHint } from "./quizdraw.js";
import { BOX, RIGHT, icon, newId, scenarioBlock, setUrlParam, urlParam } from "./quizparts.js";
import { correctIndices } from "./quizscore.js";

function questionSheet(bank) {
  const list = h("ol", { class: "quiz-sheet-list" });
  for (const question of bank.questions) {
    const isTF = question.type === "truefalse";
    const opts = h("ul", { class: "quiz-sheet-options" });
    if (isTF) {
      for (const word of ["True", "False"]) opts.append(h("li", {}, icon(BOX, "quiz-box"), ` ${word}`));
    } else {
      handoutOrder(question).forEach((optIndex, pos) => {
        opts.append(h("li", {}, icon(BOX, "quiz-box"), ` ${letter(pos)}. ${question.options[optIndex].text}`));
      });
    }
    let hint = isTF ? " (True or false?)" : " (Tick one.)";
    if (question.type === "multiple") hint = needsSelectAllHint(question) ? " (Tick all that apply.)" : "";
    list.append(
      h(
        "li",
        { class: "quiz-sheet-item" },
        scenarioBlock(question, "quiz-scenario"),
        h("p", { class: "quiz-sheet-q" }, question.question, h("span", { class: "quiz-hint", text: hint })),
        opts,
      ),
    );
  }
  return h(
    "article",
    { class: "quiz-sheet quiz-sheet-questions" },
    h("h2", { text: `${bank.title}: question sheet` }),
    h(
      "p",
      { class: "quiz-sheet-fill" },
      h("span", { class: "quiz-fill" }, "Name ", h("span", { class: "quiz-line", "aria-hidden": "true" })),
      h("span", { class: "quiz-fill" }, "Date ", h("span", { class: "quiz-line", "aria-hidden": "true" })),
    ),
    h("p", { text: `${bank.questions.length} questions. Tick the box beside your answer.` }),
    list,
  );
}

function answerSheet(bank) {
  const list = h("ol", { class: "quiz-sheet-list" });
  for (const question of bank.questions) {
    let answer;
    if (question.type === "truefalse") {
      answer = question.answer ? "True" : "False";
    } else {
      const right = new Set(correctIndices(question));
      answer = handoutOrder(question)
        .map((optIndex, pos) => (right.has(optIndex) ? `${letter(pos)}. ${question.options[optIndex].text}` : null))
        .filter(Boolean)
        .join("; ");
    }
    list.append(
      h(
        "li",
        { class: "quiz-sheet-item" },
        h("p", { class: "quiz-sheet-q", text: question.question }),
        h("p", { class: "quiz-sheet-answer" }, icon(RIGHT), h("strong", { text: " Answer: " }), answer),
        h("p", { text: question.explanation }),
        h("p", { class: "quiz-source", text: `Source: ${question.source}` }),
        h("p", { class: "quiz-sheet-discuss" }, h("strong", { text: "To discuss: " }), question.discussion),
      ),
    );
  }
  return h(
    "article",
    { class: "quiz-sheet quiz-sheet-answers" },
    h("h2", { text: `${bank.title}: answer sheet` }),
    h("p", { text: `Facts checked on ${formatDay(bank.facts_as_at)}. The letters match the question sheet.` }),
    list,
  );
}

export function renderHandout(root, model, banks, bankId, withChoice) {
  root.classList.add("quiz-handout");
  let sheet = model.get("mode") === "answers" ? "answers" : "questions";
  if (withChoice && urlParam("sheet") === "answers") sheet = "answers";
  const holder = h("div", { class: "quiz-sheet-holder" });
  const draw = () => holder.replaceChildren(sheet === "answers" ? answerSheet(banks[bankId]) : questionSheet(banks[bankId]));
  if (withChoice) {
    const name = newId("sheet");
    const group = h(
      "fieldset",
      { class: "quiz-sheet-choice quiz-noprint" },
      h("legend", { text: "Show" }),
    );
    for (const [value, text] of [
      ["questions", "Question sheet"],
      ["answers", "Answer sheet"],
    ]) {
      const id = newId("sheetopt");
      const input = h("input", { type: "radio", name, id, value });
      input.checked = value === sheet;
      input.addEventListener("change", () => {
        sheet = value;
        setUrlParam("sheet", value);
        draw();
      });
      group.append(h("span", { class: "quiz-option" }, input, h("label", { for: id, text })));
    }
    root.append(group);
  }
  const print = h("button", { type: "button", class: "quiz-button quiz-noprint", text: "Print this sheet" });
  print.addEventListener("click", () => globalThis.print?.());
  root.append(print, holder);
  draw();
  return {
    destroy() {},
    /** Show another bank's sheets in the same place (the chooser keeps the sheet choice). */
    show(id) {
      bankId = id;
      draw();
    },
  };
}
