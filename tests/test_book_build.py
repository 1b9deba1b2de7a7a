"""The build gate: the real book built with zero warnings, and broken books fail clearly.

`make test` builds the book before pytest runs; these tests read that build's log and then
build small broken books in a temporary folder to prove each kind of bad input is refused
with a message that names the file, and that no half-built site replaces a good one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "_build" / "build.log"


def test_the_book_built_without_warnings() -> None:
    assert LOG.exists(), "no build log: run `make build` first"
    log = LOG.read_text(encoding="utf-8")
    # Sphinx's own form ("file:line: WARNING: ..."); kernel log lines ("WARNING |") are not it.
    warnings = [line for line in log.splitlines() if "WARNING:" in line or "ERROR:" in line]
    assert not warnings, "the build logged:\n" + "\n".join(warnings[:30])
    assert (ROOT / "_build" / "html" / "index.html").exists()


def test_every_toc_entry_was_built() -> None:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [
        ch["file"] for part in toc.get("parts", []) for ch in part.get("chapters", [])
    ]
    missing = [f for f in files if not (ROOT / "_build" / "html" / f"{f}.html").exists()]
    assert not missing, f"listed in _toc.yml but not built: {missing}"


def _small_book(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book)
    shutil.copytree(ROOT / "_templates", book / "_templates")
    shutil.copytree(ROOT / "assets", book / "assets")
    (book / "chapters" / "welcome.md").write_text("# Welcome\n\nA small book.\n")
    (book / "chapters" / "page.md").write_text("# A page\n\nSome text.\n")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/welcome\nchapters:\n  - file: chapters/page\n"
    )
    return book


def _build(book: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.build_book",
            "--source",
            str(book),
            "--out",
            str(book / "_build"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _notebook(source: str) -> str:
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": source,
                }
            ],
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


@pytest.mark.slow
def test_broken_books_fail_naming_the_file(tmp_path: Path) -> None:
    book = _small_book(tmp_path)
    good = _build(book)
    assert good.returncode == 0, good.stdout + good.stderr
    site = book / "_build" / "html"
    assert (site / "chapters" / "page.html").exists()

    # 1. A notebook whose cell raises.
    (book / "chapters" / "page.md").unlink()
    (book / "chapters" / "page.ipynb").write_text(
        _notebook("raise ValueError('broken on purpose')")
    )
    bad = _build(book)
    assert bad.returncode != 0
    assert "page.ipynb" in bad.stdout and "broken on purpose" in bad.stdout, bad.stdout
    # The last good site is left whole; nothing half-built replaced it.
    assert "Some text." in (site / "chapters" / "page.html").read_text()
    assert not (book / "_build" / "html.new").exists()

    # 2. A malformed _toc.yml entry.
    (book / "chapters" / "page.ipynb").write_text(_notebook("print('fine')"))
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/welcome\nchapters:\n  - fiel: chapters/page\n"
    )
    bad = _build(book)
    assert bad.returncode != 0
    assert "_toc.yml" in bad.stdout, bad.stdout

    # 3. A file listed in the table of contents that does not exist.
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/welcome\nchapters:\n  - file: chapters/missing\n"
    )
    bad = _build(book)
    assert bad.returncode != 0
    assert "chapters/missing" in bad.stdout, bad.stdout
