// The learned scorer for the browser: n-gram features of a text + weights -> probabilities.
// It is widgets/scorer.py in JavaScript: the algorithm is written out there, and the shared
// vectors (tests/vectors/expected.jsonl) prove the two give the same scores and evidence.
// The weights arrive as plain JSON (widgets/criteria/weights.json via weights.js).

const FOLD_FROM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ\u2018\u2019\u201b\u201c\u201d\u201e0123456789";
const FOLD_TO = "abcdefghijklmnopqrstuvwxyz'''\"\"\"0000000000";
const FOLD_MAP = new Map([...FOLD_FROM].map((c, i) => [c, FOLD_TO[i]]));
const FOLDABLE = /[A-Z\u2018\u2019\u201b\u201c\u201d\u201e0-9]/g;
const LETTER = "a-z0-9\u00c0-\u024f";
const TOKEN = new RegExp(`[${LETTER}]+(?:'[${LETTER}]+)*|["?!:()/@+\\-]`, "g");
const WORD = new RegExp(`^[${LETTER}]`);
const STOP = /[.!?;\n]/;
const EVIDENCE_PHRASES = 3;
const PHRASE_REACH = 3;

/** ASCII to lower case, curly quotes to straight, digits to 0: every index stays put. */
export function fold(text) {
  return text.replace(FOLDABLE, (c) => FOLD_MAP.get(c));
}

/** [folded token, start, end] in the normalised text. */
export function tokens(text) {
  return [...fold(text).matchAll(TOKEN)].map((m) => [m[0], m.index, m.index + m[0].length]);
}

/** Per token, the features it makes and its share of each: [[feature, share], ...]. */
export function tokenFeatures(toks, charN) {
  const out = toks.map(() => []);
  toks.forEach(([tok], i) => {
    out[i].push(["w " + tok, 1.0]);
    if (i + 1 < toks.length) {
      const pair = "b " + tok + " " + toks[i + 1][0];
      out[i].push([pair, 0.5]);
      out[i + 1].push([pair, 0.5]);
    }
    if (i + 2 < toks.length) {
      const skip = "s " + tok + " " + toks[i + 2][0];
      out[i].push([skip, 0.5]);
      out[i + 2].push([skip, 0.5]);
    }
    if (charN && WORD.test(tok)) {
      const padded = "<" + tok + ">";
      const runs = Math.max(1, padded.length - charN + 1);
      for (let k = 0; k < runs; k++) out[i].push(["c " + padded.slice(k, k + charN), 1.0 / runs]);
    }
  });
  return out;
}

const prepared = new WeakMap();

/** The framework's feature table and each criterion's weights, as Maps (once per model). */
function prepare(model) {
  let p = prepared.get(model);
  if (!p) {
    const lookup = new Map(model.features.map((name, i) => [name, i]));
    const tables = {};
    for (const [cid, crit] of Object.entries(model.criteria)) {
      tables[cid] = new Map(crit.index.map((idx, k) => [idx, crit.weight[k]]));
    }
    p = { lookup, tables };
    prepared.set(model, p);
  }
  return p;
}

/** {probs, tokens, perToken} for one text; ruleIds are the criteria the rules found. */
export function score(model, text, ruleIds) {
  const { lookup, tables } = prepare(model);
  const toks = tokens(text);
  const perToken = tokenFeatures(toks, model.char_n);
  const present = [];
  const seen = new Set();
  for (const feats of perToken) {
    for (const [name] of feats) {
      if (seen.has(name)) continue;
      seen.add(name);
      const idx = lookup.get(name);
      if (idx !== undefined) present.push(idx);
    }
  }
  const scale = seen.size ? model.scale / Math.sqrt(seen.size) : 0;
  const rules = ruleIds.map((rid) => lookup.get("r " + rid)).filter((idx) => idx !== undefined);
  const probs = {};
  for (const cid of Object.keys(model.criteria)) {
    const table = tables[cid];
    let s = 0.0;
    for (const idx of present) {
      const w = table.get(idx);
      if (w !== undefined) s += w;
    }
    let r = 0.0;
    for (const idx of rules) {
      const w = table.get(idx);
      if (w !== undefined) r += w;
    }
    const x = model.criteria[cid].bias + r + s * scale;
    probs[cid] = x > -700.0 ? 1.0 / (1.0 + Math.exp(-x)) : 0.0;
  }
  return { probs, tokens: toks, perToken };
}

/** [start, end] of the phrases that weighed most for criterion `cid`, in text order. */
export function evidence(model, cid, text, scored) {
  const { lookup, tables } = prepare(model);
  const table = tables[cid];
  const toks = scored.tokens;
  const weight = scored.perToken.map((feats) => {
    let s = 0.0;
    for (const [name, share] of feats) {
      const idx = lookup.get(name);
      if (idx !== undefined) {
        const w = table.get(idx);
        if (w !== undefined) s += w * share;
      }
    }
    return s;
  });
  const order = weight
    .map((w, i) => i)
    .filter((i) => weight[i] > 0 && WORD.test(toks[i][0]))
    .sort((a, b) => weight[b] - weight[a] || a - b);
  if (!order.length) return [];
  const floor = weight[order[0]] * 0.3;
  const taken = new Set();
  const phrases = [];
  const apart = (a, b) => STOP.test(text.slice(toks[a][2], toks[b][1]));
  for (const seed of order) {
    if (phrases.length >= EVIDENCE_PHRASES || weight[seed] < floor) break;
    if (taken.has(seed)) continue;
    let lo = seed;
    let hi = seed;
    while (lo - 1 >= 0 && seed - (lo - 1) <= PHRASE_REACH && weight[lo - 1] > 0 &&
      !taken.has(lo - 1) && !apart(lo - 1, lo)) lo -= 1;
    while (hi + 1 < toks.length && hi + 1 - seed <= PHRASE_REACH && weight[hi + 1] > 0 &&
      !taken.has(hi + 1) && !apart(hi, hi + 1)) hi += 1;
    for (let k = lo; k <= hi; k++) taken.add(k);
    phrases.push([toks[lo][1], toks[hi][2]]);
  }
  return phrases.sort((a, b) => a[0] - b[0]);
}
