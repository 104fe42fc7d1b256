"""The trigram index behind free-text filters of big tables: it returns exactly
the rows the plain filter returns (ASCII, Cyrillic, Chinese, mixed case) while
reading candidates off the index, and it follows imports and undo."""
from __future__ import annotations

import pytest

from bench.synthetic import generate
from explorer.data import indexes, text_index
from explorer.data import big_tables as bt
from explorer.data.query import fetch_rows
from explorer.data.filters import Filter, Order
from explorer.data.tables import TRADE

N = 3000
#: rows with text in other scripts and cases, in the table's own columns
EXTRA = [
    ("x-1", "Экспорт леса в Хабаровский край"),
    ("x-2", "黑龙江省 进口 大豆"),
    ("x-3", "HeiLongJiang soybeans, EXPORTS"),
    ("x-4", "хабаровский ЛЕС"),
]


def _add_rows(conn, rows):
    with conn:
        for figure_id, description in rows:
            conn.execute("INSERT INTO main.trade_figures(figure_id, topic, measure, reporter, partner, flow, period,"
                         " period_precision, value, unit, status, description, source_file, source_row)"
                         " VALUES (?, 'trade', 'value', 'russia', 'china', 'export', '2020-05', 'month', 1.5,"
                         " 'million USD', 'actual', ?, 'test.csv', 1)", (figure_id, description))


@pytest.fixture
def big(conn, monkeypatch):
    generate(conn, N)
    _add_rows(conn, EXTRA)
    indexes.build_all(conn)
    monkeypatch.setattr(bt, "BIG_ROWS", 1000)
    return conn


def _plain(conn, flt, order=Order()):
    return [r[0] for r in fetch_rows(conn, TRADE, flt, order)]


def _indexed(conn, flt, order=Order()):
    rids = bt.ordered_rids(conn, TRADE, flt, order)
    return [r[0] for r in bt.fetch_by_rids(conn, TRADE, list(rids))]


QUERIES = ["export", "EXPORTS", "HeiLong", "heilongjiang", "Хабаровский", "ХАБАР", "лес", "黑龙江", "进口 大豆",
           "Россия", "俄罗斯", "syn0003 import", "Russia syn0001", "no-such-word", "ab"]


@pytest.mark.parametrize("text", QUERIES)
def test_index_gives_exactly_the_rows_of_the_plain_filter(big, text):
    flt = Filter(text=text)
    expected = _plain(big, flt)
    assert _indexed(big, flt) == expected
    assert _indexed(big, flt, Order("value", True)) == _plain(big, flt, Order("value", True))
    if len(text.replace(" ", "")) >= 3 and min(map(len, text.split())) >= 3:
        # the index was asked: it offers at least every imported row that matches
        assert text_index.candidate_clause(big, TRADE, text.casefold()) is not None
        offered = text_index.count_candidates(big, TRADE, text.casefold(), 10 ** 9)
        marks = ", ".join("?" * len(expected))
        imported = big.execute(f"SELECT count(*) FROM main.trade_figures WHERE figure_id IN ({marks})",
                               expected).fetchone()[0]
        assert offered >= imported
    now = bt.text_order_now(big, TRADE, flt, Order())
    if now is not None:
        assert [r[0] for r in bt.fetch_by_rids(big, TRADE, list(now))] == expected


def _imported(conn, keys):
    marks = ", ".join("?" * len(keys))
    return conn.execute(f"SELECT count(*) FROM main.trade_figures WHERE figure_id IN ({marks})", keys).fetchone()[0]


def test_a_rare_word_is_answered_from_a_few_candidates(big):
    rare = _imported(big, _plain(big, Filter(text="Хабаровский")))
    assert 2 <= rare < 10
    assert text_index.count_candidates(big, TRADE, "хабаровский", 10 ** 9) == rare
    assert text_index.count_candidates(big, TRADE, "no-such-word", 10 ** 9) == 0
    now = bt.text_order_now(big, TRADE, Filter(text="Хабаровский"), Order())
    assert now is not None and [r[0] for r in bt.fetch_by_rids(big, TRADE, list(now))] == _plain(
        big, Filter(text="Хабаровский"))


def test_rows_imported_after_the_index_are_found(big):
    before = _plain(big, Filter(text="хабаровский"))
    _add_rows(big, [("x-5", "новый Хабаровский груз")])
    # before the refresh: the unindexed tail is scanned
    assert _indexed(big, Filter(text="хабаровский")) == _plain(big, Filter(text="хабаровский"))
    assert len(_plain(big, Filter(text="хабаровский"))) == len(before) + 1
    with big:
        indexes.refresh_rollups(big, ["trade_figures"], analyze="auto")
    assert text_index.indexed_upto(big, TRADE) == big.execute("SELECT max(rowid) FROM trade_figures").fetchone()[0]
    assert text_index.count_candidates(big, TRADE, "хабаровский", 10 ** 9) == _imported(big, before) + 1
    assert _indexed(big, Filter(text="хабаровский")) == _plain(big, Filter(text="хабаровский"))


def test_a_row_put_back_under_its_old_rowid_is_found(big):
    rowid = big.execute("SELECT rowid FROM trade_figures WHERE figure_id = 'x-1'").fetchone()[0]
    saved = big.execute("SELECT * FROM trade_figures WHERE figure_id = 'x-1'").fetchone()
    cols = [d[1] for d in big.execute("PRAGMA table_info(trade_figures)")]
    with big:
        big.execute("DELETE FROM trade_figures WHERE figure_id = 'x-1'")
        text_index.drop_text_index(big, TRADE)
        text_index.ensure_text_index(big, TRADE)          # rebuilt without the row
        big.execute(f"INSERT INTO trade_figures(rowid, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))})",
                    (rowid, *saved))
    assert text_index.count_candidates(big, TRADE, "экспорт", 10 ** 9) == 0      # not indexed yet
    with big:
        text_index.index_rowids(big, "trade_figures", [rowid])
    assert text_index.count_candidates(big, TRADE, "экспорт", 10 ** 9) == 1
    assert _indexed(big, Filter(text="Экспорт")) == _plain(big, Filter(text="Экспорт")) == ["x-1"]


def test_small_workspaces_get_no_index(conn):
    _add_rows(conn, EXTRA)
    with conn:
        indexes.refresh_rollups(conn, ["trade_figures"], analyze="auto")
    assert text_index.indexed_upto(conn, TRADE) is None
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'fts%'").fetchall()


def test_imports_and_undo_keep_the_index_exact(big, tmp_path):
    """An import's rows are indexed with it; a row it replaced, put back by undo
    under its old rowid, is found again even when the index was rebuilt meanwhile."""
    from pathlib import Path

    from explorer.data.importing import run_import, undo_import

    corpus = Path(__file__).resolve().parent.parent / "fixtures" / "import"
    run_import(big, corpus / "good_trade_utf8.csv")
    top = big.execute("SELECT max(rowid) FROM main.trade_figures").fetchone()[0]
    assert text_index.indexed_upto(big, TRADE) == top            # indexed in the import's transaction
    assert text_index.count_candidates(big, TRADE, "bilateral", 10 ** 9) >= 1
    revised = tmp_path / "revised.csv"
    revised.write_text("period,reporter,partner,flow,commodity,value,unit,status,description\n"
                       "2023,China,Russia,total,,2500,hundred million USD,actual,revised\n", encoding="utf-8")
    s = run_import(big, revised)
    assert s.replaced == 1
    with big:                                   # an index rebuilt while the replaced row is away
        text_index.drop_text_index(big, TRADE)
        text_index.ensure_text_index(big, TRADE)
    assert _imported(big, _plain(big, Filter(text="bilateral"))) == 0     # the row is away
    undo_import(big, s.import_id)
    flt = Filter(text="BILATERAL trade")
    expected = _plain(big, flt)
    assert _imported(big, expected) == 1                          # the restored row
    assert text_index.count_candidates(big, TRADE, "bilateral trade", 10 ** 9) >= 1
    assert _indexed(big, flt) == expected
    assert bt.text_order_now(big, TRADE, flt, Order()) is not None


def test_a_place_named_after_its_rows_were_indexed_is_found_by_its_name(big):
    """The index holds the names the filter reads through joins: a place added or
    renamed by an import rebuilds it (the rows' own text did not change)."""
    with big:
        big.execute("INSERT INTO main.trade_figures(figure_id, topic, measure, reporter, partner, flow, period,"
                    " period_precision, value, unit, status, source_file, source_row)"
                    " VALUES ('q-1', 'trade', 'value', 'quux-9', 'china', 'export', '2021-02', 'month', 2.0,"
                    " 'million USD', 'actual', 'test.csv', 1)")
        indexes.refresh_rollups(big, ["trade_figures"], analyze="auto")
        big.execute("INSERT INTO main.places(place_id, name_en, name_ru, kind) "
                    "VALUES ('quux-9', 'Quuxtown', 'Куксград', 'city')")
        indexes.refresh_rollups(big, ["places"], analyze="auto")
    for text in ("quuxtown", "КУКСГРАД"):
        flt = Filter(text=text)
        assert _plain(big, flt) == ["q-1"]
        assert text_index.candidate_clause(big, TRADE, text.casefold()) is not None
        assert _indexed(big, flt) == ["q-1"]
