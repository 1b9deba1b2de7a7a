// The browser's anonymisation guard against the vectors the Python guard is tested on
// (tests/vectors/anonymise.jsonl): same findings, same redacted text, for every line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

import {
  countByType,
  describeCounts,
  findIdentifiers,
  nhsNumberValid,
  parseNames,
  people,
  redact,
  setGuard,
  warningText,
} from "../../widgets/static/anonymise.js";

// The guard's data as the book ships it (tests/vectors/generate.py writes it from widgets/guard).
setGuard(JSON.parse(readFileSync(new URL("../vectors/guard.json", import.meta.url), "utf8")));

const VECTORS = new URL("../vectors/anonymise.jsonl", import.meta.url);
const cases = readFileSync(VECTORS, "utf8")
  .split("\n")
  .map((line, i) => [i + 1, line.trim()])
  .filter(([, line]) => line)
  .map(([n, line]) => ({ n, ...JSON.parse(line) }));

test("the shared vectors cover every kind, and texts with nothing to find", () => {
  const kinds = new Set(cases.flatMap((c) => c.expected.map((f) => f.type)));
  const all = JSON.parse(readFileSync(new URL("../vectors/guard.json", import.meta.url), "utf8")).kinds;
  for (const k of all.map((kind) => kind.id)) {
    assert.ok(kinds.has(k), `no vector finds a ${k}`);
  }
  assert.ok(cases.filter((c) => c.expected.length === 0).length >= 5, "too few negative vectors");
});

for (const c of cases) {
  test(`vector line ${c.n}: ${c.name}`, () => {
    const found = findIdentifiers(c.text, c.names);
    assert.deepEqual(
      found.map((f) => ({ type: f.type, text: f.text })),
      c.expected,
    );
    // Each finding's indices point at its own text (UTF-16 indices in the browser).
    for (const f of found) assert.equal(c.text.slice(f.start, f.end), f.text);
    assert.equal(redact(c.text, found), c.redacted);
  });
}

// The Python guard's findings and redacted text on realistic records (train split only).
const jsonl = (url) => readFileSync(url, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const sample = jsonl(new URL("../vectors/guard-expected.jsonl", import.meta.url));
const CORPUS = new URL("../../data/identifiers/", import.meta.url);
const texts = new Map(readdirSync(CORPUS).filter((f) => f.endsWith(".jsonl"))
  .flatMap((f) => jsonl(new URL(f, CORPUS))).map((r) => [r.id, r.text]));

test("the browser guard finds what the Python guard finds in every sampled record", () => {
  assert.ok(sample.length >= 100, "too few sampled records");
  for (const rec of sample) {
    const found = findIdentifiers(texts.get(rec.id));
    assert.deepEqual(found.map((f) => ({ type: f.type, text: f.text })), rec.found, rec.id);
    assert.equal(redact(texts.get(rec.id), found), rec.redacted, rec.id);
  }
});

test("each distinct person gets one number, and a lone first name joins its full name", () => {
  const text = "Kerry Jones rang. Kerry said Tyler Reed shouts; Ms Jones agreed and Kerry left.";
  const found = findIdentifiers(text, ["Kerry Jones", "Tyler Reed", "Jones", "Kerry"]);
  assert.equal(redact(text, found),
    "[Name 1] rang. [Name 1] said [Name 2] shouts; Ms [Name 1] agreed and [Name 1] left.");
  assert.equal(people(found).size, found.length);
});

test("redact finds identifiers itself when given none", () => {
  assert.equal(redact("Mum on 07700 900123."), "Mum on [phone number].");
});

test("the Modulus 11 check", () => {
  assert.equal(nhsNumberValid("9990000018"), true);
  assert.equal(nhsNumberValid("9990000017"), false);
  assert.equal(nhsNumberValid("999000001"), false);
});

test("names from a typed list", () => {
  assert.deepEqual(parseNames(" Jodie ,jodie\nTyler   Reed; x"), ["Jodie", "Tyler Reed"]);
});

test("counts for the warning, in plain words", () => {
  const found = findIdentifiers("999 000 0018 and 999 000 0026, ZZ99 3AB");
  assert.deepEqual(countByType(found), { nhs_number: 2, postcode: 1 });
  assert.equal(describeCounts(countByType(found)), "2 NHS numbers, 1 postcode");
});

test("hostile text is searched in linear time", () => {
  // Long runs that each pattern could try to backtrack over.
  const texts = [
    "a".repeat(200000) + "@",
    "1".repeat(200000),
    "0 ".repeat(100000),
    ("a@b." + "c".repeat(30)).repeat(5000),
    "dob ".repeat(50000),
  ];
  const started = performance.now();
  for (const t of texts) findIdentifiers(t, ["aa"]);
  assert.ok(performance.now() - started < 15000, "the guard is too slow on hostile text");
});

test("one warning wording, shared by the redact widget and the case checker", () => {
  const found = findIdentifiers("Email a.b@example.org or call 07700 900123; Jo and jo.", ["Jo"]);
  assert.equal(
    warningText(found),
    "Possible identifiers found: 1 email address, 1 phone number, 2 names. " +
      "Remove or replace them before you share this text.",
  );
  assert.equal(warningText([]), "");
});
