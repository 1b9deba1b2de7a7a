"""The self-check widget, Python side: the placeholder the static site needs, the bundled
module anywidget runs, and the report a notebook turns into a DataFrame."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from widgets import engine
from widgets.checker import (
    FRAME_COLUMNS,
    CaseCheck,
    checker,
    compare_frame,
    record_checker,
    report_frame,
)
from widgets.esm import BundleError, bundle
from widgets.packs import load_packs

NODE = shutil.which("node") or "/usr/bin/node"
STATIC_JS = Path(__file__).resolve().parents[1] / "widgets" / "static"
ROOT = Path(__file__).resolve().parents[1]
PLAN = (
    "Mum (Kerry) will take Maisie to the baby clinic every other Tuesday so that the health "
    "visitor can check she is gaining weight, until the review on 14 March."
)


class _Placeholders(HTMLParser):
    """Collects the attributes of each bookwidget div and any script tag."""

    def __init__(self) -> None:
        super().__init__()
        self.divs: list[dict[str, str | None]] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        if tag == "div" and ("class", "bookwidget") in attrs:
            self.divs.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _placeholder(widget: CaseCheck) -> tuple[_Placeholders, dict[str, object]]:
    data, _metadata = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data, "the live widget view is gone"
    parser = _Placeholders()
    parser.feed(data["text/html"])
    return parser, data


@pytest.mark.parametrize("framework", [*load_packs(), "all"])
def test_mimebundle_has_a_script_free_placeholder(framework: str) -> None:
    parser, _ = _placeholder(CaseCheck(framework=framework))
    assert parser.scripts == 0
    assert len(parser.divs) == 1
    div = parser.divs[0]
    assert div["data-widget"] == "casecheck"
    assert json.loads(div["data-props"] or "") == {"framework": framework}
    # The loading sentence tells a reader what will appear (and is what shows without JS).
    assert "checker" in "".join(parser.text)


def test_placeholder_props_are_escaped() -> None:
    hostile = "</div><script>window.pwned=1</script> it's \"quoted\" & <b>bold</b>"
    widget = checker("smart", text=hostile)
    parser, data = _placeholder(widget)
    assert parser.scripts == 0 and "<script" not in str(data["text/html"])
    assert json.loads(parser.divs[0]["data-props"] or "") == {"framework": "smart", "text": hostile}


def test_unknown_framework_is_refused() -> None:
    with pytest.raises(ValueError, match="not one of"):
        CaseCheck(framework="smrat")


def test_packs_trait_is_what_the_browser_gets() -> None:
    widget = CaseCheck(framework="all")
    assert list(widget.packs) == list(load_packs())
    assert widget.packs == json.loads(json.dumps(load_packs(), default=str))


def _node_import(source: str, script: str) -> str:
    """Import `source` as an ES module from a data: URL (no file, no relative path) in node."""
    url = "data:text/javascript;base64," + base64.b64encode(source.encode()).decode()
    proc = subprocess.run(
        [NODE, "--input-type=module", "-e",
         f"const m = await import({json.dumps(url)});\n{script}"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_bundle_is_self_contained_and_loads_from_a_data_url() -> None:
    source = bundle("casecheck.js")
    assert 'from "./' not in source and "from './" not in source
    out = _node_import(source, "console.log(typeof m.default.render, typeof m.staticState)")
    assert out == "function function"


def test_widget_esm_is_the_current_bundle() -> None:
    # The class bundles at import time; a stale copy would mean live and static differ.
    assert CaseCheck._esm == bundle("casecheck.js")


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_bundle_keeps_modules_apart_and_resolves_aliases(tmp_path: Path) -> None:
    _write(tmp_path, {
        "a.js": "const secret = 'a';\nexport function hello(x) { return `${secret}:${x}`; }\n"
                "export default { name: 'a-default' };\n",
        "b.js": "import { hello as hi } from './a.js';\nconst secret = 'b';\n"
                "export const twice = (x) => hi(x) + secret;\nexport { secret as bSecret };\n",
        "main.js": "import A, { hello } from \"./a.js\";\nimport * as B from './b.js';\n"
                   "export default { render() { return [A.name, hello(1), B.twice(2), B.bSecret]; } };\n",
    })
    source = bundle("main.js", root=tmp_path)
    assert source.count("const secret") == 2  # each module in its own scope, once each
    out = _node_import(source, "console.log(JSON.stringify(m.default.render()))")
    assert json.loads(out) == ["a-default", "a:1", "a:2b", "b"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"main.js": "import x from 'lodash';\nexport default x;\n"}, "only './name.js'"),
        ({"main.js": "import x from './missing.js';\n"}, "does not exist"),
        ({"main.js": "import './side.js';\n", "side.js": ""}, "cannot handle"),
        ({"main.js": "import { nope } from './a.js';\n", "a.js": "export const yes = 1;\n"},
         "does not export"),
        ({"main.js": "import { a } from './a.js';\n", "a.js": "export * from './b.js';\n",
          "b.js": "export const a = 1;\n"}, "cannot handle"),
        ({"main.js": "import { a } from './a.js';\n",
          "a.js": "import { b } from './b.js';\nexport const a = 1;\n",
          "b.js": "import { a } from './a.js';\nexport const b = 2;\n"}, "import cycle"),
        ({"main.js": "import { a } from './a.js';\n",
          "a.js": "export const a = import.meta.url;\n"}, "import.meta"),
    ],
)
def test_bundle_fails_loudly(tmp_path: Path, files: dict[str, str], message: str) -> None:
    _write(tmp_path, files)
    with pytest.raises(BundleError, match=message) as err:
        bundle("main.js", root=tmp_path)
    assert ".js" in str(err.value)  # names the file


def test_report_frame_matches_the_engine() -> None:
    mixed = "Mum (Kerry) will take Maisie to the baby clinic before the review on 14 March."
    widget = checker("smart", text=mixed)
    frame = widget.report_frame()
    expected = engine.check(mixed, load_packs()["smart"])
    assert list(frame.columns) == FRAME_COLUMNS
    assert list(frame["criterion"]) == [c["id"] for c in expected["criteria"]]
    assert list(frame["met"]) == [c["met"] for c in expected["criteria"]]
    assert frame["met"].any() and not frame["met"].all(), "the example should be mixed"
    evidence = dict(zip(frame["criterion"], frame["evidence"], strict=True))
    assert "Mum" in evidence["smart.responsible"]


def test_whole_record_frame_has_every_framework_once() -> None:
    frame = record_checker(text=PLAN).report_frame()
    assert list(dict.fromkeys(frame["framework"])) == list(load_packs())
    assert frame["criterion"].is_unique
    total = sum(len(p["criteria"]) for p in load_packs().values())
    assert len(frame) == total


def test_empty_widget_gives_an_empty_frame_with_columns() -> None:
    frame = checker("smart").report_frame()
    assert frame.empty and list(frame.columns) == FRAME_COLUMNS
    assert report_frame(None).empty


def test_text_from_python_is_checked_and_text_from_browser_keeps_its_report() -> None:
    widget = checker("smart")
    widget.text = PLAN
    assert widget.report == engine.check(PLAN, load_packs()["smart"])
    widget.text = ""
    assert widget.report is None
    # The browser sends text and its own report together; Python must not overwrite it.
    browser_report = {"framework": "smart", "criteria": [], "items": [], "empty": False,
                      "summary": {"met": 0, "total": 0}, "title": "from the browser"}
    widget.set_state({"text": "typed in the browser", "report": browser_report})
    assert widget.text == "typed in the browser"
    assert widget.report == browser_report


def test_compare_frame_puts_examples_side_by_side() -> None:
    frame = compare_frame("smart", {"Before": "We will support mum.", "After": PLAN})
    assert list(frame.columns) == ["Criterion", "Before", "After"]
    assert set(frame["Before"]) <= {"Found", "Not found"}
    assert (frame["After"] == "Found").sum() > (frame["Before"] == "Found").sum()


# A fictional record: the NHS number is a test-range number with a valid Modulus 11 digit.
RECORD = (
    "Home visit to Ava. NHS number 999 000 0018. She lives at 4 Elm Close, LS6 2AB. "
    "Mum's phone is 07700 900123 and her email is mum.t@example.com. "
    'Ava said "I like my new school and my friend Priya."'
)


def test_bundled_checker_carries_the_guard() -> None:
    # The guard's code must be inlined: the live widget has no other module to import.
    source = bundle("casecheck.js")
    assert "anonymise.js" in source.splitlines()[0]
    found = [{"type": "nhs_number"}, {"type": "postcode"}, {"type": "nhs_number"}]
    guard = ROOT / "tests" / "vectors" / "guard.json"
    out = _node_import(source, "const fs = await import('node:fs');\n"
                               f"m.useGuard(JSON.parse(fs.readFileSync({json.dumps(str(guard))}, 'utf8')));\n"
                               f"console.log(m.guardSummary({json.dumps(found)}))")
    assert out == "Possible identifiers: 2 NHS numbers, 1 postcode."


def test_python_gives_the_widgets_identifier_findings_and_warning() -> None:
    widget = checker("smart", text=RECORD)
    kinds = {f["type"] for f in widget.identifiers("Priya")}
    assert kinds == {"nhs_number", "address", "postcode", "phone", "email", "name"}
    warning = widget.identifier_warning("Priya")
    assert warning.startswith(
        "Possible identifiers found: 1 email address, 1 NHS number, 1 phone number, "
        "1 postcode, 1 address, ") and "name" in warning
    assert warning.endswith(". Remove or replace them before you share this text.")
    # The browser's wording, from the same module the widget imports, is the same sentence.
    script = (
        "const m = await import(process.argv[1]);\n"
        "const fs = await import('node:fs');\n"
        "m.setGuard(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));\n"
        f"console.log(m.warningText(m.findIdentifiers({json.dumps(RECORD)}, 'Priya')));"
    )
    js = subprocess.run(
        [NODE, "--input-type=module", "-e", script, str(STATIC_JS / "anonymise.js"),
         str(ROOT / "tests" / "vectors" / "guard.json")],
        capture_output=True, text=True, timeout=60,
    )
    assert js.returncode == 0, js.stderr
    assert js.stdout.strip() == warning
    redacted = widget.redacted("Priya")
    assert "999 000 0018" not in redacted and "LS6 2AB" not in redacted
    assert "[NHS number]" in redacted and "[postcode]" in redacted and "[Name 1]" in redacted
    assert widget.text == RECORD, "finding or redacting must not change the text"
    assert checker("smart", text="Mum will take her to nursery.").identifier_warning() == ""


def test_names_for_the_guard_are_not_synced() -> None:
    # The names a user lists stay in the browser: no trait could carry them to the kernel.
    synced = set(CaseCheck().traits(sync=True))
    assert not {t for t in synced if "name" in t.lower() and not t.startswith("_")}
    assert {"framework", "packs", "text", "report"} <= synced
