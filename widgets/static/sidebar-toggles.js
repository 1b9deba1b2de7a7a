// The site menu (☰) and "On this page" buttons, on phones and tablets.
//
// pydata-sphinx-theme 0.17 with sphinx-book-theme puts two buttons with each of the classes
// .primary-toggle and .secondary-toggle in the page, and both themes hook only the first,
// which is hidden on narrow screens: a tap on the visible one did nothing (upstream
// pydata-sphinx-theme issue #2451, sphinx-book-theme issue #988). Here every other toggle
// passes its click to the hooked one, which opens the drawer (narrow screens) or hides the
// sidebar (wide ones), as the themes intend. Remove this file when upstream is fixed.
// The buttons also get plain names: "Toggle primary sidebar" means nothing to a reader.

const TOGGLES = [
  ["primary-toggle", "Site menu"],
  ["secondary-toggle", "On this page"],
];

for (const [cls, name] of TOGGLES) {
  const [hooked, ...others] = document.querySelectorAll(`.${cls}`);
  if (!hooked) continue;
  for (const button of [hooked, ...others]) {
    button.setAttribute("aria-label", name);
    button.setAttribute("title", name);
    if (button.hasAttribute("data-bs-original-title")) button.setAttribute("data-bs-original-title", name);
  }
  for (const button of others) {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      hooked.click();
    });
  }
}
