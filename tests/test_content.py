"""Content gates for every page of the book.

The pages are found by scanning chapters/*.md and the markdown cells of chapters/*.ipynb,
so a new page is covered the moment it is added (there is no hand-kept list of pages).

Gates:
1. every acronym used on any page is a term in the glossary;
2. every teaching page has a "Learning outcomes" section (before its other sections) and a
   "Sources" section that points to the references page;
3. every {doc} link points to a page listed in _toc.yml, and every page in chapters/ is listed;
4. no page has more than one H1 title;
plus: the glossary stays in alphabetical order, so that readers (and helpers adding
entries) can find a term.

The checkers are plain functions. The `test_checker_*` tests run them on small broken pages
in a temporary folder, to prove that each gate can fail. Set BOOK_ROOT to run the gates on
another copy of the book.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(os.environ.get("BOOK_ROOT", Path(__file__).resolve().parents[1]))

# Pages that are not teaching chapters: they have no learning outcomes or sources box.
NOT_TEACHING_PAGES = frozenset(
    {"welcome", "glossary", "references", "about", "quizzes", "presenter", "handouts", "progress"}
)

# All-capital words that are not acronyms. Kept short on purpose: anything else in capitals
# is an acronym and belongs in the glossary.
#  - "OK" is an ordinary word.
#  - Roman numerals made of I, V and X (II, IV, XII...), e.g. "part II".
NOT_ACRONYMS = frozenset({"OK"})
ROMAN_NUMERAL = re.compile(r"^X{0,3}(IX|IV|V?I{0,3})$")

# Directives whose body is code, not prose (their text is not scanned for acronyms).
CODE_DIRECTIVES = frozenset(
    {"code-cell", "code-block", "code", "sourcecode", "literalinclude", "raw", "math", "eval-rst"}
)

# An acronym: a word with at least two capital letters and no lower-case letters (digits
# allowed after the first letter, e.g. GCP2), optionally followed by a plural "s" or a
# possessive "'s". Section numbers written like s47 or s15A are acronyms too.
ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)(?:['\u2019]s|s)?(?![\w])")
SECTION = re.compile(r"(?<![\w-])(s[0-9]+[A-Z]?)(?![\w])")

FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(.*?)\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
DOC_ROLE = re.compile(r"\{doc\}`([^`]*)`")


@dataclass(frozen=True)
class Line:
    """One line of a page: its number in the file (cell-relative for notebooks) and text."""

    number: int
    text: str
    in_code: bool


@dataclass(frozen=True)
class Page:
    path: Path
    lines: tuple[Line, ...]

    @property
    def name(self) -> str:
        return self.path.stem

    def where(self, line: Line) -> str:
        return f"{self.path.name}:{line.number}"


def _markdown_sources(path: Path) -> list[str]:
    """The markdown text of a page: the whole file, or each markdown cell of a notebook."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            cells.append("".join(source) if isinstance(source, list) else source)
    return cells


def _split_lines(text: str) -> list[Line]:
    """Mark each line as code or prose, following code fences and MyST directive fences."""
    raw = text.splitlines()
    out: list[Line] = []
    start = 0
    # YAML front matter is configuration, not prose.
    if raw and raw[0].strip() == "---":
        for i in range(1, len(raw)):
            if raw[i].strip() == "---":
                out.extend(Line(n + 1, raw[n], True) for n in range(i + 1))
                start = i + 1
                break
    stack: list[tuple[str, int, bool]] = []  # (fence char, fence length, body is code)
    for n in range(start, len(raw)):
        text_line = raw[n]
        in_code = bool(stack) and stack[-1][2]
        match = FENCE.match(text_line)
        if match:
            fence, info = match.group(1), match.group(2)
            top = stack[-1] if stack else None
            if top and fence[0] == top[0] and len(fence) >= top[1] and not info:
                stack.pop()
                out.append(Line(n + 1, text_line, True))
                continue
            if not in_code:
                directive = re.match(r"\{([\w-]+)\}", info)
                is_code = fence[0] != ":" and (
                    directive is None or directive.group(1) in CODE_DIRECTIVES
                )
                stack.append((fence[0], len(fence), is_code))
                # The fence line itself may carry a title (e.g. ":::{admonition} Sources").
                out.append(Line(n + 1, text_line, is_code))
                continue
        # MyST comments ("% ...") and directive options (":class: tip") are not prose.
        stripped = text_line.lstrip()
        skip = stripped.startswith("%") or (bool(stack) and re.match(r"^:[\w-]+:", stripped))
        out.append(Line(n + 1, text_line, in_code or bool(skip)))
    return out


def load_page(path: Path) -> Page:
    lines: list[Line] = []
    for cell in _markdown_sources(path):
        lines.extend(_split_lines(cell))
    return Page(path, tuple(lines))


def chapter_paths(root: Path) -> list[Path]:
    chapters = root / "chapters"
    return sorted([*chapters.glob("*.md"), *chapters.glob("*.ipynb")])


def _prose(text: str) -> str:
    """A line with code, links' targets and URLs removed, so only the words a reader sees remain."""
    text = re.sub(r"\{ref\}`([^`<]*)<[^`]*>`", r"\1", text)  # keep a cross-reference's title
    text = re.sub(r"`[^`]*`", " ", text)  # inline code and other roles' targets
    text = re.sub(r"\]\([^)]*\)", "]", text)  # markdown link targets
    text = re.sub(r"<?\b(?:https?://|mailto:|www\.)\S+", " ", text)
    text = re.sub(r"\S+@\S+\.\S+", " ", text)  # e-mail addresses
    text = re.sub(r"^\s*\([\w:.-]+\)=\s*$", " ", text)  # MyST target labels
    return text


# --------------------------------------------------------------------------- glossary


def glossary_terms(glossary: Path) -> list[str]:
    """Terms of the MyST definition list: a line followed by a line starting with ': '."""
    lines = [line for line in _split_lines(glossary.read_text(encoding="utf-8"))]
    terms = []
    for this, after in zip(lines, lines[1:], strict=False):
        term = this.text.strip()
        if (
            not this.in_code
            and term
            and not term.startswith((":", "#", "%", "-", "*"))
            and after.text.startswith(": ")
        ):
            terms.append(term)
    return terms


def undefined_acronyms(page: Page, terms: set[str]) -> list[str]:
    """Each acronym on the page that is not a glossary term, as 'file:line: ACRONYM'."""
    problems = []
    for line in page.lines:
        if line.in_code:
            continue
        prose = _prose(line.text)
        found = [m.group(1) for m in ACRONYM.finditer(prose)]
        found += [m.group(1) for m in SECTION.finditer(prose)]
        for word in found:
            if word in NOT_ACRONYMS or (len(word) > 1 and ROMAN_NUMERAL.match(word)):
                continue
            # GCP2 is covered by a GCP entry; the numbered form may also be a term itself.
            if word in terms or word.rstrip("0123456789") in terms:
                continue
            problems.append(f"{page.where(line)}: {word}")
    return problems


# --------------------------------------------------------------------------- sections


def _section_titles(page: Page) -> list[tuple[int, str]]:
    """(level, title) for each heading and each directive with a title, in page order.

    A titled directive such as ':::{admonition} Sources' counts as a level-2 section.
    """
    titles = []
    for line in page.lines:
        heading = HEADING.match(line.text)
        if heading and not line.in_code:
            titles.append((len(heading.group(1)), heading.group(2)))
            continue
        fence = FENCE.match(line.text)
        if fence:
            directive = re.match(r"\{[\w-]+\}\s*(.+)", fence.group(2))
            if directive:
                titles.append((2, directive.group(1)))
    return titles


def missing_sections(page: Page) -> list[str]:
    problems = []
    titles = _section_titles(page)
    sections = [(level, title) for level, title in titles if level >= 2]

    def find(name: str) -> int | None:
        for i, (_, title) in enumerate(sections):
            if title.strip().lower().startswith(name):
                return i
        return None

    outcomes = find("learning outcomes")
    sources = find("sources")
    if outcomes is None:
        problems.append(f"{page.path.name}: no 'Learning outcomes' section")
    elif outcomes != 0:
        problems.append(
            f"{page.path.name}: 'Learning outcomes' must be the first section, "
            f"but '{sections[0][1]}' comes first"
        )
    if sources is None:
        problems.append(f"{page.path.name}: no 'Sources' section")
    else:
        # The Sources box must point the reader to the full list of references.
        text_after = _text_after_title(page, sections[sources][1])
        if "{doc}`references`" not in text_after and "src-" not in text_after:
            problems.append(f"{page.path.name}: the 'Sources' section does not link to references")
    return problems


def _text_after_title(page: Page, title: str) -> str:
    for i, line in enumerate(page.lines):
        if title in line.text and (HEADING.match(line.text) or FENCE.match(line.text)):
            return "\n".join(ln.text for ln in page.lines[i:])
    return ""


def h1_titles(page: Page) -> list[str]:
    return [
        f"{page.where(line)}: {line.text.strip()}"
        for line in page.lines
        if not line.in_code and re.match(r"^#\s+\S", line.text)
    ]


# --------------------------------------------------------------------------- toc and links


def toc_docnames(root: Path) -> set[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names: set[str] = {str(toc["root"])}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                names.add(str(node["file"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return {re.sub(r"\.(md|ipynb)$", "", name) for name in names}


def broken_doc_links(page: Page, root: Path, docnames: set[str]) -> list[str]:
    problems = []
    folder = page.path.parent.relative_to(root).as_posix()
    for line in page.lines:
        if line.in_code:
            continue
        for match in DOC_ROLE.finditer(line.text):
            target = match.group(1)
            explicit = re.search(r"<([^>]+)>\s*$", target)
            target = (explicit.group(1) if explicit else target).strip()
            target = re.sub(r"\.(md|ipynb)$", "", target)
            if target.startswith("/"):
                docname = target.lstrip("/")
            else:
                docname = os.path.normpath(f"{folder}/{target}").replace(os.sep, "/")
            if docname not in docnames:
                problems.append(
                    f"{page.where(line)}: {{doc}}`{match.group(1)}` -> '{docname}' "
                    "is not a page in _toc.yml"
                )
            elif not any((root / f"{docname}{ext}").exists() for ext in (".md", ".ipynb")):
                problems.append(
                    f"{page.where(line)}: {{doc}}`{match.group(1)}` -> '{docname}' "
                    "is in _toc.yml but the file does not exist yet"
                )
    return problems


def unsorted_glossary(terms: list[str]) -> list[str]:
    problems = []
    for before, after in zip(terms, terms[1:], strict=False):
        if before.casefold() > after.casefold():
            problems.append(f"'{after}' should come before '{before}'")
    return problems


# --------------------------------------------------------------------------- the gates

PAGES = chapter_paths(ROOT)


@pytest.fixture(scope="module")
def terms() -> set[str]:
    glossary = ROOT / "chapters" / "glossary.md"
    assert glossary.exists(), "chapters/glossary.md is missing"
    return set(glossary_terms(glossary))


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_every_acronym_is_in_the_glossary(path: Path, terms: set[str]) -> None:
    problems = undefined_acronyms(load_page(path), terms)
    assert not problems, "Acronyms missing from the glossary:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "path",
    [p for p in PAGES if p.stem not in NOT_TEACHING_PAGES],
    ids=[p.name for p in PAGES if p.stem not in NOT_TEACHING_PAGES],
)
def test_teaching_pages_have_learning_outcomes_and_sources(path: Path) -> None:
    problems = missing_sections(load_page(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_doc_links_point_to_pages_in_the_toc(path: Path) -> None:
    problems = broken_doc_links(load_page(path), ROOT, toc_docnames(ROOT))
    assert not problems, "\n".join(problems)


def test_every_page_in_chapters_is_in_the_toc() -> None:
    listed = toc_docnames(ROOT)
    unlisted = [p.name for p in PAGES if f"chapters/{p.stem}" not in listed]
    assert not unlisted, f"Pages in chapters/ that _toc.yml does not list: {unlisted}"


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_one_h1_title_per_page(path: Path) -> None:
    titles = h1_titles(load_page(path))
    assert len(titles) <= 1, f"{path.name} has {len(titles)} H1 titles:\n" + "\n".join(titles)


def test_glossary_is_in_alphabetical_order() -> None:
    problems = unsorted_glossary(glossary_terms(ROOT / "chapters" / "glossary.md"))
    assert not problems, "Glossary order:\n" + "\n".join(problems)


# --------------------------------------------------------------------------- the gates can fail


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A tiny book: a toc, a glossary and one good chapter."""
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/welcome\nparts:\n  - chapters:\n"
        "      - file: chapters/good\n      - file: chapters/glossary\n"
        "      - file: chapters/references\n",
        encoding="utf-8",
    )
    (tmp_path / "chapters" / "glossary.md").write_text(
        "# Glossary\n\nCAMHS\n: Child and Adolescent Mental Health Services.\n\n"
        "LA\n: Local authority.\n\ns47\n: Section 47 enquiry.\n",
        encoding="utf-8",
    )
    for name in ("welcome", "references"):
        (tmp_path / "chapters" / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    (tmp_path / "chapters" / "good.md").write_text(GOOD_PAGE, encoding="utf-8")
    return tmp_path


GOOD_PAGE = """# A good page

## Learning outcomes

- Know what CAMHS's role is, and what LAs do in an s47 enquiry.

## Body

Code is skipped: `NOTACRONYM` and [a link](https://example.org/ABC).
Roman numerals such as part II are fine, and so is OK.

```python
XYZ = 1
```

:::{admonition} Sources
See {doc}`references`.
:::
"""


def _page(book: Path, name: str, text: str) -> Page:
    path = book / "chapters" / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return load_page(path)


def test_checker_passes_a_good_page(book: Path) -> None:
    page = load_page(book / "chapters" / "good.md")
    terms = set(glossary_terms(book / "chapters" / "glossary.md"))
    assert undefined_acronyms(page, terms) == []
    assert missing_sections(page) == []
    assert broken_doc_links(page, book, toc_docnames(book)) == []
    assert len(h1_titles(page)) == 1


def test_checker_finds_an_acronym_missing_from_the_glossary(book: Path) -> None:
    page = _page(book, "bad", GOOD_PAGE + "\nThe IRO chaired the review after the s17 plan.\n")
    terms = set(glossary_terms(book / "chapters" / "glossary.md"))
    problems = undefined_acronyms(page, terms)
    assert any(p.startswith("bad.md:") and p.endswith(": IRO") for p in problems)
    assert any(p.endswith(": s17") for p in problems)


def test_checker_finds_acronyms_inside_admonitions_but_not_code(book: Path) -> None:
    text = "# T\n\n:::{note}\nAsk the PLO lead.\n:::\n\n```text\nPLX\n```\n"
    terms = set(glossary_terms(book / "chapters" / "glossary.md"))
    assert [p.split(": ")[1] for p in undefined_acronyms(_page(book, "x", text), terms)] == ["PLO"]


def test_checker_finds_missing_learning_outcomes_and_sources(book: Path) -> None:
    page = _page(book, "bad", "# Bad\n\n## Body\n\nText.\n")
    problems = missing_sections(page)
    assert any("Learning outcomes" in p for p in problems)
    assert any("'Sources'" in p for p in problems)


def test_checker_finds_learning_outcomes_that_are_not_first(book: Path) -> None:
    text = GOOD_PAGE.replace("## Learning outcomes", "## Intro\n\nText.\n\n## Learning outcomes")
    assert any("must be the first" in p for p in missing_sections(_page(book, "bad", text)))


def test_checker_finds_sources_without_a_link(book: Path) -> None:
    text = GOOD_PAGE.replace("See {doc}`references`.", "See the list.")
    assert any("does not link" in p for p in missing_sections(_page(book, "bad", text)))


def test_checker_finds_a_doc_link_outside_the_toc(book: Path) -> None:
    page = _page(book, "bad", "# Bad\n\nSee {doc}`nowhere` and {doc}`the glossary <glossary>`.\n")
    problems = broken_doc_links(page, book, toc_docnames(book))
    assert len(problems) == 1 and "chapters/nowhere" in problems[0]


def test_checker_finds_two_h1_titles(book: Path) -> None:
    page = _page(book, "bad", "# One\n\nText.\n\n```bash\n# a comment, not a title\n```\n\n# Two\n")
    assert len(h1_titles(page)) == 2


def test_checker_reads_notebook_markdown_cells(book: Path) -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Nb\n", "\n", "The MASH.\n"]},
            {"cell_type": "code", "metadata": {}, "source": "CODE = 1", "outputs": []},
            {"cell_type": "markdown", "metadata": {}, "source": "# Second title\n"},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = book / "chapters" / "nb.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    page = load_page(path)
    terms = set(glossary_terms(book / "chapters" / "glossary.md"))
    assert [p.split(": ")[1] for p in undefined_acronyms(page, terms)] == ["MASH"]
    assert len(h1_titles(page)) == 2


def test_checker_finds_an_unsorted_glossary() -> None:
    assert unsorted_glossary(["CAMHS", "Care leaver", "CCE"]) == []
    assert unsorted_glossary(["LA", "CAMHS"]) == ["'CAMHS' should come before 'LA'"]
