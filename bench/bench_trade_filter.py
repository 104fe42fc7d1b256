"""Trade pane: the imported monthly series re-aggregated and redrawn after a
reporter facet change, against the bare SQL roll-up it reads, on the SYNTHETIC
workspace every benchmark shares (``bench.synthetic.workspace``: indexes and
rollup tables built, as an import leaves them). Run by name:

    python -m bench.run_all bench_trade_filter      (AMUR_BENCH_ROWS, AMUR_BENCH_ROUNDS)

  A  what the pane does for that chart: explorer.data.trade_view.monthly_view
     (the month-precision sums in SQL), unit conversion, the lines drawn and painted
     (its tab is the one shown, so repaint() paints it)
  B  the SQL monthly_view runs (recorded with set_trace_callback), replayed bare
Both warmed first; A B A B …; min/median/max of the per-round ratio.
"""
from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROWS = int(os.environ.get("AMUR_BENCH_ROWS", "1000000"))
ROUNDS = int(os.environ.get("AMUR_BENCH_ROUNDS", "15"))


def main() -> int:
    from bench.common import report_rounds
    from bench.synthetic import PROVINCES, workspace
    from explorer.data.filters import Filter
    from explorer.data.trade_view import monthly_view
    from explorer.ui.launch import create_window, make_app
    from explorer.ui.render import wait_ready

    print(f"(SYNTHETIC data: {ROWS:,} generated rows, never bundled)")
    store = workspace(ROWS)
    app = make_app()
    win = create_window(store, "trade")
    win.resize(1280, 800)
    win.show()
    pane = win.pane("trade")
    wait_ready(app, pane)
    conn = pane.ctx.conn
    from explorer.ui.widgets.trade_charts import MONTHLY_TAB

    pane.charts.tabs.setCurrentIndex(MONTHLY_TAB)   # the chart on screen, so each redraw is painted
    app.processEvents()
    chart, rates, unit = pane.charts.series, pane.rates, pane.unit
    assert chart.plot.isVisible(), "the monthly chart is not shown: its redraw would not be painted"
    filters = [Filter(facets={"reporter": p}) for p in PROVINCES[:6]]

    recorded: dict[int, list[str]] = {}
    for i, flt in enumerate(filters):   # the SQL monthly_rollup runs, values inlined, replayed bare
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        monthly_view(conn, flt, unit, rates)
        conn.set_trace_callback(None)
        recorded[i] = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH", "PRAGMA"))]

    def bare(flt: Filter) -> float:
        t = time.perf_counter()
        for sql in recorded[filters.index(flt)]:
            conn.execute(sql).fetchall()
        return time.perf_counter() - t

    def redraw(flt: Filter) -> tuple[float, float]:
        """(summed and drawn, summed, drawn and painted)"""
        t = time.perf_counter()
        chart.draw(monthly_view(conn, flt, unit, rates))
        drawn = time.perf_counter() - t
        chart.plot.repaint()
        app.processEvents()
        return drawn, time.perf_counter() - t

    for flt in filters:                 # warm both
        bare(flt), redraw(flt)
    ta, ta_unpainted, tb = [], [], []
    for i in range(ROUNDS):
        flt = filters[i % len(filters)]
        drawn, painted = redraw(flt)
        ta.append(painted)
        ta_unpainted.append(drawn)
        tb.append(bare(flt))
    ok = report_rounds("imported series: re-aggregate + redraw", ta, tb, 1.5, "bare roll-up SQL")
    # the same without Qt's paint of the plot (what this row measured before the chart was shown)
    report_rounds("    the same, before the paint", ta_unpainted, tb, 1.5, "bare roll-up SQL")
    win.ctx.closing = True
    win.remember_state = False       # the analyst's own remembered layout is not the benchmark's to change
    win.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
