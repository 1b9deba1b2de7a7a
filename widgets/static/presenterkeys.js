// The keys of presenter mode: one table read by the key handler and by the key list shown
// on screen, so the two cannot disagree. No DOM here beyond the event's target.

/**
 * Each action, the keys that do it (event.key, letters in lower case) and, for the key list
 * on screen, how its keys are shown and what it does (the two scroll keys share one entry).
 */
export const PRESENTER_KEYS = [
  { action: "next", keys: ["n", "ArrowRight"], shown: "N or \u2192", does: "next" },
  { action: "previous", keys: ["p", "ArrowLeft"], shown: "P or \u2190", does: "previous" },
  { action: "reveal", keys: ["r"], shown: "R", does: "answer" },
  { action: "discuss", keys: ["d"], shown: "D", does: "discussion" },
  { action: "fullscreen", keys: ["f"], shown: "F", does: "full screen" },
  { action: "scroll-down", keys: ["ArrowDown", "PageDown"], shown: "\u2191 \u2193", does: "scroll" },
  { action: "scroll-up", keys: ["ArrowUp", "PageUp"] },
];

/** Escape is the dialog's own key (it closes it); it is listed but not handled here. */
export const STOP_KEY = { shown: "Esc", does: "stop" };

/** Elements where a key is typing, not a command. */
const FIELDS = "input, textarea, select, [contenteditable]:not([contenteditable='false'])";

/**
 * The action a key press asks for, or null: none while typing in a field, with Alt, Ctrl or
 * Meta held (the browser's own shortcuts), or when something else has handled the key.
 * @param {{key: string, altKey?: boolean, ctrlKey?: boolean, metaKey?: boolean,
 *          defaultPrevented?: boolean, isComposing?: boolean, target?: any}} event
 * @returns {string | null}
 */
export function keyAction(event) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented || event.isComposing) return null;
  if (event.target?.closest?.(FIELDS)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return PRESENTER_KEYS.find((k) => k.keys.includes(key))?.action ?? null;
}

/** The aria-keyshortcuts value for an action's button ("N ArrowRight"). */
export function shortcutsFor(action) {
  const entry = PRESENTER_KEYS.find((k) => k.action === action);
  return entry ? entry.keys.map((k) => (k.length === 1 ? k.toUpperCase() : k)).join(" ") : null;
}
