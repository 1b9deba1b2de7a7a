"""Every chapter notebook (found automatically) is stored without outputs and runs under nbval."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "chapters").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def test_chapters_have_notebooks() -> None:
    assert NOTEBOOKS, "no notebooks found under chapters/"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_is_stored_without_outputs(notebook: str) -> None:
    nb = json.loads((ROOT / notebook).read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, (
        f"{notebook} is stored with outputs in cells {dirty}: clear them "
        f"(e.g. `jupyter nbconvert --clear-output --inplace {notebook}`)"
    )
    assert "widgets" not in nb.get("metadata", {}), (
        f"{notebook} stores widget state in its metadata; it would load a widget manager "
        "from a CDN. Clear it (Edit > Clear all outputs, without saving widget state)."
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_under_nbval(notebook: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider", notebook],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"{notebook} failed under nbval:\n{proc.stdout[-4000:]}"
