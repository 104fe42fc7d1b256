"""Run the app (``python bench/startup_stalls.py --exit-when-ready``) with a heartbeat on
its UI thread and print, as JSON on the last line of stdout, the longest gap between two
beats from the first turn of the event loop (the window's first paint comes with it) to
the moment the shown pane says it is ready, i.e. how long the window stopped answering
at worst before it could be used.

The clock stops at ``ready`` (the step that ends in it counts, to its last line), not
at the quit that ``--exit-when-ready`` asks for next: closing the window (saving its
layout) is the benchmark's doing, not start-up. The app's own code is untouched: the
heartbeat is started from the QApplication the app makes (``explorer.ui.launch.make_app``
wrapped here) and told of ``ready`` through the callback ``MainWindow.finish_building``
is given (wrapped here)."""
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
        # the UI thread's own CPU time between two beats: on a loaded machine a stall's wall
        # time is its CPU time plus waiting for a core; this is the part the app can cut
        self.cpu_last = 0.0
        self.longest_cpu = 0.0
        self.timer = QTimer(app, interval=BEAT_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.beat)
        self.timer.start()
        self.ready = False
        app.aboutToQuit.connect(self.report)

    def at_ready(self) -> None:
        """The shown pane is ready: the last stall ends here, and the count stops."""
        self.beat()
        self.ready = True
        self.timer.stop()

    def beat(self) -> None:
        if self.ready:
            return
        now, cpu = time.perf_counter(), time.thread_time()
        if self.first is None:
            self.first = now
        else:
            if now - self.last > self.longest:
                self.longest, self.longest_at = now - self.last, self.last - START
            self.longest_cpu = max(self.longest_cpu, cpu - self.cpu_last)
        self.last, self.cpu_last = now, cpu

    def report(self) -> None:
        self.beat()
        print(json.dumps({"longest_stall_ms": round(self.longest * 1000, 1),
                          "longest_stall_cpu_ms": round(self.longest_cpu * 1000, 1),
                          "stall_starts_ms": round(self.longest_at * 1000, 1),
                          "event_loop_starts_ms": round(((self.first or START) - START) * 1000, 1),
                          "ready_ms": round((self.last - START) * 1000, 1),
                          "reached_ready": self.ready}), flush=True)


_make_app = launch.make_app
_beats: list[Heartbeat] = []


def make_app_with_heartbeat():
    app = _make_app()
    if not _beats:
        _beats.append(Heartbeat(app))
        _tell_heartbeat_when_ready(_beats[0])
    return app


def _tell_heartbeat_when_ready(heartbeat: Heartbeat) -> None:
    from explorer.ui.main_window import MainWindow      # the window imports it next anyway

    finish_building = MainWindow.finish_building

    def finish_building_watched(window, chunked: bool = False, then=None) -> None:
        def shown_pane_built(pane) -> None:
            if then is not None:
                then(pane)
            if pane.is_ready:
                heartbeat.at_ready()
            else:
                pane.ready.connect(heartbeat.at_ready)

        finish_building(window, chunked=chunked, then=shown_pane_built)

    MainWindow.finish_building = finish_building_watched


launch.make_app = make_app_with_heartbeat

if __name__ == "__main__":
    from explorer.app import main

    sys.exit(main(sys.argv[1:]))
