"""Team audit: check a team's anonymised records in bulk, with pandas.

An export (CSV or Excel) has one record a row, with three columns: a record reference, the
framework (or record type) and the text. `read_export` reads it, `run_audit` checks every
record with the self-check engine, and the result gives per-criterion rates, the weakest
criteria, example rows (redacted) and files to export. widgets/static/audit.js does the
same in the browser, with the same rules below; a test proves both give the same numbers.

Rules shared with the browser:
1. Bytes are UTF-8 (a byte order mark is dropped) when they decode as UTF-8; otherwise
   Windows-1252 (as browsers define it). NUL characters are dropped.
2. The first row is the header. Headers match ignoring case, spaces, "_" and "-".
3. A row whose cells are all blank is skipped and counted; so is a row with no text, and
   a row whose framework is not recognised (both listed by row number). Row numbers are as
   a spreadsheet shows them: the header is row 1.
4. A percentage is the share of checked records that meet a criterion, rounded to a whole
   number, halves up. Criteria are listed from the lowest percentage to the highest; equal
   percentages keep the packs' order.
5. A breakdown is by one of the file's other columns (not ref, framework or text, nor a
   column with a blank header; of two headers that match alike, the first), and only ever
   one the reader chooses. A record's group is its cell, trimmed (spaces, tabs, line breaks
   and non-breaking spaces); an empty cell is the group book.yml calls `blank`. Groups are
   listed by name: lower-cased without accents (NFKD, marks dropped), then lower-cased, then
   as written, each in code point order; the blank group last. A group has, for each
   criterion of a framework it has records of, the same figures as the whole file (rule 4),
   in the whole file's order.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from widgets import anonymise
from widgets.batch import iter_check
from widgets.packs import load_book, load_packs, record_type_key

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PATH = ROOT / "data" / "sample-audit.csv"

# Formula characters: a cell starting with one is prefixed with ' in exported CSV, so a
# spreadsheet shows it as text rather than running it.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_KEY_DROP = re.compile("[ _\t-]")


class AuditInputError(ValueError):
    """An export the audit cannot read; the message says what was expected and what was found."""


def _header_key(header: str) -> str:
    return _KEY_DROP.sub("", header.replace("\ufeff", "").strip().lower())


def header_aliases() -> dict[str, list[str]]:
    """Canonical column -> headers accepted for it (compared after _header_key), first wins;
    from widgets/book.yml."""
    return {c: list(v["headers"]) for c, v in load_book()["team_audit"]["columns"].items()}


def framework_aliases(packs: dict[str, Any] | None = None) -> dict[str, str]:
    """Values of the framework column (compared after record_type_key) -> framework: each
    pack's id and its record_types."""
    packs = packs if packs is not None else load_packs()
    return {record_type_key(v): fw for fw, p in packs.items() for v in [fw, *p["record_types"]]}


def framework_of(value: str, packs: dict[str, Any] | None = None) -> str | None:
    """A record type ('Plan item') -> its pack's framework; None when no pack has it."""
    return framework_aliases(packs).get(record_type_key(value))


def _or_list(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


def _whatwg_1252(err: UnicodeError) -> tuple[str, int]:
    # Bytes that Python's cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode to
    # the control character of the same number in browsers; do the same here.
    assert isinstance(err, UnicodeDecodeError)
    return "".join(chr(b) for b in err.object[err.start : err.end]), err.end


codecs.register_error("audit-whatwg-1252", _whatwg_1252)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (with or without a byte order mark), else Windows-1252."""
    try:
        text = data.decode("utf-8-sig")
        encoding = "UTF-8 with byte order mark" if data.startswith(codecs.BOM_UTF8) else "UTF-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", "audit-whatwg-1252"), "Windows-1252"
    return text.replace("\x00", ""), encoding


def parse_csv(text: str) -> list[list[str]]:
    """Rows of a CSV text: quoted fields may hold commas, doubled quotes and line breaks."""
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, 1 << 30))
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    finally:
        csv.field_size_limit(old_limit)


def map_columns(header: list[str]) -> dict[str, int]:
    """{canonical column: index} for a header row, or AuditInputError naming what is missing."""
    keys = [_header_key(h) for h in header]
    found: dict[str, int] = {}
    aliases_of = header_aliases()
    for column, aliases in aliases_of.items():
        for alias in aliases:
            key = _header_key(alias)
            if key in keys:
                found[column] = keys.index(key)
                break
    missing = [c for c in aliases_of if c not in found]
    if missing:
        raise AuditInputError(missing_columns_message(missing, header))
    return found


def missing_columns_message(missing: list[str], header: list[str]) -> str:
    """The message for a header without the columns the audit needs (same in the browser)."""
    shown = [h.replace("\ufeff", "").strip() for h in header]
    shown = [h for h in shown if h]
    found = ", ".join(f'"{h}"' for h in shown) if shown else "no column names"
    columns = load_book()["team_audit"]["columns"]
    needed = "; ".join(
        f"{columns[c]['words']}, for example "
        + " or ".join(f'"{a}"' for a in columns[c]["headers"][:3])
        for c in missing
    )
    return (
        "The file's first row must name the columns: ref, framework and text. "
        f"Missing: {needed}. Found: {found}."
    )


def other_columns(header: list[str], used: Iterable[int] = ()) -> list[tuple[str, int]]:
    """(header as shown, index) of the columns a breakdown may use: every column but the
    ones the audit reads (`used`) and blank ones; of two headers that match alike, the first."""
    out: list[tuple[str, int]] = []
    seen: set[str] = set()
    skip = set(used)
    for i, h in enumerate(header):
        shown = h.replace("\ufeff", "").strip()
        key = _header_key(h)
        if i in skip or not key or key in seen:
            continue
        seen.add(key)
        out.append((shown, i))
    return out


@dataclass
class AuditInput:
    """The records read from an export, and what was skipped."""

    records: pd.DataFrame  # columns: row, ref, framework, source_type, text
    encoding: str = "UTF-8"
    columns: dict[str, str] = field(default_factory=dict)  # canonical -> header as found
    blank_rows: int = 0
    no_text_rows: list[int] = field(default_factory=list)
    unknown_type_rows: list[tuple[int, str]] = field(default_factory=list)
    frameworks: list[str] = field(default_factory=list)  # the packs it was read with
    # The file's other columns (a breakdown may use one), with a row for each record.
    others: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def other_columns(self) -> list[str]:
        """The columns a breakdown may use, as the file names them."""
        return list(self.others.columns)

    def skipped_message(self) -> str:
        """'Skipped: 2 blank rows; 1 row with no text (row 17); ...' or '' (same in the browser)."""
        return skipped_message(self.blank_rows, self.no_text_rows, self.unknown_type_rows,
                               self.frameworks)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def skipped_message(
    blank: int, no_text: list[int], unknown: list[tuple[int, str]],
    frameworks: list[str] | None = None,
) -> str:
    parts = []
    if blank:
        parts.append(_plural(blank, "blank row", "blank rows"))
    if no_text:
        rows = ", ".join(str(r) for r in no_text[:10]) + (" and more" if len(no_text) > 10 else "")
        parts.append(
            _plural(len(no_text), "row", "rows") + f" with no text ({_rows_word(no_text)} {rows})"
        )
    if unknown:
        shown = ", ".join(f'{r}: "{v}"' for r, v in unknown[:10])
        more = " and more" if len(unknown) > 10 else ""
        parts.append(
            _plural(len(unknown), "row", "rows")
            + f" with a framework or record type the audit does not know ({_rows_word(unknown)} "
            + f"{shown}{more}); use "
            + _or_list(frameworks if frameworks is not None else list(load_packs()))
        )
    return ("Skipped: " + "; ".join(parts) + ".") if parts else ""


def _rows_word(items: list[Any]) -> str:
    return "row" if len(items) == 1 else "rows"


def records_from_rows(
    rows: list[list[str]], encoding: str = "UTF-8", packs: dict[str, Any] | None = None
) -> AuditInput:
    """Apply the shared rules to parsed rows (the first is the header)."""
    packs = packs if packs is not None else load_packs()
    aliases = framework_aliases(packs)
    if not rows or all(not c.strip() for c in rows[0]):
        raise AuditInputError(
            "The file is empty: its first row must name the columns ref, framework and text."
        )
    header = rows[0]
    cols = map_columns(header)
    others = other_columns(header, cols.values())
    other_cells: list[list[str]] = []
    out: list[dict[str, Any]] = []
    used = {c: header[i].replace("\ufeff", "").strip() for c, i in cols.items()}
    result = AuditInput(records=pd.DataFrame(), encoding=encoding, columns=used,
                        frameworks=list(packs))
    for number, row in enumerate(rows[1:], start=2):
        if all(not cell.strip() for cell in row):
            result.blank_rows += 1
            continue

        def cell(column: str, row: list[str] = row) -> str:
            i = cols[column]
            return row[i] if i < len(row) else ""

        text = cell("text")
        source_type = cell("framework").strip()
        if not text.strip():
            result.no_text_rows.append(number)
            continue
        framework = aliases.get(record_type_key(source_type))
        if framework is None:
            result.unknown_type_rows.append((number, source_type))
            continue
        out.append({"row": number, "ref": cell("ref").strip(), "framework": framework,
                    "source_type": source_type, "text": text})
        other_cells.append([row[i] if i < len(row) else "" for _, i in others])
    if not out:
        raise AuditInputError(
            "The file has no records to check. " + (result.skipped_message() or
            "It has a header row but no rows under it.")
        )
    result.records = pd.DataFrame(out, columns=["row", "ref", "framework", "source_type", "text"])
    result.others = pd.DataFrame(other_cells, columns=[h for h, _ in others], dtype=object)
    return result


def _excel_rows(source: Path | bytes) -> list[list[str]]:
    frame = pd.read_excel(
        io.BytesIO(source) if isinstance(source, bytes) else source,
        header=None, dtype=object, engine="openpyxl",
    )

    def text(value: Any) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return [[text(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def read_export(source: str | Path | bytes, filename: str | None = None) -> AuditInput:
    """Read a CSV or Excel (.xlsx) export: a path, or the file's bytes with its name."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        data = path.read_bytes()
    else:
        data = source
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
        return records_from_rows(_excel_rows(data), encoding="Excel workbook")
    if name.endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise AuditInputError(
            "This is an old Excel file (.xls). Save it as .xlsx or as CSV, then try again."
        )
    text, encoding = decode_bytes(data)
    return records_from_rows(parse_csv(text), encoding=encoding)


# --------------------------------------------------------------------------- the audit


def percent(met: int, total: int) -> int:
    """met/total as a whole-number percentage, halves rounded up (integer arithmetic)."""
    return (met * 200 + total) // (2 * total) if total else 0


@dataclass
class AuditResult:
    long: pd.DataFrame  # one row per record x criterion
    wide: pd.DataFrame  # one row per record
    rates: pd.DataFrame  # one row per criterion
    identifiers: pd.DataFrame  # one row per record x kind of identifier found
    records: pd.DataFrame
    packs: dict[str, Any]
    names: list[str]
    # The breakdown the reader asked for (run_audit's `by`): the column as the file names it,
    # each group with its number of records, and one row per group x criterion.
    by: str | None = None
    groups: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["group", "records"]))
    breakdown: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=_BREAKDOWN_COLUMNS))

    def identifier_summary(self) -> dict[str, int]:
        """{kind: count} over all records, in the guard's order."""
        totals = self.identifiers.groupby("type", sort=False)["count"].sum().to_dict()
        return {k: int(totals[k]) for k in anonymise.LABELS if k in totals}

    def identifier_warning(self) -> str:
        """The warning shown when the guard finds anything ('' when it finds nothing)."""
        if self.identifiers.empty:
            return ""
        refs_by_row = dict(zip(self.identifiers["row"], self.identifiers["ref"], strict=True))
        rows = sorted(refs_by_row)
        refs = "; ".join(
            f"row {r}: {refs_by_row[r]}" if refs_by_row[r] else f"row {r}" for r in rows[:20]
        ) + (" and more" if len(rows) > 20 else "")
        return (
            "Possible identifiers found: "
            + anonymise.describe_counts(self.identifier_summary())
            + f" in {_plural(len(rows), 'record', 'records')} ({refs}). "
            "Anonymise these records before you share them or these results."
        )


def _criteria(packs: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(fw, c) for fw, pack in packs.items() for c in pack["criteria"]]


_RECORD_COLUMNS = ["row", "ref", "framework", "source_type", "text"]
_RATE_COLUMNS = ["framework", "framework_title", "criterion", "title", "short_title", "records",
                 "met", "percent"]
_BREAKDOWN_COLUMNS = ["group", "group_records", *_RATE_COLUMNS]


def breakdown_column(others: Iterable[str], by: str) -> str:
    """The column `by` names (compared as headers are: case, spaces, "_" and "-" aside), as
    the file names it; AuditInputError listing the columns there are when there is none."""
    columns = [str(c) for c in others]
    for column in columns:
        if _header_key(column) == _header_key(by):
            return column
    there = ("Its other columns are: " + ", ".join(f'"{c}"' for c in columns) + "."
             if columns else "It has no other columns.")
    raise AuditInputError(f'The file has no column "{by}" to show results for each group. {there}')


# Trimmed from a group's name: the spaces a spreadsheet leaves (the same set as auditrates.js).
_GROUP_TRIM = " \t\r\n\u00a0"


def group_name(value: Any, book: dict[str, Any] | None = None) -> str:
    """A record's group: its cell, trimmed; an empty cell is the group book.yml calls blank."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    book = book if book is not None else load_book()
    return text.strip(_GROUP_TRIM) or book["team_audit"]["breakdown"]["blank"]


def _plain(name: str) -> str:
    """A group's name lower-cased without accents ("Équipe" beside "Eagle", not after "Zed")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower())
                   if unicodedata.category(c) != "Mn")


def group_order(names: Iterable[str], book: dict[str, Any] | None = None) -> list[str]:
    """The distinct groups by name (accents and case aside, then with them); blank last."""
    book = book if book is not None else load_book()
    blank = book["team_audit"]["breakdown"]["blank"]
    distinct = list(dict.fromkeys(names))
    named = sorted((g for g in distinct if g != blank), key=lambda g: (_plain(g), g.lower(), g))
    return named + ([blank] if blank in distinct else [])


def run_audit(
    data: AuditInput | pd.DataFrame,
    packs: dict[str, Any] | None = None,
    names: str | Iterable[str] = (),
    by: str | None = None,
) -> AuditResult:
    """Check every record with its framework's pack, and look for identifiers in each.

    `by` names one of the file's other columns (such as "team" or "worker"): the result then
    also has the figures for each group (`groups`, `breakdown`). Without it there is none:
    the audit never picks a column itself.
    """
    if isinstance(data, AuditInput):
        records, others = data.records, data.others
    else:
        records = data
        others = data.drop(columns=[c for c in _RECORD_COLUMNS if c in data.columns])
    by_column = breakdown_column(others.columns, by) if by is not None else None
    packs = packs if packs is not None else load_packs()
    name_list = anonymise.parse_names(names)
    long_rows: list[dict[str, Any]] = []
    wide_rows: list[dict[str, Any]] = []
    id_rows: list[dict[str, Any]] = []
    # Plain lists: reading a pandas row at a time costs more than the identifier search.
    columns = [records[col].tolist() for col in ("row", "ref", "framework", "text")]
    # Each report is used as it arrives: this process finds identifiers and builds the rows
    # while the workers check the rest.
    reports = iter_check(list(zip(columns[2], columns[3], strict=True)), packs, slim=True)
    titles = {c["id"]: c["title"] for _, c in _criteria(packs)}
    for row, ref, framework, text, report in zip(*columns, reports, strict=True):
        found = anonymise.find_identifiers(text, name_list)
        wide = {"row": row, "ref": ref, "framework": framework,
                "met": report["summary"]["met"], "total": report["summary"]["total"],
                "identifiers": len(found)}
        for c in report["criteria"]:
            long_rows.append({"row": row, "ref": ref, "framework": framework,
                              "criterion": c["id"], "title": titles[c["id"]], "met": c["met"],
                              "evidence": " | ".join(c["evidence"])})
            wide[c["id"]] = c["met"]
        wide_rows.append(wide)
        for kind, n in anonymise.count_by_type(found).items():
            id_rows.append({"row": row, "ref": ref, "type": kind,
                            "label": anonymise.LABELS[kind], "count": n})
    long = pd.DataFrame(long_rows, columns=["row", "ref", "framework", "criterion", "title",
                                            "met", "evidence"])
    criterion_ids = [c["id"] for _, c in _criteria(packs)]
    wide_df = pd.DataFrame(wide_rows, columns=["row", "ref", "framework", "met", "total",
                                               "identifiers", *criterion_ids])
    result = AuditResult(
        long=long,
        wide=wide_df,
        rates=_rates(long, packs),
        identifiers=pd.DataFrame(id_rows, columns=["row", "ref", "type", "label", "count"]),
        records=records,
        packs=packs,
        names=name_list,
    )
    if by_column is not None:
        book = load_book()
        groups = [group_name(v, book) for v in others[by_column].tolist()]
        result.by = by_column
        result.groups, result.breakdown = _breakdown(result, groups, book)
    return result


def _rate_rows(long: pd.DataFrame, packs: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per criterion with records, in the packs' order."""
    counts = long.groupby("criterion", sort=False)["met"].agg(["size", "sum"])
    rows = []
    for fw, crit in _criteria(packs):
        if crit["id"] not in counts.index:
            continue
        total, met = (int(v) for v in counts.loc[crit["id"]])
        rows.append({"framework": fw, "framework_title": packs[fw]["title"],
                     "criterion": crit["id"], "title": crit["title"],
                     "short_title": crit["short_title"], "records": total, "met": met,
                     "percent": percent(met, total)})
    return rows


def _rates(long: pd.DataFrame, packs: dict[str, Any]) -> pd.DataFrame:
    """One row per criterion, from the lowest percentage to the highest (ties: packs' order)."""
    rows = sorted(_rate_rows(long, packs), key=lambda r: r["percent"])
    return pd.DataFrame(rows, columns=_RATE_COLUMNS)


def _breakdown(
    result: AuditResult, groups: list[str], book: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(groups with their number of records, one row per group x criterion), in the groups'
    order and, within a group, the whole file's order of criteria."""
    group_of = dict(zip(result.records["row"].tolist(), groups, strict=True))
    order = group_order(groups, book)
    sizes = pd.Series(groups).value_counts()
    by_group = pd.DataFrame({"group": order, "records": [int(sizes[g]) for g in order]})
    long = result.long.assign(group=result.long["row"].map(group_of))
    position = {c: i for i, c in enumerate(result.rates["criterion"])}
    rows = []
    for group, size in zip(by_group["group"], by_group["records"], strict=True):
        mine = _rate_rows(long[long["group"] == group], result.packs)
        for r in sorted(mine, key=lambda r: position[r["criterion"]]):
            rows.append({"group": group, "group_records": size, **r})
    return by_group, pd.DataFrame(rows, columns=_BREAKDOWN_COLUMNS)


def weakest(result: AuditResult, n: int = 3) -> pd.DataFrame:
    """The n criteria met least often (ties: book order), with the question to ask."""
    rates = result.rates.reset_index(drop=True)
    order = sorted(range(len(rates)), key=lambda i: (rates.loc[i, "percent"], i))[:n]
    out = rates.loc[order].copy()
    questions = {c["id"]: c["question"] for _, c in _criteria(result.packs)}
    out["question"] = [questions[c] for c in out["criterion"]]
    return out.reset_index(drop=True)


def excerpt(text: str, names: Iterable[str] = (), width: int = 140) -> str:
    """The start of a record, redacted by the guard, cut at a word and on one line."""
    redacted = anonymise.redact(text, anonymise.find_identifiers(text, list(names)))
    flat = " ".join(redacted.split())
    if len(flat) <= width:
        return flat
    cut = flat[:width].rsplit(" ", 1)[0]
    return cut + "\u2026"


def examples(result: AuditResult, criterion: str, n: int = 2, met: bool = False) -> pd.DataFrame:
    """Up to n records that do (met=True) or do not meet a criterion, as redacted excerpts."""
    rows = result.long[(result.long["criterion"] == criterion) & (result.long["met"] == met)]
    texts = dict(zip(result.records["row"], result.records["text"], strict=True))
    picked = rows.head(n)
    return pd.DataFrame({
        "ref": picked["ref"].to_list(),
        "row": picked["row"].to_list(),
        "excerpt": [excerpt(texts[r], result.names) for r in picked["row"]],
    })


# --------------------------------------------------------------------------- export


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    if any(ch in text for ch in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def to_csv_text(rows: list[list[Any]]) -> str:
    """CSV with CRLF line ends, quoting only where needed (the browser writes the same)."""
    return "".join(",".join(_csv_cell(v) for v in row) + "\r\n" for row in rows)


def records_csv(result: AuditResult) -> str:
    """One row per record: reference, row, framework, how many met, then each criterion."""
    ids = [c["id"] for _, c in _criteria(result.packs)]
    rows: list[list[Any]] = [["ref", "row", "framework", "criteria_met", "criteria_checked",
                              "possible_identifiers", *ids]]
    for rec in result.wide.to_dict("records"):
        flags = []
        for cid in ids:
            value = rec.get(cid)
            flags.append("" if value is None or value != value else ("yes" if value else "no"))
        rows.append([rec["ref"], rec["row"], rec["framework"], rec["met"], rec["total"],
                     rec["identifiers"], *flags])
    return to_csv_text(rows)


def rates_csv(result: AuditResult) -> str:
    """One row per criterion: how many records were checked, met it, and the percentage.

    With a breakdown, the first two columns name the group (headed by the file's column, such
    as "team") and its number of records: first the rows for all records, then one row per
    group and criterion.
    """
    fields = ["framework", "criterion", "title", "records", "met", "percent"]
    if result.by is None:
        return to_csv_text([fields, *([r[f] for f in fields] for r in
                                      result.rates.to_dict("records"))])
    everyone = load_book()["team_audit"]["breakdown"]["all"]
    rows: list[list[Any]] = [[result.by, "group_records", *fields]]
    rows += [[everyone, len(result.records), *(r[f] for f in fields)]
             for r in result.rates.to_dict("records")]
    rows += [[r["group"], r["group_records"], *(r[f] for f in fields)]
             for r in result.breakdown.to_dict("records")]
    return to_csv_text(rows)


def export_results(result: AuditResult, folder: str | Path) -> dict[str, Path]:
    """Write the rates and per-record results as CSV (UTF-8 with BOM, for Excel) and .xlsx.

    No record text is written: only references, row numbers and results.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "rates_csv": folder / "audit-rates.csv",
        "records_csv": folder / "audit-records.csv",
        "excel": folder / "audit-results.xlsx",
    }
    paths["rates_csv"].write_text("\ufeff" + rates_csv(result), encoding="utf-8", newline="")
    paths["records_csv"].write_text("\ufeff" + records_csv(result), encoding="utf-8", newline="")
    with pd.ExcelWriter(paths["excel"], engine="openpyxl") as writer:
        result.rates.to_excel(writer, sheet_name="Rates", index=False)
        result.wide.to_excel(writer, sheet_name="Records", index=False)
        result.identifiers.to_excel(writer, sheet_name="Possible identifiers", index=False)
        if result.by is not None:
            sheet = result.breakdown.rename(columns={"group": result.by})
            sheet.to_excel(writer, sheet_name="By " + _sheet_name(result.by), index=False)
    return paths


def _sheet_name(column: str) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\ (the "By " takes 3).
    return re.sub(r"[\[\]:*?/\\]", " ", column)[:28].strip() or "group"


def redacted_records(result: AuditResult) -> pd.DataFrame:
    """The records with every likely identifier replaced by its placeholder."""
    out = result.records.copy()
    out["text"] = [anonymise.redact(t, anonymise.find_identifiers(t, result.names))
                   for t in out["text"]]
    return out


# --------------------------------------------------------------------------- display


def html_table(frame: pd.DataFrame, caption: str, headers: dict[str, str] | None = None,
               row_header: str | None = None) -> str:
    """An accessible HTML table (caption, th scope) with no inline styles or scripts."""
    headers = headers or {c: c for c in frame.columns}
    cols = list(headers)
    head = "".join(f'<th scope="col">{html.escape(headers[c])}</th>' for c in cols)
    body = []
    for rec in frame[cols].to_dict("records"):
        cells = []
        for c in cols:
            value = html.escape(str(rec[c]))
            tag = '<th scope="row">{}</th>' if c == row_header else "<td>{}</td>"
            cells.append(tag.format(value))
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="audit-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


_DASH = "\u2013"  # a group with no records of a criterion's kind


def _rate_words(percent_met: int, met: int, records: int) -> str:
    return f"{percent_met}% ({met} of {records})"


def breakdown_html(result: AuditResult) -> str:
    """The breakdown as an accessible table: a column per group, a row per criterion (in the
    whole file's order, weakest first), each cell the rate with its counts; '' without one."""
    if result.by is None:
        return ""
    groups = result.groups["group"].tolist()
    cells = {(r["group"], r["criterion"]): r for r in result.breakdown.to_dict("records")}
    head = '<th scope="col">Criterion</th>' + "".join(
        f'<th scope="col">{html.escape(g)}</th>' for g in groups)
    body = ['<tr><th scope="row">Records</th>' + "".join(
        f"<td>{n}</td>" for n in result.groups["records"]) + "</tr>"]
    for rate in result.rates.to_dict("records"):
        row = f'<th scope="row">{html.escape(rate["framework_title"] + ": " + rate["title"])}</th>'
        for g in groups:
            r = cells.get((g, rate["criterion"]))
            # Non-breaking spaces: a figure stays on one line in a narrow column.
            words = (_rate_words(r["percent"], r["met"], r["records"]).replace(" ", "\u00a0")
                     if r else _DASH)
            row += f"<td>{words}</td>"
        body.append(f"<tr>{row}</tr>")
    caption = (f"Records that meet each criterion, by {result.by}. A dash means the group "
               "has no records of that kind.")
    return (
        f'<table class="audit-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def small_png(figure: Any, colours: int = 16) -> bytes:
    """A matplotlib chart as a PNG of a few colours: black text and outlines on pale bars need
    no more, and the page stays light (a full-colour chart weighs three or four times as much).
    """
    from PIL import Image  # Pillow comes with matplotlib, the only caller

    full = io.BytesIO()
    figure.savefig(full, format="png", dpi=100, bbox_inches="tight")
    out = io.BytesIO()
    Image.open(full).convert("RGB").quantize(colours).save(out, "PNG", optimize=True)
    return out.getvalue()
