"""The quiz widget for notebooks: `Quiz(bank="ilacs")` at the end of a chapter.

In a live notebook it is an anywidget whose `_esm` is `widgets/static/quiz.js` bundled into
one module; the learner's score comes back in the `score` trait. On the static site the
same module runs from the text/html placeholder that `_repr_mimebundle_` adds (see
docs/contracts.md), so the published page works with no kernel.

    from widgets.quiz import Quiz
    Quiz(bank="ilacs")                      # the whole bank, options shuffled
    Quiz(bank="ilacs", count=5)             # five questions drawn at random
    Quiz(bank="all", mode="presenter")      # one question at a time, for a team meeting
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from widgets.esm import bundle
from widgets.placeholder import with_placeholder
from widgets.quizbank import load_banks

STATIC_DIR = Path(__file__).resolve().parent / "static"
MODES = ("quiz", "presenter", "handout", "answers", "progress")
BANK_ID = re.compile(r"^[a-z][a-z0-9-]*$")

_LOADING = {
    "quiz": "A quiz on {title} will appear here.",
    "presenter": "Presenter mode for the {title} quiz will appear here.",
    "handout": "A printable question sheet for {title} will appear here.",
    "answers": "A printable answer sheet for {title} will appear here.",
    "progress": "Your quiz scores and a CPD record form will appear here.",
}


def _json_ready(value: Any) -> Any:
    """Banks as the browser gets them (dates as ISO text), so both modes see the same data."""
    return json.loads(json.dumps(value, default=str))


class Quiz(anywidget.AnyWidget):
    """A quiz from one bank of `quizzes/`, or every bank with a chooser (`bank="all"`).

    `mode`: "quiz" (answer and check, scored), "presenter" (one question at a time for a
    team), "handout" / "answers" (printable sheets), "progress" (scores kept in the browser).
    `count`: ask that many questions drawn at random (None: all). `seed`: a fixed shuffle.
    `score` is set by the browser: {bank, score, outOf, checked, complete}.
    """

    _esm = bundle("quiz.js")
    _css = (STATIC_DIR / "quiz.css").read_text(encoding="utf-8")

    bank = traitlets.Unicode("all").tag(sync=True)
    mode = traitlets.Unicode("quiz").tag(sync=True)
    count = traitlets.Int(None, allow_none=True).tag(sync=True)
    seed = traitlets.Int(None, allow_none=True).tag(sync=True)
    banks = traitlets.Dict().tag(sync=True)
    score = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        bank: str = "all",
        mode: str = "quiz",
        count: int | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        available = load_banks()
        if bank != "all" and bank not in available:
            known = ", ".join(sorted(available)) or "none"
            raise ValueError(f"no quiz bank {bank!r}; the banks are: {known}")
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
        if count is not None and (isinstance(count, bool) or count < 1):
            raise ValueError(f"count must be a whole number of at least 1, or None, not {count!r}")
        if seed is not None and not 0 <= seed < 2**32:
            raise ValueError(f"seed must be between 0 and 2**32 - 1, not {seed!r}")
        shipped = available if bank == "all" else {bank: available[bank]}
        super().__init__(
            bank=bank, mode=mode, count=count, seed=seed, banks=_json_ready(shipped), **kwargs
        )

    def props(self) -> dict[str, Any]:
        """The initial state the static page needs; the banks come from quizbanks.js there."""
        props: dict[str, Any] = {"bank": self.bank, "mode": self.mode, "count": self.count}
        if self.seed is not None:
            props["seed"] = self.seed
        return props

    def loading_text(self) -> str:
        title = "every bank" if self.bank == "all" else self.banks[self.bank]["title"]
        return _LOADING[self.mode].format(title=title)

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return with_placeholder(
            super()._repr_mimebundle_(**kwargs), "quiz", self.props(), self.loading_text()
        )
