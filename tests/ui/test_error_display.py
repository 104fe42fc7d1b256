"""What the analyst sees when something fails in the window: the import
wizard says it in the page (the same line the command line prints), and an
exception nobody caught is one dialog with the traceback folded away under
its details, kept in the log — never a traceback on a terminal nobody reads."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from tests.conftest import REPO

CORPUS = REPO / "tests" / "fixtures" / "import"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def log_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("AMUR_DEBUG", raising=False)
    return tmp_path / "state" / "amur-explorer" / "log" / "errors.log"


def cli_import_stderr(store, path: Path) -> str:
    env = dict(os.environ, AMUR_BUNDLED_DB=str(store.bundled))
    run = subprocess.run([sys.executable, "-m", "explorer", "--db", str(store.workspace), "import", str(path)],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr
    return run.stderr


def first_page_error(qtbot, window, path: Path) -> str:
    from explorer.ui.dialogs.import_history import open_import_wizard

    wizard = open_import_wizard(window, path)
    qtbot.waitUntil(wizard.isVisible)                         # opened on the file: it is read at once
    page = wizard.file_page
    qtbot.waitUntil(lambda: page.reading is None and bool(page.error.text()), timeout=30000)
    assert wizard.currentPage() is page                      # refused: the analyst stays on the page
    label = wizard.file_page.error
    assert label.isVisibleTo(wizard)
    text = label.text()
    wizard.reject()
    return text


def workspace_dump(window) -> str:
    return "\n".join(window.ctx.conn.iterdump())


def bad_crc_gzip(path: Path) -> Path:
    packed = bytearray(gzip.compress((CORPUS / "good_trade_utf8.csv").read_bytes()))
    packed[-8:-4] = b"\0\0\0\0"                     # the CRC-32 of the content, zeroed
    path.write_bytes(bytes(packed))
    return path


def truncated_gzip(path: Path) -> Path:
    rows = "".join(f"2020-{1 + i % 12:02d},China,Russia,export,{i:06d},{i}.5,USD\n" for i in range(3000))
    packed = gzip.compress(("period,reporter,partner,flow,commodity,value,unit\n" + rows).encode())
    path.write_bytes(packed[: len(packed) // 2])
    return path


@pytest.mark.parametrize("make", [bad_crc_gzip, truncated_gzip], ids=["bad CRC", "truncated"])
def test_a_broken_gzip_is_said_on_the_first_page_as_the_command_line_says_it(
        qtbot, window, tmp_path, log_home, make):
    path = make(tmp_path / "figures.csv.gz")
    before = workspace_dump(window)
    text = first_page_error(qtbot, window, path)
    assert text, "the first page shows no message"
    assert "unexpected" not in text and "Traceback" not in text     # a damaged file is no bug: said plainly
    assert text.strip().splitlines()[0] in cli_import_stderr(window.ctx.store, path)
    assert workspace_dump(window) == before


def test_an_unreadable_file_is_said_on_the_first_page(qtbot, window, tmp_path, monkeypatch, log_home):
    path = tmp_path / "secret.csv"
    path.write_bytes((CORPUS / "good_trade_utf8.csv").read_bytes())
    if IS_ROOT:     # root reads any file: the reader meets the refusal a user would
        from explorer.ui.dialogs import import_wizard

        def refused(p, *_a, **_k):
            raise PermissionError(13, "Permission denied", str(p))

        monkeypatch.setattr(import_wizard, "prepare", refused)
    else:
        path.chmod(0)
    text = first_page_error(qtbot, window, path)
    assert text == f"{path}: Permission denied"
    assert not log_home.exists()                    # an expected condition: no traceback kept


def test_a_failing_worker_says_so_in_the_page(qtbot, window, monkeypatch, log_home):
    from explorer.ui.dialogs import import_wizard
    from explorer.ui.dialogs.import_history import open_import_wizard

    def broken(*_a, **_k):
        raise RuntimeError("the disk controller hiccuped")

    monkeypatch.setattr(import_wizard, "run_import", broken)
    wizard = open_import_wizard(window, CORPUS / "good_trade_utf8.csv")
    qtbot.waitUntil(wizard.isVisible)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview_page, timeout=30000)   # opened on the file
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=30000)
    wizard.adjust_columns()
    wizard.next()                                           # -> check
    page = wizard.check_page
    qtbot.waitUntil(lambda: page.done, timeout=30000)
    assert page.report.toPlainText() == (f"The import failed: unexpected RuntimeError: the disk controller "
                                         f"hiccuped (details in {log_home})\nNothing was written.")
    assert "RuntimeError: the disk controller hiccuped" in log_home.read_text()
    wizard.reject()


def test_a_read_only_workspace_is_said_once_in_the_page(qtbot, window, monkeypatch):
    from explorer.data import db
    from explorer.ui.dialogs.import_history import open_import_wizard

    reason = "Amur Explorer cannot write in its folder /srv/shared, where SQLite must create a journal file"
    monkeypatch.setattr(db, "write_problem", lambda _path: reason)      # the worker's connection opens read-only
    raw = window.ctx.store.workspace.read_bytes()
    wizard = open_import_wizard(window, CORPUS / "good_trade_utf8.csv")
    qtbot.waitUntil(wizard.isVisible)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview_page, timeout=30000)   # opened on the file
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=30000)
    wizard.adjust_columns()
    wizard.next()                                           # -> check
    page = wizard.check_page
    qtbot.waitUntil(lambda: page.done, timeout=30000)
    assert page.report.toPlainText() == (f"The import failed: the workspace {window.ctx.store.workspace} is "
                                         f"read-only: {reason}; nothing was written")
    wizard.reject()
    assert window.ctx.store.workspace.read_bytes() == raw


def test_the_first_page_says_why_next_is_greyed_out(qtbot, window, tmp_path):
    from explorer.ui.dialogs.import_history import open_import_wizard

    wizard = open_import_wizard(window)
    qtbot.waitUntil(wizard.isVisible)
    page = wizard.file_page
    for typed, said in ((tmp_path / "nothing-here.csv", f"no such file: {tmp_path / 'nothing-here.csv'}"),
                        (tmp_path, f"{tmp_path} is a folder; choose a file in it"),
                        (CORPUS / "good_trade_utf8.csv", "")):
        page.path_edit.setText(str(typed))
        assert page.error.text() == said
        assert page.isComplete() is (said == "")
    wizard.reject()


# -- the excepthook ------------------------------------------------------------------------------------

@pytest.fixture
def shown(monkeypatch, log_home):
    """Install the window's excepthook; record each error dialog instead of showing it."""
    from explorer.ui import errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    dialogs: list[dict] = []

    def record(box: QMessageBox) -> int:
        dialogs.append({"text": box.text(), "details": box.detailedText(), "icon": box.icon()})
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    errors.install()
    return dialogs


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_one_dialog_with_the_details_folded_away(qtbot, shown, log_home):
    def slot():
        raise KeyError("trade_figures")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=3000)
    [dialog] = shown
    assert dialog["text"] == f"unexpected KeyError: 'trade_figures' (details in {log_home})"
    assert dialog["icon"] == QMessageBox.Icon.Critical
    assert "Traceback (most recent call last)" in dialog["details"] and "in slot" in dialog["details"]
    assert "KeyError: 'trade_figures'" in log_home.read_text()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_worker_thread_is_shown_from_the_gui_thread(qtbot, shown):
    def boom():
        raise ValueError("bad value in a worker")

    thread = threading.Thread(target=boom)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=3000)
    assert shown[0]["text"].startswith("unexpected ValueError: bad value in a worker (details in ")


@pytest.mark.qt_no_exception_capture
def test_a_problem_with_its_own_message_is_shown_as_it_is(qtbot, shown, log_home):
    from explorer.data.db import WorkspaceReadOnly

    message = "the workspace /data/ws.sqlite is read-only: the file's permissions do not allow writing to it; " \
              "nothing was written"

    def slot():
        raise WorkspaceReadOnly(message)

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=3000)
    assert shown[0]["text"] == message
    assert not log_home.exists()


@pytest.mark.qt_no_exception_capture
def test_a_window_that_cannot_be_built_is_one_dialog_and_exit_1(qtbot, shown, store, monkeypatch, log_home):
    import argparse

    from explorer.ui import launch

    def broken(_store, _pane, **_options):
        raise IndexError("pane list is empty")

    monkeypatch.setattr(launch, "create_window", broken)
    args = argparse.Namespace(pane=None, exit_after_paint=False, exit_when_ready=False, db=store.workspace)
    assert launch.run_window(args, lambda _args: store) == 1
    [dialog] = shown
    assert dialog["text"] == f"unexpected IndexError: pane list is empty (details in {log_home})"
    assert "IndexError: pane list is empty" in dialog["details"]


@pytest.mark.qt_no_exception_capture
def test_a_write_refused_by_sqlite_in_the_window_is_said_plainly(qtbot, shown, log_home):
    import sqlite3

    def slot():         # e.g. editing exchange rates in a workspace that turned read-only
        raise sqlite3.OperationalError("attempt to write a readonly database")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=3000)
    assert shown[0]["text"] == ("the workspace is read-only (attempt to write a readonly database); "
                                "nothing was written.")
    assert not log_home.exists()
