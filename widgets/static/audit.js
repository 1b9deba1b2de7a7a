// Team audit in the browser: a team lead chooses a CSV export of anonymised records, and
// the page checks every record with the self-check engine and shows how often each
// criterion is met. widgets/audit.py is the same audit for notebooks (pandas); the shared
// rules are written out there, and tests prove both give the same numbers on the sample.
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
import { downloadText, ensureStylesheet, h, listWords, uid } from "./dom.js";
import { loadWeights } from "./weights.js";

/** Larger files are refused, with this limit stated on the page. */
export const MAX_BYTES = 10 * 1024 * 1024;
// The page yields to the browser at least every YIELD_MS of work (or every CHUNK records), so
// it keeps answering the reader and the progress bar moves while a big file is checked.
const YIELD_MS = 40;
const CHUNK = 500;

export class AuditInputError extends Error {}

// ------------------------------------------------------------------ reading the file

// Windows-1252 bytes 0x80-0x9F (the rest are Latin-1). Decoded here rather than with
// TextDecoder("windows-1252"), which some versions of Node read as Latin-1.
const CP1252_HIGH = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** @param {Uint8Array} bytes */
export function decodeWindows1252(bytes) {
  const parts = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    parts.push(String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b))));
  }
  return parts.join("");
}

/** UTF-8 (a byte order mark is dropped) if the bytes decode as UTF-8, else Windows-1252. */
export function decodeBytes(bytes) {
  let text;
  let encoding;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    encoding = bom ? "UTF-8 with byte order mark" : "UTF-8";
  } catch {
    text = decodeWindows1252(bytes);
    encoding = "Windows-1252";
  }
  return { text: text.replaceAll("\u0000", ""), encoding };
}

/**
 * Rows of a CSV text, read as Python's csv module reads it: quoted fields may hold commas,
 * doubled quotes and line breaks; CRLF, LF and CR end a row; a blank line is an empty row.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  const START_RECORD = 0, START_FIELD = 1, IN_FIELD = 2, IN_QUOTED = 3, QUOTE_IN_QUOTED = 4;
  const rows = [];
  let row = [];
  let field = "";
  let state = START_RECORD;
  let start = 0; // start of the run of plain characters not yet added to `field`
  const n = text.length;
  let i = 0;
  const endRecord = () => {
    rows.push(row);
    row = [];
    state = START_RECORD;
  };
  while (i <= n) {
    const c = i < n ? text[i] : null; // null: the end, read as a line end
    const newline = c === "\n" || c === "\r" || c === null;
    switch (state) {
      case START_RECORD:
        if (c === null) break;
        if (newline) {
          rows.push([]);
          break;
        }
        state = START_FIELD;
      // falls through
      case START_FIELD:
        if (newline) {
          row.push("");
          endRecord();
        } else if (c === '"') {
          state = IN_QUOTED;
          start = i + 1;
        } else if (c === ",") {
          row.push("");
        } else {
          state = IN_FIELD;
          start = i;
        }
        break;
      case IN_FIELD:
        if (newline || c === ",") {
          row.push(field + text.slice(start, i));
          field = "";
          if (newline) endRecord();
          else state = START_FIELD;
        }
        break;
      case IN_QUOTED:
        if (c === '"') {
          field += text.slice(start, i);
          state = QUOTE_IN_QUOTED;
        } else if (c === null) {
          row.push(field + text.slice(start, i));
          field = "";
          endRecord();
        }
        break;
      case QUOTE_IN_QUOTED:
        if (c === '"') {
          state = IN_QUOTED;
          start = i; // the second quote of a pair is kept
        } else if (c === "," || newline) {
          row.push(field);
          field = "";
          if (newline) endRecord();
          else state = START_FIELD;
        } else {
          state = IN_FIELD; // text after a closing quote is kept, as Python does
          start = i;
        }
        break;
    }
    if (c === "\r" && text[i + 1] === "\n" && state === START_RECORD) i += 1;
    i += 1;
  }
  return rows;
}

const headerKey = (h) => String(h).replaceAll("\ufeff", "").trim().toLowerCase().replace(/[ _\t-]/g, "");
/** A record type as the audit compares it (widgets.packs.record_type_key). */
const valueKey = (v) => String(v).trim().toLowerCase().replace(/[ \t_-]{1,100}/g, " ").trim();

/** Canonical column -> headers accepted for it, first wins (from widgets/book.yml). */
export function headerAliases(book) {
  return Object.fromEntries(Object.entries(book.team_audit.columns).map(([c, v]) => [c, v.headers]));
}

/** Values of the framework column (after valueKey) -> framework: each pack's id and record_types. */
export function frameworkAliases(packs) {
  const out = {};
  for (const [fw, pack] of Object.entries(packs)) {
    for (const v of [fw, ...pack.record_types]) out[valueKey(v)] = fw;
  }
  return out;
}

/** A record type ('Plan item') -> its pack's framework; null when no pack has it. */
export function frameworkOf(value, packs) {
  const aliases = frameworkAliases(packs);
  return Object.hasOwn(aliases, valueKey(value)) ? aliases[valueKey(value)] : null;
}


/** {column: index} for a header row, or AuditInputError naming what is missing and found. */
export function mapColumns(header, book) {
  const keys = header.map(headerKey);
  const found = {};
  const aliasesOf = headerAliases(book);
  for (const [column, aliases] of Object.entries(aliasesOf)) {
    for (const alias of aliases) {
      const at = keys.indexOf(headerKey(alias));
      if (at !== -1) {
        found[column] = at;
        break;
      }
    }
  }
  const missing = Object.keys(aliasesOf).filter((c) => !(c in found));
  if (missing.length) throw new AuditInputError(missingColumnsMessage(missing, header, book));
  return found;
}

export function missingColumnsMessage(missing, header, book) {
  const shown = header.map((h) => String(h).replaceAll("\ufeff", "").trim()).filter(Boolean);
  const found = shown.length ? shown.map((h) => `"${h}"`).join(", ") : "no column names";
  const columns = book.team_audit.columns;
  const needed = missing
    .map((c) => `${columns[c].words}, for example ` + columns[c].headers.slice(0, 3).map((a) => `"${a}"`).join(" or "))
    .join("; ");
  return (
    "The file's first row must name the columns: ref, framework and text. " +
    `Missing: ${needed}. Found: ${found}.`
  );
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export function skippedMessage(blank, noText, unknown, frameworks) {
  const parts = [];
  if (blank) parts.push(plural(blank, "blank row", "blank rows"));
  if (noText.length) {
    const rows = noText.slice(0, 10).join(", ") + (noText.length > 10 ? " and more" : "");
    parts.push(`${plural(noText.length, "row", "rows")} with no text (${noText.length === 1 ? "row" : "rows"} ${rows})`);
  }
  if (unknown.length) {
    const shown = unknown.slice(0, 10).map(([r, v]) => `${r}: "${v}"`).join(", ");
    const more = unknown.length > 10 ? " and more" : "";
    parts.push(
      `${plural(unknown.length, "row", "rows")} with a framework or record type the audit does not know ` +
        `(${unknown.length === 1 ? "row" : "rows"} ${shown}${more}); use ${listWords(frameworks, "or")}`,
    );
  }
  return parts.length ? `Skipped: ${parts.join("; ")}.` : "";
}

/** The shared rules applied to parsed rows (the first is the header), for these packs. */
export function readRecords(rows, encoding, packs, book) {
  const aliases = frameworkAliases(packs);
  if (!rows.length || rows[0].every((c) => !c.trim())) {
    throw new AuditInputError(
      "The file is empty: its first row must name the columns ref, framework and text.",
    );
  }
  const header = rows[0];
  const cols = mapColumns(header, book);
  const out = {
    records: [],
    encoding,
    columns: Object.fromEntries(Object.entries(cols).map(([c, i]) => [c, header[i].replaceAll("\ufeff", "").trim()])),
    blankRows: 0,
    noTextRows: [],
    unknownTypeRows: [],
  };
  for (let k = 1; k < rows.length; k += 1) {
    const row = rows[k];
    const number = k + 1;
    if (row.every((c) => !c.trim())) {
      out.blankRows += 1;
      continue;
    }
    const cell = (column) => (cols[column] < row.length ? row[cols[column]] : "");
    const text = cell("text");
    const sourceType = cell("framework").trim();
    if (!text.trim()) {
      out.noTextRows.push(number);
      continue;
    }
    const key = valueKey(sourceType);
    const framework = Object.hasOwn(aliases, key) ? aliases[key] : null;
    if (framework === null) {
      out.unknownTypeRows.push([number, sourceType]);
      continue;
    }
    out.records.push({ row: number, ref: cell("ref").trim(), framework, sourceType, text });
  }
  out.skipped = skippedMessage(out.blankRows, out.noTextRows, out.unknownTypeRows, frameworkIds(packs));
  if (!out.records.length) {
    throw new AuditInputError(
      "The file has no records to check. " + (out.skipped || "It has a header row but no rows under it."),
    );
  }
  return out;
}

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
    const found = findIdentifiers(rec.text, nameList);
    const criteria = {};
    for (const c of report.criteria) criteria[c.id] = c.met;
    results.push({
      row: rec.row, ref: rec.ref, framework: rec.framework,
      met: report.summary.met, total: report.summary.total, identifiers: found.length, criteria,
    });
    for (const [type, count] of Object.entries(countByType(found))) {
      identifiers.push({ row: rec.row, ref: rec.ref, type, label: LABELS[type], count });
    }
    if (i + 1 < records.length && ((i + 1) % chunk === 0 || performance.now() - lastYield > YIELD_MS)) {
      onProgress?.(i + 1, records.length);
      await nextTask();
      lastYield = performance.now();
    }
  }
  onProgress?.(records.length, records.length);
  return { results, identifiers, names: nameList };
}

/** met/total as a whole-number percentage, halves rounded up (integer arithmetic). */
export function percent(met, total) {
  return total ? Math.floor((met * 200 + total) / (2 * total)) : 0;
}

function criteriaOf(packs) {
  return frameworkIds(packs).flatMap((fw) => packs[fw].criteria.map((c) => [fw, c]));
}

export function computeRates(results, packs) {
  const rates = [];
  for (const [fw, crit] of criteriaOf(packs)) {
    const mine = results.filter((r) => r.framework === fw);
    if (!mine.length) continue;
    const met = mine.filter((r) => r.criteria[crit.id]).length;
    rates.push({
      framework: fw, frameworkTitle: packs[fw].title, criterion: crit.id, title: crit.title,
      question: crit.question, records: mine.length, met, percent: percent(met, mine.length),
    });
  }
  return rates;
}

/** The n criteria met least often (ties: book order). */
export function weakest(rates, n = 3) {
  return rates
    .map((r, i) => [r, i])
    .sort((a, b) => a[0].percent - b[0].percent || a[1] - b[1])
    .slice(0, n)
    .map(([r]) => r);
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

export function ratesCsv(rates) {
  const rows = [["framework", "criterion", "title", "records", "met", "percent"]];
  for (const r of rates) rows.push([r.framework, r.criterion, r.title, r.records, r.met, r.percent]);
  return toCsvText(rows);
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


class AuditView {
  constructor(model, el) {
    this.model = model;
    this.el = el;
    this.packs = model.get("packs");
    this.book = model.get("book");
    this.run = 0;
    this.build();
  }

  build() {
    const ids = { heading: uid("audit-h"), file: uid("audit-file"), fileHint: uid("audit-fh"),
      names: uid("audit-names"), namesHint: uid("audit-nh"), progress: uid("audit-p") };
    this.ids = ids;
    this.fileInput = h("input", { type: "file", id: ids.file, accept: ".csv,text/csv", "aria-describedby": ids.fileHint });
    this.namesInput = h("input", {
      type: "text", id: ids.names, "aria-describedby": ids.namesHint, autocomplete: "off", spellcheck: "false",
    });
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
          "The guard warns about NHS numbers, dates of birth, postcodes, phone numbers and email " +
          "addresses. It can only find names you list here. Separate names with commas." }),
        this.namesInput),
      h("div", { class: "audit-field" },
        h("label", { for: ids.file, text: "Choose a CSV file" }),
        h("p", { id: ids.fileHint, class: "audit-hint", text:
          `Up to ${MAX_BYTES / (1024 * 1024)} MB. The first row must name three columns: ref (the record ` +
          `reference), framework (${listWords(frameworkIds(this.packs), "or")}, or a record type such as ` +
          `${listWords(frameworkIds(this.packs).map((fw) => this.packs[fw].kind), "or")}) and text.` }),
        this.fileInput),
      this.alert, this.progressBox, this.status, this.results);
    this.el.append(root);
    this.onChange = () => this.start();
    this.fileInput.addEventListener("change", this.onChange);
  }

  say(message) {
    this.status.textContent = message;
  }

  fail(message) {
    this.progressBox.hidden = true;
    this.alert.replaceChildren(h("p", { text: message }));
    this.say("");
  }

  async start() {
    const file = this.fileInput.files?.[0];
    const run = ++this.run;
    this.alert.replaceChildren();
    this.results.hidden = true;
    this.results.replaceChildren();
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

  show(fileName, input, audit, rows) {
    const rates = computeRates(audit.results, this.packs);
    this.rates = rates;
    const counts = frameworkIds(this.packs).map((fw) => [fw, audit.results.filter((r) => r.framework === fw).length])
      .filter(([, n]) => n)
      .map(([fw, n]) => plural(n, this.packs[fw].kind, this.packs[fw].kind_plural));
    const summary = `${plural(audit.results.length, "record", "records")} checked from ${fileName} ` +
      `(${input.encoding}): ${counts.join(", ")}.`;
    const parts = [h("h4", { text: "What was read" }), h("p", { class: "audit-summary", text: summary })];
    if (input.skipped) parts.push(h("p", { class: "audit-skipped", text: input.skipped }));

    const warning = identifierWarning(audit.identifiers);
    if (warning) {
      const redactButton = h("button", { type: "button", text: "Download a redacted copy of the file" });
      redactButton.addEventListener("click", () => {
        downloadCsv(fileName.replace(/\.csv$/i, "") + "-redacted.csv", redactedCsv(rows, audit.names, this.book));
        this.say("A redacted copy of the file was made in this page and downloaded.");
      });
      parts.push(h("div", { class: "audit-warning", "data-audit-warning": "" },
        h("h4", { text: "Warning: possible identifiers" }),
        h("p", { text: warning }),
        h("p", { text:
          "The guard looks for likely identifiers only. It can miss some and flag things that are not. " +
          "The redacted copy replaces each one it finds with a label such as [NHS number]." }),
        redactButton));
    }

    parts.push(h("h4", { text: "How often each criterion was met" }), this.table(rates), this.chart(rates));
    const weak = weakest(rates, 3);
    parts.push(h("h4", { text: "The weakest criteria" }),
      h("ol", { class: "audit-weakest" }, ...weak.map((r) => h("li", { "data-criterion": r.criterion },
        h("strong", { text: `${r.frameworkTitle}: ${r.title}` }),
        ` \u2013 met in ${r.met} of ${r.records} records (${r.percent}%). A question to ask: ${r.question}`))));

    const dlRecords = h("button", { type: "button", text: "Download results as CSV" });
    dlRecords.addEventListener("click", () => {
      downloadCsv("audit-records.csv", recordsCsv(audit, this.packs));
      this.say("The results were made in this page and downloaded as audit-records.csv.");
    });
    const dlRates = h("button", { type: "button", text: "Download the rates as CSV" });
    dlRates.addEventListener("click", () => {
      downloadCsv("audit-rates.csv", ratesCsv(rates));
      this.say("The rates were made in this page and downloaded as audit-rates.csv.");
    });
    parts.push(h("p", { class: "audit-hint", text:
      "The downloads hold record references and results, not the text of the records." }),
      h("div", { class: "audit-buttons" }, dlRecords, " ", dlRates));

    this.results.replaceChildren(...parts);
    this.results.hidden = false;
    this.say(`Done. ${summary}${warning ? " Warning: possible identifiers found; see below." : ""}`);
  }

  table(rates) {
    const head = h("tr", {}, ...["Framework", "Criterion", "Records checked", "Met", "Rate"].map((t) =>
      h("th", { scope: "col", text: t })));
    const body = rates.map((r) => h("tr", { "data-criterion": r.criterion },
      h("td", { text: r.frameworkTitle }),
      h("th", { scope: "row", text: r.title }),
      h("td", { "data-records": String(r.records), text: String(r.records) }),
      h("td", { "data-met": String(r.met), text: String(r.met) }),
      h("td", { "data-percent": String(r.percent), text: `${r.percent}%` })));
    return h("div", { class: "audit-table-wrap" }, h("table", { class: "audit-table" },
      h("caption", { text: "Records that meet each criterion, by framework" }),
      h("thead", {}, head), h("tbody", {}, ...body)));
  }

  chart(rates) {
    // Bars drawn with CSS widths, each with its value in words: nothing relies on colour.
    const items = rates.map((r) => {
      const bar = h("span", { class: "audit-bar" });
      bar.style.width = `${r.percent}%`;
      return h("li", {},
        h("span", { class: "audit-bar-label", text: `${r.frameworkTitle}: ${r.title}` }),
        h("span", { class: "audit-bar-track", "aria-hidden": "true" }, bar),
        h("span", { class: "audit-bar-value", text: `${r.percent}% (${r.met} of ${r.records})` }));
    });
    const caption = uid("audit-chart");
    return h("figure", { class: "audit-chart", "aria-labelledby": caption },
      h("figcaption", { id: caption, text:
        "Bar chart: the percentage of records that meet each criterion (the same figures as the table)" }),
      h("ul", {}, ...items));
  }

  destroy() {
    this.fileInput.removeEventListener("change", this.onChange);
  }
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
