"""Issue 14, restore points: a backup only before a change that commits, recorded with it,
never rotated away while it belongs to one of the last ten imports or undos; a backup
killed half-way leaves no part file behind."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from explorer.data import backup as B
from explorer.data.importing import ImportRejected, run_import, undo_import
from tests.faults.conftest import CORPUS, REPO, cli, cli_env, full_dump


@pytest.fixture
def ws(mini_store):
    c = mini_store.connect()
    yield c
    c.close()


def test_refused_imports_and_dry_runs_write_no_backup(ws, mini_store, tally):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    run_import(ws, CORPUS / "good_energy.csv")
    kept = B.list_backups(mini_store.workspace)
    assert len(kept) == 1
    for _ in range(6):
        with pytest.raises(ImportRejected):
            run_import(ws, CORPUS / "bad_text_in_numbers.csv")
    for _ in range(5):
        run_import(ws, CORPUS / "good_timeline.csv", dry_run=True)
    assert B.list_backups(mini_store.workspace) == kept
    # the same through the command line, as the issue saw it
    assert cli(mini_store, "import", CORPUS / "bad_text_in_numbers.csv").returncode == 1
    assert cli(mini_store, "import", CORPUS / "good_timeline.csv", "--dry-run").returncode == 0
    assert B.list_backups(mini_store.workspace) == kept
    tally.record(trials=13, faults=13)


def test_each_commit_records_the_backup_of_the_state_before_it(ws, mini_store):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    before_energy = full_dump(mini_store.workspace)
    s = run_import(ws, CORPUS / "good_energy.csv")
    before_undo = full_dump(mini_store.workspace)
    undo_import(ws, s.import_id)
    recorded = ws.execute("SELECT backup_file, undo_backup_file FROM imports WHERE import_id = ?",
                          (s.import_id,)).fetchone()
    by_name = {b.path.name: b for b in B.list_backups(mini_store.workspace)}
    assert set(recorded) <= set(by_name) and None not in recorded
    assert full_dump(by_name[recorded[0]].path) == before_energy
    assert full_dump(by_name[recorded[1]].path) == before_undo
    assert ws.execute("SELECT backup_file FROM imports WHERE import_id = 1").fetchone() == (None,)   # empty before


def test_rotation_never_deletes_the_restore_point_of_a_recent_import(ws, mini_store):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    run_import(ws, CORPUS / "good_energy.csv")
    point = ws.execute("SELECT backup_file FROM imports WHERE import_id = 2").fetchone()[0]
    extra = [B.create_backup(mini_store.workspace, "auto") for _ in range(B.KEEP_AUTOMATIC + 5)]
    names = {b.path.name for b in B.list_backups(mini_store.workspace)}
    assert point in names
    assert extra[0].path.name not in names              # plain automatic copies still rotate
    assert len([b for b in B.list_backups(mini_store.workspace) if b.automatic]) == B.KEEP_AUTOMATIC + 1


def test_only_the_last_ten_changes_are_protected(ws, mini_store, tmp_path):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    for i in range(B.KEEP_AUTOMATIC + 2):
        path = tmp_path / f"r{i}.csv"
        path.write_text(f"year,currency,per_usd,source\n{2000 + i},CNY,7.{i},IMF\n", encoding="utf-8")
        run_import(ws, path)
    points = [r[0] for r in ws.execute("SELECT backup_file FROM imports WHERE backup_file IS NOT NULL "
                                       "ORDER BY import_id")]
    assert len(points) == B.KEEP_AUTOMATIC + 2
    names = {b.path.name for b in B.list_backups(mini_store.workspace)}
    assert set(points[-B.KEEP_AUTOMATIC:]) <= names
    assert not set(points[:2]) & names


def test_a_part_left_by_a_killed_backup_is_removed_on_the_next_start(ws, mini_store, tally):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    folder = B.backup_dir(mini_store.workspace)
    folder.mkdir(exist_ok=True)
    # a real process starts a backup and is killed mid-copy (SIGKILL: no cleanup can run)
    script = ("import sys, sqlite3\nfrom pathlib import Path\nfrom explorer.data import backup as B\n"
              "def slow(src, dest_path):\n"
              "    dest_path.write_bytes(b'x' * 4096)\n"
              "    print('copying', flush=True)\n"
              "    import time; time.sleep(60)\n"
              "B._copy_into = slow\n"
              f"B.create_backup(Path({str(mini_store.workspace)!r}), 'manual')\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=cli_env(mini_store),
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "copying"
    live = list(folder.glob(".part-*"))
    assert len(live) == 1
    B.create_backup(mini_store.workspace, "manual")             # another process backs up meanwhile
    assert live[0].exists()                                      # a live process's part is left alone
    proc.kill()
    proc.wait()
    assert live[0].exists()
    mini_store.connect().close()                                 # the next start removes it, however recent
    assert list(folder.glob(".part-*")) == []
    tally.record(trials=1, faults=1)


def test_a_backup_is_never_taken_when_the_import_is_refused_late(ws, mini_store, tmp_path):
    """Refused after every row was written (a repeated figure): still no backup, nothing written."""
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    before, kept = full_dump(mini_store.workspace), B.list_backups(mini_store.workspace)
    path = tmp_path / "twice.csv"
    path.write_text("period,reporter,partner,value,unit\n2020,China,Russia,1,USD\n2020,China,Russia,2,USD\n",
                    encoding="utf-8")
    with pytest.raises(ImportRejected, match="row 3, column \\(whole row\\)"):
        run_import(ws, path)
    assert full_dump(mini_store.workspace) == before
    assert B.list_backups(mini_store.workspace) == kept
    assert os.environ.get(B.ENV_SWITCH) != "0"


def test_a_read_only_workspace_from_before_restore_points_is_read_as_it_is(mini_store):
    """The restore-point columns are only written: a workspace written before them, opened
    read-only (it cannot be upgraded), still shows its imports."""
    import sqlite3

    from explorer.data.importing import list_imports

    conn = mini_store.connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    conn.close()
    raw = sqlite3.connect(mini_store.workspace)
    raw.execute("ALTER TABLE imports DROP COLUMN backup_file")
    raw.execute("ALTER TABLE imports DROP COLUMN undo_backup_file")
    raw.execute("UPDATE meta SET value = 'an older fingerprint' WHERE key = 'schema_sha256'")
    raw.commit()
    raw.close()
    ro = mini_store.connect(readonly_workspace=True)
    try:
        assert [i["file_name"] for i in list_imports(ro)] == ["good_trade_utf8.csv"]
        assert B.restore_points(ro) == set()
    finally:
        ro.close()
    rw = mini_store.connect()                       # opened for writing, it is upgraded in place
    try:
        assert rw.execute("SELECT backup_file FROM imports").fetchall() == [(None,)]
    finally:
        rw.close()
