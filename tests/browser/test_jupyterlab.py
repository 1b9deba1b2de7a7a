"""Live mode in a real JupyterLab: the same widgets, run from a notebook with a kernel, send
what the user does back to Python (the checker's `text` and `report`, the quiz's `score`).

A JupyterLab server is started on 127.0.0.1 with a throwaway notebook, and Chromium drives it
as a user would: run the cell, type, click, then run a cell that prints what Python now holds.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from widgets.engine import check
from widgets.packs import load_packs

from .test_quiz import question_of, wanted_labels

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PLAN = "Mum will take Ava (4) to the dentist on 3 March so that her toothache is treated."
CELLS = [
    "from widgets.checker import checker\nbox = checker(\"smart\")\nbox",
    "import json\nframe = box.report_frame()\n"
    "print('CHECKER', json.dumps({'text': box.text, 'report': box.report, "
    "'rows': len(frame), 'met': [bool(m) for m in frame['met']]}))",
    "from widgets.quiz import Quiz\nquiz = Quiz(bank='ilacs', count=2, seed=5)\nquiz",
    "print('QUIZ', json.dumps(quiz.score))",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    # Without a kernelspec JupyterLab asks which kernel to start.
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, home / "live.ipynb")
    port = _free_port()
    # Settings and workspaces in the throwaway folder: no saved layout, no news pop-up.
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
        f"--port={port}", "--ip=127.0.0.1", f"--ServerApp.root_dir={home}",
        "--IdentityProvider.token=", "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True", "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={home / 'settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=home)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/lab", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                pytest.fail("JupyterLab did not start:\n" + (home / "lab.log").read_text()[-3000:])
            time.sleep(0.5)
    try:
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def notebook(browser: Any, lab: str) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(f"{lab}/lab/tree/live.ipynb?reset", wait_until="domcontentloaded")
    page.wait_for_function(
        "() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel",
        timeout=90_000,
    )
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.ready")
    yield page
    ctx.close()


def _run_cell(page: Any, index: int) -> None:
    page.evaluate(
        """async (i) => {
            const panel = window.jupyterapp.shell.currentWidget;
            panel.content.activeCellIndex = i;
            await window.jupyterapp.commands.execute('notebook:run-cell');
        }""",
        index,
    )


def _printed(page: Any, tag: str) -> Any:
    out = page.locator(".jp-OutputArea-output", has_text=tag).last
    out.wait_for(timeout=60_000)
    return json.loads(out.inner_text().split(tag, 1)[1])


def test_the_checker_sends_the_text_and_the_browser_report_back_to_python(notebook: Any) -> None:
    _run_cell(notebook, 0)
    root = notebook.locator('[data-casecheck="smart"]')
    root.wait_for(timeout=60_000)
    notebook.locator("[data-casecheck-input]").fill(PLAN)
    notebook.locator('[data-casecheck-action="check"]').click()
    expected = check(PLAN, load_packs()["smart"])
    met = root.locator('[data-criterion="smart.timebound"]')
    assert met.get_attribute("data-met") == "true"
    notebook.wait_for_timeout(500)  # let the last change reach the kernel
    _run_cell(notebook, 1)
    got = _printed(notebook, "CHECKER")
    assert got["text"] == PLAN
    # The report was made by the browser engine; it means what the Python engine says.
    assert [(c["id"], c["met"], c["evidence"]) for c in got["report"]["criteria"]] == [
        (c["id"], c["met"], c["evidence"]) for c in expected["criteria"]
    ]
    assert got["rows"] == 6 and got["met"] == [c["met"] for c in expected["criteria"]]


def test_the_quiz_sends_its_score_back_to_python(notebook: Any) -> None:
    _run_cell(notebook, 2)
    blocks = notebook.locator(".quiz-question")
    blocks.first.wait_for(timeout=60_000)
    assert blocks.count() == 2
    for i in range(2):
        block = blocks.nth(i)
        for label in wanted_labels(question_of(block), right=i == 0):
            block.get_by_label(label, exact=True).check()
        block.get_by_role("button", name="Check answer").click()
    notebook.wait_for_timeout(500)
    _run_cell(notebook, 3)
    score = _printed(notebook, "QUIZ")
    assert score == {"bank": "ilacs", "score": 1, "outOf": 2, "checked": 2, "complete": True}
