"""The U.S. EIA International Data Browser CSV and FAOSTAT CSV files imported as published into
the indicators dataset, read back as the Indicators pane's export; and missing-value markers
across every indicator layout."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from tests.data.import_helpers import dump, exported, one, write

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "eiafao"
EIA = "U.S. Energy Information Administration, International Energy Statistics"


def values(conn, where: str = "1", params=()) -> list[tuple]:
    return conn.execute("SELECT place, indicator, period, value, unit, flag FROM indicators "
                        f"WHERE {where} ORDER BY source_row, period", params).fetchall()


# -- EIA: the real 2019 browser downloads ----------------------------------------------------
def test_eia_2019_download_gives_the_published_values_in_the_export(ws, tmp_path):
    summary = run_import(ws, FIXTURES / "eia_international_data_china_us_2019_trimmed.csv")
    assert (summary.dataset, summary.layout) == ("indicators", "eia")
    rows = exported(ws, tmp_path)
    # "Capacity","Million Kw" heading, then "China","Million Kw",65.871,…: a million kW is a GW
    china = one(rows, place="China", indicator="Capacity", period="1980")
    assert (float(china["value"]), china["unit"], china["publisher"]) == (65.871, "GW", EIA)
    us = one(rows, place="United States", indicator="Nuclear", period="2016", unit="GW")
    assert float(us["value"]) == 99.5648
    # the same indicator name in another unit is another series (nuclear capacity vs generation)
    gen = one(rows, place="China", indicator="Nuclear", period="2016", unit="TWh")
    assert float(gen["value"]) == 197.829
    cap = one(rows, place="China", indicator="Nuclear", period="2016", unit="GW")
    assert float(cap["value"]) == 31.384
    # a negative figure is a figure (pumped storage consumes more than it generates)
    assert float(one(rows, place="China", indicator="Hydroelectric Pumped Storage", period="2016",
                     unit="TWh")["value"]) == -11.72


def test_eia_2019_missing_markers_make_no_row_and_never_zero(ws):
    run_import(ws, FIXTURES / "eia_international_data_china_us_2019_trimmed.csv")
    text = (FIXTURES / "eia_international_data_china_us_2019_trimmed.csv").read_text()
    line = next(x for x in text.splitlines() if x.startswith('"","China","Million Kw",--'))
    cells = line.split(",")[3:]
    published = [c for c in cells if c not in ("-", "--", "NA", "")]
    stored = ws.execute("SELECT count(*) FROM indicators WHERE place = 'china' AND unit = 'GW' "
                        "AND indicator = 'Hydroelectric Pumped Storage'").fetchone()[0]
    assert stored == len(published) and "--" in cells
    # 'NA' (United States before 1989) and '-' (no data before 2000) give no row either
    assert ws.execute("SELECT min(period), min(value) FROM indicators WHERE place = 'United States' AND unit = 'GW' "
                      "AND indicator = 'Hydroelectric Pumped Storage'").fetchone() == ("1989", 18.094424)
    assert ws.execute("SELECT min(period) FROM indicators WHERE indicator = 'Wind' AND unit = 'GW'").fetchone()[0] == "2000"


def test_eia_2019_aggregates_stay_aggregates(ws, tmp_path):
    run_import(ws, FIXTURES / "eia_international_data_europe_world_2019.csv")
    rows = exported(ws, tmp_path)
    world = one(rows, place="World", indicator="Capacity", period="1980")
    assert float(world["value"]) == 1979.12508
    assert one(rows, place="Europe", indicator="Nuclear", period="1980", unit="GW")["value"]


def test_eia_broken_cell_in_the_real_file_is_refused_by_row_and_column(ws):
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, FIXTURES / "eia_international_data_china_us_2019.csv")
    text = str(exc.value)
    assert "row 53" in text and "2017" in text and "se|6135" in text
    assert dump(ws) == before


# -- EIA: the 2020+ browser download (built from the documented layout) ----------------------
EIA_COUNTRIES = (
    "Report generated on: 02-17-2023 10:42:09\n"
    '"API","","1980","1981","2020","2021"\n'
    '"","China","","","",""\n'
    '"","    Total energy","","","",""\n'
    '"INTL.44-1-CHN-QBTU.A","        Production (quad Btu)","17.3","18.1","--","NA"\n'
    '"INTL.44-2-CHN-QBTU.A","        Consumption (quad Btu)","17.1","17.5","158.1","(s)"\n'
    '"","    Natural gas","","","",""\n'
    '"INTL.26-1-CHN-BCF.A","        Dry natural gas production (bcf)","504","449","6883.9","W"\n'
    '"INTL.26-2-CHN-BCF.A","        Dry natural gas consumption (bcf)","504","449","…","-"\n'
    '"","Russia","","","",""\n'
    '"","    Total energy","","","",""\n'
    '"INTL.44-1-RUS-QBTU.A","        Production (quad Btu)","--","--","60.1","62.3"\n'
    '"","Former U.S.S.R.","","","",""\n'
    '"","    Total energy","","","",""\n'
    '"INTL.44-1-SUN-QBTU.A","        Production (quad Btu)","55.1","56.3","",""\n'
)


def test_eia_country_rows_with_their_indicator_rows(ws, tmp_path):
    summary = run_import(ws, write(tmp_path, "INT-Export-02-17-2023_10-42-09.csv", EIA_COUNTRIES))
    assert summary.layout == "eia"
    rows = exported(ws, tmp_path)
    china = one(rows, place="China", indicator="Total energy — Production", period="1980")
    assert (float(china["value"]), china["unit"], china["indicator_code"]) == (17.3, "Quad Btu", "INTL.44-1-CHN-QBTU.A")
    gas = one(rows, place="China", indicator="Natural gas — Dry natural gas production", period="2020")
    assert (float(gas["value"]), gas["unit"]) == (6883.9, "bcf")
    assert float(one(rows, place="Russia", indicator="Total energy — Production", period="2021")["value"]) == 62.3
    # the Soviet Union is itself, never Russia
    ussr = one(rows, place="Former U.S.S.R.", period="1981")
    assert float(ussr["value"]) == 56.3
    # '--', 'NA', '(s)', 'W', '…', '-' and blank: no row, never 0
    assert len(rows) == 2 + 3 + 3 + 2 + 2 + 2     # China ×4 indicators, Russia, the U.S.S.R.
    assert not [r for r in rows if float(r["value"]) == 0]


def test_eia_indicator_row_with_its_countries_keeps_aggregates(ws, tmp_path):
    text = ("Report generated on: 02-17-2023 10:42:09\n"
            '"API","","2020","2021"\n'
            '"","Dry natural gas production (bcf)","",""\n'
            '"INTL.26-1-WORL-BCF.A","    World","139786.2","145238.3"\n'
            '"INTL.26-1-ASOC-BCF.A","        Asia & Oceania","22104.8","NA"\n'
            '"INTL.26-1-CHN-BCF.A","            China","6883.9","7337.6"\n'
            '"INTL.26-1-RUS-BCF.A","            Russia","24975.2","26722.4"\n')
    run_import(ws, write(tmp_path, "INT-Export.csv", text))
    rows = exported(ws, tmp_path)
    assert {r["place"] for r in rows} == {"World", "Asia & Oceania", "China", "Russia"}
    assert {r["indicator"] for r in rows} == {"Dry natural gas production"}
    assert float(one(rows, place="Russia", period="2021")["value"]) == 26722.4
    assert one(rows, place="China", period="2020")["place_code"] == "CHN"
    assert one(rows, place="World", period="2020")["place_code"] == ""


def test_eia_rows_of_figures_before_any_heading_are_refused(ws, tmp_path):
    text = ('"API","","2020","2021"\n'
            '"INTL.26-1-CHN-BCF.A","    Dry natural gas production (bcf)","6883.9","7337.6"\n')
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, write(tmp_path, "INT-Export.csv", text))
    assert "row 2, column name (country or indicator): expected an indicator name" in str(exc.value)
    assert dump(ws) == before


def test_eia_unknown_heading_above_figures_is_refused_not_guessed(ws, tmp_path):
    """A heading that is neither a known country nor a group of indicators, in a file without
    indentation: the figures under it could belong to it or to the country above: refused."""
    text = ('"","","","2020","2021"\n'
            '"","China","",,\n'
            '"","Nuclear","Million Kw",31.4,33.5\n'
            '"","Zorblandia","",,\n'
            '"","Nuclear","Million Kw",1.0,2.0\n')
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, write(tmp_path, "International_data.csv", text))
    assert "row 5" in str(exc.value)
    assert dump(ws) == before


def test_eia_country_indicator_unit_table(ws, tmp_path):
    text = ("API,Country,Indicator,Unit,2020,2021\n"
            "INTL.44-1-CHN-QBTU.A,China,Total energy production,quad Btu,37.1,--\n"
            "INTL.44-1-RUS-QBTU.A,Russia,Total energy production,quad Btu,60.1,62.3\n"
            "INTL.44-1-WORL-QBTU.A,World,Total energy production,quad Btu,NA,621.8\n")
    summary = run_import(ws, write(tmp_path, "eia_table.csv", text))
    assert summary.layout == "eia_table"
    rows = exported(ws, tmp_path)
    assert len(rows) == 4
    assert (float(one(rows, place="China", period="2020")["value"]), one(rows, place="China", period="2020")["unit"]) \
        == (37.1, "Quad Btu")
    assert one(rows, place="World", period="2021")["publisher"] == EIA


# -- FAOSTAT: the real website downloads -----------------------------------------------------
def test_faostat_download_real_file_values_china_mainland_and_aggregate_apart(ws, tmp_path):
    summary = run_import(ws, FIXTURES / "FAOSTAT_data_en_1-5-2023.csv")
    assert (summary.dataset, summary.layout) == ("indicators", "faostat")
    rows = exported(ws, tmp_path)
    mainland = one(rows, place="China", indicator="Cassava, fresh — Production", period="2020")
    assert (float(mainland["value"]), mainland["unit"], mainland["flag"]) == (4951826.0, "t", "E")
    assert mainland["publisher"] == "FAO, FAOSTAT"
    # FAO's "China" (mainland + Hong Kong + Macao + Taiwan, coded CHN in this download) is its own place
    aggregate = [r for r in rows if r["place"].startswith("China (FAO aggregate")
                 and r["indicator"] == "Cassava, fresh — Production" and r["period"] == "2020"]
    assert [float(r["value"]) for r in aggregate] == [4960074.0]
    # FAO's "China, Taiwan Province of" (TWN) lands under the one ISO name every publisher's Taiwan gets
    taiwan = one(rows, place="Taiwan", indicator="Cassava, fresh — Area harvested", period="2020")
    assert (float(taiwan["value"]), taiwan["unit"], taiwan["flag"], taiwan["place_code"]) == (388.0, "ha", "A", "TWN")
    # CPC code with its leading zero and its dot, kept as text
    assert mainland["indicator_code"] == "01520.01/5510"
    # flag M ("missing value") with value 0: no row, never 0
    assert not [r for r in rows if r["place"] == "Cook Islands"]
    assert summary.rows_read == 24 and summary.added == 21


def test_faostat_download_with_m49_codes_and_note_column(ws, tmp_path):
    summary = run_import(ws, FIXTURES / "FAOSTAT1_india_wheat.csv")
    assert summary.layout == "faostat"
    rows = exported(ws, tmp_path)
    wheat = one(rows, place="India", indicator="Wheat — Production", period="2024")
    assert (float(wheat["value"]), wheat["unit"], wheat["place_code"]) == (113292368.0, "t", "356")
    assert float(one(rows, place="India", indicator="Wheat — Yield", period="1961")["value"]) == 850.7


# -- FAOSTAT: the bulk files (built from the documented layouts) -----------------------------
NORMALIZED = (
    '"Area Code","Area Code (M49)","Area","Item Code","Item Code (CPC)","Item","Element Code","Element",'
    '"Year Code","Year","Unit","Value","Flag","Note"\n'
    '41,"\'156","China, mainland",15,"\'0111","Wheat",5510,"Production",2021,2021,"t",136946000,"A",""\n'
    '41,"\'156","China, mainland",15,"\'0111","Wheat",5312,"Area harvested",2021,2021,"ha",23567000,"A",""\n'
    '351,"\'159","China",15,"\'0111","Wheat",5510,"Production",2021,2021,"t",136950000,"A",""\n'
    '185,"\'643","Russian Federation",15,"\'0111","Wheat",5510,"Production",2021,2021,"t",76057258,"E","est."\n'
    '185,"\'643","Russian Federation",15,"\'0111","Wheat",5510,"Production",2022,2022,"t",0,"M",""\n'
    '185,"\'643","Russian Federation",125,"\'01520.01","Cassava, fresh",5510,"Production",2021,2021,"t",,"",""\n'
    '228,"\'810","USSR",15,"\'0111","Wheat",5510,"Production",1990,1990,"t",101888000,"A",""\n'
    '5000,"\'001","World",15,"\'0111","Wheat",5510,"Production",2021,2021,"t",770877000,"A",""\n'
)


def test_faostat_bulk_normalized(ws, tmp_path):
    summary = run_import(ws, write(tmp_path, "Production_Crops_Livestock_E_All_Data_(Normalized).csv",
                                   NORMALIZED, "latin-1"))
    assert summary.layout == "faostat"
    rows = exported(ws, tmp_path)
    china = one(rows, place="China", indicator="Wheat — Production", period="2021")
    assert (float(china["value"]), china["unit"], china["place_code"], china["indicator_code"]) == \
        (136946000.0, "t", "156", "0111/5510")
    assert (float(one(rows, place="China", indicator="Wheat — Area harvested", period="2021")["value"]),
            one(rows, place="China", indicator="Wheat — Area harvested", period="2021")["unit"]) == (23567000.0, "ha")
    aggregate = one(rows, place="China (FAO aggregate: mainland, Hong Kong, Macao, Taiwan)", period="2021")
    assert float(aggregate["value"]) == 136950000.0
    russia = one(rows, place="Russia", indicator="Wheat — Production", period="2021")
    assert (float(russia["value"]), russia["flag"], russia["description"]) == (76057258.0, "E", "est.")
    assert float(one(rows, place="USSR", period="1990")["value"]) == 101888000.0
    assert one(rows, place="World", period="2021")["value"]
    # flag M with 0, and a blank value: no row
    assert not [r for r in rows if r["period"] == "2022" or r["indicator"].startswith("Cassava")]
    assert len(rows) == 6


def test_faostat_bulk_wide_with_flag_and_note_columns(ws, tmp_path):
    text = ("Area Code,Area Code (M49),Area,Item Code,Item Code (CPC),Item,Element Code,Element,Unit,"
            "Y2020,Y2020F,Y2020N,Y2021,Y2021F,Y2021N\n"
            "41,'156,\"China, mainland\",15,'0111,Wheat,5510,Production,t,134250000,A,,136946000,E,\n"
            "351,'159,China,15,'0111,Wheat,5510,Production,t,134254000,A,,136950000,A,\n"
            "185,'643,Russian Federation,15,'0111,Wheat,5510,Production,t,85896326,A,,0,M,\n"
            "185,'643,Russian Federation,1062,'0231,\"Hen eggs in shell, fresh\",5513,Production,1000 No,"
            "44900000,X,,,,\n")
    summary = run_import(ws, write(tmp_path, "Production_Crops_Livestock_E_All_Data.csv", text))
    assert summary.layout == "faostat_wide"
    rows = exported(ws, tmp_path)
    c20 = one(rows, place="China", indicator="Wheat — Production", period="2020")
    c21 = one(rows, place="China", indicator="Wheat — Production", period="2021")
    assert (float(c20["value"]), c20["flag"], float(c21["value"]), c21["flag"]) == (134250000.0, "A", 136946000.0, "E")
    assert float(one(rows, place="China (FAO aggregate: mainland, Hong Kong, Macao, Taiwan)",
                     period="2021")["value"]) == 136950000.0
    # Russia 2021 flagged M (missing) with 0: no row, never 0
    assert [r["period"] for r in rows if r["place"] == "Russia" and r["indicator"] == "Wheat — Production"] == ["2020"]
    eggs = one(rows, place="Russia", indicator="Hen eggs in shell, fresh — Production", period="2020")
    assert (eggs["unit"], eggs["flag"], eggs["indicator_code"]) == ("1000 No", "X", "0231/5513")


# -- missing-value markers in every indicator layout -----------------------------------------
MARKERS = [":", "..", "--", "NA", "…", "-", "x", "n/a"]

LAYOUT_FILES = {
    "owid": ("owid.csv", "Entity,Code,Year,Trade (% of GDP)\nChina,CHN,2020,34.5\nChina,CHN,2021,{m}\n"),
    "wdi": ("API_wdi.csv", '"Country Name","Country Code","Indicator Name","Indicator Code","2020","2021",\n'
                           '"China","CHN","Trade (% of GDP)","NE.TRD.GNFS.ZS","34.5","{m}",\n'),
    "eurostat_tsv": ("estat_teina200.tsv", "unit,geo\\time\t2020 \t2021 \nPC_GDP,EL\t34.5 \t{m} \n"),
    "faostat": ("FAOSTAT_data_en.csv", "Area Code (M49),Area,Item Code (CPC),Item,Element Code,Element,Year,Unit,Value,Flag\n"
                                       "156,\"China, mainland\",0111,Wheat,5510,Production,2020,t,34.5,A\n"
                                       "156,\"China, mainland\",0111,Wheat,5510,Production,2021,t,{m},A\n"),
    "eia": ("INT-Export.csv", '"API","","2020","2021"\n"","China","",""\n'
                              '"INTL.44-1-CHN-QBTU.A","    Production (quad Btu)","34.5","{m}"\n'),
    "nbs": ("nbs.csv", "数据库：年度数据\n指标,2021年,2020年\n国内生产总值(亿元),{m},34.5\n"),
}


@pytest.mark.parametrize("layout", sorted(LAYOUT_FILES))
@pytest.mark.parametrize("marker", MARKERS)
def test_missing_marker_makes_no_row_in_every_indicator_layout(ws, tmp_path, layout, marker):
    name, text = LAYOUT_FILES[layout]
    summary = run_import(ws, write(tmp_path, name, text.replace("{m}", marker)))
    assert summary.layout == layout
    assert ws.execute("SELECT value, period FROM indicators").fetchall() == [(34.5, "2020")]


def test_table_of_years_with_no_sign_of_eia_is_not_credited_to_eia(ws, tmp_path):
    """The browser's blank-header form (``,"","2020",…``) with no EIA preamble or INTL. code: the
    rows are read the same way, but no publisher is invented for them."""
    text = ('"","","2020","2021"\n"","China","",""\n"","    Production (quad Btu)","34.5","35.1"\n')
    run_import(ws, write(tmp_path, "pivot.csv", text))
    assert ws.execute("SELECT DISTINCT publisher FROM indicators").fetchall() == [(None,)]
    text = "Report generated on: 02-17-2023 10:42:09\n" + text
    run_import(ws, write(tmp_path, "INT-Export.csv", text))
    assert ws.execute("SELECT count(*) FROM indicators WHERE publisher = ?", (EIA,)).fetchone()[0] == 2


def test_faostat_months_and_extra_dimensions(ws, tmp_path):
    """Producer prices come per month (Months Code 7001–7012) and as an annual value (7021); a
    dimension the layout does not know (Source) is part of the indicator, never merged."""
    text = ("Domain Code,Domain,Area Code (M49),Area,Element Code,Element,Item Code (CPC),Item,Year Code,Year,"
            "Months Code,Months,Unit,Value,Flag,Flag Description\n"
            'PP,Producer Prices,156,"China, mainland",5532,Producer Price (USD/tonne),0111,Wheat,2021,2021,'
            "7003,March,USD,384.2,A,Official figure\n"
            'PP,Producer Prices,156,"China, mainland",5532,Producer Price (USD/tonne),0111,Wheat,2021,2021,'
            "7021,Annual value,USD,390.5,A,Official figure\n")
    run_import(ws, write(tmp_path, "FAOSTAT_data_en_pp.csv", text))
    assert values(ws) == [("china", "Wheat — Producer Price (USD/tonne)", "2021-03", 384.2, "USD", "A"),
                          ("china", "Wheat — Producer Price (USD/tonne)", "2021", 390.5, "USD", "A")]
    text = ("Area Code,Area Code (M49),Area,Item Code,Item,Element Code,Element,Source Code,Source,"
            "Year Code,Year,Unit,Value,Flag\n"
            "185,'643,Russian Federation,5058,Enteric Fermentation,7225,Emissions (CH4),3050,FAO TIER 1,"
            "2020,2020,kt,2043.5,E\n"
            "185,'643,Russian Federation,5058,Enteric Fermentation,7225,Emissions (CH4),3050,UNFCCC,"
            "2020,2020,kt,1890.2,A\n")
    run_import(ws, write(tmp_path, "Emissions_livestock_E_All_Data_(Normalized).csv", text))
    assert values(ws, "place = 'russia'") == [
        ("russia", "Enteric Fermentation — Emissions (CH4) (Source: FAO TIER 1)", "2020", 2043.5, "thousand t", "E"),
        ("russia", "Enteric Fermentation — Emissions (CH4) (Source: UNFCCC)", "2020", 1890.2, "thousand t", "A")]


def test_eia_countries_indented_under_their_region_each_keep_their_figures(ws, tmp_path):
    text = ("Report generated on: 02-17-2023 10:42:09\n"
            '"API","","2020","2021"\n'
            '"","World","",""\n'
            '"INTL.44-1-WORL-QBTU.A","    Production (quad Btu)","600.1","621.8"\n'
            '"","    Asia & Oceania","",""\n'
            '"INTL.44-1-ASOC-QBTU.A","        Production (quad Btu)","200.2","210.3"\n'
            '"","        China","",""\n'
            '"INTL.44-1-CHN-QBTU.A","            Production (quad Btu)","140.4","150.5"\n')
    run_import(ws, write(tmp_path, "INT-Export.csv", text))
    assert values(ws, "period = '2021'") == [("World", "Production", "2021", 621.8, "Quad Btu", None),
                                             ("Asia & Oceania", "Production", "2021", 210.3, "Quad Btu", None),
                                             ("china", "Production", "2021", 150.5, "Quad Btu", None)]


def test_eia_series_of_another_country_under_a_heading_are_refused(ws, tmp_path):
    """An indented heading nobody can tell from a group ('Zorblandia'): its rows' codes name
    another country than the heading above; giving them to that country would be wrong: refused."""
    text = ('"API","","2020","2021"\n'
            '"","China","",""\n'
            '"INTL.44-1-CHN-QBTU.A","    Production (quad Btu)","140.4","150.5"\n'
            '"","    Zorblandia","",""\n'
            '"INTL.44-1-ZOR-QBTU.A","        Production (quad Btu)","1.4","1.5"\n')
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, write(tmp_path, "INT-Export.csv", text))
    assert "row 5" in str(exc.value)
    assert dump(ws) == before


def test_eia_2019_country_without_figures_under_an_indicator_is_no_heading(ws, tmp_path):
    text = ('"International_data"\n"Source: U.S. Energy Information Administration"\n'
            ',,,2015,2016\n'
            '"","Nuclear","Million Kw"\n'
            '"","Aruba","Million Kw"\n'
            '"","China","Million Kw",26.774,31.384\n')
    run_import(ws, write(tmp_path, "International_data.csv", text))
    assert values(ws) == [("china", "Nuclear", "2015", 26.774, "GW", None), ("china", "Nuclear", "2016", 31.384, "GW", None)]
