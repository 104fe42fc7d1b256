"""Starting the app the ways a desktop starts it: from a file manager's "Open with",
in a session with no display, on a system whose fonts cannot draw Chinese."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.ui.display import NO_DISPLAY, no_display_reason

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland and fontconfig")


def app(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)


def user_env(tmp_path: Path, bundled: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMUR_")}
    env.update(AMUR_BUNDLED_DB=str(bundled), XDG_CONFIG_HOME=str(tmp_path / "cfg"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"), **extra)
    return env



def in_own_process(test):
    """Run ``test`` in a pytest of its own: it runs the window's event loop to the end and quits
    the application, which would leave the shared QApplication of the tests after it unable to
    run theirs (every later pane waited forever for its first draw)."""
    import functools

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        if os.environ.get("AMUR_TEST_CHILD") == test.__name__:
            return test(*args, **kwargs)
        env = {**os.environ, "AMUR_TEST_CHILD": test.__name__, "QT_QPA_PLATFORM": "offscreen"}
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               f"{__file__}::{test.__name__}"], env=env, capture_output=True, text=True,
                              timeout=300, cwd=Path(__file__).resolve().parents[2])
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return wrapper


def test_the_window_with_no_display_says_so_and_exits_1(bundled_path, tmp_path):
    env = user_env(tmp_path, bundled_path, XDG_RUNTIME_DIR=str(tmp_path / "run"))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    (tmp_path / "run").mkdir()
    done = app(["--db", str(tmp_path / "ws.sqlite")], env)
    assert (done.returncode, done.stderr) == (
        1, "amur-explorer: error: no display found; use QT_QPA_PLATFORM=offscreen for screenshots\n")
    assert not (tmp_path / "ws.sqlite").exists()


@pytest.mark.parametrize("env, expected", [
    ({}, NO_DISPLAY),
    ({"DISPLAY": ":0"}, None),
    ({"WAYLAND_DISPLAY": "wayland-1"}, None),
    ({"QT_QPA_PLATFORM": "offscreen"}, None),
    ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, None),
    ({"QT_QPA_PLATFORM": "xcb"}, NO_DISPLAY),
    ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, NO_DISPLAY),
    ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"}, None),
    ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":1"}, NO_DISPLAY),
])
def test_a_display_is_found_only_where_the_chosen_platform_can_reach_one(monkeypatch, tmp_path, env, expected):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))       # no wayland-0 socket there
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert no_display_reason() == expected


def test_the_default_wayland_socket_is_a_display(monkeypatch, tmp_path):
    import socket

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "wayland-0"))
        assert no_display_reason() is None


def fonts_without_chinese(tmp_path: Path) -> Path:
    """A fontconfig file that sees one installed font covering Cyrillic but not Chinese."""
    def files(pattern: str) -> set[str]:
        out = subprocess.run(["fc-list", pattern, "file"], capture_output=True, text=True)
        return {line.split(":")[0] for line in out.stdout.splitlines() if line.strip()}

    candidates = sorted(files(":lang=ru") - files(":lang=zh"))
    if not candidates:
        pytest.skip("needs fc-list and an installed font with Cyrillic and no Chinese")
    only = tmp_path / "fonts"
    only.mkdir()
    (only / Path(candidates[0]).name).symlink_to(candidates[0])
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>{only}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>
""")
    return conf


def test_selftest_fails_naming_the_package_when_no_font_draws_chinese(bundled_path, tmp_path):
    env = user_env(tmp_path, bundled_path, FONTCONFIG_FILE=str(fonts_without_chinese(tmp_path)))
    done = app(["--db", str(tmp_path / "ws.sqlite"), "selftest"], env, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "selftest FAILED: no installed font covers Chinese (中俄黑龙江哈尔滨 would draw as boxes); "
        "install fonts-wqy-microhei (or fonts-noto-cjk)"]


@in_own_process
def test_a_file_argument_is_the_window_with_the_import_wizard_on_that_file(qtbot, store, monkeypatch, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from explorer.app import _file_as_open, build_parser
    from explorer.ui import launch

    data = tmp_path / "figures.csv"
    data.write_text("year,value\n2023,1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)                 # a file manager may pass a relative path
    monkeypatch.setattr("explorer.ui.errors.install", lambda: None)
    parser = build_parser()
    args = parser.parse_args(_file_as_open(["--db", str(store.workspace), "figures.csv"], parser))
    seen = []

    def look() -> None:
        wizard = next((w for w in QApplication.topLevelWidgets()
                       if w.objectName() == "import-wizard" and w.isVisible()), None)
        if wizard is None:
            QTimer.singleShot(20, look)
            return
        seen.append(wizard.file_page.path_edit.text())
        wizard.reject()
        wizard.parent().ctx.closing = True
        wizard.parent().close()
        QApplication.instance().quit()

    QTimer.singleShot(0, look)
    # no wizard: fail, don't hang. A timer of our own, stopped when done: a pending quit()
    # would end the event loops of the tests that run after this one in the same application
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.instance().quit)
    guard.start(15_000)
    try:
        assert launch.run_window(args, lambda _args: store) == 0
    finally:
        guard.stop()
    assert seen == [str(data)]


@in_own_process
def test_a_file_opened_from_finder_opens_the_import_wizard_on_it(qtbot, store, monkeypatch, tmp_path):
    """macOS sends a double-clicked document as a QFileOpenEvent to the running app."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from explorer.ui import launch

    data = tmp_path / "figures.xlsx"
    data.write_bytes(b"PK")
    monkeypatch.setattr("explorer.ui.errors.install", lambda: None)
    args = argparse.Namespace(pane=None, exit_after_paint=False, exit_when_ready=False,
                              db=store.workspace, open_file=None)
    seen = []

    def send() -> None:
        QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(data)))
        wizard = next((w for w in QApplication.topLevelWidgets()
                       if w.objectName() == "import-wizard" and w.isVisible()), None)
        seen.append(wizard.file_page.path_edit.text() if wizard else None)
        if wizard:
            wizard.reject()
            wizard.parent().ctx.closing = True
            wizard.parent().close()
        QApplication.instance().quit()

    QTimer.singleShot(0, send)
    assert launch.run_window(args, lambda _args: store) == 0
    assert seen == [str(data)]


def test_a_mistyped_command_stays_a_usage_error(tmp_path, capsys, monkeypatch):
    from explorer.app import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["imprt", "figures.csv"])
    assert stopped.value.code == 2
    assert "invalid choice: 'imprt'" in capsys.readouterr().err
