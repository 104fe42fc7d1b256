"""Shared fixtures: a bundled database built from the curated CSVs, a fresh
workspace per test, and an isolated settings folder for the GUI."""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
MINI = REPO / "tests" / "fixtures" / "mini_curated"


def pytest_addoption(parser):
    # here, not in tests/faults/conftest.py, so that `pytest --fault-trials=N` works from the root too
    parser.addoption("--fault-trials", type=int, default=None,
                     help="kill/fault trials per test in tests/faults (default 12; env AMUR_FAULT_TRIALS)")


@pytest.fixture(scope="session")
def bundled_path(tmp_path_factory) -> Path:
    """The real bundled database, built from db/*.csv once per test session."""
    from explorer.data.build import build

    out = tmp_path_factory.mktemp("bundled") / "amur.sqlite"
    build(out, REPO / "db")
    os.chmod(out, 0o444)          # any attempt to write it fails loudly
    return out


@pytest.fixture(scope="session")
def mini_bundled_path(tmp_path_factory) -> Path:
    """A tiny curated database (tests/fixtures/mini_curated) for exact-count tests."""
    from explorer.data.build import build

    out = tmp_path_factory.mktemp("mini") / "mini.sqlite"
    build(out, MINI)
    os.chmod(out, 0o444)
    return out


@pytest.fixture
def store(bundled_path, tmp_path):
    from explorer.data.db import Store

    return Store(workspace=tmp_path / "workspace.sqlite", bundled=bundled_path)


@pytest.fixture
def conn(store) -> sqlite3.Connection:
    c = store.connect()
    yield c
    c.close()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    """Never touch the developer's real settings or workspace."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))      # the error log (explorer.errors)
    monkeypatch.setenv("AMUR_WORKSPACE", str(tmp_path / "default-workspace.sqlite"))
    try:
        from PySide6.QtCore import QSettings
    except ImportError:
        return
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))


@contextmanager
def open_window(qtbot, store, pane: str = "trade", size: tuple[int, int] = (1280, 800)):
    """A shown main window on this store, its pane ready; destroyed afterwards."""
    from explorer.ui.launch import create_window

    win = create_window(store, pane)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    show_and_wait(qtbot, win, pane)
    try:
        yield win
    finally:
        dispose_window(win)


@pytest.fixture
def window(qtbot, store):
    """The main window on a fresh workspace, shown, with its current pane ready."""
    with open_window(qtbot, store) as win:
        yield win


def dispose_window(win) -> None:
    """Destroy the window (and its panes' pending timers) before closing its connection."""
    from PySide6.QtCore import QCoreApplication, QEvent

    conn = win.ctx.conn
    win.close()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    conn.close()


def show_and_wait(qtbot, win, name: str):
    """Switch the window to a pane and wait until its charts are drawn."""
    pane = win.show_pane(name)
    qtbot.waitUntil(lambda: pane.is_ready, timeout=15000)
    return pane
