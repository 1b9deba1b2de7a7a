// The quiz widget: quiz, presenter, handout (question and answer sheets) and progress modes,
// each a screen in its own module (quizplay.js, presenter.js, handout.js, progresspage.js)
// that returns a cleanup function. This entry serves the static site (hydrate.js calls
// staticState, then render) and live notebooks (anywidget, bundled by widgets.esm). Props: {bank: "<id>" | "all",
// mode: "quiz" | "presenter" | "handout" | "answers" | "progress", count: N | null, seed}.
// DOM is built with createElement and textContent only. What is kept in localStorage is
// described in progress.js (ids, dates, scores, option numbers; never question or case text).

import { ensureStylesheet, h } from "./dom.js";
import { renderHandout } from "./handout.js";
import { renderPresenter } from "./presenter.js";
import { BANK_ID } from "./progress.js";
import { renderProgress } from "./progresspage.js";
import { bankChooser, setWhere, where } from "./quizparts.js";
import { renderQuiz } from "./quizplay.js";

setWhere(import.meta.url);
const NOTHING = { destroy() {} };
const MODES = ["quiz", "presenter", "handout", "answers", "progress"];



/** Static site: the full initial state, with the banks from the generated quizbanks.js. */
export async function staticState(props) {
  // A chapter's quiz loads its own bank only (about a tenth of the size of them all).
  const one = (props.mode ?? "quiz") === "quiz" && BANK_ID.test(props.bank ?? "");
  const file = one ? `./quizbanks/${props.bank}.js` : "./quizbanks.js";
  const mod = await import(new URL(file, import.meta.url).href);
  return { bank: "all", mode: "quiz", count: null, seed: null, score: {}, ...props, banks: mod.default };
}

/** Draw the widget for the model's mode and bank; returns the screen ({destroy, show?}). */
function draw(el, model) {
  el.replaceChildren();
  const banks = model.get("banks") ?? {};
  const mode = MODES.includes(model.get("mode")) ? model.get("mode") : "quiz";
  const bank = model.get("bank") ?? "all";
  const root = h("div", { class: `quiz-widget quiz-mode-${mode}` });
  el.append(root);
  if (mode === "progress") return renderProgress(root, banks);
  if (!Object.keys(banks).length || (bank !== "all" && !banks[bank])) {
    root.append(h("p", { class: "quiz-error", role: "alert", text: `There is no quiz called "${bank}".` }));
    return NOTHING;
  }
  const run = (target, id) => {
    if (mode === "quiz") return renderQuiz(target, model, banks, id);
    if (mode === "presenter") return renderPresenter(target, model, banks, id);
    return renderHandout(target, model, banks, id, bank === "all");
  };
  if (bank !== "all") return run(root, bank);

  // One chooser for every bank; the part below it shows the chosen bank (a handout keeps its
  // sheet choice and shows the new bank; other screens are drawn afresh).
  const part = h("div", { class: "quiz-part" });
  const chooseLabel = mode === "quiz" || mode === "presenter" ? "Choose a quiz" : "Choose a quiz to print";
  let screen = NOTHING;
  const chooser = bankChooser(banks, chooseLabel, (id) => {
    if (screen.show) return screen.show(id);
    screen.destroy();
    part.replaceChildren();
    screen = run(part, id);
    return undefined;
  });
  root.append(chooser.node, part);
  screen = run(part, chooser.value());
  return { destroy: () => screen.destroy() };
}

function render({ model, el }) {
  // On the static site quiz.css sits beside this file; in a notebook anywidget uses _css.
  if (where.site) ensureStylesheet(new URL("./quiz.css", import.meta.url).href);
  let screen = draw(el, model);
  const redraw = () => {
    screen.destroy();
    screen = draw(el, model);
  };
  const keys = ["bank", "mode", "count", "seed", "banks"];
  for (const key of keys) model.on(`change:${key}`, redraw);
  return () => {
    for (const key of keys) model.off(`change:${key}`, redraw);
    screen.destroy();
  };
}

export default { render };
