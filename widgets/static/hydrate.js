// Turns each widget placeholder on a static page into the working widget.
// The placeholder (see docs/contracts.md) names a module in this folder and carries its
// initial state as JSON; the module is the same one anywidget runs in a live notebook.

const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * A small stand-in for the anywidget model: the same get/set/on/save_changes API,
 * with no kernel behind it. Nothing is stored or sent anywhere.
 * @param {Record<string, unknown>} initial
 */
export function createModel(initial) {
  const state = { ...initial };
  /** @type {Map<string, Set<Function>>} */
  const listeners = new Map();
  const emit = (event, ...args) => {
    for (const cb of listeners.get(event) ?? []) cb(...args);
  };
  return {
    get: (key) => state[key],
    set(key, value) {
      if (state[key] === value) return;
      state[key] = value;
      emit(`change:${key}`, value);
      emit("change", key, value);
    },
    on(event, cb) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(cb);
    },
    off(event, cb) {
      if (!event) return listeners.clear();
      if (!cb) return listeners.delete(event);
      listeners.get(event)?.delete(cb);
    },
    save_changes() {},
    send() {},
  };
}

/** @param {HTMLElement} el */
async function hydrate(el) {
  const name = el.dataset.widget ?? "";
  if (!NAME.test(name) || el.dataset.hydrated) return;
  el.dataset.hydrated = "pending";
  try {
    const props = JSON.parse(el.dataset.props || "{}");
    const mod = await import(new URL(`./${name}.js`, import.meta.url).href);
    const state = mod.staticState ? await mod.staticState(props) : props;
    const widget = mod.default;
    el.replaceChildren();
    await widget.render({ model: createModel(state), el });
    el.dataset.hydrated = "true";
  } catch (err) {
    el.dataset.hydrated = "failed";
    const p = document.createElement("p");
    p.className = "bookwidget-error";
    p.setAttribute("role", "alert");
    p.textContent =
      "Sorry, this interactive part of the page could not start. Try reloading the page.";
    el.replaceChildren(p);
    console.error(`widget ${name}:`, err);
  }
}

export function hydrateAll(root = document) {
  return Promise.all(
    Array.from(root.querySelectorAll("[data-widget]"), (el) => hydrate(/** @type {HTMLElement} */ (el))),
  );
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => hydrateAll(), { once: true });
} else {
  hydrateAll();
}
