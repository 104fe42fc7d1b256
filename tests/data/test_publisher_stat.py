"""Statistical workbooks with title rows, imported as published into the indicators dataset and
read back as the Indicators pane's export: the Energy Institute's (formerly bp's) Statistical
Review of World Energy "all data" workbook and Rosstat's tables (tests/fixtures/import/stat,
trimmed from real files: see SOURCE.md there), and small files of each layout's variants."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from explorer.data.importing import ImportRejected, run_import
from tests.data.import_helpers import dump, exported, one

STAT = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "stat"
REVIEW_2024 = STAT / "EI-Stats-Review-All-Data.xlsx"
REVIEW_2020 = STAT / "bp-stats-review-2020-all-data.xlsx"
GRP = STAT / "VRP_s_1998.xlsx"
EI_2024 = "Energy Institute, Statistical Review of World Energy 2024"


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# -- the Statistical Review (real workbooks, trimmed) ------------------------------------------------
def test_review_workbook_imports_every_indicator_sheet_with_the_published_values(ws, tmp_path):
    summary = run_import(ws, REVIEW_2024)
    assert (summary.dataset, summary.layout) == ("indicators", "energy_institute")
    rows = exported(ws, tmp_path)
    gas = one(rows, place="Russia", period="2023", indicator_code="Gas Production - Bcm")
    assert (float(gas["value"]), gas["unit"], gas["indicator"], gas["publisher"]) == (
        586.3821998724187, "bcm", "Natural Gas: Production", EI_2024)
    oil = one(rows, place="China", period="2023", indicator_code="Oil Production - tonnes")
    assert (float(oil["value"]), oil["unit"], oil["indicator"]) == (209.026, "Mt", "Oil: Production")
    energy = one(rows, place="China", period="1985", indicator_code="Primary energy cons - EJ")
    assert (float(energy["value"]), energy["unit"]) == (22.14133584499359, "EJ")
    co2 = one(rows, place="Total World", period="2023", indicator_code="Carbon Dioxide from Energy")
    assert (float(co2["value"]), co2["unit"]) == (35129.79260732874, "Mt CO2")
    assert {r["document"] for r in rows} == {REVIEW_2024.name}
    # the sheet and its row, for the citation (the import's row numbers run on across sheets)
    assert gas["description"] == "sheet 'Gas Production - Bcm', row 12"


def test_review_growth_rate_and_share_columns_are_never_values(ws, tmp_path):
    run_import(ws, REVIEW_2024)
    rows = [r for r in exported(ws, tmp_path) if r["indicator_code"] == "Gas Production - Bcm"]
    russia = [r for r in rows if r["place"] == "Russia"]
    # the header runs 1970 … 2023, then 2023 (growth rate), 2013-23 (growth per annum), 2023 (share)
    assert [r["period"] for r in russia] == [str(y) for y in range(1970, 2024)]
    assert float(one(russia, period="2023")["value"]) == 586.3821998724187
    values = {float(r["value"]) for r in rows}
    assert not values & {-0.05172645437248624, -0.004672149409582049, 0.1444564627314811}
    world = one(rows, place="Total World", period="2023")
    assert float(world["value"]) == 4059.231333681477          # not 1, its share of itself
    assert max(r["period"] for r in rows) == "2023"


def test_review_aggregates_stay_regions_and_footnotes_are_not_rows(ws, tmp_path):
    run_import(ws, REVIEW_2024)
    rows = [r for r in exported(ws, tmp_path) if r["indicator_code"] == "Oil Production - tonnes"]
    places = {r["place"]: r["place_code"] for r in rows}
    for aggregate in ("Total North America", "Total World", "OECD", "Non-OECD", "European Union",
                      "Other S. & Cent. America", "USSR"):
        assert places.get(aggregate) == "", aggregate          # as written, never a country
    assert float(one(rows, place="OECD", period="2023")["value"]) == 1411.173424244487
    assert float(one(rows, place="USSR", period="1965")["value"]) == 242.888
    notes = [p for p in places if p.startswith(("Source", "*", "^", "♦", "n/a", "USSR includes", "Notes", "#"))
             or "Less than" in p]
    assert notes == []


def test_review_sheets_of_other_layouts_are_listed_not_imported(ws, tmp_path):
    summary = run_import(ws, REVIEW_2024)
    left_out = " | ".join(summary.ignored_columns)
    assert "'Spot crude prices'" in left_out and "'Oil trade movements'" in left_out
    assert "'Biofuels production - kboed' rows" in left_out         # its second table, by fuel type
    rows = exported(ws, tmp_path)
    assert not [r for r in rows if r["indicator_code"] in ("Spot crude prices", "Oil trade movements")]
    # Brazil's biofuels come from the first table only (the by-fuel table lists it again)
    brazil = one(rows, place="Brazil", period="2023", indicator_code="Biofuels production - kboed")
    assert float(brazil["value"]) == 454.7235184818928
    assert "Biofuels production - kboed" in summary.text()


def test_review_one_sheet_asked_for_imports_that_sheet_only(ws, tmp_path):
    summary = run_import(ws, REVIEW_2024, sheet="Gas Production - Bcm")
    rows = exported(ws, tmp_path)
    assert {r["indicator_code"] for r in rows} == {"Gas Production - Bcm"}
    assert summary.added == len(rows)
    # the edition is read from the workbook's Contents sheet even when one sheet is imported
    assert {r["publisher"] for r in rows} == {EI_2024}


def test_review_sheet_of_another_layout_asked_for_is_refused_and_nothing_written(ws):
    before = dump(ws)
    with pytest.raises(ImportRejected) as err:
        run_import(ws, REVIEW_2024, sheet="Oil trade movements")
    text = str(err.value)
    assert "Oil trade movements" in text and "Imports" in text and "table of countries by year" in text
    assert dump(ws) == before


def test_review_sheets_under_one_title_and_unit_stay_two_series(ws, tmp_path):
    """2021's 'Carbon Dioxide Emissions' and 'CO2 Excluding Flaring' sheets have one title and
    unit: read as one series, the import was refused as figures given twice."""
    def sheet(first):
        return [["Carbon Dioxide Emissions*"], [None, None, None, "Growth rate per annum", None, "Share"],
                ["Million tonnes of carbon dioxide", 2019, 2020, 2020, "2009-19", 2020],
                ["Russian Federation", first, 1500.2, -0.05, 0.01, 0.047], ["* Note."]]
    path = workbook(tmp_path / "bp-stats-review-2021-all-data.xlsx",
                    {"Contents": [["bp Statistical Review of World Energy 2021"]],
                     "Carbon Dioxide Emissions": sheet(1600.5), "CO2 Excluding Flaring": sheet(1580.25)})
    run_import(ws, path)
    got = sorted((r["indicator"], r["period"], float(r["value"]), r["publisher"]) for r in exported(ws, tmp_path))
    bp = "bp, Statistical Review of World Energy 2021"
    assert got == [("Carbon Dioxide Emissions", "2019", 1600.5, bp), ("Carbon Dioxide Emissions", "2020", 1500.2, bp),
                   ("Carbon Dioxide Emissions (CO2 Excluding Flaring)", "2019", 1580.25, bp),
                   ("Carbon Dioxide Emissions (CO2 Excluding Flaring)", "2020", 1500.2, bp)]


def test_bp_edition_not_available_is_no_row_and_names_its_publisher(ws, tmp_path):
    run_import(ws, REVIEW_2020)
    rows = [r for r in exported(ws, tmp_path) if r["indicator_code"] == "Oil Production - Tonnes"]
    assert {r["publisher"] for r in rows} == {"bp, Statistical Review of World Energy 2020"}
    russia = [r for r in rows if r["place"] == "Russia"]
    assert russia[0]["period"] == "1985" and float(russia[0]["value"]) == 542.306     # 'n/a' before 1985
    assert not [r for r in rows if r["place"] == "USSR" and r["period"] >= "1992"]      # 'n/a' after 1991
    assert not [r for r in rows if r["place"] == "Denmark" and r["period"] < "1972"]
    assert max(r["period"] for r in rows) == "2019"


def test_review_sheet_saved_as_csv_with_markers_and_text_growth_headers(ws, tmp_path):
    path = tmp_path / "gas.csv"
    path.write_text(
        "Natural Gas: Production*,,,,,\n"
        ",,,,Growth rate per annum,Share\n"
        "Billion cubic metres,2021,2022,2023,Growth rate per annum 2023,Share 2023\n"
        "\n"
        "Russian Federation,762.8,618.4,586.4,-5.2%,14.4%\n"
        "Tiny Land,^,0.04,-,n/a,♦\n"
        "Other Land,n/a,w,1.5,n/a,♦\n"
        "Total World,4037.5,4048.6,4059.2,0.3%,100.0%\n"
        "Source: Includes data from Cedigaz.\n"
        " ^ Less than 0.05.\n"
        "w Less than 0.05%.\n"
        "n/a not available.\n", encoding="utf-8")
    summary = run_import(ws, path)
    assert summary.layout == "energy_institute"
    got = sorted((r["place"], r["period"], float(r["value"]), r["unit"]) for r in exported(ws, tmp_path))
    assert got == [("Other Land", "2023", 1.5, "bcm"),
                   ("Russia", "2021", 762.8, "bcm"), ("Russia", "2022", 618.4, "bcm"),
                   ("Russia", "2023", 586.4, "bcm"),
                   ("Tiny Land", "2022", 0.04, "bcm"),
                   ("Total World", "2021", 4037.5, "bcm"), ("Total World", "2022", 4048.6, "bcm"),
                   ("Total World", "2023", 4059.2, "bcm")]


# -- Rosstat (a real GRP workbook, trimmed) ----------------------------------------------------------
GRP_PER_HEAD = "Валовой региональный продукт на душу населения по субъектам Российской Федерации"


def test_rosstat_workbook_imports_every_table_with_the_published_values(ws, tmp_path):
    summary = run_import(ws, GRP)
    assert (summary.dataset, summary.layout) == ("indicators", "rosstat")
    rows = exported(ws, tmp_path)
    russia = one(rows, place="Russia", period="2023", indicator=GRP_PER_HEAD)
    assert (float(russia["value"]), russia["unit"], russia["place_code"]) == (1073650.9, "RUB", "RU")
    # '20222)': the year 2022 with footnote mark 2)
    moscow = one(rows, place_code="RU-MOW", period="2022", indicator=GRP_PER_HEAD)
    assert float(moscow["value"]) == 2123057.7
    primorye = one(rows, place_code="RU-PRI", period="2023", indicator=GRP_PER_HEAD)
    assert float(primorye["value"]) == 1027409.8
    assert one(rows, place_code="RU-KHA", period="2016", indicator=GRP_PER_HEAD)["value"] == "505753.3"
    # '20111)' on the 1998-2015 sheet is 2011; the two sheets are one series
    assert float(one(rows, place_code="RU-SA", period="2011", indicator=GRP_PER_HEAD)["value"]) > 0
    assert {r["publisher"] for r in rows} == {"Rosstat (Federal State Statistics Service)"}


def test_rosstat_districts_and_parts_of_subjects_keep_their_names(ws, tmp_path):
    run_import(ws, GRP)
    rows = exported(ws, tmp_path)
    codes = {r["place"]: r["place_code"] for r in rows}
    assert codes["Центральный федеральный округ"] == ""                   # an aggregate, no subject
    assert codes["Ненецкий авт. округ"] == "RU-NEN"                       # '  в т.ч. Ненецкий авт. округ'
    assert codes["Архангельская область без Ненецкого авт.округа"] == ""   # a part, not the oblast
    assert codes["Республика Саха (Якутия)"] == "RU-SA"
    assert not [p for p in codes if p.startswith(("1)", "2)", "3)", "К содержанию"))]
    # '…' (confidential) for the Nenets okrug in 1998–2010: no row, never 0
    nenets = [r for r in rows if r["place_code"] == "RU-NEN" and r["indicator_code"] == "3"]
    assert [r["period"] for r in nenets] == ["2011", "2012", "2013", "2014", "2015"]
    assert float(one(nenets, period="2015")["value"]) == 5359728.6
    index = one(rows, place_code="RU-PRI", period="2023", indicator_code="6")
    assert (float(index["value"]), index["unit"], index["price_basis"]) == (
        107.7, "в процентах к предыдущему году", "constant")


def _rosstat_book(tmp_path: Path) -> Path:
    return workbook(tmp_path / "Region_Pokaz.xlsx", {
        "Содержание": [["Содержание"], ["1. Численность занятых"], ["2. Инвестиции в основной капитал"],
                       ["3. Численность населения"]],
        "1": [["К содержанию"], ["1. Среднегодовая численность занятых 1)"], ["тыс. человек"],
              [None, 2021, "2022 2)", "2023²"],
              ["Российская Федерация", 71719, 71974, 73229],
              ["Дальневосточный федеральный округ", 3976, "…", 3999.5],
              ["Приморский край", 958, "-", 961.2],
              ["Хабаровский край", "…", 650.1, 655.4],
              ["г. Москва", 7390, 7412, 7500],
              [],
              ["1) По данным выборочного обследования рабочей силы."],
              ["2) Без учета статистической информации по ДНР, ЛНР, Запорожской и Херсонской областям."]],
        "2": [["К содержанию"], ["2. Инвестиции в основной капитал в 2021-2023 гг."], ["(в текущих ценах; млн рублей)"],
              [None, "2021", "2022 1)", "2023 1)"],
              ["Российская Федерация", 22945406, 28413902, 34036239],
              ["Республика Саха (Якутия)", 485660, 590024, "x"],
              ["Хабаровский край", 190411, 226790, 261303.5],
              ["1) Оценка."]],
        "3": [["К содержанию"], ["3. ЧИСЛЕННОСТЬ НАСЕЛЕНИЯ"], ["(оценка на конец года; тысяч человек)"],
              [None, 2010, 2015, 2022],
              ["Российская Федерация", 142865, 146545, 146447],
              ["Архангельская область", 1202, 1174, 1011],
              ["в том числе:"],
              ["Ненецкий автономный округ", 42.8, 43.9, 41.4],
              ["Архангельская область (кроме Ненецкого автономного округа)", 1159, 1130, 970]],
    })


def test_rosstat_contents_and_tables_markers_and_year_marks(ws, tmp_path):
    summary = run_import(ws, _rosstat_book(tmp_path))
    assert summary.layout == "rosstat"
    rows = exported(ws, tmp_path)
    got = sorted((r["indicator_code"], r["place_code"], r["period"], float(r["value"]), r["unit"]) for r in rows)
    got = [g for g in got if g[0] != "3"]
    assert got == sorted([
        ("1", "RU", "2021", 71719.0, "thousand persons"), ("1", "RU", "2022", 71974.0, "thousand persons"),
        ("1", "RU", "2023", 73229.0, "thousand persons"),
        ("1", "", "2021", 3976.0, "thousand persons"), ("1", "", "2023", 3999.5, "thousand persons"),
        ("1", "RU-PRI", "2021", 958.0, "thousand persons"), ("1", "RU-PRI", "2023", 961.2, "thousand persons"),
        ("1", "RU-KHA", "2022", 650.1, "thousand persons"), ("1", "RU-KHA", "2023", 655.4, "thousand persons"),
        ("1", "RU-MOW", "2021", 7390.0, "thousand persons"), ("1", "RU-MOW", "2022", 7412.0, "thousand persons"),
        ("1", "RU-MOW", "2023", 7500.0, "thousand persons"),
        ("2", "RU", "2021", 22945406.0, "million RUB"), ("2", "RU", "2022", 28413902.0, "million RUB"),
        ("2", "RU", "2023", 34036239.0, "million RUB"),
        ("2", "RU-SA", "2021", 485660.0, "million RUB"), ("2", "RU-SA", "2022", 590024.0, "million RUB"),
        ("2", "RU-KHA", "2021", 190411.0, "million RUB"), ("2", "RU-KHA", "2022", 226790.0, "million RUB"),
        ("2", "RU-KHA", "2023", 261303.5, "million RUB")])
    indicators = {r["indicator_code"]: r["indicator"] for r in rows}
    assert indicators == {"1": "Среднегодовая численность занятых", "2": "Инвестиции в основной капитал",
                          "3": "ЧИСЛЕННОСТЬ НАСЕЛЕНИЯ (оценка на конец года)"}
    assert {r["price_basis"] for r in rows if r["indicator_code"] == "2"} == {"current"}
    population = sorted((r["place"], r["place_code"], r["period"], float(r["value"]), r["unit"])
                        for r in rows if r["indicator_code"] == "3" and r["period"] == "2022")
    assert population == [
        ("Russia", "RU", "2022", 146447.0, "thousand persons"),
        ("Архангельская область", "RU-ARK", "2022", 1011.0, "thousand persons"),
        ("Архангельская область (кроме Ненецкого автономного округа)", "", "2022", 970.0, "thousand persons"),
        ("Ненецкий автономный округ", "RU-NEN", "2022", 41.4, "thousand persons")]
    assert summary.ignored_columns == []           # the contents sheet is the contents, not a table left out


def test_rosstat_one_table_asked_for(ws, tmp_path):
    run_import(ws, _rosstat_book(tmp_path), sheet="2")
    assert {r["indicator_code"] for r in exported(ws, tmp_path)} == {"2"}


def test_rosstat_bad_cell_is_refused_by_sheet_row_and_year_and_nothing_written(ws, tmp_path):
    path = _rosstat_book(tmp_path)
    book = openpyxl.load_workbook(path)
    book["2"]["C6"] = "590 024 млн"
    book.save(path)
    before = dump(ws)
    with pytest.raises(ImportRejected) as err:
        run_import(ws, path)
    text = str(err.value)
    assert "6 of sheet '2'" in text and "2022" in text and "590 024 млн" in text
    assert dump(ws) == before


def test_rosstat_national_table_of_indicators_is_not_read_as_places(ws, tmp_path):
    """Rows of indicators (a national GDP table) are no places: refused when asked for by name,
    left out (and listed) when the workbook is imported whole."""
    path = workbook(tmp_path / "VVP_god.xlsx", {
        "Содержание": [["Содержание"]],
        "1": [["К содержанию"], ["Валовой внутренний продукт (в текущих ценах, млрд руб.)"],
              [None, 2021, 2022, 2023],
              ["Валовой внутренний продукт в рыночных ценах", 135773.8, 156940.9, 172148.3],
              ["Валовая добавленная стоимость в основных ценах", 121864.4, 140588.6, 154399.1],
              ["Чистые налоги на продукты", 13909.4, 16352.3, 17749.2]],
        "2": [["К содержанию"], ["Численность населения"], ["тыс. человек"], [None, 2022, 2023],
              ["Российская Федерация", 146980, 146447], ["Приморский край", 1820, 1819]],
    })
    before = dump(ws)
    with pytest.raises(ImportRejected) as err:
        run_import(ws, path, sheet="1")
    assert "sheet '1': rows that are not places of Russia (row 4:" in str(err.value)
    assert dump(ws) == before
    summary = run_import(ws, path)
    assert "sheet '1'" in " ".join(summary.ignored_columns)
    assert sorted((r["place_code"], r["period"]) for r in exported(ws, tmp_path)) == [
        ("RU", "2022"), ("RU", "2023"), ("RU-PRI", "2022"), ("RU-PRI", "2023")]


def test_review_workbook_is_all_or_nothing(ws, tmp_path):
    """A bad cell on one sheet refuses the whole workbook, naming the sheet, its row and the year."""
    def sheet(cell):
        return [["Oil: Production*"], [None, None, None, "Growth rate per annum", None, "Share"],
                ["Million tonnes", 2021, 2022, 2022, "2012-22", 2022],
                ["Russian Federation", 536.4, cell, 0.02, 0.01, 0.12], ["n/a not available."]]
    path = workbook(tmp_path / "EI-Stats-Review-All-Data.xlsx",
                    {"Contents": [["2023 Energy Institute Statistical Review of World Energy"]],
                     "Oil Production - tonnes": sheet(548.5), "Oil Consumption - Tonnes": sheet("about 548")})
    before = dump(ws)
    with pytest.raises(ImportRejected) as err:
        run_import(ws, path)
    text = str(err.value)
    assert "4 of sheet 'Oil Consumption - Tonnes'" in text and "2022" in text and "about 548" in text
    assert dump(ws) == before


def test_rosstat_unit_after_a_comma_and_column_numbers_under_the_header(ws, tmp_path):
    path = workbook(tmp_path / "Pers.xlsx", {"1": [
        ["К содержанию"], ["Численность населения, тыс. человек"],
        [None, 2021, 2022, 2023],
        ["А", 1, 2, 3],
        ["Российская Федерация", 147182, 146980, 146447],
        ["Хабаровский край", 1292, 1284, 1277]]})
    run_import(ws, path)
    got = sorted((r["indicator"], r["place_code"], r["period"], float(r["value"]), r["unit"])
                 for r in exported(ws, tmp_path))
    assert got == [("Численность населения", code, year, value, "thousand persons")
                   for code, year, value in sorted([("RU", "2021", 147182.0), ("RU", "2022", 146980.0),
                                                    ("RU", "2023", 146447.0), ("RU-KHA", "2021", 1292.0),
                                                    ("RU-KHA", "2022", 1284.0), ("RU-KHA", "2023", 1277.0)])]


def test_review_zeros_the_sheet_shows_as_a_dash_are_not_figures(ws, tmp_path):
    """The 2024 workbook stores Russia before 1985 and the USSR after 1991 as 0 under the number
    format '[>0.05]0.0;[=0]\\-;\\^' (checked in the original file at the commit SOURCE.md names;
    the trimmed fixture lost its formats): the reader sees '-', as the 2020 edition wrote 'n/a'.
    Stored as 0, Russia's gas production would read as nil for 1970–1984."""
    book = openpyxl.load_workbook(REVIEW_2024)
    sheet = book["Gas Production - Bcm"]
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and cell.row > 3:
                cell.number_format = "[>0.05]0.0;[=0]\\-;\\^"
    path = tmp_path / "EI-Stats-Review-All-Data.xlsx"
    book.save(path)
    run_import(ws, path, sheet="Gas Production - Bcm")
    rows = exported(ws, tmp_path)
    russia = sorted((r for r in rows if r["place"] == "Russia"), key=lambda r: r["period"])
    assert russia[0]["period"] == "1985" and round(float(russia[0]["value"]), 4) == 424.8812
    assert not [r for r in rows if r["place"] == "USSR" and r["period"] >= "1992"]
    assert not [r for r in rows if float(r["value"]) == 0.0]


@pytest.mark.parametrize("number_format, shown", [
    ("[>0.05]0.0;[=0]\\-;\\^", "-"),                          # the Statistical Review's
    ('_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)', None),      # Excel's accounting format: a real zero
    ('0.0;-0.0;[=0]"n/a"', "n/a"), ('[=0]"–";0.0', "–"),
    ("0.0", None), ("#,##0;-#,##0;0", None), ("General", None),
])
def test_a_zero_is_read_as_the_dash_its_format_shows(number_format, shown):
    from explorer.data.importing.xlsx import zero_shown_as

    assert zero_shown_as(number_format) == shown


def test_a_zero_in_excels_accounting_format_is_a_zero(ws, tmp_path):
    """A user's own trade sheet in the accounting format shows 0 as '-': it is a real zero,
    imported as 0 (only a section kept for exactly zero, the Statistical Review's way, means n/a)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["period", "reporter", "partner", "flow", "value", "unit", "description"])
    sheet.append([2021, "China", "Russia", "export", 12.5, "billion USD", "a"])
    sheet.append([2022, "China", "Russia", "import", 0, "billion USD", "b"])
    sheet["E3"].number_format = '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)'
    book.save(tmp_path / "own.xlsx")
    summary = run_import(ws, tmp_path / "own.xlsx")
    assert summary.added == 2
    assert ws.execute("SELECT value FROM trade_figures WHERE period = '2022'").fetchone() == (0,)
