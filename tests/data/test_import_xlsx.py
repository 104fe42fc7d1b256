"""Excel workbooks: the sheet read is the one asked for (``--sheet NAME|N``) or the first
visible one holding data; Excel dates import at day precision; a formula with no saved
value is refused by row and column; a ``<dimension>`` of A1 does not hide the data; a
zip bomb and a far-away cell are refused within seconds at bounded memory."""
from __future__ import annotations

import re
import time
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from explorer.data.importing.read import detect, iter_records
from explorer.data.importing.xlsx import sheet_names
from tests.data.read_helpers import cli, refused, seeded_workspace

HEADER = ["period", "reporter", "partner", "flow", "value", "unit", "description"]


@pytest.fixture
def ws(tmp_path, mini_bundled_path):
    return seeded_workspace(tmp_path, mini_bundled_path)


def _stored(ws, name: str) -> list[tuple]:
    return ws.rows(f"SELECT period, period_precision, value, description FROM trade_figures "
                   f"WHERE source_file = '{name}' ORDER BY period, description")


def _book(path, *sheets, hidden=()):
    """A workbook with ``sheets`` as (title, rows); titles in ``hidden`` are hidden."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def _rewrite_member(src, dst, member: str, edit) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, edit(data) if item.filename == member else data)


def test_a_hidden_first_sheet_is_skipped_for_the_first_visible_sheet_with_data(ws, tmp_path, monkeypatch, capsys):
    src = _book(tmp_path / "hidden.xlsx", ("Notes", [["a note, not data"]]), ("Empty", []),
                ("Data", [HEADER, [2023, "China", "Russia", "total", 1, "USD", "visible"]]), hidden=("Notes",))
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _stored(ws, "hidden.xlsx") == [("2023", "year", 1.0, "visible")]


@pytest.mark.parametrize("choice", ["Second", "second", "2"])
def test_sheet_chooses_a_sheet_by_name_or_number(ws, tmp_path, monkeypatch, capsys, choice):
    src = _book(tmp_path / "two.xlsx", ("First", [HEADER, [2021, "China", "Russia", "total", 1, "USD", "one"]]),
                ("Second", [HEADER, [2022, "China", "Russia", "total", 2, "USD", "two"]]))
    code, out, err = cli(ws, "import", str(src), "--sheet", choice, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _stored(ws, "two.xlsx") == [("2022", "year", 2.0, "two")]


def test_an_unknown_sheet_is_refused_listing_the_sheets(ws, tmp_path, monkeypatch, capsys):
    src = _book(tmp_path / "two.xlsx", ("First", [HEADER]), ("Second", [HEADER]))
    assert refused(ws, src, monkeypatch, capsys, "--sheet", "Third") == [
        "two.xlsx: row 1, column (sheet): expected a sheet name or number 1–2: 'First', 'Second', found 'Third'"]


def test_sheet_names_lists_every_sheet_with_its_visibility(tmp_path):
    src = _book(tmp_path / "b.xlsx", ("Notes", [["x"]]), ("Data", [HEADER]), hidden=("Notes",))
    assert sheet_names(src) == [("Notes", False), ("Data", True)]


def test_excel_date_cells_import_at_day_precision(ws, tmp_path, monkeypatch, capsys):
    # before: every real date cell was refused ("found '2023-05-01 00:00:00'")
    src = _book(tmp_path / "dates.xlsx", ("Data", [
        HEADER, [datetime(2023, 5, 1), "China", "Russia", "total", 1, "USD", "a datetime"],
        [date(2023, 6, 2), "China", "Russia", "total", 2, "USD", "a date"]]))
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _stored(ws, "dates.xlsx") == [("2023-05-01", "day", 1.0, "a datetime"), ("2023-06-02", "day", 2.0, "a date")]


def test_a_formula_with_no_saved_value_is_refused_by_row_and_column(ws, tmp_path, monkeypatch, capsys):
    # openpyxl writes formulas without results, as scripts do; before, the cell read as empty
    src = _book(tmp_path / "formula.xlsx", ("Data", [
        HEADER, [2022, "China", "Russia", "total", 4, "USD", "typed"],
        [2023, "China", "Russia", "total", "=E2*2", "USD", "computed"]]))
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        "formula.xlsx: row 3, column value: expected a value (open the workbook in Excel and save it, so formulas "
        "keep their results), found 'a formula with no saved value in E3'"]


def test_a_formula_with_a_saved_value_imports_the_value(ws, tmp_path, monkeypatch, capsys):
    plain = _book(tmp_path / "plain.xlsx", ("Data", [HEADER, [2023, "China", "Russia", "total", 8, "USD", "x"]]))
    src = tmp_path / "cached.xlsx"
    _rewrite_member(plain, src, "xl/worksheets/sheet1.xml",
                    lambda xml: re.sub(rb'<c r="E2"([^>]*)><v>8</v></c>', rb'<c r="E2"\1><f>4*2</f><v>8</v></c>', xml))
    assert b"<f>4*2</f>" in zipfile.ZipFile(src).read("xl/worksheets/sheet1.xml")
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _stored(ws, "cached.xlsx") == [("2023", "year", 8.0, "x")]


def test_a_dimension_of_a1_does_not_hide_the_rows(ws, tmp_path, monkeypatch, capsys):
    rows = [HEADER] + [[2000 + i, "China", "Russia", "total", i + 1, "USD", f"r{i}"] for i in range(5)]
    plain = _book(tmp_path / "plain.xlsx", ("Data", rows))
    src = tmp_path / "eurostat.xlsx"
    _rewrite_member(plain, src, "xl/worksheets/sheet1.xml",
                    lambda xml: re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', xml))
    assert b'<dimension ref="A1"/>' in zipfile.ZipFile(src).read("xl/worksheets/sheet1.xml")
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert [r[0] for r in _stored(ws, "eurostat.xlsx")] == ["2000", "2001", "2002", "2003", "2004"]


def test_row_numbers_are_excel_row_numbers(tmp_path):
    src = _book(tmp_path / "gaps.xlsx", ("Data", [HEADER, [], [2023, "China", "Russia", "total", 1, "USD", "x"]]))
    assert [int(n) for n, _ in iter_records(detect(src))] == [1, 3]


def test_one_far_cell_is_refused_at_once(ws, tmp_path, monkeypatch, capsys):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(HEADER)
    sheet.append([2023, "China", "Russia", "total", 1, "USD", "x"])
    sheet["XFD1048576"] = "far"
    wb.save(tmp_path / "far.xlsx")
    started = time.monotonic()
    assert refused(ws, tmp_path / "far.xlsx", monkeypatch, capsys, before_rows=False) == [
        "far.xlsx: row 1048576, column XFD: expected a table at most 4096 columns wide, "
        "found 'a cell at XFD1048576, far outside the table'"]
    assert time.monotonic() - started < 10


def test_a_zip_bomb_is_refused_before_it_is_inflated(ws, tmp_path, monkeypatch, capsys):
    plain = _book(tmp_path / "plain.xlsx", ("Data", [HEADER, [2023, "China", "Russia", "total", 1, "USD", "x"]]))
    src = tmp_path / "bomb.xlsx"
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(item, data)
                continue
            at = data.index(b"</sheetData>")
            member = zipfile.ZipInfo(item.filename)
            member.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(member, "w", force_zip64=True) as out:
                out.write(data[:at])
                for _ in range(300):          # 300 MB of XML in well under a megabyte
                    out.write(row)
                out.write(data[at:])
    assert src.stat().st_size < 2 << 20
    started = time.monotonic()
    lines = refused(ws, src, monkeypatch, capsys)
    assert time.monotonic() - started < 10
    assert lines == [
        "bomb.xlsx: row 1, column (file): expected an Excel .xlsx workbook of a readable size, found 'part "
        "xl/worksheets/sheet1.xml inflating to 280 MiB from 0.8 MiB (a zip bomb?)'"]


def test_a_date_cell_formatted_as_a_month_or_year_keeps_that_precision(ws, tmp_path, monkeypatch, capsys):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(HEADER)
    for n, fmt in enumerate(("mmm yyyy", "yyyy", "dd.mm.yyyy", '[$-409]mmmm\\ yyyy;@'), start=1):
        sheet.append([datetime(2020 + n, n, 1), "China", "Russia", "total", n, "USD", fmt])
        sheet.cell(row=n + 1, column=1).number_format = fmt
    wb.save(tmp_path / "months.xlsx")
    code, out, err = cli(ws, "import", str(tmp_path / "months.xlsx"), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _stored(ws, "months.xlsx") == [("2021-01", "month", 1.0, "mmm yyyy"), ("2022", "year", 2.0, "yyyy"),
                                          ("2023-03-01", "day", 3.0, "dd.mm.yyyy"),
                                          ("2024-04", "month", 4.0, '[$-409]mmmm\\ yyyy;@')]


@pytest.mark.parametrize("damage, found", [
    (lambda xml: xml[: xml.index(b"</sheetData>") - 20], "sheet 'Data' damaged after row 3 (ParseError)"),
    (lambda xml: xml.replace(b'<v>5</v>', b'<v>5x</v>'), "sheet 'Data' damaged after row 2 (ValueError)"),
])
def test_a_damaged_sheet_is_one_problem_not_a_traceback(ws, tmp_path, monkeypatch, capsys, damage, found):
    rows = [HEADER] + [[2020 + i, "China", "Russia", "total", i + 4, "USD", f"r{i}"] for i in range(3)]
    plain = _book(tmp_path / "plain.xlsx", ("Data", rows))
    src = tmp_path / "damaged.xlsx"
    _rewrite_member(plain, src, "xl/worksheets/sheet1.xml", damage)
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        f"damaged.xlsx: row 1, column (file): expected an Excel .xlsx workbook, found {found!r}"]
