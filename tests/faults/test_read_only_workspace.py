"""A workspace that cannot be written (a write-protected file, a folder where
SQLite cannot create its journal, a read-only disk) is opened for reading:
``check``, ``export`` and the window work; an import, a dry run and an undo
are refused with one line naming the workspace and the reason, exit 2, and
nothing is written. A sound workspace there is never called damaged.

Root passes every permission check, so as root the command line runs as the
user ``nobody`` (setpriv) and the in-process tests see the folder through a
read-only bind mount; as anyone else plain chmod does it."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from explorer.data import backup as B
from explorer.data.db import DatabaseError, ReadOnlyWorkspaceConnection, Store, read_only_reason
from explorer.data.importing import run_import
from tests.faults.conftest import CORPUS, REPO, data_dump

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
FILE_REASON = "the file's permissions do not allow writing to it"


def _folder_reason(folder: Path, wal: bool) -> str:
    journal = "its -wal and -shm files" if wal else "a journal file"
    return f"Amur Explorer cannot write in its folder {folder}, where SQLite must create {journal} to change it"


@pytest.fixture
def place(mini_bundled_path):
    """A folder any user can reach, with a copy of the bundled data and a workspace holding one import."""
    base = Path(tempfile.mkdtemp(prefix="amur-ro-"))
    base.chmod(0o755)
    bundled = base / "bundled.sqlite"
    shutil.copyfile(mini_bundled_path, bundled)
    bundled.chmod(0o444)
    for name in ("ws", "out", "state"):
        (base / name).mkdir()
        (base / name).chmod(0o777)
    store = Store(base / "ws" / "ws.sqlite", bundled)
    conn = store.connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    conn.close()                                        # the last close removes -wal and -shm
    yield base, store
    for p in base.rglob("*"):
        if p.is_dir():
            try:
                p.chmod(0o777)
            except OSError:         # a mount point left by a failed test
                pass
    shutil.rmtree(base, ignore_errors=True)


def as_user(store: Store, base: Path, *args) -> subprocess.CompletedProcess:
    """The command line as a user without root's powers (``nobody`` when the tests run as root)."""
    argv = [sys.executable, "-m", "explorer", "--db", str(store.workspace), *map(str, args)]
    if IS_ROOT:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot run as a user that permissions stop")
        argv = AS_NOBODY + argv
    env = dict(os.environ, AMUR_BUNDLED_DB=str(store.bundled), XDG_STATE_HOME=str(base / "state"),
               HOME=str(base / "state"), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def journal(store: Store, mode: str) -> None:
    conn = sqlite3.connect(store.workspace)
    conn.execute(f"PRAGMA journal_mode={mode}")
    conn.close()


def lock_file(store: Store) -> str:
    store.workspace.chmod(0o444)
    return FILE_REASON


def lock_folder(store: Store) -> str:
    store.workspace.chmod(0o666)                       # the file itself may be written…
    store.workspace.parent.chmod(0o555)                # …but nothing can be created beside it
    from explorer.data.db import _is_wal

    return _folder_reason(store.workspace.parent, _is_wal(store.workspace))


CASES = {
    "write-protected file, WAL": ("WAL", lock_file),
    "write-protected file, rollback journal": ("DELETE", lock_file),
    "read-only folder, rollback journal": ("DELETE", lock_folder),
    "read-only folder, WAL without -wal/-shm": ("WAL", lock_folder),
}


@pytest.fixture(params=CASES)
def locked(request, place):
    base, store = place
    mode, lock = CASES[request.param]
    journal(store, mode)
    probe = as_user(store, base, "--version")
    if probe.returncode != 0:
        pytest.skip(f"cannot run as another user here: {probe.stderr.strip()}")
    reason = lock(store)
    return base, store, reason


def _unchanged(store: Store, raw: bytes) -> None:
    assert store.workspace.read_bytes() == raw
    assert not B.backup_dir(store.workspace).exists()      # no backup either: nothing was going to change


@pytest.mark.parametrize("command", [["import", CORPUS / "good_energy.csv"],
                                     ["import", "--dry-run", CORPUS / "good_energy.csv"],
                                     ["undo-import", "1"]], ids=["import", "dry run", "undo"])
def test_writes_are_refused_in_one_line_and_nothing_is_written(locked, command, tally):
    base, store, reason = locked
    raw = store.workspace.read_bytes()
    run = as_user(store, base, *command)
    assert run.returncode == 2, run.stderr
    assert run.stderr == (f"amur-explorer: error: the workspace {store.workspace} is read-only: {reason}; "
                          "nothing was written\n")
    assert run.stdout == ""
    _unchanged(store, raw)
    tally.record(faults=1)


def test_check_and_export_still_work(locked):
    base, store, reason = locked
    raw = store.workspace.read_bytes()
    check = as_user(store, base, "check")
    assert check.returncode == 0, check.stderr
    assert f"workspace: {store.workspace} (read-only: {reason})" in check.stdout
    assert "trade_figures" in check.stdout or "contents:" in check.stdout
    export = as_user(store, base, "export", base / "out" / "csv")
    assert export.returncode == 0, export.stderr
    rows = (base / "out" / "csv" / "trade.csv").read_text(encoding="utf-8-sig").splitlines()
    assert any("2401.1" in line or "2,401.1" in line or "240110000000" in line for line in rows), rows[:5]
    _unchanged(store, raw)


def test_a_workspace_that_may_not_be_read_is_a_message_not_a_recovery(place, monkeypatch):
    base, store = place
    store.workspace.chmod(0o600 if IS_ROOT else 0)      # root's own file: ``nobody`` may not read it
    if as_user(store, base, "--version").returncode != 0:
        pytest.skip("cannot run as another user here")
    raw = store.workspace.read_bytes()
    run = as_user(store, base, "check")
    assert run.returncode == 2
    assert run.stderr == (f"amur-explorer: error: cannot open workspace {store.workspace}: the file's "
                          "permissions do not allow reading it\n")
    assert store.workspace.read_bytes() == raw


# -- in this process: the store, the window, the recovery dialog --------------------------------------

@contextmanager
def seen_read_only(base: Path, store: Store):
    """The store as seen through a read-only folder, and the reason it gives: a read-only
    bind mount as root (root passes permission checks), chmod otherwise."""
    folder = store.workspace.parent
    if not IS_ROOT:
        folder.chmod(0o555)
        try:
            yield store, _folder_reason(folder, True)
        finally:
            folder.chmod(0o777)
        return
    view = base / "view"
    view.mkdir(exist_ok=True)
    mount = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(view)], capture_output=True, text=True)
    if mount.returncode != 0:
        pytest.skip(f"cannot make a read-only folder here: {mount.stderr}")
    try:
        yield Store(view / store.workspace.name, store.bundled), f"it is on a read-only file system ({view})"
    finally:
        subprocess.run(["umount", str(view)], capture_output=True)


@pytest.fixture
def read_only_folder(place):
    """(store seen through a read-only folder, the same store writable, the reason the read-only one gives)."""
    base, store = place
    with seen_read_only(base, store) as (ro, reason):
        yield ro, store, reason


def test_an_older_workspace_that_cannot_be_upgraded_is_a_message(place):
    from tests.faults.test_upgrade import make_previous_version

    base, store = place
    old = Store(store.workspace.with_name("old.sqlite"), store.bundled)
    make_previous_version(old.workspace, old.bundled)
    with seen_read_only(base, old) as (ro, reason):
        with pytest.raises(DatabaseError) as caught:
            ro.connect()
    message = str(caught.value)
    assert message.startswith(f"cannot open workspace {ro.workspace}: it was written by an older version of "
                              "Amur Explorer and must be upgraded (it lacks ")
    assert "trade_figures.approx" in message
    assert message.endswith(f", …), but it is read-only: {reason}")


def test_an_older_workspace_lacking_only_indexes_is_read_as_it_is(place):
    base, store = place
    raw = sqlite3.connect(store.workspace)
    raw.execute("DROP INDEX ix_trade_period")
    raw.execute("UPDATE meta SET value = 'an older fingerprint' WHERE key = 'schema_sha256'")
    raw.commit()
    raw.close()
    with seen_read_only(base, store) as (ro, _reason):
        conn = ro.connect()
        try:
            assert conn.execute("SELECT count(*) FROM main.trade_figures").fetchone()[0] == 3
        finally:
            conn.close()


def test_a_sound_workspace_in_a_read_only_folder_opens_for_reading(read_only_folder):
    ro, rw, reason = read_only_folder
    writer = rw.connect()
    expected = data_dump(writer)
    writer.close()
    conn = ro.connect()
    try:
        assert isinstance(conn, ReadOnlyWorkspaceConnection)
        assert read_only_reason(conn) == reason
        assert data_dump(conn) == expected
        assert conn.execute("SELECT count(*) FROM all_trade_figures WHERE origin = 'workspace'").fetchone()[0] == 3
        with pytest.raises(DatabaseError, match=f"^the workspace {ro.workspace} is read-only: .*; nothing was written$"):
            run_import(conn, CORPUS / "good_energy.csv")
    finally:
        conn.close()
    assert B.problem(ro.workspace) is None          # sound: never "damaged"


def test_a_new_workspace_in_a_read_only_folder_is_a_message(read_only_folder):
    ro, _rw, reason = read_only_folder
    fresh = Store(ro.workspace.with_name("new.sqlite"), ro.bundled)
    with pytest.raises(DatabaseError, match=f"cannot create workspace {fresh.workspace}: "):
        fresh.connect()
    assert not fresh.workspace.exists()


def test_the_window_opens_read_only_without_offering_recovery(qtbot, read_only_folder, monkeypatch):
    from explorer.ui.dialogs.recovery import RecoveryDialog
    from explorer.ui.launch import create_window
    from tests.conftest import dispose_window

    ro, _rw, reason = read_only_folder
    monkeypatch.setattr(RecoveryDialog, "exec", lambda self: pytest.fail("a sound workspace offered for recovery"))
    win = create_window(ro, "trade")
    qtbot.addWidget(win)
    try:
        assert "read-only" in win.db_label.text() and "(1 import, read-only)" in win.db_label.text()
        assert reason in win.db_label.toolTip()
        assert win.statusBar().currentMessage() == ("Read-only workspace: you can browse and export, "
                                                    "but not import or undo.")
        assert win.pane("trade").model.rowCount() > 0
        from explorer.ui.dialogs.import_history import open_import_wizard

        wizard = open_import_wizard(win, CORPUS / "good_energy.csv")
        qtbot.waitUntil(wizard.isVisible)
        wizard.next()
        assert wizard.currentPage() is wizard.file_page
        assert wizard.file_page.error.text() == (f"the workspace {ro.workspace} is read-only: {reason}; "
                                                 "nothing can be imported into it")
        wizard.reject()
    finally:
        dispose_window(win)


def test_start_fresh_in_an_unwritable_folder_is_a_message_not_a_crash(qtbot, read_only_folder, monkeypatch):
    from PySide6.QtWidgets import QLabel, QMessageBox

    from explorer.ui.dialogs.recovery import RecoveryDialog
    from explorer.ui.launch import create_window

    ro, rw, _reason = read_only_folder
    bad = b"this is no database, it was overwritten by accident\n" * 200
    folder = rw.workspace.parent
    folder.chmod(0o777)
    rw.workspace.chmod(0o666)
    rw.workspace.write_bytes(bad)
    if not IS_ROOT:
        folder.chmod(0o555)
    seen: dict = {}

    def choose_fresh(self):
        seen["texts"] = " ".join(label.text() for label in self.findChildren(QLabel))
        seen["problem"] = self.findChild(QLabel, "recoveryProblem").text()
        self.fresh_button.click()
        return 0

    monkeypatch.setattr(RecoveryDialog, "exec", choose_fresh)
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: seen.setdefault("message", text))
    with pytest.raises(DatabaseError, match="not an SQLite database|cannot open workspace"):
        create_window(ro, "trade")
    assert "neither choice can be carried out there" in seen["texts"]
    assert seen["problem"] == f"{ro.workspace} is not an SQLite database (it starts with b'this is ')"
    assert seen["message"].startswith(f"Cannot set the damaged workspace aside in {ro.workspace.parent}: ")
    assert seen["message"].endswith("Nothing was changed; the workspace is as it was.")
    assert rw.workspace.read_bytes() == bad
    assert sorted(p.name for p in folder.iterdir()) == ["ws.sqlite"]
