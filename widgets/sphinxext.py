"""Local Sphinx extension: ships the widgets' browser code and data to every page.

- copies `widgets/static/` to `_static/widgets/` and adds `hydrate.js` to each page as an
  ES module (no inline script, so pages work under `default-src 'self'`);
- writes the criteria packs and quiz banks as ES modules (`packs.js`, `quizbanks.js`, and one
  module a pack or bank, so a page loads only what it uses), so pages import them from their
  own origin, and the learned weights one module a framework
  (`weights/smart.js`), which a checker imports from the same origin when it first has text;
- provides the `bookwidget` directive, which puts the same placeholder in a Markdown page
  that a widget's `_repr_mimebundle_` puts in a notebook;
- removes theme assets that break the book's promises (see `strip_theme_assets`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from widgets.placeholder import placeholder_html

STATIC_DIR = Path(__file__).parent / "static"

# Theme scripts and styles that a page must not load: Font Awesome's 1.5 MB of JavaScript
# (the header icons are replaced by CSS in book.css) and anything that reaches another origin.
BLOCKED_ASSET_PARTS = ("fontawesome", "thebe", "require.js", "requirejs")


class BookWidgetDirective(SphinxDirective):
    """```{bookwidget} quiz
    :props: {"bank": "ilacs"}
    ```"""

    required_arguments = 1
    option_spec = {"props": directives.unchanged, "loading": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        widget = self.arguments[0]
        try:
            props = json.loads(self.options.get("props", "{}"))
            if not isinstance(props, dict):
                raise ValueError("props must be a JSON object")
            loading = self.options.get("loading", "The interactive part of this page is loading.")
            markup = placeholder_html(widget, props, loading)
        except ValueError as err:
            raise self.error(f"bookwidget {widget!r}: {err}") from err
        return [nodes.raw("", markup, format="html")]


def _data_modules() -> dict[str, Callable[[], dict[str, Any]]]:
    """Data shipped to the browser, each from its validated loader (imported lazily)."""

    def packs() -> dict[str, Any]:
        from widgets.packs import load_book, load_packs
        from widgets.scorer import load_weights

        # Beside the packs: the words that belong to no one pack (`book`), and which packs
        # have learned weights (`learned`), so a page asks only for weights that exist.
        learned = sorted(load_weights()["frameworks"])
        return {"default": load_packs(), "book": load_book(), "learned": learned}

    def banks() -> dict[str, Any]:
        from widgets.quizbank import load_banks

        return load_banks()

    def guard() -> dict[str, Any]:
        from widgets.guard import load_guard

        return {"default": load_guard()}

    # guard.js is fetched by the identifier guard only when it first has text to check.
    return {"packs.js": packs, "quizbanks.js": banks, "guard.js": guard}


def _write_weights(target: Path) -> None:
    """One module per framework's learned weights, fetched by a checker only when it first
    has text to check (so reading a chapter never loads them)."""
    from widgets.scorer import load_weights

    for framework, model in load_weights()["frameworks"].items():
        _write_module(target / "weights" / f"{framework}.js", model)


# Theme files copied to _static that no page may load (Font Awesome's script, source maps)
# or that are templates rather than pages (they would fail the accessibility gate).
UNUSED_THEME_FILES = (
    "scripts/fontawesome.js",
    "scripts/fontawesome.js.LICENSE.txt",
    "webpack-macros.html",
    "sbt-webpack-macros.html",
)


def prune_theme_files(static: Path) -> None:
    for name in UNUSED_THEME_FILES:
        (static / name).unlink(missing_ok=True)
    for source_map in static.rglob("*.map"):
        source_map.unlink()


def _write_module(path: Path, data: dict[str, Any]) -> None:
    """An ES module of `data`; with a "default" key, each key is one export. Keys keep the
    order the validated loaders give them (the order the YAML files write them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    exports = data if "default" in data else {"default": data}
    header = "// Generated at build time from validated YAML. Do not edit.\n"
    lines = [
        f"export {'default' if name == 'default' else 'const ' + name + ' ='} "
        f"{json.dumps(value, ensure_ascii=False, default=str)};\n"
        for name, value in exports.items()
    ]
    path.write_text(header + "".join(lines), encoding="utf-8")


# The published pages enforce the privacy promise themselves: a browser may load scripts,
# styles, fonts, images and data from the book's own origin only, and run no inline script
# but the theme's own few (allowed by their hashes, page by page).
CSP = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-src 'none'"
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


def add_content_security_policy(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    if 'http-equiv="Content-Security-Policy"' in text or "<head>" not in text:
        return
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(text)
    })
    policy = CSP.format(hashes=" ".join(hashes)).replace("  ", " ")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    page.write_text(text.replace("<head>", f"<head>\n  {meta}", 1), encoding="utf-8")


def write_static(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    prune_theme_files(Path(app.outdir) / "_static")
    for page in Path(app.outdir).rglob("*.html"):
        add_content_security_policy(page)
    target = Path(app.outdir) / "_static" / "widgets"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(STATIC_DIR, target, ignore=shutil.ignore_patterns("*.test.*", "*.md"))
    for name, load in _data_modules().items():
        try:
            data = load()
        except Exception as err:  # a bad pack or bank must stop the build, named
            raise ExtensionError(f"could not build _static/widgets/{name}: {err}") from err
        _write_module(target / name, data)
        if name == "quizbanks.js":  # one module per bank too, so a chapter loads only its own
            for bank_id, bank in data.items():
                _write_module(target / "quizbanks" / f"{bank_id}.js", {bank_id: bank})
        if name == "packs.js":  # and one per pack, so a one-framework checker loads only its own
            for framework, pack in data["default"].items():
                _write_module(target / "packs" / f"{framework}.js",
                              {**data, "default": {framework: pack}})
    _write_weights(target)


def check_data(app: Sphinx) -> None:
    """Validate packs and banks before reading any page, so a bad file fails fast."""
    for name, load in _data_modules().items():
        try:
            load()
        except Exception as err:
            raise ExtensionError(f"could not build _static/widgets/{name}: {err}") from err


def _blocked(asset: Any) -> bool:
    """Theme assets the book does not load, and myst-nb's saved widget state (about 100 kB a
    widget page: the hydrated placeholder needs none of it, and it names a CDN manager)."""
    if any(part in str(asset) for part in BLOCKED_ASSET_PARTS):
        return True
    attributes = getattr(asset, "attributes", {}) or {}
    return attributes.get("type") == "application/vnd.jupyter.widget-state+json"


def strip_theme_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if not files:
            continue
        kept = [f for f in files if not _blocked(f)]
        files[:] = kept


def setup(app: Sphinx) -> dict[str, Any]:
    # Jupyter Book always passes `comments_config`; sphinx_comments (which loads scripts from
    # other origins) is not used, so the value is declared here to keep the build warning-free.
    if "comments_config" not in app.config.values:
        app.add_config_value("comments_config", {}, "html")
    app.add_directive("bookwidget", BookWidgetDirective)
    app.add_js_file("widgets/light-mode.js", priority=100)
    app.add_js_file("widgets/hydrate.js", type="module")
    app.add_js_file("widgets/sidebar-toggles.js", type="module")
    app.add_css_file("widgets/book.css")
    app.connect("builder-inited", check_data)
    app.connect("html-page-context", strip_theme_assets, priority=900)
    app.connect("build-finished", write_static)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
