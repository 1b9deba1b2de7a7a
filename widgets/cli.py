"""Command line: check case text against a criteria pack.

    python -m widgets check --framework NAME [--json] [FILE]   (NAME: a pack's framework)
    python -m widgets check --jsonl FILE

FILE (or standard input when FILE is absent or "-") is read as UTF-8. With --jsonl, each
line is {"id", "framework", "text"} and one JSON report is printed a line, with its "id".
Bad input gives a message on standard error and exit status 1 (2 for bad options).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from widgets.batch import check_many
from widgets.engine import check
from widgets.packs import PackError, load_packs


class InputError(Exception):
    """Input the user can fix; the message says what and where."""


def _read(path: str | None) -> str:
    if path in (None, "-"):
        data = sys.stdin.buffer.read()
        name = "standard input"
    else:
        name = path
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 text (byte {exc.start + 1})") from None


def _jsonl_cases(path: str, packs: dict[str, Any]) -> list[dict[str, Any]]:
    cases, errors = [], []
    for n, line in enumerate(_read(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{path}: line {n}: invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(case, dict):
            errors.append(f"{path}: line {n}: expected an object with id, framework and text")
            continue
        missing = [k for k in ("id", "framework", "text") if k not in case]
        if missing:
            errors.append(f"{path}: line {n}: missing field {', '.join(map(repr, missing))}")
        elif not isinstance(case["text"], str):
            errors.append(f"{path}: line {n}: field 'text' must be a string")
        elif case["framework"] not in packs:
            errors.append(
                f"{path}: line {n}: unknown framework {case['framework']!r} "
                f"(choose from {', '.join(packs)})"
            )
        else:
            cases.append(case)
    if errors:
        shown = errors[:20] + ([f"... and {len(errors) - 20} more"] if len(errors) > 20 else [])
        raise InputError("\n".join(shown))
    return cases


def _readable(report: dict[str, Any], out: TextIO) -> None:
    s = report["summary"]
    out.write(f"{report['title']}: {s['met']} of {s['total']} criteria found\n")
    if report["empty"]:
        out.write("The text is empty: there is nothing to check.\n")
    for c in report["criteria"]:
        out.write(f"\n[{'found' if c['met'] else 'not found'}] {c['title']} ({c['id']})\n")
        if c["evidence"]:
            out.write("  Evidence: " + "; ".join(f'"{e}"' for e in c["evidence"]) + "\n")
        out.write(f"  {c['prompt']}\n")
        if not c["met"]:
            out.write(f"  Ask yourself: {c['question']}\n")
            out.write(f"  For example: {c['better_wording']}\n")
        for concern in c["concerns"]:
            out.write(f"  Note: {concern}\n")
    for k, item in enumerate(report["items"], start=1):
        missing = [c["title"] for c in item["criteria"] if not c["met"]]
        text = item["text"] if len(item["text"]) <= 70 else item["text"][:69] + "\u2026"
        out.write(f"\nItem {k}: {item['summary']['met']} of {item['summary']['total']}: {text}\n")
        if missing:
            out.write("  Not found: " + ", ".join(missing) + "\n")


def _parser(frameworks: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m widgets")
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="check case text against a criteria pack")
    chk.add_argument("--framework", choices=frameworks, help="which criteria pack to apply")
    chk.add_argument("--json", action="store_true", help="print one JSON report")
    chk.add_argument("--jsonl", metavar="FILE", help='JSON Lines of {"id","framework","text"}')
    chk.add_argument("file", nargs="?", metavar="FILE", help="text to check (default: stdin)")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        packs = load_packs()
    except PackError as exc:
        print(f"error: a criteria pack is broken: {exc}", file=sys.stderr)
        return 1
    parser = _parser(list(packs))
    args = parser.parse_args(argv)
    if args.jsonl and (args.framework or args.file):
        parser.error("--jsonl reads its own file, and each line names its framework")
    if not args.jsonl and not args.framework:
        parser.error("give --framework (one of: " + ", ".join(packs) + ") or --jsonl FILE")
    try:
        if args.jsonl:
            cases = list(_jsonl_cases(args.jsonl, packs))
            reports = check_many([(c["framework"], c["text"]) for c in cases], packs)
            for case, report in zip(cases, reports, strict=True):
                print(json.dumps({"id": case["id"], **report}, ensure_ascii=False))
        else:
            report = check(_read(args.file), packs[args.framework])
            if args.json:
                print(json.dumps(report, ensure_ascii=False))
            else:
                _readable(report, sys.stdout)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
    return 0
