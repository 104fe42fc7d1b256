"""A damaged workspace at start-up: the app starts, says what is wrong, offers
the latest automatic backup or a fresh workspace, and never overwrites the
damaged file without keeping a copy of it beside it."""
from __future__ import annotations

import os

import pytest

from explorer.data import backup as B
from explorer.data.db import DatabaseError
from explorer.data.importing import run_import
from tests.faults.conftest import CORPUS, cli, data_dump, full_dump

DAMAGE = {
    "truncated to half": lambda b: b[: len(b) // 2],
    "truncated inside the header": lambda b: b[:100],
    "garbage": lambda b: os.urandom(len(b)),
    "a text file": lambda b: b"period,value\n2023,1\n" * 100,
}


@pytest.fixture
def with_backup(mini_store):
    """A workspace with two imports and an automatic backup taken before the second."""
    conn = mini_store.connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    backed_up = data_dump(conn)
    run_import(conn, CORPUS / "good_energy.csv")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return mini_store, backed_up


def damage(store, how: str) -> bytes:
    bad = DAMAGE[how](store.workspace.read_bytes())
    store.workspace.write_bytes(bad)
    for suffix in ("-wal", "-shm"):
        (store.workspace.parent / (store.workspace.name + suffix)).unlink(missing_ok=True)
    return bad


def kept_copies(store) -> list:
    return sorted(store.workspace.parent.glob(store.workspace.name + ".damaged-*[0-9Z]"))


@pytest.mark.parametrize("how", DAMAGE)
def test_opening_a_damaged_workspace_fails_clearly_and_changes_nothing(with_backup, how, tally):
    store, _ = with_backup
    bad = damage(store, how)
    with pytest.raises(DatabaseError, match="cannot open workspace"):
        store.connect()
    assert store.workspace.read_bytes() == bad
    run = cli(store, "check")
    assert run.returncode == 2 and "cannot open workspace" in run.stderr and "Traceback" not in run.stderr
    assert store.workspace.read_bytes() == bad
    tally.record(faults=1)


def _choose(monkeypatch, button: str, seen: dict):
    from explorer.ui.dialogs.recovery import RecoveryDialog

    def exec_(self):
        from PySide6.QtWidgets import QLabel

        seen["problem"] = self.findChild(QLabel, "recoveryProblem").text()
        seen["restore enabled"] = self.restore_button.isEnabled()
        getattr(self, f"{button}_button").click()
        return 0

    monkeypatch.setattr(RecoveryDialog, "exec", exec_)


@pytest.mark.parametrize("how", DAMAGE)
def test_window_restores_the_latest_automatic_backup_and_keeps_the_damaged_file(
        qtbot, with_backup, how, monkeypatch, tally):
    from explorer.ui.launch import create_window

    store, backed_up = with_backup
    bad = damage(store, how)
    seen: dict = {}
    _choose(monkeypatch, "restore", seen)
    win = create_window(store, "trade")
    qtbot.addWidget(win)
    try:
        assert str(store.workspace) in seen["problem"] and seen["restore enabled"]
        assert data_dump(win.ctx.conn) == backed_up
        [kept] = kept_copies(store)
        assert kept.read_bytes() == bad
        assert str(kept) in win.statusBar().currentMessage()
    finally:
        win.ctx.conn.close()
    tally.record(faults=1, rows_checked=len(backed_up))


def test_window_starts_fresh_on_request_and_keeps_the_damaged_file(qtbot, with_backup, monkeypatch):
    from explorer.ui.launch import create_window

    store, _ = with_backup
    bad = damage(store, "garbage")
    _choose(monkeypatch, "fresh", {})
    win = create_window(store, "trade")
    qtbot.addWidget(win)
    try:
        assert win.ctx.conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
        [kept] = kept_copies(store)
        assert kept.read_bytes() == bad and "fresh" in win.statusBar().currentMessage()
        assert len(B.list_backups(store.workspace)) == 1      # the backups are still there to restore later
    finally:
        win.ctx.conn.close()


def test_quitting_the_recovery_dialog_touches_nothing(qtbot, with_backup, monkeypatch):
    from explorer.ui.launch import create_window

    store, _ = with_backup
    bad = damage(store, "truncated to half")
    _choose(monkeypatch, "quit", {})
    with pytest.raises(DatabaseError):
        create_window(store, "trade")
    assert store.workspace.read_bytes() == bad and kept_copies(store) == []


def test_without_a_backup_only_a_fresh_start_is_offered(qtbot, mini_store, monkeypatch):
    from explorer.ui.launch import create_window

    mini_store.workspace.write_bytes(b"\x00" * 8192)
    seen: dict = {}
    _choose(monkeypatch, "fresh", seen)
    win = create_window(mini_store, "trade")
    qtbot.addWidget(win)
    win.ctx.conn.close()
    assert seen["restore enabled"] is False
    assert "not an SQLite database" in seen["problem"]
    [kept] = kept_copies(mini_store)
    assert kept.read_bytes() == b"\x00" * 8192


def test_restore_works_from_the_command_line_too(with_backup):
    store, backed_up = with_backup
    bad = damage(store, "truncated to half")
    latest = B.latest_backup(store.workspace)
    run = cli(store, "restore-backup", latest.path)
    assert run.returncode == 0, run.stderr
    assert "damaged workspace was kept as" in run.stdout
    conn = store.connect()
    try:
        assert data_dump(conn) == backed_up
    finally:
        conn.close()
    [kept] = kept_copies(store)
    assert kept.read_bytes() == bad
    assert full_dump(latest.path)      # the backup itself is untouched and still readable
