// The keys of presenter mode (the browser tests press them in a real dialog): what each key
// does, and that none fires while typing in a field or with the browser's own modifier keys.
import { test } from "node:test";
import assert from "node:assert/strict";

import { PRESENTER_KEYS, keyAction, shortcutsFor } from "../../widgets/static/presenterkeys.js";

/** A stand-in for event.target: `inField` says whether it sits in a form field. */
const target = (inField) => ({ closest: (sel) => (inField && sel.includes("input") ? {} : null) });
const press = (key, extra = {}) => keyAction({ key, target: target(false), ...extra });

test("each key does its job, in either case", () => {
  assert.equal(press("n"), "next");
  assert.equal(press("N"), "next");
  assert.equal(press("ArrowRight"), "next");
  assert.equal(press("p"), "previous");
  assert.equal(press("ArrowLeft"), "previous");
  assert.equal(press("r"), "reveal");
  assert.equal(press("D"), "discuss");
  assert.equal(press("f"), "fullscreen");
  assert.equal(press("PageDown"), "scroll-down");
  assert.equal(press("ArrowUp"), "scroll-up");
  assert.equal(press("x"), null);
  assert.equal(press("Escape"), null); // the dialog's own key
});

test("no key fires while typing, with Ctrl, Alt or Meta, or once something else took it", () => {
  assert.equal(keyAction({ key: "n", target: target(true) }), null);
  assert.equal(keyAction({ key: "d", target: target(true) }), null);
  assert.equal(press("f", { ctrlKey: true }), null); // Ctrl+F is the browser's find
  assert.equal(press("r", { metaKey: true }), null); // Cmd+R reloads
  assert.equal(press("p", { altKey: true }), null);
  assert.equal(press("n", { defaultPrevented: true }), null);
  assert.equal(press("n", { isComposing: true }), null);
});

test("every action has keys, no key does two things, and the buttons name their keys", () => {
  const keys = PRESENTER_KEYS.flatMap((k) => k.keys);
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(shortcutsFor("next"), "N ArrowRight");
  assert.equal(shortcutsFor("discuss"), "D");
  assert.equal(shortcutsFor("nothing"), null);
});
