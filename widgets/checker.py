"""The case-record self-check widget for notebooks.

    from widgets.checker import checker, record_checker
    checker(name)                         # name: a pack's framework (widgets/criteria/*.yml)
    record_checker()                      # every pack at once, for a whole record

In a live notebook (JupyterLab, VS Code) it is an anywidget whose `_esm` is
`widgets/static/casecheck.js`, bundled into one module by `widgets.esm`. What the user types
comes back to Python in the `text` trait, and the browser engine's findings in `report`, so
`checker.report_frame()` turns them into a pandas DataFrame. Text set from Python is checked
by the Python engine, so `report` is also filled where no browser runs (nbval, batch).

After each check the widget runs the anonymisation guard (`widgets.anonymise`, the same
rules in the browser) on the text and, if it finds likely identifiers, shows a warning with a
"Redact and copy" button; the box itself is never changed. The names a user lists for the
guard are not a trait: they stay in the browser. `CaseCheck.identifiers()` gives the same
findings in Python.

On the static site `_repr_mimebundle_` adds a `text/html` placeholder (docs/contracts.md) that
`widgets/static/hydrate.js` turns into the same widget, with no kernel.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from widgets import anonymise
from widgets.esm import bundle
from widgets.guard import load_guard
from widgets.placeholder import with_placeholder

if TYPE_CHECKING:
    import pandas as pd

STATIC_DIR = Path(__file__).resolve().parent / "static"
WHOLE_RECORD = "all"  # the checker that reads a record section by section, with every pack
FRAME_COLUMNS = ["framework", "criterion", "title", "met", "evidence", "concerns", "prompt"]


def _packs() -> dict[str, Any]:
    from widgets.packs import load_packs

    # As the browser gets them (JSON), so both modes see the same data.
    return json.loads(json.dumps(load_packs(), default=str))


def _book() -> dict[str, Any]:
    from widgets.packs import load_book

    return json.loads(json.dumps(load_book()))


def check(framework: str, text: str, packs: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Python engine's report for `text`, in the same shape as the browser's."""
    from widgets import engine

    packs = packs if packs is not None else _packs()
    if framework == WHOLE_RECORD:
        return {"reports": engine.check_record(text, packs)}
    return engine.check(text, packs[framework])


def _weights(framework: str, packs: dict[str, Any]) -> dict[str, Any]:
    """The learned weights the browser needs for this checker, as the weights file has them."""
    from widgets.scorer import load_weights

    wanted = list(packs) if framework == WHOLE_RECORD else [framework]
    models = load_weights()["frameworks"]
    return {f: models[f] for f in wanted if f in models}


def framework_reports(report: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The per-framework reports inside a report (one, or three for "all")."""
    if not report:
        return []
    if isinstance(report.get("criteria"), list):
        return [report]
    inner = report.get("reports", report)
    parts = inner if isinstance(inner, list) else list(inner.values())
    return [r for r in parts if isinstance(r, dict) and isinstance(r.get("criteria"), list)]


def report_frame(report: dict[str, Any] | None) -> pd.DataFrame:
    """One row per criterion: framework, criterion id, title, met, evidence, concerns, prompt."""
    import pandas as pd

    rows = [
        {
            "framework": part.get("framework", ""),
            "criterion": c["id"],
            "title": c["title"],
            "met": bool(c["met"]),
            "evidence": "; ".join(c.get("evidence") or []),
            "concerns": "; ".join(c.get("concerns") or []),
            "prompt": c.get("prompt") or "",
        }
        for part in framework_reports(report)
        for c in part["criteria"]
    ]
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def compare_frame(framework: str, examples: dict[str, str]) -> pd.DataFrame:
    """Found / not found for each criterion (rows) in each named example (columns)."""
    import pandas as pd

    packs = _packs()
    table: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}
    groups: dict[str, str] = {}
    for name, text in examples.items():
        for part in framework_reports(check(framework, text, packs)):
            for c in part["criteria"]:
                titles[c["id"]] = c["title"]
                groups[c["id"]] = part.get("title", part.get("framework", ""))
                table.setdefault(name, {})[c["id"]] = "Found" if c["met"] else "Not found"
    frame = pd.DataFrame(table).reindex(list(titles))
    frame.insert(0, "Criterion", [titles[i] for i in frame.index])
    if framework == "all":
        frame.insert(0, "Framework", [groups[i] for i in frame.index])
    return frame.reset_index(drop=True)


class CompareTable:
    """Worked examples and what the Python engine finds in each, as an accessible HTML table.

    Computed when the notebook runs (at build time for the book), so the page never states
    a result that the engine does not give.
    """

    def __init__(self, framework: str, examples: dict[str, str], caption: str) -> None:
        self.examples = examples
        self.caption = caption
        self.frame = compare_frame(framework, examples)

    def _repr_html_(self) -> str:
        parts = ['<div class="casecheck-compare">']
        for name, text in self.examples.items():
            parts.append(f"<p><strong>{html.escape(name)}:</strong></p>")
            parts.append(f"<blockquote><p>{html.escape(text)}</p></blockquote>")
        table = self.frame.to_html(index=False, border=0, classes="casecheck-compare-table",
                                   escape=True)
        # A caption names the table for screen readers; header cells get their scope.
        table = table.replace(">\n", f">\n<caption>{html.escape(self.caption)}</caption>\n", 1)
        table = table.replace("<th>", '<th scope="col">')
        # No inline style attributes: pages run under Content-Security-Policy default-src 'self'.
        table = re.sub(r'\sstyle="[^"]*"', "", table)
        parts.append(table)
        parts.append("</div>")
        return "\n".join(parts)


def compare_table(framework: str, examples: dict[str, str], caption: str) -> CompareTable:
    """Show worked examples and the checker's findings side by side (for chapter notebooks)."""
    return CompareTable(framework, examples, caption)


class CaseCheck(anywidget.AnyWidget):
    """A self-check text box for one pack's framework, or "all" (a whole record).

    Traits: `framework`, `packs` (the validated criteria packs), `weights` (the learned
    scorer's weights for its frameworks), `guard` (the identifier guard's data), `text` (what
    is in the box), `report` (the engine's findings, or None before anything is checked).
    """

    _esm = bundle("casecheck.js")
    _css = (STATIC_DIR / "casecheck.css").read_text(encoding="utf-8")

    framework = traitlets.Unicode(WHOLE_RECORD).tag(sync=True)
    packs = traitlets.Dict().tag(sync=True)
    book = traitlets.Dict().tag(sync=True)
    weights = traitlets.Dict().tag(sync=True)
    guard = traitlets.Dict().tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    report = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)

    def __init__(self, framework: str = WHOLE_RECORD, text: str = "", **kwargs: Any) -> None:
        packs = _packs()
        if framework not in (*packs, WHOLE_RECORD):
            raise ValueError(
                f"framework {framework!r} is not one of {', '.join((*packs, WHOLE_RECORD))}"
            )
        report = check(framework, text, packs) if text else None
        super().__init__(framework=framework, packs=packs, book=_book(),
                         weights=_weights(framework, packs), guard=load_guard(), text=text,
                         report=report, **kwargs)

    @traitlets.observe("text")
    def _text_changed(self, change: dict[str, Any]) -> None:
        # Text typed in the browser arrives with the browser's report (ipywidgets locks the
        # properties it is setting from the front end); text set here gets a Python report.
        if "text" in getattr(self, "_property_lock", {}):
            return
        self.report = check(self.framework, change["new"], self.packs) if change["new"] else None

    def report_frame(self) -> pd.DataFrame:
        """The current report as a DataFrame, one row per criterion."""
        return report_frame(self.report)

    def identifiers(self, names: str | Iterable[str] = ()) -> list[anonymise.Finding]:
        """Likely identifiers in the text, as the widget's warning counts them."""
        return anonymise.find_identifiers(self.text, names)

    def identifier_warning(self, names: str | Iterable[str] = ()) -> str:
        """The widget's warning for the text ('' when the guard finds nothing)."""
        return anonymise.warning_text(self.identifiers(names))

    def redacted(self, names: str | Iterable[str] = ()) -> str:
        """The text with each likely identifier replaced by a label, as "Redact and copy" gives."""
        return anonymise.redact(self.text, self.identifiers(names))

    def props(self) -> dict[str, Any]:
        """The initial state a static page needs; the packs come from packs.js there."""
        props: dict[str, Any] = {"framework": self.framework}
        if self.text:
            props["text"] = self.text
        return props

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return with_placeholder(
            super()._repr_mimebundle_(**kwargs), "casecheck", self.props(),
            self._loading(),
        )

    def _loading(self) -> str:
        if self.framework == WHOLE_RECORD:
            return str(self.book["whole_record"]["loading"])
        return str(self.packs[self.framework]["display"]["loading"])


def checker(framework: str, text: str = "") -> CaseCheck:
    """A checker for one pack's framework (its id, as in widgets/criteria/*.yml)."""
    return CaseCheck(framework=framework, text=text)


def record_checker(text: str = "") -> CaseCheck:
    """A checker for a whole record: each section with its own pack, or every pack."""
    return CaseCheck(framework=WHOLE_RECORD, text=text)
