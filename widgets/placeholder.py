"""The static stand-in for a widget (see docs/contracts.md), shared by the widget classes'
`_repr_mimebundle_` and the Sphinx `bookwidget` directive. No Sphinx or Jupyter imports."""

from __future__ import annotations

import html
import json
import re
from typing import Any

WIDGET_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def placeholder_html(widget: str, props: dict[str, Any], loading: str) -> str:
    """A div that widgets/static/hydrate.js turns into the widget: no script, props escaped."""
    if not WIDGET_NAME.match(widget):
        raise ValueError(f"widget name {widget!r} must match {WIDGET_NAME.pattern}")
    props_json = json.dumps(props, ensure_ascii=False, sort_keys=True)
    return (
        f'<div class="bookwidget" data-widget="{widget}" '
        f'data-props="{html.escape(props_json, quote=True)}">'
        f'<p class="bookwidget-loading">{html.escape(loading)}</p></div>'
    )


def with_placeholder(
    bundle: Any, widget: str, props: dict[str, Any], loading: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A widget's mime bundle with the placeholder beside its view: anywidget gives
    (data, metadata) for the live view, and the book's HTML build prefers text/html
    (nb_mime_priority_overrides in _config.yml)."""
    if isinstance(bundle, tuple):
        data, metadata = dict(bundle[0]), dict(bundle[1])
    else:
        data, metadata = dict(bundle or {}), {}
    data["text/html"] = placeholder_html(widget, props, loading)
    return data, metadata
