"""Chart queries (filter → aggregate) on 1,000,000 SYNTHETIC trade rows:
SQLite with the workspace's covering indexes and rollup vs the same query
run by DuckDB in memory on the same rows, A B A B …, medians (target ≤ 1.0×
for every query). DuckDB is a benchmark reference only: installed into the
venv on demand, never a dependency of the app."""
from __future__ import annotations

import os
import subprocess
import sys
import time

ROWS = int(os.environ.get("AMUR_BENCH_ROWS", "1000000"))


def _duckdb():
    try:
        import duckdb
        return duckdb
    except ImportError:
        print("installing duckdb into the venv for this benchmark only …")
        r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "duckdb"])
        if r.returncode:
            return None
        import duckdb
        return duckdb


def main() -> int:
    from bench.common import report_rounds
    from bench.synthetic import PROVINCES, workspace
    from explorer.data.filters import Filter
    from explorer.data.trade_rollups import rollup_query

    duckdb = _duckdb()
    if duckdb is None:
        print("SKIPPED: duckdb could not be installed (offline?) — it is the reference")
        return 0
    print(f"(SYNTHETIC data: {ROWS:,} generated rows, never bundled)")
    store = workspace(ROWS)
    conn = store.connect(readonly_workspace=True)
    ddb = duckdb.connect()
    ddb.execute("CREATE TABLE trade_figures(origin TEXT, period TEXT, period_precision TEXT, measure TEXT,"
                " reporter TEXT, commodity TEXT, flow TEXT, unit TEXT, value DOUBLE)")
    cur = conn.execute("SELECT 'workspace', period, period_precision, measure, reporter, commodity, flow, unit, value"
                       " FROM main.trade_figures")
    while True:
        chunk = cur.fetchmany(100_000)
        if not chunk:
            break
        ddb.execute("INSERT INTO trade_figures SELECT * FROM (VALUES " +
                        ",".join("(" + ",".join(_lit(v) for v in r) + ")" for r in chunk) + ")")
    queries = []
    for p in PROVINCES[:3]:
        sql, params = rollup_query(conn, Filter(facets={"reporter": p}))
        duck = sql.replace("all_trade_figures", "trade_figures")
        queries.append((f"monthly roll-up, reporter={p[-2:]}", sql, duck, params))
    sql, params = rollup_query(conn, Filter())
    queries.append(("monthly roll-up, no filter", sql, sql.replace("all_trade_figures", "trade_figures"), params))
    queries.append(("top commodities of a year",
                    "SELECT commodity, unit, sum(total) AS t FROM main.rollup_trade_commodity_year "
                    "WHERE year = ? GROUP BY commodity, unit ORDER BY t DESC LIMIT 10",
                    "SELECT commodity, unit, sum(value) AS t FROM trade_figures WHERE substr(period, 1, 4) = ? "
                    "AND measure = 'value' AND commodity IS NOT NULL GROUP BY commodity, unit ORDER BY t DESC LIMIT 10",
                    ["2020"]))
    from explorer.data.indexes import monthly_rollup, refresh_rollups, rollups_fresh
    if not rollups_fresh(conn, "trade_figures"):      # generated before a rollup existed
        with store.connect() as rw:
            refresh_rollups(rw, ["trade_figures"])
    for p in PROVINCES[:2]:
        sql, params = rollup_query(conn, Filter(facets={"reporter": p}))
        duck = sql.replace("all_trade_figures", "trade_figures")
        assert [tuple(round(x, 6) if isinstance(x, float) else x for x in r) for r in
                monthly_rollup(conn, {"reporter": p})] == \
            [tuple(round(x, 6) if isinstance(x, float) else x for x in r) for r in conn.execute(sql, params)]
        queries.append((f"monthly roll-up from rollup, reporter={p[-2:]}",
                        "SELECT year, reporter, unit, sum(total), sum(n) FROM main.rollup_trade_monthly_year "
                        "WHERE reporter IN (?) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", duck, params))
    for name, sql, duck, params in queries:
        ta, tb = [], []
        for _ in range(7):
            t = time.perf_counter()
            conn.execute(sql, params).fetchall()
            ta.append(time.perf_counter() - t)
            t = time.perf_counter()
            ddb.execute(duck, params).fetchall()
            tb.append(time.perf_counter() - t)
        report_rounds(name, ta, tb, 1.0, "DuckDB in memory")
    return 0


def _lit(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


if __name__ == "__main__":
    raise SystemExit(main())
