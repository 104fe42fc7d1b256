"""A real ``amur-explorer import`` / ``undo-import`` process killed with
SIGKILL at random moments: afterwards the workspace is either exactly as it
was or holds the whole change — never part of it — and it passes SQLite's
integrity check. Trials: --fault-trials=N or AMUR_FAULT_TRIALS (default 12)."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from explorer.data.db import Store
from explorer.data.importing import run_import
from tests.faults.conftest import (CORPUS, REPO, cli_argv, cli_env, copy_workspace, count_rows, data_dump,
                                   full_dump, write_trade_csv)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
ROWS = 30_000


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    return write_trade_csv(tmp_path_factory.mktemp("kill") / "big.csv", ROWS)


def integrity(store) -> str:
    conn = store.connect()
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def run_and_kill(argv, env, delay: float) -> bool:
    """Start the process, SIGKILL it after ``delay`` seconds; True if it was still running."""
    proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def timed(argv, env) -> float:
    t0 = time.monotonic()
    done = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - t0


@pytest.fixture
def base(mini_store, tmp_path):
    """A workspace holding one import (so automatic backups are taken too), and its dump."""
    conn = mini_store.connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    template = copy_workspace(mini_store.workspace, tmp_path / "template.sqlite")
    return mini_store, template


def test_import_killed_at_random_moments(base, big_file, tmp_path, fault_trials, tally):
    store, template = base
    before = full_dump(template)
    base_rows = count_rows(template)
    probe = Store(tmp_path / "probe.sqlite", store.bundled)
    copy_workspace(template, probe.workspace)
    total = timed(cli_argv(probe, "import", big_file), cli_env(probe))
    rng = random.Random(11)
    outcomes = {"as before": 0, "complete": 0}
    for trial in range(fault_trials):
        ws = Store(tmp_path / f"t{trial}.sqlite", store.bundled)
        copy_workspace(template, ws.workspace)
        delay = rng.uniform(0.05, total * 1.05)
        killed = run_and_kill(cli_argv(ws, "import", big_file), cli_env(ws), delay)
        assert integrity(ws) == "ok", (trial, delay)
        rows = count_rows(ws.workspace)
        if rows == base_rows:
            assert full_dump(ws.workspace) == before, (trial, delay)
            outcomes["as before"] += 1
        else:
            assert rows == base_rows + ROWS, (trial, delay, rows)
            conn = ws.connect()
            try:
                assert conn.execute("SELECT count(*) FROM imports WHERE status = 'active'").fetchone()[0] == 2
            finally:
                conn.close()
            outcomes["complete"] += 1
        tally.record(faults=int(killed), rows_checked=base_rows,
                     rows_lost=max(0, base_rows - rows))
        for p in tmp_path.glob(f"t{trial}.sqlite*"):
            p.unlink()
    print(f"import kill trials: {outcomes}")
    assert sum(outcomes.values()) == fault_trials


def test_undo_killed_at_random_moments(base, big_file, tmp_path, fault_trials, tally):
    store, template = base
    conn = Store(template, store.bundled).connect()
    run_import(conn, big_file)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    imported = full_dump(template)
    probe = Store(tmp_path / "probe.sqlite", store.bundled)
    copy_workspace(template, probe.workspace)
    total = timed(cli_argv(probe, "undo-import", "2"), cli_env(probe))
    pconn = probe.connect()
    undone_data = data_dump(pconn)
    pconn.close()
    rng = random.Random(12)
    outcomes = {"as before": 0, "undone": 0}
    for trial in range(fault_trials):
        ws = Store(tmp_path / f"u{trial}.sqlite", store.bundled)
        copy_workspace(template, ws.workspace)
        delay = rng.uniform(0.05, total * 1.05)
        killed = run_and_kill(cli_argv(ws, "undo-import", "2"), cli_env(ws), delay)
        assert integrity(ws) == "ok", (trial, delay)
        c = ws.connect()
        try:
            status = c.execute("SELECT status FROM imports WHERE import_id = 2").fetchone()[0]
            now = data_dump(c)
        finally:
            c.close()
        if status == "active":
            assert full_dump(ws.workspace) == imported, (trial, delay)
            outcomes["as before"] += 1
        else:
            assert now == undone_data, (trial, delay)
            outcomes["undone"] += 1
        tally.record(faults=int(killed), rows_checked=len(undone_data))
        for p in tmp_path.glob(f"u{trial}.sqlite*"):
            p.unlink()
    print(f"undo kill trials: {outcomes}")
    assert sum(outcomes.values()) == fault_trials
