"""UN Comtrade (classic, Plus) and China Customs (GACC) files imported as published, read back
as the Trade pane's export and its commodity stack."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from explorer.data.trade_series import commodity_stack
from explorer.data.trade_rollups import commodity_rollup
from explorer.data.units import Rates
from tests.data.import_helpers import dump, exported, write

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-files"


def stored(conn) -> list[tuple]:
    return conn.execute("SELECT reporter, partner, flow, commodity, period, period_precision, value, unit "
                        "FROM trade_figures ORDER BY source_row").fetchall()


# -- the real files (../shared/real-files, values from SOURCES.md) --------------------------
REAL_VALUES = [
    ("comtradeplus_TradeData_CHN_imports_2022.csv", "comtrade", [
        ("China", "Russia", "import", "H6:TOTAL", "2022", 114148970877.0),
        ("China", "Russia", "export", "H6:TOTAL", "2022", 76122649188.0),
        ("Germany", "Russia", "import", "H6:TOTAL", "2022", 31196875828.693)]),
    ("comtrade_legacy_CHN_S4_2015.csv", "comtrade_classic", [
        ("China", "Russia", "import", "S4:03", "2015", 1171565296.0),
        ("China", "Russia", "import", "S4:00", "2015", 21302670.0),
        ("China", "Russia", "export", "S4:01", "2015", 20224844.0)]),
    ("comtrade_legacy_subset_USA_CHN_H5_2017.csv", "comtrade_classic", [
        ("United States", "China", "import", "H5:61", "2017", 14889974580.0),
        ("United States", "China", "export", "H5:27", "2017", 8572094620.0),
        ("United States", "China", "import", "H5:85", "2017", 1.50044e11)]),
]


@pytest.mark.skipif(not REAL.exists(), reason="the real files are kept beside the project")
@pytest.mark.parametrize("name, layout, expected", REAL_VALUES, ids=[r[0] for r in REAL_VALUES])
def test_real_comtrade_file_gives_the_published_values_in_the_export(ws, tmp_path, name, layout, expected):
    summary = run_import(ws, REAL / name)
    assert (summary.dataset, summary.layout) == ("trade", layout)
    rows = [r for r in exported(ws, tmp_path, "trade") if r["document"] == name]
    for reporter, partner, flow, commodity, period, value in expected:
        found = [r for r in rows if (r["reporter"], r["partner"], r["flow"], r["commodity"], r["period"])
                 == (reporter, partner, flow, commodity, period)]
        assert len(found) == 1, (reporter, partner, flow, commodity, period)
        assert float(found[0]["value"]) == value
        assert found[0]["unit"] == "USD"
        assert found[0]["original_source"] == "UN Comtrade"


@pytest.mark.skipif(not REAL.exists(), reason="the real files are kept beside the project")
def test_sitc_codes_keep_their_leading_zeros_and_descriptions(ws):
    run_import(ws, REAL / "comtrade_legacy_CHN_S4_2015.csv")
    codes = {c for (c,) in ws.execute("SELECT DISTINCT commodity FROM trade_figures")}
    assert {"S4:00", "S4:01", "S4:09"} <= codes and not {"S4:0", "S4:1", "0", "1"} & codes
    (description,) = ws.execute("SELECT DISTINCT description FROM trade_figures WHERE commodity = 'S4:00'").fetchone()
    assert description == "Live animals other than animals of division 03"


# -- small files for each layout's variants ---------------------------------------------
PLUS_HEADER = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
               "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,classificationCode,cmdCode,cmdDesc,"
               "aggrLevel,isLeaf,primaryValue,isAggregate\n")


def test_plus_api_csv_with_blank_iso_and_names_resolves_countries_from_numeric_codes(ws, tmp_path):
    path = write(tmp_path, "api.csv", PLUS_HEADER
                 + "C,A,20230101,2023,52,2023,842,,,M,,643,,,H6,270900,,6,True,3159813913.0,False\n"
                 + "C,A,20230101,2023,52,2023,156,,,X,,496,,,H6,040891,,6,True,1200.5,False\n"
                 + "C,A,20230101,2023,52,2023,156,,,X,,0,,,H6,040891,,6,True,9999.0,True\n")
    summary = run_import(ws, path)
    assert (summary.layout, summary.added) == ("comtrade", 3)
    assert stored(ws) == [
        ("United States", "russia", "import", "H6:270900", "2023", "year", 3159813913.0, "USD"),
        ("china", "Mongolia", "export", "H6:040891", "2023", "year", 1200.5, "USD"),
        ("china", "World", "export", "H6:040891", "2023", "year", 9999.0, "USD")]
    assert summary.unknown_places == {}          # countries ISO names and the world are no unknowns


def test_plus_monthly_file_has_month_precision(ws, tmp_path):
    path = write(tmp_path, "monthly.csv", PLUS_HEADER
                 + "C,M,20220101,2022,1,202201,156,CHN,China,M,Import,643,RUS,Russian Federation,H6,27,"
                   "Mineral fuels,2,False,5000000000,False\n"
                 + "C,M,20220201,2022,2,202202,156,CHN,China,M,Import,643,RUS,Russian Federation,H6,27,"
                   "Mineral fuels,2,False,5100000000,False\n")
    run_import(ws, path)
    assert [r[3:6] for r in stored(ws)] == [("H6:27", "2022-01", "month"), ("H6:27", "2022-02", "month")]


def test_plus_website_download_latin1_all_quoted_with_a_trailing_comma(ws, tmp_path):
    head = PLUS_HEADER.rstrip("\n")
    line = ('"C","A","20220101","2022","52","2022","156","CHN","China","M","Import","384","CIV",'
            '"Côte d\'Ivoire","H6","TOTAL","All Commodities","0","false","42016266","true",')
    summary = run_import(ws, write(tmp_path, "TradeData.csv", f"{head}\r\n{line}\r\n", "latin-1"))
    assert summary.added == 1
    assert stored(ws) == [("china", "Côte d'Ivoire", "import", "H6:TOTAL", "2022", "year", 42016266.0, "USD")]


def test_the_classification_is_part_of_the_commodity_and_codes_stay_text(ws, tmp_path):
    # SITC 01 and HS 01 of the same pair, flow and year are two figures, not one given twice
    path = write(tmp_path, "classic.csv",
                 "Classification,Year,Trade Flow,Reporter,Partner,Commodity Code,Commodity,Trade Value (US$)\n"
                 "S4,2015,Export,China,Russian Federation,01,Meat and meat preparations,100\n"
                 "H5,2015,Export,China,Russian Federation,01,Animals; live,200\n"
                 "H5,2015,Export,China,Russian Federation,040891,Birds' eggs,300\n"
                 "H5,2015,Export,China,Russian Federation,1,Animals; live (zero lost upstream),400\n")
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, path)
    # 'H5' code 1 is HS 01 whose leading zero a spreadsheet dropped: the same figure as row 3
    assert "row 5" in exc.value.report() and "row 3" in exc.value.report()
    path.write_text(path.read_text().rsplit("H5,2015,Export,China,Russian Federation,1,", 1)[0])
    run_import(ws, path)
    assert [r[3] for r in stored(ws)] == ["S4:01", "H5:01", "H5:040891"]


def test_plus_xlsx_download_with_numbers_and_booleans_in_cells(ws, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(PLUS_HEADER.strip().split(","))
    sheet.append(["C", "A", 20220101, 2022, 52, 2022, 156, "CHN", "China", "M", "Import", 643, "RUS",
                  "Russian Federation", "H6", "2709", "Petroleum oils, crude", 4, True, 58371234567.0, False])
    wb.save(tmp_path / "TradeData.xlsx")
    run_import(ws, tmp_path / "TradeData.xlsx")
    assert stored(ws) == [("china", "russia", "import", "H6:2709", "2022", "year", 58371234567.0, "USD")]


def test_total_and_codes_shown_with_their_parts_are_not_stacked_on_them(ws, tmp_path):
    path = write(tmp_path, "nested.csv", PLUS_HEADER
                 + "".join(f"C,A,2022,2022,52,2022,156,CHN,China,M,Import,643,RUS,Russia,H6,{code},d,1,False,{v},False\n"
                           for code, v in (("TOTAL", 1000), ("27", 600), ("2701", 100), ("2709", 500), ("44", 50))))
    run_import(ws, path)
    stack = commodity_stack(commodity_rollup(ws), "USD", Rates({}))
    assert sorted(label for label, _ in stack.groups) == ["H6:2701", "H6:2709", "H6:44"]
    assert stack.total(2022) == pytest.approx(650e-9)          # USD bn, never 1000 + 600 + 650


GACC = ('"数据年月","商品编码","商品名称","贸易伙伴编码","贸易伙伴名称","贸易方式编码","贸易方式名称",'
        '"注册地编码","注册地名称","第一数量","第一计量单位","第二数量","第二计量单位","美元",\r\n'
        '"202301","27011100","无烟煤","344","Hong Kong，China","10","一般贸易","23","黑龙江省",'
        '"1,200","千克","?","?","1,234,567",\r\n'
        '"202301","27011100","无烟煤","143","俄罗斯联邦","10","一般贸易","23","黑龙江省",'
        '"3,000","千克","?","?","2,000,000",\r\n'
        '"202301","27011100","无烟煤","143","俄罗斯联邦","33","边境小额贸易","23","黑龙江省",'
        '"10","千克","?","?","45,000",\r\n')


def test_gacc_export_without_a_flow_is_refused_asking_for_it_once(ws, tmp_path):
    path = write(tmp_path, "customs.csv", GACC, "gbk")
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, path)
    report = exc.value.report()
    assert "flow" in report and "--set flow=import" in report and report.count("flow=import") == 1
    assert dump(ws) == before


def test_gacc_export_with_the_flow_given(conn, tmp_path):
    path = write(tmp_path, "customs.csv", GACC, "gbk")
    summary = run_import(conn, path, mapping={"constants": {"flow": "import"}})
    assert (summary.layout, summary.added) == ("gacc", 3)
    rows = stored(conn)
    assert [(r[1], r[2], r[3], r[4], r[6], r[7]) for r in rows] == [
        ("Hong Kong", "import", "HS:27011100 · 一般贸易", "2023-01", 1234567.0, "USD"),
        ("russia", "import", "HS:27011100 · 一般贸易", "2023-01", 2000000.0, "USD"),
        ("russia", "import", "HS:27011100 · 边境小额贸易", "2023-01", 45000.0, "USD")]
    # the province the goods were registered in reports the figure (not China as a whole)
    assert {r[0] for r in rows} == {"heilongjiang"}


def test_world_as_a_partner_is_not_added_to_the_partners_it_sums(ws, tmp_path):
    from explorer.data.filters import Filter

    lines = [("0", "W00", "World", "27", 1000), ("643", "RUS", "Russia", "27", 600), ("496", "MNG", "Mongolia", "27", 400),
             ("0", "W00", "World", "44", 70)]          # HS 44 given for the world only: drawn as given
    path = write(tmp_path, "world.csv", PLUS_HEADER + "".join(
        f"C,A,2022,2022,52,2022,156,CHN,China,M,Import,{code},{iso},{name},H6,{cmd},d,2,False,{v},False\n"
        for code, iso, name, cmd, v in lines))
    run_import(ws, path)
    assert ws.execute("SELECT DISTINCT partner FROM trade_figures WHERE commodity = 'H6:27' AND value = 1000"
                      ).fetchone() == ("World",)
    from explorer.data.trade_rollups import commodity_rollup_is_quick

    assert commodity_rollup_is_quick(ws, Filter()) and not commodity_rollup_is_quick(ws, Filter(facets={"status": ["actual"]}))
    for flt in (Filter(), Filter(facets={"status": ["actual"]})):     # the rollup table, and the exact sum
        stack = commodity_stack(commodity_rollup(ws, flt), "USD", Rates({}))
        assert {label: totals[2022] for label, totals in stack.groups} == pytest.approx(
            {"H6:27": 1000e-9, "H6:44": 70e-9}), flt


def test_gacc_english_export_in_yuan_with_the_flow_and_period_given(conn, tmp_path):
    path = write(tmp_path, "customs_en.csv",
                 '"Commodity code","Commodity name","Trading partner code","Trading partner name",'
                 '"Trade mode name","Registration place name","RMB",\r\n'
                 '"02032900","Frozen pork","143","Russian Federation","General trade","黑龙江省","12,345,678",\r\n'
                 '"02032900","Frozen pork","446","Macao，China","General trade","黑龙江省","?",\r\n')
    with pytest.raises(ImportRejected) as exc:
        run_import(conn, path, mapping={"constants": {"flow": "export"}})
    assert "--set period=" in exc.value.report()
    summary = run_import(conn, path, mapping={"constants": {"flow": "export", "period": "2023/01"}})
    assert (summary.layout, summary.added) == ("gacc", 1)            # '?': nothing there, no row
    assert [r[1:] for r in stored(conn)] == [
        ("russia", "export", "HS:02032900 · General trade", "2023-01", "month", 12345678.0, "CNY")]


def test_classic_monthly_file_and_plus_file_with_only_year_and_month(ws, tmp_path):
    classic = write(tmp_path, "classic_m.csv",
                    "Classification,Year,Period,Period Desc.,Trade Flow Code,Trade Flow,Reporter Code,Reporter,"
                    "Reporter ISO,Partner Code,Partner,Partner ISO,Commodity Code,Commodity,Trade Value (US$),Flag\n"
                    "H4,2015,201503,March 2015,1,Import,156,China,CHN,643,Russian Federation,RUS,2709,Crude,"
                    "2500000000,0\n")
    run_import(ws, classic)
    plus = write(tmp_path, "plus_m.csv", "freqCode,refYear,refMonth,reporterCode,flowCode,partnerCode,"
                                          "classificationCode,cmdCode,primaryValue\nM,2015,4,156,M,643,H4,2709,2600000000\n")
    run_import(ws, plus)
    assert [r[3:6] for r in stored(ws)] == [("H4:2709", "2015-03", "month"), ("H4:2709", "2015-04", "month")]


def test_a_comtrade_row_without_a_trade_value_makes_no_row(ws, tmp_path):
    path = write(tmp_path, "blank.csv", PLUS_HEADER
                 + "C,A,2022,2022,52,2022,156,CHN,China,M,Import,643,RUS,Russia,H6,27,Fuels,2,False,,False\n"
                 + "C,A,2022,2022,52,2022,156,CHN,China,M,Import,643,RUS,Russia,H6,44,Wood,2,False,0,False\n")
    summary = run_import(ws, path)
    assert summary.added == 1
    assert [(r[3], r[6]) for r in stored(ws)] == [("H6:44", 0.0)]     # a written 0 stays 0


def test_rows_repeating_an_unknown_reporter_each_count_it(ws, tmp_path):
    # the reporter's cells repeat on every row: converted once (the bulk path), counted per row
    rows = "".join(f"C,A,2022,2022,52,2022,999,,Atlantis,M,Import,643,RUS,Russia,H6,{code},Goods,2,False,{v},False\n"
                   for code, v in (("27", 10), ("44", 20), ("72", 30)))
    summary = run_import(ws, write(tmp_path, "atlantis.csv", PLUS_HEADER + rows))
    assert summary.added == 3
    assert summary.unknown_places == {"Atlantis": 3}
    assert [r[:2] for r in stored(ws)] == [("Atlantis", "russia")] * 3


def test_a_bad_period_repeated_on_rows_is_reported_on_each_row(ws, tmp_path):
    rows = "".join(f"C,A,2022,2022,52,2022-13,156,CHN,China,M,Import,643,RUS,Russia,H6,{code},Goods,2,False,5,False\n"
                   for code in ("27", "44"))
    before = dump(ws)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, write(tmp_path, "bad_period.csv", PLUS_HEADER + rows))
    assert [(p.row, p.column, p.found, p.count, p.runs) for p in info.value.problems] == [
        (2, "period", "2022-13", 2, ((2, 3),))]         # one problem, on both rows
    assert dump(ws) == before
