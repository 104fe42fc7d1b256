"""Backups: automatic before every import and undo, on demand, rotated, listed
and restored from the command line — compared by full dumps."""
from __future__ import annotations

import sqlite3

import pytest

from explorer.data import backup as B
from explorer.data.importing import run_import, undo_import
from tests.faults.conftest import CORPUS, cli, data_dump, full_dump


@pytest.fixture
def ws(mini_store):
    c = mini_store.connect()
    yield c
    c.close()


def test_first_import_into_an_empty_workspace_needs_no_backup(ws, mini_store):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    assert B.list_backups(mini_store.workspace) == []


def test_every_later_import_and_undo_is_preceded_by_a_backup_of_the_state_before(ws, mini_store):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    after_first = full_dump(mini_store.workspace)
    s = run_import(ws, CORPUS / "good_energy.csv")
    after_second = full_dump(mini_store.workspace)
    undo_import(ws, s.import_id)
    backups = B.list_backups(mini_store.workspace)
    assert [b.reason for b in backups] == ["before-change", "before-change"]
    assert all(b.automatic for b in backups)
    assert full_dump(backups[1].path) == after_first        # taken before the energy import
    assert full_dump(backups[0].path) == after_second       # taken before the undo


def test_restore_puts_the_backup_back_and_backs_up_what_it_replaces(ws, mini_store):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    first = B.create_backup(mini_store.workspace, "manual")
    before = data_dump(ws)
    run_import(ws, CORPUS / "good_energy.csv")
    latest = full_dump(mini_store.workspace)
    done = B.restore_backup(mini_store.workspace, str(first.id))
    assert data_dump(ws) == before              # the open connection sees the restored data
    assert done.safety is not None and full_dump(done.safety.path) == latest
    assert done.kept is None


def test_rotation_keeps_the_newest_of_each_kind(ws, mini_store):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    manual = B.create_backup(mini_store.workspace, "manual")
    made = [B.create_backup(mini_store.workspace, "auto") for _ in range(B.KEEP_AUTOMATIC + 3)]
    left = B.list_backups(mini_store.workspace)
    autos = [b for b in left if b.automatic]
    assert [b.id for b in autos] == [b.id for b in reversed(made[-B.KEEP_AUTOMATIC:])]
    assert manual.path.exists()                  # on-demand backups are not pushed out by automatic ones
    assert len({b.id for b in left}) == len(left)


def test_a_damaged_backup_is_never_restored(ws, mini_store):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    b = B.create_backup(mini_store.workspace, "manual")
    b.path.write_bytes(b.path.read_bytes()[:3000])
    before = full_dump(mini_store.workspace)
    with pytest.raises(B.BackupError, match="cannot restore"):
        B.restore_backup(mini_store.workspace, b)
    assert full_dump(mini_store.workspace) == before
    assert B.latest_backup(mini_store.workspace) is None


def test_restore_over_a_damaged_workspace_keeps_the_damaged_file_beside_it(ws, mini_store):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    b = B.create_backup(mini_store.workspace, "manual")
    ws.close()
    damaged = b"not a database " * 500
    mini_store.workspace.write_bytes(damaged)
    done = B.restore_backup(mini_store.workspace, b.path)
    assert done.kept is not None and done.kept.read_bytes() == damaged
    assert done.kept.parent == mini_store.workspace.parent
    assert full_dump(mini_store.workspace) == full_dump(b.path)


def test_cli_backup_list_restore(mini_store):
    ws = mini_store.connect()
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    before = data_dump(ws)
    ws.close()
    made = cli(mini_store, "backup")
    assert made.returncode == 0, made.stderr
    assert "backup 1" in made.stdout and "on demand" in made.stdout
    assert cli(mini_store, "import", CORPUS / "good_energy.csv").returncode == 0
    listed = cli(mini_store, "backups")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[1].split()[0] == "2" and "automatic" in lines[1]
    assert lines[2].split()[0] == "1" and "on demand" in lines[2]
    restored = cli(mini_store, "restore-backup", "1")
    assert restored.returncode == 0, restored.stderr
    assert "restored backup 1" in restored.stdout and "as it was is backup 3" in restored.stdout
    ws = mini_store.connect()
    try:
        assert data_dump(ws) == before
    finally:
        ws.close()
    missing = cli(mini_store, "restore-backup", "99")
    assert missing.returncode == 2 and "no backup 99" in missing.stderr


def test_backup_into_a_full_disk_fails_clearly_and_the_import_still_runs(ws, mini_store, monkeypatch, capsys):
    run_import(ws, CORPUS / "good_trade_utf8.csv")

    def full(src, dest_path):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(B, "_copy_into", full)
    with pytest.raises(B.BackupError, match="disk is full"):
        B.create_backup(mini_store.workspace)
    s = run_import(ws, CORPUS / "good_energy.csv")       # the automatic backup failed: said so, not fatal
    assert s.added > 0
    assert "no automatic backup" in capsys.readouterr().err
    assert not list(B.backup_dir(mini_store.workspace).glob(".part-*"))
