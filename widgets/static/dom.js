// Small DOM helpers shared by the widgets. Text only ever reaches the page as text nodes or
// attribute values (never as markup), so pasted case text cannot become an element.

let counter = 0;

/** An id unique on the page, even when several copies of a module run (live notebooks). */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Make an element. `attrs`: class, text, hidden, and any attribute (null, undefined and
 * false are left out; true gives an empty attribute); children: nodes or text (null,
 * undefined and false are left out).
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = String(value);
    else if (key === "text") node.textContent = String(value);
    else if (key === "hidden") node.hidden = true;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** "a, b or c" (conjunction "or") or "a, b and c": the words in a sentence, UK style. */
export function listWords(words, conjunction) {
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}` : words.join("");
}

/** Load a stylesheet once (static pages; in a live notebook anywidget supplies the styles). */
export function ensureStylesheet(href) {
  if (typeof document === "undefined") return;
  if ([...document.querySelectorAll("link[rel=stylesheet]")].some((l) => l.href === href)) return;
  document.head.append(h("link", { rel: "stylesheet", href }));
}

/** Save text as a file. The file is made here, in the page: nothing is uploaded. */
export function downloadText(name, text, type = "text/plain;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Copy text to the clipboard; false when the browser does not allow it (the caller then
 * shows the text selected, to copy by hand). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The page's title as its first <h1> shows it, without the theme's "#" link; "" if none. */
export function pageTitle() {
  const heading = globalThis.document?.querySelector("h1");
  if (!heading) return "";
  const copy = heading.cloneNode(true);
  for (const link of copy.querySelectorAll(".headerlink")) link.remove();
  return copy.textContent.replace(/\s+/g, " ").trim();
}
