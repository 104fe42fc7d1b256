"""More publisher layouts, read back as the Indicators pane's export: the Energy Institute's
consolidated dataset (panel and narrow CSV), EIA API v2 tables; and the .xls reader reading a
zero shown as a dash and a Rosstat unit standing in column B."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from tests.data.import_helpers import dump, exported, exported_imports, one, write

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
PANEL = FIXTURES / "ei_eia_gem" / "bp-stats-review-2022-consolidated-dataset-panel-format.csv"
BP_2022 = "bp, Statistical Review of World Energy 2022"
EIA_INTL = "U.S. Energy Information Administration, International Energy Statistics"


# -- the Statistical Review's consolidated dataset ------------------------------------------
def test_consolidated_panel_gives_one_indicator_per_variable_with_its_unit(ws, tmp_path):
    summary = run_import(ws, PANEL)
    assert (summary.dataset, summary.layout) == ("indicators", "energy_institute_panel")
    rows = exported(ws, tmp_path)
    gas = one(rows, place="China", indicator="gasprod_bcm", period="2021")
    assert (float(gas["value"]), gas["unit"], gas["place_code"], gas["publisher"]) == (
        209.212881, "bcm", "CHN", BP_2022)
    assert float(one(rows, place="Russia", indicator="gasprod_bcm", period="2021")["value"]) == 701.6674041
    oil = one(rows, place="China", indicator="oilprod_kbd", period="2021")
    assert (float(oil["value"]), oil["unit"]) == (3993.966384, "thousand bbl/d")
    assert one(rows, place="China", indicator="pop", period="2021")["unit"] == "million persons"
    assert one(rows, place="China", indicator="co2_mtco2", period="2021")["unit"] == "Mt CO2"
    assert one(rows, place="China", indicator="coalprod_ej", period="2021")["unit"] == "EJ"
    # a variable whose name gives no unit is not stored, and the summary says so
    assert not [r for r in rows if r["indicator"] == "primary_eintensity"]
    assert "primary_eintensity" in summary.ignored_columns


def test_consolidated_panel_aggregates_stay_aggregates(ws, tmp_path):
    run_import(ws, PANEL)
    rows = exported(ws, tmp_path)
    world = one(rows, place="Total World", indicator="gasprod_bcm", period="2021")
    assert (float(world["value"]), world["place_code"]) == (4036.882776, "")
    other = one(rows, place="Other Asia Pacific", indicator="gasprod_bcm", period="2021")
    assert (float(other["value"]), other["place_code"]) == (26.60667513, "")
    assert one(rows, place="Total OECD", indicator="co2_mtco2", period="2021")["place_code"] == ""
    # the Soviet Union is itself (ISO's former code), never Russia
    assert {r["place"] for r in rows if r["place_code"] == "SUN"} == {"USSR"}
    # a blank cell is no figure: Russia's 1985 gas production is a row, its blank 1985 CO2 none
    assert float(one(rows, place="Russia", indicator="gasprod_bcm", period="1985")["value"]) == 424.8812242
    assert not [r for r in rows if r["place"] == "Russia" and r["period"] == "1985" and r["indicator"] == "co2_mtco2"]


NARROW_HEADER = "Country,Year,ISO3166_alpha3,ISO3166_numeric,Region,SubRegion,OPEC,EU,OECD,CIS,Var,Value\n"


def test_consolidated_narrow_reads_the_variable_of_each_row(ws, tmp_path):
    text = (NARROW_HEADER
            + "China,2021,CHN,156,Asia Pacific,Asia Pacific,0,0,0,0,gasprod_bcm,209.212881\n"
            + "Total World,2021,WLD,,,,,,,,gasprod_bcm,4036.882776\n"
            + "Other Asia Pacific,2021,O-AP,,,,,,,,oilprod_kbd,\n"
            + "China,2021,CHN,156,Asia Pacific,Asia Pacific,0,0,0,0,primary_eintensity,6.168559607\n"
            + "China,2021,CHN,156,Asia Pacific,Asia Pacific,0,0,0,0,oilprod_kbd,3993.966384\n")
    summary = run_import(ws, write(tmp_path, "EI-stats-review-2024-consolidated-dataset-narrow-format.csv", text))
    assert summary.layout == "energy_institute_narrow"
    rows = exported(ws, tmp_path)
    assert len(rows) == 3          # the blank value and the variable with no unit make no row
    gas = one(rows, place="China", indicator="gasprod_bcm")
    assert (float(gas["value"]), gas["unit"], gas["publisher"]) == (
        209.212881, "bcm", "Energy Institute, Statistical Review of World Energy 2024")
    assert one(rows, place="Total World")["place_code"] == ""
    assert float(one(rows, indicator="oilprod_kbd")["value"]) == 3993.966384
    assert any("primary_eintensity" in c for c in summary.ignored_columns)


# -- EIA API v2 ------------------------------------------------------------------------------
V2_INTERNATIONAL = (
    "period,productId,productName,activityId,activityName,countryRegionId,countryRegionName,"
    "countryRegionTypeId,countryRegionTypeName,dataFlagId,dataFlagDescription,unit,unitName,value\n"
    "2022,26,Dry natural gas,1,Production,CHN,China,c,country,,,BCM,billion cubic meters,221.7760254\n"
    "2022,26,Dry natural gas,1,Production,RUS,Russia,c,country,,,BCM,billion cubic meters,618.4\n"
    "2022,26,Dry natural gas,1,Production,WORL,World,r,region,,,BCM,billion cubic meters,4049.5\n"
    '2021,26,Dry natural gas,1,Production,PRK,"Korea, North",c,country,,,BCM,billion cubic meters,--\n'
    "2022,57,Crude oil including lease condensate,1,Production,CHN,China,c,country,,,TBPD,"
    "thousand barrels per day,4111.2\n"
    "2022,57,Crude oil including lease condensate,1,Production,GLP,Guadeloupe,c,country,,,TBPD,"
    "thousand barrels per day,ie\n"
    "2022,57,Crude oil including lease condensate,1,Production,OECD,OECD,r,region,,,TBPD,"
    "thousand barrels per day,NA\n"
    "2022,57,Crude oil including lease condensate,1,Production,BHR,Bahrain,c,country,,,TBPD,"
    "thousand barrels per day,(s)\n"
    "2022,57,Crude oil including lease condensate,1,Production,QAT,Qatar,c,country,,,TBPD,"
    "thousand barrels per day,W\n")


def test_eia_api_v2_international_rows_give_the_published_values(ws, tmp_path):
    summary = run_import(ws, write(tmp_path, "eia_international_data.csv", V2_INTERNATIONAL))
    assert (summary.dataset, summary.layout) == ("indicators", "eia_api_v2")
    rows = exported(ws, tmp_path)
    china = one(rows, place="China", indicator="Dry natural gas — Production", period="2022")
    assert (float(china["value"]), china["unit"], china["place_code"], china["publisher"]) == (
        221.7760254, "bcm", "CHN", EIA_INTL)
    assert china["indicator_code"] == "INTL.26-1-CHN-BCM.A"      # the series code of EIA's browser and API v1
    oil = one(rows, place="China", indicator="Crude oil including lease condensate — Production")
    assert (float(oil["value"]), oil["unit"]) == (4111.2, "thousand bbl/d")
    # a region's code names an aggregate, never a country's
    assert one(rows, place="World")["place_code"] == ""
    # '--', 'NA', 'ie' (insufficient data), '(s)' (under half the unit) and 'W' (withheld) make no row, never 0
    assert len(rows) == 4
    assert not [r for r in rows if float(r["value"]) == 0]


def test_eia_api_v2_table_saved_from_pandas_with_its_row_index(ws, tmp_path):
    lines = V2_INTERNATIONAL.splitlines()
    text = "\n".join([",".join(["", lines[0]])] + [f"{i},{line}" for i, line in enumerate(lines[1:])]) + "\n"
    summary = run_import(ws, write(tmp_path, "eia_international.csv", text))
    assert summary.layout == "eia_api_v2"
    rows = exported(ws, tmp_path)
    assert float(one(rows, place="Russia", indicator="Dry natural gas — Production")["value"]) == 618.4
    assert len(rows) == 4


def test_eia_api_v2_route_with_series_description_and_units(ws, tmp_path):
    text = ("period,duoarea,area-name,product,product-name,process,process-name,series,series-description,"
            "value,units\n"
            "2024-09,NUS,U.S.,EPC0,Crude Oil,FPF,Field Production,MCRFPUS2,"
            "U.S. Field Production of Crude Oil (Thousand Barrels per Day),13215,MBBL/D\n"
            "2024-08,NUS,U.S.,EPC0,Crude Oil,FPF,Field Production,MCRFPUS2,"
            "U.S. Field Production of Crude Oil (Thousand Barrels per Day),13391,MBBL/D\n")
    summary = run_import(ws, write(tmp_path, "eia_petroleum.csv", text))
    assert summary.layout == "eia_api_v2"
    rows = exported(ws, tmp_path)
    sept = one(rows, period="2024-09")
    assert (float(sept["value"]), sept["unit"], sept["indicator"], sept["indicator_code"], sept["place_code"]) == (
        13215.0, "thousand bbl/d", "U.S. Field Production of Crude Oil", "MCRFPUS2", "USA")


def test_eia_api_v2_electricity_and_total_energy_routes(ws, tmp_path):
    """A route's own data column ('sales', its unit in 'sales-units') names what is counted; the
    total-energy route (msn series) is the United States' own."""
    run_import(ws, write(tmp_path, "eia_retail_sales.csv",
                         "period,stateid,stateDescription,sectorid,sectorName,sales,sales-units\n"
                         "2023-12,US,U.S. Total,ALL,all sectors,335012.3,million kilowatthours\n"
                         "2023-12,TX,Texas,ALL,all sectors,35012.3,million kilowatthours\n"))
    run_import(ws, write(tmp_path, "eia_total_energy.csv",
                         "period,msn,seriesDescription,value,unit\n"
                         '2023,TETCBUS,"Total Energy Consumption, Total",93590.683,Trillion Btu\n'))
    rows = exported(ws, tmp_path)
    us = one(rows, place="United States", indicator="sales — all sectors")
    assert (float(us["value"]), us["unit"], us["period"], us["place_code"]) == (335012.3, "GWh", "2023-12", "USA")
    assert float(one(rows, place="Texas")["value"]) == 35012.3
    total = one(rows, indicator="Total Energy Consumption, Total")
    assert (float(total["value"]), total["unit"], total["place"], total["indicator_code"]) == (
        93590.683, "Trillion Btu", "United States", "TETCBUS")


def test_eia_api_v2_broken_value_is_refused_by_row_and_column(ws, tmp_path):
    text = V2_INTERNATIONAL.replace("618.4", "6l8.4")
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, write(tmp_path, "eia_international_data.csv", text))
    assert "row 3" in str(exc.value) and "6l8.4" in str(exc.value)
    assert dump(ws) == before


# -- .xls cells and Rosstat's unit in column B ----------------------------------------------
XLS = FIXTURES / "xls"


def test_rosstat_unit_standing_in_column_b_is_the_tables_unit(ws, tmp_path):
    """innovations_1.xls writes '(процентов)' in column B under the title: the figures are per cent."""
    summary = run_import(ws, XLS / "innovations_1.xls", sheet="1")
    assert summary.text().splitlines()[0].endswith("(rosstat layout, xls)")       # not 'xlsx'
    rows = exported(ws, tmp_path)
    russia = one(rows, place="Russia", period="2010")
    assert (float(russia["value"]), russia["unit"]) == (9.5, "%")
    assert {r["unit"] for r in rows} == {"%"}


def _cpi_with_dash_format(tmp_path: Path) -> Path:
    """The real CPI.xls with its custom number format 164 rewritten as '0;-0;[=0]-' (a zero shown
    as a dash, the Statistical Review's way) and the default cell format (XF 15) pointed at it."""
    data = bytearray((XLS / "CPI.xls").read_bytes())
    at = data.index("yyyy-MM-dd".encode("utf-16-le"))
    data[at:at + 20] = "0;-0;[=0]-".encode("utf-16-le")
    xf_records = [i for i in range(len(data)) if data[i:i + 4] == b"\xe0\x00\x14\x00"]
    data[xf_records[15] + 6:xf_records[15] + 8] = b"\xa4\x00"        # XF 15's format index -> 164
    path = tmp_path / "cpi_dash.xls"
    path.write_bytes(bytes(data))
    return path


def test_xls_zero_shown_as_a_dash_is_read_as_the_dash_not_as_zero(tmp_path):
    from explorer.data.importing.read import detect, iter_records

    rows = dict(iter_records(detect(_cpi_with_dash_format(tmp_path))))
    assert rows[457][4] == "-"           # the cell holds 0; the sheet shows '-': no figure
    assert rows[2][1] == 105.1           # other numbers under the same format are as they are


# -- Global Energy Monitor: the extraction tracker and more map files -----------------------
GEM = FIXTURES / "ei_eia_gem"
GOGET_MAP = GEM / "Oil & Gas Extraction-map-file-2025-02-26_trimmed.csv"
GOGET = "Global Energy Monitor, Global Oil and Gas Extraction Tracker, 2025-02-26"


def test_goget_map_file_each_unit_an_asset_with_its_fuels_production(ws, tmp_path):
    summary = run_import(ws, GOGET_MAP)
    assert (summary.dataset, summary.layout) == ("energy", "gem_extraction_map")
    rows = exported(ws, tmp_path, "energy")
    oil = one(rows, asset="Daqing Oil and Gas Field (China)", measure="production of oil")
    assert (float(oil["value"]), oil["unit"], oil["date"], oil["asset_status"], oil["original_source"]) == (
        221.238458, "million bbl/yr", "2023", "operating", GOGET)
    gas = one(rows, asset="Daqing Oil and Gas Field (China)", measure="production of gas")
    assert (float(gas["value"]), gas["unit"], gas["from_place"]) == (5938.0, "million m3/yr", "China")
    # each fuel's figure keeps its own year (Liaohe: oil 2023, gas 2021)
    assert one(rows, asset="Liaohe Oil and Gas Field (China)", measure="production of gas")["date"] == "2021"
    assert one(rows, asset="Liaohe Oil and Gas Field (China)", measure="production of oil")["date"] == "2023"
    assert float(one(rows, asset="Zapolyarnoye Oil and Gas Field (Russia)")["value"]) == 104823.163
    # GEM's statuses are the asset's lifecycle: decommissioned is retired, shut in idle, in development planned
    assert one(rows, asset="Renqiu Oil and Gas Field (China)")["asset_status"] == "retired"
    assert one(rows, asset="Bacalhau Oil and Gas Field (Brazil)", measure="production of oil")["asset_status"] == "idle"
    assert one(rows, asset="Kharasaveyskoye Oil and Gas Field (Russia)")["asset_status"] == "planned"
    # GEM's total (its sum of the fuels) is not a figure of its own, and the summary says so
    assert not [r for r in rows if "boe" in r["unit"]]
    assert any("production---total" in c for c in summary.ignored_columns)
    # a unit with a status and no figure is an asset all the same (a field in development), with no
    # figure; the second Bacalhau unit (its own GEM id, no figure) is another asset than the first
    new_assets = summary.created["asset"]
    assert {"Dukouhe-Qilibei Oil and Gas Field (China)", "Bacalhau Oil and Gas Field (Brazil) [OG0002761]"} <= set(
        new_assets)
    assert not [r for r in rows if r["asset"].startswith("Dukouhe")]
    assert len([r for r in rows if r["asset"].startswith("Bacalhau")]) == 2     # the first unit's oil and gas
    # a production year GEM did not state: the figure stays, undated, and says what was written
    vareyag = one(rows, asset="Vareyagskoye Oil and Gas Field (Russia)")
    assert (float(vareyag["value"]), vareyag["date"], vareyag["inferred"]) == (
        0.321054, "", "production year as published: 'not stated'")


def test_goget_production_table_one_figure_per_row(ws, tmp_path):
    text = ("Unit ID,Unit name,Production/reserves,Fuel description,Reserves classification (original),"
            "Quantity (original),Units (original),Data year,Quantity (converted),Units (converted)\n"
            "OG0012038,Zapolyarnoye Oil and Gas Field (Russia),production,gas,,104.8,bcm/y,2022,"
            "104823.163,million m³/y\n"
            "OG0012038,Zapolyarnoye Oil and Gas Field (Russia),reserves,gas,remaining recoverable,"
            "2.6,tcm,2021,2600000,million m³\n"
            "OG0012039,Yamburgskoye Oil and Gas Field (Russia),production,oil,,,,2022,,million bbl/y\n")
    summary = run_import(ws, write(tmp_path, "Global-Oil-and-Gas-Extraction-Tracker-Feb-2024.csv", text))
    assert summary.layout == "gem_extraction"
    rows = exported(ws, tmp_path, "energy")
    prod = one(rows, measure="production of gas")
    assert (float(prod["value"]), prod["unit"], prod["date"], prod["original_source"]) == (
        104823.163, "million m3/yr", "2022", "Global Energy Monitor, Global Oil and Gas Extraction Tracker, Feb 2024")
    reserves = one(rows, measure="reserves of gas (remaining recoverable)")
    assert (float(reserves["value"]), reserves["unit"]) == (2600000.0, "million m3")
    assert len(exported_imports(ws, tmp_path, "energy")) == 2     # a row with no quantity: no figure, never 0


def test_gem_coal_terminal_geothermal_and_iron_ore_map_files(ws, tmp_path):
    terminals = run_import(ws, GEM / "Coal Terminals-map-file-2025-01-15_trimmed.csv")
    assert terminals.layout == "gem_tracker"
    rows = exported(ws, tmp_path, "energy")
    caofeidian = one(rows, asset="Caofeidian Huaneng Coal Terminal")
    assert (float(caofeidian["value"]), caofeidian["unit"], caofeidian["asset_status"], caofeidian["original_source"]) == (
        100.0, "Mt", "operating", "Global Energy Monitor, Global Coal Terminals Tracker, 2025-01-15")
    # two phases under one name are two assets, told apart by GEM's ids
    assert {r["asset"] for r in rows if r["asset"].startswith("CLPGX")} == {
        "CLPGX Coal Terminal", "CLPGX Coal Terminal [T01319]"}
    # '*' (GEM's no figure) is no figure: the terminal is described, with no capacity
    assert not [r for r in rows if r["asset"] == "Fuzhou Port Coal Terminal" and r["value"]]
    run_import(ws, GEM / "Geothermal-map-file-2025-03-18_trimmed.csv")
    rows = exported(ws, tmp_path, "energy")
    geo = one(rows, asset="Mutnovskaya GeoPP geothermal power plant")
    assert (float(geo["value"]), geo["unit"], geo["date"]) == (50.0, "MW", "2001")
    run_import(ws, GEM / "giomt-map-data-2024-11-25_trimmed.csv")
    rows = exported(ws, tmp_path, "energy")
    mine = one(rows, asset="Ansteel Anshan East Mine")
    assert (float(mine["value"]), mine["unit"], mine["original_source"]) == (
        7000.0, "thousand t/yr", "Global Energy Monitor, Global Iron Ore Mines Tracker, 2024-11-25")
    assert one(rows, asset="Anhui Fukai Mining Fulaozhuang Mine")["asset_status"] == "mothballed"


@pytest.mark.parametrize("name, text, title", [
    ("bp-stats-review-2022-consolidated-dataset-panel-format.csv", None,
     "Energy Institute Statistical Review consolidated dataset (panel CSV)"),
    ("Oil & Gas Extraction-map-file-2025-02-26_trimmed.csv", None, "Global Energy Monitor extraction tracker map file"),
    ("eia_international_data.csv", V2_INTERNATIONAL, "EIA API v2 data table"),
])
def test_the_wizard_preview_recognises_the_new_layouts_and_stores_their_rows(ws, tmp_path, name, text, title):
    from explorer.data.importing.preview import preview_import

    path = write(tmp_path, name, text) if text else GEM / name
    preview = preview_import(ws, path)
    assert preview.recognised and preview.publisher.startswith(title)
    assert preview.rows_stored > 0 and not list(preview.problems)


def test_gem_coal_mine_tracker_each_mine_an_asset_with_its_capacity(ws, tmp_path):
    """GCMT's columns as its users read them (GEM Mine ID, Country / Area, Mine Name, Status,
    Capacity (Mtpa), …): the capacity is per year, the release is in the file's name."""
    text = ("GEM Mine ID,Country / Area,Mine Name,Status,Capacity (Mtpa),Production (Mtpa),Year of Production,"
            "Opening Year\n"
            "M0001,Russia,Elginskiy Mine,Operating,45,30.1,2023,2011\n"
            "M0003,Mongolia,Tavan Tolgoi Mine,Proposed,,,,TBD\n")
    summary = run_import(ws, write(tmp_path, "Global-Coal-Mine-Tracker-April-2024.csv", text))
    assert summary.layout == "gem_coal_mines"
    rows = exported_imports(ws, tmp_path, "energy")
    mine = one(rows, asset="Elginskiy Mine", measure="design_capacity")
    assert (float(mine["value"]), mine["unit"], mine["date"], mine["asset_status"], mine["status"],
            mine["original_source"]) == (45.0, "Mt/yr", "2011", "operating", "design",
                                         "Global Energy Monitor, Global Coal Mine Tracker, April 2024")
    # its production, dated by its own year, is a figure as published (actual), beside the capacity
    output = one(rows, asset="Elginskiy Mine", measure="production")
    assert (float(output["value"]), output["unit"], output["date"], output["status"]) == (30.1, "Mt/yr", "2023", "actual")
    assert summary.created["asset"] == ["Elginskiy Mine", "Tavan Tolgoi Mine"]
    assert len(rows) == 2              # a proposed mine with no capacity: described, no figure


def test_gem_power_iron_ore_and_steel_map_data_as_published(ws, tmp_path):
    """GEM's oil and gas plant map data ('project,unit,…,capacity,status', MW) with a unit listed twice
    alike (read once); the iron ore mines' '1,200' (GEM writes English numbers) and 'unknown'; the
    steel plants' rows of one plant by status (operating, retired, operating_pre-retirement)."""
    plants = run_import(ws, GEM / "gogpt-map-data-2024-08-29_trimmed.csv")
    assert plants.rows_read == 5 and any("read once" in c for c in plants.ignored_columns)
    rows = exported_imports(ws, tmp_path, "energy")
    astrakhan = one(rows, asset="Astrakhan CHP-2 power station, 1")
    assert (float(astrakhan["value"]), astrakhan["unit"], astrakhan["date"], astrakhan["original_source"]) == (
        80.0, "MW", "1985", "Global Energy Monitor, Global Oil and Gas Plant Tracker, 2024-08-29")
    assert float(one(rows, asset="Equus Freeport power station, 1")["value"]) == 60.0
    run_import(ws, GEM / "giomt-map-data-2024-11-18_trimmed.csv")
    rows = exported_imports(ws, tmp_path, "energy")
    assert float(one(rows, asset="MFE Ouenza Mine")["value"]) == 1200.0
    assert not [r for r in rows if r["asset"] == "Ghoryan Mine"]       # 'unknown' capacity: no figure
    run_import(ws, GEM / "Iron & Steel-map-file-2025-03-19_trimmed.csv")
    rows = exported_imports(ws, tmp_path, "energy")
    anyang = {r["asset"]: (float(r["value"]), r["unit"], r["asset_status"]) for r in rows
              if r["asset"].startswith("Anyang")}
    assert anyang == {"Anyang Iron and Steel Co Ltd": (5950.0, "thousand t/yr", "operating"),
                      "Anyang Iron and Steel Co Ltd (retired)": (1800.0, "thousand t/yr", "retired"),
                      "Anyang Iron and Steel Co Ltd (operating pre-retirement)": (1300.0, "thousand t/yr", "operating")}


def test_gem_one_name_listed_with_two_statuses_and_no_id_is_two_assets(ws, tmp_path):
    """The LNG map file lists Yingkou LNG Terminal twice, under construction and proposed, with no id:
    two assets (the later one named with its status), never one asset given both figures."""
    run_import(ws, GEM / "LNG Terminals-map-file-2024-10-06_Yingkou.csv")
    rows = exported_imports(ws, tmp_path, "energy")
    assert {(r["asset"], r["asset_status"], float(r["value"])) for r in rows} == {
        ("Yingkou LNG Terminal", "construction", 8.43), ("Yingkou LNG Terminal (proposed)", "proposed", 8.43)}


def test_a_tracker_workbook_opening_with_its_about_sheet_is_read_from_its_table_sheet(ws, tmp_path):
    """GEM's workbooks open with an 'About' sheet of text: the default sheet is the first one whose
    header a publisher's layout recognises ('Units'), not the first sheet holding anything."""
    summary = run_import(ws, GEM / "Global-Coal-Plant-Tracker-July-2024_with_About.xlsx")
    assert (summary.dataset, summary.layout) == ("energy", "gem_tracker")
    rows = exported_imports(ws, tmp_path, "energy")
    akesu = one(rows, asset="Akesu power station, Unit 1")
    assert (float(akesu["value"]), akesu["unit"], akesu["asset_status"], akesu["original_source"]) == (
        660.0, "MW", "proposed", "Global Energy Monitor, Global Coal Plant Tracker, July 2024")


def test_gem_regional_download_extraction_sheet_and_iron_ore_standard_workbook(ws, tmp_path):
    """The Africa Energy Tracker download's 'Oil & Gas Extraction' sheet ('Production - Oil (Million
    bbl/y)', 'Production Year - Oil', its 'About' sheet first); the iron ore mines' standard workbook
    ('Asset name (English)', 'Operating status', 'Design capacity (ttpa)', start dates at their own
    precision, a mine opened in 1512 kept as written, not as a date)."""
    africa = run_import(ws, GEM / "Africa-Energy-Tracker-data-July-2024_trimmed.xlsx")
    assert africa.layout == "gem_extraction_map"
    rows = exported_imports(ws, tmp_path, "energy")
    afuo = one(rows, asset="Afuo Oil and Gas Field (Nigeria)", measure="production of gas")
    assert (float(afuo["value"]), afuo["unit"], afuo["date"], afuo["asset_status"]) == (
        12.64561801, "million m3/yr", "2015", "idle")
    assert float(one(rows, asset="Adolo Oil Field (Nigeria)", measure="production of oil")["value"]) == 0.270961
    assert "Orca Oil and Gas Field (Mauritania)" in africa.created["asset"]       # discovered: no figure yet
    mines = run_import(ws, GEM / "Global Iron Ore Mines Tracker - November 2024_trimmed.xlsx")
    assert mines.layout == "gem_tracker"
    rows = exported_imports(ws, tmp_path, "energy")
    atlas = one(rows, asset="Atlas Iron Sanjiv Ridge Mine")
    assert (float(atlas["value"]), atlas["unit"], atlas["date"], atlas["date_precision"], atlas["original_source"]) == (
        5000.0, "thousand t/yr", "2006-04-30", "day", "Global Energy Monitor, Global Iron Ore Mines Tracker, November 2024")
    erzberg = one(rows, asset="Erzberg Mine")
    assert (float(erzberg["value"]), erzberg["date"], erzberg["inferred"]) == (3200.0, "", "start year 1512 as published")


def test_goget_map_file_broken_figure_is_refused_by_row_and_column_and_nothing_is_written(ws, tmp_path):
    text = GOGET_MAP.read_text(encoding="utf-8").replace(",221.238458,2023,", ",22l.238458,2023,")
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, write(tmp_path, GOGET_MAP.name, text))
    assert ("row 3, column production---oil-(million-bbl/y): expected a number (like 1234.5, 1 234,5 or 12%), "
            "found '22l.238458'") in str(exc.value)
    assert dump(ws) == before


def test_gem_row_naming_a_known_asset_with_no_capacity_and_no_status_is_nothing_to_record(ws, tmp_path):
    """The LNG map file lists Wijngaarden–Ewijk Gas Pipeline as operating (capacity '--'), then again
    with neither a capacity nor a status: the import goes through (it used to be refused), the
    pipeline is described once, and the summary says a row had nothing to record."""
    summary = run_import(ws, GEM / "LNG Terminals-map-file-2024-10-06_Wijngaarden.csv")
    assert summary.created["asset"] == ["Wijngaarden–Ewijk Gas Pipeline"]
    assert any("neither a capacity nor a status" in c for c in summary.ignored_columns)
    assert not exported_imports(ws, tmp_path, "energy")          # no figure: GEM gives none
