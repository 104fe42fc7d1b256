"""A full disk (SQLite's max_page_count caps the workspace mid-import) and a
read-only folder: the import fails with a clear message and the workspace is
left exactly as it was; lifting the limit lets the same import through."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from explorer.data import backup as B
from explorer.data.db import Store
from explorer.data.importing import run_import, undo_import
from tests.faults.conftest import CORPUS, cli, data_dump, write_trade_csv


@pytest.fixture
def ws(mini_store):
    c = mini_store.connect()
    run_import(c, CORPUS / "good_trade_utf8.csv")
    yield c
    c.close()


def cap(conn: sqlite3.Connection, spare_pages: int) -> None:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + spare_pages}")


@pytest.mark.parametrize("spare_pages", [0, 3, 40, 150])
def test_disk_full_mid_import_leaves_the_workspace_as_it_was(ws, tmp_path, spare_pages, tally):
    big = write_trade_csv(tmp_path / "big.csv", 20_000)
    before = "\n".join(ws.iterdump())
    cap(ws, spare_pages)
    with pytest.raises(sqlite3.OperationalError):
        run_import(ws, big)
    assert not ws.in_transaction
    assert "\n".join(ws.iterdump()) == before
    assert ws.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    cap(ws, 1_000_000)
    s = run_import(ws, big)                     # room again: the same file goes in whole
    assert s.added == 20_000
    tally.record(faults=1, rows_checked=3)


def test_disk_full_is_reported_as_a_full_disk(ws, tmp_path):
    cap(ws, 40)
    with pytest.raises(sqlite3.OperationalError, match="full"):
        run_import(ws, write_trade_csv(tmp_path / "big.csv", 20_000))


def test_disk_full_during_undo_keeps_the_import(ws, tmp_path, tally):
    s = run_import(ws, write_trade_csv(tmp_path / "mid.csv", 5_000))
    # undo must restore replaced rows and write the history: leave no room for it
    revised = write_trade_csv(tmp_path / "rev.csv", 5_000)
    revised.write_text(revised.read_text().replace(".5,USD", ".75,USD"))
    s2 = run_import(ws, revised)
    assert s2.replaced == 5_000
    before = "\n".join(ws.iterdump())
    cap(ws, 0)
    try:
        undo_import(ws, s2.import_id)
    except sqlite3.OperationalError as exc:
        assert "full" in str(exc)
        assert "\n".join(ws.iterdump()) == before
        tally.record(faults=1, rows_checked=10_003)
    else:                                       # it fitted in the free pages: then it is wholly undone
        assert ws.execute("SELECT count(*) FROM trade_figures WHERE import_id = ?", (s.import_id,)).fetchone()[0] == 5_000
    cap(ws, 1_000_000)


def test_backup_to_a_full_disk_is_reported_and_leaves_no_half_file(ws, mini_store, monkeypatch):
    real = B._copy_into

    def capped(src, dest_path):
        conn = sqlite3.connect(dest_path)
        conn.execute("PRAGMA max_page_count = 2")
        conn.close()
        dest = sqlite3.connect(dest_path)
        dest.execute("PRAGMA max_page_count = 2")
        try:
            src.backup(dest)
        finally:
            dest.close()
        return real(src, dest_path)

    monkeypatch.setattr(B, "_copy_into", capped)
    with pytest.raises(B.BackupError, match="full"):
        B.create_backup(mini_store.workspace)
    assert list(B.backup_dir(mini_store.workspace).iterdir()) == []


# -- a read-only folder ------------------------------------------------------------------------------

@pytest.fixture
def read_only_view(tmp_path):
    """(real folder, the same folder seen read-only): a read-only bind mount as root, chmod otherwise."""
    real, view = tmp_path / "real", tmp_path / "view"
    real.mkdir()
    view.mkdir()
    if os.geteuid() == 0:
        yield real, view, lambda: subprocess.run(["mount", "--bind", "-o", "ro", str(real), str(view)],
                                                 check=True, capture_output=True)
        subprocess.run(["umount", str(view)], capture_output=True)
    else:
        def lock():
            for p in real.iterdir():
                p.chmod(0o444)
            real.chmod(0o555)
        yield real, real, lock
        real.chmod(0o755)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_import_into_a_read_only_folder_fails_clearly_and_writes_nothing(read_only_view, mini_bundled_path, tally):
    real, view, lock = read_only_view
    store = Store(real / "ws.sqlite", mini_bundled_path)
    conn = store.connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    conn.execute("PRAGMA journal_mode=DELETE")       # no -wal/-shm: the folder alone decides
    before = data_dump(conn)
    conn.close()
    raw = store.workspace.read_bytes()
    try:
        lock()
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot make a read-only folder here: {exc.stderr}")
    ro = Store(view / "ws.sqlite", mini_bundled_path)
    run = cli(ro, "import", CORPUS / "good_energy.csv")
    assert run.returncode != 0
    assert "Traceback" not in run.stderr, run.stderr
    assert "ws.sqlite" in run.stderr and "readonly" in run.stderr.replace("read-only", "readonly"), run.stderr
    assert store.workspace.read_bytes() == raw
    made = cli(ro, "backup")
    assert made.returncode == 2 and "cannot back up" in made.stderr, made.stderr
    assert store.workspace.read_bytes() == raw
    conn = Store(store.workspace, mini_bundled_path).connect(readonly_workspace=True)
    try:
        assert data_dump(conn) == before
    finally:
        conn.close()
    tally.record(faults=2, rows_checked=3)
