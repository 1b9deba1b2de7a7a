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
