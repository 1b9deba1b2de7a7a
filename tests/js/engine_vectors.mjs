// The shared test vectors, read as tests/vectors/generate.py reads them, and the part of a
// report both engines must agree on (everything except engine-native indices).
// Run as a script, it prints the JS engine's summary of every vector, one JSON a line:
//   node tests/js/engine_vectors.mjs   (tests/test_parity.py compares this with Python)
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkText } from "../../widgets/static/engine.js";

const DIR = new URL("../vectors/", import.meta.url);
// The same files in the same order as tools/evaluate.py's labelled_sets(): dev first, the other
// labelled sets by name, the edge cases, then the sample of every framework's train records.
const OTHERS = readdirSync(DIR)
  .filter((n) => n.endsWith("-cases.jsonl") && n !== "dev-cases.jsonl" && n !== "edge-cases.jsonl")
  .sort();
export const VECTOR_FILES = ["dev-cases.jsonl", ...OTHERS, "edge-cases.jsonl", "corpus-vectors.jsonl"];

function jsonl(name) {
  return readFileSync(new URL(name, DIR), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

export const packs = JSON.parse(readFileSync(new URL("packs.json", DIR), "utf8"));
// The learned scorer's weights: the very file the Python engine reads.
export const weights = JSON.parse(
  readFileSync(new URL("../../widgets/criteria/weights.json", import.meta.url), "utf8"),
);
export const loadVectors = () => VECTOR_FILES.flatMap(jsonl);
export const loadExpected = () => jsonl("expected.jsonl");

export function vectorText(vector) {
  return vector.repeat ? vector.repeat.text.repeat(vector.repeat.times) : vector.text;
}

// The same fields as generate.py's _criteria, present only when the report has them.
const KEYS = ["id", "met", "evidence", "concerns", "partial", "evidence_from", "score"];
const pick = (criteria) =>
  criteria.map((c) => Object.fromEntries(KEYS.filter((k) => k in c).map((k) => [k, c[k]])));

export function summarise(id, report) {
  return {
    id,
    framework: report.framework,
    empty: report.empty,
    summary: report.summary,
    criteria: pick(report.criteria),
    items: report.items.map((i) => ({ text: i.text, summary: i.summary, criteria: pick(i.criteria) })),
  };
}

export const run = (vector) =>
  summarise(
    vector.id,
    checkText(packs[vector.framework], vectorText(vector), weights.frameworks[vector.framework] ?? null),
  );

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const vector of loadVectors()) process.stdout.write(JSON.stringify(run(vector)) + "\n");
}
