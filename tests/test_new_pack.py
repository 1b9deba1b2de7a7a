"""A framework is one YAML file. A throwaway pack, added to a temporary copy of the widgets,
works in the command line, both engines, the notebook widget, the whole-record checker and
the team audit (Python and browser) with no code change; and no widget code names a
framework."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from widgets.packs import load_packs

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node") or "/usr/bin/node"

PACK = """\
framework: letters
title: Letters to the child
order: 9
kind: letter
kind_plural: letters
record_types: [letter to the child, life story letter]
display:
  short_name: letters
  heading: Check a letter to the child
  label: Your letter
  intro: Paste a letter written to the child.
  empty: Nothing to check yet.
  loading: A checker for letters will appear here.
record_sections: ["Letter"]
criteria:
  - id: letters.greeting
    title: Greets the child
    short_title: 'Letter: greeting'
    meaning: Starts by greeting the child.
    question: Does it speak to the child?
    met_message: It greets the child.
    not_met:
      prompt: Start with the child's name.
      better_wording: Dear Ava,
    signals:
      - name: a greeting
        patterns: ['\\bdear [a-z]{2,20}\\b', '\\bhello\\b']
"""
LETTER = "Dear Ava, I am writing to tell you what we decided."
PLAIN = "We decided things."

PYTHON_SCRIPT = textwrap.dedent(
    """
    import json
    from widgets.audit import records_from_rows, run_audit
    from widgets.checker import checker, record_checker
    from widgets.engine import check
    from widgets.packs import load_packs
    packs = load_packs()
    box = checker("letters", text=%(letter)r)
    bundle, _ = box._repr_mimebundle_()
    whole = record_checker(text="Letter: " + %(letter)r)
    data = records_from_rows([["ref", "framework", "text"], ["A1", "Life story letter", %(letter)r],
                              ["A2", "letters", %(plain)r], ["A3", "postcard", "x"]])
    result = run_audit(data)
    print(json.dumps({
        "order": list(packs),
        "widget": [c["met"] for c in box.report["criteria"]],
        "loading": "A checker for letters will appear here." in bundle["text/html"],
        "whole": [(r["framework"], r["section"]) for r in whole.report["reports"]],
        "engine": [check(t, packs["letters"])["criteria"][0]["met"] for t in (%(letter)r, %(plain)r)],
        "audit": result.rates[result.rates["framework"] == "letters"]["met"].tolist(),
        "skipped": data.skipped_message(),
        "packs": packs,
    }))
    """
) % {"letter": LETTER, "plain": PLAIN}

NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const [engine, audit, casecheck] = await Promise.all(process.argv.slice(1, 4).map((p) => import(p)));
const { packs, book } = JSON.parse(readFileSync(0, "utf8"));
const input = audit.readRecords([["ref", "framework", "text"], ["A1", "life-story letter", "x"],
  ["A2", "postcard", "x"]], "UTF-8", packs, book);
console.log(JSON.stringify({
  order: engine.frameworkIds(packs),
  engine: [process.argv[4], process.argv[5]].map((t) => engine.checkText(packs.letters, t).criteria[0].met),
  whole: engine.checkRecord(packs, "Letter: " + process.argv[4]).map((r) => [r.framework, r.section]),
  audit: input.records.map((r) => r.framework),
  skipped: input.skipped,
  heading: casecheck.wordingFor("letters", packs, book).heading,
  intro: casecheck.wordingFor("all", packs, book).intro,
}));
"""


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The widgets, copied, with one more pack in widgets/criteria/."""
    root = tmp_path_factory.mktemp("book")
    shutil.copytree(ROOT / "widgets", root / "widgets",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (root / "widgets" / "criteria" / "letters.yml").write_text(PACK, encoding="utf-8")
    return root


def _python(copy: Path, *args: str, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, *args], cwd=copy, input=stdin, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_new_pack_works_in_the_cli(copy: Path) -> None:
    out = json.loads(_python(copy, "-m", "widgets", "check", "--framework", "letters", "--json",
                             stdin=LETTER))
    assert out["framework"] == "letters" and out["criteria"][0]["met"] is True


def test_a_new_pack_works_in_python_the_widget_and_the_audit(copy: Path) -> None:
    out = json.loads(_python(copy, "-c", PYTHON_SCRIPT))
    assert out["order"][-1] == "letters"  # order: 9 puts it last
    assert out["widget"] == [True] and out["loading"]
    assert out["whole"] == [["letters", "Letter"]]
    assert out["engine"] == [True, False]
    assert out["audit"] == [1]  # one of the two letters met the criterion
    assert 'row 4: "postcard"' in out["skipped"] and out["skipped"].endswith(" or letters.")


def test_a_new_pack_works_in_the_browser_engine_and_audit(copy: Path) -> None:
    packs = json.loads(_python(copy, "-c", PYTHON_SCRIPT))["packs"]
    book = json.loads(_python(copy, "-c", "import json; from widgets.packs import load_book; "
                                          "print(json.dumps(load_book()))"))
    static = copy / "widgets" / "static"
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", NODE_SCRIPT,
         *(str(static / f) for f in ("engine.js", "audit.js", "casecheck.js")), LETTER, PLAIN],
        input=json.dumps({"packs": packs, "book": book}), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["order"] == list(packs) and out["order"][-1] == "letters"
    assert out["engine"] == [True, False]
    assert out["whole"] == [["letters", "Letter"]]
    assert out["audit"] == ["letters"] and "or letters." in out["skipped"]
    assert out["heading"] == "Check a letter to the child"
    assert "\u201cLetter:\u201d" in out["intro"] and "and letters)" in out["intro"]


def test_no_widget_code_names_a_framework() -> None:
    """Every framework's words, record types and order live in its pack, so the code that
    reads packs never names one (in a string, a key or a name)."""
    ids = "|".join(load_packs())
    named = re.compile(rf"[\"'`]({ids})[\"'`.]|\b({ids}) ?:|\b({ids})_\w|\.({ids})\b")
    code = sorted((ROOT / "widgets").glob("*.py")) + sorted((ROOT / "widgets/static").glob("*.js"))
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in code
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if named.search(line)
    ]
    assert not found, "\n".join(found)
