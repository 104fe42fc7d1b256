"""Start-up stays light: nothing heavy is imported before the first paint."""
from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("pandas", "pyarrow", "sqlite_utils", "openpyxl", "xlrd", "pyqtgraph", "charset_normalizer")
#: What the first paint does not need: the import engine, the CLI's commands.
NOT_AT_PAINT = HEAVY + ("explorer.data.importing", "explorer.commands")

PROBE = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from explorer.app import build_parser, open_store, wants_a_command
from explorer.ui.launch import create_window, make_app
app = make_app()
args = build_parser(commands=wants_a_command([])).parse_args([])
win = create_window(open_store(args), "trade")
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
