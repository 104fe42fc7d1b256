"""Index and rollup building at import (explorer.data.indexes.build_all) on
1,000,000 SYNTHETIC trade rows vs the sqlite3 shell's `.import` of the same
rows as a CSV file, A B A B …, medians (target ≤ 2.5×)."""
from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("AMUR_BENCH_ROWS", "1000000"))


def main() -> int:
    from bench.common import report
    from bench.synthetic import INSERT_SQL, rows
    from explorer.data.indexes import INDEXES, ROLLUPS, build_all
    from explorer.data.schema import schema_sql

    shell = shutil.which("sqlite3")
    if shell is None:
        print("SKIPPED: no sqlite3 shell on PATH (apt-get install sqlite3) — it is the reference")
        return 0
    print(f"(SYNTHETIC data: {ROWS:,} generated rows, never bundled)")
    with tempfile.TemporaryDirectory(prefix="amur-bench-SYNTHETIC-") as tmp:
        tmp = Path(tmp)
        src = tmp / "SYNTHETIC-trade.csv"
        with src.open("w", newline="") as fh:
            w = csv.writer(fh)
            for r in rows(ROWS):
                w.writerow(r)
        base = tmp / "base.sqlite"
        conn = sqlite3.connect(base)
        conn.executescript(schema_sql())
        with conn:
            conn.executemany(INSERT_SQL, rows(ROWS))
        conn.close()

        def build() -> float:
            db = tmp / "build.sqlite"
            shutil.copy(base, db)
            c = sqlite3.connect(db)
            t = time.perf_counter()
            build_all(c)
            dt = time.perf_counter() - t
            c.close()
            db.unlink()
            return dt

        def shell_import() -> float:
            db = tmp / "shell.sqlite"
            t = time.perf_counter()
            subprocess.run([shell, str(db), "-cmd", ".mode csv", f".import {src} t"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            dt = time.perf_counter() - t
            db.unlink()
            return dt

        ta, tb = [], []
        for _ in range(3):
            ta.append(build())
            tb.append(shell_import())
        report(f"{len(INDEXES)} indexes + {len(ROLLUPS)} rollup build", statistics.median(ta),
               statistics.median(tb), 2.5, "sqlite3 .import")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
