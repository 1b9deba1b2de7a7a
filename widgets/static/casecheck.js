// The case-record self-check: a text box, and what the criteria packs find in it.
//
// One module serves both places a reader meets it (see docs/contracts.md):
// - the static book: hydrate.js calls `staticState(props)`, then `render({ model, el })`
//   with a small in-page model;
// - a live notebook: anywidget calls `render({ model, el })` with the kernel's model, and
//   `text` and `report` are sent back to Python so a notebook can tabulate them.
//
// Privacy: the text is only ever read from the text box and held in memory. Nothing here
// fetches, stores (no localStorage, cookies or IndexedDB) or logs it. Once a page load, after
// a check of some text, the book's progress record keeps that the self-check was used: the
// chapter's title and the date, never the text (noteSelfCheck). The anonymisation guard
// (./anonymise.js) looks for likely identifiers in it after each check and warns; it never
// changes the box. The names the user lists for the guard stay in their input: they are not
// put in the model, so they never reach the kernel or a saved notebook.
// Safety: every piece of user text reaches the page through textContent or createTextNode,
// never innerHTML, so pasted markup stays inert text.

import {
  countByType, describeCounts, findIdentifiers, guardReady, keyToPlaceholders, redact, setGuard,
  warningText,
} from "./anonymise.js";
import { checkRecord, checkText, frameworkIds, normalise } from "./engine.js";
import { copyText, downloadText, ensureStylesheet, h, listWords, uid } from "./dom.js";
import { noteSelfCheck } from "./progress.js";

const DEBOUNCE_MS = 300;
// While typing, only this much is checked so each keystroke answers quickly; the Check
// button checks up to FULL_LIMIT. Both are stated to the user when they apply.
export const LIVE_LIMIT = 20000;
export const FULL_LIMIT = 200000;
// Pasting a long list makes many items; the page shows the first ones, and says so.
export const ITEMS_SHOWN = 50;


/**
 * The words a checker uses: its pack's `display` block, or for "all" the book's whole-record
 * words (widgets/book.yml) with {sections} and {names} filled in from the packs. Null when
 * the data is missing.
 */
export function wordingFor(framework, packs, book) {
  if (framework !== "all") return packs[framework]?.display ?? null;
  const whole = book?.whole_record;
  const ids = frameworkIds(packs);
  if (!whole || !ids.length) return null;
  const sections = listWords(ids.filter((id) => packs[id].record_sections?.length)
    .map((id) => `\u201c${packs[id].record_sections[0]}:\u201d`), "or");
  const names = listWords(ids.map((id) => packs[id].display.short_name), "and");
  const fill = (t) => t.replaceAll("{sections}", sections).replaceAll("{names}", names);
  return Object.fromEntries(Object.entries(whole).map(([k, v]) => [k, fill(v)]));
}

/** Cut at most `limit` UTF-16 units without splitting a surrogate pair. */
export function clip(text, limit) {
  if (text.length <= limit) return text;
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** The per-framework reports inside whatever the engine returned, in display order. */
export function frameworkReports(report) {
  if (!report) return [];
  if (Array.isArray(report.criteria)) return [report];
  const inner = report.reports ?? report;
  const list = Array.isArray(inner) ? inner : Object.values(inner);
  return list.filter((r) => r && Array.isArray(r.criteria));
}

/** {met, total} over all frameworks of a report. */
export function totals(report) {
  let met = 0;
  let total = 0;
  for (const r of frameworkReports(report)) {
    met += r.criteria.filter((c) => c.met).length;
    total += r.criteria.length;
  }
  return { met, total };
}

function isEmpty(report) {
  const parts = frameworkReports(report);
  return parts.length === 0 || parts.every((r) => r.empty);
}

/** Union of [start, end) spans, sorted, clipped to the text. */
export function mergeSpans(spans, length) {
  const sorted = spans
    .map(([s, e]) => [Math.max(0, s), Math.min(length, e)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * The text with evidence wrapped in <mark> and weakening words (vague verbs, jargon) in
 * <span class="casecheck-weak">, as DOM nodes (never markup). The two differ by more than
 * colour: evidence has a solid underline, weak wording a wavy one.
 */
export function highlighted(text, spans, weakSpans = []) {
  const frag = document.createDocumentFragment();
  const ev = mergeSpans(spans, text.length);
  const weak = mergeSpans(weakSpans, text.length);
  const cuts = [...new Set([0, text.length, ...ev.flat(), ...weak.flat()])].sort((a, b) => a - b);
  // Both span lists are sorted and disjoint, so one pointer each walks them with the cuts.
  let i = 0;
  let j = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [a, b] = [cuts[k], cuts[k + 1]];
    while (i < ev.length && ev[i][1] <= a) i++;
    while (j < weak.length && weak[j][1] <= a) j++;
    let node = document.createTextNode(text.slice(a, b));
    if (j < weak.length && weak[j][0] <= a) {
      const span = document.createElement("span");
      span.className = "casecheck-weak";
      span.append(node);
      node = span;
    }
    if (i < ev.length && ev[i][0] <= a) {
      const mark = document.createElement("mark");
      mark.append(node);
      node = mark;
    }
    frag.append(node);
  }
  return frag;
}

function shorten(text, n = 70) {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function frameworkTitle(r) {
  const title = r.title || r.framework;
  return r.section ? `${title} (the \u201c${r.section}\u201d section)` : title;
}

/** Titles of the criteria not found, for the announcement and the reflection. */
function notFound(r) {
  return r.criteria.filter((c) => !c.met).map((c) => c.title);
}

/** The guard's data, for a page or a test that has it already (live widgets use the trait). */
export function useGuard(data) {
  setGuard(data);
}

/** The guard's part of the polite summary ('' when it found nothing). */
export function guardSummary(found) {
  if (!found?.length) return "";
  return `Possible identifiers: ${describeCounts(countByType(found))}.`;
}

/**
 * The plain-text reflection used by "Copy my reflection" and "Download as text". `found` is
 * what the anonymisation guard found in the text: if anything, a warning heads the file,
 * because the quotes in it come from the text.
 */
export function reportText(report, { checkedChars = 0, totalChars = 0, found = [] } = {}) {
  const lines = [];
  const parts = frameworkReports(report);
  const { met, total } = totals(report);
  if (found.length) {
    lines.push(`Warning: ${warningText(found)} The quotes below come from the text and may include them.`);
    lines.push("");
  }
  lines.push("Case-record self-check: my reflection");
  lines.push("");
  lines.push(
    "The checker looks for words in the text. It is a prompt for reflection, not a verdict " +
      "on practice. My own text is not included in this file, except for the words quoted " +
      "from it as evidence or to name each item.",
  );
  if (checkedChars < totalChars) {
    lines.push(`Only the first ${checkedChars.toLocaleString("en-GB")} of ` +
      `${totalChars.toLocaleString("en-GB")} characters were checked.`);
  }
  lines.push("");
  if (parts.length > 1) lines.push(`Overall: ${met} of ${total} found.`, "");
  for (const r of parts) {
    const t = totals(r);
    lines.push(`== ${frameworkTitle(r)}: ${t.met} of ${t.total} found ==`, "");
    const missing = notFound(r);
    if (missing.length) lines.push(`Not found: ${missing.join(", ")}.`, "");
    for (const c of r.criteria) {
      lines.push(`[${c.met ? "Found" : "Not found"}] ${c.title}`);
      if (c.prompt) lines.push(`  ${c.met ? "" : "Prompt: "}${c.prompt}`);
      if (c.evidence?.length) {
        const label = c.evidence_from === "scorer" ? "Words that weighed most" : "Evidence";
        lines.push(`  ${label}: ${c.evidence.map((e) => `"${e}"`).join(", ")}`);
      }
      if (!c.met && c.partial?.length) {
        lines.push(`  Partial evidence (not enough on its own): ${c.partial.map((e) => `"${e}"`).join(", ")}`);
      }
      for (const concern of c.concerns ?? []) lines.push(`  Watch out: ${concern}`);
      if (c.question) lines.push(`  Ask yourself: ${c.question}`);
      if (!c.met && c.better_wording) lines.push(`  Better wording, for example: ${c.better_wording}`);
      lines.push("");
    }
    if ((r.items?.length ?? 0) > 1) {
      lines.push("Item by item:");
      if (r.items.length > ITEMS_SHOWN) {
        lines.push(`  (the first ${ITEMS_SHOWN} of ${r.items.length.toLocaleString("en-GB")} items)`);
      }
      r.items.slice(0, ITEMS_SHOWN).forEach((item, i) => {
        const it = item.summary ?? totals({ criteria: item.criteria });
        const missing = item.criteria.filter((c) => !c.met).map((c) => c.title);
        lines.push(
          `  Item ${i + 1} ("${shorten(item.text, 50)}"): ${it.met} of ${it.total} found.` +
            (missing.length ? ` Not found: ${missing.join(", ")}.` : ""),
        );
      });
      lines.push("");
    }
  }
  lines.push("My notes for supervision:", "", "");
  return lines.join("\n");
}

class CaseCheckView {
  constructor(model, el) {
    this.model = model;
    this.el = el;
    this.timer = 0;
    this.report = null;
    this.found = [];
    this.checked = { chars: 0, total: 0 };
    // Live in a notebook the guard's data comes with the widget; on the static site it is
    // fetched the first time there is text to check (guardFind).
    const guardData = model.get("guard");
    if (guardData && guardData.kinds) setGuard(guardData);
    this.onModelText = () => {
      const text = this.model.get("text") ?? "";
      if (text !== this.input.value) {
        this.input.value = text;
        this.run(LIVE_LIMIT);
      }
    };
    this.onModelSetup = () => this.build();
    this.build();
    model.on("change:text", this.onModelText);
    model.on("change:framework", this.onModelSetup);
    model.on("change:packs", this.onModelSetup);
  }

  destroy() {
    clearTimeout(this.timer);
    this.model.off("change:text", this.onModelText);
    this.model.off("change:framework", this.onModelSetup);
    this.model.off("change:packs", this.onModelSetup);
  }

  build() {
    clearTimeout(this.timer);
    const packs = this.model.get("packs") ?? {};
    const framework = this.model.get("framework") ?? frameworkIds(packs)[0];
    this.framework = framework;
    this.packs = packs;
    const words = wordingFor(framework, packs, this.model.get("book"));
    this.words = words;
    if (!words) {
      // Fail visibly: a checker without its criteria must not look as if it worked.
      this.el.replaceChildren(
        h("p", { class: "casecheck-error", role: "alert",
          text: `This checker could not start: no criteria for "${framework}".` }),
      );
      return;
    }
    const id = uid("casecheck");
    const root = h("section", { class: "casecheck", "data-casecheck": framework,
      "aria-labelledby": `${id}-title` });
    root.append(h("h3", { id: `${id}-title`, class: "casecheck-title", text: words.heading }));
    root.append(h("p", { class: "casecheck-intro", text: words.intro }));

    const label = h("label", { for: `${id}-input`, class: "casecheck-label", text: words.label });
    const hint = h("p", { id: `${id}-hint`, class: "casecheck-hint",
      text: "Your text stays in your browser: it is not sent anywhere or saved. " +
        "Even so, use made-up or anonymised text, never real names." });
    const input = h("textarea", {
      id: `${id}-input`, class: "casecheck-input", rows: "8", "data-casecheck-input": "",
      "aria-describedby": `${id}-hint ${id}-notice`,
      // No spell-check service, no form autofill or restore: the text goes nowhere.
      spellcheck: "false", autocomplete: "off", autocorrect: "off", autocapitalize: "off",
    });
    input.value = this.model.get("text") ?? "";
    const later = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.run(LIVE_LIMIT), DEBOUNCE_MS);
    };
    input.addEventListener("input", later);
    this.input = input;
    const notice = h("p", { id: `${id}-notice`, class: "casecheck-notice" });
    notice.hidden = true;
    this.notice = notice;

    // Names for the guard to look for. Only read from this input, never put in the model.
    const namesLabel = h("label", { for: `${id}-names`, class: "casecheck-label",
      text: "Names to look for (comma-separated)" });
    const namesHint = h("p", { id: `${id}-names-hint`, class: "casecheck-hint",
      text: "Optional. The checker looks for names anyway; add any it might miss, such as nicknames. " +
        "They are not saved." });
    const names = h("input", { type: "text", id: `${id}-names`, class: "casecheck-input casecheck-names",
      "data-casecheck-names": "", "aria-describedby": `${id}-names-hint`,
      spellcheck: "false", autocomplete: "off", autocorrect: "off", autocapitalize: "off" });
    names.addEventListener("input", later);
    this.namesInput = names;

    const button = (text, onClick, extra = "") => {
      const b = h("button", { type: "button", class: `casecheck-button ${extra}`.trim(), text });
      b.addEventListener("click", onClick);
      return b;
    };
    const actions = h("div", { class: "casecheck-actions" },
      button("Check", () => { clearTimeout(this.timer); this.run(FULL_LIMIT); }, "casecheck-primary"),
      button("Copy my reflection", () => this.copy()),
      button("Download as text", () => this.download()),
      button("Clear", () => this.clear()));
    actions.children[0].setAttribute("data-casecheck-action", "check");
    actions.children[1].setAttribute("data-casecheck-action", "copy");
    actions.children[2].setAttribute("data-casecheck-action", "download");
    actions.children[3].setAttribute("data-casecheck-action", "clear");

    // Two polite live regions: one for the summary, one for what the buttons did. Only these
    // short sentences are announced, never the whole results.
    this.status = h("p", { class: "casecheck-status", role: "status", "aria-live": "polite",
      "data-casecheck-status": "" });
    this.actionStatus = h("p", { class: "casecheck-action-status", role: "status",
      "aria-live": "polite" });
    // The guard's warning: a visible box, not an alert (it would interrupt every pause in
    // typing); the polite summary above mentions it in a few words. Built once and updated,
    // so focus on its button survives a re-check.
    const guardId = uid("casecheck-guard");
    this.guardText = h("p", { class: "casecheck-guard-text", "data-casecheck-guard-text": "" });
    this.guard = h("div", { class: "casecheck-guard", "data-casecheck-guard": "",
      role: "group", "aria-labelledby": `${guardId}-title` },
    h("h4", { id: `${guardId}-title`, class: "casecheck-guard-title" },
      h("span", { class: "casecheck-guard-icon", "aria-hidden": "true", text: "⚠" }),
      "Warning: possible identifiers"),
    this.guardText,
    h("p", { class: "casecheck-guard-help", text: "The checker has not changed your text. " +
      "\u201cRedact and copy\u201d copies it with each of these replaced by a label, such as " +
      "[NHS number], and each person by a numbered name, such as [Name 1]. The guard can miss " +
      "things, so read the text yourself as well." }),
    button("Redact and copy", () => this.redactAndCopy(), "casecheck-redact"));
    this.guard.lastElementChild.setAttribute("data-casecheck-action", "redact");
    // After "Redact and copy": who each numbered name stands for, on this page only.
    this.guardKey = h("div", { class: "casecheck-guard-key", "data-casecheck-key": "" });
    this.guardKey.hidden = true;
    this.guard.append(this.guardKey);
    this.guard.hidden = true;
    // Shown only if the clipboard cannot be written to: the text, selected, to copy by hand.
    this.fallback = h("div", { class: "casecheck-fallback" });
    this.fallback.hidden = true;
    this.results = h("div", { class: "casecheck-results", "data-casecheck-results": "" });

    root.append(label, hint, input, notice, namesLabel, namesHint, names, actions, this.status,
      this.actionStatus, this.guard, this.fallback, this.results);
    this.el.replaceChildren(root);
    this.run(LIVE_LIMIT, { announce: false });
  }

  /** The learned weights to hand the engine: the kernel's (live) or the book's (static). */
  models() {
    return this.model.get("weights") ?? {};
  }

  check(text) {
    const models = this.models();
    if (this.framework !== "all") {
      return checkText(this.packs[this.framework], text, models[this.framework] ?? null);
    }
    return { reports: checkRecord(this.packs, text, models) };
  }

  /** Check the box's text (up to `limit` characters) and show the results. */
  run(limit, { announce = true } = {}) {
    const raw = this.input.value;
    const text = clip(raw, limit);
    const report = this.check(text);
    this.report = report;
    if (!this.noted && !isEmpty(report)) this.noted = noteSelfCheck(this.words.heading);
    this.checked = { chars: text.length, total: raw.length };
    this.showNotice(text.length, raw.length, limit);
    this.renderResults(report, normalise(text));
    // The guard reads the raw text as typed (its indices are into that, not into the engine's
    // normalised text), as far as the engine read it: that keeps typing quick in very long
    // text, and it is exactly the part the reflection can quote. The notice says how far
    // that is; "Redact and copy" always reads the whole text.
    this.found = this.guardFind(text, () => {
      // The guard's word lists arrived: check this text again, saying only what it found.
      this.found = findIdentifiers(text, this.namesInput.value);
      this.renderGuard(this.found);
      const said = guardSummary(this.found);
      if (said) this.status.textContent = this.summary(this.report);
    });
    this.renderGuard(this.found);
    if (announce) this.status.textContent = this.summary(report);
    this.model.set("text", raw);
    this.model.set("report", report);
    this.model.save_changes();
  }

  /**
   * The guard's findings, if its data is here; otherwise none yet, the data is fetched (the
   * first time there is text), and `then` runs when it arrives. Reading never fetches it.
   */
  guardFind(text, then) {
    if (guardReady()) return findIdentifiers(text, this.namesInput.value);
    if (text.trim()) loadGuard().then(() => { if (this.input.isConnected) then(); }, () => {});
    return [];
  }

  summary(report) {
    if (isEmpty(report)) return "Nothing to check yet.";
    const { met, total } = totals(report);
    const parts = frameworkReports(report);
    let s;
    if (parts.length > 1) {
      s = `${met} of ${total} found in all. ` + parts.map((r) => {
        const missing = notFound(r);
        return `${frameworkTitle(r)}: ${totals(r).met} of ${r.criteria.length}` +
          (missing.length ? `, not found: ${missing.join(", ")}` : "");
      }).join(". ") + ".";
    } else {
      const missing = notFound(parts[0]);
      s = `${met} of ${total} found.` + (missing.length ? ` Not found: ${missing.join(", ")}.` : "");
    }
    const items = parts.find((r) => (r.items?.length ?? 0) > 1);
    if (items) s += ` ${items.items.length.toLocaleString("en-GB")} items also checked one by one, as advice.`;
    if (this.checked.chars < this.checked.total) {
      s += ` Only the first ${this.checked.chars.toLocaleString("en-GB")} characters were checked.`;
    }
    const guard = guardSummary(this.found);
    return guard ? `${s} ${guard}` : s;
  }

  renderGuard(found) {
    this.guardText.textContent = warningText(found);
    this.guard.hidden = found.length === 0;
    this.guardKey.hidden = true; // the text may have changed since the last redacted copy
  }

  showNotice(checked, total, limit) {
    const n = (x) => x.toLocaleString("en-GB");
    if (total <= LIVE_LIMIT) {
      this.notice.hidden = true;
      this.notice.textContent = "";
      return;
    }
    this.notice.hidden = false;
    if (checked < total && limit === LIVE_LIMIT) {
      this.notice.textContent =
        `Your text is long (${n(total)} characters). While you type, the checker reads only ` +
        `the first ${n(LIVE_LIMIT)} characters. Press Check to check up to ${n(FULL_LIMIT)}.`;
    } else if (checked < total) {
      this.notice.textContent =
        `Your text is long (${n(total)} characters). The checker read the first ${n(checked)} ` +
        "characters. Check a shorter part at a time to see the rest.";
    } else {
      this.notice.textContent = `The checker read all ${n(total)} characters.`;
    }
  }

  renderResults(report, text) {
    const words = this.words;
    if (isEmpty(report)) {
      this.results.replaceChildren(h("p", { class: "casecheck-empty", "data-casecheck-empty": "",
        text: words.empty }));
      return;
    }
    const parts = frameworkReports(report);
    const out = [];
    out.push(h("p", { class: "casecheck-summary", text: "The checker looks for words. Use what " +
      "it finds as a prompt for reflection, not as a verdict on your practice." }));
    const single = parts.length === 1;
    for (const r of parts) {
      const section = h("div", { class: "casecheck-framework", "data-framework": r.framework });
      const t = totals(r);
      section.append(h("h4", { class: "casecheck-framework-title",
        text: single ? `What the checker found: ${t.met} of ${t.total}` :
          `${frameworkTitle(r)}: ${t.met} of ${t.total} found` }));
      section.append(this.renderGlance(r));
      const details = h("details", { class: "casecheck-details", "data-casecheck-details": "" },
        h("summary", { text: `What each criterion means here, with evidence and prompts` }));
      const list = h("ul", { class: "casecheck-criteria" });
      for (const c of r.criteria) list.append(this.renderCriterion(c));
      details.append(list);
      if ((r.items?.length ?? 0) > 1) details.append(this.renderItems(r));
      section.append(details);
      out.push(section);
    }
    const spans = parts.flatMap((r) => r.criteria.flatMap((c) => c.spans ?? []));
    const weak = parts.flatMap((r) => r.criteria.flatMap((c) => c.concern_spans ?? []));
    out.push(h("h4", { class: "casecheck-copy-title", text: "Your text, with the evidence highlighted" }));
    out.push(h("p", { class: "casecheck-legend" },
      h("mark", { text: "Evidence" }), " has a solid underline. ",
      h("span", { class: "casecheck-weak", text: "Words that weaken a record" }),
      " (vague verbs, jargon) have a wavy underline."));
    // It scrolls when long, so it takes focus (keyboard users can scroll it) and has a name.
    const copy = h("div", { class: "casecheck-highlight", "data-casecheck-highlight": "",
      tabindex: "0", role: "region", "aria-label": "Your text, with the evidence highlighted" });
    copy.append(highlighted(text, spans, weak));
    out.push(copy);
    this.results.replaceChildren(...out);
  }

  /** One row of ticks and crosses: every criterion at a glance. */
  renderGlance(r) {
    const row = h("ul", { class: "casecheck-glance", "data-casecheck-glance": "",
      "aria-label": `${frameworkTitle(r)} at a glance` });
    for (const c of r.criteria) {
      row.append(h("li", { class: c.met ? "is-met" : "is-not-met", "data-glance": c.id,
        "data-met": String(Boolean(c.met)) },
      h("span", { class: "casecheck-icon", "aria-hidden": "true", text: c.met ? "✓" : "✗" }),
      h("span", { class: "casecheck-glance-text", text: `${c.met ? "Found" : "Not found"}: ` }),
      c.title));
    }
    return row;
  }

  renderItems(r) {
    const box = h("div", { class: "casecheck-items", "data-casecheck-items": "" });
    box.append(h("h5", { text: `Item by item (${r.items.length} items), as advice` }));
    box.append(h("p", { class: "casecheck-hint", text: "The plan is judged as a whole: an " +
      "outcome line gives the reason for the actions beneath it, and a date or measure anywhere " +
      "counts for the whole plan. This list says what each line lacks on its own." }));
    if (r.items.length > ITEMS_SHOWN) {
      box.append(h("p", { class: "casecheck-notice",
        text: `Showing the first ${ITEMS_SHOWN} of ${r.items.length.toLocaleString("en-GB")} items.` }));
    }
    const list = h("ol", { class: "casecheck-item-list" });
    r.items.slice(0, ITEMS_SHOWN).forEach((item) => {
      const lacks = item.criteria.filter((c) => !c.met).map((c) => c.title);
      const li = h("li", { class: "casecheck-item", "data-casecheck-item": "" });
      li.append(h("p", { class: "casecheck-item-text" }, h("q", { text: shorten(item.text) }),
        lacks.length ? ` On its own, this line has no sign of: ${lacks.join(", ")}.` :
          " This line shows every criterion on its own."));
      const crits = h("ul", { class: "casecheck-item-criteria" });
      for (const c of item.criteria) {
        crits.append(h("li", { "data-item-criterion": c.id, "data-met": String(Boolean(c.met)),
          class: c.met ? "is-met" : "is-not-met" },
        h("span", { class: "casecheck-icon", "aria-hidden": "true", text: c.met ? "✓" : "✗" }),
        ` ${c.met ? "In this line" : "Not in this line"}: ${c.title}`));
      }
      li.append(crits);
      list.append(li);
    });
    box.append(list);
    return box;
  }

  renderCriterion(c) {
    const li = h("li", { class: `casecheck-criterion ${c.met ? "is-met" : "is-not-met"}`,
      "data-criterion": c.id, "data-met": String(Boolean(c.met)) });
    li.append(h("h5", { class: "casecheck-criterion-title" },
      h("span", { class: "casecheck-icon", "aria-hidden": "true", text: c.met ? "✓" : "✗" }),
      h("span", { class: "casecheck-state", text: c.met ? "Found: " : "Not found: " }),
      c.title));
    if (c.prompt) li.append(h("p", { class: "casecheck-prompt", text: c.prompt }));
    if (c.met && c.evidence?.length) {
      const learned = c.evidence_from === "scorer";
      li.append(h("p", { class: "casecheck-label-small", text: learned ?
        "Words that weighed most (the checker's learned part found this, not a fixed rule):" :
        "Words taken as evidence:" }));
      const ev = h("ul", { class: "casecheck-evidence" });
      for (const e of c.evidence) ev.append(h("li", {}, h("mark", { text: e })));
      li.append(ev);
    }
    if (!c.met && c.partial?.length) {
      li.append(h("p", { class: "casecheck-label-small",
        text: "Partial evidence (not enough on its own to count):" }));
      const ev = h("ul", { class: "casecheck-partial" });
      for (const e of c.partial) ev.append(h("li", { text: `\u201c${e}\u201d` }));
      li.append(ev);
    }
    if (c.concerns?.length) {
      li.append(h("p", { class: "casecheck-label-small", text: "Watch out:" }));
      const cl = h("ul", { class: "casecheck-concerns" });
      for (const x of c.concerns) cl.append(h("li", { text: x }));
      li.append(cl);
    }
    if (c.question) {
      li.append(h("p", { class: "casecheck-question" }, h("strong", { text: "Ask yourself: " }), c.question));
    }
    if (!c.met && c.better_wording) {
      li.append(h("p", { class: "casecheck-better" },
        h("strong", { text: "Better wording, for example: " }), c.better_wording));
    }
    return li;
  }

  say(message) {
    // Clear first so the same message is announced again if the user repeats the action.
    this.actionStatus.textContent = "";
    setTimeout(() => { this.actionStatus.textContent = message; }, 50);
  }

  reflection() {
    if (!this.report || isEmpty(this.report)) return null;
    return reportText(this.report, { checkedChars: this.checked.chars, totalChars: this.checked.total,
      found: this.found });
  }

  async copy() {
    const text = this.reflection();
    if (text === null) {
      this.say("Nothing to copy yet: type or paste some text first.");
      return;
    }
    this.fallback.hidden = true;
    const done = "Your reflection has been copied. Paste it into your notes.";
    if (await copyText(text)) this.say(done);
    else {
      this.showFallback(text, { kind: "reflection", label: "Your reflection, ready to copy", done,
        manual: "Your reflection is selected in the box below. Press Control and C to copy it." });
    }
  }

  /** The whole text as it is now, with what the guard finds replaced by labels, copied. */
  async redactAndCopy() {
    // Found afresh: the user may have typed since the last check.
    const raw = this.input.value;
    if (!guardReady()) await loadGuard();
    const found = findIdentifiers(raw, this.namesInput.value);
    const text = redact(raw, found);
    this.showKey(found);
    const n = found.length;
    const done = (n === 1 ? "Redacted text copied: 1 possible identifier was replaced by a label." :
      `Redacted text copied: ${n} possible identifiers were replaced by labels.`) +
      " The text in the box is unchanged.";
    this.fallback.hidden = true;
    if (await copyText(text)) this.say(done);
    else {
      this.showFallback(text, { kind: "redacted", label: "Your redacted text, ready to copy", done,
        manual: "Your redacted text is selected in the box below. Press Control and C to copy it." });
    }
  }

  /** Who each numbered name in the redacted copy stands for: shown, never copied or kept. */
  showKey(found) {
    const rows = keyToPlaceholders(found);
    this.guardKey.hidden = rows.length === 0;
    this.guardKey.replaceChildren();
    if (!rows.length) return;
    this.guardKey.append(
      h("p", { class: "casecheck-guard-help", text:
        "Key to the numbered names, to help you read the copy. It is only on this page: it is not " +
        "in the copied text and is not saved." }),
      h("ul", {}, ...rows.map((r) => h("li", { text: `${r.placeholder}: ${r.texts.join(", ")}` }))));
  }

  /** No clipboard access: show the text selected, so the user can copy it by hand. */
  showFallback(text, { kind, label, done, manual }) {
    const id = uid(`casecheck-${kind}`);
    const area = h("textarea", { id, class: `casecheck-input casecheck-${kind}`, rows: "10",
      readonly: "", spellcheck: "false", autocomplete: "off" });
    area.value = text;
    this.fallback.replaceChildren(h("label", { for: id, class: "casecheck-label", text: label }), area);
    this.fallback.hidden = false;
    area.focus();
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    this.say(copied ? done : manual);
  }

  download() {
    const text = this.reflection();
    if (text === null) {
      this.say("Nothing to download yet: type or paste some text first.");
      return;
    }
    downloadText(`self-check-${this.framework}.txt`, text);
    this.say("Your reflection has been saved as a text file.");
  }

  clear() {
    clearTimeout(this.timer);
    this.input.value = "";
    this.fallback.replaceChildren();
    this.fallback.hidden = true;
    this.run(LIVE_LIMIT, { announce: false });
    this.status.textContent = "";
    this.say("Cleared. The box is empty.");
    this.input.focus();
  }
}

/**
 * Fetch the guard's data on the static site (a dynamic import: the live notebook's bundle must
 * not contain it, and live widgets have the data already, from the `guard` trait).
 */
async function loadGuard() {
  // Inside an async function, so that a module with no folder of its own (a live widget's
  // blob: URL, which has its data as a trait instead) gets a rejected promise, not a throw.
  const m = await import(new URL("./guardload.js", import.meta.url).href);
  return m.loadGuard();
}

/** Static pages: the full initial state, with the packs from the book's generated packs.js. */
export async function staticState(props = {}) {
  ensureStylesheet(new URL("./casecheck.css", import.meta.url).href);
  // A one-framework checker loads only its own pack (packs/<id>.js); a whole record, them all.
  const one = typeof props.framework === "string" && props.framework !== "all" &&
    /^[a-z][a-z0-9_]*$/.test(props.framework);
  const url = new URL(one ? `./packs/${props.framework}.js` : "./packs.js", import.meta.url).href;
  const { default: packs, book, learned } = await import(url);
  const framework = typeof props.framework === "string" ? props.framework : frameworkIds(packs)[0];
  const text = typeof props.text === "string" ? props.text : "";
  // Only the learned weights this checker uses, loaded with the page (never while typing).
  // (A dynamic import: the live notebook's bundle of this module must not contain it.)
  const { loadWeights } = await import(new URL("./weights.js", import.meta.url).href);
  const weights = await loadWeights(framework === "all" ? frameworkIds(packs) : [framework], learned);
  return { framework, packs, book, text, report: null, weights };
}


export default {
  render({ model, el }) {
    const view = new CaseCheckView(model, el);
    return () => view.destroy();
  },
};
