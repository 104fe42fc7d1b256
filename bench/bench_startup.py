"""First paint and ready-to-use time of the app vs a bare PySide6 + pyqtgraph window.

Targets (issue 9): first paint ≤ 0.35×, ready ≤ 1.2× of the bare window."""
from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import PY, REPO, report_rounds, time_command


def _rounds(a, b, rounds: int) -> tuple[list[float], list[float]]:
    """A B A B …: each A paired with the B run next to it."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(a())
        tb.append(b())
    return ta, tb


def main(rounds: int = 7) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        env = {"QT_QPA_PLATFORM": "offscreen", "AMUR_WORKSPACE": str(Path(tmp) / "ws.sqlite"),
               "XDG_CONFIG_HOME": tmp}
        app = [PY, "-m", "explorer"]
        bare = lambda: time_command([PY, str(REPO / "bench" / "bare_window.py")], env)  # noqa: E731
        time_command(app + ["--exit-after-paint"], env)          # warm the workspace and file cache
        bare()                                                     # and the reference's
        paint, ref = _rounds(lambda: time_command(app + ["--exit-after-paint"], env), bare, rounds)
        ok1 = report_rounds("start-up: first paint", paint, ref, 0.35, "bare window")
        ready, ref2 = _rounds(lambda: time_command(app + ["--exit-when-ready"], env), bare, rounds)
        ok2 = report_rounds("start-up: ready (charts drawn)", ready, ref2, 1.2, "bare window")
    return ok1 and ok2


if __name__ == "__main__":
    main()
