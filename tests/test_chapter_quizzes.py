"""Each quiz bank is shown at the end of its chapter on the built site (found from the banks,
no list kept by hand)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from widgets.quizbank import load_banks

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
BANKS = load_banks()
PLACEHOLDER = re.compile(r'<div class="bookwidget" data-widget="quiz" data-props="([^"]*)"')


@pytest.mark.parametrize("bank_id", sorted(BANKS))
def test_the_chapter_ends_with_its_quiz(bank_id: str) -> None:
    chapter = BANKS[bank_id]["chapter"]
    page = SITE / "chapters" / f"{chapter}.html"
    assert page.exists(), f"bank {bank_id!r} names chapter {chapter!r}, which was not built"
    quizzes = [json.loads(html.unescape(p)) for p in PLACEHOLDER.findall(page.read_text())]
    assert any(q.get("bank") == bank_id for q in quizzes), (
        f"chapters/{chapter} does not show the {bank_id!r} quiz: add "
        f'```{{bookwidget}} quiz\\n:props: {{"bank": "{bank_id}"}}\\n``` (or Quiz(bank=...))'
    )
