"""The Quiz widget class (placeholder for static pages, validation) and the quiz pages."""

from __future__ import annotations

import html
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from widgets.placeholder import placeholder_html
from widgets.quiz import Quiz
from widgets.quizbank import load_banks

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"


class _Placeholder(HTMLParser):
    """Collects the attributes of every element, as a browser would decode them."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def parse(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Placeholder()
    parser.feed(markup)
    return parser.elements


def test_mimebundle_has_the_widget_view_and_the_static_placeholder():
    data, _metadata = Quiz(bank="ilacs", count=5)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    markup = data["text/html"]
    assert "<script" not in markup.lower()
    tag, attrs = parse(markup)[0]
    assert tag == "div" and attrs["class"] == "bookwidget" and attrs["data-widget"] == "quiz"
    assert json.loads(attrs["data-props"] or "") == {"bank": "ilacs", "mode": "quiz", "count": 5}
    title = load_banks()["ilacs"]["title"]
    assert f"A quiz on {html.escape(title)} will appear here." in markup


def test_props_with_quotes_and_markup_survive_escaping():
    nasty = {"bank": "x", "note": "It's <b>\"bold\"</b> & </div><script>alert(1)</script>"}
    markup = placeholder_html("quiz", nasty, "Loading <now> & 'soon'")
    assert "<script" not in markup and "<b>" not in markup
    elements = parse(markup)
    assert [tag for tag, _ in elements] == ["div", "p"], "the props broke out of the attribute"
    assert json.loads(elements[0][1]["data-props"] or "") == nasty
    assert "Loading &lt;now&gt; &amp; &#x27;soon&#x27;" in markup


def test_seed_goes_into_the_props_only_when_given():
    assert "seed" not in Quiz(bank="ilacs").props()
    assert Quiz(bank="ilacs", seed=7).props()["seed"] == 7


def test_the_widget_ships_only_the_banks_it_needs_as_json_data():
    one = Quiz(bank="ilacs")
    assert list(one.banks) == ["ilacs"]
    json.dumps(one.banks)  # dates and the like are already text, as on the static site
    assert set(Quiz(bank="all", mode="presenter").banks) == set(load_banks())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bank": "no-such-bank"}, "no quiz bank 'no-such-bank'"),
        ({"bank": "ilacs", "mode": "exam"}, "mode 'exam'"),
        ({"bank": "ilacs", "count": 0}, "count must be"),
        ({"bank": "ilacs", "seed": -1}, "seed must be"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Quiz(**kwargs)


@pytest.mark.usefixtures("node")
def test_the_live_module_is_self_contained_and_loads(tmp_path):
    # anywidget loads _esm from a blob URL, where "./x.js" imports cannot resolve.
    esm = Quiz._esm if isinstance(Quiz._esm, str) else Quiz(bank="ilacs")._esm
    assert not re.search(r"""^import\s.*from\s+["']\./""", esm, re.M)
    module = tmp_path / "quiz-bundle.mjs"
    module.write_text(esm, encoding="utf-8")
    url = json.dumps(module.as_uri())
    script = f"import({url}).then(m => console.log(typeof m.default.render))"
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "function"


def directives(page: str) -> list[dict[str, object]]:
    """The props of every {bookwidget} quiz directive in a chapter page."""
    text = (CHAPTERS / page).read_text(encoding="utf-8")
    found = re.findall(r"```\{bookwidget\} quiz\n:props: (.+)\n", text)
    return [json.loads(p) for p in found]


def test_quizzes_page_has_one_quiz_with_a_heading_per_bank():
    text = (CHAPTERS / "quizzes.md").read_text(encoding="utf-8")
    banks = load_banks()
    quizzes = [p["bank"] for p in directives("quizzes.md") if p.get("mode", "quiz") == "quiz"]
    assert sorted(quizzes) == sorted(banks), "every bank needs exactly one quiz on the page"
    for bank_id, bank in banks.items():
        assert f"\n## {bank['title']}\n" in text, f"no heading for {bank_id}"
        # The progress page links a quiz not finished to quizzes.html#quiz-<bank id>.
        assert f"\n(quiz-{bank_id})=\n## {bank['title']}\n" in text, f"no (quiz-{bank_id})= label"


@pytest.mark.parametrize(
    ("page", "mode"),
    [("presenter.md", "presenter"), ("handouts.md", "handout"), ("progress.md", "progress")],
)
def test_each_quiz_tool_page_has_its_widget_for_every_bank(page, mode):
    assert {"bank": "all", "mode": mode} in directives(page)
