"""Files from the held-out red-team corpus that were accepted with a wrong value, refused
though valid, or refused with a traceback: each now imports with its right values or is
refused through the CLI with a message naming row, column, expected and found, and nothing
written (workspace byte-identical, no new backup)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.data.read_helpers import HEADER, cli, refused, seeded_workspace


@pytest.fixture
def ws(mini_bundled_path, tmp_path):
    return seeded_workspace(tmp_path, mini_bundled_path)


def write(tmp_path: Path, text: str, name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(ws, src: Path, monkeypatch, capsys) -> list[tuple]:
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, (out, err)
    return ws.rows("SELECT period, value, unit FROM trade_figures "
                   "WHERE source_file = '%s' ORDER BY period" % src.name)


@pytest.mark.parametrize("cell, expected", [
    ("(-5)", "expected a number with one sign: (4) or -4, not both, found '(-5)'"),
    # a figure and its footnote mark, or digits grouped wrongly: never one number run together
    ("2401 2", "expected a number whose spaces or apostrophes group thousands in threes"),
    ("1 23 4.5", "expected a number whose spaces or apostrophes group thousands in threes"),
    ("12'34", "expected a number whose spaces or apostrophes group thousands in threes"),
])
def test_numbers_with_two_signs_or_broken_groups_are_refused(ws, tmp_path, monkeypatch, capsys, cell, expected):
    src = write(tmp_path, HEADER + f'2023,China,Russia,total,"{cell}",USD,x\n')
    (line,) = refused(ws, src, monkeypatch, capsys, before_rows=False)
    assert line.startswith("figures.csv: row 2, column value: " + expected), line


@pytest.mark.parametrize("cell, value", [("240 110,5", 240110.5), ("240\u00a0110,5", 240110.5),
                                         ("1 234 567,25", 1234567.25), ("- 5", -5.0), ("(1 234)", -1234.0)])
def test_numbers_grouped_in_threes_still_import(ws, tmp_path, monkeypatch, capsys, cell, value):
    src = write(tmp_path, "period;reporter;partner;flow;value;unit;description\n"
                          f"2023;China;Russia;total;{cell};USD;x\n")
    assert imported(ws, src, monkeypatch, capsys) == [("2023", value, "USD")]


def test_a_percent_value_in_a_row_whose_unit_says_otherwise_is_refused(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, HEADER + "2023,China,Russia,total,5%,USD,x\n")
    (line,) = refused(ws, src, monkeypatch, capsys, before_rows=False)
    assert line == ("figures.csv: row 2, column value: expected a number in USD, as the unit column says "
                    "(a value written with % needs the unit %), found '5%'")


def test_a_percent_value_with_the_unit_percent_imports(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, HEADER + "2023,China,Russia,total,5%,percent,x\n")
    assert imported(ws, src, monkeypatch, capsys) == [("2023", 5.0, "%")]


def test_a_column_named_twice_is_refused(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, "period,reporter,partner,flow,value,Value,unit\n2023,China,Russia,total,1,2,USD\n")
    (line,) = refused(ws, src, monkeypatch, capsys)
    assert line == "figures.csv: row 1, column value: expected each column named once in the header, " \
                   "found \"'value' as columns #5 and #6\""


@pytest.mark.parametrize("cell, stored", [("03.2023", "2023-03"), ("12.2022", "2022-12"), ("Q1 2023", "2023-Q1"),
                                          ("1Q2023", "2023-Q1"), ("2023-03-05T00:00:00", "2023-03-05"),
                                          ("2023-03-05 00:00", "2023-03-05")])
def test_periods_as_locales_and_tools_write_them(ws, tmp_path, monkeypatch, capsys, cell, stored):
    src = write(tmp_path, HEADER + f"{cell},China,Russia,total,5,USD,x\n")
    assert imported(ws, src, monkeypatch, capsys) == [(stored, 5.0, "USD")]


@pytest.mark.parametrize("cell", ["13.2023", "2023-03-05T10:30:00", "Q5 2023"])
def test_periods_that_are_not_periods_are_still_refused(ws, tmp_path, monkeypatch, capsys, cell):
    src = write(tmp_path, HEADER + f"{cell},China,Russia,total,5,USD,x\n")
    (line,) = refused(ws, src, monkeypatch, capsys, before_rows=False)
    assert line.startswith("figures.csv: row 2, column period: expected ") and f"found '{cell}'" in line


def test_a_wrong_utf16_override_is_a_message_not_a_crash(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, HEADER + "2023,China,Russia,total,5,USD,x\n")
    (line,) = refused(ws, src, monkeypatch, capsys, "--encoding", "utf-16")
    assert line == ("figures.csv: row 1, column (file): expected text in utf-16 (UTF-16 without a byte-order "
                    "mark: name utf-16-le or utf-16-be), found 'UTF-16 stream does not start with BOM'")


def test_an_exports_milestones_file_is_refused_not_made_into_corridors(ws, tmp_path, monkeypatch, capsys):
    """`export` writes trade_milestones.csv (and energy_/institutions_) beside the pane tables:
    read as corridor milestones, re-importing it made each trade figure a new 'corridor'."""
    code, _, err = cli(ws, "export", str(tmp_path / "out"), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    for name in ("trade_milestones.csv", "energy_milestones.csv", "institutions_milestones.csv"):
        src = tmp_path / "out" / name
        if not src.exists():
            continue
        (line,) = refused(ws, src, monkeypatch, capsys)
        assert line.startswith(f"{name}: row 1, column (header): expected a file of figures, such as a pane's own "
                               "exported table (trade.csv, energy.csv); an export's …_milestones.csv lists dated "
                               "milestones of subjects already in the database and is not imported, found 'subject, ")
    assert ws.rows("SELECT count(*) FROM main.corridors") == [(0,)]


def test_a_changed_row_is_counted_once_as_replaced(ws, tmp_path, monkeypatch, capsys):
    first = write(tmp_path, HEADER + "2023,China,Russia,total,5,USD,x\n2022,China,Russia,total,6,USD,x\n", "a.csv")
    assert cli(ws, "import", str(first), monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    again = write(tmp_path, HEADER + "2023,China,Russia,total,7,USD,x\n2022,China,Russia,total,6,USD,x\n", "b.csv")
    code, out, _ = cli(ws, "import", str(again), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert "  rows read 2; added 0, replaced 1, skipped 1 (already present)" in out.splitlines()
    assert ws.rows("SELECT rows_added, rows_replaced FROM imports WHERE file_name = 'b.csv'") == [(0, 1)]


NO_SUBJECT = ("expected a header row naming the columns of a subject: trade (period, reporter, partner, value, unit), "
              "energy (asset, measure, value, unit, date), corridors, institutions, relations, places or "
              "exchange_rates — or --dataset NAME with --mapping FILE")


def test_a_header_of_no_subject_does_not_send_the_user_after_energy_columns(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, '[{"period": 2023, "value": 5}]\n')
    (line,) = refused(ws, src, monkeypatch, capsys)
    assert line == f"figures.csv: row 1, column (header): {NO_SUBJECT}, found 'headers [{{\"period\": 2023, \"value\": 5}}]'"


def test_a_workbook_whose_first_sheet_is_notes_names_the_other_sheets(ws, tmp_path, monkeypatch, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "ReadMe"
    book.active["A1"] = "Trade of China with Russia"
    data = book.create_sheet("Data")
    data.append(["period", "reporter", "partner", "value", "unit"])
    data.append(["2023", "China", "Russia", 5, "USD"])
    src = tmp_path / "book.xlsx"
    book.save(src)
    (line,) = refused(ws, src, monkeypatch, capsys)
    assert line == (f"book.xlsx: row 1, column (header): {NO_SUBJECT} (read from sheet 'ReadMe'; the workbook also "
                    "has 'Data': choose one with --sheet), found 'headers Trade of China with Russia'")
    code, _, err = cli(ws, "import", str(src), "--sheet", "Data", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ws.rows("SELECT period, value, unit FROM trade_figures WHERE source_file = 'book.xlsx'") == [
        ("2023", 5.0, "USD")]


def test_a_gzipped_workbook_is_named_not_read_as_undecodable_text(ws, tmp_path, monkeypatch, capsys):
    import gzip

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["period", "reporter", "partner", "value", "unit"])
    book.active.append(["2023", "China", "Russia", 5, "USD"])
    book.save(tmp_path / "book.xlsx")
    src = tmp_path / "book.xlsx.gz"
    src.write_bytes(gzip.compress((tmp_path / "book.xlsx").read_bytes()))
    (line,) = refused(ws, src, monkeypatch, capsys)
    assert line == ("book.xlsx.gz: row 1, column (file): expected gzip-compressed CSV or TSV text (a workbook is "
                    "imported as it is, not gzipped), found 'an Excel workbook inside the gzip file: decompress it "
                    "and import the workbook'")


def test_invisible_characters_do_not_make_a_new_key(ws, tmp_path, monkeypatch, capsys):
    """'China\\u200b' (a zero-width space pasted from a web page) was stored as a reporter of its
    own, shown as 'China' but never matching it; so was commodity '0101\\u200b'."""
    src = write(tmp_path, "period,reporter,partner,flow,commodity,value,unit\n"
                          "2023,\u200bChina\u200b,Russia\u2060,total,0101\u200b,5,USD\n")
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "places not in the database" not in out
    assert ws.rows("SELECT reporter, partner, commodity, value FROM trade_figures WHERE source_file = 'figures.csv'") \
        == [("china", "russia", "0101", 5.0)]


@pytest.mark.parametrize("first", ["sep=;", "\ufeffsep=;", '"sep=;"'])
def test_excels_sep_line_names_the_delimiter_and_is_not_the_header(ws, tmp_path, monkeypatch, capsys, first):
    src = write(tmp_path, f"{first}\r\nperiod;reporter;partner;flow;value;unit\r\n"
                          "2023;China;Russia;total;2401,1;hundred million USD\r\n")
    assert imported(ws, src, monkeypatch, capsys) == [("2023", 2401.1, "hundred million USD")]
    assert ws.rows("SELECT source_row FROM trade_figures WHERE source_file = 'figures.csv'") == [(2,)]


def test_after_a_sep_line_problems_name_the_record_and_its_line(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, 'sep=,\nperiod,reporter,partner,flow,value,unit\n2023,China,Russia,total,"5\n')
    (line,) = refused(ws, src, monkeypatch, capsys, before_rows=False)
    assert line == ('figures.csv: row 2 (line 3), column value: expected a closing quote (") for the quoted cell '
                    "opened in line 3, found 'the end of the file'")


def test_a_value_column_naming_its_unit_is_read_with_that_unit(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, "period,reporter,partner,value (billion USD)\n2023,China,Russia,240.1\n")
    assert imported(ws, src, monkeypatch, capsys) == [("2023", 240.1, "billion USD")]


def test_a_unit_column_wins_over_a_unit_in_the_value_header(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, "period,reporter,partner,value (billion USD),unit\n2023,China,Russia,240.1,million USD\n")
    assert imported(ws, src, monkeypatch, capsys) == [("2023", 240.1, "million USD")]


def test_an_asset_name_that_matches_nothing_is_said_to_be_new(ws, tmp_path, monkeypatch, capsys):
    """'Power of Siberia' is not the curated asset's name ('Power of Siberia gas pipeline'): the
    import makes a new pipeline of it, which the summary used to show only as 'energy_assets: 1 rows'."""
    src = write(tmp_path, "asset,measure,value,unit,date\nPower of Sibiria,design_capacity,38,bcm/yr,2023\n")
    code, out, err = cli(ws, "import", str(src), "--dry-run", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ("  new assets (would be added: no asset in the database has this name or id; check the spelling): "
            "Power of Sibiria") in out.splitlines()


def test_thousands_of_ignored_columns_are_not_one_endless_line(ws, tmp_path, monkeypatch, capsys):
    extra = [f"note{i}" for i in range(5000)]
    src = write(tmp_path, ",".join(["period", "reporter", "partner", "value", "unit", *extra]) + "\n"
                + ",".join(["2023", "China", "Russia", "5", "USD"] + [""] * len(extra)) + "\n")
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    (line,) = [ln for ln in out.splitlines() if ln.startswith("  columns ignored: ")]
    assert line == "  columns ignored: " + ", ".join(extra[:30]) + " and 4970 more"


def _percent_book(path: Path, unit: str | None) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["period", "reporter", "partner", "measure", "value", "unit"])
    sheet.append(["2023", "China", "Russia", "growth", 0.263, unit])
    sheet["E2"].number_format = "0.0%"
    book.save(path)
    return path


@pytest.mark.parametrize("unit", ["%", None])
def test_a_cell_formatted_as_percent_is_stored_as_the_sheet_shows_it(ws, tmp_path, monkeypatch, capsys, unit):
    """Excel keeps 26.3% as 0.263 with a percent format: it was stored as 0.263 %."""
    src = _percent_book(tmp_path / "growth.xlsx", unit)
    code, _, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ws.rows("SELECT period, value, unit FROM trade_figures WHERE source_file = 'growth.xlsx'") == [
        ("2023", 26.3, "%")]


def test_a_percent_formatted_cell_in_a_row_of_another_unit_is_refused(ws, tmp_path, monkeypatch, capsys):
    src = _percent_book(tmp_path / "growth.xlsx", "USD")
    (line,) = refused(ws, src, monkeypatch, capsys, before_rows=False)
    assert line == ("growth.xlsx: row 2, column value: expected a number in USD, as the unit column says "
                    "(a value written with % needs the unit %), found '26.3%'")


@pytest.mark.parametrize("header", ["cap", "capacity_bcm"])
def test_energy_figures_in_a_column_nothing_reads_are_not_dropped(ws, tmp_path, monkeypatch, capsys, header):
    """Exit 0 with 'would add 0' and a new asset: the figures in 'cap' were silently left out."""
    src = write(tmp_path, f"asset,measure,{header},date\nPower of Siberia gas pipeline,design_capacity,38,2023\n")
    (line,) = refused(ws, src, monkeypatch, capsys)
    assert line == ("figures.csv: row 1, column value: expected a column 'value' or 'capacity' holding the figures "
                    "(a file without one only describes assets, and has no other columns), "
                    f"found 'columns not read: {header}'")


@pytest.mark.parametrize("year", ["2021*", "2021e", "2021 (prelim.)", "2021 [1]"])
def test_a_year_column_with_a_note_is_not_silently_left_out(ws, tmp_path, monkeypatch, capsys, year):
    src = write(tmp_path, f"reporter,partner,flow,unit,2019,2020,{year}\nChina,Russia,total,billion USD,110.8,107.8,146.9\n")
    (line,) = refused(ws, src, monkeypatch, capsys)
    assert line == (f"figures.csv: row 1, column {year}: expected a period as the header of a year column, like 2021 "
                    f"(rename the column to import its figures, or delete it), found '{year}'")


def test_a_wide_tables_total_column_is_still_just_ignored(ws, tmp_path, monkeypatch, capsys):
    src = write(tmp_path, "reporter,partner,flow,unit,2019,2020,Total\nChina,Russia,total,billion USD,110.8,107.8,218.6\n")
    assert imported(ws, src, monkeypatch, capsys) == [("2019", 110.8, "billion USD"), ("2020", 107.8, "billion USD")]


def test_files_joined_with_their_headers_import_every_row(ws, tmp_path, monkeypatch, capsys):
    """Two exports joined (the second with its BOM): each cell of the repeated header was a
    problem of its own; the columns are the same, so the rows are read on, and the line is said."""
    head = "period,reporter,partner,flow,value,unit\n"
    src = write(tmp_path, head + "2023,China,Russia,total,5,USD\n\ufeff" + head + "2022,China,Russia,total,6,USD\n")
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "    row 3 repeats the header (files joined into one?): read as a header" in out.splitlines()
    assert "  rows read 2; added 2, replaced 0, skipped 0 (already present)" in out.splitlines()
    assert ws.rows("SELECT period, value, source_row FROM trade_figures WHERE source_file = 'figures.csv' "
                   "ORDER BY period") == [("2022", 6.0, 4), ("2023", 5.0, 2)]
