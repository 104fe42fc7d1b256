"""Whether a workspace's rollups are fresh is remembered per connection: a new
connection to another workspace never gets a closed one's answer (a cache keyed
by id(conn) did, once CPython reused the id: the Trade charts then read a stale
rollup, or ignored a fresh one)."""
from __future__ import annotations

from explorer.data import indexes
from explorer.data.db import Store

ROW = ("INSERT INTO main.trade_figures(figure_id, topic, measure, reporter, partner, flow, period,"
       " period_precision, value, unit, status) VALUES ('x', 'trade', 'value', 'china', 'russia', 'export',"
       " '2020', 'year', 1, 'USD', 'actual')")


def test_a_new_connection_never_gets_a_closed_ones_answer(bundled_path, tmp_path):
    stale = Store(workspace=tmp_path / "stale.sqlite", bundled=bundled_path)
    fresh = Store(workspace=tmp_path / "fresh.sqlite", bundled=bundled_path)
    for store in (stale, fresh):
        conn = store.connect()
        with conn:
            conn.execute(ROW)
        conn.close()
    conn = fresh.connect()
    with conn:
        indexes.refresh_rollups(conn)
    conn.close()
    for _ in range(20):                 # alternate, so that ids get reused
        a = stale.connect(readonly_workspace=True)
        assert not indexes.rollups_fresh(a, "trade_figures")
        a.close()
        del a
        b = fresh.connect(readonly_workspace=True)
        assert indexes.rollups_fresh(b, "trade_figures")
        b.close()
        del b
