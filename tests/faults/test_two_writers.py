"""Two app processes writing the same workspace at once: no corruption, no lost
import, and a clear message to a writer that waited past the busy timeout."""
from __future__ import annotations

import subprocess

import pytest

from explorer.data.importing import run_import
from tests.faults.conftest import CORPUS, REPO, cli, cli_argv, cli_env, count_rows, full_dump, write_trade_csv


@pytest.fixture
def seeded(mini_store):
    conn = mini_store.connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    conn.close()
    return mini_store


def test_two_processes_importing_at_once_both_land_whole(seeded, tmp_path, tally):
    a = write_trade_csv(tmp_path / "a.csv", 15_000, start=0)
    b = write_trade_csv(tmp_path / "b.csv", 15_000, start=15_000)
    before = count_rows(seeded.workspace)
    procs = [subprocess.Popen(cli_argv(seeded, "import", f), env=cli_env(seeded), cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in (a, b)]
    results = [p.communicate(timeout=180) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0, 0], results
    assert count_rows(seeded.workspace) == before + 30_000
    conn = seeded.connect()
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        files = {r[0] for r in conn.execute("SELECT file_name FROM imports WHERE status = 'active'")}
        assert files == {"good_trade_utf8.csv", "a.csv", "b.csv"}
    finally:
        conn.close()
    tally.record(trials=1, faults=1, rows_checked=before + 30_000)


def test_a_window_and_a_command_line_import_at_the_same_time(seeded, tmp_path, tally):
    """The app's own connection imports while another process does: both kept, and each sees the other's rows."""
    mine = write_trade_csv(tmp_path / "mine.csv", 10_000, start=0)
    theirs = write_trade_csv(tmp_path / "theirs.csv", 10_000, start=50_000)
    before = count_rows(seeded.workspace)
    conn = seeded.connect()
    other = subprocess.Popen(cli_argv(seeded, "import", theirs), env=cli_env(seeded), cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    s = run_import(conn, mine)              # while the other process imports too
    assert s.added == 10_000
    out, err = other.communicate(timeout=180)
    assert other.returncode == 0, err
    try:
        assert conn.execute("SELECT count(*) FROM trade_figures").fetchone()[0] == before + 20_000
    finally:
        conn.close()
    tally.record(trials=1, faults=1, rows_checked=before + 20_000)


def test_a_writer_that_waits_too_long_is_told_the_workspace_is_busy(seeded, tmp_path, tally):
    holder = seeded.connect()
    before = full_dump(seeded.workspace)
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")       # another instance in the middle of a long import
    try:
        second = cli(seeded, "import", CORPUS / "good_energy.csv", timeout=120)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert second.returncode != 0
    assert "Traceback" not in second.stderr, second.stderr
    assert "locked" in second.stderr or "busy" in second.stderr, second.stderr
    assert full_dump(seeded.workspace) == before
    retry = cli(seeded, "import", CORPUS / "good_energy.csv")
    assert retry.returncode == 0, retry.stderr
    tally.record(trials=1, faults=1)


@pytest.mark.parametrize("trial", range(3))
def test_two_processes_importing_the_same_file_store_each_row_once(seeded, tmp_path, tally, trial):
    """Issue 14: the keys already there are read inside the write transaction, so the second
    process waits for the first and then finds every row present (3 of 3 runs stored every row twice)."""
    same = write_trade_csv(tmp_path / "same.csv", 8_000, start=trial * 100_000)
    before = count_rows(seeded.workspace)
    procs = [subprocess.Popen(cli_argv(seeded, "import", same), env=cli_env(seeded), cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=180) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0, 0], results
    assert count_rows(seeded.workspace) == before + 8_000
    outs = sorted(r[0] for r in results)
    assert any("added 8000, replaced 0, skipped 0" in o for o in outs), outs
    assert any("added 0, replaced 0, skipped 8000" in o for o in outs), outs
    conn = seeded.connect()
    try:
        doubled = conn.execute("SELECT count(*) FROM (SELECT 1 FROM trade_figures GROUP BY period, reporter, "
                               "partner, flow, commodity HAVING count(*) > 1)").fetchone()[0]
        assert doubled == 0
    finally:
        conn.close()
    tally.record(trials=1, faults=1, rows_checked=8_000)
