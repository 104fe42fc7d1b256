"""More real publisher files found in public repositories (round PROBE; the table of every
file tried and its outcome is tests/fixtures/import/heldout/PROBE-2026-12-01.md), imported as
published and read back through the panes' export."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from tests.data.import_helpers import dump, exported, exported_imports

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "heldout"
NBS = "National Bureau of Statistics of China"


def trade(rows: list[dict], reporter: str, partner: str, flow: str, commodity: str, period: str) -> list[tuple]:
    """(value, unit, precision, description) of the exported trade rows with this key."""
    return [(r["value"], r["unit"], r["period_precision"], r["description"]) for r in rows
            if (r["reporter"], r["partner"], r["flow"], r["commodity"], r["period"])
            == (reporter, partner, flow, commodity, period)]


def indicator(rows: list[dict], name: str, place: str, period: str) -> list[tuple]:
    """(value, unit, publisher) of the exported indicator rows with this key."""
    return [(r["value"], r["unit"], r["publisher"]) for r in rows
            if (r["indicator"], r["place"], r["period"]) == (name, place, period)]


# -- China NBS: a table turned with the years down the rows under the corner '指标' --------------

def test_nbs_years_down_the_rows_under_an_indicator_corner_are_periods_not_places(ws, tmp_path):
    s = run_import(ws, HELDOUT / "nbs" / "nbs_annual_vehicles_years_down_rows.csv")
    assert (s.layout, s.added) == ("nbs", 5 * 14)
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "民用汽车拥有量", "China", "2023") == [("32911.55", "万辆", NBS)]
    assert indicator(rows, "民用重型载货汽车拥有量", "China", "2021") == [("907.09", "万辆", NBS)]
    assert indicator(rows, "机动车驾驶员人数", "China", "2019") == [("43636.74", "ten thousand persons", NBS)]
    # every row is a year: none of them became a place or an indicator
    assert {r["period"] for r in rows} == {"2019", "2020", "2021", "2022", "2023"}


def test_nbs_turned_table_keeps_each_columns_own_unit(ws, tmp_path):
    s = run_import(ws, HELDOUT / "nbs" / "nbs_annual_accidents_years_down_rows.csv")
    assert (s.layout, s.added) == ("nbs", 9 * 3)
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "交通事故发生数总计", "China", "2015") == [("187781", "起", NBS)]
    assert indicator(rows, "交通事故死亡人数总计", "China", "2015") == [("58022", "persons", NBS)]
    assert indicator(rows, "交通事故直接财产损失总计", "China", "2023") == [("117933", "ten thousand CNY", NBS)]


# -- UN Comtrade classic: a column subset without Reporter and Partner ----------------------------

def test_comtrade_classic_subset_without_reporter_or_partner_asks_for_them_once(ws, tmp_path):
    path = HELDOUT / "comtrade" / "comtrade_classic_subset_no_reporter_partner.csv"
    before = dump(ws)
    with pytest.raises(ImportRejected) as refused:
        run_import(ws, path)
    report = refused.value.report()
    # the file is recognised by its 'Trade Value (US$)': it asks for what it lacks, not for a 'value'
    assert "--set reporter=" in report and "--set partner=" in report
    assert "'value'" not in report
    assert dump(ws) == before
    s = run_import(ws, path, mapping={"constants": {"reporter": "Bangladesh", "partner": "World"}})
    assert (s.layout, s.added) == ("comtrade_classic", 54)
    rows = exported_imports(ws, tmp_path, "trade")
    assert trade(rows, "Bangladesh", "World", "import", "5208", "2012") == [(
        "1447049838", "USD", "year",
        "Woven fabrics of cotton, containing 85% or more by weight of cotton, weighing not more than 200 g/m2")]
    assert trade(rows, "Bangladesh", "World", "export", "5208", "1989") == [(
        "146952", "USD", "year", "Woven cotton fabric, >85% cotton, < 200g/m2")]


# -- World Bank DataBank: the XLSX download ('1970 [YR1970]' columns, '..', a footer) ------------

WDI = "World Bank, World Development Indicators"


def test_databank_xlsx_download_with_year_code_columns_and_its_footer(ws, tmp_path):
    s = run_import(ws, HELDOUT / "worldbank" / "databank_xlsx_YR_columns_Pakistan.xlsx")
    assert s.layout == "wdi"
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "GDP growth", "Pakistan", "1970") == [("11.353461718188456", "annual %", WDI)]
    assert indicator(rows, "Population growth", "Pakistan", "2019") == [("2.02921486315548", "annual %", WDI)]
    # '..' is no figure: 1970 and 2019 have no unemployment row, never a 0
    assert indicator(rows, "Unemployment, total (national estimate)", "Pakistan", "1970") == []
    assert indicator(rows, "Unemployment, total (national estimate)", "Pakistan", "2019") == []
    # the footer ('Data from database: …', 'Last Updated: …') is no place
    assert {r["place"] for r in rows} == {"Pakistan"}


def test_wdi_series_with_a_qualifier_after_its_unit_keeps_both(ws, tmp_path):
    """'Unemployment, total (% of total labor force) (national estimate)' was stored with no unit:
    the last bracket qualifies the series, the one before it is the unit."""
    run_import(ws, HELDOUT / "worldbank" / "databank_xlsx_YR_columns_Pakistan.xlsx")
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "Unemployment, total (national estimate)", "Pakistan", "1971") == [
        ("2.08999991416931", "% of total labor force", WDI)]
    assert indicator(rows, "Unemployment, total (national estimate)", "Pakistan", "2018") == [
        ("4.08319997787476", "% of total labor force", WDI)]


# -- Eurostat bulk TSV (2023+): flags after the values, ':' with or without a flag --------------

def test_eurostat_tsv_keeps_flags_and_leaves_out_not_available(ws, tmp_path):
    s = run_import(ws, HELDOUT / "eurostat" / "env_wasmun.tsv")
    # 10 lines × 15 years, less the 18 ':' cells
    assert (s.layout, s.added) == ("eurostat_tsv", 132)
    rows = exported_imports(ws, tmp_path, "indicators")
    got = {(r["indicator"], r["place"], r["period"], r["unit"]): (r["value"], r["flag"]) for r in rows}
    assert got[("env_wasmun: wst_oper=DSP_I", "Germany", "2010", "thousand t")] == ("10534", "i")
    assert got[("env_wasmun: wst_oper=DSP_I", "Poland", "2013", "thousand t")] == ("203", "be")
    assert got[("env_wasmun: wst_oper=DSP_I", "France", "2024", "kg per person")] == ("1", "ep")
    assert got[("env_wasmun: wst_oper=DSP_L_OTH", "Sweden", "2013", "kg per person")] == ("3", "")
    # ':' is not available: no row (never 0); EU27_2020 stays an aggregate, not a country
    assert ("env_wasmun: wst_oper=DSP_I", "EU27_2020", "2023", "thousand t") not in got
    assert got[("env_wasmun: wst_oper=DSP_I", "EU27_2020", "2024", "thousand t")] == ("1399", "i")
    # a line of ':' with a few zeros: the zeros are figures, the ':' are not
    assert sorted(k[2] for k in got if k[1] == "North Macedonia") == ["2011", "2022", "2023"]


# -- FAOSTAT bulk CSV with M49 area codes and CPC item codes ---------------------------------------

def test_faostat_official_zero_is_kept_and_flag_m_is_no_figure(ws, tmp_path):
    s = run_import(ws, HELDOUT / "faostat" / "faostat_QCL_Ukraine_M49_CPC.csv")
    assert (s.layout, s.added) == ("faostat", 9)
    rows = exported_imports(ws, tmp_path, "indicators")
    got = {(r["indicator"], r["period"]): (r["value"], r["unit"], r["flag"], r["indicator_code"])
           for r in rows if r["place"] == "Ukraine"}
    assert got[("Wheat — Production", "2022")] == ("20729240", "t", "A", "0111/5510")
    assert got[("Almonds, in shell — Area harvested", "2015")] == ("0", "ha", "A", "01371/5312")
    assert got[("Blueberries — Yield", "2014")] == ("4666.7", "kg/ha", "X", "01355.01/5412")
    assert got[("Asses — Stocks", "2015")] == ("11937", "An", "I", "02132/5111")
    # flag M ('Missing value (data cannot exist, not applicable)') written as 0: no figure
    assert not any(k[0].startswith("Castor oil seeds") for k in got)


# -- UN Comtrade Plus: the XLSX download cut to a few columns, 'Fobvalue' and no 'primaryValue' --

def test_comtrade_plus_selected_columns_with_fob_value_for_exports(ws, tmp_path):
    """'RefYear,ReporterCode,…,CmdCode,CmdDesc,Fobvalue' was refused as a file of no subject."""
    s = run_import(ws, HELDOUT / "comtrade" / "comtradeplus_NZL_exports_HS2_selected_columns_Fobvalue.xlsx")
    assert (s.layout, s.added) == ("comtrade", 16)
    rows = exported_imports(ws, tmp_path, "trade")
    assert trade(rows, "New Zealand", "China", "export", "02", "2018") == [
        ("1381350480.619", "USD", "year", "Meat and edible meat offal")]
    assert trade(rows, "New Zealand", "Russia", "export", "03", "2023") == [
        ("241332.485", "USD", "year", "Fish and crustaceans, molluscs and other aquatic invertebrates")]
    # Russia has no meat line in 2023: nothing is made up for it
    assert trade(rows, "New Zealand", "Russia", "export", "02", "2023") == []


def test_comtrade_plus_import_row_without_its_cif_column_is_refused_not_valued_at_fob(ws, tmp_path):
    path = tmp_path / "TradeData.csv"
    path.write_text("RefYear,ReporterCode,ReporterISO,ReporterDesc,FlowDesc,PartnerCode,PartnerISO,PartnerDesc,"
                    "CmdCode,CmdDesc,Fobvalue\n"
                    "2018,554,NZL,New Zealand,Export,156,CHN,China,02,Meat,1381350480.619\n"
                    "2018,554,NZL,New Zealand,Import,156,CHN,China,02,Meat,5000\n", encoding="utf-8")
    before = dump(ws)
    with pytest.raises(ImportRejected) as refused:
        run_import(ws, path)
    assert "row 3, column value" in refused.value.report()
    assert dump(ws) == before


# -- Global Energy Monitor: the hydropower tracker's map data (UTF-16, binational plants) ---------

def energy(rows: list[dict], asset: str) -> list[tuple]:
    """(from_place, value, unit, date, asset_status, description) of an asset's exported figures."""
    return [(r["from_place"], r["value"], r["unit"], r["date"], r["asset_status"], r["description"])
            for r in rows if r["asset"] == asset]


def test_gem_hydropower_map_data_utf16_with_binational_plants(ws, tmp_path):
    s = run_import(ws, HELDOUT / "gem" / "gem_hydropower_map_data_utf16_binational.csv")
    assert (s.layout, s.added) == ("gem_tracker", 19)
    rows = exported_imports(ws, tmp_path, "energy")
    assert energy(rows, "Bratsk hydroelectric plant") == [
        ("Russia", "4500", "MW", "1961", "operating", "GEM id G603266")]
    assert energy(rows, "Artset hydroelectric plant") == [
        ("Mongolia", "118", "MW", "", "cancelled", "GEM id G604213")]
    # on the China–North Korea border: 630 MW, 315 MW each side. The whole 630 MW under China
    # would count North Korea's half as China's: the place is left open, both sides are named
    assert energy(rows, "Shuifeng hydroelectric plant") == [
        ("", "630", "MW", "1941", "operating", "GEM id G604115; binational: China 315 MW, North Korea 315 MW")]
    assert not [r for r in rows if r["from_place"] == "China" and r["asset"].startswith(("Shuifeng", "Yunfeng"))]


# -- China NBS: the .xls exports -----------------------------------------------------------------

def exported_xls(conn, tmp_path: Path) -> list[dict]:
    """The Indicators pane's exported rows that an import of an .xls workbook added."""
    return [r for r in exported(conn, tmp_path, "indicators") if r.get("document", "").endswith(".xls")]


def test_nbs_xls_with_years_written_as_numbers(ws, tmp_path):
    """'指标,2023,2022,…,1978' (the year cells numbers, as a workbook saved again in Excel keeps
    them) was refused: 'expected a year or period, found '''."""
    s = run_import(ws, HELDOUT / "nbs" / "nbs_annual_index_years_as_numbers.xls")
    assert (s.layout, s.added) == ("nbs", 6 * 46)
    rows = exported_xls(ws, tmp_path)
    assert indicator(rows, "国内生产总值指数", "China", "2023") == [("4713.5", "1978年=100", NBS)]
    assert indicator(rows, "国民总收入指数", "China", "2000") == [("751", "1978年=100", NBS)]
    assert indicator(rows, "人均国内生产总值指数", "China", "1978") == [("100", "1978年=100", NBS)]
    assert {r["period"] for r in rows} == {str(y) for y in range(1978, 2024)}


def test_nbs_xls_annual_energy_with_blank_cells_and_source_line(ws, tmp_path):
    s = run_import(ws, HELDOUT / "nbs" / "nbs_annual_energy_consumption.xls")
    # 14 indicators × 10 years, less the 21 cells not yet published
    assert (s.layout, s.added) == ("nbs", 119)
    rows = exported_xls(ws, tmp_path)
    assert indicator(rows, "能源消费总量", "China", "2024") == [("596000", "万吨标准煤", NBS)]
    assert indicator(rows, "煤炭占能源消费总量的比重", "China", "2015") == [("63.8", "%", NBS)]
    assert indicator(rows, "天然气消费量", "China", "2022") == [("3746.95", "hundred million m3", NBS)]
    # a blank cell is no figure, never 0
    assert indicator(rows, "天然气消费量", "China", "2024") == []
    assert indicator(rows, "石油占能源消费总量的比重", "China", "2024") == []


def test_nbs_xls_quarterly_constant_prices_with_a_two_line_note(ws, tmp_path):
    s = run_import(ws, HELDOUT / "nbs" / "nbs_quarterly_constant_price_GDP.xls")
    assert (s.layout, s.added) == ("nbs", 8 * 18)
    rows = exported_xls(ws, tmp_path)
    assert indicator(rows, "国内生产总值(不变价)当季值", "China", "2020-Q1") == [
        ("183669.3", "hundred million CNY", NBS)]
    assert indicator(rows, "国内生产总值(不变价)累计值", "China", "2019-Q4") == [
        ("891646.1", "hundred million CNY", NBS)]
    # the note's second line ('　　　2.三次产业分类…') is no indicator
    assert all(not r["indicator"].lstrip("\u3000").startswith("2.") for r in rows)


# -- UN Comtrade: rows by mode of transport, customs procedure and second partner ---------------

def test_comtrade_rows_by_mode_of_transport_are_parts_not_the_same_figure_twice(ws, tmp_path):
    """The classic-format download from Comtrade Plus repeats a commodity's row by mode of
    transport ('Sea' beside 'All MOTs'), customs procedure and second partner: the file was
    refused as giving the same figure twice. Each breakdown is its own series."""
    s = run_import(ws, HELDOUT / "comtrade" / "comtrade_classic_from_plus_by_mode_of_transport_and_2nd_partner.csv")
    assert (s.layout, s.added) == ("comtrade_classic", 10)
    rows = exported_imports(ws, tmp_path, "trade")
    cement = "Cement clinkers (whether or not coloured)"
    assert trade(rows, "China", "World", "export", "H5:252310", "2020") == [("11540631", "USD", "year", cement)]
    assert trade(rows, "China", "World", "import", "H5:252310", "2020") == [("1344089413", "USD", "year", cement)]
    assert trade(rows, "Comoros", "World", "import", "H2:252310", "2012") == [("406139", "USD", "year", cement)]
    assert trade(rows, "Comoros", "World", "import", "H2:252310 · Sea", "2012") == [("406139", "USD", "year", cement)]
    assert trade(rows, "United Kingdom", "World", "import", "H5:252310 · 2nd partner China", "2020") == [
        ("97897", "USD", "year", cement)]
    assert trade(rows, "United Kingdom", "World", "foreign import", "H5:252310 · Sea · 2nd partner China", "2020") == [
        ("97897", "USD", "year", cement)]
    assert trade(rows, "Azerbaijan", "World", "import", "H4:252310 · Clearance for home use", "2015") == [
        ("4784443", "USD", "year", cement)]
    assert trade(rows, "Azerbaijan", "World", "import", "H4:252310", "2015") == [("4784443", "USD", "year", cement)]


def test_comtrade_plus_rows_of_every_mode_and_procedure_keep_their_commodity_as_it_is(ws, tmp_path):
    """A Plus download's total rows (motCode 0, customsCode C00, partner2Code 0) are the
    commodity itself, with nothing added to its key."""
    run_import(ws, HELDOUT / "comtrade" / "comtradeplus_THA_imports_H4_8542_2014-2016.csv")
    rows = exported_imports(ws, tmp_path, "trade")
    assert rows and {r["commodity"] for r in rows} == {"H4:8542"}
