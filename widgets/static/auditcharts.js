// The team audit's tables and charts, built from the figures in ./auditrates.js. Bars are drawn
// with CSS widths and every bar carries its value in words, so nothing relies on colour. A
// chart shows each criterion's short title; its full title is there for screen readers (and
// as a tooltip), and the tables give the full title too. Text reaches the page as text only.

import { h, uid } from "./dom.js";

const fullTitle = (r) => `${r.frameworkTitle}: ${r.title}`;
const rateWords = (r) => `${r.percent}% (${r.met} of ${r.records})`;
// A group with no records of a criterion's kind (the tables explain it in their caption).
const DASH = "\u2013";

/**
 * A table that may be wider than a phone: it scrolls sideways and can be reached by keyboard.
 * Its caption stands above the scrolling part (and names the table), so it is never cut off.
 */
function wideTable(caption, head, body) {
  const id = uid("audit-cap");
  return h("div", { class: "audit-table-box" },
    h("p", { id, class: "audit-table-caption", text: caption }),
    h("div", { class: "audit-table-wrap", role: "region", tabindex: "0", "aria-labelledby": id },
      h("table", { class: "audit-table", "aria-labelledby": id },
        h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", {}, ...body))));
}

/** A criterion's label in a chart: the short title on screen, the full title when read out. */
function chartLabel(r) {
  return h("span", { class: "audit-bar-label", title: fullTitle(r) },
    h("span", { "aria-hidden": "true", text: r.shortTitle }),
    h("span", { class: "audit-sr", text: fullTitle(r) }));
}

function bar(r) {
  const fill = h("span", { class: "audit-bar" });
  fill.style.width = `${r.percent}%`;
  return h("span", { class: "audit-bar-track", "aria-hidden": "true" }, fill);
}

/** How often each criterion was met, weakest first. */
export function ratesTable(rates) {
  const body = rates.map((r) => h("tr", { "data-criterion": r.criterion },
    h("td", { text: r.frameworkTitle }),
    h("th", { scope: "row", text: r.title }),
    h("td", { "data-records": String(r.records), text: String(r.records) }),
    h("td", { "data-met": String(r.met), text: String(r.met) }),
    h("td", { "data-percent": String(r.percent), text: `${r.percent}%` })));
  return wideTable("Records that meet each criterion, from the least often met to the most often",
    ["Framework", "Criterion", "Records checked", "Met", "Rate"], body);
}

export function ratesChart(rates) {
  const caption = uid("audit-chart");
  return h("figure", { class: "audit-chart", "aria-labelledby": caption },
    h("figcaption", { id: caption, text:
      "Bar chart: the percentage of records that meet each criterion, least often met first " +
      "(the same figures as the table)" }),
    h("ul", {}, ...rates.map((r) => h("li", { "data-criterion": r.criterion },
      chartLabel(r), bar(r), h("span", { class: "audit-bar-value", text: rateWords(r) })))));
}

/** {group: {criterion: row}} for a breakdown. */
function cellsOf(breakdown) {
  const cells = new Map(breakdown.groups.map((g) => [g.group, new Map()]));
  for (const r of breakdown.rows) cells.get(r.group).set(r.criterion, r);
  return cells;
}

/** A column per group, a row per criterion (in the order of `rates`), each cell its rate. */
export function breakdownTable(breakdown, rates) {
  const cells = cellsOf(breakdown);
  const sizes = h("tr", { "data-group-records": "" },
    h("th", { scope: "row", text: "Records" }),
    ...breakdown.groups.map((g) => h("td", { "data-group": g.group, text: String(g.records) })));
  const body = rates.map((rate) => h("tr", { "data-criterion": rate.criterion },
    h("th", { scope: "row", text: fullTitle(rate) }),
    ...breakdown.groups.map((g) => {
      const r = cells.get(g.group).get(rate.criterion);
      return h("td", { "data-group": g.group, "data-percent": r ? String(r.percent) : null,
        text: r ? rateWords(r) : DASH });
    })));
  return wideTable(
    `Records that meet each criterion, by ${breakdown.by}. A dash means the group has no records of that kind.`,
    ["Criterion", ...breakdown.groups.map((g) => g.group)], [sizes, ...body]);
}

/** For each criterion (in the order of `rates`), a bar for each group that has records of it. */
export function breakdownChart(breakdown, rates) {
  const cells = cellsOf(breakdown);
  const caption = uid("audit-chart");
  const items = rates.map((rate) => {
    const bars = breakdown.groups
      .map((g) => cells.get(g.group).get(rate.criterion))
      .filter(Boolean)
      .map((r) => h("li", { "data-group": r.group },
        h("span", { class: "audit-group-name", text: r.group }), bar(r),
        h("span", { class: "audit-bar-value", text: rateWords(r) })));
    return h("li", { "data-criterion": rate.criterion }, chartLabel(rate), h("ul", { class: "audit-groups" }, ...bars));
  });
  return h("figure", { class: "audit-chart audit-chart-groups", "aria-labelledby": caption },
    h("figcaption", { id: caption, text:
      `Bar chart: for each criterion, the percentage of each group's records that meet it, by ${breakdown.by} ` +
      "(the same figures as the table)" }),
    h("ul", {}, ...items));
}
