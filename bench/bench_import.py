"""Bulk import: a generated 1,000,000-row trade CSV through the real
validation path (``run_import``: detection, per-row checks, skip/replace,
one transaction), against the ``sqlite3`` shell's ``.import`` of the same
file into the same typed table (``trade_figures`` from db/schema.sql), in
the same run. Prints rows/s, peak memory and the ratio.

    python -m bench.bench_import [--rows N] [--rounds R] [--big]     (--big: 5,000,000 rows too)

Why this path: stdlib csv.reader + per-row checks + executemany batches in
ONE transaction keeps memory flat whatever the file size and adds nothing
to the installer; pyarrow+ADBC was faster (~1.1×) but holds 2–4× the file
in memory, and pandas/sqlite-utils were 0.06–0.55× (FACTS.md).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import PY, REPO

TARGET = 0.5

CHILD = """
import sys, time
from pathlib import Path
from bench.common import peak_rss_mib
from explorer.data.db import Store
from explorer.data.importing import run_import
store = Store(workspace=Path(sys.argv[1]), bundled=Path(sys.argv[2]))
conn = store.connect()
t, c = time.perf_counter(), time.process_time()
s = run_import(conn, Path(sys.argv[3]))
dt, dc = time.perf_counter() - t, time.process_time() - c
conn.close()
print(dt, dc, s.added, peak_rss_mib())   # this process's own peak, not one inherited through fork
"""


def generate(path: Path, rows: int) -> None:
    """Every column of trade_figures, so .import fills the same table; import columns left empty."""
    from explorer.data.schema import table_columns

    cols = table_columns()["trade_figures"]
    units = ("USD", "thousand USD", "million USD")
    flows = ("export", "import")
    # every column filled or left empty: a short line made .import warn once per row (on stderr,
    # 1M lines), which slowed the reference side
    tail = "," * (len(cols) - cols.index("status") - 1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(cols) + "\n")
        for i in range(rows):
            year, month = 1990 + (i // 12) % 35, 1 + i % 12
            fh.write(f"g{i},trade,value,china,russia,{flows[i % 2]},{i % 9973:04d},{year}-{month:02d},month,"
                     f"{(i * 7919) % 1000003 / 10},,{units[i % 3]},,actual{tail}\n")


def _run(cmd: list[str], stdin: str | None = None) -> tuple[float, float, str]:
    """Run a child; (wall seconds, CPU seconds of the child, stdout). CPU time is the fairer
    measure on a shared, loaded machine; both are printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(cmd, cwd=REPO, input=stdin, text=True, check=True, capture_output=True).stdout
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def sqlite_import(csv_path: Path, workdir: Path, with_indexes: bool = False) -> tuple[float, float] | None:
    shell = shutil.which("sqlite3")
    if shell is None:
        return None
    db = workdir / "shell.sqlite"
    db.unlink(missing_ok=True)
    schema = (REPO / "db" / "schema.sql").read_text(encoding="utf-8")
    if with_indexes:       # the workspace's own indexes on trade_figures (explorer/data/indexes.py)
        from explorer.data.indexes import INDEXES

        schema += "".join(f"\nCREATE INDEX {n} ON {t}({c});" for n, (t, c) in INDEXES.items())
    wall, cpu, _ = _run([shell, str(db)], f"{schema}\n.mode csv\n.import --skip 1 {csv_path} trade_figures\n")
    return wall, cpu


def ours(csv_path: Path, workdir: Path, bundled: Path) -> tuple[float, float, int, float]:
    ws = workdir / "ws.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(ws) + suffix).unlink(missing_ok=True)
    _, _, out = _run([PY, "-c", CHILD, str(ws), str(bundled), str(csv_path)])
    wall, cpu, added, rss = out.split()
    return float(wall), float(cpu), int(added), float(rss)


def bench(rows: int, workdir: Path, bundled: Path, rounds: int) -> None:
    """``rounds`` rounds of .import then ours (each in a fresh process), the ratio per round:
    rows/s of ours over rows/s of .import, i.e. .import's time over ours (≥ 0.5× wanted)."""
    from bench.common import report_rounds

    csv_path = workdir / f"trade_{rows}.csv"
    generate(csv_path, rows)
    size = csv_path.stat().st_size / 2**20
    if shutil.which("sqlite3") is None:
        print("sqlite3 command-line shell not found: install it (apt-get install -y sqlite3) for the ratio")
        return
    ref_wall, ref_cpu, our_wall, our_cpu, peaks = [], [], [], [], []
    for _ in range(rounds):
        w, c = sqlite_import(csv_path, workdir)
        ref_wall.append(w)
        ref_cpu.append(c)
        wall, cpu, added, peak = ours(csv_path, workdir, bundled)
        our_wall.append(wall)
        our_cpu.append(cpu)
        peaks.append(peak)
    print(f"{rows:,} rows ({size:.0f} MiB CSV), {rounds} rounds: imported {added:,} rows; peak RSS "
          f"{max(peaks):.0f} MiB (the importing process alone)")
    # the ratio is a speed ratio: reference time / our time (report_rounds divides subject by reference)
    report_rounds("import, wall", ref_wall, our_wall, TARGET, "sqlite3 .import into the bare table (speed)",
                  higher_is_better=True)
    report_rounds("import, CPU", ref_cpu, our_cpu, TARGET, "sqlite3 .import into the bare table (speed)",
                  higher_is_better=True)
    idx = sqlite_import(csv_path, workdir, with_indexes=True)
    if idx is not None:
        print(f"  once: sqlite3 .import into the table with the workspace's indexes {idx[0]:.2f} s wall; "
              f"ratio {idx[0] / statistics.median(our_wall):.2f}× (speed)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=int(os.environ.get("AMUR_BENCH_ROWS", "1000000")))
    ap.add_argument("--big", action="store_true", help="also 5,000,000 rows")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("AMUR_BENCH_ROUNDS", "3")))
    args = ap.parse_args(argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else [])
    from explorer.data.build import build

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bundled = workdir / "bundled.sqlite"
        build(bundled, REPO / "tests" / "fixtures" / "mini_curated")
        for rows in (args.rows, 5_000_000) if args.big else (args.rows,):
            bench(rows, workdir, bundled, max(1, args.rounds))


if __name__ == "__main__":
    main()
