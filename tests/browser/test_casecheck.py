"""The case-record self-check on the built site, driven in Chromium as a reader would use it.

Every page with a checker is found by scanning the build for its placeholder, so a new
chapter with a checker is tested without editing this file.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from widgets import engine
from widgets.packs import load_packs

from .axe import describe, run_axe
from .conftest import open_page
from .site import ROOT, pages_with

pytestmark = pytest.mark.browser

PAGES = pages_with('data-widget="casecheck"') or ["(no page with a checker was built)"]
FRAMEWORKS = ("smart", "voice", "risk")
VECTORS = ROOT / "tests" / "vectors" / "dev-cases.jsonl"

# Each payload sets window.__xss if it ever runs; the checker must show it as plain text.
XSS_PAYLOADS = [
    "<script>window.__xss = 1</script>",
    "<img src=x onerror=\"window.__xss = 2\">",
    "<svg onload=\"window.__xss = 3\"><circle r=1 /></svg>",
    "<a href=\"javascript:window.__xss = 4\">click</a>",
    "<iframe srcdoc=\"<script>parent.__xss = 5</script>\"></iframe>",
    "<div onmouseover=\"window.__xss = 6\" style=\"position:fixed;inset:0\">x</div>",
    "{{constructor.constructor('window.__xss = 7')()}} ${window.__xss = 8}",
    "</textarea><script>window.__xss = 9</script>",
    "<body onload=\"window.__xss = 10\">",
    "\"><img src=/ onerror=window.__xss=11>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss=12\">",
    "<object data=\"javascript:window.__xss=13\"></object><embed src=\"javascript:window.__xss=14\">",
    "<details open ontoggle=\"window.__xss = 15\">",
    "<input autofocus onfocus=\"window.__xss = 16\">",
]
CREATED_TAGS = "script, img, svg, iframe, object, embed, math, style, input, details, a, body, div[onmouseover]"

ROOTS_JS = """() => Array.from(document.querySelectorAll('[data-widget="casecheck"]'), (el, i) => {
  const root = el.querySelector('[data-casecheck]');
  if (root) root.dataset.ccTest = String(i);
  return {i, hydrated: el.dataset.hydrated || '', props: JSON.parse(el.dataset.props || '{}'),
          framework: root ? root.dataset.casecheck : null};
})"""

RESULTS_JS = """(sel) => Object.fromEntries(Array.from(
  document.querySelector(sel).querySelectorAll('[data-criterion]'),
  (e) => [e.dataset.criterion, e.dataset.met]))"""


def _dev_cases() -> list[dict[str, Any]]:
    if not VECTORS.exists():
        pytest.fail(f"{VECTORS} is missing")
    return [json.loads(line) for line in VECTORS.read_text(encoding="utf-8").splitlines() if line]


def _packs() -> dict[str, Any]:
    return json.loads(json.dumps(load_packs(), default=str))


def _expected(framework: str, text: str) -> dict[str, str]:
    """What the Python engine says, in the DOM's terms: {criterion id: "true"/"false"}."""
    packs = _packs()
    names = FRAMEWORKS if framework == "all" else (framework,)
    reports = [engine.check(text, packs[f]) for f in names]
    return {c["id"]: "true" if c["met"] else "false" for r in reports for c in r["criteria"]}


def _open(page: Any, site_url: str, path: str) -> list[dict[str, Any]]:
    assert not path.startswith("("), path
    open_page(page, site_url, path)
    roots = page.evaluate(ROOTS_JS)
    assert roots, f"{path}: no checker placeholder found"
    return roots


def _sel(root: dict[str, Any]) -> str:
    return f'[data-cc-test="{root["i"]}"]'


def _enter(page: Any, root: dict[str, Any], text: str) -> None:
    """Put text in the box (as a paste would) and press Check."""
    page.locator(f"{_sel(root)} [data-casecheck-input]").fill(text)
    page.locator(f'{_sel(root)} [data-casecheck-action="check"]').click()


@pytest.mark.parametrize("path", PAGES)
def test_checkers_hydrate_and_keep_the_dom_contract(page: Any, site_url: str, path: str) -> None:
    for root in _open(page, site_url, path):
        assert root["hydrated"] == "true", f"{path}: checker {root['i']} did not start"
        framework = root["props"]["framework"]
        assert root["framework"] == framework
        sel = _sel(root)
        box = page.locator(f"{sel} [data-casecheck-input]")
        assert box.count() == 1
        # A visible label tied to the box, and the privacy hint announced with it.
        label = page.locator(f'{sel} label[for="{box.get_attribute("id")}"]')
        assert label.is_visible() and label.inner_text().strip()
        hint_ids = (box.get_attribute("aria-describedby") or "").split()
        hints = " ".join(page.locator(f"#{h}").inner_text() for h in hint_ids)
        assert "stays in your browser" in hints
        status = page.locator(f'{sel} [role="status"]').first
        assert status.get_attribute("aria-live") == "polite"
        # Empty: a friendly prompt, not an empty table.
        assert page.locator(f"{sel} [data-casecheck-empty]").is_visible()
        assert page.locator(f"{sel} [data-criterion]").count() == 0

        _enter(page, root, "Mum will take Ava to nursery every day.")
        found = page.evaluate(RESULTS_JS, sel)
        assert set(found) == set(_expected(framework, "x")), "criteria shown differ from the pack"
        ids = page.eval_on_selector_all(f"{sel} [data-criterion]", "els => els.map(e => e.dataset.criterion)")
        assert len(ids) == len(set(ids)), f"duplicate criterion ids: {ids}"
        assert set(found.values()) <= {"true", "false"}


@pytest.mark.parametrize("path", PAGES)
def test_browser_agrees_with_the_python_engine(page: Any, site_url: str, path: str) -> None:
    cases = _dev_cases()
    for root in _open(page, site_url, path):
        framework = root["framework"]
        chosen = [c for c in cases if framework == "all" or c["framework"] == framework]
        # A few of each framework keeps the test quick; the parity suite covers every vector.
        picked = [c for f in FRAMEWORKS for c in [x for x in chosen if x["framework"] == f][:3]]
        assert picked, f"no dev examples for {framework}"
        for case in picked:
            _enter(page, root, case["text"])
            shown = page.evaluate(RESULTS_JS, _sel(root))
            assert shown == _expected(framework, case["text"]), f"{path} {framework}: {case['id']}"
            # Evidence listed under a criterion is also highlighted in the copy of the text.
            listed = page.locator(f"{_sel(root)} [data-criterion] .casecheck-evidence li").count()
            marks = page.locator(f"{_sel(root)} [data-casecheck-highlight] mark").count()
            assert (listed > 0) == (marks > 0), f"{case['id']}: {listed} listed, {marks} marked"


@pytest.mark.parametrize("path", PAGES)
def test_results_follow_typing_after_a_pause(page: Any, site_url: str, path: str) -> None:
    root = _open(page, site_url, path)[0]
    box = page.locator(f"{_sel(root)} [data-casecheck-input]")
    box.click()
    page.keyboard.type("Mum will take Ava to nursery every day so that she can play.", delay=5)
    page.wait_for_selector(f"{_sel(root)} [data-criterion]", timeout=3000)
    status = page.locator(f"{_sel(root)} [data-casecheck-status]").inner_text()
    assert " of " in status and "found" in status


@pytest.mark.parametrize("path", PAGES)
def test_pasted_markup_stays_inert_text(page: Any, site_url: str, path: str) -> None:
    for root in _open(page, site_url, path):
        sel = _sel(root)
        before = page.eval_on_selector(sel, f"(el) => el.querySelectorAll('{CREATED_TAGS}').length")
        for payload in XSS_PAYLOADS:
            _enter(page, root, f"Mum will take Ava to nursery. {payload}")
            # The copy of the text holds exactly the text, characters and all.
            copy = page.locator(f"{sel} [data-casecheck-highlight]").inner_text()
            assert payload in copy, f"payload not shown as text: {payload}"
        _enter(page, root, "\n".join(XSS_PAYLOADS))  # all at once, as several "items"
        page.mouse.move(5, 5)
        page.mouse.move(400, 400)
        page.wait_for_timeout(300)  # onerror/onload would fire by now
        assert page.evaluate("() => window.__xss") is None, f"{path}: a payload ran"
        after = page.eval_on_selector(sel, f"(el) => el.querySelectorAll('{CREATED_TAGS}').length")
        assert after == before, f"{path}: payload markup became elements in the checker"


@pytest.mark.parametrize("path", PAGES)
def test_typing_and_checking_make_no_request(page: Any, site_url: str, path: str) -> None:
    roots = _open(page, site_url, path)
    page.wait_for_timeout(300)
    seen = len(page.request_log)
    for root in roots:
        page.locator(f"{_sel(root)} [data-casecheck-input]").click()
        page.keyboard.type("Leo said \"I like school\". https://example.org/x.png", delay=2)
        page.wait_for_timeout(400)
        _enter(page, root, "<img src=\"https://example.org/a.png\"> Mum will take Ava to nursery.")
        page.wait_for_timeout(200)
    assert page.request_log[seen:] == [], f"{path}: requests while typing: {page.request_log[seen:]}"


STORED_JS = """async (marker) => {
  const found = [];
  const scan = (where, value) => { if (String(value).includes(marker)) found.push(where); };
  for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++)
    scan('storage ' + s.key(i), s.key(i) + '=' + s.getItem(s.key(i)));
  scan('cookie', document.cookie);
  const dbs = indexedDB.databases ? await indexedDB.databases() : [];
  for (const info of dbs) {
    const db = await new Promise((ok, no) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = no; });
    for (const store of db.objectStoreNames) {
      const all = await new Promise((ok) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); });
      scan('indexedDB ' + info.name + '/' + store, JSON.stringify(all));
    }
    db.close();
  }
  if (self.caches) for (const key of await caches.keys()) scan('cache ' + key, key);
  return {found, dbs: dbs.length};
}"""


@pytest.mark.parametrize("path", PAGES)
def test_nothing_of_the_text_is_stored(page: Any, site_url: str, path: str) -> None:
    marker = "Zebedee-Quillfeather-7731"
    for root in _open(page, site_url, path):
        page.locator(f"{_sel(root)} [data-casecheck-input]").click()
        page.keyboard.type(f"{marker} will take Ava to nursery.", delay=1)
        _enter(page, root, f"{marker} said \"I want to stay\".")
        page.locator(f'{_sel(root)} [data-casecheck-action="copy"]').click()
    page.wait_for_timeout(400)
    result = page.evaluate(STORED_JS, marker)
    assert result["found"] == [], f"{path}: case text stored in {result['found']}"


@pytest.mark.parametrize("path", PAGES)
def test_blank_text_gets_the_friendly_prompt(page: Any, site_url: str, path: str) -> None:
    for root in _open(page, site_url, path):
        _enter(page, root, "   \n\t  ")
        assert page.locator(f"{_sel(root)} [data-casecheck-empty]").is_visible()
        assert page.locator(f"{_sel(root)} [data-criterion]").count() == 0


def test_a_megabyte_of_text_answers_quickly_or_says_what_it_checks(page: Any, site_url: str) -> None:
    path = PAGES[0]
    root = _open(page, site_url, path)[0]
    sel = _sel(root)
    sentence = "Mum will take Ava to nursery every Monday so that she can play, by 4 May. "
    # While typing: the input event path (debounced), timed from the event to the results.
    elapsed = page.evaluate(
        """async ([sel, sentence]) => {
          const box = document.querySelector(sel + ' [data-casecheck-input]');
          box.value = sentence.repeat(Math.ceil(1048576 / sentence.length));
          const t0 = performance.now();
          box.dispatchEvent(new Event('input', {bubbles: true}));
          const status = document.querySelector(sel + ' [data-casecheck-status]');
          while (!/found/.test(status.textContent)) await new Promise((r) => setTimeout(r, 10));
          return performance.now() - t0;
        }""",
        [sel, sentence],
    )
    assert elapsed < 1300, f"typing 1 MB took {elapsed:.0f} ms to answer (300 ms is the pause)"
    notice = page.locator(f"{sel} .casecheck-notice")
    assert notice.is_visible() and "first" in notice.inner_text()
    # Pressing Check: answers within a (generous) bound, and says how much it read.
    start = time.perf_counter()
    page.locator(f'{sel} [data-casecheck-action="check"]').click()
    page.wait_for_function(
        "(sel) => /characters/.test(document.querySelector(sel + ' [data-casecheck-status]').textContent)",
        arg=sel,
    )
    took = time.perf_counter() - start
    assert took < 3, f"Check on 1 MB took {took:.1f} s"
    assert "first" in notice.inner_text()
    print(f"\n1 MB: typing path {elapsed:.0f} ms (incl. 300 ms pause); Check {took * 1000:.0f} ms")


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_in_any_state(page: Any, site_url: str, path: str) -> None:
    cases = _dev_cases()
    problems = []
    for root in _open(page, site_url, path):
        sel, fw = _sel(root), root["framework"]
        texts = {"empty": ""}
        rich = max((c for c in cases if fw == "all" or c["framework"] == fw),
                   key=lambda c: sum(c["labels"].values()))
        texts["results"] = rich["text"]
        texts["not met"] = "We will continue to support the family."
        texts["items"] = ("Mum will take Ava to nursery every day by 4 May.\n"
                          "Support will be offered.\nDad will attend the group on Tuesdays.")
        for state, text in texts.items():
            _enter(page, root, text)
            if state == "not met":
                assert page.locator(f'{sel} [data-met="false"]').count() > 0
            violations = run_axe(page, sel)
            if violations:
                problems.append(f"{fw} / {state}:\n{describe(violations)}")
    assert not problems, f"{path}:\n" + "\n".join(problems)


FOCUS_JS = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  return {action: el.dataset.casecheckAction || (el.matches('[data-casecheck-input]') ? 'input' : el.tagName),
          outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, shadow: s.boxShadow}; }"""


@pytest.mark.parametrize("path", PAGES)
def test_keyboard_reaches_and_works_every_control(page: Any, site_url: str, path: str) -> None:
    order = ["input", "check", "copy", "download", "clear"]
    for root in _open(page, site_url, path):
        sel = _sel(root)
        box = page.locator(f"{sel} [data-casecheck-input]")
        box.focus()
        page.keyboard.type("Mum will take Ava to nursery every day.")
        forward = [page.evaluate(FOCUS_JS)]
        for _ in order[1:]:
            page.keyboard.press("Tab")
            forward.append(page.evaluate(FOCUS_JS))
        assert [f["action"] for f in forward] == order
        backward = []
        for _ in order[1:]:
            page.keyboard.press("Shift+Tab")
            backward.append(page.evaluate(FOCUS_JS)["action"])
        assert backward == list(reversed(order[:-1]))
        # A visible focus indicator: focused controls look different from unfocused ones.
        for f in forward:
            target = f"{sel} [data-casecheck-action=\"{f['action']}\"]" if f["action"] != "input" \
                else f"{sel} [data-casecheck-input]"
            plain = page.eval_on_selector(target, """(el) => { el.blur(); const s = getComputedStyle(el);
                return {outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, shadow: s.boxShadow}; }""")
            assert (f["outline"], f["shadow"]) != (plain["outline"], plain["shadow"]), f"{f['action']}: no focus style"
            assert f["outline"].startswith("solid") or f["shadow"] != "none"
        # Enter on Check shows results; Space on Clear empties the box and returns focus to it.
        page.locator(f'{sel} [data-casecheck-action="check"]').focus()
        page.keyboard.press("Enter")
        assert page.locator(f"{sel} [data-criterion]").count() > 0
        page.locator(f'{sel} [data-casecheck-action="clear"]').focus()
        page.keyboard.press("Space")
        assert box.input_value() == ""
        assert page.evaluate(FOCUS_JS)["action"] == "input"
        assert page.locator(f"{sel} [data-casecheck-empty]").is_visible()
        # Space on Check and Enter on Clear work too.
        page.keyboard.type("Dad said \"I will come\".")
        page.locator(f'{sel} [data-casecheck-action="check"]').focus()
        page.keyboard.press("Space")
        assert page.locator(f"{sel} [data-criterion]").count() > 0
        page.locator(f'{sel} [data-casecheck-action="clear"]').focus()
        page.keyboard.press("Enter")
        assert box.input_value() == ""


def test_copy_download_and_clear(page: Any, context: Any, site_url: str, tmp_path: Path) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    for path in PAGES:
        for root in _open(page, site_url, path):
            sel = _sel(root)
            text = "Mum will take Ava to nursery every day so that she can play, by 4 May."
            _enter(page, root, text)
            titles = page.eval_on_selector_all(f"{sel} [data-criterion] h5",
                                               "els => els.map(e => e.textContent)")
            # Copy: the clipboard holds the plain-text reflection, and the user is told.
            page.locator(f'{sel} [data-casecheck-action="copy"]').click()
            page.wait_for_function(
                "(sel) => /copied/.test(document.querySelector(sel + ' .casecheck-action-status').textContent)",
                arg=sel)
            clip = page.evaluate("() => navigator.clipboard.readText()")
            assert "found" in clip and ("[Found]" in clip or "[Not found]" in clip)
            # Download: a text file made in the browser with the same report.
            with page.expect_download() as info:
                page.locator(f'{sel} [data-casecheck-action="download"]').click()
            saved = tmp_path / f"{root['framework']}.txt"
            info.value.save_as(saved)
            body = saved.read_text(encoding="utf-8")
            assert body == clip
            for title in titles:
                name = title.split(": ", 1)[-1]
                assert name in body, f"{name!r} missing from the download"
            # Clear: box, results and reflection gone; focus back in the box.
            page.locator(f'{sel} [data-casecheck-action="clear"]').click()
            assert page.locator(f"{sel} [data-casecheck-input]").input_value() == ""
            assert page.locator(f"{sel} [data-criterion]").count() == 0
            assert page.evaluate("() => document.activeElement.matches('[data-casecheck-input]')")


def test_copy_falls_back_to_selected_text(page: Any, site_url: str) -> None:
    root = _open(page, site_url, PAGES[0])[0]
    sel = _sel(root)
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }")
    _enter(page, root, "Mum will take Ava to nursery every day.")
    page.locator(f'{sel} [data-casecheck-action="copy"]').click()
    area = page.locator(f"{sel} .casecheck-reflection")
    area.wait_for(state="visible")
    selected = page.evaluate("""() => { const a = document.activeElement;
        return a.classList.contains('casecheck-reflection') && a.selectionStart === 0 && a.selectionEnd === a.value.length; }""")
    assert selected, "the reflection should be focused and selected for copying by hand"
    assert "found" in area.input_value()
    page.wait_for_function(
        "(sel) => document.querySelector(sel + ' .casecheck-action-status').textContent.length > 0", arg=sel)


LIVE_JS = """async ([source, packs]) => {
  // What anywidget does in JupyterLab: import _esm from a blob URL, render with the model.
  const url = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
  const mod = await import(url);
  const state = {framework: 'smart', packs, text: '', report: null};
  const listeners = {};
  window.__saved = [];
  const model = {
    get: (k) => state[k],
    set: (k, v) => { state[k] = v; },
    on: (e, cb) => { (listeners[e] ||= []).push(cb); },
    off: () => {},
    save_changes: () => { window.__saved.push({text: state.text, report: state.report}); },
    send: () => {},
  };
  window.__liveModel = {state, listeners};
  const el = document.createElement('div');
  document.querySelector('main').append(el);
  mod.default.render({model, el});
  return el.querySelector('[data-casecheck]') !== null;
}"""


def test_bundled_module_runs_from_a_blob_url_and_syncs_back(page: Any, site_url: str) -> None:
    from widgets.esm import bundle

    _open(page, site_url, PAGES[0])
    assert page.evaluate(LIVE_JS, [bundle("casecheck.js"), _packs()])
    text = "Mum will take Ava to nursery every day by 4 May."
    box = page.locator("main > div:last-child [data-casecheck-input]")
    box.fill(text)
    page.locator('main > div:last-child [data-casecheck-action="check"]').click()
    saved = page.evaluate("() => window.__saved.at(-1)")
    # The text and the browser's report go back to Python, and the report is the engine's.
    assert saved["text"] == text
    python = engine.check(text, _packs()["smart"])
    assert [c["met"] for c in saved["report"]["criteria"]] == [c["met"] for c in python["criteria"]]
    # Text set from Python (a change event from the kernel) refills the box and re-checks.
    page.evaluate("""(t) => { const m = window.__liveModel; m.state.text = t;
        for (const cb of m.listeners['change:text'] || []) cb(); }""", "We will support mum.")
    assert box.input_value() == "We will support mum."
    assert page.evaluate("() => window.__saved.at(-1).text") == "We will support mum."
