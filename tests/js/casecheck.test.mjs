// The checker UI's pure helpers (no DOM): cutting long text, merging evidence spans,
// reading "all" reports, and the plain-text reflection used by Copy and Download.
import { test } from "node:test";
import assert from "node:assert/strict";

import { readFileSync } from "node:fs";

import { findIdentifiers, setGuard } from "../../widgets/static/anonymise.js";
import {
  clip,
  frameworkReports,
  guardSummary,
  mergeSpans,
  reportText,
  totals,
} from "../../widgets/static/casecheck.js";

setGuard(JSON.parse(readFileSync(new URL("../vectors/guard.json", import.meta.url), "utf8")));

const crit = (id, met, extra = {}) => ({
  id, title: `Title of ${id}`, met, evidence: met ? [`ev-${id}`] : [], concerns: [],
  prompt: met ? `met message ${id}` : `prompt ${id}`, question: `question ${id}?`,
  better_wording: met ? null : `better ${id}`, spans: [], ...extra,
});
const report = (framework, criteria, items = []) => ({
  framework, title: `${framework} title`, empty: false,
  summary: { met: criteria.filter((c) => c.met).length, total: criteria.length }, criteria, items,
});

test("clip never cuts a surrogate pair in half", () => {
  const text = "ab\u{1F600}cd"; // the emoji is two UTF-16 units, at 2 and 3
  assert.equal(clip(text, 3), "ab");
  assert.equal(clip(text, 4), "ab\u{1F600}");
  assert.equal(clip(text, 99), text);
});

test("mergeSpans joins overlapping evidence and drops what falls outside the text", () => {
  assert.deepEqual(mergeSpans([[5, 8], [0, 2], [1, 3], [7, 12], [20, 30]], 10), [[0, 3], [5, 10]]);
  assert.deepEqual(mergeSpans([], 10), []);
});

test("reports for one framework and for all three are read alike", () => {
  const one = report("smart", [crit("smart.a", true), crit("smart.b", false)]);
  assert.deepEqual(frameworkReports(one), [one]);
  const all = { voice: report("voice", [crit("voice.a", true)]), smart: one,
    risk: report("risk", [crit("risk.a", false)]) };
  // A report keyed by framework is shown in its own order (the engine writes packs' order).
  assert.deepEqual(frameworkReports(all).map((r) => r.framework), ["voice", "smart", "risk"]);
  assert.deepEqual(totals(all), { met: 2, total: 4 });
  assert.deepEqual(frameworkReports(null), []);
});

test("the reflection names every criterion, with wording help only where not found", () => {
  const r = report("smart", [crit("smart.a", true), crit("smart.b", false, { concerns: ["jargon: CIN"] })]);
  const text = reportText(r);
  assert.match(text, /1 of 2 found/);
  assert.match(text, /\[Found\] Title of smart\.a/);
  assert.match(text, /\[Not found\] Title of smart\.b/);
  assert.match(text, /Evidence: "ev-smart\.a"/);
  assert.match(text, /Watch out: jargon: CIN/);
  assert.match(text, /better smart\.b/);
  assert.doesNotMatch(text, /better smart\.a/);
  assert.match(text, /prompt for reflection, not a verdict/);
});

test("the reflection reports items one by one, and says when text was cut", () => {
  const items = [
    { text: "First item text", criteria: [crit("smart.a", true)], summary: { met: 1, total: 1 } },
    { text: "Second item text", criteria: [crit("smart.a", false)], summary: { met: 0, total: 1 } },
  ];
  const r = report("smart", [crit("smart.a", false)], items);
  const text = reportText(r, { checkedChars: 20000, totalChars: 1048576 });
  assert.match(text, /Item 1 \("First item text"\): 1 of 1 found\./);
  assert.match(text, /Item 2 \("Second item text"\): 0 of 1 found\. Not found: Title of smart\.a\./);
  assert.match(text, /Only the first 20,000 of 1,048,576 characters were checked/);
});

test("the reflection is headed by a warning when the guard found identifiers, and only then", () => {
  const r = report("smart", [crit("smart.a", true)]);
  const found = findIdentifiers("Call mum on 07700 900123 at LS6 2AB.");
  const warned = reportText(r, { found });
  const first = warned.split("\n")[0];
  assert.match(first, /^Warning: Possible identifiers found: 1 phone number, 1 postcode\./);
  assert.match(first, /Remove or replace them before you share this text\./);
  assert.ok(warned.indexOf("Warning:") < warned.indexOf("Case-record self-check"));
  const plain = reportText(r, { found: [] });
  assert.doesNotMatch(plain, /Warning|identifiers/);
  assert.match(plain.split("\n")[0], /^Case-record self-check/);
});

test("the polite summary names the kinds found in a few words", () => {
  const found = findIdentifiers("NHS 943 476 5919, then 943 476 5919 again; LS6 2AB.");
  assert.equal(guardSummary(found), "Possible identifiers: 2 NHS numbers, 1 postcode.");
  assert.equal(guardSummary([]), "");
  assert.equal(guardSummary(findIdentifiers("Mum will take her to nursery.")), "");
});
