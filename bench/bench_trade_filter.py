"""Trade pane: re-aggregate and redraw after a filter change, as a ratio to
the bare SQL query, on a SYNTHETIC 1,000,000-row monthly province x commodity
table generated into a temporary workspace (never bundled, deleted after).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_trade_filter.py [--rows N] [--rounds R]

A and B alternate (A B A B ...) and medians are compared:
  A  the bare SQL roll-up the chart needs (sum by year x reporter x unit), fetched
  B  what the pane does on a filter change for its charts: the same roll-up via
     explorer.data.trade_series.monthly_rollup, unit conversion in Python, and
     the stacked bars redrawn and painted (chart.plot.repaint()).
The table model's own row count over the full table view is reported apart.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROVINCES = [f"synthetic-province-{i:02d}" for i in range(25)]


def generate(conn, rows: int) -> None:
    """SYNTHETIC monthly values: 25 made-up provinces x made-up commodities x months."""
    rng = random.Random(42)
    months = [f"{y}-{m:02d}" for y in range(2015, 2025) for m in range(1, 13)]
    per = len(months) * len(PROVINCES)
    commodities = [f"SYN{c:04d}" for c in range(rows // per + 1)]

    def gen():
        n = 0
        for c in commodities:
            for p in PROVINCES:
                for m in months:
                    if n == rows:
                        return
                    n += 1
                    yield (f"syn-{n}", "trade", "value", p, "russia", "export", c, m, "month",
                           round(rng.uniform(0.1, 50.0), 2), "million USD", "actual", "synthetic-bench.csv", n)

    with conn:
        conn.executemany(
            "INSERT INTO main.trade_figures(figure_id, topic, measure, reporter, partner, flow, commodity, period,"
            " period_precision, value, unit, status, source_file, source_row) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            gen())
        # a covering index for the roll-up's shape (FACTS.md: 100-200 ms scans become ms)
        conn.execute("CREATE INDEX IF NOT EXISTS main.bench_rollup ON trade_figures"
                     "(period_precision, measure, reporter, period, unit, value)")
        conn.execute("ANALYZE main")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()

    from explorer.data.build import build
    from explorer.data.db import Store
    from explorer.data.query import Filter
    from explorer.data.trade_series import monthly_rollup, rollup_query
    from explorer.ui.launch import create_window, make_app
    from explorer.ui.render import wait_ready

    with tempfile.TemporaryDirectory(prefix="amur-bench-") as tmp:
        tmp = Path(tmp)
        bundled = tmp / "mini.sqlite"
        build(bundled, REPO / "tests" / "fixtures" / "mini_curated")
        store = Store(workspace=tmp / "synthetic-workspace.sqlite", bundled=bundled)
        conn = store.connect()
        t = time.perf_counter()
        generate(conn, args.rows)
        print(f"generated {args.rows:,} synthetic rows in {time.perf_counter() - t:.1f} s")
        conn.close()

        app = make_app()
        win = create_window(store, "trade")
        win.resize(1280, 800)
        win.show()
        pane = win.pane("trade")
        wait_ready(app, pane)
        chart, rates, unit = pane.charts.series, pane.rates, pane.unit
        names = pane.charts._place_names(pane.ctx.conn)
        filters = [Filter(facets={"reporter": p}) for p in PROVINCES[:6]]

        a_times, b_times = [], []
        for i in range(args.rounds):
            flt = filters[i % len(filters)]
            sql, params = rollup_query(pane.ctx.conn, flt)
            t = time.perf_counter()
            pane.ctx.conn.execute(sql, params).fetchall()
            a_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            rows = monthly_rollup(pane.ctx.conn, flt)
            chart.draw(rows, unit, rates, names)
            chart.plot.repaint()
            app.processEvents()
            b_times.append(time.perf_counter() - t)
        a, b = statistics.median(a_times), statistics.median(b_times)
        print(f"A bare SQL roll-up        median {a * 1000:8.2f} ms")
        print(f"B re-aggregate + redraw   median {b * 1000:8.2f} ms")
        print(f"ratio B/A = {b / a:.2f}  (pane adds {(b - a) * 1000:.2f} ms over the query)")

        t = time.perf_counter()
        pane.set_facet("reporter", PROVINCES[1])
        print(f"(apart) table row count + first page over the full view after a facet change: "
              f"{(time.perf_counter() - t) * 1000:.0f} ms")
        win.ctx.closing = True
        win.close()
        win.ctx.conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
