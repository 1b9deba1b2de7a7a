// Presenter mode: a dialog that fills the screen and shows one question at a time, for a team
// meeting on a projector. quiz.css sizes the type from the screen, and browser zoom makes it
// larger. A long slide scrolls inside its own region; the bar above it and the buttons and
// key list below it stay in view. The discussion prompt shows only when the presenter asks.

import { h } from "./dom.js";
import { fullscreenSupported, isFullscreen, leaveFullscreen, onFullscreenChange, toggleFullscreen } from "./fullscreen.js";
import { PRESENTER_KEYS, STOP_KEY, keyAction, shortcutsFor } from "./presenterkeys.js";
import { drawQuiz, handoutOrder, letter, needsSelectAllHint, seedFromText } from "./quizdraw.js";
import { RIGHT, icon, newId, scenarioBlock } from "./quizparts.js";
import { correctIndices } from "./quizscore.js";

const NO_FULLSCREEN = "Full screen is not available here: use your browser's own menu.";

/** The short list of keys shown under the slide (F only where full screen works). */
function keyList(withFullscreen) {
  const entries = PRESENTER_KEYS.filter((k) => k.shown && (withFullscreen || k.action !== "fullscreen"));
  const list = h("ul", { class: "qp-keys", "aria-label": "Keys" });
  for (const { shown, does } of [...entries, STOP_KEY]) {
    list.append(h("li", {}, h("kbd", { text: shown }), ` ${does}`));
  }
  return list;
}

/** Scroll `region` just enough to show `el` (and the region's padding beyond it), without
 * losing sight of the top of `el`. */
function bringIntoView(region, el) {
  const box = el.getBoundingClientRect();
  const view = region.getBoundingClientRect();
  const style = getComputedStyle(region);
  const top = view.top + parseFloat(style.paddingTop);
  const bottom = view.bottom - parseFloat(style.paddingBottom);
  if (box.bottom > bottom) region.scrollTop += Math.min(box.bottom - bottom, box.top - top);
  else if (box.top < top) region.scrollTop -= top - box.top;
}

export function renderPresenter(root, model, banks, bankId) {
  const bank = banks[bankId];
  const count = model.get("count") ?? null;
  const questions = count ? drawQuiz(bank, { count, seed: seedFromText(bankId) }).map((x) => x.question) : bank.questions;
  const canFullscreen = fullscreenSupported();
  const start = h("button", { type: "button", class: "quiz-button quiz-start", text: "Start presenting" });
  root.append(
    h("p", {
      class: "quiz-intro",
      text: `${bank.title}: ${questions.length} questions, one at a time, in large type for a projector or shared screen.`,
    }),
    h("p", { class: "quiz-intro", text: "The keys you can use are listed at the foot of the screen while you present." }),
    start,
  );

  const titleId = newId("ptitle");
  const dialog = h("dialog", { class: "quiz-presenter", "aria-labelledby": titleId });
  const counterText = h("span", { class: "qp-count" });
  const button = (cls, action, ...content) =>
    h("button", { type: "button", class: `quiz-button ${cls}`, "aria-keyshortcuts": action && shortcutsFor(action) }, ...content);
  const full = canFullscreen ? button("qp-full", "fullscreen", "Full screen") : null;
  const close = button("qp-close", null, "Stop presenting");
  const slide = h("div", { class: "qp-slide" });
  const prev = button("qp-prev", "previous", icon("\u2190"), " Previous");
  const reveal = button("qp-reveal", "reveal", "Reveal answer");
  const discuss = button("qp-discuss-button", "discuss", "Show discussion");
  const next = button("qp-next", "next", "Next ", icon("\u2192"));
  const live = h("p", { class: "quiz-vh", "aria-live": "polite" });
  // A cue for the presenter that the slide scrolls (screen readers read the whole slide).
  const more = h("p", { class: "qp-more", "aria-hidden": "true" }, icon("\u2193"), " More below");
  const frame = h(
    "div",
    { class: "qp-frame" },
    h(
      "div",
      { class: "qp-top" },
      h("p", { class: "qp-title", id: titleId }, `${bank.title}. `, counterText),
      h("div", { class: "qp-top-buttons" }, full, close),
    ),
    slide,
    h(
      "div",
      { class: "qp-foot" },
      h("div", { class: "qp-nav", role: "group", "aria-label": "Move between questions" }, prev, reveal, discuss, next),
      more,
      keyList(canFullscreen),
      canFullscreen ? null : h("p", { class: "qp-note", text: NO_FULLSCREEN }),
    ),
    live,
  );
  // Full screen is for the frame: browsers refuse it for a dialog element itself.
  dialog.append(frame);
  root.append(dialog);

  let index = 0;
  const revealed = questions.map(() => false);
  const discussed = questions.map(() => false);
  const tallies = questions.map((q) => (q.type === "truefalse" ? [0, 0] : q.options.map(() => 0)));

  const showMore = () => {
    more.classList.toggle("is-shown", slide.scrollTop + slide.clientHeight < slide.scrollHeight - 2);
  };
  slide.addEventListener("scroll", showMore, { passive: true });

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
        const stepButton = h("button", { type: "button", class: "qp-step", "data-key": `${key}-${pos}`,
          "aria-label": `${label} for ${name}`, text });
        stepButton.addEventListener("click", () => setTally(tallies[index][optIndex] + delta));
        return stepButton;
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
            // The visible word is "Votes"; the label read out names the option too.
            h("label", { for: inputId, class: "qp-tally-label" }, "Votes", h("span", { class: "quiz-vh", text: ` for ${name}` })),
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

    const answer = shown
      ? h(
          "div",
          { class: "qp-answer" },
          h("p", { class: "qp-explanation" }, h("strong", { text: "Answer: " }), question.explanation),
          h("p", { class: "qp-source", text: `Source: ${question.source}` }),
          summaryLine,
        )
      : null;
    const discussion = discussed[index]
      ? h("p", { class: "qp-discuss" }, h("strong", { text: "Discuss: " }), question.discussion)
      : null;
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
      answer,
      discussion,
    ];
    slide.replaceChildren(...parts.filter(Boolean));
    updateSummary();
    if (focusKey !== null) {
      const again = focusKey && slide.querySelector(`[data-key="${focusKey}"]`);
      (again || reveal).focus();
    }
    reveal.textContent = shown ? "Hide answer" : "Reveal answer";
    discuss.textContent = discussed[index] ? "Hide discussion" : "Show discussion";
    prev.setAttribute("aria-disabled", String(index === 0));
    next.setAttribute("aria-disabled", String(index === questions.length - 1));
    if (announce === "move") {
      slide.scrollTop = 0;
      live.textContent = `Question ${index + 1} of ${questions.length}.`;
    }
    if (announce === "reveal") {
      const rightText = isTF
        ? `The statement is ${question.answer ? "true" : "false"}.`
        : order
            .map((optIndex, pos) => (rightSet.includes(optIndex) ? `${letter(pos)}, ${question.options[optIndex].text}` : null))
            .filter(Boolean)
            .join("; ");
      live.textContent = `Answer: ${rightText}`;
      bringIntoView(slide, answer);
    }
    if (announce === "discuss") {
      live.textContent = `Discuss: ${question.discussion}`;
      bringIntoView(slide, discussion);
    }
    showMore();
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
  const toggleDiscussion = () => {
    discussed[index] = !discussed[index];
    draw(discussed[index] ? "discuss" : null);
  };
  const scroll = (event, direction) => {
    const page = event.key.startsWith("Page");
    const lines = parseFloat(getComputedStyle(slide).fontSize) * 3;
    slide.scrollBy({ top: direction * (page ? slide.clientHeight * 0.85 : lines) });
  };

  const showFullscreenState = () => {
    if (!full) return;
    full.textContent = isFullscreen(frame) ? "Leave full screen" : "Full screen";
  };
  const stopFullscreenWatch = onFullscreenChange(showFullscreenState);
  const stop = () => {
    leaveFullscreen(frame);
    dialog.close();
  };

  prev.addEventListener("click", () => go(-1));
  next.addEventListener("click", () => go(1));
  reveal.addEventListener("click", toggleReveal);
  discuss.addEventListener("click", toggleDiscussion);
  full?.addEventListener("click", () => toggleFullscreen(frame));
  close.addEventListener("click", stop);
  dialog.addEventListener("close", () => {
    leaveFullscreen(frame);
    start.focus();
  });
  const onKey = (event) => {
    if (!dialog.open) return;
    const action = keyAction(event);
    if (action === "next") go(1);
    else if (action === "previous") go(-1);
    else if (action === "reveal") toggleReveal();
    else if (action === "discuss") toggleDiscussion();
    else if (action === "fullscreen" && full) toggleFullscreen(frame);
    else if (action === "scroll-down") scroll(event, 1);
    else if (action === "scroll-up") scroll(event, -1);
    else return;
    event.preventDefault();
  };
  // On the document, not the dialog, so the keys work even when focus is on the dialog itself.
  document.addEventListener("keydown", onKey);
  globalThis.addEventListener?.("resize", showMore);
  start.addEventListener("click", () => {
    index = 0;
    dialog.showModal();
    draw("move");
    next.focus();
  });
  return {
    destroy() {
      document.removeEventListener("keydown", onKey);
      globalThis.removeEventListener?.("resize", showMore);
      stopFullscreenWatch();
      if (dialog.open) stop();
    },
  };
}
