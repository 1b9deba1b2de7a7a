// Team audit in the browser: a team lead chooses a CSV export of anonymised records, and
// the page checks every record with the self-check engine and shows how often each
// criterion is met. widgets/audit.py is the same audit for notebooks (pandas); the shared
// rules are written out there, and tests prove both give the same numbers on the sample.
// This module reads the file, checks the records and runs the page; the figures (rates, the
// breakdown by team or worker) are in ./auditrates.js, the tables and charts in ./auditcharts.js.
//
// Privacy: the file is read with File.arrayBuffer() on the reader's own computer. Nothing
// is fetched, sent or stored while it is read or checked (no localStorage, cookies or
// IndexedDB); the results live in this page's memory until it is closed or reloaded.
// Safety: every piece of text from the file reaches the page through textContent.

import { checkText, frameworkIds } from "./engine.js";
import {
  countByType, describeCounts, findIdentifiers, guardReady, LABELS, parseNames, redact,
} from "./anonymise.js";
import { loadGuard } from "./guardload.js";
import { breakdownChart, breakdownTable, ratesChart, ratesTable } from "./auditcharts.js";
import { computeBreakdown, computeRates, criteriaOf, groupName, percent, weakest } from "./auditrates.js";
import {
  AuditInputError, decodeBytes, decodeWindows1252, frameworkAliases, frameworkOf, headerAliases, mapColumns,
  missingColumnsMessage, otherColumns, parseCsv, readRecords, skippedMessage,
} from "./auditread.js";
import { downloadText, ensureStylesheet, h, listWords, uid } from "./dom.js";
import { loadWeights } from "./weights.js";

export { computeBreakdown, computeRates, groupName, percent, weakest };
export {
  AuditInputError, decodeBytes, decodeWindows1252, frameworkAliases, frameworkOf, headerAliases, mapColumns,
  missingColumnsMessage, otherColumns, parseCsv, readRecords, skippedMessage,
};

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** Larger files are refused, with this limit stated on the page. */
export const MAX_BYTES = 10 * 1024 * 1024;
// The page yields to the browser at least every YIELD_MS of work (or every CHUNK records), so
// it keeps answering the reader and the progress bar moves while a big file is checked.
const YIELD_MS = 40;
const CHUNK = 500;

// ------------------------------------------------------------------ the audit

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Check every record with its framework's pack, and look for identifiers in each. Yields to
 * the browser every YIELD_MS (or `chunk` records) and reports progress as (done, total).
 */
export async function auditRecords(
  records, packs, { names = [], onProgress = null, chunk = CHUNK, models = {} } = {},
) {
  if (!guardReady()) await loadGuard(); // the guard's word lists, fetched once from this site
  const nameList = parseNames(names);
  const results = [];
  const identifiers = [];
  let lastYield = performance.now();
  for (let i = 0; i < records.length; i += 1) {
    const rec = records[i];
    const report = checkText(packs[rec.framework], rec.text, models[rec.framework] ?? null);
    const criteria = {};
    for (const c of report.criteria) criteria[c.id] = c.met;
    results.push({
      row: rec.row, ref: rec.ref, framework: rec.framework,
      met: report.summary.met, total: report.summary.total,
      identifiers: identify(rec, nameList, identifiers), criteria,
    });
    if (i + 1 < records.length && ((i + 1) % chunk === 0 || performance.now() - lastYield > YIELD_MS)) {
      onProgress?.(i + 1, records.length);
      await nextTask();
      lastYield = performance.now();
    }
  }
  onProgress?.(records.length, records.length);
  return { results, identifiers, names: nameList };
}

/** The identifiers in one record, added to `identifiers` by kind; returns how many. */
function identify(rec, nameList, identifiers) {
  const found = findIdentifiers(rec.text, nameList);
  for (const [type, count] of Object.entries(countByType(found))) {
    identifiers.push({ row: rec.row, ref: rec.ref, type, label: LABELS[type], count });
  }
  return found.length;
}

/**
 * The audit again with another names list: the guard looks through every record once more
 * (the criteria are not checked again). The same as auditRecords with these names.
 */
export function rescanIdentifiers(audit, records, names) {
  const nameList = parseNames(names);
  const identifiers = [];
  const results = audit.results.map((r, i) => ({ ...r, identifiers: identify(records[i], nameList, identifiers) }));
  return { results, identifiers, names: nameList };
}

/** "4 possible identifiers in 3 records", or "" when there are none. */
export function identifierCount(identifiers) {
  const total = identifiers.reduce((s, f) => s + f.count, 0);
  const records = new Set(identifiers.map((f) => f.row)).size;
  return total
    ? `${plural(total, "possible identifier", "possible identifiers")} in ${plural(records, "record", "records")}`
    : "";
}

export function identifierWarning(identifiers) {
  if (!identifiers.length) return "";
  const totals = {};
  for (const kind of Object.keys(LABELS)) {
    const n = identifiers.filter((f) => f.type === kind).reduce((s, f) => s + f.count, 0);
    if (n) totals[kind] = n;
  }
  const refs = new Map(identifiers.map((f) => [f.row, f.ref]));
  const rows = [...refs.keys()].sort((a, b) => a - b);
  const shown =
    rows.slice(0, 20).map((r) => (refs.get(r) ? `row ${r}: ${refs.get(r)}` : `row ${r}`)).join("; ") +
    (rows.length > 20 ? " and more" : "");
  return (
    `Possible identifiers found: ${describeCounts(totals)} in ${plural(rows.length, "record", "records")} ` +
    `(${shown}). Anonymise these records before you share them or these results.`
  );
}

// ------------------------------------------------------------------ export

const FORMULA_START = ["=", "+", "-", "@", "\t", "\r"];

function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.some((ch) => text.startsWith(ch))) text = `'${text}`;
  if (/[,"\r\n]/.test(text)) text = `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** CSV with CRLF line ends, quoting only where needed (widgets/audit.py writes the same). */
export function toCsvText(rows) {
  return rows.map((row) => row.map(csvCell).join(",") + "\r\n").join("");
}

export function recordsCsv(audit, packs) {
  const ids = criteriaOf(packs).map(([, c]) => c.id);
  const rows = [["ref", "row", "framework", "criteria_met", "criteria_checked", "possible_identifiers", ...ids]];
  for (const r of audit.results) {
    const flags = ids.map((id) => (id in r.criteria ? (r.criteria[id] ? "yes" : "no") : ""));
    rows.push([r.ref, r.row, r.framework, r.met, r.total, r.identifiers, ...flags]);
  }
  return toCsvText(rows);
}

/**
 * One row per criterion. With a breakdown ({by, total, groups, rows}), the first two columns
 * name the group (headed by the file's column, such as "team") and its number of records:
 * first the rows for all records, then one row per group and criterion.
 */
export function ratesCsv(rates, breakdown = null, book = null) {
  const fields = (r) => [r.framework, r.criterion, r.title, r.records, r.met, r.percent];
  const head = ["framework", "criterion", "title", "records", "met", "percent"];
  if (!breakdown) return toCsvText([head, ...rates.map(fields)]);
  const everyone = book.team_audit.breakdown.all;
  return toCsvText([
    [breakdown.by, "group_records", ...head],
    ...rates.map((r) => [everyone, breakdown.total, ...fields(r)]),
    ...breakdown.rows.map((r) => [r.group, r.groupRecords, ...fields(r)]),
  ]);
}

/** The breakdown of an audit by one of the file's other columns (its index in otherColumns). */
export function breakdownBy(input, audit, rates, column, packs, book) {
  const groups = input.records.map((rec) => groupName(rec.others[column], book));
  return {
    by: input.otherColumns[column], total: input.records.length,
    ...computeBreakdown(audit.results, groups, rates, packs, book),
  };
}

/** The export again, with every likely identifier in the text column replaced. */
export function redactedCsv(rows, names, book) {
  const cols = mapColumns(rows[0], book);
  const nameList = parseNames(names);
  const out = rows.map((row, k) =>
    k === 0 || cols.text >= row.length
      ? row
      : row.map((cell, i) => (i === cols.text ? redact(cell, findIdentifiers(cell, nameList)) : cell)),
  );
  // The same cells as every other CSV the book writes: a formula is neutralised.
  return toCsvText(out);
}

// ------------------------------------------------------------------ the page

/** A CSV file made in the page; the byte order mark lets Excel read it as UTF-8. */
const downloadCsv = (name, text) => downloadText(name, `\ufeff${text}`, "text/csv;charset=utf-8");


function megabytes(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}


// After the last key press in the names box, the guard looks again once typing pauses.
const NAMES_DELAY_MS = 400;

class AuditView {
  constructor(model, el) {
    this.model = model;
    this.el = el;
    this.packs = model.get("packs");
    this.book = model.get("book");
    this.words = this.book.team_audit.breakdown;
    this.run = 0;
    this.current = null; // the file on show: {fileName, input, audit, rows, rates, breakdown}
    this.namesTimer = null;
    this.build();
  }

  build() {
    const ids = { heading: uid("audit-h"), file: uid("audit-file"), fileHint: uid("audit-fh"),
      names: uid("audit-names"), namesHint: uid("audit-nh"), progress: uid("audit-p"),
      by: uid("audit-by"), byHint: uid("audit-bh") };
    this.ids = ids;
    this.fileInput = h("input", { type: "file", id: ids.file, accept: ".csv,text/csv", "aria-describedby": ids.fileHint });
    this.namesInput = h("input", {
      type: "text", id: ids.names, "aria-describedby": ids.namesHint, autocomplete: "off", spellcheck: "false",
    });
    this.bySelect = h("select", { id: ids.by, "aria-describedby": ids.byHint, disabled: true },
      h("option", { value: "", text: this.words.none }));
    this.byHint = h("p", { id: ids.byHint, class: "audit-hint", text: `${this.words.hint} ${this.words.hint_no_file}` });
    this.alert = h("div", { class: "audit-alert", role: "alert" });
    this.status = h("p", { class: "audit-status", role: "status" });
    this.progress = h("progress", { id: ids.progress, max: "100", value: "0" });
    this.progressText = h("span", { class: "audit-progress-text" });
    this.progressBox = h("div", { class: "audit-progress" },
      h("label", { for: ids.progress, text: "Records checked so far" }), " ", this.progress, " ", this.progressText);
    this.progressBox.hidden = true;
    this.results = h("div", { class: "audit-results" });
    this.results.hidden = true;

    const root = h("section", { class: "audit", "aria-labelledby": ids.heading, "data-audit": "" },
      h("h3", { id: ids.heading, text: "Audit a CSV export of your team's records" }),
      h("p", { class: "audit-privacy", text:
        "Your file is read by this page, on your own computer. It is not uploaded, sent or stored. " +
        "When you close or reload the page, the results are gone." }),
      h("div", { class: "audit-field" },
        h("label", { for: ids.names, text: "Names to look for (optional)" }),
        h("p", { id: ids.namesHint, class: "audit-hint", text:
          "The guard warns about names, addresses, schools, reference numbers, NHS numbers, dates, " +
          "postcodes, phone numbers and email addresses. It looks for names anyway; list any it might " +
          "miss, such as nicknames, separated by commas. You can change the list after choosing a " +
          "file: the guard looks again." }),
        this.namesInput),
      h("div", { class: "audit-field" },
        h("label", { for: ids.file, text: "Choose a CSV file" }),
        h("p", { id: ids.fileHint, class: "audit-hint", text:
          `Up to ${MAX_BYTES / (1024 * 1024)} MB. The first row must name three columns: ref (the record ` +
          `reference), framework (${listWords(frameworkIds(this.packs), "or")}, or a record type such as ` +
          `${listWords(frameworkIds(this.packs).map((fw) => this.packs[fw].kind), "or")}) and text.` }),
        this.fileInput),
      h("div", { class: "audit-field" },
        h("label", { for: ids.by, text: this.words.label }), this.byHint, this.bySelect),
      this.alert, this.progressBox, this.status, this.results);
    this.el.append(root);
    this.onChange = () => this.start();
    this.onNames = () => {
      clearTimeout(this.namesTimer);
      this.namesTimer = setTimeout(() => this.rescan(true), NAMES_DELAY_MS);
    };
    this.onBy = () => this.renderBreakdown(true);
    this.fileInput.addEventListener("change", this.onChange);
    this.namesInput.addEventListener("input", this.onNames);
    this.bySelect.addEventListener("change", this.onBy);
  }

  say(message) {
    this.status.textContent = message;
  }

  fail(message) {
    this.progressBox.hidden = true;
    this.alert.replaceChildren(h("p", { text: message }));
    this.say("");
  }

  /** The breakdown list: "no breakdown", then the file's other columns (none chosen for the reader). */
  listColumns(input) {
    const before = this.bySelect.selectedIndex > 0 ? this.bySelect.selectedOptions[0].textContent : null;
    const columns = input ? input.otherColumns : [];
    this.bySelect.replaceChildren(h("option", { value: "", text: this.words.none }),
      ...columns.map((name, i) => h("option", { value: String(i), text: name })));
    // The reader's own earlier choice stays if the new file has that column too.
    const kept = columns.indexOf(before);
    this.bySelect.value = kept === -1 ? "" : String(kept);
    this.bySelect.disabled = !columns.length;
    this.byHint.textContent = !input ? `${this.words.hint} ${this.words.hint_no_file}`
      : columns.length ? this.words.hint : this.words.hint_no_columns;
  }

  async start() {
    const file = this.fileInput.files?.[0];
    const run = ++this.run;
    this.alert.replaceChildren();
    this.results.hidden = true;
    this.results.replaceChildren();
    this.current = null;
    this.listColumns(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      this.fail(
        `This file is ${megabytes(file.size)}. The audit on this page takes files up to ` +
          `${MAX_BYTES / (1024 * 1024)} MB (tens of thousands of records). Split the export into ` +
          "smaller files, or use the notebook version of the audit.",
      );
      return;
    }
    try {
      this.say(`Reading ${file.name}\u2026`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (run !== this.run) return;
      const zip = bytes[0] === 0x50 && bytes[1] === 0x4b; // .xlsx files are zip archives
      if (zip || /\.xlsx?$/i.test(file.name)) {
        throw new AuditInputError(
          "This looks like an Excel workbook. In Excel, choose File, Save As, and the type " +
            "CSV UTF-8, then choose the CSV file here. (The notebook version reads Excel files.)",
        );
      }
      const { text, encoding } = decodeBytes(bytes);
      const rows = parseCsv(text);
      const input = readRecords(rows, encoding, this.packs, this.book);
      this.listColumns(input);
      this.progress.max = input.records.length;
      this.progress.value = 0;
      this.progressText.textContent = `0 of ${input.records.length}`;
      this.progressBox.hidden = false;
      this.say(`Checking ${plural(input.records.length, "record", "records")}\u2026`);
      const audit = await auditRecords(input.records, this.packs, {
        names: this.namesInput.value,
        models: this.model.get("weights") ?? {},
        onProgress: (done, total) => {
          if (run !== this.run) return;
          this.progress.value = done;
          this.progressText.textContent = `${done} of ${total}`;
        },
      });
      if (run !== this.run) return;
      this.progressBox.hidden = true;
      this.show(file.name, input, audit, rows);
    } catch (err) {
      if (err instanceof AuditInputError) this.fail(err.message);
      else {
        this.fail("Sorry, this file could not be read. Check that it is a CSV file and try again.");
        console.error("audit:", err);
      }
    }
  }

  /**
   * The guard looks through the records again if the names list has changed since it last
   * looked (typing may have gone on while the file was checked); `announce` says the new count.
   */
  rescan(announce) {
    clearTimeout(this.namesTimer);
    const cur = this.current;
    if (!cur) return;
    const names = parseNames(this.namesInput.value);
    if (JSON.stringify(names) === JSON.stringify(cur.audit.names)) return;
    cur.audit = rescanIdentifiers(cur.audit, cur.input.records, names);
    this.renderGuard();
    if (announce) {
      const count = identifierCount(cur.audit.identifiers);
      this.say(`The names list has changed. The guard now finds ${count || "no likely identifiers"}.` +
        (count ? " See the warning below." : ""));
    }
  }

  show(fileName, input, audit, rows) {
    const rates = computeRates(audit.results, this.packs);
    this.rates = rates;
    this.current = { fileName, input, audit, rows, rates, breakdown: null };
    const counts = frameworkIds(this.packs).map((fw) => [fw, audit.results.filter((r) => r.framework === fw).length])
      .filter(([, n]) => n)
      .map(([fw, n]) => plural(n, this.packs[fw].kind, this.packs[fw].kind_plural));
    const summary = `${plural(audit.results.length, "record", "records")} checked from ${fileName} ` +
      `(${input.encoding}): ${counts.join(", ")}.`;
    const parts = [h("h4", { text: "What was read" }), h("p", { class: "audit-summary", text: summary })];
    if (input.skipped) parts.push(h("p", { class: "audit-skipped", text: input.skipped }));

    this.guardBox = h("div", { class: "audit-guard" });
    this.breakdownBox = h("div", { class: "audit-breakdown", "data-audit-breakdown": "" });
    this.breakdownBox.hidden = true;
    parts.push(this.guardBox);

    parts.push(h("h4", { text: "How often each criterion was met" }),
      ratesTable(rates), ratesChart(rates), this.breakdownBox);
    const weak = weakest(rates, 3);
    parts.push(h("h4", { text: "The weakest criteria" }),
      h("ol", { class: "audit-weakest" }, ...weak.map((r) => h("li", { "data-criterion": r.criterion },
        h("strong", { text: `${r.frameworkTitle}: ${r.title}` }),
        ` \u2013 met in ${r.met} of ${r.records} records (${r.percent}%). A question to ask: ${r.question}`))));

    const dlRecords = h("button", { type: "button", text: "Download results as CSV" });
    dlRecords.addEventListener("click", () => {
      this.rescan(false);
      downloadCsv("audit-records.csv", recordsCsv(this.current.audit, this.packs));
      this.say("The results were made in this page and downloaded as audit-records.csv.");
    });
    const dlRates = h("button", { type: "button", text: "Download the rates as CSV" });
    dlRates.addEventListener("click", () => {
      downloadCsv("audit-rates.csv", ratesCsv(rates, this.current.breakdown, this.book));
      this.say("The rates were made in this page and downloaded as audit-rates.csv." +
        (this.current.breakdown ? ` They include the rates for each group, by ${this.current.breakdown.by}.` : ""));
    });
    parts.push(h("p", { class: "audit-hint", text:
      "The downloads hold record references and results, not the text of the records. With a " +
      "breakdown, the rates file also has a row for each group and criterion." }),
      h("div", { class: "audit-buttons" }, dlRecords, " ", dlRates));

    this.results.replaceChildren(...parts);
    // Names typed while the file was checked count too.
    this.current.audit = rescanIfChanged(audit, input.records, this.namesInput.value);
    this.renderGuard();
    this.renderBreakdown(false);
    this.results.hidden = false;
    const warned = this.current.audit.identifiers.length;
    this.say(`Done. ${summary}${warned ? " Warning: possible identifiers found; see below." : ""}`);
  }

  /** The identifier warning and the redacted copy, for the names list as it is now. */
  renderGuard() {
    const { audit } = this.current;
    const warning = identifierWarning(audit.identifiers);
    this.guardBox.replaceChildren();
    if (!warning) return;
    const redactButton = h("button", { type: "button", text: "Download a redacted copy of the file" });
    redactButton.addEventListener("click", () => {
      this.rescan(false); // a name typed just now counts, even before the pause
      const { fileName, rows } = this.current;
      downloadCsv(fileName.replace(/\.csv$/i, "") + "-redacted.csv",
        redactedCsv(rows, this.current.audit.names, this.book));
      this.say("A redacted copy of the file was made in this page and downloaded.");
    });
    this.guardBox.append(h("div", { class: "audit-warning", "data-audit-warning": "" },
      h("h4", { text: "Warning: possible identifiers" }),
      h("p", { text: warning }),
      h("p", { text:
        "The guard looks for likely identifiers only. It can miss some and flag things that are not. " +
        "The redacted copy replaces each one it finds with a label such as [NHS number], and each " +
        "person with a numbered name such as [Name 1], numbered afresh in each record." }),
      redactButton));
  }

  /** The table and chart for each group of the column the reader chose (none by default). */
  renderBreakdown(announce) {
    const cur = this.current;
    if (!cur) return;
    const choice = this.bySelect.value;
    this.breakdownBox.replaceChildren();
    this.breakdownBox.hidden = choice === "";
    if (choice === "") {
      cur.breakdown = null;
      if (announce) this.say("No breakdown: the results are for all the records together.");
      return;
    }
    const breakdown = breakdownBy(cur.input, cur.audit, cur.rates, Number(choice), this.packs, this.book);
    cur.breakdown = breakdown;
    this.breakdownBox.append(
      h("h4", { text: `How often each criterion was met, by ${breakdown.by}` }),
      h("p", { class: "audit-hint", text:
        `${plural(breakdown.groups.length, "group", "groups")}: ` +
        breakdown.groups.map((g) => `${g.group} (${plural(g.records, "record", "records")})`).join(", ") +
        ". The criteria are in the same order as above. A small group can swing a lot: one record " +
        "in a group of five is 20%." }),
      breakdownTable(breakdown, cur.rates), breakdownChart(breakdown, cur.rates));
    if (announce) {
      this.say(`The results are now shown for each group, by ${breakdown.by}: ` +
        `${plural(breakdown.groups.length, "group", "groups")}. See the table below the chart of all records.`);
    }
  }

  destroy() {
    clearTimeout(this.namesTimer);
    this.fileInput.removeEventListener("change", this.onChange);
    this.namesInput.removeEventListener("input", this.onNames);
    this.bySelect.removeEventListener("change", this.onBy);
  }
}

/** The audit as it stands if `names` give the same list; otherwise the guard looks again. */
function rescanIfChanged(audit, records, names) {
  const list = parseNames(names);
  return JSON.stringify(list) === JSON.stringify(audit.names) ? audit : rescanIdentifiers(audit, records, list);
}

/** Static pages: the packs from the book's generated packs.js. */
export async function staticState(props = {}) {
  ensureStylesheet(new URL("./audit.css", import.meta.url).href);
  const { default: packs, book, learned } = await import(new URL("./packs.js", import.meta.url).href);
  const weights = await loadWeights(Object.keys(packs), learned);
  return { ...props, packs, book, weights };
}


export default {
  render({ model, el }) {
    const view = new AuditView(model, el);
    return () => view.destroy();
  },
};
