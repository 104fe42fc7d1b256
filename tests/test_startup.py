"""Start-up stays light: nothing heavy is imported before the first paint."""
from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("pandas", "pyarrow", "sqlite_utils", "openpyxl", "xlrd", "pyqtgraph", "charset_normalizer")
#: What the first paint (a skeleton: frame, tab bar, menus' titles, status bar, the
#: shown pane's empty page) does not need: the import engine, the CLI's commands, any
#: pane's module, the table model and its query engine, exports, dialogs, widgets,
#: the background runner, the File menu's parts.
NOT_AT_PAINT = HEAVY + (
    "explorer.data.importing", "explorer.commands", "explorer.ui.panes.base", "explorer.ui.panes.trade",
    "explorer.ui.panes.corridors", "explorer.ui.panes.energy", "explorer.ui.panes.institutions",
    "explorer.ui.panes.sources", "explorer.ui.panes.indicators", "explorer.ui.models", "explorer.data.query",
    "explorer.data.export", "explorer.data.corridors", "explorer.data.conflicts", "explorer.data.trade_series",
    "explorer.ui.dialogs", "explorer.ui.widgets", "explorer.ui.jobs", "explorer.ui.recent_imports",
    "explorer.ui.pane_state", "explorer.ui.export_view",
    # the workspace is opened after the paint: its schema check, indexes, backups, aliases, watcher
    "explorer.data.indexes", "explorer.data.text_index", "explorer.data.tables", "explorer.data.backup",
    "explorer.data.aliases", "explorer.ui.workspace_watch",
)

PROBE = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from explorer.app import build_parser, open_store, wants_a_command
from explorer.ui.launch import create_window, make_app
app = make_app()
args = build_parser(commands=wants_a_command([])).parse_args([])
win = create_window(open_store(args), "trade", skeleton=True)      # as run_window opens it
seen = {}
class Probe(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and "at_paint" not in seen:
            seen["at_paint"] = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
            QTimer.singleShot(0, app.quit)
        return False
probe = Probe()
win.installEventFilter(probe)
win.show()
app.exec()
print(json.dumps(seen))
"""


def test_no_heavy_module_is_loaded_before_first_paint(bundled_path, tmp_path):
    """Neither heavy libraries nor the app's own modules the paint does not need
    (the import engine, the CLI's commands) are loaded before the first paint."""
    env = {**os.environ, "AMUR_BUNDLED_DB": str(bundled_path), "QT_QPA_PLATFORM": "offscreen",
           "AMUR_WORKSPACE": str(tmp_path / "ws.sqlite"), "XDG_CONFIG_HOME": str(tmp_path)}
    code = f"HEAVY = {NOT_AT_PAINT!r}\n" + PROBE
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["at_paint"] == [], f"loaded before first paint: {seen['at_paint']}"


def test_importtime_of_the_cli_lists_no_heavy_module(tmp_path):
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import explorer.app; explorer.app.build_parser()"],
                            capture_output=True, text=True, timeout=60)
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert not imported & set(HEAVY)


def test_exit_after_paint_quits_before_the_charts_are_built(bundled_path, tmp_path):
    """The benchmark's first-paint run must not pay for pyqtgraph: the chart
    build queued behind the first paint is dropped once the app is quitting."""
    env = {**os.environ, "AMUR_BUNDLED_DB": str(bundled_path), "QT_QPA_PLATFORM": "offscreen",
           "AMUR_WORKSPACE": str(tmp_path / "ws.sqlite"), "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "explorer", "--exit-after-paint"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "pyqtgraph" not in imported


def test_the_tab_bar_declares_each_pane_as_its_class_does():
    """The tabs are drawn from the declarations before any pane's module is imported:
    each declaration's name and title are those of the pane it builds."""
    from explorer.ui.panes import PANES

    for entry in PANES:
        cls = entry.load()
        assert (entry.name, entry.title) == (cls.spec.name, cls.spec.title)


def test_a_pane_is_built_when_first_shown_and_keeps_its_remembered_state(qtbot, store):
    """Only the shown pane is built at start; another is built, with its remembered
    filter, when the analyst switches to it; a pane never opened keeps what was remembered."""
    from explorer import settings
    from explorer.ui.launch import create_window
    from tests.conftest import dispose_window

    settings.put(settings.for_pane(settings.PANE_FILTER, "corridors"), "Harbin")
    settings.put(settings.for_pane(settings.PANE_FILTER, "energy"), "Power of Siberia")
    win = create_window(store, "trade")
    qtbot.addWidget(win)
    try:
        assert [p.spec.name for p in win.built_panes()] == ["trade"]
        win.tabs.setCurrentIndex(1)
        corridors = win.current_pane()
        assert corridors.spec.name == "corridors" and corridors.filter_edit.text() == "Harbin"
        assert [p.spec.name for p in win.built_panes()] == ["trade", "corridors"]
        win.save_state()
        assert settings.get(settings.for_pane(settings.PANE_FILTER, "energy")) == "Power of Siberia"
        assert settings.get(settings.LAST_PANE) == "corridors"
    finally:
        dispose_window(win)


DAMAGED_START = r"""
import sys
from explorer.ui.dialogs.recovery import RecoveryDialog
def exec_(self):
    getattr(self, CHOICE + "_button").click()
    return 0
RecoveryDialog.exec = exec_
from explorer.app import main
sys.exit(main(["--exit-when-ready"]))
"""


def _start_on_damaged_workspace(choice: str, bundled_path, tmp_path):
    workspace = tmp_path / "ws.sqlite"
    workspace.write_bytes(b"period,value\n2023,1\n" * 400)          # not a database
    env = {**os.environ, "AMUR_BUNDLED_DB": str(bundled_path), "QT_QPA_PLATFORM": "offscreen",
           "AMUR_WORKSPACE": str(workspace), "XDG_CONFIG_HOME": str(tmp_path)}
    code = f"CHOICE = {choice!r}\n" + DAMAGED_START
    return workspace, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                     timeout=120)


def test_declining_recovery_after_the_first_paint_exits_2_and_touches_nothing(bundled_path, tmp_path):
    """The window paints before the workspace is opened: a damaged workspace is still one
    line and exit status 2 when the analyst quits the recovery dialog, and the file is unchanged."""
    workspace, result = _start_on_damaged_workspace("quit", bundled_path, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "cannot open workspace" in result.stderr and "Traceback" not in result.stderr
    assert workspace.read_bytes() == b"period,value\n2023,1\n" * 400


def test_a_fresh_workspace_chosen_after_the_first_paint_opens_the_window(bundled_path, tmp_path):
    workspace, result = _start_on_damaged_workspace("fresh", bundled_path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob("ws.sqlite.damaged-*"))          # the damaged file kept beside it


def test_each_command_word_is_registered_by_its_module():
    """A run of one command imports only that command's module: the word-to-module map
    must say which module registers each word, and name every word the commands offer."""
    import argparse
    import importlib

    from explorer.app import COMMAND_MODULES, COMMAND_WORDS

    registered = {}
    for module in COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"explorer.commands.{module}").register(sub)
        registered.update({word: module for word in sub.choices})
    assert COMMAND_WORDS == registered


def test_a_command_run_imports_only_its_own_command_module():
    code = ("import sys; from explorer.app import build_parser, commands_for; "
            "build_parser(commands_for(['--db', 'x.sqlite', 'imports'])); "
            "print(sorted(m for m in sys.modules if m.startswith('explorer.commands.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    # its own module and the skeleton the workspace commands share (opening the store, one-line errors)
    assert result.stdout.strip() == "['explorer.commands.imports', 'explorer.commands.on_store']", result.stderr


def test_pyside_is_told_which_modules_use_it_as_it_would_find_itself():
    """The quicker check of PySide6's import hook (a module's bytes, not inspect) gives its
    own answer: a module naming PySide6 uses it, one that does not is left alone, and a
    module without a .py file goes to PySide6's own check."""
    import importlib

    import explorer.data.schema
    import explorer.ui.launch
    from explorer.ui.launch import quicker_pyside_import_check

    feature = importlib.import_module("shibokensupport.feature")
    quicker_pyside_import_check()
    quicker = feature._mod_uses_pyside
    quicker_pyside_import_check()                       # once: not wrapped again
    assert feature._mod_uses_pyside is quicker and quicker.quicker
    own = quicker.pyside_own
    for module in (explorer.ui.launch, explorer.data.schema, sys, json):
        assert quicker(module) == own(module), module.__name__
    assert quicker(explorer.ui.launch) and not quicker(explorer.data.schema)


PREPARED_AFTER_PAINT = r"""
import argparse, json, threading
from pathlib import Path
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from explorer.data.db import Store
from explorer.ui import launch
seen = {"painted": False, "prepared": []}
class Probe(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            seen["painted"] = True
        return False
probe = Probe()
make_app = launch.make_app
def make_app_with_probe():
    app = make_app()
    app.installEventFilter(probe)
    return app
launch.make_app = make_app_with_probe
def prepare(store):
    window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "ctx"))
    seen["prepared"].append({"ui_thread": threading.current_thread() is threading.main_thread(),
                             "after_paint": seen["painted"], "workspace_open": window.ctx.conn is not None})
args = argparse.Namespace(pane="trade", exit_after_paint=False, exit_when_ready=True, open_file=None)
code = launch.run_window(args, lambda _a: Store(workspace=Path(WORKSPACE), bundled=Path(BUNDLED)), prepare=prepare)
print(json.dumps({"code": code, **seen}))
"""


def test_the_store_is_prepared_off_the_ui_thread_after_the_first_paint(bundled_path, tmp_path):
    """What must precede the workspace (a source checkout rebuilding its bundled database)
    does not hold up the first paint: it runs in the background after it, and is asked
    again on the UI thread just before the workspace opens (where its error would be shown)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    code = f"WORKSPACE = {str(tmp_path / 'ws.sqlite')!r}\nBUNDLED = {str(bundled_path)!r}\n" + PREPARED_AFTER_PAINT
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    assert seen["prepared"] == [{"ui_thread": False, "after_paint": True, "workspace_open": False},
                                {"ui_thread": True, "after_paint": True, "workspace_open": False}]


def test_the_benchmark_flags_say_when_the_window_painted_and_was_ready(bundled_path, tmp_path):
    """bench_startup times the app to these moments, not to the end of its process."""
    import time

    env = {**os.environ, "AMUR_BUNDLED_DB": str(bundled_path), "QT_QPA_PLATFORM": "offscreen",
           "AMUR_WORKSPACE": str(tmp_path / "ws.sqlite"), "XDG_CONFIG_HOME": str(tmp_path)}
    for flag, moment in (("--exit-after-paint", "painted"), ("--exit-when-ready", "ready")):
        start = time.time()
        result = subprocess.run([sys.executable, "-m", "explorer", flag], capture_output=True, text=True,
                                env=env, timeout=120)
        end = time.time()
        assert result.returncode == 0, result.stderr[-2000:]
        (line,) = result.stdout.splitlines()
        said, at, epoch = line.split()
        assert (said, at) == (moment, "at") and start < float(epoch) < end
