// The learned scorer's weights on the static site: one generated module a framework
// (weights/<framework>.js, written at build time from widgets/criteria/weights.json), loaded
// from the page's own origin with the page, never while a user types.

/**
 * {framework: weights} for these frameworks. A framework without a weights file (a new pack
 * before `make train`) is left out: its rules alone decide.
 * @param {string[]} frameworks
 */
export async function loadWeights(frameworks) {
  const out = {};
  await Promise.all(frameworks.map((f) => import(new URL(`./weights/${f}.js`, import.meta.url).href)
    .then((mod) => { out[f] = mod.default; })
    .catch(() => {})));
  return out;
}
