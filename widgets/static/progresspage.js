// The progress page: what this browser keeps (scores, quizzes not finished, self-checks
// used), a way to forget all of it, and the CPD record form (cpdform.js).

import { cpdForm } from "./cpdform.js";
import { selfChecksUsed } from "./cpdrecord.js";
import { ensureStylesheet, h } from "./dom.js";
import {
  PROGRESS_EVENT,
  PROGRESS_KEY,
  REFLECTION_KEY,
  bankTitle,
  clearProgress,
  formatDate,
  keepsAnything,
  readStore,
  safeStorage,
} from "./progress.js";
import { newId, where } from "./quizparts.js";

function table(caption, columns, rows) {
  return h(
    "table",
    { class: "quiz-table" },
    h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, columns.map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell))))),
  );
}

const when = (iso) => h("time", { datetime: iso, text: formatDate(iso, true) });

function scores(attempts, banks) {
  if (!attempts.length) {
    return h("p", { text: "No quiz scores are kept in this browser yet. Scores appear here when you finish a quiz." });
  }
  return table(
    `Your quiz scores, newest first (${attempts.length})`,
    ["Quiz", "Date", "Score"],
    attempts.slice().reverse().map((a) => [bankTitle(banks, a.bank), when(a.date), `${a.score} of ${a.outOf}`]),
  );
}

/** Quizzes left half-way; on the site each links to its place on the quizzes page. */
function notFinished(unfinished, banks) {
  const runs = Object.entries(unfinished).sort(([, a], [, b]) => b.date.localeCompare(a.date));
  if (!runs.length) return null;
  const name = (id) =>
    where.site ? h("a", { href: new URL(`../../chapters/quizzes.html#quiz-${id}`, where.base).href, text: bankTitle(banks, id) })
      : bankTitle(banks, id);
  return table(
    `Quizzes you started and can carry on (${runs.length})`,
    ["Quiz", "Answered", "Last answer"],
    runs.map(([id, run]) => [name(id), `${Object.keys(run.answers).length} of ${run.outOf} answered`, when(run.date)]),
  );
}

function selfChecks(list) {
  if (!list.length) return null;
  return h(
    "div",
    { class: "quiz-selfchecks" },
    h("p", { class: "quiz-list-title", text: "Self-checks you used (the chapter and the date only, never your text):" }),
    h("ul", {}, selfChecksUsed(list).map((line) => h("li", { text: line }))),
  );
}

export function renderProgress(root, banks) {
  const storage = safeStorage();
  if (where.site) ensureStylesheet(new URL("./cpdprint.css", where.base).href);
  const kept = h("div", { class: "quiz-progress-table" });
  const statusLine = h("p", { class: "quiz-progress-status", role: "status", tabindex: "-1" });
  const clear = h("button", { type: "button", class: "quiz-button", text: "Clear my progress" });
  const confirmBox = h("div", { class: "quiz-confirm", role: "group", "aria-labelledby": newId("c"), hidden: true });
  const confirmText = h("p", {
    id: confirmBox.getAttribute("aria-labelledby"),
    text:
      "Remove your quiz scores, your answers to quizzes you have not finished, the list of self-checks you used " +
      "and your CPD notes from this browser? This cannot be undone.",
  });
  const yes = h("button", { type: "button", class: "quiz-button quiz-danger", text: "Yes, clear my progress" });
  const no = h("button", { type: "button", class: "quiz-button", text: "Cancel" });
  confirmBox.append(confirmText, yes, " ", no);
  const showClear = () => {
    clear.hidden = !keepsAnything(storage);
  };
  const form = cpdForm(banks, storage, showClear);

  const draw = () => {
    const store = readStore(storage);
    showClear();
    kept.replaceChildren(
      ...[scores(store.attempts, banks), notFinished(store.unfinished, banks), selfChecks(store.selfChecks)].filter(Boolean),
    );
  };

  clear.addEventListener("click", () => {
    confirmBox.hidden = false;
    no.focus();
  });
  no.addEventListener("click", () => {
    confirmBox.hidden = true;
    clear.focus();
  });
  yes.addEventListener("click", () => {
    clearProgress(storage);
    form.reset();
    confirmBox.hidden = true;
    draw();
    statusLine.textContent = "Your progress and CPD notes have been cleared from this browser.";
    statusLine.focus();
  });

  root.append(
    h("h2", { text: "Your progress" }),
    h("p", {
      text:
        "This browser keeps your scores, and your answers to a quiz you have not finished, so you can carry on later. " +
        "It also keeps the name of each chapter whose self-check you used, with the date, but never the text you checked. " +
        "Another browser or computer will not show them.",
    }),
    kept,
    clear,
    confirmBox,
    statusLine,
    h("h2", { text: "Make a CPD record" }),
    h("p", {
      text:
        "Write a few lines in your own words. They are saved as you type. Saved means kept in this browser, " +
        "on this computer only, until you clear your progress: nothing is sent anywhere. " +
        "To keep your record, download, copy or print it. Do not write anything that could identify a child or family.",
    }),
    form.node,
  );
  draw();
  const refresh = () => {
    draw();
    form.refresh();
  };
  const onStorage = (e) => {
    if (e.key === null || e.key === PROGRESS_KEY || e.key === REFLECTION_KEY) refresh();
  };
  globalThis.addEventListener?.(PROGRESS_EVENT, refresh);
  globalThis.addEventListener?.("storage", onStorage);
  return {
    destroy() {
      form.destroy();
      globalThis.removeEventListener?.(PROGRESS_EVENT, refresh);
      globalThis.removeEventListener?.("storage", onStorage);
    },
  };
}
