// The CPD form on the progress page: the learner's notes, kept in this browser while they
// type; a warning before leaving only while some notes are kept nowhere (not in this browser,
// not in a download or a copy); and the record as a download, a copy or a printed A4 page.

import { copyText, downloadText, h } from "./dom.js";
import { cpdParts, cpdSheet, cpdText } from "./cpdrecord.js";
import { CPD_PROMPTS, keepReflection, readReflection, readStore } from "./progress.js";
import { newId } from "./quizparts.js";

const KEEP_AFTER_MS = 500;
const SAVED =
  "Saved in this browser. Only this browser, on this computer, can show your notes again, until you clear your progress.";
const NOT_SAVED =
  "Not saved: this browser does not let the book keep your notes. Download, copy or print your record before you leave this page.";

/**
 * @param {Function} onKept called after the notes were kept or forgotten
 * @returns {{node: HTMLElement, refresh(): void, reset(): void, destroy(): void}}
 */
export function cpdForm(banks, storage, onKept) {
  const areas = {};
  const fields = h("div", { class: "quiz-cpd-fields" });
  const notes = readReflection(storage);
  for (const [key, label] of CPD_PROMPTS) {
    const id = newId(key);
    areas[key] = h("textarea", { id, rows: "4", class: "quiz-textarea", autocomplete: "off", spellcheck: "true" });
    areas[key].value = notes[key] ?? "";
    fields.append(h("div", { class: "quiz-field" }, h("label", { for: id, text: label }), areas[key]));
  }
  const saved = h("p", { class: "quiz-cpd-saved", role: "status" });
  const status = h("p", { role: "status", class: "quiz-progress-status" });
  const download = h("button", { type: "button", class: "quiz-button", text: "Download my CPD record" });
  const copy = h("button", { type: "button", class: "quiz-button", text: "Copy my CPD record" });
  const print = h("button", { type: "button", class: "quiz-button", text: "Print my CPD record" });
  // Shown on paper only (cpdprint.css); kept up to date so that Ctrl+P prints it too.
  const sheet = h("div", { class: "quiz-cpd-print", hidden: true });

  const typed = () => Object.fromEntries(Object.entries(areas).map(([key, area]) => [key, area.value]));
  const hasText = () => Object.values(areas).some((area) => area.value.trim());
  const parts = (now = new Date()) => cpdParts({ ...readStore(storage), banks, reflection: typed(), now });
  const drawSheet = () => sheet.replaceChildren(cpdSheet(parts()));

  // pending: typed since the notes were last kept; kept: the last keeping worked;
  // exported: the record went into a download or a copy after the last change.
  let timer = 0;
  let pending = false;
  let kept = true;
  let exported = true;
  const unsaved = () => pending || (hasText() && !kept && !exported);
  const onLeave = (event) => {
    keepNow();
    if (!unsaved()) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers show their own words, never ours
  };
  // The leave warning is listened for only while some notes are unsaved (a listener that
  // is always there would also stop the browser keeping the page for the back button).
  let warning = false;
  const watch = () => {
    if (unsaved() === warning) return;
    warning = !warning;
    if (warning) globalThis.addEventListener?.("beforeunload", onLeave);
    else globalThis.removeEventListener?.("beforeunload", onLeave);
  };
  function keepNow() {
    clearTimeout(timer);
    if (!pending) return;
    pending = false;
    kept = keepReflection(storage, typed());
    saved.textContent = hasText() ? (kept ? SAVED : NOT_SAVED) : "";
    drawSheet();
    watch();
    onKept();
  }
  for (const area of Object.values(areas)) {
    area.addEventListener("input", () => {
      pending = true;
      exported = false;
      clearTimeout(timer);
      timer = setTimeout(keepNow, KEEP_AFTER_MS);
      watch();
    });
  }
  // Phones may close a page without beforeunload: keep the notes when it is hidden.
  const onHide = () => keepNow();
  globalThis.addEventListener?.("pagehide", onHide);
  globalThis.addEventListener?.("beforeprint", drawSheet);

  const exportedNow = () => {
    keepNow();
    exported = true;
    watch();
  };
  download.addEventListener("click", () => {
    const now = new Date();
    // Plain text: any computer opens it (Notepad on a council laptop).
    const name = `cpd-record-${now.toISOString().slice(0, 10)}.txt`;
    downloadText(name, cpdText(parts(now)));
    exportedNow();
    status.textContent = `Your CPD record was made as the file ${name}. Check your downloads.`;
  });
  copy.addEventListener("click", async () => {
    const copied = await copyText(cpdText(parts()));
    if (copied) exportedNow();
    status.textContent = copied
      ? "Your CPD record has been copied. Paste it into your CPD log."
      : "This browser did not allow copying. Download the record instead.";
  });
  print.addEventListener("click", () => {
    keepNow();
    drawSheet();
    globalThis.print?.();
  });

  if (hasText()) saved.textContent = SAVED;
  drawSheet();
  const node = h(
    "div",
    { class: "quiz-cpd" },
    fields,
    saved,
    h("div", { class: "quiz-actions" }, download, copy, print),
    status,
    sheet,
  );
  return {
    node,
    /** Redraw the printed record (the scores or self-checks changed). */
    refresh: drawSheet,
    /** Empty the form (everything kept has just been cleared). */
    reset() {
      clearTimeout(timer);
      for (const area of Object.values(areas)) area.value = "";
      pending = false;
      kept = true;
      exported = true;
      saved.textContent = "";
      status.textContent = "";
      drawSheet();
      watch();
    },
    destroy() {
      keepNow();
      warning = false;
      globalThis.removeEventListener?.("beforeunload", onLeave);
      globalThis.removeEventListener?.("pagehide", onHide);
      globalThis.removeEventListener?.("beforeprint", drawSheet);
    },
  };
}
