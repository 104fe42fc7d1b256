"""What a refused import says: a header problem once, a problem repeated down a
column as one line with its rows and a count, a reversed period refused; and
nothing written."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, Problem, run_import
from explorer.data.importing.errors import Problems


def report(ws, path: Path, **kw) -> list[str]:
    before = "\n".join(ws.iterdump())
    with pytest.raises(ImportRejected) as info:
        run_import(ws, path, **kw)
    assert "\n".join(ws.iterdump()) == before
    assert ws.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
    return info.value.report().splitlines()


def write(tmp_path: Path, text: str, name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_one_unknown_unit_in_many_rows_is_one_line(ws, tmp_path):
    rows = "".join(f"{2000 + i // 12}-{i % 12 + 1:02d},China,Russia,{i},furlongs\n" for i in range(554))
    (line,) = report(ws, write(tmp_path, "period,reporter,partner,value,unit\n" + rows))
    assert line.startswith("figures.csv: rows 2–555 (554 rows), column unit: expected a known unit (USD, ")
    assert line.endswith(", found 'furlongs'")


def test_rows_that_are_not_one_run_are_listed(ws, tmp_path):
    text = ("period,reporter,partner,value,unit\n2023,China,Russia,1,furlongs\n2022,China,Russia,2,furlongs\n"
            "2021,China,Russia,3,USD\n2020,China,Russia,4,furlongs\n2019,China,Russia,5,leagues\n")
    lines = report(ws, write(tmp_path, text))
    assert [ln.split(", column")[0] for ln in lines] == ["figures.csv: rows 2–3, 5 (3 rows)", "figures.csv: row 6"]
    assert lines[0].endswith("found 'furlongs'") and lines[1].endswith("found 'leagues'")


def test_different_values_stay_apart(ws, tmp_path):
    text = "period,reporter,partner,value,unit\n2023,China,Russia,about 5,USD\n2022,China,Russia,n/a,USD\n"
    assert report(ws, write(tmp_path, text)) == [
        "figures.csv: row 2, column value: expected a number (like 1234.5, 1 234,5 or 12%), found 'about 5'",
        "figures.csv: row 3, column value: expected a number (like 1234.5, 1 234,5 or 12%), found 'n/a'"]


def test_a_missing_unit_column_is_said_once(ws, tmp_path):
    rows = "".join(f"{2000 + i},China,Russia,{i}\n" for i in range(40))
    assert report(ws, write(tmp_path, "period,reporter,partner,value\n" + rows)) == [
        "figures.csv: row 1, column unit: expected a column 'unit' (or 'unit' in the mapping's constants) "
        "holding a known unit (or a % after the value), found 'headers period, reporter, partner, value'"]


def test_a_bad_header_of_a_wide_file_is_said_once(ws, tmp_path):
    rows = "".join(f"China,Russia{i},total,USD,{i},{i + 1}\n" for i in range(30))
    path = write(tmp_path, "reporter,partner,flow,unit,2019,Total\n" + rows)
    mapping = {"dataset": "trade", "time": "columns", "series": ["2019", "Total"],
               "columns": {"reporter": "reporter", "partner": "partner", "flow": "flow", "unit": "unit"}}
    lines = report(ws, path, mapping=mapping)
    assert lines == ["figures.csv: row 1, column Total: expected a date or period (2023, 2023-03, 2023-03-05, "
                     "2023-Q1, 05.03.2023), found 'Total'"]


def test_a_wide_file_without_a_unit_is_said_once(ws, tmp_path):
    # 25 rows of a wide trade table that names no unit: one header problem, not one per cell
    rows = "".join(f"Country{i},{i},{i + 1}\n" for i in range(25))
    path = write(tmp_path, "reporter,2021,2022\n" + rows)
    assert report(ws, path) == [
        "figures.csv: row 1, column unit: expected a column 'unit' (or 'unit' in the mapping's constants) "
        "holding a known unit (or a % after the value), found 'headers reporter, 2021, 2022'"]


def test_decimal_marks_are_read_under_the_header_not_from_a_preamble(ws, tmp_path):
    # the title lines above the header hold '1,5' where the value column is: not a data cell,
    # so it must not make the value column 'mixed' (and the point-decimal 2401.1 stays 2401.1)
    path = write(tmp_path, "Trade report\nMinistry,x,y,\"1,5\",z\nperiod,reporter,partner,value,unit\n"
                           "2023,China,Russia,2401.1,USD\n2022,China,Russia,1902.7,USD\n")
    run_import(ws, path, mapping={"header_row": 3})
    assert sorted(v for (v,) in ws.execute("SELECT value FROM trade_figures")) == [1902.7, 2401.1]


@pytest.mark.parametrize("period", ["2023-09/2021-01", "2023/2022", "2023-Q3/2023-Q1", "05.03.2023/04.03.2023"])
def test_a_reversed_period_is_refused(ws, tmp_path, period):
    path = write(tmp_path, f"period,reporter,partner,value,unit\n{period},China,Russia,5,USD\n")
    assert report(ws, path) == [
        "figures.csv: row 2, column period: expected a period whose end is not before its start "
        f"(like 2023-01/2023-09), found '{period}'"]


@pytest.mark.parametrize("period, stored", [
    ("2021-01/2023-09", "2021-01/2023-09"), ("2023-06/2023", "2023-06/2023"), ("2023-03/2023-03", "2023-03/2023-03")])
def test_periods_that_run_forward_are_kept(ws, tmp_path, period, stored):
    run_import(ws, write(tmp_path, f"period,reporter,partner,value,unit\n{period},China,Russia,5,USD\n"))
    assert ws.execute("SELECT period FROM trade_figures").fetchall() == [(stored,)]


def test_folding_keeps_a_count_when_the_runs_are_too_many_to_list():
    problems = Problems(Problem(r, "unit", "a known unit", "furlongs") for r in range(2, 40, 2))
    (p,) = problems
    assert p.line("f.csv") == "f.csv: rows 2–38 (19 rows), column unit: expected a known unit, found 'furlongs'"


def test_the_same_row_and_header_problems_are_said_once():
    problems = Problems([Problem(1, "Total", "a period", "Total")] * 5
                        + [Problem(3, "value", "a number", "x"), Problem(3, "value", "a number", "x")])
    assert [p.line("f.csv") for p in problems] == [
        "f.csv: row 1, column Total: expected a period, found 'Total'",
        "f.csv: row 3, column value: expected a number, found 'x'"]


def test_a_folded_range_names_records_even_when_its_first_row_spans_lines():
    from explorer.data.importing.errors import Problem, Problems
    from explorer.data.importing.records import RowNo

    problems = Problems()
    problems.append(Problem(RowNo(7, 9), "unit", "a known unit", "bcm/yeer"))
    for row in range(8, 13):
        problems.append(Problem(row, "unit", "a known unit", "bcm/yeer"))
    assert [p.line("f.csv") for p in problems] == [
        "f.csv: rows 7–12 (6 rows), column unit: expected a known unit, found 'bcm/yeer'"]
