"""Run the app (``python bench/startup_stalls.py --exit-when-ready``) with a heartbeat on
its UI thread and print, as JSON on the last line of stdout, the longest gap between two
beats from the first turn of the event loop (the window's first paint comes with it) to
the moment the app quits, i.e. how long the window stopped answering at worst.

The app's own code is untouched: the heartbeat is started from the QApplication the app
makes (``explorer.ui.launch.make_app`` wrapped here)."""
from __future__ import annotations

import json
import sys
import time

START = time.perf_counter()

from PySide6.QtCore import QTimer, Qt  # noqa: E402

from explorer.ui import launch  # noqa: E402

#: A beat this often; a gap longer than this is time the event loop was not running.
BEAT_MS = 2


class Heartbeat:
    def __init__(self, app) -> None:
        self.first: float | None = None
        self.last: float | None = None
        self.longest = 0.0
        self.longest_at = 0.0
        self.timer = QTimer(app, interval=BEAT_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.beat)
        self.timer.start()
        app.aboutToQuit.connect(self.report)

    def beat(self) -> None:
        now = time.perf_counter()
        if self.first is None:
            self.first = now
        elif now - self.last > self.longest:
            self.longest, self.longest_at = now - self.last, self.last - START
        self.last = now

    def report(self) -> None:
        self.beat()
        print(json.dumps({"longest_stall_ms": round(self.longest * 1000, 1),
                          "stall_starts_ms": round(self.longest_at * 1000, 1),
                          "event_loop_starts_ms": round(((self.first or START) - START) * 1000, 1),
                          "quit_ms": round((self.last - START) * 1000, 1)}), flush=True)


_make_app = launch.make_app
_beats: list[Heartbeat] = []


def make_app_with_heartbeat():
    app = _make_app()
    if not _beats:
        _beats.append(Heartbeat(app))
    return app


launch.make_app = make_app_with_heartbeat

if __name__ == "__main__":
    from explorer.app import main

    sys.exit(main(sys.argv[1:]))
