"""Filter change on the 1,000,000-row (SYNTHETIC) Trade table → table and
chart data updated, vs the bare SQL queries behind them, A B A B …, medians
(target ≤ 1.5×).

  A  SqlTableModel.set_filter(reporter facet) + the visible page read and
     painted + the chart's roll-up (explorer.data.indexes.monthly_rollup)
  B  the bare SQL: count(*) on the reporter index, the first 256 row ids in
     order, those rows, and the roll-up table query
"""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROWS = int(os.environ.get("AMUR_BENCH_ROWS", "1000000"))


def main() -> int:
    from PySide6.QtWidgets import QApplication, QTableView

    from bench.common import report
    from bench.synthetic import PROVINCES, workspace
    from explorer.data import query as q
    from explorer.data.indexes import monthly_rollup
    from explorer.data.query import Filter
    from explorer.data.tables import TRADE
    from explorer.ui.models.sql_table import SqlTableModel

    print(f"(SYNTHETIC data: {ROWS:,} generated rows, never bundled)")
    store = workspace(ROWS)
    app = QApplication.instance() or QApplication([])
    conn = store.connect(readonly_workspace=True)
    view = QTableView()
    view.resize(1200, 700)
    model = SqlTableModel(conn, TRADE)
    view.setModel(model)
    view.show()
    model.wait_ordered()

    def pane(i: int) -> float:
        p = PROVINCES[i % len(PROVINCES)]
        t = time.perf_counter()
        model.set_filter(Filter(facets={"reporter": p}))
        view.repaint()
        monthly_rollup(conn, {"reporter": p})
        return time.perf_counter() - t

    def bare(i: int) -> float:
        p = PROVINCES[i % len(PROVINCES)]
        t = time.perf_counter()
        conn.execute("SELECT count(*) FROM main.trade_figures WHERE reporter = ?", (p,)).fetchone()
        ids = [r[0] for r in conn.execute("SELECT rowid FROM main.trade_figures WHERE reporter = ? "
                                          "ORDER BY period, figure_id LIMIT 256", (p,))]
        q.fetch_by_rids(conn, TRADE, ids[:40])            # the rows a 700-px view shows
        conn.execute("SELECT year, reporter, unit, sum(total), sum(n) FROM main.rollup_trade_monthly_year "
                     "WHERE reporter = ? GROUP BY 1, 2, 3", (p,)).fetchall()
        return time.perf_counter() - t

    ta, tb = [], []
    for i in range(11):
        ta.append(pane(i))
        tb.append(bare(i + 1))
    model.wait_ordered()
    report("filter change → table + chart data", statistics.median(ta), statistics.median(tb), 1.5, "bare SQL")
    model._orderer.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
