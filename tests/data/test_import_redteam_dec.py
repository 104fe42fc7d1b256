"""Red-team round of 2026-12-01 (tests/fixtures/import/redteam-2026-12-01.md): hand-made files
that were stored with a wrong figure (rounded digits, a number read as a month, an export
stored as a total) or refused though valid (a row of only delimiters). Through the CLI: the
exact stored values, or the exact message with the workspace unchanged."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.data.read_helpers import HEADER, cli, refused, seeded_workspace

TOO_LONG = "expected a number of at most 15 significant digits, which a stored figure keeps exactly"


@pytest.fixture
def ws(mini_bundled_path, tmp_path):
    return seeded_workspace(tmp_path, mini_bundled_path)


def write(tmp_path: Path, text: str, name: str = "figures.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def imported(ws, src: Path, monkeypatch, capsys) -> list[tuple]:
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, (out, err)
    return ws.rows("SELECT reporter, partner, flow, period, value, unit FROM trade_figures "
                   "WHERE source_file = '%s' ORDER BY period" % src.name)


@pytest.mark.parametrize("cell", ["12345678901234567890", "-12345678901234567890", "12345678901234567",
                                  "0.12345678901234567890123", "1.2345678901234567890E5",
                                  "12,345,678,901,234,567,890"])
def test_a_number_with_more_digits_than_a_figure_keeps_is_refused(ws, tmp_path, monkeypatch, capsys, cell):
    """'12345678901234567890' was stored as 12345678901234567168, exit 0."""
    src = write(tmp_path, HEADER + f'2023,China,Russia,total,"{cell}",USD,x\n')
    (line,) = refused(ws, src, monkeypatch, capsys, before_rows=False)
    assert line == f"figures.csv: row 2, column value: {TOO_LONG}, found '{cell}'"


@pytest.mark.parametrize("cell, value", [("0.30000000000000004", 0.30000000000000004),
                                         ("8.800000000000001", 8.8), ("3159813913.000000000", 3159813913.0),
                                         ("123456789012345", 123456789012345.0)])
def test_long_numbers_a_float_keeps_exactly_still_import(ws, tmp_path, monkeypatch, capsys, cell, value):
    src = write(tmp_path, HEADER + f"2023,China,Russia,total,{cell},USD,x\n")
    assert imported(ws, src, monkeypatch, capsys) == [("china", "russia", "total", "2023", value, "USD")]


@pytest.mark.parametrize("number", [2023.5, 2023.1])
def test_a_number_cell_with_a_fraction_is_not_read_as_a_month(ws, tmp_path, monkeypatch, capsys, number):
    """A number cell 2023.5 was stored as May 2023; 2023.1 (Excel's 2023.10) as January."""
    path = tmp_path / "months.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["period", "reporter", "partner", "flow", "value", "unit"])
    book.active.append([number, "China", "Russia", "total", 5, "USD"])
    book.save(path)
    (line,) = refused(ws, path, monkeypatch, capsys, before_rows=False)
    assert line == (f"months.xlsx: row 2, column period: expected a whole year (2023) or a date cell, not the "
                    f"number {number!r} (format the column as text to write a month as 2023.10), found '{number}'")


@pytest.mark.parametrize("header, cell, field", [
    ("поток", "экспорт", "flow"), ("Exporter", "China", "reporter"), ("партнёр", "Россия", "partner")])
def test_a_trade_files_key_column_nothing_reads_is_refused_not_dropped(
        ws, tmp_path, monkeypatch, capsys, header, cell, field):
    """'поток' holding экспорт was left out and the row stored as flow 'total', exit 0."""
    columns = {"reporter": "reporter", "partner": "partner", "flow": "flow"}
    columns[field] = header
    values = {"reporter": "China", "partner": "Russia", "flow": "export"}
    values[field] = cell
    src = write(tmp_path, f"period,{columns['reporter']},{columns['partner']},{columns['flow']},value,unit\n"
                          f"2023,{values['reporter']},{values['partner']},{values['flow']},5,USD\n")
    (line,) = refused(ws, src, monkeypatch, capsys)
    assert line == (f"figures.csv: row 1, column {header}: expected the {field} of each row in a column named "
                    f"'{field}' (rename the column to import it, or delete it to import without a {field}), "
                    f"found '{header}'")


def test_a_row_of_only_delimiters_is_a_blank_line(ws, tmp_path, monkeypatch, capsys):
    """Excel saves an emptied row as ',,,,,,': it was refused as a row with no value."""
    src = write(tmp_path, HEADER + "2023,China,Russia,total,5,USD,x\n,,,,,,\n2022,China,Russia,total,6,USD,x\n"
                                   ",,,,,,\r\n")
    assert imported(ws, src, monkeypatch, capsys) == [("china", "russia", "total", "2022", 6.0, "USD"),
                                                      ("china", "russia", "total", "2023", 5.0, "USD")]


def test_after_a_row_of_delimiters_problems_name_the_row_as_a_spreadsheet_numbers_it(ws, tmp_path, monkeypatch,
                                                                                       capsys):
    """The emptied row stays a row (row 2), skipped without a figure; the next is row 3, as before
    the emptied row was accepted (only a wholly blank line is no record: see records.py)."""
    src = write(tmp_path, HEADER + ",,,,,,\n2023,China,Russia,total,abc,USD,x\n")
    (line,) = refused(ws, src, monkeypatch, capsys, before_rows=False)
    assert line.startswith("figures.csv: row 3, column value: expected a number"), line


@pytest.mark.parametrize("measure", ["design_capacity", "nameplate_capacity"])
def test_a_negative_capacity_is_refused(ws, tmp_path, monkeypatch, capsys, measure):
    """-38 bcm/yr was stored as the pipeline's design capacity, status actual, exit 0."""
    src = write(tmp_path, f"asset,measure,value,unit,date\nPower of Siberia gas pipeline,{measure},-38,bcm/yr,2023\n")
    (line,) = refused(ws, src, monkeypatch, capsys, before_rows=False)
    assert line == f"figures.csv: row 2, column value: expected a {measure.replace('_', ' ')} of 0 or more, found '-38.0'"


@pytest.mark.parametrize("cell, stored", [("2022M03", "2022-03"), ("2022M3", "2022-03"), ("2022m12", "2022-12")])
def test_a_month_as_eurostat_and_the_imf_write_it(ws, tmp_path, monkeypatch, capsys, cell, stored):
    """'2022M03' was refused as not a period."""
    src = write(tmp_path, HEADER + f"{cell},China,Russia,export,5,USD,x\n")
    assert imported(ws, src, monkeypatch, capsys) == [("china", "russia", "export", stored, 5.0, "USD")]


def test_a_month_13_in_eurostats_form_is_refused(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, HEADER + "2022M13,China,Russia,export,5,USD,x\n")
    (line,) = refused(ws, src, monkeypatch, capsys, before_rows=False)
    assert line == "figures.csv: row 2, column period: expected a month between 1 and 12, found '2022M13'"


def test_a_workbook_with_a_sheet_per_year_names_the_sheets_not_read(ws, tmp_path, monkeypatch, capsys):
    """Only the first sheet was imported, exit 0, with nothing said of the sheet '2023'."""
    path = tmp_path / "years.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "2022"
    book.create_sheet("empty")
    for sheet, year, value in ((book.active, "2022", 5), (book.create_sheet("2023"), "2023", 6)):
        sheet.append(["period", "reporter", "partner", "flow", "value", "unit"])
        sheet.append([year, "China", "Russia", "export", value, "USD"])
    book.save(path)
    code, out, err = cli(ws, "import", str(path), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ("    only sheet '2022' was read; the workbook also has data on sheet(s) '2023': "
            "import each with --sheet NAME") in out.splitlines()
    code, out, err = cli(ws, "import", str(path), "--sheet", "2023", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "only sheet" not in out, (out, err)
    assert ws.rows("SELECT period, value FROM trade_figures WHERE source_file = 'years.xlsx' ORDER BY period") == [
        ("2022", 5.0), ("2023", 6.0)]
