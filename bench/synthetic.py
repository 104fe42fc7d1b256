"""SYNTHETIC data for benchmarks and scale tests — never bundled, never real.

A monthly province x commodity trade table written straight into a
workspace's ``main.trade_figures`` with plain SQL inserts, each row marked
with ``source_file = 'SYNTHETIC-bench.csv'`` and its ``source_row``.
"""
from __future__ import annotations

import random
import sqlite3

SOURCE_FILE = "SYNTHETIC-bench.csv"
PROVINCES = [f"synthetic-province-{i:02d}" for i in range(25)]
MONTHS = [f"{y}-{m:02d}" for y in range(2015, 2025) for m in range(1, 13)]
FLOWS = ("export", "import")

INSERT_SQL = (
    "INSERT INTO main.trade_figures(figure_id, topic, measure, reporter, partner, flow, commodity, period,"
    " period_precision, value, unit, status, description, source_file, source_row)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


def rows(n: int, seed: int = 42):
    """n synthetic rows (tuples for INSERT_SQL)."""
    rng = random.Random(seed)
    per = len(MONTHS) * len(PROVINCES)
    k = 0
    for c in range(n // per + 1):
        commodity = f"SYN{c:04d}"
        for p in PROVINCES:
            for m in MONTHS:
                if k == n:
                    return
                k += 1
                flow = FLOWS[k & 1]
                yield (f"syn-{k:08d}", "trade", "value", p, "russia", flow, commodity, m, "month",
                       round(rng.uniform(0.1, 50.0), 2), "million USD", "actual",
                       f"synthetic {flow} of {commodity}", SOURCE_FILE, k)


def generate(conn: sqlite3.Connection, n: int, seed: int = 42) -> None:
    """Insert n SYNTHETIC rows into the workspace's trade_figures in one transaction."""
    with conn:
        conn.executemany(INSERT_SQL, rows(n, seed))


def workspace(n: int):
    """A Store over a SYNTHETIC workspace of n trade rows (plus indexes and rollups),
    generated once into the temp directory and reused by every benchmark of a run.
    The bundled side is the tiny test fixture database."""
    import tempfile
    from pathlib import Path

    from explorer.data.build import build
    from explorer.data.db import Store
    from explorer.data.indexes import build_all

    root = Path(tempfile.gettempdir()) / "amur-bench-SYNTHETIC"
    root.mkdir(exist_ok=True)
    bundled = root / "mini.sqlite"
    if not bundled.exists():
        build(bundled, Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini_curated")
    ws = root / f"synthetic-{n}.sqlite"
    done = root / f"synthetic-{n}.done"
    store = Store(workspace=ws, bundled=bundled)
    if not done.exists():
        for p in (ws, ws.with_name(ws.name + "-wal"), ws.with_name(ws.name + "-shm")):
            p.unlink(missing_ok=True)
        conn = store.connect()
        generate(conn, n)
        build_all(conn)
        conn.close()
        done.touch()
    return store
