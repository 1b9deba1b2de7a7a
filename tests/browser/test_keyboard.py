"""Keyboard-only use of every widget page (found automatically): every control in the page's
content can be reached with Tab and Shift+Tab, shows a visible focus indicator, and works
with the keys a keyboard user would press (Enter and Space on buttons, Space on check boxes
and radio buttons, typing in text boxes)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import open_page
from .site import pages_with

pytestmark = pytest.mark.browser

WIDGET_PAGES = pages_with('data-widget="') or ["(no page with a widget was built)"]
CONTENT = "main"

# Controls a keyboard user must be able to reach. Radio buttons form one tab stop per group.
CONTROLS_JS = """(root) => {
  const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  let i = 0;
  return Array.from(document.querySelector(root).querySelectorAll(sel))
    .filter((el) => !el.disabled && el.type !== 'hidden' && visible(el) && !el.closest('[inert]'))
    .map((el) => { el.dataset.kbId = String(i++);
      return {id: el.dataset.kbId, tag: el.tagName.toLowerCase(), type: el.type || '',
              group: el.type === 'radio' ? 'radio:' + el.name : '', label:
              (el.getAttribute('aria-label') || el.textContent || el.name || el.id || '').trim().slice(0, 40)}; });
}"""

FOCUS_STYLE_JS = """() => { const el = document.activeElement; if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  return {id: el.dataset.kbId || null, outline: s.outlineStyle !== 'none' ? s.outlineWidth + ' ' + s.outlineStyle + ' ' + s.outlineColor : 'none',
          shadow: s.boxShadow, border: s.borderColor + ' ' + s.borderWidth, bg: s.backgroundColor}; }"""

UNFOCUSED_STYLE_JS = """(id) => { document.activeElement && document.activeElement.blur();
  const el = document.querySelector(`[data-kb-id="${id}"]`); const s = getComputedStyle(el);
  return {outline: s.outlineStyle !== 'none' ? s.outlineWidth + ' ' + s.outlineStyle + ' ' + s.outlineColor : 'none',
          shadow: s.boxShadow, border: s.borderColor + ' ' + s.borderWidth, bg: s.backgroundColor}; }"""


def _key(control: dict[str, Any]) -> str:
    return control["group"] or control["id"]


def _tab_through(page: Any, key: str, limit: int) -> list[dict[str, Any]]:
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        style = page.evaluate(FOCUS_STYLE_JS)
        if style is not None and style["id"] is not None:
            stops.append(style)
    return stops


@pytest.mark.parametrize("path", WIDGET_PAGES)
def test_every_control_works_from_the_keyboard(page: Any, site_url: str, path: str) -> None:
    assert not path.startswith("("), path
    open_page(page, site_url, path)
    controls = page.evaluate(CONTROLS_JS, CONTENT)
    assert controls, f"{path}: no controls found in <{CONTENT}>"
    wanted = {_key(c): c for c in controls}
    limit = len(controls) + 80  # the header and sidebar come first

    # Tab forwards from the top, then Shift+Tab backwards from the end.
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    forward = _tab_through(page, "Tab", limit)
    page.evaluate(
        "(root) => { const all = document.querySelector(root).querySelectorAll('[data-kb-id]');"
        " all[all.length - 1].focus(); }",
        CONTENT,
    )
    backward = _tab_through(page, "Shift+Tab", limit)
    by_id = {c["id"]: c for c in controls}
    reached_fwd = {_key(by_id[s["id"]]) for s in forward if s["id"] in by_id}
    reached_back = {_key(by_id[s["id"]]) for s in backward if s["id"] in by_id}
    missed = [wanted[k]["label"] or k for k in wanted if k not in reached_fwd]
    assert not missed, f"{path}: Tab never reached {missed}"
    missed_back = [wanted[k]["label"] or k for k in wanted if k not in reached_back]
    assert not missed_back, f"{path}: Shift+Tab never reached {missed_back}"

    # A visible focus indicator: focused style differs from unfocused, and is not nothing.
    focused = {s["id"]: s for s in forward if s["id"] in by_id}
    invisible = []
    for cid, style in focused.items():
        plain = page.evaluate(UNFOCUSED_STYLE_JS, cid)
        if {k: style[k] for k in plain} == plain or (
            style["outline"] == "none"
            and style["shadow"] == "none"
            and style["border"] == plain["border"]
        ):
            invisible.append(by_id[cid]["label"] or cid)
    assert not invisible, f"{path}: no visible focus indicator on {invisible}"

    # Enter and Space activate buttons; Space ticks check boxes and radios; text boxes take typing.
    page.evaluate(
        "() => { window.__kbClicks = []; document.addEventListener('click', (e) =>"
        " { const t = e.target.closest('[data-kb-id]'); if (t) window.__kbClicks.push(t.dataset.kbId); }, true); }"
    )
    page.on("dialog", lambda d: d.accept())
    failures = []
    for control in controls:
        el = page.locator(f'[data-kb-id="{control["id"]}"]')
        if el.count() == 0 or not el.is_visible() or el.is_disabled():
            continue  # an earlier action (e.g. Clear) took it away
        tag, kind = control["tag"], control["type"]
        if tag == "button" or (tag == "input" and kind in ("button", "submit", "reset")):
            for key in ("Enter", "Space"):
                if el.count() == 0 or not el.is_visible() or el.is_disabled():
                    break
                before = page.evaluate("() => window.__kbClicks.length")
                el.focus()
                page.keyboard.press(key)
                if page.evaluate("() => window.__kbClicks.length") == before:
                    failures.append(f"{key} on button {control['label']!r}")
                # A button may open a modal dialog (e.g. presenter mode); Escape closes it,
                # as a keyboard user would, so the rest of the page can be reached again.
                if page.evaluate("() => !!document.querySelector('dialog[open]')"):
                    page.keyboard.press("Escape")
        elif tag == "input" and kind in ("checkbox", "radio"):
            el.focus()
            page.keyboard.press("Space")
            if not el.is_checked():
                failures.append(f"Space on {kind} {control['label']!r}")
        elif tag == "textarea" or (tag == "input" and kind in ("text", "search", "number", "")):
            el.focus()
            page.keyboard.type("7")
            if "7" not in el.input_value():
                failures.append(f"typing in {tag} {control['label']!r}")
    assert not failures, f"{path}: keyboard did not work for {failures}"
