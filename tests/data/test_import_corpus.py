"""Every file in tests/fixtures/import/ and its exact outcome: rows imported,
or the report's lines and a workspace left exactly as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "import"


def dump(conn) -> str:
    return "\n".join(conn.iterdump())


GOOD = [
    # file, layout, encoding, delimiter, added, skipped, rows per table
    ("good_trade_utf8.csv", "own", "utf-8", ",", 3, 0, {"trade_figures": 3}),
    ("good_trade_utf8_bom.csv", "own", "utf-8-sig", ",", 3, 0, {"trade_figures": 3}),
    ("good_trade_utf16.txt", "own", "utf-16", "\t", 3, 0, {"trade_figures": 3}),
    ("good_trade_cp1251_semicolon.csv", "own", "cp1251", ";", 3, 0, {"trade_figures": 3}),
    ("good_trade_gb18030.csv", "own", "gb18030", ",", 2, 0, {"trade_figures": 2}),
    ("good_trade_tab.tsv", "own", "utf-8", "\t", 1, 0, {"trade_figures": 1}),
    ("good_trade_percent.csv", "own", "utf-8", ",", 1, 1, {"trade_figures": 1}),
    ("good_trade_wide.csv", "own", "utf-8", ",", 5, 0, {"trade_figures": 5}),
    ("good_trade_formula_text.csv", "own", "utf-8", ",", 3, 0, {"trade_figures": 3}),
    ("good_trade.csv.gz", "own", "utf-8", ",", 3, 0, {"trade_figures": 3}),
    ("good_trade.xlsx", "own", "", "", 2, 0, {"trade_figures": 2}),
    ("good_comtrade.csv", "comtrade", "utf-8", ",", 2, 0, {"trade_figures": 2}),
    ("good_owid.csv", "owid", "utf-8", ",", 3, 0, {"indicators": 3}),
    ("good_pipeline_tracker.xlsx", "gem_tracker", "", "", 2, 0, {"energy_assets": 2, "energy_figures": 2}),
    ("good_timeline.csv", "timeline", "utf-8", ",", 2, 0, {"events": 2, "corridors": 1}),
    ("good_energy.csv", "own", "utf-8", ",", 2, 0, {"energy_figures": 2}),
    ("good_institutions.csv", "own", "utf-8", ",", 1, 0, {"institutions": 1}),
    ("good_places.csv", "own", "utf-8", ",", 1, 0, {"places": 1}),
    ("good_rates.csv", "own", "utf-8", ";", 2, 0, {"exchange_rates": 2}),
]


@pytest.mark.parametrize("name, layout, encoding, delimiter, added, skipped, tables", GOOD,
                         ids=[g[0] for g in GOOD])
def test_good_file_imports_exactly(ws, name, layout, encoding, delimiter, added, skipped, tables):
    s = run_import(ws, CORPUS / name)
    assert (s.layout, s.encoding, s.delimiter) == (layout, encoding, delimiter)
    assert (s.added, s.skipped, s.replaced) == (added, skipped, 0)
    assert s.by_table == tables
    for table, n in tables.items():
        assert ws.execute(f"SELECT count(*) FROM {table} WHERE import_id = ?", (s.import_id,)).fetchone()[0] == n
    rec = ws.execute("SELECT file_name, rows_added, status FROM imports").fetchall()
    assert rec == [(name, added, "active")]


def _trade(ws, cols="period, reporter, partner, flow, commodity, value, unit"):
    return ws.execute(f"SELECT {cols} FROM trade_figures ORDER BY source_row, figure_id").fetchall()


def test_numbers_codes_and_names_in_any_language(ws):
    run_import(ws, CORPUS / "good_trade_cp1251_semicolon.csv")
    assert _trade(ws) == [
        ("2023", "russia", "china", "export", None, 1240294.0, "thousand USD"),
        ("2022", "russia", "china", "import", None, 1240294.5, "thousand USD"),
        ("2021", "russia", "china", "export", None, 0.5, "billion USD"),
    ]


def test_chinese_file_units_and_leading_zero_codes(ws):
    run_import(ws, CORPUS / "good_trade_gb18030.csv")
    assert _trade(ws, "period, partner, value, unit, description") == [
        ("2023", "russia", 2401.1, "hundred million USD", "中俄贸易"),
        ("2022", "russia", 1902.7, "hundred million USD", "中俄贸易额")]
    run_import(ws, CORPUS / "good_comtrade.csv")
    rows = ws.execute("SELECT commodity, flow, value, unit, original_source FROM trade_figures "
                      "WHERE original_source = 'UN Comtrade' ORDER BY source_row").fetchall()
    assert rows == [("0101", "export", 3456789.0, "USD", "UN Comtrade"),
                    ("2709", "import", 60123456789.5, "USD", "UN Comtrade")]


def test_xlsx_keeps_hs_code_text(ws):
    run_import(ws, CORPUS / "good_trade.xlsx")
    assert _trade(ws, "period, commodity, value") == [("2023", "0422", 1500.5), ("2022-11", "0101", 2000.0)]


def test_wide_years_become_one_row_per_year(ws):
    s = run_import(ws, CORPUS / "good_trade_wide.csv")
    assert _trade(ws, "reporter, period, value") == [
        ("china", "2019", 110.8), ("china", "2020", 107.8), ("china", "2021", 146.9),
        ("Heilongjiang", "2019", 27.1), ("Heilongjiang", "2021", 27.9)]
    assert s.unknown_places == {"Heilongjiang": 2}


def test_formula_looking_text_is_stored_as_text(ws):
    run_import(ws, CORPUS / "good_trade_formula_text.csv")
    assert [r[0] for r in _trade(ws, "description")] == ["=SUM(A1:A9)", "-minus sign note", "@mention kept"]


def test_percent_strings(ws):
    run_import(ws, CORPUS / "good_trade_percent.csv")
    assert _trade(ws, "period, measure, value, unit") == [("2023", "growth", 26.3, "%")]


def test_publisher_layouts(ws):
    run_import(ws, CORPUS / "good_pipeline_tracker.xlsx")
    assert ws.execute("SELECT a.name_en, a.status, f.value, f.unit, f.date FROM energy_figures f "
                      "JOIN energy_assets a USING (asset_id) ORDER BY f.source_row").fetchall() == [
        ("Power of Siberia 2", "proposed", 50.0, "bcm/yr", "2030"),
        ("Far Eastern Route", "construction", 10.0, "bcm/yr", "2027")]
    run_import(ws, CORPUS / "good_timeline.csv")
    assert ws.execute("SELECT subject_id, event, date FROM events ORDER BY source_row").fetchall()[0] == (
        "heihe-blagoveshchensk-bridge", "opened", "2022-06-10")
    run_import(ws, CORPUS / "good_owid.csv")
    assert ws.execute("SELECT place, period, value, unit, price_basis FROM indicators WHERE publisher = "
                      "'Our World in Data' ORDER BY source_row").fetchall() == [
        ("china", "2021", 3.55e12, "USD", "current"), ("russia", "2021", 4.94e11, "USD", "current"),
        ("russia", "2022", 5.92e11, "USD", "current")]


BAD = {
    "bad_nul_byte.csv": ["bad_nul_byte.csv: row 3, column reporter: expected text in utf-8 (byte offset 66), "
                         "found 'a NUL byte (0x00) inside text'"],
    "bad_huge_cell.csv": ["bad_huge_cell.csv: row 2, column description: expected well-formed delimited text with "
                          "cells under 128 KiB, found 'unreadable text (field larger than field limit (131072))'"],
    "bad_empty.csv": ["bad_empty.csv: row 1, column (header): expected a header row naming the columns, "
                      "found 'an empty file'"],
    "bad_header_only.csv": ["bad_header_only.csv: row 2, column (any): expected at least one row of data under "
                            "the header, found 'no rows'"],
    "bad_ragged.csv": ["bad_ragged.csv: row 2, column #6: expected 5 cells, as in the header, found '6 cells'"],
    "bad_junk_bytes.csv": ["bad_junk_bytes.csv: row 3002, column description: expected text in utf-8, "
                           "found \"undecodable bytes 0xff 0xfe in '\ufffdjunk'\""],
    "bad_text_in_numbers.csv": [
        "bad_text_in_numbers.csv: row 2, column value: expected a number (like 1234.5, 1 234,5 or 12%), "
        "found 'about 5'",
        "bad_text_in_numbers.csv: row 3, column value: expected a number (like 1234.5, 1 234,5 or 12%), "
        "found 'n/a'"],
    "bad_formula_number.csv": ["bad_formula_number.csv: row 2, column value: expected a number "
                               "(like 1234.5, 1 234,5 or 12%), found '=1+2'"],
    "bad_duplicates.csv": ["bad_duplicates.csv: row 4, column (whole row): expected a figure not already given "
                           "in row 2, found 'the same measure/reporter/partner/flow/commodity/period/unit again'"],
    "bad_missing_column.csv": ["bad_missing_column.csv: row 1, column value: expected a column 'value' or "
                               "'amount' or 'figure' for trade figures, found 'headers period, reporter, "
                               "partner, unit'"],
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_rejected_and_nothing_written(ws, name):
    before = dump(ws)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, CORPUS / name)
    assert info.value.report().splitlines() == BAD[name]
    assert dump(ws) == before


def test_unknown_unit_is_named(ws):
    before = dump(ws)
    with pytest.raises(ImportRejected) as info:
        run_import(ws, CORPUS / "bad_unknown_unit.csv")
    (p,) = info.value.problems
    assert (p.row, p.column, p.found) == (2, "unit", "furlongs")
    assert p.expected.startswith("a known unit (USD, thousand USD")
    assert dump(ws) == before


def test_every_report_line_names_file_row_column_expected_found(ws):
    for name in BAD:
        with pytest.raises(ImportRejected) as info:
            run_import(ws, CORPUS / name)
        for line in info.value.report().splitlines():
            assert line.startswith(f"{name}: row ") and ", column " in line
            assert ": expected " in line and ", found " in line


def test_encoding_override_and_bad_override(ws):
    s = run_import(ws, CORPUS / "good_trade_cp1251_semicolon.csv", encoding="cp1251", dry_run=True)
    assert s.added == 3
    with pytest.raises(ImportRejected) as info:
        run_import(ws, CORPUS / "good_trade_cp1251_semicolon.csv", encoding="utf-8")
    assert info.value.problems[0].row == 1
    assert ws.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_unknown_places_are_listed_and_can_be_mapped(ws):
    s = run_import(ws, CORPUS / "good_trade_wide.csv", dry_run=True)
    assert s.unknown_places == {"Heilongjiang": 2}
    s = run_import(ws, CORPUS / "good_trade_wide.csv", mapping={"places": {"Heilongjiang": "heihe"}})
    assert s.unknown_places == {}
    assert ws.execute("SELECT DISTINCT reporter FROM trade_figures").fetchall() == [("china",), ("heihe",)]
    saved = ws.execute("SELECT mapping_json FROM imports").fetchone()[0]
    assert '"places": {"Heilongjiang": "heihe"}' in saved
