"""Issue 14: an import's memory must not grow with the workspace (1.8–2.3 GB into a
1.45M-row workspace when every existing key was held in a Python dict). Real
processes: each import runs in a fresh ``amur-explorer import`` under
``/usr/bin/time -v``, which reports that process's own peak RSS (not getrusage in
a child of this process: across fork+exec a child's ru_maxrss starts from the
parent's high-water mark). bench/bench_import_memory.py measures the full
200k-into-1M case against an empty workspace."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.conftest import REPO, cli_env, write_trade_csv

TIME = "/usr/bin/time"
#: Two workspace sizes: what an import costs beyond the first must not grow with the second.
#: SQLite's caches are bounded (the importing connection's 64 MiB page cache, its sorter) and
#: near full at the smaller size already; the old per-key dict cost ~1.4 KiB a row (+400 MiB
#: from 300k to 600k rows here).
SMALLER, LARGER = 300_000, 600_000
ALLOWED_GROWTH_MIB = 64


def _peak_mib(store, csv_path: Path) -> float:
    done = subprocess.run([TIME, "-v", sys.executable, "-m", "explorer", "--db", str(store.workspace),
                           "import", str(csv_path)], cwd=REPO, capture_output=True, text=True,
                          env={**cli_env(store), "AMUR_AUTO_BACKUP": "0"}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1]) / 1024


@pytest.mark.slow
@pytest.mark.skipif(shutil.which(TIME) is None, reason="needs /usr/bin/time (apt-get install time)")
def test_import_memory_does_not_grow_with_the_workspace(mini_bundled_path, tmp_path, tally):
    from explorer.data.db import Store

    incoming = write_trade_csv(tmp_path / "incoming.csv", 5_000)
    peaks = []
    for rows in (SMALLER, LARGER):
        store = Store(workspace=tmp_path / f"ws{rows}.sqlite", bundled=mini_bundled_path)
        _fill(store, rows)
        peaks.append(_peak_mib(store, incoming))
        assert _count(store) == rows + 5_000
    assert peaks[1] - peaks[0] <= ALLOWED_GROWTH_MIB, peaks
    print("peak RSS (MiB) of the same import into", SMALLER, "and", LARGER, "rows:", peaks)
    tally.record(trials=2, rows_checked=SMALLER + LARGER + 10_000)


def _fill(store, rows: int) -> None:
    """SYNTHETIC monthly figures written in SQL (seconds, where row-by-row inserts take
    a minute), then the workspace's indexes built as an import leaves them."""
    from explorer.data.indexes import INDEXES, ensure_indexes, refresh_rollups

    conn = store.connect()
    with conn:
        for name in INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS main.{name}")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO main.trade_figures(figure_id, topic, measure, reporter, partner, flow, commodity, period, "
            "period_precision, value, unit, status, source_file, source_row) "
            "SELECT 'syn-' || i, 'trade', 'value', 'synthetic-province-' || (i % 25), 'russia', "
            "CASE i % 2 WHEN 0 THEN 'export' ELSE 'import' END, 'SYN' || (i / 3000), "
            "(2015 + (i / 12) % 10) || '-' || printf('%02d', 1 + i % 12), 'month', (i % 5000) / 10.0, "
            "'million USD', 'actual', 'SYNTHETIC-test.csv', i FROM n", (rows,))
        ensure_indexes(conn)
        refresh_rollups(conn)
    conn.close()


def _count(store) -> int:
    from tests.faults.conftest import count_rows

    return count_rows(store.workspace)
