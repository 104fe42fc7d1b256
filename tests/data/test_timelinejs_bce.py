"""Years before the common era, from a TimelineJS sheet to the table, the export and back: stored
as ISO 8601 expanded years counted astronomically (TimelineJS Year -500 is '500 BCE', stored
'-0499'), ordered in time wherever dates are ordered, and read as '500 BCE'."""
from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from explorer.data import corridors as cd
from explorer.data.importing import ImportRejected, run_import
from explorer.data.importing.errors import CellError
from explorer.data.importing.parse import TIMELINE_FIRST_YEAR, parse_period
from explorer.data.query import Filter, Order, count_rows, fetch_rows
from explorer.data.tables import CORRIDORS, PROVENANCE
from tests.data.import_helpers import dump, write

SHEET = Path(__file__).resolve().parents[1] / "fixtures" / "timelinejs" / "roads_across_eurasia_bce.csv"
CORRIDOR = "Roads across Eurasia"
#: (headline, date, precision, date_end) of the sheet's events, in time order
IN_TIME = [
    ("Early settlement", "-7999", "year", "-4999"),                    # Year -8000, End Year -5000
    ("Wheeled carts on the steppe", "-2999", "year", None),            # -3000
    ("Royal Road completed", "-0499-03", "month", None),               # -500, month 3
    ("Han envoys opened the western routes", "-0099", "year", None),   # -100
    ("The last year before the common era", "0000", "year", None),     # -1: 1 BCE
    ("The first year of the common era", "0001", "year", None),        # 1
    ("Western Roman Empire ended", "0476-09-04", "day", None),
    ("Ada Lovelace born", "1815-12-10", "day", None),
]


def stored_events(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        rows = c.execute("SELECT e.description, e.date, e.date_precision, e.date_end FROM events e "
                         "JOIN corridors c ON c.corridor_id = e.subject_id WHERE c.name_en = ? "
                         "ORDER BY e.source_row", (CORRIDOR,)).fetchall()
    return [(d.split(" — ")[0].split(" (")[0], *rest) for d, *rest in rows]


def corridor_rows(export_dir: Path) -> list[dict]:
    with (export_dir / "corridors.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["corridor"] == CORRIDOR]


def test_cli_imports_bce_years_exactly_exports_them_in_time_order_and_the_export_reimports_the_same(
        bundled_path, tmp_path):
    from tests.test_cli import run

    done = run(["import", str(SHEET)], bundled_path, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "added 8" in done.stdout
    in_sheet_order = sorted(IN_TIME, key=lambda e: [r[0] for r in _sheet_rows()].index(e[0]))
    assert stored_events(tmp_path / "ws.sqlite") == in_sheet_order

    assert run(["export", str(tmp_path / "out")], bundled_path, tmp_path).returncode == 0
    rows = corridor_rows(tmp_path / "out")
    # the pane's default order is time: 8000 BCE … 100 BCE, 1 BCE, 1 CE … 1815. A BCE year is ISO
    # text a spreadsheet reads as a negative number, written as it is; with a month ('-0499-03')
    # it would be a sum, so it gets the spreadsheet's text mark ('), which the import takes off
    assert [(r["date"], r["date_end"], r["precision"]) for r in rows] == [
        ("-7999", "-4999", "year"), ("-2999", "", "year"), ("'-0499-03", "", "month"), ("-0099", "", "year"),
        ("0000", "", "year"), ("0001", "", "year"), ("0476-09-04", "", "day"), ("1815-12-10", "", "day")]
    assert rows[0]["description"] == "Early settlement (c. 8,000–5,000 BCE)"       # the sheet's Display Date

    again = tmp_path / "again.csv"
    with again.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    second = tmp_path / "second"
    second.mkdir()
    reimported = run(["import", str(again)], bundled_path, second)
    assert reimported.returncode == 0, reimported.stderr
    assert sorted(stored_events(second / "ws.sqlite"), key=IN_TIME.index) == IN_TIME


def _sheet_rows() -> list[tuple[str]]:
    """(headline,) of the sheet's event rows, in the sheet's order."""
    with SHEET.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [(r["Headline"],) for r in rows if r["Year"] and r["Type"] not in ("title", "era")]


@pytest.fixture
def imported(ws):
    run_import(ws, SHEET)
    return ws


def test_the_corridors_table_sorts_bce_dates_in_time_both_ways_and_finds_them_by_bce(imported):
    flt = Filter(text="eurasia")
    key = CORRIDORS.keys.index("date") + 1
    up = [r[key] for r in fetch_rows(imported, CORRIDORS, flt, Order("date"))]
    assert up == [e[1] for e in IN_TIME]
    down = [r[key] for r in fetch_rows(imported, CORRIDORS, flt, Order("date", descending=True))]
    assert down == up[::-1]
    # the search text reads the date as the table shows it
    assert count_rows(imported, CORRIDORS, Filter(text="500 bce")) == 1
    assert count_rows(imported, CORRIDORS, Filter(text="eurasia bce")) == 5      # 8000 … 1 BCE


def test_the_citation_names_a_bce_date_as_a_reader_writes_it(imported):
    row = next(r for r in fetch_rows(imported, CORRIDORS, Filter(text="royal road")))
    provenance = dict(zip(PROVENANCE, row[1 + len(CORRIDORS.columns):]))
    assert provenance["figure"] == "Roads across Eurasia, completed: Mar 500 BCE"


def test_milestones_load_in_time_order_and_lie_before_the_common_era_on_the_time_axis(imported):
    ours = [m for m in cd.load_milestones(imported)
            if (m.description or "").split(" — ")[0].split(" (")[0] in {e[0] for e in IN_TIME}]
    assert [m.date for m in ours] == [e[1] for e in IN_TIME]
    xs = [m.x_range()[0] for m in ours]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert ours[2].when() == "March 500 BCE (month precision)"
    assert ours[0].when() == "8000 BCE (year precision) until 5000 BCE (year precision)"


@pytest.mark.parametrize("cell, stored", [
    ("-0499", ("-0499", "year")), ("-0499-03", ("-0499-03", "month")), ("-0499-03-15", ("-0499-03-15", "day")),
    ("500 BCE", ("-0499", "year")), ("500 BC", ("-0499", "year")), ("44 B.C.", ("-0043", "year")),
    ("1 BCE", ("0000", "year")), ("0000", ("0000", "year")), ("0476", ("0476", "year")),
    ("-0400-02-29", ("-0400-02-29", "day")), ("-0220/-0205", ("-0220/-0205", "year")),
    ("-13799999999", ("-13799999999", "year")),           # the Big Bang, as TimelineJS sheets date it
])
def test_a_milestone_date_before_the_common_era_is_read_as_iso_8601_expanded_years(cell, stored):
    assert parse_period(cell, TIMELINE_FIRST_YEAR) == stored


@pytest.mark.parametrize("cell, expected", [
    ("-500", "four digits counted astronomically"),        # 500 or 501 BCE? never guessed
    ("0", "a year other than 0"),
    ("0 BCE", "a year other than 0 BCE"),
    ("-0499-02-29", "a real calendar date"),               # 500 BCE was no leap year
    ("-0205/-0220", "a period whose end"),
    ("-199999999999", "a year between 100000000000 BCE and 2200"),
])
def test_an_unclear_bce_date_is_refused_by_name(cell, expected):
    with pytest.raises(CellError) as refused:
        parse_period(cell, TIMELINE_FIRST_YEAR)
    assert expected in refused.value.expected


def test_a_bce_year_in_a_trade_figure_is_refused_and_nothing_is_written(ws, tmp_path):
    trade = write(tmp_path, "trade.csv",
                  "period,reporter,partner,flow,value,unit\n-0499,China,Russia,export,5,USD bn\n")
    before = dump(ws)
    with pytest.raises(ImportRejected) as refused:
        run_import(ws, trade)
    assert "row 2, column period: expected a date of the common era" in refused.value.report()
    assert dump(ws) == before


def test_search_everywhere_names_a_bce_milestone_by_its_bce_year(imported):
    from explorer.data.search import SearchIndex

    hits = [h for h in SearchIndex(imported).search("royal road 500 BCE") if h.kind == "event"]
    assert [h.title for h in hits] == ["Roads across Eurasia: completed Mar 500 BCE"]


def test_the_wizards_preview_says_a_bce_year_in_words_beside_its_iso_text(ws):
    from explorer.data.importing.preview import preview_import

    year = next(c for c in preview_import(ws, SHEET).columns if c.header == "Year")
    shown = {(e.written, e.stored, e.note) for e in year.examples}
    assert ("-3000", "-2999", "year, 3000 BCE") in shown and ("-500", "-0499-03", "month, Mar 500 BCE") in shown
