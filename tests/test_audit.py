"""The team audit: reading exports, the numbers it gives, and that the browser gives the same.

The browser audit (widgets/static/audit.js) runs in node on the same files, with the same
packs, and must produce the same results CSV, rates CSV, warnings and error messages.
"""

from __future__ import annotations

import codecs
import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from widgets import audit
from widgets.audit import (
    SAMPLE_PATH,
    AuditInputError,
    export_results,
    read_export,
    run_audit,
)
from widgets.engine import check
from widgets.packs import load_book, load_packs
from widgets.scorer import WEIGHTS_PATH

ROOT = Path(__file__).resolve().parents[1]
AUDIT_JS = ROOT / "widgets" / "static" / "audit.js"
GUARD_JSON = ROOT / "tests" / "vectors" / "guard.json"  # the guard's data, as the site serves it
needs_node = pytest.mark.usefixtures("node")


@pytest.fixture(scope="module")
def sample_result() -> audit.AuditResult:
    return run_audit(read_export(SAMPLE_PATH))


# ------------------------------------------------------------------ reading


def test_the_sample_has_records_of_every_framework() -> None:
    data = read_export(SAMPLE_PATH)
    counts = data.records["framework"].value_counts().to_dict()
    assert len(data.records) >= 36
    assert set(counts) == set(load_packs()) and min(counts.values()) >= 8
    # The sample shows the reader every kind of skipped row.
    assert data.blank_rows == 1 and data.no_text_rows and data.unknown_type_rows


def test_record_types_are_mapped_to_frameworks() -> None:
    for value, framework in [("Plan item", "smart"), ("plan", "smart"), ("SMART", "smart"),
                             ("Visit record", "voice"), ("direct-work", "voice"),
                             ("visit", "voice"), ("Risk analysis", "risk"),
                             ("assessment", "risk"), ("  RISK  ", "risk")]:
        assert audit.framework_of(value) == framework, value
    assert audit.framework_of("letter") is None


def test_alternative_headers_are_accepted_ignoring_case_and_spaces() -> None:
    data = read_export(b"Case Ref,Record Type,Narrative\r\nA1,visit,Seen alone.\r\n", "x.csv")
    assert data.columns == {"ref": "Case Ref", "framework": "Record Type", "text": "Narrative"}
    assert data.records.to_dict("records") == [
        {"row": 2, "ref": "A1", "framework": "voice", "source_type": "visit", "text": "Seen alone."}
    ]
    for header in ("record_id,kind,content", "ID,TYPE,Note", "reference,record_type,record"):
        assert len(read_export(f"{header}\nA,risk,Some text\n".encode(), "x.csv").records) == 1


def test_missing_columns_name_what_was_expected_and_what_was_found() -> None:
    with pytest.raises(AuditInputError) as err:
        read_export(b"Case number,Date,Notes\n1,2024-01-01,Seen\n", "x.csv")
    message = str(err.value)
    assert "Missing: a record reference (ref)" in message
    assert "the framework or record type (framework)" in message
    assert "record text" not in message  # "Notes" was accepted as the text column
    assert 'Found: "Case number", "Date", "Notes".' in message
    assert isinstance(err.value, ValueError)


def test_empty_and_header_only_files_are_refused_clearly() -> None:
    with pytest.raises(AuditInputError, match="empty"):
        read_export(b"", "x.csv")
    with pytest.raises(AuditInputError, match="no records"):
        read_export(b"ref,framework,text\r\n,,\r\n", "x.csv")


def test_cp1252_and_utf8_with_or_without_bom_read_the_same(tmp_path: Path) -> None:
    original = SAMPLE_PATH.read_text(encoding="utf-8")
    assert "\u2019" in original and "\u00e9" in original  # characters that differ by encoding
    variants = {
        "UTF-8": original.encode("utf-8"),
        "UTF-8 with byte order mark": codecs.BOM_UTF8 + original.encode("utf-8"),
        "Windows-1252": original.encode("cp1252"),
    }
    frames = {}
    for encoding, data in variants.items():
        read = read_export(data, "sample.csv")
        assert read.encoding == encoding
        assert read.columns["ref"] == "ref"  # the BOM is not part of the first header
        frames[encoding] = read.records
    for frame in frames.values():
        pd.testing.assert_frame_equal(frame, frames["UTF-8"])


def test_quoted_fields_with_commas_quotes_and_line_breaks() -> None:
    data = read_export(
        b'ref,framework,text\r\nA,smart,"one, two ""three""\r\n- four"\r\nB,voice,plain\n', "x.csv"
    )
    assert data.records["text"].to_list() == ['one, two "three"\r\n- four', "plain"]
    assert data.records["row"].to_list() == [2, 3]


def test_blank_rows_are_skipped_and_counted() -> None:
    data = read_export(b"ref,framework,text\n\nA,risk,x\n,,\n , ,\nB,smart,\nC,letter,y\n", "x.csv")
    assert data.blank_rows == 3
    assert data.no_text_rows == [6]
    assert data.unknown_type_rows == [(7, "letter")]
    assert data.skipped_message() == (
        "Skipped: 3 blank rows; 1 row with no text (row 6); 1 row with a framework or record "
        'type the audit does not know (row 7: "letter"); use '
        + ", ".join(list(load_packs())[:-1]) + f" or {list(load_packs())[-1]}."
    )


def test_excel_exports_read_like_csv(tmp_path: Path) -> None:
    csv_read = read_export(SAMPLE_PATH)
    path = tmp_path / "export.xlsx"
    frame = pd.read_csv(SAMPLE_PATH, dtype=str, keep_default_na=False, skip_blank_lines=False)
    frame.to_excel(path, index=False)
    excel = read_export(path)
    assert excel.records["text"].to_list() == csv_read.records["text"].to_list()
    assert excel.records["framework"].to_list() == csv_read.records["framework"].to_list()
    assert excel.records["row"].to_list() == csv_read.records["row"].to_list()


# ------------------------------------------------------------------ the audit


def test_every_record_is_checked_against_its_own_framework(sample_result) -> None:
    packs = load_packs()
    long = sample_result.long
    for framework, pack in packs.items():
        n = (sample_result.records["framework"] == framework).sum()
        assert (long["framework"] == framework).sum() == n * len(pack["criteria"])
    # The wide table agrees with the engine, record by record.
    first = sample_result.records.iloc[0]
    report = check(first["text"], packs[first["framework"]])
    row = sample_result.wide.iloc[0]
    assert row["met"] == report["summary"]["met"]
    assert all(row[c["id"]] == c["met"] for c in report["criteria"])


def test_rates_count_met_records_and_round_halves_up(sample_result) -> None:
    long = sample_result.long
    for rate in sample_result.rates.to_dict("records"):
        mine = long[long["criterion"] == rate["criterion"]]
        assert rate["records"] == len(mine)
        assert rate["met"] == int(mine["met"].sum())
    assert audit.percent(1, 8) == 13 and audit.percent(1, 200) == 1 and audit.percent(3, 7) == 43
    assert audit.percent(0, 0) == 0
    # The sample is written so that rates differ: a flat result would hide a broken audit.
    assert sample_result.rates["percent"].nunique() >= 5


def test_weakest_are_the_lowest_rates(sample_result) -> None:
    weak = audit.weakest(sample_result, 3)
    assert len(weak) == 3
    lowest = sorted(sample_result.rates["percent"])[:3]
    assert weak["percent"].to_list() == lowest
    assert all(q.endswith("?") for q in weak["question"])


def test_examples_are_short_and_redacted(sample_result) -> None:
    ex = audit.examples(sample_result, "voice.words", n=20)
    assert len(ex) >= 3
    assert all(len(e) <= 141 for e in ex["excerpt"])
    joined = " ".join(ex["excerpt"])
    assert "999 000 0018" not in joined and "[NHS number]" in joined


def test_identifier_warning_names_kinds_and_rows(sample_result) -> None:
    warning = sample_result.identifier_warning()
    assert warning.startswith("Possible identifiers found: 1 NHS number, 1 phone number")
    assert "row 30: AUD-028" in warning and "row 40: AUD-038" in warning
    clean = run_audit(read_export(b"ref,framework,text\nA,smart,Mum will call.\n", "x.csv"))
    assert clean.identifier_warning() == ""


def test_names_are_found_in_the_audit_with_and_without_a_list() -> None:
    # A name the guard knows is found unlisted; a nickname typed in lower case needs the list.
    data = read_export(b"ref,framework,text\nA,voice,Maisie said hello.\nB,voice,Mum took bud out.\n",
                       "x.csv")
    found = run_audit(data).identifiers
    assert found[["ref", "type", "count"]].to_dict("records") == [{"ref": "A", "type": "name", "count": 1}]
    found = run_audit(data, names="Bud").identifiers
    assert found[["ref", "type", "count"]].to_dict("records") == [
        {"ref": "A", "type": "name", "count": 1}, {"ref": "B", "type": "name", "count": 1}]


def test_export_writes_csv_and_excel_without_record_text(sample_result, tmp_path: Path) -> None:
    paths = export_results(sample_result, tmp_path / "out")
    rates = pd.read_csv(paths["rates_csv"], encoding="utf-8-sig")
    assert rates[["criterion", "met", "percent"]].to_dict("records") == (
        sample_result.rates[["criterion", "met", "percent"]].to_dict("records")
    )
    records = pd.read_csv(paths["records_csv"], encoding="utf-8-sig", dtype=str)
    assert len(records) == len(sample_result.records)
    assert set(records["smart.specific"].dropna()) <= {"yes", "no"}
    sheets = pd.read_excel(paths["excel"], sheet_name=None)
    assert list(sheets) == ["Rates", "Records", "Possible identifiers"]
    everything = "".join(p.read_bytes().decode("utf-8", "replace") for p in paths.values()
                         if p.suffix == ".csv")
    assert "baby clinic" not in everything  # no record text leaves in an export


def test_csv_cells_that_look_like_formulas_are_made_safe() -> None:
    assert audit.to_csv_text([["=SUM(A1)", "a,b", 'say "hi"', 3]]) == (
        "'=SUM(A1),\"a,b\",\"say \"\"hi\"\"\",3\r\n"
    )


def test_redacted_records_replace_identifiers(sample_result) -> None:
    red = audit.redacted_records(sample_result)
    text = " ".join(red["text"])
    assert "07700 900123" not in text and "[phone number]" in text and "[postcode]" in text


def test_html_table_is_accessible_and_escaped() -> None:
    frame = pd.DataFrame({"a": ["<b>x</b>"], "b": [1]})
    markup = audit.html_table(frame, "Cap", {"a": "A", "b": "B"}, row_header="a")
    assert "<caption>Cap</caption>" in markup and '<th scope="col">A</th>' in markup
    assert '<th scope="row">&lt;b&gt;x&lt;/b&gt;</th>' in markup and "style" not in markup


# ------------------------------------------------------------------ same numbers in the browser

NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const m = await import(process.argv[1]);
// The page loads the guard's data from the site; here it is read from the test vectors.
(await import(new URL("./anonymise.js", process.argv[1]).href)).setGuard(JSON.parse(readFileSync(process.argv[5], "utf8")));
const { packs, book } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const models = JSON.parse(readFileSync(process.argv[4], "utf8")).frameworks;
const out = [];
for (const [path, names] of JSON.parse(process.argv[3])) {
  try {
    const { text, encoding } = m.decodeBytes(new Uint8Array(readFileSync(path)));
    const input = m.readRecords(m.parseCsv(text), encoding, packs, book);
    const audit = await m.auditRecords(input.records, packs, { names, chunk: 7, models });
    out.push({ encoding, columns: input.columns, skipped: input.skipped,
      records_csv: m.recordsCsv(audit, packs), rates_csv: m.ratesCsv(m.computeRates(audit.results, packs)),
      warning: m.identifierWarning(audit.identifiers) });
  } catch (err) {
    out.push({ error: err.constructor.name + ": " + err.message });
  }
}
console.log(JSON.stringify(out));
"""


def _files(tmp_path: Path) -> list[tuple[Path, str]]:
    original = SAMPLE_PATH.read_text(encoding="utf-8")
    files = {
        "sample.csv": SAMPLE_PATH.read_bytes(),
        "cp1252.csv": original.encode("cp1252"),
        "bom.csv": codecs.BOM_UTF8 + original.encode("utf-8"),
        "alt.csv": b"Record ID , KIND,Narrative\rA1,Plan item,\"Mum, Dad\r\"\"and\"\" Kai\"\r\r"
                   b"A2,visit record,x\"y\rA3,risk,\"unterminated\nDOB 3/4/15",
        "missing.csv": b"Case number,Date,Notes\n1,2024-01-01,Seen\n",
        "empty.csv": b"",
        "skipped-only.csv": b"ref,framework,text\n,,\nA,letter,x\n",
        "formula.csv": b"ref,framework,text\n=1+1,smart,\"Mum will call.\"\n",
    }
    out = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        out.append((path, "Kai, Mum" if name == "alt.csv" else ""))
    return out


def _python_view(path: Path, names: str) -> dict:
    try:
        data = read_export(path)
    except AuditInputError as err:
        return {"error": f"AuditInputError: {err}"}
    result = run_audit(data, names=names)
    return {"encoding": data.encoding, "columns": data.columns, "skipped": data.skipped_message(),
            "records_csv": audit.records_csv(result), "rates_csv": audit.rates_csv(result),
            "warning": result.identifier_warning()}


@needs_node
def test_the_browser_audit_gives_the_same_results_as_python(tmp_path: Path) -> None:
    files = _files(tmp_path)
    packs_path = tmp_path / "packs.json"
    packs_path.write_text(json.dumps({"packs": load_packs(), "book": load_book()}, default=str),
                          encoding="utf-8")
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_SCRIPT, AUDIT_JS.as_uri(), str(packs_path),
         json.dumps([[str(p), n] for p, n in files]), str(WEIGHTS_PATH), str(GUARD_JSON)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    js = json.loads(proc.stdout)
    for (path, names), browser in zip(files, js, strict=True):
        assert browser == _python_view(path, names), path.name
    # The comparison covered results, warnings and errors, not only successes.
    assert sum("error" in r for r in js) == 3 and sum(bool(r.get("warning")) for r in js) >= 2


def test_the_sample_parses_the_same_with_pandas() -> None:
    # An independent reader agrees on the record count (our reader is not fooling itself).
    frame = pd.read_csv(SAMPLE_PATH, dtype=str, keep_default_na=False)
    kept = frame[(frame["text"].str.strip() != "")]
    kept = kept[kept["framework"].map(lambda v: audit.framework_of(v) is not None)]
    assert len(kept) == len(read_export(SAMPLE_PATH).records)


TABLES_SCRIPT = """
import { readFileSync } from "node:fs";
const m = await import(process.argv[1]);
(await import(new URL("./anonymise.js", process.argv[1]).href)).setGuard(JSON.parse(readFileSync(process.argv[2], "utf8")));
const { packs, book } = JSON.parse(readFileSync(0, "utf8"));
const rows = [["ref", "framework", "text"], ["=A1", "+plan", "@x"], ["-B", "visit", "Dad said =1+1"]];
console.log(JSON.stringify({ headers: m.headerAliases(book), frameworks: m.frameworkAliases(packs),
  redacted: m.redactedCsv(rows, "", book) }));
"""


@needs_node
def test_the_twins_read_one_table_and_guard_formulas_alike() -> None:
    """The audit's column headers and record types come from the same data in both languages,
    and the redacted copy neutralises formulas as every other CSV the book writes does."""
    data = json.dumps({"packs": load_packs(), "book": load_book()}, default=str)
    proc = subprocess.run(["node", "--input-type=module", "-e", TABLES_SCRIPT, AUDIT_JS.as_uri(), str(GUARD_JSON)],
                          input=data, capture_output=True, text=True, timeout=120, check=True)
    js = json.loads(proc.stdout)
    assert js["headers"] == audit.header_aliases()
    assert js["frameworks"] == audit.framework_aliases()
    assert js["redacted"] == audit.to_csv_text(
        [["ref", "framework", "text"], ["=A1", "+plan", "@x"], ["-B", "visit", "Dad said =1+1"]])
    assert "'=A1" in js["redacted"] and "'+plan" in js["redacted"] and "'@x" in js["redacted"]


# ------------------------------------------------------------------ issue 12: order, labels, breakdown

TEAM_CSV = (
    "ref,framework,Team,text,worker\r\n"
    "A1,voice,North, Seen alone. Ava said \u201cI like school.\u201d,Sam\r\n"
    "A2,voice,north,Spoke to Mum.,\r\n"
    "A3,smart,  North\u00a0,Mum will take Ava to the GP by 3 May so that her cough is treated.,Sam\r\n"
    "A4,risk,,Risk is high. Police and school were at the strategy meeting.,Jo\r\n"
    "A5,voice,=HYPERLINK(\"x\"),Ava (7) was seen alone and said she is scared of Dad.,Jo\r\n"
    "A6,smart,\u00c9quipe Est,Dad to engage. Ongoing.,Sam\r\n"
    "A7,letter,North,A letter.,Sam\r\n"
).encode("utf-8")


def test_rates_run_from_weakest_to_strongest_with_ties_in_pack_order(sample_result) -> None:
    rates = sample_result.rates
    assert rates["percent"].is_monotonic_increasing
    book_order = [c["id"] for p in load_packs().values() for c in p["criteria"]]
    for _, tied in rates.groupby("percent", sort=False):
        ids = tied["criterion"].to_list()
        assert ids == sorted(ids, key=book_order.index), ids
    assert rates["percent"].iloc[0] < rates["percent"].iloc[-1]  # the sample really is uneven
    # The rates file lists them in the same order.
    lines = audit.rates_csv(sample_result).splitlines()[1:]
    assert [line.split(",")[1] for line in lines] == rates["criterion"].to_list()


def test_every_rate_carries_its_criterions_short_title(sample_result) -> None:
    shorts = {c["id"]: c["short_title"] for p in load_packs().values() for c in p["criteria"]}
    assert sample_result.rates["short_title"].to_list() == [
        shorts[c] for c in sample_result.rates["criterion"]]


def test_the_sample_has_a_team_column_and_no_breakdown_is_made_unasked(sample_result) -> None:
    data = read_export(SAMPLE_PATH)
    assert data.other_columns == ["team"]
    teams = set(data.others["team"])
    assert len(teams) >= 3 and all(t.endswith(" team") for t in teams)
    assert sample_result.by is None and sample_result.breakdown.empty
    assert audit.rates_csv(sample_result).startswith("framework,criterion,title,records,met,percent\r\n")


def test_other_columns_exclude_the_three_the_audit_reads_and_repeats() -> None:
    data = read_export(b"Ref,Team,Type,,team,Narrative,Worker\r\nA,N,visit,x,y,Seen.,Jo\r\n", "x.csv")
    assert data.other_columns == ["Team", "Worker"]
    assert data.others.to_dict("records") == [{"Team": "N", "Worker": "Jo"}]


def test_breakdown_by_team_gives_each_groups_records_and_rates() -> None:
    data = read_export(TEAM_CSV, "x.csv")
    result = run_audit(data, by="team")  # matched as headers are: "Team"
    assert result.by == "Team"
    # Trimmed (spaces and a non-breaking space), case kept, sorted ignoring case, blank last.
    assert result.groups.to_dict("records") == [
        {"group": "=HYPERLINK(\"x\")", "records": 1}, {"group": "\u00c9quipe Est", "records": 1},
        {"group": "North", "records": 2}, {"group": "north", "records": 1},
        {"group": "(blank)", "records": 1}]
    north = result.breakdown[result.breakdown["group"] == "North"]
    # North has one visit record (A1) and one plan (A3): each criterion counted over its kind.
    assert set(north["framework"]) == {"voice", "smart"} and set(north["records"]) == {1}
    long = result.long.merge(pd.DataFrame({"row": data.records["row"], "team": [
        "North", "north", "North", "(blank)", "=HYPERLINK(\"x\")", "\u00c9quipe Est"]}), on="row")
    for r in result.breakdown.to_dict("records"):
        mine = long[(long["team"] == r["group"]) & (long["criterion"] == r["criterion"])]
        assert (r["records"], r["met"]) == (len(mine), int(mine["met"].sum())), r
        assert r["percent"] == audit.percent(r["met"], r["records"])
    # Within each group, the criteria keep the whole file's order (weakest first).
    order = result.rates["criterion"].to_list()
    for _, rows in result.breakdown.groupby("group", sort=False):
        assert rows["criterion"].to_list() == [c for c in order if c in set(rows["criterion"])]
    # The groups add up to the whole.
    totals = result.breakdown.groupby("criterion")[["records", "met"]].sum()
    for r in result.rates.to_dict("records"):
        assert totals.loc[r["criterion"]].to_list() == [r["records"], r["met"]]


def test_an_unknown_breakdown_column_names_the_columns_there_are() -> None:
    data = read_export(TEAM_CSV, "x.csv")
    with pytest.raises(AuditInputError) as err:
        run_audit(data, by="unit")
    assert str(err.value) == ('The file has no column "unit" to show results for each group. '
                              'Its other columns are: "Team", "worker".')
    with pytest.raises(AuditInputError, match="It has no other columns"):
        run_audit(read_export(b"ref,framework,text\r\nA,voice,x\r\n", "x.csv"), by="team")


def test_the_rates_file_holds_the_breakdown_with_formulas_made_safe(tmp_path: Path) -> None:
    result = run_audit(read_export(TEAM_CSV, "x.csv"), by="Team")
    text = audit.rates_csv(result)
    rows = list(__import__("csv").reader(text.splitlines()))
    assert rows[0] == ["Team", "group_records", "framework", "criterion", "title", "records",
                       "met", "percent"]
    everyone = rows[1:1 + len(result.rates)]
    assert {r[0] for r in everyone} == {"All records"} and {r[1] for r in everyone} == {"6"}
    groups = rows[1 + len(result.rates):]
    assert len(groups) == len(result.breakdown)  # one row per group and criterion
    assert [(r[0], r[3], int(r[7])) for r in groups] == [
        (("'" if g.startswith("=") else "") + g, c, p) for g, c, p in
        result.breakdown[["group", "criterion", "percent"]].itertuples(index=False)]
    assert "'=HYPERLINK" in text and "\r\n=HYPERLINK" not in text
    paths = export_results(result, tmp_path)
    sheet = pd.read_excel(paths["excel"], sheet_name="By Team")
    assert len(sheet) == len(result.breakdown) and sheet.columns[0] == "Team"


def test_the_breakdown_table_has_a_column_per_group_and_a_dash_for_none() -> None:
    result = run_audit(read_export(TEAM_CSV, "x.csv"), by="worker")
    markup = audit.breakdown_html(result)
    assert [g for g in result.groups["group"]] == ["Jo", "Sam", "(blank)"]
    assert '<th scope="col">Jo</th><th scope="col">Sam</th><th scope="col">(blank)</th>' in markup
    assert '<th scope="row">Records</th><td>2</td><td>3</td><td>1</td>' in markup
    assert "\u2013" in markup and "A dash means" in markup  # (blank) has no plan items
    assert audit.breakdown_html(run_audit(read_export(TEAM_CSV, "x.csv"))) == ""


BREAKDOWN_SCRIPT = """
import { readFileSync } from "node:fs";
const m = await import(process.argv[1]);
(await import(new URL("./anonymise.js", process.argv[1]).href)).setGuard(JSON.parse(readFileSync(process.argv[3], "utf8")));
const { packs, book, models } = JSON.parse(readFileSync(0, "utf8"));
const out = [];
for (const [path, column, names] of JSON.parse(process.argv[2])) {
  const { text, encoding } = m.decodeBytes(new Uint8Array(readFileSync(path)));
  const input = m.readRecords(m.parseCsv(text), encoding, packs, book);
  // The audit runs with no names; the names typed later reach it through the rescan.
  const first = await m.auditRecords(input.records, packs, { models });
  const audit = m.rescanIdentifiers(first, input.records, names);
  const rates = m.computeRates(audit.results, packs);
  const at = input.otherColumns.indexOf(column);
  const breakdown = at === -1 ? null : m.breakdownBy(input, audit, rates, at, packs, book);
  out.push({ others: input.otherColumns, order: rates.map((r) => [r.criterion, r.shortTitle]),
    groups: breakdown ? breakdown.groups.map((g) => [g.group, g.records]) : null,
    rates_csv: m.ratesCsv(rates, breakdown, book), records_csv: m.recordsCsv(audit, packs),
    warning: m.identifierWarning(audit.identifiers), count: m.identifierCount(audit.identifiers) });
}
console.log(JSON.stringify(out));
"""


@needs_node
def test_the_browser_gives_the_same_order_breakdown_and_rescan_as_python(tmp_path: Path) -> None:
    cases = [("sample.csv", SAMPLE_PATH.read_bytes(), "team", "Maisie, Jayden"),
             ("teams.csv", TEAM_CSV, "Team", "Ava"),
             ("workers.csv", TEAM_CSV, "worker", ""),
             ("none.csv", TEAM_CSV, "", "Mum, Dad")]
    files = []
    for name, data, column, names in cases:
        (tmp_path / name).write_bytes(data)
        files.append([str(tmp_path / name), column, names])
    models = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))["frameworks"]
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", BREAKDOWN_SCRIPT, AUDIT_JS.as_uri(), json.dumps(files),
         str(GUARD_JSON)],
        input=json.dumps({"packs": load_packs(), "book": load_book(), "models": models}, default=str),
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for (name, data, column, names), js in zip(cases, json.loads(proc.stdout), strict=True):
        read = read_export(data, name)
        result = run_audit(read, names=names, by=column or None)
        found = result.identifiers
        count = (f"{found['count'].sum()} possible identifier{'s' if found['count'].sum() != 1 else ''}"
                 f" in {found['row'].nunique()} record{'s' if found['row'].nunique() != 1 else ''}"
                 if not found.empty else "")
        assert js == {
            "others": read.other_columns,
            "order": result.rates[["criterion", "short_title"]].values.tolist(),
            "groups": result.groups.values.tolist() if column else None,
            "rates_csv": audit.rates_csv(result), "records_csv": audit.records_csv(result),
            "warning": result.identifier_warning(), "count": count,
        }, name
        if names:
            assert " name" in js["warning"], name  # the rescan found the names
