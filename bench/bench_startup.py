"""First paint and ready-to-use time of the app vs a bare PySide6 + pyqtgraph window.

Targets (issue 9): first paint ≤ 0.35×, ready ≤ 1.2× of the bare window."""
from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import PY, REPO, interleaved, report, time_command


def main(rounds: int = 7) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        env = {"QT_QPA_PLATFORM": "offscreen", "AMUR_WORKSPACE": str(Path(tmp) / "ws.sqlite"),
               "XDG_CONFIG_HOME": tmp}
        app = [PY, "-m", "explorer"]
        bare = lambda: time_command([PY, str(REPO / "bench" / "bare_window.py")], env)  # noqa: E731
        time_command(app + ["--exit-after-paint"], env)          # warm the workspace and file cache
        paint, ref = interleaved(lambda: time_command(app + ["--exit-after-paint"], env), bare, rounds)
        ok1 = report("start-up: first paint", paint, ref, 0.35, "bare window")
        ready, ref2 = interleaved(lambda: time_command(app + ["--exit-when-ready"], env), bare, rounds)
        ok2 = report("start-up: ready (charts drawn)", ready, ref2, 1.2, "bare window")
    return ok1 and ok2


if __name__ == "__main__":
    main()
