// The progress page: scores kept in this browser, and the CPD record.

import { copyText, downloadText, h } from "./dom.js";
import { CPD_PROMPTS, PROGRESS_EVENT, PROGRESS_KEY, bankTitle, clearProgress, cpdRecord, formatDate, readProgress, safeStorage } from "./progress.js";
import { newId } from "./quizparts.js";

export function renderProgress(root, banks) {
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
  const areas = {};
  const form = h("div", { class: "quiz-cpd-fields" });
  for (const [key, label] of CPD_PROMPTS) {
    const id = newId(key);
    areas[key] = h("textarea", { id, rows: "4", class: "quiz-textarea", autocomplete: "off", spellcheck: "true" });
    form.append(h("div", { class: "quiz-field" }, h("label", { for: id, text: label }), areas[key]));
  }
  const download = h("button", { type: "button", class: "quiz-button", text: "Download my CPD record" });
  const copy = h("button", { type: "button", class: "quiz-button", text: "Copy my CPD record" });
  const downloadStatus = h("p", { role: "status", class: "quiz-progress-status" });
  const record = () => {
    const reflection = Object.fromEntries(Object.entries(areas).map(([k, a]) => [k, a.value]));
    const now = new Date();
    return { now, text: cpdRecord({ attempts: readProgress(storage), banks, reflection, now }) };
  };
  download.addEventListener("click", () => {
    const { now, text } = record();
    // Plain text: any computer opens it (Notepad on a council laptop), and it prints as it is.
    const name = `cpd-record-${now.toISOString().slice(0, 10)}.txt`;
    downloadText(name, text);
    downloadStatus.textContent = `Your CPD record was made as the file ${name}. Check your downloads.`;
  });
  copy.addEventListener("click", async () => {
    const copied = await copyText(record().text);
    downloadStatus.textContent = copied
      ? "Your CPD record has been copied. Paste it into your CPD log."
      : "This browser did not allow copying. Download the record instead.";
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
    h("div", { class: "quiz-actions" }, download, copy),
    downloadStatus,
  );
  drawTable();
  const refresh = () => drawTable();
  const onStorage = (e) => {
    if (e.key === null || e.key === PROGRESS_KEY) drawTable();
  };
  globalThis.addEventListener?.(PROGRESS_EVENT, refresh);
  globalThis.addEventListener?.("storage", onStorage);
  return {
    destroy() {
      globalThis.removeEventListener?.(PROGRESS_EVENT, refresh);
      globalThis.removeEventListener?.("storage", onStorage);
    },
  };
}
