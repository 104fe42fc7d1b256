"""A facet change on the 1,000,000-row (SYNTHETIC) Trade pane → its table and
its charts repainted, against the bare SQL behind them, in the same run
(target ≤ 1.5×).

  A  the real window's Trade pane: ``set_facet("reporter", …)`` (as choosing in
     the combo box does: no debounce), then the window repainted — table page
     and the visible chart.
  B  every SQL statement A ran on the window's connection for that same facet
     (recorded with ``set_trace_callback`` on an untimed run, values inlined),
     replayed bare and fetched.

Both sides are warmed first (each province once, untimed). Rounds alternate
A B A B …; the min/median/max of the per-round ratio is printed. The table's
background order runs off the clock (``wait_ordered`` between rounds).
"""
from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROWS = int(os.environ.get("AMUR_BENCH_ROWS", "1000000"))
ROUNDS = int(os.environ.get("AMUR_BENCH_ROUNDS", "9"))


def main() -> int:
    from bench.common import report_rounds
    from bench.synthetic import PROVINCES, workspace
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
    provinces = PROVINCES[:ROUNDS]

    def pane_change(p: str) -> float:
        pane.set_facet("reporter", None)
        pane.model.wait_ordered()
        app.processEvents()
        t = time.perf_counter()
        pane.set_facet("reporter", p)
        win.repaint()
        dt = time.perf_counter() - t
        pane.model.wait_ordered()
        return dt

    recorded: dict[str, list[str]] = {}
    for p in provinces:                         # warm A, and record the SQL it runs
        pane.set_facet("reporter", None)
        pane.model.wait_ordered()
        app.processEvents()
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        pane.set_facet("reporter", p)
        win.repaint()
        conn.set_trace_callback(None)
        recorded[p] = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        pane.model.wait_ordered()

    def bare(p: str) -> float:
        t = time.perf_counter()
        for sql in recorded[p]:
            conn.execute(sql).fetchall()
        return time.perf_counter() - t

    for p in provinces:                         # warm B
        bare(p)
    ta, tb = [], []
    for p in provinces:
        ta.append(pane_change(p))
        tb.append(bare(p))
    ok = report_rounds("facet change → table + charts repainted", ta, tb, 1.5, "bare SQL behind them")
    print(f"    ({sum(len(v) for v in recorded.values()) / len(recorded):.0f} statements a change)")
    win.ctx.closing = True
    win.remember_state = False       # the analyst's own remembered layout is not the benchmark's to change
    win.close()
    app.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
