"""The team audit page in Chromium: a team lead chooses a CSV file and reads the results.

The numbers on the page must be the ones widgets.audit gives for the same file; nothing is
requested while the file is read and checked; nothing is stored; axe finds nothing in any
state (before a file, with results and the identifier warning, with an error).
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from widgets import anonymise, audit

from .axe import describe, run_axe
from .conftest import open_page, other_origins
from .site import SITE, pages_with, text_free

pytestmark = pytest.mark.browser

PAGES = pages_with('data-widget="audit"')
PATH = PAGES[0] if PAGES else "chapters/audit-in-browser.html"
ROOT_SEL = "[data-audit]"
TABLE_JS = """() => Object.fromEntries(Array.from(
  document.querySelectorAll('[data-audit] table tbody tr[data-criterion]'),
  (tr) => [tr.dataset.criterion, [Number(tr.querySelector('[data-records]').textContent),
                                  Number(tr.querySelector('[data-met]').textContent),
                                  tr.querySelector('[data-percent]').textContent]]))"""


def _open(page: Any, site_url: str) -> None:
    assert (SITE / PATH).exists(), f"{PATH} was not built"
    open_page(page, site_url, PATH)
    page.wait_for_selector(ROOT_SEL)


def _choose(page: Any, name: str, data: bytes) -> None:
    page.set_input_files(f"{ROOT_SEL} input[type=file]",
                         files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def _wait_results(page: Any) -> None:
    page.wait_for_selector(f"{ROOT_SEL} .audit-results:not([hidden]) table", timeout=20_000)


def _http(urls: list[str], site_url: str) -> list[str]:
    """Requests over the network, less the guard's files fetched on first use (they carry no
    text: tests/browser/site.py ON_FIRST_USE)."""
    return text_free([u for u in urls if urlparse(u).scheme in ("http", "https")], site_url)


def _python_rates(data: bytes, names: str = "") -> dict[str, list]:
    result = audit.run_audit(audit.read_export(data, "x.csv"), names=names)
    return {r["criterion"]: [r["records"], r["met"], f"{r['percent']}%"]
            for r in result.rates.to_dict("records")}


STORAGE_JS = """async () => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),
  document.cookie, indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : []])"""


def _storage(page: Any) -> str:
    return page.evaluate(STORAGE_JS)


def _stored_nothing(page: Any, before: str, markers: list[str]) -> None:
    """Storage is as it was before the file was chosen, and holds nothing from the file."""
    after = _storage(page)
    assert after == before, f"the page stored something: {before} -> {after}"
    leaked = [m for m in markers if m in after]
    assert not leaked, f"file content in storage: {leaked}"


def test_before_a_file_is_chosen(page: Any, site_url: str) -> None:
    _open(page, site_url)
    label = page.locator(f"{ROOT_SEL} label", has_text="Choose a CSV file")
    assert label.count() == 1
    assert page.locator(f"{ROOT_SEL} input[type=file]").get_attribute("id") == label.get_attribute("for")
    assert "not uploaded" in page.locator(f"{ROOT_SEL} .audit-privacy").inner_text()
    violations = run_axe(page)
    assert not violations, describe(violations)
    assert not other_origins(page.request_log, site_url)
    assert not page.console_errors


def test_the_sample_gives_the_numbers_python_gives(page: Any, site_url: str) -> None:
    data = audit.SAMPLE_PATH.read_bytes()
    _open(page, site_url)
    before = list(page.request_log)
    stored = _storage(page)
    _choose(page, "sample-audit.csv", data)
    _wait_results(page)

    assert page.evaluate(TABLE_JS) == _python_rates(data)
    # The file was read and checked without a single request.
    assert _http(page.request_log, site_url) == _http(before, site_url), "the page made requests during the audit"

    read = audit.read_export(data, "x.csv")
    results = page.locator(f"{ROOT_SEL} .audit-results").inner_text()
    assert f"{len(read.records)} records checked" in results
    assert read.skipped_message() in results

    expected_warning = audit.run_audit(read).identifier_warning()
    warning = page.locator("[data-audit-warning]")
    assert expected_warning and expected_warning in warning.inner_text()
    weakest = audit.weakest(audit.run_audit(read), 3)["criterion"].to_list()
    shown = page.eval_on_selector_all(
        f"{ROOT_SEL} .audit-weakest li", "els => els.map(e => e.dataset.criterion)"
    )
    assert shown == weakest
    # The chart gives each value in words, one bar per criterion.
    values = page.eval_on_selector_all(f"{ROOT_SEL} .audit-bar-value", "els => els.map(e => e.textContent)")
    assert len(values) == len(_python_rates(data)) and all("%" in v and " of " in v for v in values)

    violations = run_axe(page)  # results and the identifier warning on show
    assert not violations, describe(violations)
    _stored_nothing(page, stored, ["AUD-0", "baby clinic", "999 000 0018"])
    assert not other_origins(page.request_log, site_url)
    assert not page.console_errors


def test_downloads_match_the_python_export(page: Any, site_url: str) -> None:
    data = audit.SAMPLE_PATH.read_bytes()
    result = audit.run_audit(audit.read_export(data, "x.csv"))
    _open(page, site_url)
    stored = _storage(page)
    _choose(page, "sample-audit.csv", data)
    _wait_results(page)
    before = _http(page.request_log, site_url)
    for button, expected in [("Download results as CSV", audit.records_csv(result)),
                             ("Download the rates as CSV", audit.rates_csv(result))]:
        with page.expect_download() as info:
            page.get_by_role("button", name=button).click()
        body = open(info.value.path(), "rb").read().decode("utf-8")
        assert body == "\ufeff" + expected, button
    with page.expect_download() as info:
        page.get_by_role("button", name="Download a redacted copy of the file").click()
    redacted = open(info.value.path(), "rb").read().decode("utf-8-sig")
    assert "999 000 0018" not in redacted and "[NHS number]" in redacted
    assert "[postcode]" in redacted and "Mum ([Name 1]) will take [Name 2] to the baby clinic" in redacted
    assert _http(page.request_log, site_url) == before  # the files were made in the page
    _stored_nothing(page, stored, ["AUD-0", "baby clinic"])


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_other_encodings_give_the_same_numbers(page: Any, site_url: str, encoding: str) -> None:
    text = audit.SAMPLE_PATH.read_text(encoding="utf-8")
    data = text.encode(encoding)
    assert data != text.encode("utf-8")
    _open(page, site_url)
    _choose(page, "export.csv", data)
    _wait_results(page)
    assert page.evaluate(TABLE_JS) == _python_rates(audit.SAMPLE_PATH.read_bytes())
    label = "Windows-1252" if encoding == "cp1252" else "UTF-8 with byte order mark"
    assert label in page.locator(f"{ROOT_SEL} .audit-summary").inner_text()


# Maisie is a name the guard finds unlisted; "bud", a nickname in lower case, needs the list.
NAMES_CSV = (b"ref,framework,text\r\nA1,voice,Maisie said she likes school.\r\n"
             b"A2,voice,Mum took bud to the park and bud laughed.\r\nA3,smart,Mum will ring the school by Friday.\r\n")


def test_listed_names_are_warned_about(page: Any, site_url: str) -> None:
    data = b"ref,framework,text\r\nA1,voice,Mum took bud to the park.\r\n"
    _open(page, site_url)
    page.fill(f"{ROOT_SEL} input[type=text]", "Bud")
    _choose(page, "names.csv", data)
    _wait_results(page)
    assert "1 name in 1 record (row 2: A1)" in page.locator("[data-audit-warning]").inner_text()


def test_wrong_columns_are_explained_in_an_alert(page: Any, site_url: str) -> None:
    data = b"Case number,Date,Notes\r\n1,2024-01-01,Seen\r\n"
    expected = audit.missing_columns_message(["ref", "framework"], ["Case number", "Date", "Notes"])
    _open(page, site_url)
    _choose(page, "wrong.csv", data)
    alert = page.locator(f"{ROOT_SEL} [role=alert]")
    alert.filter(has_text="Missing").wait_for()
    assert alert.inner_text().strip() == expected
    assert page.locator(f"{ROOT_SEL} .audit-results").is_hidden()
    violations = run_axe(page)
    assert not violations, describe(violations)


def test_an_excel_workbook_is_refused_with_advice(page: Any, site_url: str) -> None:
    _open(page, site_url)
    _choose(page, "export.xlsx", b"PK\x03\x04 not really a workbook")
    alert = page.locator(f"{ROOT_SEL} [role=alert]")
    alert.filter(has_text="Excel workbook").wait_for()
    assert "CSV UTF-8" in alert.inner_text()


def test_a_50_mb_file_is_refused_at_once(page: Any, site_url: str, tmp_path: Path) -> None:
    row = b"R1,smart," + b"x" * 990 + b"\r\n"
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.write(b"ref,framework,text\r\n")
        for _ in range(50 * 1024 * 1024 // len(row) + 1):
            f.write(row)
    assert path.stat().st_size > 50 * 1024 * 1024
    _open(page, site_url)
    page.set_input_files(f"{ROOT_SEL} input[type=file]", str(path))
    alert = page.locator(f"{ROOT_SEL} [role=alert]")
    alert.filter(has_text="50.0 MB").wait_for(timeout=10_000)
    assert "up to 10 MB" in alert.inner_text()
    assert page.evaluate("() => 1 + 1") == 2  # the page still answers


def test_a_large_file_is_checked_in_chunks_with_progress(page: Any, site_url: str) -> None:
    # 5,000 records: the page must keep answering while it works, and show progress.
    rows = audit.read_export(audit.SAMPLE_PATH).records
    lines = ["ref,framework,text"]
    for i in range(5000):
        rec = rows.iloc[i % len(rows)]
        text = rec["text"].replace('"', '""')
        lines.append(f'N{i},{rec["framework"]},"{text}"')
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    _open(page, site_url)
    page.evaluate("""() => {
      window.__ticks = 0; window.__progress = new Set();
      window.__timer = setInterval(() => { window.__ticks += 1; }, 0);
      const p = document.querySelector('[data-audit] progress');
      new MutationObserver(() => window.__progress.add(p.value)).observe(p, {attributes: true});
    }""")
    _choose(page, "big.csv", data)
    _wait_results(page)
    ticks, steps = page.evaluate("() => [window.__ticks, window.__progress.size]")
    assert steps >= 3, f"progress was shown only {steps} times"
    assert ticks >= 3, f"the page did not yield to the browser while checking ({ticks} ticks)"
    assert page.evaluate(TABLE_JS) == _python_rates(data)


def test_redact_and_copy(page: Any, site_url: str) -> None:
    text = "Ava (DOB 03/04/2015) lives at ZZ99 3AB. Mum: 07700 900123. NHS 999 000 0018."
    _open(page, site_url)
    stored = _storage(page)
    box = page.locator("[data-redact]")
    box.locator("textarea").first.fill(text)
    box.locator("input[type=text]").fill("Ava")
    box.get_by_role("button", name="Redact and copy").click()
    output = box.get_by_label("Redacted text")
    output.wait_for()
    assert output.input_value() == anonymise.redact(text, anonymise.find_identifiers(text, ["Ava"]))
    status = box.locator("[role=status]").inner_text()
    assert "Redacted" in status and "5 items were replaced" in status
    assert "NHS number: 999 000 0018" in box.locator("[data-redact-warning]").inner_text()
    violations = run_axe(page)
    assert not violations, describe(violations)
    _stored_nothing(page, stored, ["ZZ99", "07700"])
    assert not other_origins(page.request_log, site_url)


def test_an_encoding_example_is_really_different() -> None:
    # Guards the encoding tests above: the sample has characters that CP1252 writes differently.
    text = audit.SAMPLE_PATH.read_text(encoding="utf-8")
    assert text.encode("cp1252") != text.encode("utf-8")
    assert codecs.BOM_UTF8 + text.encode("utf-8") == text.encode("utf-8-sig")


# ------------------------------------------------------------------ issue 12: the team audit

SUMMARY_ORDER_JS = """() => Array.from(
  document.querySelectorAll('[data-audit] .audit-results > .audit-table-box tbody tr[data-criterion]'),
  (tr) => tr.dataset.criterion)"""
# What a chart label shows on screen: the text of the parts of it that take up space.
CHART_JS = """() => Array.from(document.querySelectorAll('[data-audit] .audit-results > .audit-chart > ul > li'),
  (li) => [li.dataset.criterion, Array.from(li.querySelectorAll('.audit-bar-label > span'))
    .filter((s) => s.getBoundingClientRect().width > 1 && s.getBoundingClientRect().height > 1)
    .map((s) => s.textContent).join(' ')])"""
BREAKDOWN_JS = """() => Object.fromEntries(Array.from(
  document.querySelectorAll('[data-audit-breakdown] table tbody tr[data-criterion]'),
  (tr) => [tr.dataset.criterion, Array.from(tr.querySelectorAll('td'), (td) => td.textContent)]))"""


def _status(page: Any) -> str:
    return page.locator(f"{ROOT_SEL} .audit-status").inner_text()


def test_names_typed_after_the_file_reach_the_guard_and_the_redacted_copy(page: Any, site_url: str) -> None:
    data = NAMES_CSV
    _open(page, site_url)
    stored = _storage(page)
    _choose(page, "names.csv", data)
    _wait_results(page)
    warning = page.locator("[data-audit-warning]")
    unlisted = audit.run_audit(audit.read_export(data, "x.csv"))
    assert unlisted.identifier_warning() in warning.inner_text()  # Maisie, found unlisted

    page.locator(f"{ROOT_SEL} input[type=text]").press_sequentially("Bud", delay=20)
    status = page.locator(f"{ROOT_SEL} [role=status]")
    status.filter(has_text="The names list has changed").wait_for(timeout=5_000)
    # Announced in the live region with the new count, the one Python gives for these names.
    result = audit.run_audit(audit.read_export(data, "x.csv"), names="Bud")
    total, records = int(result.identifiers["count"].sum()), result.identifiers["row"].nunique()
    assert (total, records) == (3, 2)
    assert f"now finds {total} possible identifiers in {records} records" in _status(page)
    assert status.get_attribute("role") == "status"
    assert result.identifier_warning() in warning.inner_text()

    with page.expect_download() as info:
        page.get_by_role("button", name="Download a redacted copy of the file").click()
    redacted = open(info.value.path(), "rb").read().decode("utf-8-sig")
    assert "Maisie" not in redacted and "took [Name 1] to the park and [Name 1] laughed" in redacted
    with page.expect_download() as info:
        page.get_by_role("button", name="Download results as CSV").click()
    assert open(info.value.path(), "rb").read().decode("utf-8") == "\ufeff" + audit.records_csv(result)

    # Clearing the list takes the listed name out again.
    page.fill(f"{ROOT_SEL} input[type=text]", "")
    status.filter(has_text="The names list has changed").wait_for()
    page.wait_for_function("(w) => document.querySelector('[data-audit-warning]').innerText.includes(w)",
                           arg=unlisted.identifier_warning())
    violations = run_axe(page)
    assert not violations, describe(violations)
    _stored_nothing(page, stored, ["Maisie", "bud", "A1"])
    assert not page.console_errors


def test_a_name_typed_just_before_a_download_is_not_missed(page: Any, site_url: str) -> None:
    _open(page, site_url)
    _choose(page, "names.csv", NAMES_CSV)
    _wait_results(page)
    page.fill(f"{ROOT_SEL} input[type=text]", "Bud")  # no pause before the click
    with page.expect_download() as info:
        page.get_by_role("button", name="Download a redacted copy of the file").click()
    redacted = open(info.value.path(), "rb").read().decode("utf-8-sig")
    assert " bud " not in redacted and "Mum took [Name 1] to the park" in redacted


def test_the_breakdown_column_is_chosen_by_the_reader_never_guessed(page: Any, site_url: str) -> None:
    _open(page, site_url)
    select = page.get_by_label("Show the results for each team or worker (optional)")
    assert select.is_disabled()
    _choose(page, "sample-audit.csv", audit.SAMPLE_PATH.read_bytes())
    _wait_results(page)
    assert select.is_enabled()
    options = select.locator("option").all_inner_texts()
    assert options == ["No breakdown", "team"]  # the file's columns other than ref, framework, text
    assert select.input_value() == ""  # "No breakdown" until the reader chooses
    assert page.locator("[data-audit-breakdown]").is_hidden()
    # A file with no other column: nothing to choose, and the hint says why.
    _choose(page, "plain.csv", b"ref,framework,text\r\nA1,voice,Seen alone.\r\n")
    page.wait_for_function("() => document.querySelector('[data-audit] .audit-summary')?.textContent.includes('plain.csv')")
    assert select.is_disabled() and select.locator("option").all_inner_texts() == ["No breakdown"]
    assert "no other columns" in page.locator(f"{ROOT_SEL} .audit-field", has=select).inner_text()


def test_the_breakdown_by_team_gives_the_numbers_python_gives(page: Any, site_url: str) -> None:
    data = audit.SAMPLE_PATH.read_bytes()
    result = audit.run_audit(audit.read_export(data, "x.csv"), by="team")
    _open(page, site_url)
    stored = _storage(page)
    _choose(page, "sample-audit.csv", data)
    _wait_results(page)
    before = _http(page.request_log, site_url)
    # By keyboard: focus the list and move down to "team".
    select = page.get_by_label("Show the results for each team or worker (optional)")
    select.focus()
    page.keyboard.press("ArrowDown")
    page.locator("[data-audit-breakdown] table").wait_for()
    assert select.input_value() != ""
    assert "shown for each group, by team: 3 groups" in _status(page)

    groups = result.groups["group"].to_list()
    heads = page.eval_on_selector_all("[data-audit-breakdown] thead th", "els => els.map(e => e.textContent)")
    assert heads == ["Criterion", *groups]
    sizes = page.eval_on_selector_all("[data-audit-breakdown] tr[data-group-records] td",
                                      "els => els.map(e => Number(e.textContent))")
    assert sizes == result.groups["records"].to_list()
    cells = {(r["group"], r["criterion"]): f"{r['percent']}% ({r['met']} of {r['records']})"
             for r in result.breakdown.to_dict("records")}
    expected = {c: [cells.get((g, c), "\u2013") for g in groups] for c in result.rates["criterion"]}
    assert page.evaluate(BREAKDOWN_JS) == expected
    # The chart: a bar for each group under each criterion, weakest criterion first.
    chart = page.eval_on_selector_all(
        "[data-audit-breakdown] figure > ul > li",
        "els => els.map(li => [li.dataset.criterion, Array.from(li.querySelectorAll('li'), "
        "g => [g.dataset.group, g.querySelector('.audit-bar-value').textContent])])")
    assert [c for c, _ in chart] == result.rates["criterion"].to_list()
    assert chart[0][1] == [[g, cells[(g, chart[0][0])]] for g in groups if (g, chart[0][0]) in cells]

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the rates as CSV").click()
    body = open(info.value.path(), "rb").read().decode("utf-8")
    assert body == "\ufeff" + audit.rates_csv(result)
    assert "by team" in _status(page)
    assert _http(page.request_log, site_url) == before
    violations = run_axe(page)  # the breakdown on show
    assert not violations, describe(violations)
    _stored_nothing(page, stored, ["Hazel team", "AUD-0"])

    select.select_option("")  # back to no breakdown
    assert page.locator("[data-audit-breakdown]").is_hidden()
    assert "No breakdown" in _status(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the rates as CSV").click()
    assert open(info.value.path(), "rb").read().decode("utf-8") == (
        "\ufeff" + audit.rates_csv(audit.run_audit(audit.read_export(data, "x.csv"))))
    assert not page.console_errors


def test_a_team_that_looks_like_a_formula_is_made_safe_in_the_rates_file(page: Any, site_url: str) -> None:
    data = (b"ref,team,framework,text\r\nA1,=1+2,voice,Seen alone.\r\nA2,@SUM(A1),smart,"
            b"Mum will call by 3 May.\r\nA3,,risk,Risk is high.\r\n")
    _open(page, site_url)
    _choose(page, "formula.csv", data)
    _wait_results(page)
    page.get_by_label("Show the results for each team or worker (optional)").select_option(label="team")
    page.locator("[data-audit-breakdown] table").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the rates as CSV").click()
    body = open(info.value.path(), "rb").read().decode("utf-8")
    result = audit.run_audit(audit.read_export(data, "x.csv"), by="team")
    assert body == "\ufeff" + audit.rates_csv(result)
    assert "\r\n'=1+2," in body and "\r\n'@SUM(A1)," in body and "\r\n(blank)," in body


def test_the_summary_runs_weakest_first_with_short_labels_in_the_chart(page: Any, site_url: str) -> None:
    data = audit.SAMPLE_PATH.read_bytes()
    rates = audit.run_audit(audit.read_export(data, "x.csv")).rates
    _open(page, site_url)
    _choose(page, "sample-audit.csv", data)
    _wait_results(page)
    order = rates["criterion"].to_list()
    assert page.evaluate(SUMMARY_ORDER_JS) == order
    assert sorted(rates["percent"]) == rates["percent"].to_list() and rates["percent"].nunique() > 1
    # On screen: each criterion's short title, in the same order.
    assert page.evaluate(CHART_JS) == [[c, s] for c, s in zip(order, rates["short_title"], strict=True)]
    # Read out: the full title ("Risk analysis: What it means for the child"), not the short one.
    snapshot = page.locator(f"{ROOT_SEL} .audit-results > .audit-chart").aria_snapshot()
    full = [f"{r.framework_title}: {r.title}" for r in rates.itertuples()]
    assert all(f in snapshot for f in full), snapshot[:2000]
    assert not any(s in snapshot for s in rates["short_title"] if s not in " ".join(full))
    # And in the table, the full title.
    titles = page.eval_on_selector_all(
        f"{ROOT_SEL} .audit-results > .audit-table-box tbody th", "els => els.map(e => e.textContent)")
    assert titles == rates["title"].to_list()
