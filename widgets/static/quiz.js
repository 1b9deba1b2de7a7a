// The quiz widget: quiz, presenter, handout (question and answer sheets) and progress modes.
// One module for the static site (hydrate.js calls staticState, then render) and for live
// notebooks (anywidget, bundled by widgets.esm). Props: {bank: "<id>" | "all",
// mode: "quiz" | "presenter" | "handout" | "answers" | "progress", count: N | null, seed}.
// DOM is built with createElement and textContent only. What is kept in localStorage is
// bank ids, ISO dates and scores, nothing else (see sanitiseAttempt).

import { correctIndices, scoreQuestion } from "./quizscore.js";
import { h } from "./dom.js";

export const PROGRESS_KEY = "ofsted-book:progress";
export const PROGRESS_EVENT = "ofsted-book:progress-changed";
const MAX_ATTEMPTS = 500;
const MODES = ["quiz", "presenter", "handout", "answers", "progress"];
const BANK_ID = /^[a-z][a-z0-9-]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
// The static site imports this file from /_static/widgets/; a live notebook from a blob URL.
const STATIC = /^(https?|file):/.test(import.meta.url);

// ---------------------------------------------------------------------------------------
// Pure helpers (no DOM), exported for tests/js/quiz.test.mjs.

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

/** Only a bank id, an ISO date and two whole numbers survive; anything else is dropped. */
export function sanitiseAttempt(value) {
  if (!value || typeof value !== "object") return null;
  const { bank, date, score, outOf } = value;
  if (typeof bank !== "string" || !BANK_ID.test(bank)) return null;
  if (typeof date !== "string" || !ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) {
    return null;
  }
  if (!Number.isInteger(score) || !Number.isInteger(outOf) || outOf < 1) return null;
  if (score < 0 || score > outOf) return null;
  return { bank, date, score, outOf };
}

/** @param {Storage | null} storage */
export function readProgress(storage) {
  if (!storage) return [];
  try {
    const data = JSON.parse(storage.getItem(PROGRESS_KEY) ?? "null");
    const list = Array.isArray(data?.attempts) ? data.attempts : [];
    return list.map(sanitiseAttempt).filter(Boolean);
  } catch {
    return [];
  }
}

/** @param {Storage | null} storage */
export function recordAttempt(storage, attempt) {
  const clean = sanitiseAttempt(attempt);
  if (!storage || !clean) return false;
  const attempts = [...readProgress(storage), clean].slice(-MAX_ATTEMPTS);
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify({ version: 1, attempts }));
    return true;
  } catch {
    return false; // storage full or blocked: the quiz still works, nothing is kept
  }
}

/** @param {Storage | null} storage */
export function clearProgress(storage) {
  try {
    storage?.removeItem(PROGRESS_KEY);
  } catch {
    // blocked storage holds nothing to clear
  }
}

const DATE_FMT = { day: "numeric", month: "long", year: "numeric" };

export function formatDate(iso, withTime = false) {
  const d = new Date(iso);
  const opts = withTime ? { ...DATE_FMT, hour: "2-digit", minute: "2-digit" } : DATE_FMT;
  return d.toLocaleString("en-GB", opts);
}

/** "2026-11-23" as "23 November 2026", the same in every time zone. */
export function formatDay(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(day ?? ""));
  if (!m) return String(day ?? "");
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toLocaleDateString("en-GB", { ...DATE_FMT, timeZone: "UTC" });
}

const bankTitle = (banks, id) => banks[id]?.title ?? id;

/**
 * A CPD record in Markdown, made in the browser from the stored scores and the reflection
 * the user typed (which is put in the file only, never stored).
 */
export function cpdRecord({ attempts, banks, reflection = {}, now = new Date() }) {
  const lines = [];
  const nl = () => lines.push("");
  const text = (value) => (value ?? "").trim() || "(Not filled in.)";
  lines.push("# CPD record: getting ready for inspection (self-check quizzes)");
  nl();
  lines.push(`Made on ${formatDate(now.toISOString())}.`);
  nl();
  lines.push("Type of CPD: self-directed learning with an online book and self-check quizzes.");
  nl();
  lines.push("## What I studied");
  nl();
  const byBank = new Map();
  for (const a of attempts) {
    if (!byBank.has(a.bank)) byBank.set(a.bank, []);
    byBank.get(a.bank).push(a);
  }
  if (byBank.size === 0) lines.push("- No quiz scores are recorded in this browser.");
  for (const [id, list] of byBank) {
    const best = list.reduce((b, a) => (a.score / a.outOf > b.score / b.outOf ? a : b));
    const last = list[list.length - 1];
    const dates = list.map((a) => a.date).sort();
    const span =
      dates.length > 1
        ? `between ${formatDate(dates[0])} and ${formatDate(dates[dates.length - 1])}`
        : `on ${formatDate(dates[0])}`;
    lines.push(
      `- ${bankTitle(banks, id)}: ${list.length} attempt${list.length === 1 ? "" : "s"} ` +
        `${span}; best score ${best.score} of ${best.outOf}; latest ${last.score} of ${last.outOf}.`,
    );
  }
  nl();
  if (attempts.length) {
    lines.push("## My quiz scores");
    nl();
    lines.push("| Quiz | Date | Score |");
    lines.push("| --- | --- | --- |");
    for (const a of attempts) {
      const title = bankTitle(banks, a.bank).replace(/\|/g, "/");
      lines.push(`| ${title} | ${formatDate(a.date, true)} | ${a.score} of ${a.outOf} |`);
    }
    nl();
  }
  lines.push("## Why this is relevant to my practice");
  nl();
  lines.push(text(reflection.relevance));
  nl();
  lines.push("## What I learned");
  nl();
  lines.push(text(reflection.learned));
  nl();
  lines.push("## How it will affect my practice");
  nl();
  lines.push(text(reflection.impact));
  nl();
  lines.push("## What I learned from discussing it with a colleague (peer reflection)");
  nl();
  lines.push(text(reflection.peer));
  nl();
  lines.push("---");
  nl();
  lines.push(
    "Made in my browser from my own quiz scores and reflection. Nothing was sent anywhere. " +
      "I can copy it into my Social Work England CPD record. " +
      "Do not add details that could identify a child or family.",
  );
  nl();
  return lines.join("\n");
}

/** True when the question should say "select all that apply" and does not already. */
export const needsSelectAllHint = (question) =>
  question.type === "multiple" && !/select all|tick all/i.test(question.question);

// ---------------------------------------------------------------------------------------
// DOM helpers.

const PREFIX = `quiz${Math.random().toString(36).slice(2, 7)}`;
let counter = 0;
const newId = (part) => `${PREFIX}-${++counter}-${part}`;


/** An icon that screen readers skip; the words beside it carry the meaning. */
const icon = (glyph, cls = "") => h("span", { class: `quiz-icon ${cls}`, "aria-hidden": "true", text: glyph });
const RIGHT = "\u2713"; // check mark
const WRONG = "\u2717"; // ballot x
const BOX = "\u2610"; // ballot box

function scenarioBlock(question, cls) {
  if (!question.scenario) return null;
  const id = newId("scenario");
  const block = h("div", { class: cls, id }, h("p", { class: "quiz-scenario-label", text: "Scenario" }));
  for (const para of String(question.scenario).trim().split(/\n\s*\n/)) {
    block.append(h("p", { text: para.trim() }));
  }
  return block;
}

function safeStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** On the static site, load quiz.css next to this file (in a notebook anywidget uses _css). */
function ensureStylesheet() {
  if (!STATIC || typeof document === "undefined") return;
  const href = new URL("./quiz.css", import.meta.url).href;
  if ([...document.querySelectorAll("link[rel=stylesheet]")].some((l) => l.href === href)) return;
  document.head.append(h("link", { rel: "stylesheet", href }));
}

function urlParam(name) {
  if (!STATIC) return null;
  return new URLSearchParams(location.search).get(name);
}

function setUrlParam(name, value) {
  if (!STATIC) return;
  const url = new URL(location.href);
  url.searchParams.set(name, value);
  history.replaceState(history.state, "", url);
}

/**
 * A labelled <select> of banks. Starts from ?bank= when it names a bank.
 * @returns {{node: HTMLElement, value: () => string}}
 */
function bankChooser(banks, label, onChange) {
  const id = newId("bank");
  const select = h("select", { id, class: "quiz-select" });
  const byTitle = Object.entries(banks).sort(([, a], [, b]) => a.title.localeCompare(b.title, "en-GB"));
  for (const [bankId, bank] of byTitle) {
    select.append(h("option", { value: bankId, text: bank.title }));
  }
  const wanted = urlParam("bank");
  if (wanted && banks[wanted]) select.value = wanted;
  select.addEventListener("change", () => {
    setUrlParam("bank", select.value);
    onChange(select.value);
  });
  const node = h("div", { class: "quiz-chooser quiz-noprint" }, h("label", { for: id, text: label }), select);
  return { node, value: () => select.value };
}

/**
 * On the static site, links from any quiz to the same bank in presenter mode and on the
 * handouts page (all chapter pages sit in chapters/, beside _static/widgets/../../).
 */
function toolLinks(bankId) {
  if (!STATIC) return null;
  const page = (name) => {
    const url = new URL(`../../chapters/${name}.html`, import.meta.url);
    url.searchParams.set("bank", bankId);
    return url.href;
  };
  return h(
    "p",
    { class: "quiz-links quiz-noprint" },
    h("a", { href: page("presenter"), text: "Present this quiz to your team" }),
    " \u00b7 ",
    h("a", { href: page("handouts"), text: "Print this quiz" }),
  );
}

// ---------------------------------------------------------------------------------------
// Quiz mode.

function renderQuiz(root, model, banks, bankId) {
  const bank = banks[bankId];
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
        h("p", {
          text:
            "Your score is kept in this browser only" +
            (STATIC ? ": see the My progress page. " : ". ") +
            "Press Try again for the questions in a new order.",
        }),
      );
      again.textContent = "Try again";
      recordAttempt(safeStorage(), { bank: bankId, date: new Date().toISOString(), score, outOf });
      globalThis.dispatchEvent?.(new Event(PROGRESS_EVENT));
    }
  };

  const start = () => {
    const items = drawQuiz(bank, { count, seed });
    state = { items, results: items.map(() => null) };
    summary.replaceChildren();
    again.textContent = "Start again";
    body.replaceChildren(
      h("p", {
        class: "quiz-intro",
        text:
          `${items.length} question${items.length === 1 ? "" : "s"}` +
          (items.length < bank.questions.length ? `, drawn at random from ${bank.questions.length}. ` : ". ") +
          "Choose your answer, then press Check answer to see if you are right.",
      }),
      ...items.map((item, i) => questionBlock(item, i)),
    );
    status.textContent = `Checked 0 of ${items.length}. Right so far: 0.`;
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
      publish();
    });

    return h(
      "div",
      { class: "quiz-question", "data-question-id": question.id },
      scenario,
      fieldset,
      h("div", { class: "quiz-check-row" }, check),
      feedback,
    );
  };

  again.addEventListener("click", () => {
    seed = (seed + 1) >>> 0;
    start();
    body.querySelector("input")?.focus();
  });
  start();
}

// ---------------------------------------------------------------------------------------
// Presenter mode: a full-screen dialog, one question at a time, sized to fit the screen.

function renderPresenter(root, model, banks, bankId) {
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
      const minus = h("button", {
        type: "button",
        class: "qp-step",
        "data-key": `minus-${pos}`,
        "aria-label": `One fewer for ${name}`,
        text: "\u2212",
      });
      const plus = h("button", {
        type: "button",
        class: "qp-step",
        "data-key": `plus-${pos}`,
        "aria-label": `One more for ${name}`,
        text: "+",
      });
      minus.addEventListener("click", () => setTally(tallies[index][optIndex] - 1));
      plus.addEventListener("click", () => setTally(tallies[index][optIndex] + 1));
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
  return () => {
    globalThis.removeEventListener?.("resize", onResize);
    document.removeEventListener("keydown", onKey);
    if (dialog.open) dialog.close();
  };
}

// ---------------------------------------------------------------------------------------
// Handouts: a question sheet and an answer sheet, for printing.

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

function renderHandout(root, model, banks, bankId, withChoice) {
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
  return (id) => {
    bankId = id;
    draw();
  };
}

// ---------------------------------------------------------------------------------------
// Progress and CPD record.

function renderProgress(root, banks) {
  const storage = safeStorage();
  const heading = newId("ph");
  const tableHolder = h("div", { class: "quiz-progress-table" });
  const statusLine = h("p", { class: "quiz-progress-status", role: "status", tabindex: "-1" });
  const clear = h("button", { type: "button", class: "quiz-button", text: "Clear my progress" });
  const confirmBox = h("div", { class: "quiz-confirm", role: "group", "aria-labelledby": newId("c"), hidden: true });
  const confirmText = h("p", { id: confirmBox.getAttribute("aria-labelledby") });
  const yes = h("button", { type: "button", class: "quiz-button quiz-danger", text: "Yes, clear my progress" });
  const no = h("button", { type: "button", class: "quiz-button", text: "Cancel" });
  confirmBox.append(confirmText, yes, " ", no);

  const drawTable = () => {
    const attempts = readProgress(storage);
    clear.hidden = attempts.length === 0;
    if (!attempts.length) {
      tableHolder.replaceChildren(
        h("p", { text: "No quiz scores are kept in this browser yet. Scores appear here when you finish a quiz." }),
      );
      return attempts;
    }
    const tbody = h("tbody");
    for (const a of attempts.slice().reverse()) {
      tbody.append(
        h(
          "tr",
          {},
          h("td", { text: bankTitle(banks, a.bank) }),
          h("td", {}, h("time", { datetime: a.date, text: formatDate(a.date, true) })),
          h("td", { text: `${a.score} of ${a.outOf}` }),
        ),
      );
    }
    tableHolder.replaceChildren(
      h(
        "table",
        { class: "quiz-table" },
        h("caption", { text: `Your quiz scores, newest first (${attempts.length})` }),
        h("thead", {}, h("tr", {}, ...["Quiz", "Date", "Score"].map((t) => h("th", { scope: "col", text: t })))),
        tbody,
      ),
    );
    return attempts;
  };

  clear.addEventListener("click", () => {
    const n = readProgress(storage).length;
    confirmText.textContent = `Remove all ${n} score${n === 1 ? "" : "s"} from this browser? This cannot be undone.`;
    confirmBox.hidden = false;
    no.focus();
  });
  no.addEventListener("click", () => {
    confirmBox.hidden = true;
    clear.focus();
  });
  yes.addEventListener("click", () => {
    clearProgress(storage);
    confirmBox.hidden = true;
    drawTable();
    statusLine.textContent = "Your progress has been cleared from this browser.";
    statusLine.focus();
  });

  // The CPD record: what the user types goes into the download only, never into storage.
  const fields = [
    ["relevance", "Why this is relevant to my practice"],
    ["learned", "What I learned"],
    ["impact", "How it will affect my practice"],
    ["peer", "What I learned from discussing it with a colleague (optional)"],
  ];
  const areas = {};
  const form = h("div", { class: "quiz-cpd-fields" });
  for (const [key, label] of fields) {
    const id = newId(key);
    areas[key] = h("textarea", { id, rows: "4", class: "quiz-textarea", autocomplete: "off", spellcheck: "true" });
    form.append(h("div", { class: "quiz-field" }, h("label", { for: id, text: label }), areas[key]));
  }
  const download = h("button", { type: "button", class: "quiz-button", text: "Download my CPD record" });
  const downloadStatus = h("p", { role: "status", class: "quiz-progress-status" });
  download.addEventListener("click", () => {
    const reflection = Object.fromEntries(Object.entries(areas).map(([k, a]) => [k, a.value]));
    const now = new Date();
    const text = cpdRecord({ attempts: readProgress(storage), banks, reflection, now });
    const name = `cpd-record-${now.toISOString().slice(0, 10)}.md`;
    const url = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
    const link = h("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    downloadStatus.textContent = `Your CPD record was made as the file ${name}. Check your downloads.`;
  });

  root.append(
    h("h2", { id: heading, text: "Your quiz scores" }),
    h("p", {
      text: "Scores are kept in this browser only: the quiz, the date and your score. Your answers are not kept. Another browser or computer will not show them.",
    }),
    tableHolder,
    clear,
    confirmBox,
    statusLine,
    h("h2", { text: "Make a CPD record" }),
    h("p", {
      text: "Write a few lines in your own words, then download a record of what you studied and your scores. What you type goes into the file only: it is not saved or sent. Do not write anything that could identify a child or family.",
    }),
    form,
    download,
    downloadStatus,
  );
  drawTable();
  const refresh = () => drawTable();
  const onStorage = (e) => {
    if (e.key === null || e.key === PROGRESS_KEY) drawTable();
  };
  globalThis.addEventListener?.(PROGRESS_EVENT, refresh);
  globalThis.addEventListener?.("storage", onStorage);
  return () => {
    globalThis.removeEventListener?.(PROGRESS_EVENT, refresh);
    globalThis.removeEventListener?.("storage", onStorage);
  };
}

// ---------------------------------------------------------------------------------------
// Entry points.

/** Static site: the full initial state, with the banks from the generated quizbanks.js. */
export async function staticState(props) {
  // A chapter's quiz loads its own bank only (about a tenth of the size of them all).
  const one = (props.mode ?? "quiz") === "quiz" && BANK_ID.test(props.bank ?? "");
  const file = one ? `./quizbanks/${props.bank}.js` : "./quizbanks.js";
  const mod = await import(new URL(file, import.meta.url).href);
  return { bank: "all", mode: "quiz", count: null, seed: null, score: {}, ...props, banks: mod.default };
}

function draw(el, model) {
  el.replaceChildren();
  const banks = model.get("banks") ?? {};
  const mode = MODES.includes(model.get("mode")) ? model.get("mode") : "quiz";
  const bank = model.get("bank") ?? "all";
  const root = h("div", { class: `quiz-widget quiz-mode-${mode}` });
  el.append(root);
  const ids = Object.keys(banks);
  if (mode === "progress") return renderProgress(root, banks);
  if (!ids.length || (bank !== "all" && !banks[bank])) {
    root.append(h("p", { class: "quiz-error", role: "alert", text: `There is no quiz called "${bank}".` }));
    return undefined;
  }
  const chooseLabel = mode === "quiz" || mode === "presenter" ? "Choose a quiz" : "Choose a quiz to print";
  const run = (target, id) => {
    if (mode === "quiz") return renderQuiz(target, model, banks, id);
    if (mode === "presenter") return renderPresenter(target, model, banks, id);
    return renderHandout(target, model, banks, id, bank === "all");
  };
  if (bank !== "all") {
    const result = run(root, bank);
    return mode === "handout" || mode === "answers" ? undefined : result;
  }

  // One chooser for every bank; the part below it is redrawn when the choice changes.
  const part = h("div", { class: "quiz-part" });
  let cleanup;
  let handout;
  const chooser = bankChooser(banks, chooseLabel, (id) => {
    if (handout) return handout(id);
    if (typeof cleanup === "function") cleanup();
    part.replaceChildren();
    cleanup = run(part, id);
  });
  root.append(chooser.node, part);
  const first = run(part, chooser.value());
  if (mode === "handout" || mode === "answers") handout = first;
  else cleanup = first;
  return () => {
    if (typeof cleanup === "function") cleanup();
  };
}

function render({ model, el }) {
  ensureStylesheet();
  let cleanup = draw(el, model);
  const redraw = () => {
    if (typeof cleanup === "function") cleanup();
    cleanup = draw(el, model);
  };
  const keys = ["bank", "mode", "count", "seed", "banks"];
  for (const key of keys) model.on(`change:${key}`, redraw);
  return () => {
    for (const key of keys) model.off(`change:${key}`, redraw);
    if (typeof cleanup === "function") cleanup();
  };
}

export default { render };
