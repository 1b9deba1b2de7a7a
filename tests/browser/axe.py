"""axe-core, injected from the pinned npm copy (node_modules/axe-core), run on a page."""

from __future__ import annotations

import functools
import json
from typing import Any

from .site import ROOT

AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MIN_VERSION = (4, 14)


@functools.cache
def axe_source() -> str:
    if not AXE_PATH.exists():
        raise RuntimeError(f"{AXE_PATH} is missing: run `npm ci` (make test does it)")
    version = json.loads((AXE_PATH.parent / "package.json").read_text())["version"]
    if tuple(int(x) for x in version.split(".")[:2]) < MIN_VERSION:
        raise RuntimeError(f"axe-core {version} is older than 4.14 and skips rules")
    return AXE_PATH.read_text(encoding="utf-8")


def run_axe(page: Any, context: str | None = None) -> list[dict[str, Any]]:
    """The axe violations on the page (or inside the `context` selector) for WCAG 2.2 AA tags."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(
        """async ([context, tags]) => {
            const result = await window.axe.run(context ? document.querySelector(context) : document,
                {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))}));
        }""",
        [context, TAGS],
    )


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:5]:
            lines.append(f"    at {n['target']}: {n['html']}")
    return "\n".join(lines)
