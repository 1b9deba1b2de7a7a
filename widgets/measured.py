"""How well the self-check agrees with careful readers, as measured on the corpus's locked
test split (data/labelled/, records by writers whose work was never trained or tuned on).

`python -m tools.evaluate --record` measures it and writes data/labelled/measured.json; a test
fails if the file is not what a fresh measurement gives, so a chapter never shows a stale
figure. The chapters show it with `measured_table(framework)`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

MEASURED_PATH = Path(__file__).resolve().parent.parent / "data" / "labelled" / "measured.json"


def load_measured(path: Path = MEASURED_PATH) -> dict[str, Any]:
    if not path.exists():
        return {"criteria": {}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


class MeasuredTable:
    """An accessible HTML table: each criterion of a framework, and how often the checker
    agreed with careful readers on records it had never seen."""

    def __init__(self, framework: str) -> None:
        from widgets.packs import load_packs

        pack = load_packs()[framework]
        self.measured = load_measured()
        self.rows = [(c["title"], self.measured["criteria"].get(c["id"])) for c in pack["criteria"]]
        self.title = pack["title"]

    def _repr_html_(self) -> str:
        m = self.measured
        caption = (f"{self.title}: how often the checker agreed with careful readers on records "
                   "it had never seen")
        body = []
        for title, row in self.rows:
            if row is None:
                cells = "<td>not yet measured</td><td></td>"
            else:
                cells = (f"<td>{row['agreement'] * 100:.0f}%</td>"
                         f"<td>{row['agree']} of {row['records']}</td>")
            body.append(f'<tr><th scope="row">{html.escape(title)}</th>{cells}</tr>')
        return (
            '<table class="casecheck-compare-table">'
            f"<caption>{html.escape(caption)}</caption>"
            '<thead><tr><th scope="col">Criterion</th><th scope="col">Agreement</th>'
            '<th scope="col">Records</th></tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
            f"<p>Measured on {html.escape(_uk_date(m.get('date')))} on the locked test split of "
            f"the labelled corpus: {m.get('test_records', 0):,} fictional records by writers "
            "whose records were never used to train or tune the checker. The learned part "
            f"was trained on {m.get('train_records', 0):,} other fictional records.</p>"
        )


def _uk_date(iso: str | None) -> str:
    """"2026-12-04" -> "4 December 2026", as the book writes dates."""
    import datetime

    if not iso:
        return "no date yet"
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def measured_table(framework: str) -> MeasuredTable:
    return MeasuredTable(framework)
