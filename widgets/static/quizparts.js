// Pieces the quiz screens share: ids, icons, scenario blocks, the bank chooser, links to the
// other quiz tools, and the ?bank= address on the static site.

import { h } from "./dom.js";

// Where the quiz runs, set once by quiz.js (the entry module; a live notebook inlines this
// one into a bundle, where the module's own URL is the bundle's): `site` is true on the static
// site (pages under /_static/widgets/), false in a notebook (a blob URL); `base` is the
// address of the widget files.
export const where = { site: false, base: "" };

export function setWhere(url) {
  where.site = /^(https?|file):/.test(url);
  where.base = url;
}

const PREFIX = `quiz${Math.random().toString(36).slice(2, 7)}`;
let counter = 0;
export const newId = (part) => `${PREFIX}-${++counter}-${part}`;


/** An icon that screen readers skip; the words beside it carry the meaning. */
export const icon = (glyph, cls = "") => h("span", { class: `quiz-icon ${cls}`, "aria-hidden": "true", text: glyph });
export const RIGHT = "\u2713"; // check mark
export const WRONG = "\u2717"; // ballot x
export const BOX = "\u2610"; // ballot box

export function scenarioBlock(question, cls) {
  if (!question.scenario) return null;
  const id = newId("scenario");
  const block = h("div", { class: cls, id }, h("p", { class: "quiz-scenario-label", text: "Scenario" }));
  for (const para of String(question.scenario).trim().split(/\n\s*\n/)) {
    block.append(h("p", { text: para.trim() }));
  }
  return block;
}


export function urlParam(name) {
  if (!where.site) return null;
  return new URLSearchParams(location.search).get(name);
}

export function setUrlParam(name, value) {
  if (!where.site) return;
  const url = new URL(location.href);
  url.searchParams.set(name, value);
  history.replaceState(history.state, "", url);
}

/**
 * A labelled <select> of banks. Starts from ?bank= when it names a bank.
 * @returns {{node: HTMLElement, value: () => string}}
 */
export function bankChooser(banks, label, onChange) {
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
export function toolLinks(bankId) {
  if (!where.site) return null;
  const page = (name) => {
    const url = new URL(`../../chapters/${name}.html`, where.base);
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
