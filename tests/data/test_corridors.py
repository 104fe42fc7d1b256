"""Corridor queries: dates at their precision, routes, regions, and the filter
the timeline shares with the table."""
from __future__ import annotations

from datetime import date

import pytest

from explorer.data import corridors as cd
from explorer.data.query import count_rows
from explorer.data.filters import Filter
from explorer.data.tables import CORRIDORS
from tests.corridors_data import build_corridor_db
from explorer.data.calendar_days import day_number


@pytest.fixture(scope="module")
def cconn(tmp_path_factory):
    from explorer.data.db import Store

    tmp = tmp_path_factory.mktemp("corridors")
    store = Store(workspace=tmp / "ws.sqlite", bundled=build_corridor_db(tmp))
    conn = store.connect()
    yield conn
    conn.close()


@pytest.mark.parametrize("text, precision, start, end, prec", [
    ("2022", "year", date(2022, 1, 1), date(2023, 1, 1), "year"),
    ("2022-11", "month", date(2022, 11, 1), date(2022, 12, 1), "month"),
    ("2022-12", "month", date(2022, 12, 1), date(2023, 1, 1), "month"),
    ("2022-11-25", "day", date(2022, 11, 25), date(2022, 11, 26), "day"),
    ("2022-Q3", "quarter", date(2022, 7, 1), date(2022, 10, 1), "quarter"),
    ("2022-06-01", "month", date(2022, 6, 1), date(2022, 7, 1), "month"),   # stated precision is coarser
    ("2023-01/2023-09", "month", date(2023, 1, 1), date(2023, 10, 1), "month"),
])
def test_parse_date_covers_its_precision(text, precision, start, end, prec):
    span = cd.parse_date(text, precision)
    epoch = date(1970, 1, 1).toordinal()
    assert (span.start, span.end, span.precision) == (start.toordinal() - epoch, end.toordinal() - epoch, prec)


@pytest.mark.parametrize("text, precision, start, end", [
    ("-0499", "year", (-499, 1, 1), (-498, 1, 1)),           # 500 BCE
    ("0000", "year", (0, 1, 1), (1, 1, 1)),                  # 1 BCE, followed by 1 CE
    ("-0499-12", "month", (-499, 12, 1), (-498, 1, 1)),
    ("-0400-02-29", "day", (-400, 2, 29), (-400, 3, 1)),      # 401 BCE was a leap year (proleptic)
    ("-2999-Q4", "quarter", (-2999, 10, 1), (-2998, 1, 1)),
])
def test_a_bce_date_covers_its_precision_before_the_common_era(text, precision, start, end):
    span = cd.parse_date(text, precision)
    assert (span.start, span.end, span.precision) == (day_number(*start), day_number(*end), precision)


def test_bce_dates_lie_before_the_common_era_in_time_order():
    xs = [cd.parse_date(t).mid_ts() for t in ("-2999", "-0499", "-0099", "0000", "0001", "1815-12-10")]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    # a year at year precision is one year long, BCE as CE (no year 0 gap, no overlap)
    assert cd.parse_date("0000").end == cd.parse_date("0001").start
    assert cd.parse_date("-0499").end == cd.parse_date("-0498").start


def test_format_date_writes_bce_at_its_precision():
    assert cd.format_date("-0499", "year") == "500 BCE (year precision)"
    assert cd.format_date("-0499-03", "month") == "March 500 BCE (month precision)"
    assert cd.format_date("0000", "year") == "1 BCE (year precision)"


def test_parse_date_rejects_junk():
    assert cd.parse_date("", None) is None
    assert cd.parse_date("soon", None) is None


def test_format_date_never_invents_a_day():
    assert cd.format_date("2022-11", "month") == "November 2022 (month precision)"
    assert cd.format_date("2030", "year") == "2030 (year precision)"
    assert cd.format_date("2019-11-25", "day") == "25 November 2019"
    assert "1 " not in cd.format_date("2022-11", "month")


def test_every_corridor_milestone_is_loaded(cconn):
    ids = {m.event_id for m in cd.load_milestones(cconn)}
    expected = {r[0] for r in cconn.execute("SELECT event_id FROM all_events WHERE subject_type = 'corridor'")}
    assert ids == expected
    assert "ev-t-energy" not in ids


def test_span_runs_from_start_to_end_of_its_end_date(cconn):
    m = {m.event_id: m for m in cd.load_milestones(cconn)}["ev-t-build"]
    x0, x1 = m.x_range()
    assert x0 == cd.DateSpan(day_number(2016, 3, 1), day_number(2016, 4, 1), "month").start_ts()
    assert x1 == cd.parse_date("2019", "year").end_ts()
    assert m.when() == "March 2016 (month precision) until 2019 (year precision)"


def test_routes_are_ordered_with_coordinates(cconn):
    rail = {c.corridor_id: c for c in cd.load_corridors(cconn)}["test-rail"]
    assert [p.place_id for p in rail.route] == ["alpha", "beta", "gamma"]
    assert [(p.lon, p.lat) for p in rail.located_route][0] == (126.0, 45.0)


def test_regions_include_enclosing_province_and_country(cconn):
    by_id = {c.corridor_id: c for c in cd.load_corridors(cconn)}
    assert {"alpha", "test-prov-cn", "china", "test-krai-ru", "russia"} <= by_id["test-rail"].regions
    assert "test-krai-ru" in by_id["test-port"].regions        # from corridors.provinces
    assert by_id["test-hub"].regions == set()
    options = dict(cd.region_options(cconn))
    assert options["china"] == "China" and options["test-krai-ru"] == "Test Krai"
    assert list(options)[:2] == ["china", "russia"]            # countries first


def test_region_facet_filters_the_table(cconn):
    corridors = cd.load_corridors(cconn)
    names = cd.corridor_names_in_region(corridors, "test-krai-ru")
    assert set(names) == {"Test Rail Link", "Test Seaport"}
    keys = cd.visible_keys(cconn, Filter(facets={"corridor": names}))
    assert keys == {"ev-t-agreed", "ev-t-build", "ev-t-done", "ev-t-target", "ev-t-nov"}


def test_corridor_without_milestones_still_has_a_row(cconn):
    assert "test-hub" in cd.visible_keys(cconn, Filter())


@pytest.mark.parametrize("word", ["Тестовый", "тестовый", "测试港", "SEAPORT"])
def test_text_filter_finds_names_in_three_languages(cconn, word):
    keys = cd.visible_keys(cconn, Filter(text=word))
    assert keys == {"ev-t-target", "ev-t-nov"}
    assert count_rows(cconn, CORRIDORS, Filter(text=word)) == 2


def test_citation_footer_names_documents(cconn):
    lines = cd.citation_footer(cconn, {"003_5cf011a87278cc00.txt"})
    assert len(lines) == 1 and lines[0].startswith("Source: “Sino-Russian Sub-Regional Cooperation")
    assert cd.citation_footer(cconn, set()) == []
