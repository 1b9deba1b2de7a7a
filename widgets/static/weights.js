// The learned scorer's weights on the static site: one generated module a framework
// (weights/<framework>.js, written at build time from widgets/criteria/weights.json), loaded
// from the page's own origin with the page, never while a user types.

/**
 * {framework: weights} for these frameworks. A framework without weights (a new pack before
 * `make train`: not in packs.js's `learned` list) is left out: its rules alone decide.
 * @param {string[]} frameworks
 * @param {string[]} learned
 */
export async function loadWeights(frameworks, learned) {
  const out = {};
  await Promise.all(frameworks.filter((f) => learned.includes(f)).map((f) => import(new URL(`./weights/${f}.js`, import.meta.url).href)
    .then((mod) => { out[f] = mod.default; })
    .catch(() => {})));
  return out;
}
