"""Peak memory of an import must not grow with the workspace: a 200,000-row trade
CSV imported into a workspace already holding 1,000,000 SYNTHETIC rows, against
the same import into an empty workspace. Prints both peaks and the difference.

    python -m bench.bench_import_memory [--rows N] [--workspace-rows M]

Target: within +50 MiB (issue 14: 1.8–2.3 GB into a 1.45M-row workspace, when
every existing key was held in a Python dict; now the duplicate check is a seek
in the key index, inside the write transaction: importing.resolve).

Each import runs in its own fresh process started by ``/usr/bin/time -v``,
which reports that process's own peak RSS. Not ``resource.getrusage`` in a
child started straight from this process: across fork+exec, a child's
``ru_maxrss`` starts from the high-water mark of the process it was forked
from, and this one has just generated a million rows.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import PY, REPO

TARGET_MIB = 50
TIME = "/usr/bin/time"

CHILD = """
import sys, time
from pathlib import Path
from explorer.data.db import Store
from explorer.data.importing import run_import
conn = Store(workspace=Path(sys.argv[1]), bundled=Path(sys.argv[2])).connect()
t = time.perf_counter()
s = run_import(conn, Path(sys.argv[3]))
conn.close()
print(s.added, s.skipped, round(time.perf_counter() - t, 2))
"""


def generate_csv(path: Path, rows: int) -> None:
    """Monthly commodity figures with keys none of the synthetic workspace's rows have."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("period,reporter,partner,flow,commodity,value,unit\n")
        for i in range(rows):
            fh.write(f"{1990 + (i // 12) % 35}-{1 + i % 12:02d},china,russia,{('export', 'import')[i % 2]},"
                     f"B{i:07d},{(i * 7919) % 1000003 / 10},million USD\n")


def copy_workspace(src: Path, dest: Path) -> None:
    """A private copy (the import changes it; the synthetic workspace is shared by benchmarks)."""
    s, d = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        s.backup(d)
    finally:
        s.close()
        d.close()


def measure(workspace: Path, bundled: Path, csv_path: Path) -> tuple[float, str]:
    """(peak RSS in MiB, the child's "added skipped seconds") of one import in a fresh process."""
    env_off = {"AMUR_AUTO_BACKUP": "0"}          # the import alone, not the automatic backup's copy
    import os

    done = subprocess.run([TIME, "-v", PY, "-c", CHILD, str(workspace), str(bundled), str(csv_path)],
                          cwd=REPO, text=True, capture_output=True, env={**os.environ, **env_off})
    if done.returncode != 0:
        raise SystemExit(f"import failed: {done.stderr[-2000:]}")
    kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1])
    return kib / 1024, done.stdout.strip()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--workspace-rows", type=int, default=1_000_000)
    args = ap.parse_args(argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else [])
    if not Path(TIME).exists() or shutil.which(TIME) is None:
        print(f"{TIME} not found (apt-get install -y time): peak RSS cannot be measured per process")
        return
    from bench import synthetic

    store = synthetic.workspace(args.workspace_rows)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / f"import_{args.rows}.csv"
        generate_csv(csv_path, args.rows)
        full = work / "full.sqlite"
        copy_workspace(store.workspace, full)
        empty_peak, empty_out = measure(work / "empty.sqlite", store.bundled, csv_path)
        full_peak, full_out = measure(full, store.bundled, csv_path)
    grew = full_peak - empty_peak
    ok = grew <= TARGET_MIB
    print(f"import of {args.rows:,} rows: peak RSS {empty_peak:.0f} MiB into an empty workspace "
          f"(added/skipped/s: {empty_out}); {full_peak:.0f} MiB into one of {args.workspace_rows:,} rows "
          f"({full_out})")
    print(f"  growth with the workspace: {grew:+.0f} MiB (target ≤ +{TARGET_MIB} MiB) "
          f"[{'meets' if ok else 'MISSES'}]")


if __name__ == "__main__":
    main()
