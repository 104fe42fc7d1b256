"""The windowed table model over a big (SYNTHETIC) imported table: rows by id,
never more than a bounded number held, sort and filter in SQL, the count
label following the background count."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bench.synthetic import PROVINCES, generate
from explorer.data import indexes
from explorer.data import big_tables as bt
from explorer.data.query import count_rows, fetch_rows
from explorer.data.filters import Filter, Order
from explorer.data.tables import TRADE
from explorer.ui.models import sql_table
from explorer.ui.models.sql_table import MAX_PAGES, PAGE_SIZE, SqlTableModel

N = 5000


@pytest.fixture
def big(conn, monkeypatch):
    generate(conn, N)
    indexes.build_all(conn)
    monkeypatch.setattr(bt, "BIG_ROWS", 1000)
    return conn


def _walk(model, step=97):
    for row in range(0, model.rowCount(), step):
        model.data(model.index(row, 0))
    model.data(model.index(model.rowCount() - 1, 0))


def test_big_table_opens_jumps_to_its_end_and_holds_few_rows(qtbot, big):
    model = SqlTableModel(big, TRADE)
    assert model.big
    total = count_rows(big, TRADE)
    assert model.rowCount() == total                    # counted from indexes at once
    first = fetch_rows(big, TRADE, limit=1)[0]
    assert model.data(model.index(0, 0)) == first[1]   # the first page before any background work
    qtbot.waitUntil(lambda: not model.pending, timeout=30000)
    last = fetch_rows(big, TRADE, offset=total - 1, limit=1)[0]
    assert model.key(total - 1) == last[0]
    _walk(model)
    assert model.cached_row_count() <= PAGE_SIZE * MAX_PAGES


def test_sort_and_filter_are_answered_by_sql(qtbot, big):
    model = SqlTableModel(big, TRADE)
    col = TRADE.keys.index("value")
    model.sort(col, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not model.pending, timeout=30000)
    expected = fetch_rows(big, TRADE, Filter(), Order("value", True), limit=3)
    assert [model.key(i) for i in range(3)] == [r[0] for r in expected]
    flt = Filter(text="syn0001", facets={"reporter": PROVINCES[2]})
    model.set_filter(flt)
    qtbot.waitUntil(lambda: not model.pending, timeout=30000)
    assert model.rowCount() == count_rows(big, TRADE, flt) > 0
    key = fetch_rows(big, TRADE, flt, Order("value", True), offset=5, limit=1)[0][0]
    assert model.row_of_key(key) == 5
    _walk(model, 13)
    assert model.cached_row_count() <= PAGE_SIZE * MAX_PAGES


def test_typing_fast_leaves_only_the_last_filter(qtbot, big):
    model = SqlTableModel(big, TRADE)
    for text in ("s", "sy", "syn", "syn00", "syn0002"):
        model.set_filter(Filter(text=text))
    qtbot.waitUntil(lambda: not model.pending, timeout=30000)
    assert model.rowCount() == count_rows(big, TRADE, Filter(text="syn0002"))


def test_count_label_follows_the_background_count(qtbot, big, store, monkeypatch):
    from explorer.ui.launch import create_window

    win = create_window(store, "trade")
    qtbot.addWidget(win)
    pane = win.pane("trade")
    pane.filter_edit.setText("syn0001")
    pane.apply_filter()
    qtbot.waitUntil(lambda: not pane.model.pending, timeout=30000)
    expected = count_rows(pane.ctx.conn, TRADE, Filter(text="syn0001"))
    assert pane.count_label.text() == f"{expected:,} rows"


def test_small_tables_stay_on_the_plain_path(conn):
    assert not SqlTableModel(conn, TRADE).big
    assert sql_table.PAGE_SIZE * sql_table.MAX_PAGES < 10_000


def test_first_page_of_a_text_filter_shows_before_the_background_order(qtbot, big, monkeypatch):
    """A common word: the first rows come off the order's index at once; the full
    order (held back here until released) then fills the count."""
    import threading

    release = threading.Event()
    real = bt.ordered_rids

    def held(*args, **kwargs):
        release.wait(30)
        return real(*args, **kwargs)

    model = SqlTableModel(big, TRADE)
    qtbot.waitUntil(lambda: not model.pending, timeout=30000)
    monkeypatch.setattr(bt, "ordered_rids", held)
    monkeypatch.setattr(bt, "FEW_CANDIDATES", 100)     # 5,000 rows stand for a million: "export" is common
    flt = Filter(text="Export")
    expected = fetch_rows(big, TRADE, flt)
    model.set_filter(flt)
    qtbot.wait(300)                                   # the order job is submitted and held
    assert model.pending
    assert [model.key(i) for i in range(PAGE_SIZE)] == [r[0] for r in expected[:PAGE_SIZE]]
    assert model.data(model.index(0, 0)) == expected[0][1]
    release.set()
    qtbot.waitUntil(lambda: not model.pending, timeout=30000)
    assert model.rowCount() == len(expected)
    assert model.key(len(expected) - 1) == expected[-1][0]


def test_the_first_page_is_whole_before_and_after_the_order_though_read_a_screenful_first(qtbot, big, monkeypatch):
    """Before the order is in, the first read covers FIRST_ROWS rows: asking for a row
    further down the first page reads the rest of it (facets and free text alike), and
    once the order is in no row of that page is left blank."""
    import threading

    release = threading.Event()
    real = bt.ordered_rids

    def held(*args, **kwargs):
        release.wait(30)
        return real(*args, **kwargs)

    model = SqlTableModel(big, TRADE)
    qtbot.waitUntil(lambda: not model.pending, timeout=30000)
    monkeypatch.setattr(bt, "ordered_rids", held)
    monkeypatch.setattr(bt, "FEW_CANDIDATES", 100)
    for flt in (Filter(facets={"flow": "export"}), Filter(text="export")):
        expected = [r[0] for r in fetch_rows(big, TRADE, flt)]
        assert len(expected) > PAGE_SIZE + 10
        for ask_whole_page_early in (True, False):
            release.clear()
            model.set_filter(flt)
            assert model.pending
            assert model.key(0) == expected[0]                  # the screenful read first
            if ask_whole_page_early:
                assert [model.key(i) for i in range(PAGE_SIZE)] == expected[:PAGE_SIZE]
            release.set()
            qtbot.waitUntil(lambda: not model.pending, timeout=30000)
            assert [model.key(i) for i in range(PAGE_SIZE + 10)] == expected[:PAGE_SIZE + 10]
            model.set_filter(Filter())
            qtbot.waitUntil(lambda: not model.pending, timeout=30000)


def test_a_rare_word_is_ordered_and_counted_at_once(qtbot, big):
    model = SqlTableModel(big, TRADE)
    qtbot.waitUntil(lambda: not model.pending, timeout=30000)
    for text in ("syn0001 import", "no-such-word"):
        flt = Filter(text=text)
        model.set_filter(flt)
        assert not model.pending and not model.counting          # no background work needed
        expected = fetch_rows(big, TRADE, flt)
        assert model.rowCount() == len(expected)
        assert [model.key(i) for i in range(len(expected))] == [r[0] for r in expected]


def test_a_workspace_without_the_text_index_gets_it_off_the_ui_thread(qtbot, big):
    """An older workspace (no trigram index) or an import's unindexed tail: the
    index is built by a background writer once a big table is shown."""
    from explorer.data import text_index

    with big:
        big.execute("DROP TABLE main.fts_trade")
        big.execute("DELETE FROM main.fts_stamp")
    assert text_index.lagging(big)
    model = SqlTableModel(big, TRADE)               # opening the big table starts the writer
    assert model.big
    qtbot.waitUntil(lambda: not text_index.lagging(big), timeout=60000)
    top = big.execute("SELECT max(rowid) FROM main.trade_figures").fetchone()[0]
    assert text_index.indexed_upto(big, TRADE) == top
    flt = Filter(text="SYN0003 import")
    assert text_index.candidate_clause(big, TRADE, flt.text.casefold()) is not None
    assert [r[0] for r in bt.fetch_by_rids(big, TRADE, list(bt.ordered_rids(big, TRADE, flt, Order())))] == [
        r[0] for r in fetch_rows(big, TRADE, flt)]
