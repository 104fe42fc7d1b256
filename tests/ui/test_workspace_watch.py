"""The window follows the workspace: an import made by another process (the
command line, a second window) shows up in the open window's tables, facets
and status bar without the analyst doing anything; View → Refresh (F5) reads
the workspace again at once."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from tests.conftest import REPO, open_window

ROWS = 300


def trade_file(path: Path, rows: int = ROWS, year: int = 1995) -> Path:
    lines = ["period,reporter,partner,flow,commodity,value,unit"]
    lines += [f"{year}-{1 + i % 12:02d},China,Russia,export,{i:06d},{i}.5,USD" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_in_another_process(store, path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, AMUR_BUNDLED_DB=str(store.bundled))
    run = subprocess.run([sys.executable, "-m", "explorer", "--db", str(store.workspace), "import", str(path)],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert run.returncode == 0, run.stderr
    return run


def years_offered(pane) -> list[str]:
    box = pane.year_boxes["from"]
    return [box.itemText(i) for i in range(box.count())]


def test_another_process_import_shows_up_in_the_open_window(qtbot, store, tmp_path):
    with open_window(qtbot, store, "trade") as win:
        pane = win.current_pane()
        before = pane.model.rowCount()
        assert "from 1995" not in years_offered(pane)
        import_in_another_process(store, trade_file(tmp_path / "more.csv"))
        qtbot.waitUntil(lambda: pane.model.rowCount() == before + ROWS, timeout=10000)
        assert f"{before + ROWS:,} rows" in pane.count_label.text()
        assert "from 1995" in years_offered(pane)                    # facets follow the rows
        assert "(1 import)" in win.db_label.text()


def test_other_panes_follow_too(qtbot, store, tmp_path):
    with open_window(qtbot, store, "sources") as win:
        trade = win.pane("trade")
        before = trade.model.rowCount()
        import_in_another_process(store, trade_file(tmp_path / "more.csv", rows=12))
        qtbot.waitUntil(lambda: trade.model.rowCount() == before + 12, timeout=10000)


def test_f5_refreshes_at_once(qtbot, store, tmp_path):
    with open_window(qtbot, store, "trade") as win:
        win.watcher.timer.stop()                # only F5 may notice the change
        pane = win.current_pane()
        before = pane.model.rowCount()
        other = store.connect()                 # a second connection, as another window holds
        try:
            from explorer.data.importing import run_import

            run_import(other, trade_file(tmp_path / "more.csv", rows=5))
        finally:
            other.close()
        assert pane.model.rowCount() == before
        assert win.refresh_action.shortcut().toString() == "F5"
        qtbot.keyClick(win, Qt.Key.Key_F5)
        assert pane.model.rowCount() == before + 5
        assert win.statusBar().currentMessage() == "Refreshed from the workspace"


def test_the_windows_own_changes_are_not_refreshed_twice(qtbot, store, tmp_path):
    with open_window(qtbot, store, "trade") as win:
        win.watcher.timer.stop()
        pane = win.current_pane()
        before = pane.model.rowCount()
        from explorer.data.importing import run_import

        worker_conn = store.connect()           # the wizard imports on a connection of its own
        try:
            run_import(worker_conn, trade_file(tmp_path / "mine.csv", rows=3))
        finally:
            worker_conn.close()
        win.ctx.bus.data_changed.emit()         # what the wizard announces after its import
        assert pane.model.rowCount() == before + 3
        assert win.watcher.poll() is False      # already seen: no second refresh


def test_watching_stops_quietly_once_the_connection_is_closed(qtbot, store):
    with open_window(qtbot, store, "trade") as win:
        watcher = win.watcher
        conn: sqlite3.Connection = win.ctx.conn
        conn.close()
        assert watcher.poll() is False
        assert not watcher.timer.isActive()
