"""Indicators imported as publishers lay them out (Our World in Data grapher CSV,
World Bank WDI bulk CSV and DataBank) and read back as the pane's export and chart."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from explorer.data.export import export_all
from explorer.data.importing import ImportRejected, run_import
from explorer.data.indicators import fetch_chart, period_x
from explorer.data.filters import Filter
from tests.data.import_helpers import dump, exported, write

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-files"


def file_row_numbers(text: str, line: int) -> set[int]:
    """How a reader may number the row on ``line``: by lines, or by records (blank lines not counted)."""
    blanks = sum(1 for x in text.splitlines()[:line - 1] if not x.strip())
    return {line, line - blanks}


def stored(conn, where: str = "1", params=()) -> list[tuple]:
    return conn.execute(
        "SELECT place, indicator, period, value, unit, price_basis, publisher FROM indicators "
        f"WHERE {where} ORDER BY source_row, indicator", params).fetchall()


# -- the real files (../shared/real-files, values from SOURCES.md) --------------------------
REAL_VALUES = [
    ("owid_trade-as-share-of-gdp.csv", "owid", [
        ("China", "Trade", "2022", "37.44072", "% of GDP", ""),
        ("Russia", "Trade", "2022", "42.782787", "% of GDP", ""),
        ("Mongolia", "Trade", "2022", "136.32793", "% of GDP", "")]),
    ("owid_exports-of-goods-and-services-constant-2010-us.csv", "owid", [
        ("Russia", "Exports of goods and services", "2022", "384246846207", "USD", "constant 2015"),
        ("China", "Exports of goods and services", "2015", "2362097053268", "USD", "constant 2015"),
        ("Mongolia", "Exports of goods and services", "2022", "7813474320", "USD", "constant 2015")]),
    ("wdi_API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv", "wdi", [
        ("China", "GDP", "2015", "10866443998394.2", "USD", "current"),
        ("Russia", "GDP", "2015", "1326015096948.19", "USD", "current"),     # 'Russian Federation', RUS
        ("Mongolia", "GDP", "2015", "11757940908.6277", "USD", "current")]),
]


@pytest.mark.parametrize("name, layout, expected", REAL_VALUES, ids=[r[0] for r in REAL_VALUES])
def test_real_publisher_file_gives_the_published_values_in_the_export(conn, tmp_path, name, layout, expected):
    summary = run_import(conn, REAL / name)
    assert (summary.dataset, summary.layout) == ("indicators", layout)
    rows = exported(conn, tmp_path)
    for place, indicator, period, value, unit, basis in expected:
        found = [r for r in rows if (r["place"], r["indicator"], r["period"]) == (place, indicator, period)]
        assert len(found) == 1, (place, indicator, period)
        row = found[0]
        assert float(row["value"]) == float(value)
        assert (row["unit"], row["price_basis"]) == (unit, basis)
        assert row["document"] == name
    publisher = "Our World in Data" if layout == "owid" else "World Bank, World Development Indicators"
    assert {r["publisher"] for r in rows} == {publisher}


def test_wdi_header_is_found_past_the_preamble_and_rows_are_numbered_as_in_the_file(conn):
    run_import(conn, REAL / "wdi_API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv")
    # the header is on line 5 of the file, past the preamble; China's row is numbered as in the file
    text = (REAL / "wdi_API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv").read_text(encoding="utf-8-sig")
    china_line = next(i for i, line in enumerate(text.splitlines(), start=1) if line.startswith('"China"'))
    (source_row, code, indicator_code), = conn.execute(
        "SELECT DISTINCT source_row, place_code, indicator_code FROM indicators WHERE place = 'china'").fetchall()
    assert (code, indicator_code) == ("CHN", "NY.GDP.MKTP.CD")
    assert source_row in file_row_numbers(text, china_line)
    # empty cells ("") of years without data make no row; a 0 only where the publisher wrote "0"
    with (REAL / "wdi_API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv").open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in list(csv.reader(fh))[5:] for c in row[4:]]
    assert conn.execute("SELECT count(*) FROM indicators WHERE value = 0").fetchone()[0] == cells.count("0")
    assert conn.execute("SELECT count(*) FROM indicators").fetchone()[0] == sum(1 for c in cells if c.strip())
    assert conn.execute("SELECT min(period) FROM indicators WHERE place = 'china'").fetchone()[0] == "1960"


# -- small files for each layout's variants ---------------------------------------------
def test_owid_several_indicator_columns_are_one_series_each_with_their_units(ws, tmp_path):
    path = write(tmp_path, "energy.csv",
                 "Entity,Code,Year,Electricity from coal (terawatt-hours),Coal production (tonnes),"
                 "Share of electricity (% electricity),GDP (constant 2015 international $)\n"
                 "China,CHN,2021,5339.7,4126000000,63.2,24000000000000\n"
                 "Russia,RUS,2021,,438000000,17.4,\n")
    s = run_import(ws, path)
    assert (s.layout, s.added) == ("owid", 6)
    assert stored(ws) == [
        ("china", "Coal production", "2021", 4126000000.0, "t", None, "Our World in Data"),
        ("china", "Electricity from coal", "2021", 5339.7, "TWh", None, "Our World in Data"),
        ("china", "GDP", "2021", 24e12, "international $", "constant 2015", "Our World in Data"),
        ("china", "Share of electricity", "2021", 63.2, "% electricity", None, "Our World in Data"),
        ("russia", "Coal production", "2021", 438000000.0, "t", None, "Our World in Data"),
        ("russia", "Share of electricity", "2021", 17.4, "% electricity", None, "Our World in Data"),
    ]


def test_owid_region_and_annotation_columns_are_not_series_and_do_not_refuse_the_file(ws, tmp_path):
    """OWID downloads may carry a text column of the entity's region ('World region according to
    OWID', 'World regions according to OWID', 'Continent') and a series' notes ('… (annotations)'):
    the file was refused ("expected a number … found 'Asia'")."""
    path = write(tmp_path, "coal.csv",
                 "Entity,Code,Year,Coal production (TWh),Coal production (TWh) (annotations),"
                 "World region according to OWID\n"
                 "China,CHN,2022,25470.3,,Asia\n"
                 "Russia,RUS,2022,2689.9,Estimate,Europe\n")
    s = run_import(ws, path)
    assert (s.layout, s.added) == ("owid", 2)
    assert stored(ws) == [
        ("china", "Coal production", "2022", 25470.3, "TWh", None, "Our World in Data"),
        ("russia", "Coal production", "2022", 2689.9, "TWh", None, "Our World in Data")]


def test_owid_bracket_that_qualifies_the_name_is_not_taken_for_a_unit(ws, tmp_path):
    """'Life expectancy at birth (historical)' was stored as the indicator 'Life expectancy at
    birth' in the unit 'historical'."""
    path = write(tmp_path, "life.csv",
                 "Entity,Code,Year,Life expectancy at birth (historical),Population (people)\n"
                 "China,CHN,2020,78.1,1424929781\n")
    run_import(ws, path)
    assert stored(ws) == [
        ("china", "Life expectancy at birth (historical)", "2020", 78.1, None, None, "Our World in Data"),
        ("china", "Population", "2020", 1424929781.0, "people", None, "Our World in Data")]


def test_owid_years_before_1800_and_missing_markers(ws, tmp_path):
    path = write(tmp_path, "population.csv",
                 "Entity,Code,Year,Population (people)\n"
                 "World,OWID_WRL,1700,603000000\n"
                 "World,OWID_WRL,1750,..\n"
                 "World,OWID_WRL,1800,NA\n"
                 "World,OWID_WRL,1820,:\n"
                 "World,OWID_WRL,1850,--\n"
                 "World,OWID_WRL,1870,…\n"
                 "World,OWID_WRL,1900,-\n"
                 "World,OWID_WRL,1910,x\n"
                 "World,OWID_WRL,1950,2499322000\n")
    s = run_import(ws, path)
    assert (s.rows_read, s.added, s.skipped) == (9, 2, 0)       # a marker is not "already present"
    assert stored(ws) == [("World", "Population", "1700", 603000000.0, "people", None, "Our World in Data"),
                          ("World", "Population", "1950", 2499322000.0, "people", None, "Our World in Data")]
    assert ws.execute("SELECT place_code, period_precision FROM indicators").fetchall() == [
        ("OWID_WRL", "year"), ("OWID_WRL", "year")]


def test_owid_indicator_without_unit_imports_with_no_unit(ws):
    corpus = Path(__file__).resolve().parent.parent / "fixtures" / "import"
    run_import(ws, corpus / "bad_owid_no_unit.csv")
    assert stored(ws) == [("china", "Trade openness", "2021", 37.4, None, None, "Our World in Data")]


def test_owid_value_that_is_not_a_number_is_refused_and_nothing_written(ws, tmp_path):
    path = write(tmp_path, "bad.csv", "Entity,Code,Year,Trade (% of GDP)\nChina,CHN,2021,37.4\nChina,CHN,2022,about 40\n")
    before = dump(ws)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, path)
    assert info.value.report().splitlines() == [
        "bad.csv: row 3, column Trade (% of GDP): expected a number (like 1234.5, 1 234,5 or 12%), "
        "found 'about 40'"]
    assert dump(ws) == before


def test_owid_year_before_1000_is_refused_by_row(ws, tmp_path):
    path = write(tmp_path, "old.csv", "Entity,Code,Year,Population (people)\nWorld,OWID_WRL,-10000,4432180\n")
    before = dump(ws)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, path)
    (p,) = info.value.problems
    assert (p.row, p.column, p.found) == (2, "Year", "-10000")
    assert dump(ws) == before


def test_owid_column_without_a_name_asks_for_one(ws, tmp_path):
    path = write(tmp_path, "noname.csv", "Entity,Code,Year,\nChina,CHN,2021,37.4\n")
    before = dump(ws)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, path)
    assert "indicator" in info.value.report()
    assert dump(ws) == before
    run_import(ws, path, mapping={"constants": {"indicator": "Trade openness"}})
    assert stored(ws) == [("china", "Trade openness", "2021", 37.4, None, None, "Our World in Data")]


WDI_HEAD = ('\ufeff"Data Source","World Development Indicators",\r\n\r\n'
            '"Last Updated Date","2024-06-28",\r\n\r\n'
            '"Country Name","Country Code","Indicator Name","Indicator Code","1960","1961","1962",\r\n')


def test_wdi_rows_blank_cells_and_trailing_empty_column(ws, tmp_path):
    path = write(tmp_path, "API_EN.ATM.CO2E.KT.csv", WDI_HEAD
                 + '"China","CHN","CO2 emissions (kt)","EN.ATM.CO2E.KT","780726.3","","..",\r\n'
                 + '"World","WLD","CO2 emissions (kt)","EN.ATM.CO2E.KT","","9435000","9550000",\r\n')
    s = run_import(ws, path)
    assert (s.layout, s.added) == ("wdi", 3)
    assert ws.execute("SELECT place, indicator, indicator_code, period, value, unit FROM indicators "
                      "ORDER BY source_row, period").fetchall() == [
        ("china", "CO2 emissions", "EN.ATM.CO2E.KT", "1960", 780726.3, "thousand t"),
        ("World", "CO2 emissions", "EN.ATM.CO2E.KT", "1961", 9435000.0, "thousand t"),
        ("World", "CO2 emissions", "EN.ATM.CO2E.KT", "1962", 9550000.0, "thousand t")]
    rows = dict(ws.execute("SELECT DISTINCT place, source_row FROM indicators"))
    text = path.read_text(encoding="utf-8-sig")
    assert rows["china"] in file_row_numbers(text, 6) and rows["World"] in file_row_numbers(text, 7)


def test_wdi_several_indicators_in_one_file_keep_their_own_units(ws, tmp_path):
    path = write(tmp_path, "WDIData.csv", WDI_HEAD
                 + '"China","CHN","GDP (current US$)","NY.GDP.MKTP.CD","","","1000",\r\n'
                 + '"China","CHN","GDP (constant 2015 US$)","NY.GDP.MKTP.KD","","","2000",\r\n'
                 + '"China","CHN","Population, total","SP.POP.TOTL","","","950000",\r\n')
    run_import(ws, path)
    assert stored(ws) == [
        ("china", "GDP", "1962", 1000.0, "USD", "current", "World Bank, World Development Indicators"),
        ("china", "GDP", "1962", 2000.0, "USD", "constant 2015", "World Bank, World Development Indicators"),
        ("china", "Population, total", "1962", 950000.0, None, None, "World Bank, World Development Indicators")]


def test_databank_download_with_dots_for_missing(ws, tmp_path):
    path = write(tmp_path, "Data_Extract_From_WDI.csv",
                 "Country Name,Country Code,Series Name,Series Code,2014 [YR2014],2015 [YR2015]\n"
                 "Russian Federation,RUS,Exports of goods and services (% of GDP),NE.EXP.GNFS.ZS,..,28.7\n")
    s = run_import(ws, path)
    assert (s.layout, s.added) == ("wdi", 1)
    assert stored(ws) == [("russia", "Exports of goods and services", "2015", 28.7, "% of GDP", None,
                           "World Bank, World Development Indicators")]


def test_publishers_names_and_codes_resolve_to_one_place(ws, tmp_path):
    """OWID's 'Russia', WDI's 'Russian Federation', an ISO alpha-3 or numeric code: one place;
    names no database or ISO list knows (aggregates) stay as written."""
    path = write(tmp_path, "names.csv",
                 "Entity,Code,Year,Trade (% of GDP)\n"
                 "Russia,RUS,2020,46.1\nRussian Federation,RUS,2021,46.2\nRossiya,643,2022,42.8\n"
                 "Upper middle income,UMC,2022,50.0\nAlbania,ALB,2022,84.0\n")
    s = run_import(ws, path)
    assert [r[0] for r in stored(ws)] == ["russia", "russia", "russia", "Upper middle income", "Albania"]
    # Albania is a country ISO names (kept as written); only the aggregate is listed for mapping
    assert s.unknown_places == {"Upper middle income": 1}


def test_databank_footer_lines_are_not_data(ws, tmp_path):
    path = write(tmp_path, "Data_Extract_From_WDI_footer.csv",
                 "Series Name,Series Code,Country Name,Country Code,2021 [YR2021],2022 [YR2022]\n"
                 "GDP (current US$),NY.GDP.MKTP.CD,China,CHN,17734131000000,17963171000000\n"
                 ",,,,,\n"
                 "Data from database: World Development Indicators,,,,,\n"
                 "Last Updated: 07/01/2024,,,,,\n")
    s = run_import(ws, path)
    assert (s.layout, s.added) == ("wdi", 2)
    assert [r[2:5] for r in stored(ws)] == [("2021", 1.7734131e13, "USD"), ("2022", 1.7963171e13, "USD")]


def test_databank_with_time_down_the_rows(ws, tmp_path):
    path = write(tmp_path, "Data_Extract_time_rows.csv",
                 "Time,Time Code,Country Name,Country Code,GDP (current US$) [NY.GDP.MKTP.CD],"
                 "\"Population, total [SP.POP.TOTL]\"\n"
                 "2022,YR2022,Mongolia,MNG,17146339000,..\n"
                 "2023,YR2023,Mongolia,MNG,19872000000,3431932\n")
    s = run_import(ws, path)
    assert (s.layout, s.added) == ("databank", 3)
    assert ws.execute("SELECT indicator, indicator_code, period, value, unit, price_basis FROM indicators "
                      "ORDER BY source_row, indicator").fetchall() == [
        ("GDP", "NY.GDP.MKTP.CD", "2022", 17146339000.0, "USD", "current"),
        ("GDP", "NY.GDP.MKTP.CD", "2023", 19872000000.0, "USD", "current"),
        ("Population, total", "SP.POP.TOTL", "2023", 3431932.0, None, None)]


def test_owid_full_dataset_has_one_series_per_variable(ws, tmp_path):
    path = write(tmp_path, "owid-co2-data.csv",
                 "country,year,iso_code,population,gdp,co2,coal_production\n"
                 "Afghanistan,1750,AFG,2802560,,,\n"
                 "China,2022,CHN,1425179569,,11396.777,\n"
                 "World,2022,,7975105024,,37149.785,\n")
    s = run_import(ws, path)
    assert (s.layout, s.added) == ("owid_dataset", 5)
    assert [r[:4] for r in stored(ws)] == [
        ("Afghanistan", "population", "1750", 2802560.0), ("china", "co2", "2022", 11396.777),
        ("china", "population", "2022", 1425179569.0), ("World", "co2", "2022", 37149.785),
        ("World", "population", "2022", 7975105024.0)]


def test_owid_daily_series(ws, tmp_path):
    path = write(tmp_path, "daily.csv", "Entity,Code,Day,Daily new cases (cases)\nChina,CHN,2022-12-25,5133\n")
    run_import(ws, path)
    assert ws.execute("SELECT period, period_precision, value, unit FROM indicators").fetchall() == [
        ("2022-12-25", "day", 5133.0, "cases")]


def test_undo_removes_the_imported_series(ws, tmp_path):
    from explorer.data.importing import undo_import

    before = stored(ws)
    s = run_import(ws, write(tmp_path, "t.csv", "Entity,Code,Year,Trade (% of GDP)\nChina,CHN,2021,37.4\n"))
    assert len(stored(ws)) == 1
    assert undo_import(ws, s.import_id) == {"indicators": 1}
    assert stored(ws) == before


TITLED = ("Exports of goods by country,,,\nSource: a statistics office,,,\n,,,\n"
          "period,reporter,value,unit\n2021,China,3.5,billion USD\n")


def test_header_row_given_past_title_lines_of_an_unknown_layout(ws, tmp_path):
    path = write(tmp_path, "titled.csv", TITLED)
    before = dump(ws)
    with pytest.raises(ImportRejected):
        run_import(ws, path)                      # the title line is taken for the header
    assert dump(ws) == before
    s = run_import(ws, path, mapping={"header_row": 4})
    assert (s.dataset, s.added) == ("trade", 1)
    assert ws.execute("SELECT reporter, period, value, unit, source_row FROM trade_figures").fetchall() == [
        ("china", "2021", 3.5, "billion USD", 5)]
    # the history's mapping says where the header was, so that it can be used again
    import json
    assert json.loads(ws.execute("SELECT mapping_json FROM imports").fetchone()[0])["header_row"] == 4


@pytest.mark.parametrize("bad", [0, -1, "4", True])
def test_header_row_that_is_no_row_number_is_refused(ws, tmp_path, bad):
    path = write(tmp_path, "titled.csv", TITLED)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, path, mapping={"header_row": bad})
    assert info.value.report().splitlines() == [
        f"titled.csv: row 1, column (mapping): expected a header row number of 1 or more, found '{bad}'"]


def test_cli_header_row_option(bundled_path, tmp_path):
    from tests.test_cli import run

    path = write(tmp_path, "titled.csv", TITLED)
    refused = run(["import", str(path)], bundled_path, tmp_path)
    assert refused.returncode == 1 and "nothing was written" in refused.stderr
    done = run(["import", str(path), "--header-row", "4"], bundled_path, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "trade (own layout" in done.stdout and "added 1" in done.stdout
    wrong = run(["import", str(path), "--header-row", "0"], bundled_path, tmp_path)
    assert wrong.returncode != 0 and "--header-row counts from 1" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_reimporting_the_same_file_adds_nothing(ws, tmp_path):
    path = write(tmp_path, "t.csv", "Entity,Code,Year,Trade (% of GDP)\nChina,CHN,2021,37.4\n")
    run_import(ws, path)
    again = run_import(ws, path)
    assert (again.added, again.skipped) == (0, 1)


def test_the_pane_export_reimports_as_indicators(ws, tmp_path, mini_bundled_path):
    run_import(ws, write(tmp_path, "t.csv", "Entity,Code,Year,GDP (constant 2015 US$)\nChina,CHN,2021,1.5e13\n"))
    export_all(ws, tmp_path / "out")
    other = tmp_path / "other.sqlite"
    from explorer.data.db import Store

    c = Store(workspace=other, bundled=mini_bundled_path).connect()
    try:
        s = run_import(c, tmp_path / "out" / "indicators.csv")
        assert s.dataset == "indicators"
        assert stored(c) == [("china", "GDP", "2021", 1.5e13, "USD", "constant 2015", "Our World in Data")]
        # an imported row is never a document's own figure: the file it names is its claim
        assert c.execute("SELECT doc_id, claimed_doc FROM indicators").fetchall() == [(None, "t.csv")]
    finally:
        c.close()


# -- the chart's series ------------------------------------------------------------------
def test_chart_has_one_series_per_indicator_place_and_unit_never_summed(ws, tmp_path):
    run_import(ws, write(tmp_path, "a.csv",
                         "Entity,Code,Year,Trade (% of GDP),Exports (current US$)\n"
                         "China,CHN,2021,37.4,3.5e12\nChina,CHN,2022,38.1,3.7e12\nRussia,RUS,2022,42.8,5.9e11\n"))
    chart = fetch_chart(ws)
    assert {(s.indicator, s.place, s.axis) for s in chart.series} == {
        ("Trade", "China", "% of GDP"), ("Exports", "China", "USD, current prices"),
        ("Trade", "Russia", "% of GDP"), ("Exports", "Russia", "USD, current prices")}
    assert set(chart.axes) == {"% of GDP", "USD, current prices"}
    china_trade = next(s for s in chart.series if (s.indicator, s.place) == ("Trade", "China"))
    assert [(p.period, p.value) for p in china_trade.points] == [("2021", 37.4), ("2022", 38.1)]
    only_russia = fetch_chart(ws, Filter(facets={"place": "Russia", "indicator": "Trade"}))
    assert [(s.label, [p.value for p in s.points]) for s in only_russia.series] == [("Trade — Russia", [42.8])]


def test_chart_draws_at_most_the_limit_and_counts_the_rest(ws, tmp_path):
    body = "".join(f"Place {i},,2020,{i}\n" for i in range(12))
    run_import(ws, write(tmp_path, "many.csv", "Entity,Code,Year,Trade (% of GDP)\n" + body))
    chart = fetch_chart(ws, limit=5)
    assert (len(chart.series), chart.total_series) == (5, 12)


@pytest.mark.parametrize("period, x", [("2022", 2022.0), ("2022-07", 2022.5), ("2022-Q3", 2022.5),
                                       ("2023-01/2023-09", 2023.0), ("1750", 1750.0)])
def test_period_position_on_the_year_axis(period, x):
    assert period_x(period) == pytest.approx(x)


def _full_query_chart(conn, flt: Filter, monkeypatch, limit: int = 8):
    """The chart read from the pane's full query (what the rollup path must give)."""
    from explorer.data import indicators

    with monkeypatch.context() as m:
        m.setattr(indicators, "_rolled_up_groups", lambda *_a, **_k: None)
        return fetch_chart(conn, flt, limit)


ROLLUP_FILE = ("Entity,Code,Year,Trade (% of GDP),Exports (current US$)\n"
               "China,CHN,2021,37.4,3.5e12\nChina,CHN,2022,38.1,3.7e12\nRussia,RUS,2021,46.2,5.1e11\n"
               "Russia,RUS,2022,42.8,5.9e11\nMongolia,MNG,2022,136.3,7.8e9\nAtlantis,,2022,1.5,\n")


@pytest.mark.parametrize("flt", [Filter(), Filter(facets={"place": "Russia"}),
                                 Filter(facets={"indicator": ("Exports",), "place": ("China", "Mongolia")}),
                                 Filter(facets={"unit": "% of GDP"}), Filter(facets={"place": ("Nowhere",)})],
                         ids=["all", "place", "indicator+places", "unit", "no-match"])
def test_the_chart_from_the_series_rollup_is_the_full_querys_chart(ws, tmp_path, monkeypatch, flt):
    from explorer.data import indicators
    from explorer.data.indexes import refresh_rollups

    run_import(ws, write(tmp_path, "a.csv", ROLLUP_FILE))
    # a place stored as written beside the known place of the same name: one series, both rows
    ws.execute("INSERT INTO main.indicators(figure_id, place, indicator, period, value, unit, publisher) "
               "VALUES ('x1', 'Russia', 'Trade', '2023', 40.0, '% of GDP', 'Our World in Data')")
    refresh_rollups(ws, ["indicators"])
    ws.commit()
    assert indicators._rolled_up_groups(ws, flt) is not None          # answered from the rollup
    assert fetch_chart(ws, flt) == _full_query_chart(ws, flt, monkeypatch)
    assert fetch_chart(ws, flt, limit=2) == _full_query_chart(ws, flt, monkeypatch, limit=2)
    if flt.facets.get("place") == "Russia":
        trade = next(s for s in fetch_chart(ws, flt).series if s.indicator == "Trade")
        assert [(p.period, p.value) for p in trade.points] == [("2021", 46.2), ("2022", 42.8), ("2023", 40.0)]


def test_a_stale_series_rollup_is_never_used(ws, tmp_path):
    run_import(ws, write(tmp_path, "a.csv", ROLLUP_FILE))
    ws.execute("INSERT INTO main.indicators(figure_id, place, indicator, period, value, unit, publisher) "
               "VALUES ('x1', 'china', 'Coal output', '2023', 4.7, 'Mt', 'NBS')")
    ws.commit()                                  # written behind the rollup's back (no refresh)
    chart = fetch_chart(ws, Filter(facets={"place": "China"}))
    assert [(s.indicator, [p.value for p in s.points]) for s in chart.series if s.indicator == "Coal output"] == [
        ("Coal output", [4.7])]


def test_free_text_and_year_ranges_read_the_full_query(ws, tmp_path):
    run_import(ws, write(tmp_path, "a.csv", ROLLUP_FILE))
    chart = fetch_chart(ws, Filter(text="mongol"))
    assert [(s.label, [p.value for p in s.points]) for s in chart.series] == [
        ("Exports — Mongolia", [7.8e9]), ("Trade — Mongolia", [136.3])]
    chart = fetch_chart(ws, Filter(facets={"place": "China"}, ranges={"period": (2022, 2022)}))
    assert sorted((s.indicator, tuple(p.period for p in s.points)) for s in chart.series) == [
        ("Exports", ("2022",)), ("Trade", ("2022",))]


def test_facet_lists_from_the_series_rollup_are_the_tables_distinct_values(ws, tmp_path):
    from explorer.data.indicators import facet_values
    from explorer.data.query import distinct_values
    from explorer.data.tables import INDICATORS

    run_import(ws, write(tmp_path, "a.csv", ROLLUP_FILE))
    for key in ("indicator", "place"):
        assert facet_values(ws, key) == distinct_values(ws, INDICATORS, key)
    assert "Atlantis" in facet_values(ws, "place")                 # a place as written, unknown
    ws.execute("INSERT INTO main.indicators(figure_id, place, indicator, period, value) "
               "VALUES ('x1', 'china', 'Coal output', '2023', 4.7)")
    ws.commit()
    assert facet_values(ws, "indicator") is None                   # stale: the table is read instead
