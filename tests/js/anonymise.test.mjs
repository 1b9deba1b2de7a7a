// The browser's anonymisation guard against the vectors the Python guard is tested on
// (tests/vectors/anonymise.jsonl): same findings, same redacted text, for every line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import {
  countByType,
  describeCounts,
  findIdentifiers,
  nhsNumberValid,
  parseNames,
  redact,
  warningText,
} from "../../widgets/static/anonymise.js";

const VECTORS = new URL("../vectors/anonymise.jsonl", import.meta.url);
const cases = readFileSync(VECTORS, "utf8")
  .split("\n")
  .map((line, i) => [i + 1, line.trim()])
  .filter(([, line]) => line)
  .map(([n, line]) => ({ n, ...JSON.parse(line) }));

test("the shared vectors cover every kind, and texts with nothing to find", () => {
  const kinds = new Set(cases.flatMap((c) => c.expected.map((f) => f.type)));
  for (const k of ["email", "nhs_number", "phone", "dob", "date", "postcode", "name"]) {
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
    "Possible identifiers found: 1 email address, 1 phone number, 2 listed names. " +
      "Remove or replace them before you share this text.",
  );
  assert.equal(warningText([]), "");
});
