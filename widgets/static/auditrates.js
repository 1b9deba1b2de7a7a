// The team audit's figures: how often each criterion is met, for the whole file and for each
// group of a breakdown (a team or a worker). widgets/audit.py works them out by the same
// rules (written out at its top); tests prove both give the same tables.

import { frameworkIds } from "./engine.js";

/** met/total as a whole-number percentage, halves rounded up (integer arithmetic). */
export function percent(met, total) {
  return total ? Math.floor((met * 200 + total) / (2 * total)) : 0;
}

/** [framework, criterion] for every criterion, in the packs' order. */
export function criteriaOf(packs) {
  return frameworkIds(packs).flatMap((fw) => packs[fw].criteria.map((c) => [fw, c]));
}

/** One row per criterion that has records, in the packs' order. */
function rateRows(results, packs) {
  const rows = [];
  for (const [fw, crit] of criteriaOf(packs)) {
    const mine = results.filter((r) => r.framework === fw);
    if (!mine.length) continue;
    const met = mine.filter((r) => r.criteria[crit.id]).length;
    rows.push({
      framework: fw, frameworkTitle: packs[fw].title, criterion: crit.id, title: crit.title,
      shortTitle: crit.short_title, question: crit.question, records: mine.length, met,
      percent: percent(met, mine.length),
    });
  }
  return rows;
}

/** One row per criterion, from the lowest percentage to the highest (ties: the packs' order). */
export function computeRates(results, packs) {
  // Array.prototype.sort is stable, so equal percentages keep the packs' order.
  return rateRows(results, packs).sort((a, b) => a.percent - b.percent);
}

/** The n criteria met least often (ties: book order). */
export function weakest(rates, n = 3) {
  return rates
    .map((r, i) => [r, i])
    .sort((a, b) => a[0].percent - b[0].percent || a[1] - b[1])
    .slice(0, n)
    .map(([r]) => r);
}

// ------------------------------------------------------------------ breakdown by group

// Trimmed from a group's name: the spaces a spreadsheet leaves (the same set as audit.py).
const TRIM = new Set([" ", "\t", "\r", "\n", "\u00a0"]);

function trim(text) {
  let start = 0;
  let end = text.length;
  while (start < end && TRIM.has(text[start])) start += 1;
  while (end > start && TRIM.has(text[end - 1])) end -= 1;
  return text.slice(start, end);
}

/** A record's group: its cell, trimmed; an empty cell is the group book.yml calls blank. */
export function groupName(value, book) {
  return trim(String(value ?? "")) || book.team_audit.breakdown.blank;
}

/** Strings in code point order, as Python compares them (not UTF-16 units). */
function compareCodePoints(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

/** A group's name lower-cased without accents ("Équipe" beside "Eagle", not after "Zed"). */
const plain = (name) => name.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");

/** The distinct groups by name (accents and case aside, then with them); blank last. */
export function groupOrder(names, book) {
  const blank = book.team_audit.breakdown.blank;
  const distinct = [...new Set(names)];
  const named = distinct
    .filter((g) => g !== blank)
    .sort((a, b) => compareCodePoints(plain(a), plain(b)) ||
      compareCodePoints(a.toLowerCase(), b.toLowerCase()) || compareCodePoints(a, b));
  return distinct.includes(blank) ? [...named, blank] : named;
}

/**
 * The figures for each group: `groups` gives each result's group (in the results' order) and
 * `rates` the whole file's order of criteria. Returns {groups: [{group, records}], rows: one
 * per group and criterion of a framework the group has records of}.
 */
export function computeBreakdown(results, groups, rates, packs, book) {
  const position = new Map(rates.map((r, i) => [r.criterion, i]));
  const members = new Map();
  results.forEach((r, i) => {
    if (!members.has(groups[i])) members.set(groups[i], []);
    members.get(groups[i]).push(r);
  });
  const out = { groups: [], rows: [] };
  for (const group of groupOrder(groups, book)) {
    const mine = members.get(group);
    out.groups.push({ group, records: mine.length });
    const rows = rateRows(mine, packs).sort((a, b) => position.get(a.criterion) - position.get(b.criterion));
    for (const r of rows) out.rows.push({ group, groupRecords: mine.length, ...r });
  }
  return out;
}
