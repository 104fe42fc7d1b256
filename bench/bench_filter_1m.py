"""Filter change on the 1,000,000-row (SYNTHETIC) Trade table → table and
chart data updated, vs the bare SQL queries behind them, A B A B …, medians
(target ≤ 1.5×).

  A  what the Trade pane does for a reporter facet: SqlTableModel.set_filter,
     the visible page read and painted (a view set up as the pane's table), and
     the chart data — trade_series.monthly_rollup (the rollup table) and
     trade_series.fetch_figures (the rows the charts draw)
  B  the bare SQL: count(*) on the reporter index, the first 256 row ids in
     order, the 40 rows a 700-px view shows, the rollup table query, and the
     SQL fetch_figures runs

A breakdown of A (median ms per step) follows the ratio: where the time goes.
The ordering thread starts after the paint (explorer.ui.models.sql_table), so
it is not timed here; `model.wait_ordered()` runs between rounds.
"""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROWS = int(os.environ.get("AMUR_BENCH_ROWS", "1000000"))


class _Capture:
    """Records the SQL a data function runs (to time the same SQL bare)."""

    def __init__(self, conn) -> None:
        self.conn, self.sql = conn, []

    def execute(self, sql, params=()):
        self.sql.append((sql, list(params)))
        return self.conn.execute(sql, params)


def main() -> int:
    from PySide6.QtWidgets import QApplication, QTableView

    from bench.common import report
    from bench.synthetic import PROVINCES, workspace
    from explorer.data import query as q
    from explorer.data import trade_series as ts
    from explorer.data.query import Filter
    from explorer.data.tables import TRADE
    from explorer.ui.models.sql_table import SqlTableModel

    print(f"(SYNTHETIC data: {ROWS:,} generated rows, never bundled)")
    store = workspace(ROWS)
    app = QApplication.instance() or QApplication([])
    conn = store.connect(readonly_workspace=True)
    view = QTableView()
    view.resize(1200, 700)
    view.setWordWrap(False)                      # as TablePane sets its table
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    model = SqlTableModel(conn, TRADE)
    view.setModel(model)
    view.show()
    model.wait_ordered()
    ts.monthly_rollup(conn, Filter())            # warm the rollup freshness check (cached per data version)

    figures_sql = {}
    for p in PROVINCES:
        cap = _Capture(conn)
        ts.fetch_figures(cap, Filter(facets={"reporter": p}))
        figures_sql[p] = cap.sql[-1]

    steps: dict[str, list[float]] = {"set_filter (count, first ids)": [], "page read + paint": [],
                                     "monthly_rollup": [], "fetch_figures": []}

    def pane(i: int) -> float:
        p = PROVINCES[i % len(PROVINCES)]
        flt = Filter(facets={"reporter": p})
        t0 = time.perf_counter()
        model.set_filter(flt)
        t1 = time.perf_counter()
        view.repaint()
        t2 = time.perf_counter()
        ts.monthly_rollup(conn, flt)
        t3 = time.perf_counter()
        ts.fetch_figures(conn, flt)
        t4 = time.perf_counter()
        for name, dt in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            steps[name].append(dt)
        return t4 - t0

    def bare(i: int) -> float:
        p = PROVINCES[i % len(PROVINCES)]
        t = time.perf_counter()
        conn.execute("SELECT count(*) FROM main.trade_figures WHERE reporter = ?", (p,)).fetchone()
        ids = [r[0] for r in conn.execute("SELECT rowid FROM main.trade_figures WHERE reporter = ? "
                                          "ORDER BY period, figure_id LIMIT 256", (p,))]
        q.fetch_by_rids(conn, TRADE, ids[:40])            # the rows a 700-px view shows
        conn.execute("SELECT year, reporter, unit, sum(total), sum(n) FROM main.rollup_trade_monthly_year "
                     "WHERE reporter = ? GROUP BY 1, 2, 3", (p,)).fetchall()
        conn.execute(*figures_sql[p]).fetchall()
        return time.perf_counter() - t

    ta, tb = [], []
    for i in range(11):
        ta.append(pane(i))
        tb.append(bare(i + 1))
        model.wait_ordered()          # the order of this filter, off the clock (as the analyst reads)
    report("filter change → table + chart data", statistics.median(ta), statistics.median(tb), 1.5, "bare SQL")
    print("  where A's time goes (median ms): " +
          ", ".join(f"{name} {statistics.median(v) * 1000:.1f}" for name, v in steps.items()))
    model._orderer.stop()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
