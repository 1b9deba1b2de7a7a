"""Build the book with every notebook executed and every warning an error.

The book is built into a staging folder and only copied to `_build/html` when the build
is clean, so a failed build never leaves a half-built site where `make serve` or the
browser tests would take it for a whole one. A failed build ends with a short list of the
problems, each naming its file.

    python -m tools.build_book [--out _build] [--toc _toc.yml] [--source .]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PROBLEM = re.compile(r"(WARNING|ERROR|CRITICAL|SEVERE|Error|Exception|error:)")
# Lines of a Python traceback that add nothing to the reader's picture of the problem.
# The kernel's own log (e.g. ipykernel 7's note on TCP transport) is not a build problem.
NOISE = re.compile(
    r"^(Traceback|\s+File |\s+\^|The above exception|During handling|\[IPKernelApp\])"
)


def problems(log: str) -> list[str]:
    """The lines of a build log that describe a problem, in order, without repeats."""
    seen: dict[str, None] = {}
    for raw in log.splitlines():
        line = ANSI.sub("", raw).rstrip()
        if line and PROBLEM.search(line) and not NOISE.match(line):
            seen.setdefault(line, None)
    return list(seen)


def toc_problems(toc: Path, source: Path) -> list[str]:
    """A malformed table of contents, or a listed file that does not exist, named plainly
    (Jupyter Book's own messages give the entry's index, not the file)."""
    from sphinx_external_toc.parsing import MalformedError, parse_toc_yaml

    shown = toc.relative_to(source) if toc.is_relative_to(source) else toc
    if not toc.exists():
        return [f"{shown}: the table of contents is missing"]
    try:
        site_map = parse_toc_yaml(toc)
    except MalformedError as err:
        return [f"{shown}: malformed entry: {err}"]
    except Exception as err:  # YAML syntax errors and the like
        return [f"{shown}: could not be read: {err}"]
    missing = []
    for docname in site_map:
        if not any((source / f"{docname}{ext}").exists() for ext in (".md", ".ipynb", ".rst")):
            missing.append(f"{shown}: lists '{docname}', but no {docname}.md or .ipynb exists")
    return missing


# What executed notebooks read besides their own text: the widgets, the packs and weights,
# and the measured figures. Jupyter's cache knows only the notebook's text, so when any of
# these change its stored outputs are dropped, and no page shows a stale table.
NOTEBOOK_INPUTS = ("widgets/**/*.py", "widgets/criteria/*", "data/labelled/measured.json")


def inputs_fingerprint(source: Path) -> str:
    digest = hashlib.sha256()
    for pattern in NOTEBOOK_INPUTS:
        for path in sorted(source.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(source).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh_notebook_cache(staging: Path, source: Path) -> None:
    stamp = staging / "notebook-inputs.sha256"
    now = inputs_fingerprint(source)
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != now:
        shutil.rmtree(staging / "_build" / ".jupyter_cache", ignore_errors=True)
        staging.mkdir(parents=True, exist_ok=True)
        stamp.write_text(now, encoding="utf-8")


def build(out: Path, toc: Path | None, source: Path = ROOT) -> int:
    found = toc_problems(toc or source / "_toc.yml", source)
    if found:
        print("The book did not build. Problems, each with its file:")
        for line in found:
            print(f"  {line}")
        return 1
    staging = out / "staging"
    html = out / "html"
    refresh_notebook_cache(staging, source)
    jb = Path(sys.executable).with_name("jupyter-book")
    # --all: every page is written afresh (executed notebooks still come from the cache), so
    # a change to the extension, templates or data reaches every page.
    cmd = [
        str(jb),
        "build",
        str(source),
        "--path-output",
        str(staging),
        "--all",
        "-W",
        "--keep-going",
    ]
    if toc is not None:
        cmd += ["--toc", str(toc)]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=source, capture_output=True, text=True)
    log = proc.stdout + proc.stderr
    (out / "build.log").write_text(log, encoding="utf-8")
    seconds = time.monotonic() - started
    found = problems(log)
    if proc.returncode != 0:
        print(f"The book did not build ({seconds:.0f} s). Problems, each with its file:")
        for line in found[:60] or ["(no message; see the full log)"]:
            print(f"  {line}")
        if len(found) > 60:
            print(f"  ... and {len(found) - 60} more")
        kept = f"The last good site in {html} was left as it was." if html.exists() else ""
        print(f"Full log: {out / 'build.log'}. {kept}".rstrip())
        return proc.returncode or 1
    built = staging / "_build" / "html"
    fresh = out / "html.new"
    if fresh.exists():
        shutil.rmtree(fresh)
    shutil.copytree(built, fresh)
    complete_redirect(fresh)
    if html.exists():
        shutil.rmtree(html)
    fresh.rename(html)
    pages = sum(1 for _ in html.rglob("*.html"))
    print(f"Built {pages} pages into {html} in {seconds:.0f} s with no warnings.")
    return 0


# Jupyter Book writes the site's root page as one bare redirect tag. Without a head, the
# browser asks for /favicon.ico (a 404 that, now and then, reaches the next page's console)
# and the page has no language, title or security policy. So it is made a complete page.
REDIRECT = re.compile(r'\A\s*<meta http-equiv="Refresh" content="0; url=([^"<>]+)" />\s*\Z')
ROOT_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy"
        content="default-src 'self'; object-src 'none'; base-uri 'self'">
  <meta http-equiv="Refresh" content="0; url={target}">
  <link rel="icon" href="_static/favicon.svg">
  <title>Ready for inspection</title>
</head>
<body>
  <p><a href="{target}">Open the book</a></p>
</body>
</html>
"""


def complete_redirect(html: Path) -> None:
    index = html / "index.html"
    if not index.exists():
        return
    m = REDIRECT.match(index.read_text(encoding="utf-8"))
    if m:
        index.write_text(ROOT_PAGE.format(target=m.group(1)), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build")
    parser.add_argument("--toc", type=Path, default=None, help="another table of contents")
    parser.add_argument("--source", type=Path, default=ROOT, help="the book's folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    return build(args.out.resolve(), args.toc, args.source.resolve())


if __name__ == "__main__":
    sys.exit(main())
