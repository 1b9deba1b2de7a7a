// Reading a team's export for the audit: bytes to text (UTF-8 or Windows-1252), CSV to rows,
// rows to records by the rules written out in widgets/audit.py (which reads files the same way;
// tests prove it). Nothing here touches the page.

import { frameworkIds } from "./engine.js";
import { listWords } from "./dom.js";

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

/**
 * [header as shown, index] of the columns a breakdown may use: every column but the ones the
 * audit reads (`used`) and blank ones; of two headers that match alike, the first.
 */
export function otherColumns(header, used = []) {
  const skip = new Set(used);
  const seen = new Set();
  const out = [];
  header.forEach((h, i) => {
    const key = headerKey(h);
    if (skip.has(i) || !key || seen.has(key)) return;
    seen.add(key);
    out.push([String(h).replaceAll("\ufeff", "").trim(), i]);
  });
  return out;
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
  const others = otherColumns(header, Object.values(cols));
  const out = {
    records: [],
    encoding,
    columns: Object.fromEntries(Object.entries(cols).map(([c, i]) => [c, header[i].replaceAll("\ufeff", "").trim()])),
    blankRows: 0,
    noTextRows: [],
    unknownTypeRows: [],
    // The file's other columns, which a breakdown may use; each record has its cells in `others`.
    otherColumns: others.map(([name]) => name),
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
    out.records.push({
      row: number, ref: cell("ref").trim(), framework, sourceType, text,
      others: others.map(([, i]) => (i < row.length ? row[i] : "")),
    });
  }
  out.skipped = skippedMessage(out.blankRows, out.noTextRows, out.unknownTypeRows, frameworkIds(packs));
  if (!out.records.length) {
    throw new AuditInputError(
      "The file has no records to check. " + (out.skipped || "It has a header row but no rows under it."),
    );
  }
  return out;
}
