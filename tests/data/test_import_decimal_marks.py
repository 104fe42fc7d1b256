"""The decimal mark is decided per column from the column's own cells, never from
the delimiter: the values stored, or the exact message and an untouched workspace."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from explorer.data.importing.decimal_marks import UnclearDecimalMark

NUMBERS = Path(__file__).resolve().parent.parent / "fixtures" / "import" / "numbers"


def dump(conn) -> str:
    return "\n".join(conn.iterdump())


def trade_file(tmp_path: Path, *values: str, delimiter: str = ";", name: str = "figures.csv") -> Path:
    """A trade file with one row per value (years 2023, 2022, …), cells quoted where needed."""
    lines = [delimiter.join(("period", "reporter", "partner", "value", "unit"))]
    for i, v in enumerate(values):
        cell = f'"{v}"' if delimiter in v else v
        lines.append(delimiter.join((str(2023 - i), "China", "Russia", cell, "million USD")))
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def values(ws) -> list[float]:
    return [r[0] for r in ws.execute("SELECT value FROM trade_figures ORDER BY source_row, figure_id")]


def rejected(ws, path: Path, **kw) -> list[str]:
    before = dump(ws)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, path, **kw)
    assert dump(ws) == before
    assert ws.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
    return info.value.report().splitlines()


def test_point_decimals_in_a_semicolon_file_stay_point_decimals(ws):
    s = run_import(ws, NUMBERS / "point_decimals_semicolon.csv")
    assert s.delimiter == ";"
    assert values(ws) == [2401.1, 1902.7]


def test_pipeline_capacity_in_a_semicolon_file(ws):
    run_import(ws, NUMBERS / "pipeline_capacity_semicolon.csv")
    assert ws.execute("SELECT value, unit FROM energy_figures ORDER BY source_row").fetchall() == [
        (38.0, "bcm/yr"), (10.0, "bcm/yr"), (50.0, "bcm/yr"), (28.5, "bcm/yr")]


@pytest.mark.parametrize("cell", ["1 234,5", "1.234,5", "1234,5", "1\u00a0234,5", "1 234,50"])
def test_decimal_comma_columns(ws, tmp_path, cell):
    run_import(ws, trade_file(tmp_path, cell))
    assert values(ws) == [1234.5]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_decimal_point_with_thousands_commas(ws, tmp_path, delimiter):
    run_import(ws, trade_file(tmp_path, "1,234.5", "1,234", "17", delimiter=delimiter))
    assert values(ws) == [1234.5, 1234.0, 17.0]


def test_one_cell_settles_the_column(ws, tmp_path):
    # '1,234' alone is unclear; '0,5' can only be a decimal comma, so the column is
    run_import(ws, trade_file(tmp_path, "1,234", "0,5", "2.500,25"))
    assert values(ws) == [1.234, 0.5, 2500.25]


def test_the_same_cells_in_a_decimal_point_column(ws, tmp_path):
    run_import(ws, trade_file(tmp_path, "1,234", "0.5", "1.234"))
    assert values(ws) == [1234.0, 0.5, 1.234]


def test_ambiguous_column_is_refused_naming_column_and_example(ws):
    lines = rejected(ws, NUMBERS / "ambiguous_thousands_semicolon.csv")
    assert lines == [
        "ambiguous_thousands_semicolon.csv: row 2, column value: expected a decimal mark the cells settle, but "
        "'1,234' reads as 1234 (decimal point) or 1.234 (decimal comma) and no cell of the column or the file "
        "tells which: give it in a mapping file (--mapping FILE) as {\"decimal\": {\"value\": \",\"}} or "
        "{\"decimal\": {\"value\": \".\"}} ({\"decimal\": \",\"} sets every column), found '1,234'"]


def test_ambiguous_dots_are_refused_too(ws, tmp_path):
    (line,) = rejected(ws, trade_file(tmp_path, "1.234", "2.500", delimiter=","))
    assert line.startswith("figures.csv: row 2, column value: expected a decimal mark the cells settle, but "
                           "'1.234' reads as 1.234 (decimal point) or 1234 (decimal comma)")


@pytest.mark.parametrize("decimal, expected", [
    ({"value": ","}, [1.234, 5.678]), ({"value": "."}, [1234.0, 5678.0]),
    ({"VALUE": "comma"}, [1.234, 5.678]),           # headers match as the layout matches them
    (",", [1.234, 5.678]), (".", [1234.0, 5678.0]),  # the old global form still works
])
def test_a_mapping_settles_an_ambiguous_column(ws, decimal, expected):
    s = run_import(ws, NUMBERS / "ambiguous_thousands_semicolon.csv", mapping={"decimal": decimal})
    assert values(ws) == expected
    saved = json.loads(ws.execute("SELECT mapping_json FROM imports WHERE import_id = ?",
                                  (s.import_id,)).fetchone()[0])
    mark = expected[0] == 1.234 and "," or "."
    assert saved["decimal"] == (decimal if isinstance(decimal, str) else {"value": mark})


def test_the_history_keeps_the_mark_per_column_and_gives_it_back(ws, tmp_path):
    first = trade_file(tmp_path, "1,234", "0,5", name="first.csv")
    s = run_import(ws, first)
    saved = json.loads(ws.execute("SELECT mapping_json FROM imports WHERE import_id = ?",
                                  (s.import_id,)).fetchone()[0])
    assert saved["decimal"] == {"value": ","}
    # a later file in the same layout, with only unclear cells, reads the same way with that mapping
    later = trade_file(tmp_path, "7,125", name="later.csv")
    s = run_import(ws, later, mapping=saved)
    assert ws.execute("SELECT value FROM trade_figures WHERE import_id = ?", (s.import_id,)).fetchall() == [(7.125,)]


def test_a_column_with_both_marks_is_an_error(ws):
    lines = rejected(ws, NUMBERS / "mixed_marks.csv")
    assert lines == [
        "mixed_marks.csv: row 3, column value: expected one decimal mark in the column: 2 cell(s) have a "
        "decimal point (like '2401.1' in row 2), 1 a decimal comma, found '12,34'"]


@pytest.mark.parametrize("cell", ["1,234,5", "1.234.5", "12,34.5", "1.2.3"])
def test_broken_thousands_groups_are_errors_not_numbers(ws, tmp_path, cell):
    (line,) = rejected(ws, trade_file(tmp_path, cell, "17"))
    assert line == ("figures.csv: row 2, column value: expected a number with thousands grouped in threes "
                    f"(like 1,234.5 or 1.234,5), found '{cell}'")


def test_short_thousands_group_in_a_point_column(ws, tmp_path):
    (line,) = rejected(ws, trade_file(tmp_path, "2401.1", "12,34", "17"), mapping={"decimal": "."})
    assert line == ("figures.csv: row 3, column value: expected a number with a decimal point, thousands "
                    "grouped in threes (like 1,234.5 or 1234.5), found '12,34'")


def test_the_files_other_columns_settle_an_unclear_one(ws, tmp_path):
    # Blagoveshchensk: the latitude's '50,25' shows the file writes decimal commas,
    # so the longitude's '127,536' is 127.536, not 127536
    path = tmp_path / "places.csv"
    path.write_text("name_en;kind;country;lat;lon\nTestburg;city;RU;50,25;127,536\n", encoding="utf-8")
    run_import(ws, path)
    assert ws.execute("SELECT lat, lon FROM places WHERE name_en = 'Testburg'").fetchone() == (50.25, 127.536)


def test_unclear_columns_in_a_file_of_unclear_columns_are_each_named(ws, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name_en;kind;country;lat;lon\nTestburg;city;RU;50,257;127,536\n", encoding="utf-8")
    lines = rejected(ws, path)
    assert [ln.split(": expected")[0] for ln in lines] == ["places.csv: row 2, column lat",
                                                          "places.csv: row 2, column lon"]


def test_wide_year_columns_are_decided_together(ws, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("reporter;partner;flow;unit;2019;2020;2021\n"
                    "China;Russia;total;billion USD;1,234;107,8;\n"
                    "China;Mongolia;total;billion USD;2,5;;1 234,5\n", encoding="utf-8")
    run_import(ws, path)
    assert ws.execute("SELECT partner, period, value FROM trade_figures ORDER BY source_row, period").fetchall() == [
        ("russia", "2019", 1.234), ("russia", "2020", 107.8), ("Mongolia", "2019", 2.5),
        ("Mongolia", "2021", 1234.5)]
    saved = json.loads(ws.execute("SELECT mapping_json FROM imports").fetchone()[0])
    assert saved["decimal"] == {"2019": ",", "2020": ",", "2021": ","}


def test_wide_year_columns_with_both_marks(ws, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("reporter;partner;flow;unit;2019;2020;2021\n"
                    "China;Russia;total;billion USD;110.8;107.8;146,9\n", encoding="utf-8")
    (line,) = rejected(ws, path)
    assert line == ("wide.csv: row 2, column 2021: expected one decimal mark in the column: 2 cell(s) have a "
                    "decimal point (like '110.8' in row 2, column 2019), 1 a decimal comma, found '146,9'")


def test_xlsx_text_cells_decide_and_numbers_are_numbers(ws, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["period", "reporter", "partner", "value", "unit"])
    sheet.append(["2023", "China", "Russia", 2401.1, "million USD"])        # a real number cell
    sheet.append(["2022", "China", "Russia", "1,234", "million USD"])       # text cells
    sheet.append(["2021", "China", "Russia", "0,75", "million USD"])
    path = tmp_path / "figures.xlsx"
    book.save(path)
    run_import(ws, path)
    assert values(ws) == [2401.1, 1.234, 0.75]


def test_the_wizard_gets_both_readings_of_an_unclear_column(ws):
    with pytest.raises(ImportRejected) as info:
        run_import(ws, NUMBERS / "ambiguous_thousands_semicolon.csv")
    (unclear,) = [p for p in info.value.problems if isinstance(p, UnclearDecimalMark)]
    assert unclear.headers == ("value",)
    assert unclear.side_by_side() == "1,234 → 1234 (thousands grouped by a comma) | 1.234 (a decimal comma)"


@pytest.mark.parametrize("decimal", ["semicolon", 5, {"value": "x"}])
def test_a_bad_decimal_in_the_mapping_is_named(ws, decimal):
    (line,) = rejected(ws, NUMBERS / "point_decimals_semicolon.csv", mapping={"decimal": decimal})
    assert line.startswith("point_decimals_semicolon.csv: row 1, column (mapping): expected ")
    assert "\".\" (decimal point), \",\" (decimal comma) or \"auto\"" in line or "{\"COLUMN\"" in line


def test_a_mapping_naming_an_unknown_column(ws):
    (line,) = rejected(ws, NUMBERS / "point_decimals_semicolon.csv", mapping={"decimal": {"amount": ","}})
    assert line == ("point_decimals_semicolon.csv: row 1, column amount: expected a column of this file "
                    "(named in the mapping's \"decimal\"), found 'headers period, reporter, partner, value, "
                    "unit, description'")


def test_the_command_line_refuses_an_unclear_column_and_takes_the_choice(mini_bundled_path, tmp_path):
    import os
    import sqlite3
    import subprocess
    import sys

    ws_path = tmp_path / "ws.sqlite"
    env = {**os.environ, "AMUR_BUNDLED_DB": str(mini_bundled_path), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data")}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "explorer", "--db", str(ws_path), "import", *map(str, args)],
                              capture_output=True, text=True, env=env, timeout=120)

    src = NUMBERS / "ambiguous_thousands_semicolon.csv"
    refused = cli(src)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.splitlines()[0].startswith(
        "ambiguous_thousands_semicolon.csv: row 2, column value: expected a decimal mark the cells settle")
    assert refused.stderr.splitlines()[-1] == "ambiguous_thousands_semicolon.csv: not imported; nothing was written"
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"decimal": {"value": ","}}', encoding="utf-8")
    done = cli(src, "--mapping", mapping)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(ws_path) as c:
        assert c.execute("SELECT value FROM trade_figures ORDER BY source_row").fetchall() == [(1.234,), (5.678,)]


def test_unclear_year_columns_are_asked_about_once(ws, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("reporter;partner;flow;unit;2019;2020\nChina;Russia;total;USD;1,234;5,678\n", encoding="utf-8")
    assert rejected(ws, path) == [
        "wide.csv: row 2, column 2019: expected a decimal mark the cells settle, but '1,234' reads as 1234 "
        "(decimal point) or 1.234 (decimal comma) and no cell of the column or the file tells which: give it in "
        "a mapping file (--mapping FILE) as {\"decimal\": \",\"} or {\"decimal\": \".\"} for all the year "
        "columns, found '1,234'"]
    run_import(ws, path, mapping={"decimal": ","})
    assert values(ws) == [1.234, 5.678]


# -- the import reads the file once: marks decided from its first rows, confirmed as it streams ------

@pytest.fixture
def small_sample(monkeypatch):
    """Decide from the first 3 rows, so that a short file has rows after the sample."""
    from explorer.data.importing import engine

    monkeypatch.setattr(engine, "SAMPLE_ROWS", 3)


def test_a_comma_after_the_sample_decides_the_column_as_the_whole_file_would(ws, tmp_path, small_sample):
    # the first rows say nothing; '2,5' further down makes the column decimal-comma, so '1,234' is
    # 1.234 (read cell by cell, as the sample alone would have let it, it was 1234)
    path = trade_file(tmp_path, "12", "15", "17", "1,234", "2,5")
    run_import(ws, path)
    assert values(ws) == [12.0, 15.0, 17.0, 1.234, 2.5]
    assert json.loads(ws.execute("SELECT mapping_json FROM imports").fetchone()[0])["decimal"] == {"value": ","}


def test_a_comma_after_point_decimals_in_the_sample_is_refused_with_the_whole_files_counts(ws, tmp_path,
                                                                                           small_sample):
    path = trade_file(tmp_path, "12.5", "15.5", "17.5", "18.5", "1 234,5")
    lines = rejected(ws, path)
    assert any("row 6" in ln and "value" in ln and "4 cell(s) have a decimal point" in ln
               and "1 a decimal comma" in ln and "'1 234,5'" in ln for ln in lines), lines


def test_a_cell_after_the_sample_that_reads_two_ways_is_asked_about(ws, tmp_path, small_sample):
    path = trade_file(tmp_path, "12", "15", "17", "1,234")
    with pytest.raises(ImportRejected) as info:
        run_import(ws, path)
    assert [type(p) for p in info.value.problems] == [UnclearDecimalMark]
    assert ws.execute("SELECT count(*) FROM trade_figures").fetchone()[0] == 0


def test_point_decimals_after_the_sample_agree_and_are_read_once(ws, tmp_path, small_sample):
    path = trade_file(tmp_path, "12.5", "15.5", "17.5", "1,234.5", "1.234", "2401")
    run_import(ws, path)
    assert values(ws) == [12.5, 15.5, 17.5, 1234.5, 1.234, 2401.0]


def test_a_column_of_whole_numbers_takes_the_mark_its_later_cells_show(ws, tmp_path, small_sample, monkeypatch):
    # whole numbers read alike with either mark: the column takes its mark where '2,5' shows it, without
    # reading the file again, and '1.234' after it is 1234 (grouped by a dot), as the whole file says
    from explorer.data.importing import engine

    starts = []
    real = engine._run_import
    monkeypatch.setattr(engine, "_run_import", lambda *a, **kw: starts.append(1) or real(*a, **kw))
    run_import(ws, trade_file(tmp_path, "12", "15", "17", "2,5", "1.234"))
    assert values(ws) == [12.0, 15.0, 17.0, 2.5, 1234.0]
    assert json.loads(ws.execute("SELECT mapping_json FROM imports").fetchone()[0])["decimal"] == {"value": ","}
    assert len(starts) == 1


def test_point_decimals_after_whole_numbers_in_the_sample(ws, tmp_path, small_sample):
    run_import(ws, trade_file(tmp_path, "12", "15", "17", "12.5", "1,234"))
    assert values(ws) == [12.0, 15.0, 17.0, 12.5, 1234.0]
    assert json.loads(ws.execute("SELECT mapping_json FROM imports").fetchone()[0])["decimal"] == {"value": "."}
