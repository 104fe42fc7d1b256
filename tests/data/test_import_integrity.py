"""Issue 14, item 4: blank key parts are refused, an import replaces only rows whose FULL key
matches (and says which, old -> new), and never a curated row."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.backup import list_backups
from explorer.data.importing import ImportRejected, run_import, undo_import
from tests.faults.conftest import full_dump

COMTRADE_HEADER = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
                   "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,cmdCode,cmdDesc,netWgt,primaryValue\n")


@pytest.fixture
def store(mini_bundled_path, tmp_path):
    from explorer.data.db import Store

    return Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path)


@pytest.fixture
def ws(store):
    c = store.connect()
    yield c
    c.close()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def trade(ws, where: str = "1") -> list[tuple]:
    return ws.execute(f"SELECT reporter, partner, period, commodity, flow, value, unit FROM trade_figures "
                      f"WHERE {where} ORDER BY reporter, partner, period, value").fetchall()


def refused(ws, store, path: Path) -> str:
    """Import ``path`` expecting a refusal; returns the report after checking nothing was written."""
    before, backups = full_dump(store.workspace), list_backups(store.workspace)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, path)
    assert full_dump(store.workspace) == before
    assert list_backups(store.workspace) == backups
    return exc.value.report()


def test_comtrade_file_with_blank_iso_columns_is_read_by_its_numeric_codes(ws, store, tmp_path):
    rows = "".join(f"C,M,2017{m:02d}01,2017,{m},2017{m:02d},156,,,M,Import,643,,,"
                   f"TOTAL,All,,{3159813913 + m}\n" for m in range(1, 3))
    run_import(ws, write(tmp_path / "comtrade.csv", COMTRADE_HEADER + rows))
    assert trade(ws) == [("china", "russia", "2017-01", "TOTAL", "import", 3159813914.0, "USD"),
                         ("china", "russia", "2017-02", "TOTAL", "import", 3159813915.0, "USD")]


def test_comtrade_file_with_no_reporter_in_any_column_is_refused_naming_row_and_column(ws, store, tmp_path):
    run_import(ws, write(tmp_path / "seed.csv", "period,reporter,partner,value,unit\n2020,China,Russia,1,USD\n"))
    rows = "".join(f"C,M,2017{m:02d}01,2017,{m},2017{m:02d},,,,M,Import,643,,Russian Federation,"
                   f"TOTAL,All,,{3159813913 + m}\n" for m in range(1, 4))
    report = refused(ws, store, write(tmp_path / "comtrade.csv", COMTRADE_HEADER + rows))
    assert report == ("comtrade.csv: rows 2–4 (3 rows), column reporterISO: expected a reporter (the key of a trade "
                      "figure), found ''")


def test_comtrade_file_with_only_the_partner_iso_blank_is_refused(ws, store, tmp_path):
    """UN Comtrade always names a partner ('W00' for the world): a blank one is a lost code,
    not a figure against the world, even when no row of the file has one."""
    rows = "".join(f"C,M,2017{m:02d}01,2017,{m},2017{m:02d},156,CHN,China,M,Import,,,,"
                   f"TOTAL,All,,{1000 + m}\n" for m in range(1, 3))
    report = refused(ws, store, write(tmp_path / "comtrade.csv", COMTRADE_HEADER + rows))
    assert report == ("comtrade.csv: rows 2–3 (2 rows), column partnerISO: expected a partner (the key of a trade "
                      "figure), found ''")


def test_blank_reporter_or_undated_value_is_refused(ws, store, tmp_path):
    report = refused(ws, store, write(tmp_path / "r.csv", "period,reporter,partner,value,unit\n"
                                                          "2020,China,Russia,1,USD\n2021,,Russia,2,USD\n"))
    assert report == ("r.csv: row 3, column reporter: expected a reporter (the key of a trade figure), found ''")
    report = refused(ws, store, write(tmp_path / "p.csv", "year,reporter,partner,value,unit\n"
                                                          "2020,China,Russia,1,USD\n,China,Russia,2,USD\n"))
    assert report == "p.csv: row 3, column year: expected a period (the key of a trade figure), found ''"


def test_blank_parts_the_curated_data_leaves_blank_are_accepted(ws, tmp_path):
    """Undated counts, no partner for flow n/a, no commodity (all goods), no partner column at all."""
    s = run_import(ws, write(tmp_path / "ok.csv",
                             "period,reporter,partner,flow,commodity,measure,value,unit\n"
                             ",Heihe,,n/a,,count,12,count\n"
                             "2023,China,Russia,export,,value,5,billion USD\n"
                             "2023,China,Russia,export,0101,value,1,billion USD\n"))
    assert s.added == 3
    s = run_import(ws, write(tmp_path / "world.csv", "period,reporter,flow,value,unit\n2023,Heihe,export,7,USD\n"))
    assert s.added == 1
    assert trade(ws, "lower(reporter) = 'heihe'") == [("heihe", None, None, None, "n/a", 12.0, "count"),
                                                     ("heihe", None, "2023", None, "export", 7.0, "USD")]


def test_a_partner_left_blank_where_other_rows_give_one_is_refused(ws, store, tmp_path):
    report = refused(ws, store, write(tmp_path / "lost.csv",
                                      "period,reporter,partner,flow,value,unit\n"
                                      "2017-01,China,Russia,import,5,USD\n"
                                      "2017-02,China,,import,6,USD\n"
                                      "2017-03,China,,import,7,USD\n"))
    assert report == ("lost.csv: rows 3–4 (2 rows), column partner: expected a partner (the key of a trade figure), "
                      "as the other rows give one, found ''")


def test_a_row_with_a_blank_key_part_never_replaces_one_that_fills_it(ws, tmp_path):
    run_import(ws, write(tmp_path / "a.csv", "period,reporter,partner,flow,value,unit\n"
                                             "2017-01,China,Russia,import,3159813913,USD\n"))
    s = run_import(ws, write(tmp_path / "b.csv", "period,reporter,partner,flow,value,unit\n"
                                                 "2017-01,China,,import,1000,USD\n"))
    assert (s.added, s.replaced) == (1, 0)
    assert trade(ws, "period = '2017-01'") == [("china", None, "2017-01", None, "import", 1000.0, "USD"),
                                              ("china", "russia", "2017-01", None, "import", 3159813913.0, "USD")]


def test_only_a_full_key_match_replaces_and_the_dry_run_lists_old_and_new(ws, store, tmp_path):
    run_import(ws, write(tmp_path / "a.csv", "period,reporter,partner,flow,commodity,value,unit\n"
                                             "2017-01,China,Russia,import,27,3159813913,USD\n"
                                             "2017-01,China,Russia,export,27,10,USD\n"))
    revised = write(tmp_path / "b.csv", "period,reporter,partner,flow,commodity,value,unit\n"
                                        "2017-01,China,Russia,import,27,1000,USD\n"
                                        "2017-01,China,Russia,import,28,5,USD\n"
                                        "2017-01,China,Russia,export,27,10,USD\n")
    before = full_dump(store.workspace)
    dry = run_import(ws, revised, dry_run=True)
    assert full_dump(store.workspace) == before
    assert (dry.added, dry.replaced, dry.skipped) == (1, 1, 1)
    text = dry.text()
    assert ("  would replace 1 imported row (old -> new):\n"
            "    row 2: measure value, reporter china, partner russia, flow import, commodity 27, period 2017-01, "
            "unit USD, status actual: 3159813913 -> 1000") in text
    s = run_import(ws, revised)
    assert (s.added, s.replaced, s.skipped) == (1, 1, 1)
    assert "  replaced 1 imported row (old -> new):" in s.text()
    assert trade(ws, "flow = 'import'") == [("china", "russia", "2017-01", "28", "import", 5.0, "USD"),
                                           ("china", "russia", "2017-01", "27", "import", 1000.0, "USD")]
    undo_import(ws, s.import_id)
    assert trade(ws, "flow = 'import'") == [("china", "russia", "2017-01", "27", "import", 3159813913.0, "USD")]


def test_a_big_replacement_lists_the_first_rows_and_counts_all(ws, tmp_path):
    head = "period,reporter,partner,flow,commodity,value,unit\n"
    run_import(ws, write(tmp_path / "a.csv", head + "".join(f"2020,China,Russia,export,{c:04d},{c},USD\n"
                                                            for c in range(30))))
    s = run_import(ws, write(tmp_path / "b.csv", head + "".join(f"2020,China,Russia,export,{c:04d},{c + 0.5},USD\n"
                                                                for c in range(30))))
    assert s.replaced == 30 and len(s.replacements) == 20
    assert s.replacements[0].line().endswith("commodity 0000, period 2020, unit USD, status actual: 0 -> 0.5")
    assert "    … and 10 more" in s.text()


def test_an_import_never_replaces_a_curated_row_and_reports_the_conflict(ws, tmp_path):
    head = "period,reporter,partner,flow,value,unit\n"
    s = run_import(ws, write(tmp_path / "a.csv", head + "2022,China,Russia,total,1900,hundred million USD\n"))
    assert (s.added, s.replaced, s.conflicts) == (1, 0, 1)
    assert s.conflict_examples[0].line() == ("row 2: measure value, reporter china, partner russia, flow total, "
                                             "period 2022, unit hundred million USD, status actual: 1905.7 -> 1900")
    assert "1 row give a curated figure another value" in s.text()
    rows = ws.execute("SELECT origin, value FROM all_trade_figures WHERE period = '2022' AND measure = 'value' "
                      "ORDER BY origin").fetchall()
    assert rows == [("bundled", 1905.7), ("workspace", 1900.0)]
    again = run_import(ws, write(tmp_path / "b.csv", head + "2022,China,Russia,total,1899,hundred million USD\n"))
    assert (again.added, again.replaced, again.conflicts) == (0, 1, 1)      # the imported row, not the curated one
    rows = ws.execute("SELECT origin, value FROM all_trade_figures WHERE period = '2022' AND measure = 'value' "
                      "ORDER BY origin").fetchall()
    assert rows == [("bundled", 1905.7), ("workspace", 1899.0)]
    same = run_import(ws, write(tmp_path / "c.csv", head + "2022,China,Russia,total,1905.7,hundred million USD\n"))
    assert (same.added, same.skipped, same.replaced) == (0, 1, 0)


def test_exchange_rates_replace_by_key_and_refuse_a_repeated_key(ws, store, tmp_path):
    head = "year,currency,per_usd,source\n"
    run_import(ws, write(tmp_path / "a.csv", head + "2023,CNY,7.08,IMF\n2023,RUB,85.2,IMF\n"))
    s = run_import(ws, write(tmp_path / "b.csv", head + "2023,CNY,7.1,IMF\n2023,RUB,85.2,IMF\n"))
    assert (s.added, s.replaced, s.skipped) == (0, 1, 1)
    assert [c.line() for c in s.replacements] == ["row 2: year 2023, currency CNY: 7.08 -> 7.1"]
    report = refused(ws, store, write(tmp_path / "c.csv", head + "2024,CNY,7.2,IMF\n2024,CNY,7.3,IMF\n"))
    assert report == ("c.csv: row 3, column (whole row): expected a figure not already given in row 2, "
                      "found 'the same year/currency again'")
