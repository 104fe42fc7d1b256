"""Real files of the supported publishers beyond ../shared/real-files (each under
tests/fixtures/import/heldout/<publisher>/ with a SOURCE.md naming its repository, path and
commit), imported as published and read back as the panes' export; and the machinery every
layout shares: the units vocabulary, countries named every way publishers write them, and the
encoding of a file (an --encoding that only gives mojibake, Greek cp1253)."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from explorer.data.importing.countries import resolve_name
from explorer.data.importing.parse import parse_unit
from explorer.data.importing.read import detect
from tests.data.import_helpers import dump, exported_imports

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "heldout"


def trade(rows: list[dict], reporter: str, partner: str, flow: str, commodity: str, period: str) -> list[str]:
    """(value, unit, precision) of the exported trade rows with this key."""
    return [(r["value"], r["unit"], r["period_precision"]) for r in rows
            if (r["reporter"], r["partner"], r["flow"], r["commodity"], r["period"])
            == (reporter, partner, flow, commodity, period)]


def indicator(rows: list[dict], name: str, place: str, period: str) -> list[tuple]:
    """(value, unit, price basis, publisher) of the exported indicator rows with this key."""
    return [(r["value"], r["unit"], r["price_basis"], r["publisher"]) for r in rows
            if (r["indicator"], r["place"], r["period"]) == (name, place, period)]


# -- UN Comtrade classic ------------------------------------------------------------------------

def test_comtrade_classic_with_an_aggregate_reporter_and_five_hs_revisions(ws, tmp_path):
    s = run_import(ws, HELDOUT / "comtrade" / "comtrade_classic_EU28_UKR_H1-H5_1007.csv")
    assert (s.layout, s.added) == ("comtrade_classic", 21)
    rows = exported_imports(ws, tmp_path, "trade")
    # EU-28 (reporter code 97, ISO 'EU2') is an aggregate: kept as written, never a country
    assert trade(rows, "EU-28", "Ukraine", "export", "H5:1007", "2017") == [("640252", "USD", "year")]
    assert trade(rows, "EU-28", "Ukraine", "export", "H3:1007", "2007") == [("86968", "USD", "year")]
    assert trade(rows, "EU-28", "Ukraine", "export", "H1:1007", "2000") == [("28171", "USD", "year")]
    # each revision is its own classification: H4 2012 is not H3 2012
    assert {r["commodity"] for r in rows} == {"H1:1007", "H2:1007", "H3:1007", "H4:1007", "H5:1007"}


def test_comtrade_classic_sitc_sections_of_every_reporter_with_the_world(ws, tmp_path):
    s = run_import(ws, HELDOUT / "comtrade" / "comtrade_classic_S4_section3_all_reporters_World.csv")
    assert (s.layout, s.added) == ("comtrade_classic", 20)
    rows = exported_imports(ws, tmp_path, "trade")
    assert trade(rows, "China", "World", "import", "S4:3", "2015") == [("198589034868", "USD", "year")]
    assert trade(rows, "Russia", "World", "export", "S4:3", "2015") == [("216101065740", "USD", "year")]
    # 'Rep. of Korea' (ISO KOR) and 'China, Hong Kong SAR' are named as ISO names them
    assert trade(rows, "South Korea", "World", "import", "S4:3", "2015") == [("103400935307", "USD", "year")]
    assert trade(rows, "Hong Kong", "World", "export", "S4:3", "2015") == [("726451158", "USD", "year")]
    # 'Other Asia, nes' is no country: kept as written
    assert trade(rows, "Other Asia, nes", "World", "import", "S4:3", "2015") == [("37563079420", "USD", "year")]


# -- UN Comtrade Plus ------------------------------------------------------------------------------

def test_comtrade_plus_website_download_every_field_quoted_with_world_and_areas(ws, tmp_path):
    s = run_import(ws, HELDOUT / "comtrade" / "comtradeplus_THA_imports_H4_8542_2014-2016.csv")
    assert (s.layout, s.added) == ("comtrade", 26)
    rows = exported_imports(ws, tmp_path, "trade")
    assert trade(rows, "Thailand", "World", "import", "H4:8542", "2014") == [("9680795326", "USD", "year")]
    assert trade(rows, "Thailand", "China", "import", "H4:8542", "2015") == [("887077163.75", "USD", "year")]
    assert trade(rows, "Thailand", "Russia", "import", "H4:8542", "2016") == [("4389.58", "USD", "year")]
    assert trade(rows, "Thailand", "South Korea", "import", "H4:8542", "2014") == [("662296959", "USD", "year")]
    assert trade(rows, "Thailand", "Hong Kong", "import", "H4:8542", "2016") == [("19791550.4", "USD", "year")]


# -- China Customs (GACC): real query exports --------------------------------------------------------

def test_gacc_real_export_gbk_quoted_trailing_comma_question_marks_and_yuan(ws, tmp_path):
    path = HELDOUT / "gacc" / "gacc_2024in_soybeans_CNY.csv"
    with pytest.raises(ImportRejected) as refused:
        run_import(ws, path)                     # no flow column: asked for, nothing written
    assert "--set flow=import" in refused.value.report()
    s = run_import(ws, path, mapping={"constants": {"flow": "import"}})
    assert (s.layout, s.added) == ("gacc", 36)
    rows = exported_imports(ws, tmp_path, "trade")
    # '16,536,067,327' in 人民币 (yuan), month 202401, 8-digit code 12019019; 巴西 is Brazil
    assert trade(rows, "China", "Brazil", "import", "HS:12019019", "2024-01") == [
        ("16536067327", "CNY", "month")]
    assert trade(rows, "China", "United States", "import", "HS:12019019", "2024-12") == [
        ("14187976530", "CNY", "month")]
    assert trade(rows, "China", "Argentina", "import", "HS:12019019", "2024-01") == [
        ("639240426", "CNY", "month")]


def test_gacc_export_whose_values_all_have_one_thousands_group_is_not_refused_as_ambiguous(ws, tmp_path):
    # before: '634,583' (and every other value of the file, all below a million) read as 634583 or
    # 634.583 and the import was refused asking for a decimal mark: GACC never writes decimal commas
    s = run_import(ws, HELDOUT / "gacc" / "gacc_2025out_soybeans_CNY.csv",
                   mapping={"constants": {"flow": "export"}})
    assert (s.layout, s.added) == ("gacc", 23)
    rows = exported_imports(ws, tmp_path, "trade")
    assert trade(rows, "China", "United States", "export", "HS:12019011", "2025-01") == [("634583", "CNY", "month")]
    assert trade(rows, "China", "United States", "export", "HS:12019020", "2025-10") == [("339348", "CNY", "month")]
    assert trade(rows, "China", "Brazil", "export", "HS:12011000", "2025-10") == [("4", "CNY", "month")]


# -- World Bank: WDI bulk CSV and DataBank downloads --------------------------------------------------

WB = "World Bank, World Development Indicators"


def test_wdi_bulk_csv_of_another_release_and_indicator(ws, tmp_path):
    s = run_import(ws, HELDOUT / "worldbank" / "wdi_API_NY.GDP.PCAP.CD_DS2_en_csv_v2_2017.csv")
    assert s.layout == "wdi"
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "GDP per capita", "China", "2015") == [("8069.21193773116", "USD", "current", WB)]
    assert indicator(rows, "GDP per capita", "Russia", "2015") == [("9329.29835134816", "USD", "current", WB)]
    assert indicator(rows, "GDP per capita", "South Korea", "2015") == [("27105.076226264", "USD", "current", WB)]
    assert indicator(rows, "GDP per capita", "Hong Kong", "2015") == [("42351.0245957363", "USD", "current", WB)]
    # aggregates stay aggregates
    assert indicator(rows, "GDP per capita", "World", "2015") == [("10130.1817166557", "USD", "current", WB)]
    assert {r["place"] for r in rows} >= {"High income", "Euro area", "European Union", "Upper middle income"}
    # each row of an aggregate counts (places are resolved once per name, counted every row)
    assert s.unknown_places == {"Euro area": 57, "European Union": 57, "High income": 57,
                                "Upper middle income": 57, "World": 57}


def test_databank_series_and_time_down_the_rows_with_its_footer(ws, tmp_path):
    # before: read as the app's own layout, with neither unit nor publisher
    s = run_import(ws, HELDOUT / "worldbank" / "databank_long_series_time_value.csv")
    assert (s.layout, s.added) == ("databank_long", 95)
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "GDP per capita", "Argentina", "2015") == [("13679.6264980954", "USD", "current", WB)]
    assert indicator(rows, "Individuals using the Internet", "Argentina", "2009") == [
        ("34", "% of population", "", WB)]
    assert indicator(rows, "Fixed broadband subscriptions", "Argentina", "2000") == []    # blank: no row
    assert not [r for r in rows if "Data from database" in r["place"] or "Last Updated" in r["place"]]


def test_databank_without_country_code_and_with_missing_markers(ws, tmp_path):
    # before: refused (the World Bank layout needed a 'Country Code' column)
    s = run_import(ws, HELDOUT / "worldbank" / "databank_no_country_code_footer.csv")
    assert s.layout == "wdi"
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "Population, total", "Lebanon", "2014") == [("4546774", "", "", WB)]
    assert indicator(rows, "Population, total", "Lebanon", "2015") == []     # '..': not available
    assert indicator(rows, "Population, total", "Lebanon", "2000") == []     # blank
    assert {r["place"] for r in rows} == {"Lebanon"}


def test_databank_with_old_mac_line_endings(ws, tmp_path):
    s = run_import(ws, HELDOUT / "worldbank" / "databank_cr_line_endings.csv")
    assert s.layout == "wdi"
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "Population, total", "Russia", "2015") == [("144096812", "", "", WB)]
    assert indicator(rows, "Agriculture, value added", "China", "2015") == [("8.8796477", "% of GDP", "", WB)]
    assert indicator(rows, "GDP", "China", "2015") == [("11007700000000", "USD", "current", WB)]
    assert indicator(rows, "GDP", "China", "2016") == []                       # '..'
    assert not [r for r in rows if r["place"].startswith(("Data from", "Last Updated"))]


# -- Our World in Data -----------------------------------------------------------------------------

def test_owid_per_capita_series_keeps_its_name_and_years_before_1800(ws, tmp_path):
    s = run_import(ws, HELDOUT / "owid" / "owid_co-emissions-per-capita.csv")
    assert (s.layout, s.added) == ("owid", 40)
    rows = exported_imports(ws, tmp_path, "indicators")
    name = "Annual CO₂ emissions (per capita)"       # '(per capita)' qualifies the series: no unit
    assert indicator(rows, name, "China", "2022") == [("8", "", "", "Our World in Data")]
    assert indicator(rows, name, "Russia", "2020") == [("11.2", "", "", "Our World in Data")]
    assert indicator(rows, name, "North Korea", "2022") == [("2", "", "", "Our World in Data")]
    assert indicator(rows, name, "Asia", "1750") == [("0", "", "", "Our World in Data")]
    assert indicator(rows, name, "European Union (27)", "2022") == [("6.2", "", "", "Our World in Data")]


# -- China NBS ---------------------------------------------------------------------------------------

def test_nbs_quarterly_export_gbk(ws, tmp_path):
    s = run_import(ws, HELDOUT / "nbs" / "nbs_quarterly_GDP_GBK.csv")
    assert s.layout == "nbs"
    rows = exported_imports(ws, tmp_path, "indicators")
    publisher = "National Bureau of Statistics of China"
    assert indicator(rows, "国内生产总值当季值", "China", "2022-Q1") == [("270177.8", "hundred million CNY", "", publisher)]
    assert indicator(rows, "国内生产总值累计值", "China", "2021-Q4") == [("1143669.7", "hundred million CNY", "", publisher)]


def test_nbs_monthly_export_with_periods_down_the_rows(ws, tmp_path):
    s = run_import(ws, HELDOUT / "nbs" / "nbs_monthly_money_supply.csv")
    assert s.layout == "nbs"
    rows = exported_imports(ws, tmp_path, "indicators")
    publisher = "National Bureau of Statistics of China"
    assert indicator(rows, "货币和准货币(M2)供应量期末值", "China", "2021-05") == [
        ("2275538.07", "hundred million CNY", "", publisher)]
    assert indicator(rows, "货币和准货币(M2)供应量同比增长", "China", "1999-12") == [("14.7", "%", "", publisher)]


# -- the units vocabulary -------------------------------------------------------------------------------

@pytest.mark.parametrize("written, unit", [
    ("USD", "USD"), ("US$", "USD"), ("current US$", "USD"), ("US$ thousand", "thousand USD"),
    ("thousand US$", "thousand USD"), ("thousands of US dollars", "thousand USD"), ("1000 USD", "thousand USD"),
    ("US$ million", "million USD"), ("USD, millions", "million USD"), ("US$ mn", "million USD"),
    ("billion US$", "billion USD"), ("USD bn", "billion USD"),
    ("亿元", "hundred million CNY"), ("万元", "ten thousand CNY"), ("万美元", "ten thousand USD"),
    ("亿美元", "hundred million USD"), ("RMB 100 million", "hundred million CNY"), ("million yuan", "million CNY"),
    ("млн долл. США", "million USD"), ("тыс. долл. США", "thousand USD"), ("млрд долл. США", "billion USD"),
    ("млрд руб.", "billion RUB"), ("тыс. руб.", "thousand RUB"),
    ("EUR", "EUR"), ("million EUR", "million EUR"), ("EUR million", "million EUR"), ("MIO_EUR", "million EUR"),
    ("%", "%"), ("% of GDP", "% of GDP"), ("t", "t"), ("tonnes", "t"), ("kt", "thousand t"),
    ("thousand tonnes", "thousand t"), ("Mt", "Mt"), ("TWh", "TWh"), ("terawatt-hours", "TWh"),
    ("Quad Btu", "Quad Btu"), ("quadrillion Btu", "Quad Btu"), ("TJ", "TJ"), ("MW", "MW"), ("GW", "GW"),
    ("bcm/yr", "bcm/yr"), ("bcm/year", "bcm/yr"), ("bcm/y", "bcm/yr"), ("bcm/a", "bcm/yr"),
    ("billion cubic meters per year", "bcm/yr"), ("mtpa", "Mt/yr"), ("MTPA", "Mt/yr"),
    ("MMcf/d", "mmcf/d"), ("MMscfd", "mmcf/d"), ("万吨", "ten thousand t"), ("亿千瓦时", "hundred million kWh"),
])
def test_units_publishers_write_parse_to_one_unit(written, unit):
    assert parse_unit(written) == unit


@pytest.mark.parametrize("written", ["m", "k", "per capita", "international $", "zz"])
def test_what_names_no_unit_is_not_guessed_into_one(written):
    with pytest.raises(Exception):
        parse_unit(written)


def test_a_unit_with_its_price_basis_keeps_the_basis(ws, tmp_path):
    path = tmp_path / "owid.csv"
    path.write_text("Entity,Code,Year,Exports (constant 2015 US$),Exports (current US$)\n"
                    "China,CHN,2020,2.5e12,2.6e12\n", encoding="utf-8")
    run_import(ws, path)
    rows = exported_imports(ws, tmp_path, "indicators")
    assert sorted((r["value"], r["unit"], r["price_basis"]) for r in rows) == [
        ("2500000000000", "USD", "constant 2015"), ("2600000000000", "USD", "current")]


# -- countries, however publishers name them -------------------------------------------------------

@pytest.mark.parametrize("written, name", [
    ("Russian Federation", "Russian Federation"), ("RUS", "Russian Federation"), ("RU", "Russian Federation"),
    ("643", "Russian Federation"), ("Российская Федерация", "Russian Federation"), ("Россия", "Russian Federation"),
    ("俄罗斯", "Russian Federation"), ("俄罗斯联邦", "Russian Federation"),
    ("中国", "China"), ("156", "China"), ("Китай", "China"),
    ("China, Hong Kong SAR", "Hong Kong"), ("Hong Kong SAR, China", "Hong Kong"), ("中国香港", "Hong Kong"),
    ("Korea, Dem. People's Rep.", "North Korea"), ("Dem. People's Rep. of Korea", "North Korea"),
    ("Korea, Dem. People\u2019s Rep.", "North Korea"),
    ("Korea, Rep.", "South Korea"), ("Rep. of Korea", "South Korea"),
    ("US", "United States"), ("USA", "United States"), ("840", "United States"), ("США", "United States"),
    ("美国", "United States"), ("United States of America", "United States"),
    ("Iran, Islamic Rep.", "Iran"), ("Egypt, Arab Rep.", "Egypt"), ("Venezuela, RB", "Venezuela"),
    ("Lao PDR", "Laos"), ("Congo, Dem. Rep.", "Congo, The Democratic Republic of the"),
    ("Congo, Rep.", "Congo"), ("Gambia, The", "Gambia"), ("Kyrgyz Republic", "Kyrgyzstan"),
    ("Turkiye", "Türkiye"), ("Turkey", "Türkiye"), ("Bolivia (Plurinational State of)", "Bolivia"),
    ("Монголия", "Mongolia"),
    ("蒙古", "Mongolia"),
])
def test_a_country_written_any_way_resolves_to_one(written, name):
    assert resolve_name(written) == name


@pytest.mark.parametrize("aggregate", [
    "World", "WLD", "EU27", "EU-28", "European Union", "Euro area", "EUU", "Asia", "High income",
    "Upper middle income", "Low & middle income", "OECD members", "Arab World", "ARB", "East Asia & Pacific",
    "Sub-Saharan Africa", "Other Asia, nes", "Areas, nes", "North America", "High-income countries"])
def test_aggregates_are_no_country(aggregate):
    assert resolve_name(aggregate) is None


def test_one_country_written_three_ways_is_one_place_and_aggregates_stay(ws, tmp_path):
    # before: 'US', 'USA' and 'United States' were three places and 'Российская Федерация' a fourth
    path = tmp_path / "owid.csv"
    path.write_text("Entity,Code,Year,Exports (% of GDP)\n"
                    "US,,2019,11\nUnited States,,2020,10\n,USA,2021,11.5\n"
                    "Российская Федерация,,2020,25\n\"Korea, Dem. People's Rep.\",,2020,3\n"
                    "World,OWID_WRL,2020,26\nEU27,,2020,45\nHigh income,,2020,28\n", encoding="utf-8")
    s = run_import(ws, path)
    rows = exported_imports(ws, tmp_path, "indicators")
    assert sorted((r["place"], r["period"], r["value"]) for r in rows) == [
        ("EU27", "2020", "45"), ("High income", "2020", "28"), ("North Korea", "2020", "3"),
        ("Russia", "2020", "25"), ("United States", "2019", "11"), ("United States", "2020", "10"),
        ("United States", "2021", "11.5"), ("World", "2020", "26")]
    assert sorted(s.unknown_places) == ["EU27", "High income", "World"]


# -- encodings ---------------------------------------------------------------------------------------

GBK_NBS = "数据库：分省年度数据\n指标：年末常住人口(万人)\n时间：最近2年\n地区,2024年,2023年\n黑龙江省,3029,3062\n吉林省,2317,2339\n"


def test_an_encoding_forced_on_a_gbk_file_that_only_gives_mojibake_is_refused(ws, tmp_path):
    # before: cp1251 decodes nearly every byte, so '--encoding cp1251' stored 'Ѕ№Бъ' for 黑龙江
    path = tmp_path / "nbs.csv"
    path.write_bytes(GBK_NBS.encode("gbk"))
    before = dump(ws)
    with pytest.raises(ImportRejected) as refused:
        run_import(ws, path, encoding="cp1251")
    report = refused.value.report()
    assert "as --encoding says" in report and "--encoding gb18030" in report and "not words in cp1251" in report
    assert dump(ws) == before
    assert run_import(ws, path, encoding="gbk").added == 4       # the right one is taken


def test_a_forced_encoding_that_reads_the_text_is_taken(ws, tmp_path):
    path = tmp_path / "nbs.csv"
    path.write_bytes(GBK_NBS.encode("gb18030"))
    assert run_import(ws, path, encoding="gb18030").added == 4


def test_greek_cp1253_is_detected_not_read_as_cyrillic(tmp_path):
    # before: not among the encodings tried; cp1251 read its lower-case words as Russian ones
    text = ("Περιοχή,Έτος,Αξία\nΕλλάδα,2020,1.5\nΑθήνα,2021,2.5\nΘεσσαλονίκη,2022,3\n"
            "Εξαγωγές προς Κίνα και Ρωσία,2022,4\n")
    path = tmp_path / "greek.csv"
    path.write_bytes(text.encode("cp1253"))
    assert detect(path).encoding == "cp1253"
    assert path.read_bytes().decode(detect(path).encoding) == text


@pytest.mark.parametrize("codec, text", [
    ("cp1251", "Хабаровский край, поставки угля"), ("koi8_r", "угля"), ("cp1251", "Москва"),
    ("gbk", "黑龙江省"), ("cp1252", "Côte d'Ivoire, Curaçao"),
])
def test_other_scripts_are_not_taken_for_greek(tmp_path, codec, text):
    path = tmp_path / "t.csv"
    data = f"period,reporter,partner,flow,value,unit,description\n2023,China,Russia,total,1,USD,{text}\n"
    path.write_bytes(data.encode(codec))
    assert path.read_bytes().decode(detect(path).encoding) == data


# -- Global Energy Monitor ---------------------------------------------------------------------------

def energy(rows: list[dict], asset: str) -> list[tuple]:
    """(value, unit, date, asset status, source) of the exported GEM figures of one asset."""
    return sorted((r["value"], r["unit"], r["date"], r["asset_status"], r["original_source"]) for r in rows
                  if r["asset"] == asset and r["original_source"].startswith("Global Energy Monitor"))


def test_gem_map_file_joining_lng_terminals_and_pipelines(ws, tmp_path):
    # before: the pipeline name column was taken for every row's name, and the terminals' rows,
    # which leave it blank, were refused ('expected an asset name')
    s = run_import(ws, HELDOUT / "gem" / "LNG-Terminals-map-file-2024-10-06_China.csv")
    assert (s.layout, s.added) == ("gem_tracker", 23)          # one pipeline row's capacity is '--'
    rows = exported_imports(ws, tmp_path, "energy")
    source = "Global Energy Monitor, Global Gas Infrastructure Tracker, 2024-10-06"
    assert energy(rows, "Dalian LNG Terminal") == [("13.6", "bcm/yr", "2011", "operating", source)]
    assert energy(rows, "Ust Luga LNG Terminal, T3") == [("8.84", "bcm/yr", "2026", "proposed", source)]
    assert energy(rows, "Pechora LNG Terminal") == [("5.85", "bcm/yr", "", "cancelled", source)]
    assert energy(rows, "Power of Siberia 2 Gas Pipeline") == [
        ("50", "bcm/yr", "2027", "proposed", source), ("80", "bcm/yr", "2030", "proposed", source)]


def test_gem_coal_plant_map_data_units_in_mw(ws, tmp_path):
    # before: not recognised (no GEM-only column name); its capacity is GEM's MW
    s = run_import(ws, HELDOUT / "gem" / "gem_coal_plant_map_data_China.csv")
    assert (s.layout, s.added) == ("gem_tracker", 27)
    rows = exported_imports(ws, tmp_path, "energy")
    assert energy(rows, "Abakan power station, Unit 4") == [("136", "MW", "2014", "operating", "Global Energy Monitor")]
    assert energy(rows, "Altayskaya power station, Unit 2") == [("330", "MW", "2035", "proposed", "Global Energy Monitor")]
    assert {r["part_of"] for r in rows if r["asset"].startswith("Abakan")} == {"Abakan power station"}


# -- TimelineJS ----------------------------------------------------------------------------------------

TIMELINE_HEADER = ("Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
                   "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background,Tag\n")


def test_timelinejs_sheet_with_groups_eras_html_and_dates_before_1800(ws, tmp_path):
    # before: refused, 'a year between 1800 and 2200' for the Treaty of Nerchinsk (1689)
    path = tmp_path / "border.csv"
    path.write_text(TIMELINE_HEADER
                    + ",,,,,,,,,Sino-Russian border history,<p>From <b>Nerchinsk</b> to today</p>,,,,,title,,,\n"
                    + "1689,8,27,,,,,,,Treaty of Nerchinsk,<p>Signed <a href='x'>here</a>.</p>,,,,,,Treaties,,border\n"
                    + "1727,,,,1728,,,,,Treaty of Kyakhta,,,,,,,Treaties,,\n"
                    + "1900,,,,1950,,,,,Age of railways,,,,,,era,,,\n"
                    + "2019,12,2,,,,,,,Power of Siberia opens,<p>Gas flows&nbsp;to China</p>,,,,,,Energy,,\n",
                    encoding="utf-8")
    s = run_import(ws, path)
    assert s.layout == "timeline"
    rows = exported_imports(ws, tmp_path, "corridors")
    events = sorted((r["corridor"], r["date"], r["date_end"], r["precision"], r["description"])
                    for r in rows if r["date"])
    # 'opens' is the opening (before: 'announced' assumed, as only 'opened' was read)
    assert [r["event"] for r in rows if r["corridor"] == "Energy"] == ["opened"]
    assert events == [
        ("Energy", "2019-12-02", "", "day", "Power of Siberia opens — Gas flows to China"),
        ("Treaties", "1689-08-27", "", "day", "Treaty of Nerchinsk — Signed here."),
        ("Treaties", "1727", "1728", "year", "Treaty of Kyakhta")]


def test_timelinejs_bce_rows_import_as_iso_expanded_years_with_the_sheets_display_date(ws, tmp_path):
    path = tmp_path / "ancient.csv"
    path.write_text(TIMELINE_HEADER + "-8000,,,,-5000,,,,\"c. 8,000–5,000 BCE\",Early settlement,,,,,,,Prehistory,,\n"
                    + "1689,8,27,,,,,,,Treaty of Nerchinsk,,,,,,,Treaties,,\n", encoding="utf-8")
    run_import(ws, path)
    got = ws.execute("SELECT c.name_en, e.date, e.date_precision, e.date_end, e.description FROM events e "
                     "JOIN all_corridors c ON c.corridor_id = e.subject_id ORDER BY e.source_row").fetchall()
    # TimelineJS shows Year -8000 as '8000 BCE': astronomical year -7999 (year 0 is 1 BCE)
    assert got == [("Prehistory", "-7999", "year", "-4999", "Early settlement (c. 8,000–5,000 BCE)"),
                   ("Treaties", "1689-08-27", "day", None, "Treaty of Nerchinsk")]


def test_a_figure_year_before_1800_is_still_a_typo(ws, tmp_path):
    path = tmp_path / "trade.csv"
    path.write_text("period,reporter,partner,flow,value,unit\n1023,China,Russia,export,5,USD bn\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        run_import(ws, path)
    assert "a year between 1800 and 2200" in refused.value.report()


# -- Eurostat SDMX-CSV 2.0 with labels -------------------------------------------------------------------

SDMX_CODES = ("DATAFLOW,LAST UPDATE,freq,siec,partner,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
              "ESTAT:NRG_TI_GAS(1.0),28/02/24 23:00:00,A,G3000,RU,TJ_GCV,DE,2020,2045449.486,\n"
              "ESTAT:NRG_TI_GAS(1.0),28/02/24 23:00:00,A,G3000,RU,TJ_GCV,EL,2021,3000,p\n")
SDMX_LABELS = (
    "STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,freq,Time frequency,siec,Standard international energy product "
    "classification (SIEC),partner,Geopolitical entity (partner),unit,Unit of measure,geo,Geopolitical entity "
    "(reporting),TIME_PERIOD,Time,OBS_VALUE,Observation value,OBS_FLAG,Observation status (Flag) V2 structure,"
    "CONF_STATUS,Confidentiality status (flag)\n"
    "dataflow,ESTAT:NRG_TI_GAS(1.0),Imports of natural gas by partner country,A,Annual,G3000,Natural gas,RU,"
    "Russia,TJ_GCV,Terajoule (gross calorific value - GCV),DE,Germany,2020,,2045449.486,,,,,\n"
    "dataflow,ESTAT:NRG_TI_GAS(1.0),Imports of natural gas by partner country,A,Annual,G3000,Natural gas,RU,"
    "Russia,TJ_GCV,Terajoule (gross calorific value - GCV),EL,Greece,2021,,3000,,p,provisional,,\n")


@pytest.mark.parametrize("text", [SDMX_CODES, SDMX_LABELS], ids=["codes", "labels"])
def test_sdmx_csv_with_or_without_label_columns_gives_the_same_series(ws, tmp_path, text):
    # before: each label column was read as a dimension of its own, so the flag's label
    # ('provisional') made Greece 2021 a series apart from the rest of the table
    path = tmp_path / "nrg_ti_gas.csv"
    path.write_text(text, encoding="utf-8")
    run_import(ws, path)
    rows = exported_imports(ws, tmp_path, "indicators")
    assert sorted((r["indicator"], r["place"], r["period"], r["value"], r["unit"], r["flag"]) for r in rows) == [
        ("nrg_ti_gas: siec=G3000, partner=RU", "Germany", "2020", "2045449.486", "TJ", ""),
        ("nrg_ti_gas: siec=G3000, partner=RU", "Greece", "2021", "3000", "TJ", "p")]


def test_comtrade_plus_xlsx_download_with_numbers_and_booleans_as_cells(ws, tmp_path):
    s = run_import(ws, HELDOUT / "comtrade" / "comtradeplus_THA_imports_H4_8542_2014_2016.xlsx")
    assert (s.layout, s.added) == ("comtrade", 14)
    rows = exported_imports(ws, tmp_path, "trade")
    assert trade(rows, "Thailand", "World", "import", "H4:8542", "2016") == [("9428383351.96", "USD", "year")]
    assert trade(rows, "Thailand", "Russia", "import", "H4:8542", "2014") == [("467", "USD", "year")]
    assert trade(rows, "Thailand", "South Korea", "import", "H4:8542", "2016") == [("551163565.53", "USD", "year")]


def test_owid_nine_indicator_columns_are_nine_series_with_the_blank_cell_left_out(ws, tmp_path):
    s = run_import(ws, HELDOUT / "owid" / "owid_share-elec-by-source.csv")
    assert s.layout == "owid"
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "Coal", "China", "2021") == [("62.93173", "% electricity", "", "Our World in Data")]
    assert indicator(rows, "Gas", "Russia", "2021") == [("41.989986", "% electricity", "", "Our World in Data")]
    assert indicator(rows, "Nuclear", "Russia", "2021") == [("20.033142", "% electricity", "", "Our World in Data")]
    # China 2021 'Other renewables excluding bioenergy' is blank in the file: no row, never 0
    assert indicator(rows, "Other renewables excluding bioenergy", "China", "2021") == []
    assert len({r["indicator"] for r in rows}) == 9


def test_eurostat_national_accounts_units_keep_their_price_basis(ws, tmp_path):
    # before: 'CP_MEUR' and 'CLV10_MEUR' were stored as the codes, two unrelated units with no price basis
    path = tmp_path / "namq_10_gdp.tsv"
    path.write_text("freq,unit,na_item,geo\\TIME_PERIOD\t2020-Q1 \t2020-Q2 \n"
                    "Q,CP_MEUR,B1GQ,DE\t845 123.4 \t: \n"
                    "Q,CLV10_MEUR,B1GQ,DE\t770 000.1 p\t700 000 \n", encoding="utf-8")
    run_import(ws, path)
    rows = exported_imports(ws, tmp_path, "indicators")
    assert sorted((r["period"], r["value"], r["unit"], r["price_basis"], r["flag"]) for r in rows) == [
        ("2020-Q1", "770000.1", "million EUR", "chain-linked volumes 2010", "p"),
        ("2020-Q1", "845123.4", "million EUR", "current", ""),
        ("2020-Q2", "700000", "million EUR", "chain-linked volumes 2010", "")]


def test_gacc_english_export_whose_only_chinese_is_a_full_width_comma(ws, tmp_path):
    # before: refused as text no encoding reads ('Hong Kong，China' is the file's only non-ASCII
    # text: GBK's full-width comma), and 'RMB Yuan' was no value column
    text = ('"Date of data","Commodity code","Commodity name","Trading partner code","Trading partner name",'
            '"Trade mode code","Trade mode name","Registration place code","Registration place name",'
            '"First quantity","First unit of measurement","Second quantity","Second unit of measurement",'
            '"RMB Yuan",\n'
            '"202401","27011200","Bituminous coal","344","Russian Federation","10","General trade","23",'
            '"Heilongjiang Province","1000","Kilogram","0","?","1,234,567",\n'
            '"202401","27011200","Bituminous coal","116","Hong Kong，China","10","General trade","31",'
            '"Shanghai","1000","Kilogram","0","?","7,654",\n')
    path = tmp_path / "gacc_en.csv"
    path.write_bytes(text.encode("gbk"))
    assert detect(path).encoding == "gb18030"
    s = run_import(ws, path, mapping={"constants": {"flow": "export"}})
    assert (s.layout, s.added) == ("gacc", 2)
    rows = exported_imports(ws, tmp_path, "trade")
    assert trade(rows, "Shanghai", "Hong Kong", "export", "HS:27011200 · General trade", "2024-01") == [
        ("7654", "CNY", "month")]
    assert [r["reporter"] for r in rows if r["partner"] == "Russia"] == ["Heilongjiang Province"]


def test_comtrade_plus_api_csv_with_blank_names_monthly_and_comtrade_area_codes(ws, tmp_path):
    header = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
              "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
              "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,"
              "isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,"
              "altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,"
              "isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate\n")
    rows = ("C,M,20230101,2023,1,202301,156,,,M,,643,,,0,,,H6,HS,True,2701,,4,False,C00,,0,0,,8,,1000.0,False,"
            "-1,,0.0,False,1000.0,False,0.0,False,1234567.0,,1234567.0,0,True,False\n"
            "C,M,20230201,2023,2,202302,842,,,M,,490,,,0,,,H6,HS,True,040891,,6,True,C00,,0,0,,8,,5.0,False,"
            "-1,,0.0,False,5.0,False,0.0,False,120.5,,120.5,0,True,False\n"
            "C,M,20230201,2023,2,202302,699,,,X,,344,,,0,,,S4,SITC,True,01,,2,False,C00,,0,0,,8,,5.0,False,"
            "-1,,0.0,False,5.0,False,0.0,False,,77.0,77.0,0,True,False\n")
    path = tmp_path / "api.csv"
    path.write_text(header + rows, encoding="utf-8")
    s = run_import(ws, path)
    assert (s.layout, s.added) == ("comtrade", 3)
    out = exported_imports(ws, tmp_path, "trade")
    assert trade(out, "China", "Russia", "import", "H6:2701", "2023-01") == [("1234567", "USD", "month")]
    # 490 is Comtrade's 'Other Asia, nes', 842 its code for the United States, 699 for India
    assert trade(out, "United States", "Other Asia, nes", "import", "H6:040891", "2023-02") == [
        ("120.5", "USD", "month")]
    assert trade(out, "India", "Hong Kong", "export", "S4:01", "2023-02") == [("77", "USD", "month")]


def test_provinces_and_federal_subjects_by_iso_3166_2_code_or_short_name_are_the_database_places(conn, tmp_path):
    ws = conn                                     # the full curated places (Heilongjiang, Inner Mongolia)
    # before: 'CN-HL', '黑龙江' and '内蒙古' were three new places beside Heilongjiang and Inner Mongolia
    path = tmp_path / "provinces.csv"
    path.write_text("Entity,Code,Year,Coal output (Mt)\nCN-HL,,2001,1\n黑龙江,,2002,2\nHeilongjiang,,2003,3\n"
                    "内蒙古,,2004,4\nCN-NM,,2005,5\nRU-AMU,,2006,6\nRU-PRI,,2007,7\n", encoding="utf-8")
    s = run_import(ws, path)
    places = dict(ws.execute("SELECT period, place FROM indicators").fetchall())
    assert places == {"2001": "heilongjiang", "2002": "heilongjiang", "2003": "heilongjiang",
                      "2004": "inner-mongolia", "2005": "inner-mongolia",
                      # Russia's subjects by ISO 3166-2 code: ISO's romanised name read back into Russian
                      "2006": "amur-oblast", "2007": "primorsky-krai"}
    assert s.unknown_places == {}


GEM_WORKBOOK = HELDOUT / "gem" / "asia-data-download August 2024_trimmed.xlsx"


def test_gem_download_workbook_pipelines_with_capacity_to_be_determined(ws, tmp_path):
    # before: refused, 'expected a number' for GEM's 'to be determined' capacity
    s = run_import(ws, GEM_WORKBOOK, sheet="Gas Pipelines")
    assert (s.layout, s.added) == ("gem_tracker", 8)              # two 'to be determined': no figure
    rows = exported_imports(ws, tmp_path, "energy")
    source = "Global Energy Monitor, Global Gas Infrastructure Tracker, August 2024"
    assert energy(rows, "Sur de Texas-Tuxpan Gas Pipeline") == [("2600", "mmcf/d", "2019", "operating", source)]
    assert energy(rows, "Paso Norte Pipeline") == [("366", "mmcf/d", "", "shelved", source)]
    assert energy(rows, "Santa Cruz Norte Gas Pipeline") == []


def test_gem_download_workbook_lng_terminals_in_mtpa_and_bcf_per_day(ws, tmp_path):
    # before: refused, 'bcf/d' was no known unit; every train was described as 'GEM id 0' or '1'
    s = run_import(ws, GEM_WORKBOOK, sheet="LNG Terminals")
    assert (s.layout, s.added) == ("gem_tracker", 9)
    rows = exported_imports(ws, tmp_path, "energy")
    source = "Global Energy Monitor, Global Gas Infrastructure Tracker, August 2024"
    assert energy(rows, "Coatzacoalcos LNG Terminal") == [("0.6", "bcf/d", "", "proposed", source)]
    assert energy(rows, "Escobar FSRU") == [("6.1", "Mt/yr", "2011", "operating", source)]
    assert energy(rows, "Bahía Blanca FLNG Export Terminal") == [("0.45", "Mt/yr", "2019", "mothballed", source)]
    assert {r["description"] for r in rows if r["asset"].startswith("Bah")} == {"GEM id T053800", "GEM id T053801"}


def test_gem_coal_plant_tracker_units_sheet(ws, tmp_path):
    s = run_import(ws, HELDOUT / "gem" / "Global-Coal-Plant-Tracker-July-2024_trimmed.xlsx")
    assert (s.layout, s.added) == ("gem_tracker", 12)
    rows = exported_imports(ws, tmp_path, "energy")
    source = "Global Energy Monitor, Global Coal Plant Tracker, July 2024"
    assert energy(rows, "Anhui Bengbu power station, Phase II Unit 3") == [("660", "MW", "2018", "operating", source)]
    # GEM's 'announced' is a proposal, its 'pre-permit' a plan
    assert energy(rows, "Akesu power station, Unit 1") == [("660", "MW", "2025", "proposed", source)]
    assert energy(rows, "Baganuur power station, Unit 2") == [("200", "MW", "2027", "planned", source)]
