"""Eurostat (bulk TSV old and 2023+, SDMX-CSV, Data Browser XLSX) and China NBS (data.stats.gov.cn)
files imported as published into the indicators dataset, read back as the pane's export."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from tests.data.import_helpers import dump, exported, one_like, write

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-files"


# -- the real files (../shared/real-files, values from SOURCES.md) --------------------------
def test_eurostat_bulk_tsv_real_file(ws, tmp_path):
    summary = run_import(ws, REAL / "eurostat_teina200.tsv")
    assert (summary.dataset, summary.layout) == ("indicators", "eurostat_tsv")
    rows = exported(ws, tmp_path)
    uk = one_like(rows, place_code="UK", period="2014", unit="million EUR")
    assert (float(uk["value"]), uk["indicator"], uk["publisher"]) == (-128395.3, "teina200", "Eurostat")
    greece = one_like(rows, place_code="EL", period="2013", unit="% of GDP")
    assert float(greece["value"]) == -12.4
    assert greece["place"] == "Greece"                   # EL is Eurostat's code for Greece (ISO GR)
    assert float(one_like(rows, place_code="DE", period="2014", unit="million EUR")["value"]) == 8931.0
    # PC_GDP,NO 2003 is ':' in the file: no row, never 0
    assert not [r for r in rows if r["place_code"] == "NO" and r["period"] == "2003" and "GDP" in r["unit"]]


def test_eurostat_data_browser_workbook_imports_every_data_sheet(ws, tmp_path):
    summary = run_import(ws, REAL / "eurostat_nrg_ti_gas_custom_2437435.xlsx")
    assert summary.layout == "eurostat_xlsx"
    rows = exported(ws, tmp_path)
    gas_from_russia = "(SIEC): Natural gas; Geopolitical entity (partner): Russia"
    lng_from_russia = "(SIEC): Liquefied natural gas; Geopolitical entity (partner): Russia"
    assert float(one_like(rows, place="Germany", period="2020", indicator=gas_from_russia)["value"]) == 2045449.486
    assert float(one_like(rows, place="Italy", period="2017", indicator=gas_from_russia)["value"]) == 1261410.152
    finland = one_like(rows, place="Finland", period="2020", indicator=lng_from_russia)   # sheet 3
    assert float(finland["value"]) == 5717
    assert finland["unit"].startswith("TJ") and finland["indicator_code"] == "nrg_ti_gas"
    # EU-28 2020 is ':' on every sheet: no row, never 0; the legend under the table is not data
    assert not [r for r in rows if "28 countries" in r["place"] and r["period"] == "2020"]
    assert not [r for r in rows if r["place"] in (":", "Special value")]
    assert len({r["indicator"] for r in rows}) == 4


def test_nbs_provincial_export_in_gbk_with_the_indicator_in_the_preamble(ws, tmp_path):
    summary = run_import(ws, REAL / "nbs_分省年度数据_GBK.csv")
    assert summary.layout == "nbs"
    rows = exported(ws, tmp_path)
    heilongjiang = one_like(rows, place="黑龙江省", period="2024")
    assert (float(heilongjiang["value"]), heilongjiang["indicator"], heilongjiang["unit"]) == (
        3029, "年末常住人口", "ten thousand persons")
    assert heilongjiang["place_code"] == "CN-HL"         # ISO 3166-2, from pycountry's Chinese names
    assert float(one_like(rows, place="内蒙古自治区", period="2015")["value"]) == 2440
    assert float(one_like(rows, place="吉林省", period="2020")["value"]) == 2399
    assert not [r for r in rows if r["place"].startswith(("注", "数据来源"))]     # footnotes are not data
    assert len(rows) == 31 * 10


def test_nbs_national_export_with_units_in_the_row_labels(ws, tmp_path):
    run_import(ws, REAL / "nbs_年度数据_utf8.csv")
    rows = exported(ws, tmp_path)
    gdp = one_like(rows, indicator="国内生产总值", period="2024", unit="hundred million CNY")
    assert gdp["indicator"] == "国内生产总值" and float(gdp["value"]) == 1349083.5
    assert gdp["place"] == "China" and gdp["publisher"] == "National Bureau of Statistics of China"
    assert float(one_like(rows, indicator="国民总收入", period="2023")["value"]) == 1283680.3
    per_head = one_like(rows, indicator="人均国内生产总值", period="2024")
    assert (float(per_head["value"]), per_head["unit"]) == (95749, "CNY")


# -- Eurostat variants ---------------------------------------------------------------------
def test_eurostat_2023_tsv_with_flags_missing_values_and_more_dimensions(ws, tmp_path):
    path = write(tmp_path, "estat_nama_10_gdp.tsv",
                 "freq,unit,na_item,geo\\TIME_PERIOD\t2021 \t2022 \t2023 \n"
                 "A,MIO_EUR,B1GQ,DE\t3617450.0 \t3876810.0 p\t: \n"
                 "A,MIO_EUR,P6,DE\t1700000.0 \t628 e\t:c \n"
                 "A,PC_GDP,B1GQ,EU27_2020\t100.0 \t100.0 \t: \n")
    run_import(ws, path)
    rows = exported(ws, tmp_path)
    flagged = one_like(rows, indicator="na_item=P6", period="2022")
    assert (float(flagged["value"]), flagged["flag"], flagged["unit"]) == (628, "e", "million EUR")
    assert one_like(rows, indicator="na_item=B1GQ", place="Germany", period="2022")["flag"] == "p"
    # ':' and ':c' (confidential) are not available: no row for 2023 at all, never 0
    assert not [r for r in rows if r["period"] == "2023"]
    assert one_like(rows, place="EU27_2020", period="2021")["indicator"] == "nama_10_gdp: na_item=B1GQ"
    assert len(rows) == 6


def test_eurostat_tsv_quarterly_and_monthly_periods(ws, tmp_path):
    quarterly = write(tmp_path, "q.tsv", "unit,geo\\time\t2020Q1 \t2020Q2 \nPC,FR\t1.5 \t-13.2 \n")
    monthly = write(tmp_path, "m.tsv", "freq,unit,geo\\TIME_PERIOD\t2024-01 \t2024M02 \nM,PC,IT\t0.8 \t0.9 \n")
    run_import(ws, quarterly)
    run_import(ws, monthly)
    rows = {(r["place"], r["period"]): r["value"] for r in exported(ws, tmp_path)}
    assert rows == {("France", "2020-Q1"): "1.5", ("France", "2020-Q2"): "-13.2",
                    ("Italy", "2024-01"): "0.8", ("Italy", "2024-02"): "0.9"}


def test_eurostat_sdmx_csv(ws, tmp_path):
    path = write(tmp_path, "teina200_sdmx.csv",
                 "DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
                 "ESTAT:TEINA200(1.0),22/04/24 23:00:00,A,MIO_EUR,UK,2014,-128395.3,\n"
                 "ESTAT:TEINA200(1.0),22/04/24 23:00:00,A,PC_GDP,EL,2013,-12.4,p\n"
                 "ESTAT:TEINA200(1.0),22/04/24 23:00:00,A,PC_GDP,NO,2003,,\n"
                 "ESTAT:TEINA200(1.0),22/04/24 23:00:00,Q,PC_GDP,NO,2003-Q2,:,c\n")
    summary = run_import(ws, path)
    assert summary.layout == "eurostat_sdmx"
    rows = exported(ws, tmp_path)
    uk = one_like(rows, place_code="UK", period="2014")
    assert (float(uk["value"]), uk["unit"], uk["indicator"]) == (-128395.3, "million EUR", "teina200")
    greece = one_like(rows, place_code="EL")
    assert (float(greece["value"]), greece["flag"], greece["unit"]) == (-12.4, "p", "% of GDP")
    assert len(rows) == 2                                   # the empty and ':' observations make no row
    # the same series from the bulk TSV is the same indicator: its values are already there
    tsv = write(tmp_path, "teina200.tsv", "unit,geo\\time\t2014 \nMIO_EUR,UK\t-128395.3 \n")
    assert (run_import(ws, tsv).added, len(exported(ws, tmp_path))) == (0, 2)


def test_eurostat_value_that_is_not_a_number_is_refused_and_nothing_written(ws, tmp_path):
    path = write(tmp_path, "bad.tsv", "unit,geo\\time\t2020 \t2021 \nMIO_EUR,DE\t12.5 \tabout 13 \n")
    before = dump(ws)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, path)
    assert info.value.report().splitlines() == [
        "bad.tsv: row 2, column 2021: expected a number (like 1234.5, 1 234,5 or 12%), found 'about 13'"]
    assert dump(ws) == before


# -- NBS variants ----------------------------------------------------------------------------
def test_nbs_quarterly_gbk_export_with_preamble_and_missing_markers(ws, tmp_path):
    path = write(tmp_path, "季度数据.csv",
                 "数据库：季度数据\n时间：最近6季度\n"
                 "指标,2022年第二季度,2022年第一季度,2021年第四季度\n"
                 "国内生产总值当季值(亿元),292464.1,270178,--\n"
                 "第一产业增加值当季值(亿元),…,10954.4,\n"
                 "注：本表按现价计算。\n数据来源：国家统计局\n", encoding="gbk")
    run_import(ws, path)
    rows = exported(ws, tmp_path)
    q1 = one_like(rows, indicator="国内生产总值当季值", period="2022-Q1")
    assert (float(q1["value"]), q1["unit"], q1["place"]) == (270178, "hundred million CNY", "China")
    assert {(r["indicator"], r["period"]) for r in rows} == {
        ("国内生产总值当季值", "2022-Q2"), ("国内生产总值当季值", "2022-Q1"), ("第一产业增加值当季值", "2022-Q1")}


def test_nbs_monthly_periods(ws, tmp_path):
    path = write(tmp_path, "月度数据.csv", "数据库：月度数据\n指标,2021年6月,2021年5月\n"
                                         "居民消费价格指数(上年同月=100),101.1,101.3\n")
    run_import(ws, path)
    rows = {(r["indicator"], r["period"], r["unit"]): r["value"] for r in exported(ws, tmp_path)}
    assert rows == {("居民消费价格指数", "2021-06", "上年同月=100"): "101.1",
                    ("居民消费价格指数", "2021-05", "上年同月=100"): "101.3"}


def test_nbs_regions_as_columns_with_time_down_the_rows(ws, tmp_path):
    path = write(tmp_path, "分省年度数据.csv", "数据库：分省年度数据\n指标：地区生产总值(亿元)\n时间：最近3年\n"
                                            "时间,北京市,内蒙古自治区\n2024年,49843.1,26314.6\n2023年,43760.7,x\n")
    run_import(ws, path)
    rows = exported(ws, tmp_path)
    beijing = one_like(rows, place="北京市", period="2024")
    assert (float(beijing["value"]), beijing["indicator"], beijing["unit"], beijing["place_code"]) == (
        49843.1, "地区生产总值", "hundred million CNY", "CN-BJ")
    assert len(rows) == 3                                     # 'x' is not available: no row


def test_nbs_indicators_as_columns_for_one_region(ws, tmp_path):
    path = write(tmp_path, "nbs.csv", "数据库：分省年度数据\n地区：黑龙江省\n时间：最近2年\n"
                                      "时间,年末常住人口（万人）,地区生产总值(亿元)\n2024年,3029,16476.9\n")
    run_import(ws, path)
    rows = exported(ws, tmp_path)
    population = one_like(rows, indicator="年末常住人口")
    assert (population["place"], population["place_code"], population["unit"], float(population["value"])) == (
        "黑龙江省", "CN-HL", "ten thousand persons", 3029)
    assert one_like(rows, indicator="地区生产总值")["unit"] == "hundred million CNY"


def test_cli_imports_an_nbs_file_with_no_mapping(bundled_path, tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, "年度数据.csv", "数据库：年度数据\n指标,2024年\n国内生产总值(亿元),1349083.5\n", encoding="gbk")
    out = subprocess.run([sys.executable, "-m", "explorer", "--db", str(tmp_path / "ws.sqlite"), "import", str(path)],
                         capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert "indicators (nbs layout" in out.stdout and "added 1," in out.stdout


def data_browser_workbook(path: Path, sheets: dict[str, tuple[str, list[list]]]) -> Path:
    """A Data Browser export: Summary, Structure, then one sheet per selection, each with its
    preamble (the partner fixed in it), the TIME header, 'GEO (Labels)' and the legend."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Summary"
    book.active.append(["Imports of natural gas by partner country [NRG_TI_GAS]"])
    book.create_sheet("Structure").append(["Structure"])
    for title, (partner, rows) in sheets.items():
        ws = book.create_sheet(title)
        for row in (["Data extracted on 05/04/2022 00:04:25 from [ESTAT]"],
                    ["Dataset: ", "Imports of natural gas by partner country [NRG_TI_GAS]"], [],
                    ["Geopolitical entity (partner)", None, partner],
                    ["Unit of measure", None, "Terajoule (gross calorific value - GCV)"], [],
                    ["TIME", "2020", "2021"], ["GEO (Labels)", "", ""], *rows, [],
                    ["Special value"], [":", "not available"]):
            ws.append(row)
    book.save(path)
    return path


def test_eurostat_workbook_sheets_keep_their_own_preamble(ws, tmp_path):
    path = data_browser_workbook(tmp_path / "custom.xlsx", {
        "Sheet 1": ("Russia", [["Germany (until 1990 former territory of the FRG)", 10.5, ":"]]),
        "Sheet 2": ("Norway", [["Germany (until 1990 former territory of the FRG)", 20.25, 30]]),
    })
    run_import(ws, path)
    rows = {(r["place"], r["indicator"].rsplit(": ", 1)[-1], r["period"]): (r["value"], r["unit"])
            for r in exported(ws, tmp_path)}
    unit = "TJ (gross calorific value - GCV)"
    assert rows == {("Germany", "Russia", "2020"): ("10.5", unit), ("Germany", "Norway", "2020"): ("20.25", unit),
                    ("Germany", "Norway", "2021"): ("30", unit)}


def test_eurostat_workbook_bad_value_names_its_sheet_and_row_and_writes_nothing(ws, tmp_path):
    path = data_browser_workbook(tmp_path / "custom.xlsx", {
        "Sheet 1": ("Russia", [["Italy", 1.5, 2]]),
        "Sheet 2": ("Total", [["Italy", 3, "n/k"]]),
    })
    before = dump(ws)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, path)
    assert info.value.report().splitlines() == [
        "custom.xlsx: row 9 of sheet 'Sheet 2', column 2021: expected a number (like 1234.5, 1 234,5 or 12%), "
        "found 'n/k'"]
    assert dump(ws) == before


def test_eurostat_workbook_one_sheet_asked_for(ws, tmp_path):
    run_import(ws, REAL / "eurostat_nrg_ti_gas_custom_2437435.xlsx", sheet="Sheet 3")
    rows = exported(ws, tmp_path)
    assert {r["indicator"].rsplit("; ", 1)[-1] for r in rows} == {"Geopolitical entity (partner): Russia"}
    assert float(one_like(rows, place="Finland", period="2020")["value"]) == 5717


def test_eurostat_sdmx_csv_2_with_labels(ws, tmp_path):
    path = write(tmp_path, "sdmx2.csv",
                 "STRUCTURE,STRUCTURE_ID,ACTION,freq: Time frequency,unit: Unit of measure,"
                 "geo: Geopolitical entity (reporting),TIME_PERIOD: Time,OBS_VALUE,OBS_FLAG: Observation flag\n"
                 "dataflow,ESTAT:NAMA_10_GDP(1.0),I,A: Annual,MIO_EUR: Million euro,DE: Germany,2022,3876810.0,"
                 "p: provisional\n")
    run_import(ws, path)
    row, = exported(ws, tmp_path)
    assert (row["place"], row["indicator"], row["unit"], row["value"], row["flag"]) == (
        "Germany", "nama_10_gdp", "million EUR", "3876810", "p")


def test_nbs_cumulative_periods_and_the_national_total_row(ws, tmp_path):
    path = write(tmp_path, "nbs.csv", "数据库：分省季度数据\n指标：地区生产总值累计值(亿元)\n"
                                      "地区,2022年1-3季度,2022年第一季度\n全国,870269,270178\n北京市,30431,9852\n"
                                      "数据来源：国家统计局\n")
    run_import(ws, path)
    rows = {(r["place"], r["period"]): r["value"] for r in exported(ws, tmp_path)}
    assert rows == {("China", "2022-Q1/2022-Q3"): "870269", ("China", "2022-Q1"): "270178",
                    ("北京市", "2022-Q1/2022-Q3"): "30431", ("北京市", "2022-Q1"): "9852"}
