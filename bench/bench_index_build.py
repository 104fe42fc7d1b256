"""Index and rollup building at import (explorer.data.indexes.build_all) on
1,000,000 SYNTHETIC trade rows vs the sqlite3 shell's `.import` of the same
rows as a CSV file, A B A B …, min/median/max of the ratio (target ≤ 2.0×);
the free-text index (explorer.data.text_index) is timed apart and with the rest."""
from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("AMUR_BENCH_ROWS", "1000000"))


def main() -> int:
    from bench.common import report_rounds
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

        def text_index_build() -> float:
            """The free-text trigram index (explorer.data.text_index), through a Store
            connection: it reads place and document names through the app's views."""
            from explorer.data import text_index
            from explorer.data.db import Store
            from explorer.data.tables import TRADE

            db = tmp / "fts.sqlite"
            shutil.copy(base, db)
            c = Store(workspace=db, bundled=bundled).connect()
            t = time.perf_counter()
            with c:
                text_index.ensure_text_index(c, TRADE)
            dt = time.perf_counter() - t
            c.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            return dt

        from bench.synthetic import workspace

        bundled = workspace(1).bundled           # the tiny bundled fixture database
        ta, tb, tc = [], [], []
        for _ in range(3):
            ta.append(build())
            tb.append(shell_import())
            tc.append(text_index_build())
        report_rounds(f"{len(INDEXES)} indexes + {len(ROLLUPS)} rollup build", ta, tb, 2.0, "sqlite3 .import")
        report_rounds("free-text trigram index build", tc, tb, 2.0, "sqlite3 .import")
        report_rounds("all of it (indexes, rollups, text index)", [a + c for a, c in zip(ta, tc)], tb, 2.0,
                      "sqlite3 .import")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
