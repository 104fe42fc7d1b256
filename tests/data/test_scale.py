"""Big tables read by row id give exactly the rows, order and counts of the
plain path (a few thousand SYNTHETIC rows, with the 'big' threshold lowered)."""
from __future__ import annotations

import pytest

from bench.synthetic import PROVINCES, generate
from explorer.data import indexes
from explorer.data import big_tables as bt
from explorer.data import query as q
from explorer.data.query import count_rows, fetch_rows
from explorer.data.filters import Filter, Order
from explorer.data.tables import TRADE

N = 3000


@pytest.fixture
def big(conn, monkeypatch):
    generate(conn, N)
    indexes.build_all(conn)
    monkeypatch.setattr(bt, "BIG_ROWS", 1000)
    return conn


FILTERS = [
    Filter(),
    Filter(facets={"flow": "export"}),
    Filter(facets={"reporter": PROVINCES[3]}),
    Filter(facets={"reporter": "Russia"}),              # a place shown by its English name
    Filter(facets={"measure": ("value", "growth")}),
    Filter(text="syn0000 export"),
    Filter(text="Россия"),                               # Cyrillic goes through fold()
    Filter(text="no-such-word-anywhere"),
]
ORDERS = [Order(), Order("period", True), Order("value"), Order("reporter", True), Order("growth_computed")]


@pytest.mark.parametrize("flt", FILTERS, ids=repr)
@pytest.mark.parametrize("order", ORDERS, ids=repr)
def test_big_path_gives_the_same_rows_in_the_same_order(big, flt, order):
    assert bt.is_big(big, TRADE)
    expected = fetch_rows(big, TRADE, flt, order)
    rids = bt.ordered_rids(big, TRADE, flt, order)
    assert len(rids) == len(expected) == count_rows(big, TRADE, flt)
    got = []
    for start in range(0, len(rids), 256):
        got += bt.fetch_by_rids(big, TRADE, list(rids[start:start + 256]))
    assert [r[0] for r in got] == [r[0] for r in expected]
    assert got == expected
    quick = bt.quick_count(big, TRADE, flt)
    assert quick is None or quick == len(expected)
    head = bt.head_rids(big, TRADE, flt, order, 256)
    assert head is None or head == list(rids[:256])


def test_facets_and_default_order_come_straight_off_an_index(big):
    assert bt.head_rids(big, TRADE, Filter(), Order(), 10) is not None
    assert bt.head_rids(big, TRADE, Filter(facets={"flow": "import"}), Order(), 10) is not None
    assert bt.quick_count(big, TRADE, Filter(facets={"reporter": PROVINCES[0]})) == count_rows(
        big, TRADE, Filter(facets={"reporter": PROVINCES[0]}))


def test_rollup_ranks_commodities_by_year(big):
    top = indexes.top_commodities(big, "2020", limit=3)
    assert top
    totals = big.execute(
        "SELECT commodity, sum(value) FROM main.trade_figures WHERE substr(period, 1, 4) = '2020' "
        "AND measure = 'value' AND commodity IS NOT NULL GROUP BY commodity ORDER BY 2 DESC LIMIT 3").fetchall()
    assert [t[0] for t in top] == [t[0] for t in totals]
    assert [round(t[2], 6) for t in top] == [round(t[1], 6) for t in totals]


@pytest.mark.parametrize("key", ["reporter", "partner", "flow", "measure", "status"])
def test_facet_lists_of_a_big_table_come_from_the_rollup_and_match(big, key):
    from explorer.data.indexes import rollups_fresh

    assert rollups_fresh(big, "trade_figures")
    fast = bt.distinct_from_rollup(big, TRADE, key)
    plain = [r[0] for r in big.execute(f"SELECT DISTINCT {key} FROM ({TRADE.select_sql()}) ORDER BY {key}")]
    assert fast == plain == q.distinct_values(big, TRADE, key)


def test_a_stale_rollup_is_not_used(big):
    big.execute(
        "INSERT INTO main.trade_figures(figure_id, topic, measure, status, flow) "
        "VALUES ('syn-extra', 'trade', 'value', 'actual', 'transit')")
    assert bt.distinct_from_rollup(big, TRADE, "flow") is None
    assert "transit" in q.distinct_values(big, TRADE, "flow")
