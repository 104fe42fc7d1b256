"""1,000,000-row (SYNTHETIC) Trade table in the windowed model vs an empty
QTableView, in the same run: first paint, a scrollbar jump, and memory.

  first paint   A: QTableView + SqlTableModel over the 1M-row table, shown and painted
                B: an empty QTableView, shown and painted                 (target ≤ 3×)
  jump          A: scrollbar to a random point + repaint (pages read by row id)
                B: the empty view's first paint                            (≤ 50 ms-equivalent)
  memory        RSS after showing each, in two fresh processes              (within 25 MiB)
"""
from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROWS = int(os.environ.get("AMUR_BENCH_ROWS", "1000000"))


def _view():
    """A QTableView set up as TablePane sets its table (both sides of every comparison)."""
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    view.resize(1200, 700)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    return view


def _show_and_paint(view) -> None:
    """Show a view and return once its cells have painted (a window paints when exposed)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class _Painted(QObject):
        done = False

        def eventFilter(self, obj, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                self.done = True
            return False

    watch = _Painted()
    view.viewport().installEventFilter(watch)
    view.show()
    while not watch.done:
        QApplication.processEvents()
    view.viewport().removeEventFilter(watch)


def _rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _child(kind: str) -> None:
    """Show one view in this fresh process and print its RSS (MiB) as JSON."""
    from PySide6.QtWidgets import QApplication

    from bench.synthetic import workspace
    from explorer.data.tables import TRADE
    from explorer.ui.models.sql_table import SqlTableModel

    app = QApplication([])
    view = _view()
    if kind == "table":
        store = workspace(ROWS)
        conn = store.connect(readonly_workspace=True)
        model = SqlTableModel(conn, TRADE)
        view.setModel(model)
        view.show()
        view.repaint()
        model.wait_ordered()
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
        view.repaint()
    else:
        from PySide6.QtGui import QStandardItemModel

        from explorer.data.tables import TRADE as _  # same imports on both sides
        view.setModel(QStandardItemModel(0, len(_.columns), view))
        view.show()
        view.repaint()
    app.processEvents()
    print(json.dumps({"rss": _rss_mib()}), flush=True)
    if kind == "table":
        model._orderer.stop()


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from bench.common import report_rounds
    from bench.synthetic import workspace
    from explorer.data.tables import TRADE
    from explorer.ui.models.sql_table import SqlTableModel

    print(f"(SYNTHETIC data: {ROWS:,} generated rows, never bundled)")
    store = workspace(ROWS)
    QApplication.instance() or QApplication([])       # PySide keeps the application alive
    conn = store.connect(readonly_workspace=True)

    built: list[float] = []

    def paint_table() -> float:
        t = time.perf_counter()
        view = _view()
        model = SqlTableModel(conn, TRADE)          # count and first page's ids, off the indexes
        built.append(time.perf_counter() - t)
        view.setModel(model)
        _show_and_paint(view)
        dt = time.perf_counter() - t
        assert model.cached_row_count() > 0, "the first page was painted"
        model.wait_ordered()
        view.close()
        model._orderer.stop()
        return dt

    from PySide6.QtGui import QStandardItemModel

    def paint_empty() -> float:
        t = time.perf_counter()
        view = _view()
        empty = QStandardItemModel(0, len(TRADE.columns), view)
        empty.setHorizontalHeaderLabels([c.header for c in TRADE.columns])
        view.setModel(empty)
        _show_and_paint(view)
        dt = time.perf_counter() - t
        view.close()
        return dt

    ta, tb = [], []
    for _ in range(5):
        ta.append(paint_table())
        tb.append(paint_empty())
    a, b = statistics.median(ta), statistics.median(tb)
    report_rounds("1M table first paint", ta, tb, 3.0, "empty QTableView")
    print(f"{'':40s} of which the model (count + first ids) {statistics.median(built) * 1000:.1f} ms, "
          f"page read and painting {(a - statistics.median(built)) * 1000:.1f} ms")

    view = _view()
    model = SqlTableModel(conn, TRADE)
    view.setModel(model)
    view.show()
    model.wait_ordered()
    bar = view.verticalScrollBar()
    rng = random.Random(1)
    jumps = []
    for _ in range(15):
        t = time.perf_counter()
        bar.setValue(rng.randrange(bar.maximum()))
        view.repaint()
        jumps.append(time.perf_counter() - t)
    bar.setValue(bar.maximum())
    view.repaint()
    j = statistics.median(jumps)
    report_rounds("1M table scrollbar jump", jumps, [b] * len(jumps), 0.050 / b if b else 1.0, "empty view paint")
    print(f"{'':40s} = {j * 1000:.0f} ms-equivalent (target ≤ 50), rows held: {model.cached_row_count()}")

    rss = {}
    for kind in ("empty", "table", "empty", "table"):
        out = subprocess.run([sys.executable, "-m", "bench.bench_table_1m", "--child", kind],
                             capture_output=True, text=True, check=True,
                             cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        rss.setdefault(kind, []).append(json.loads(out.stdout.strip().splitlines()[-1])["rss"])
    d = statistics.median(rss["table"]) - statistics.median(rss["empty"])
    print(f"{'1M table RSS over the empty view':40s} +{d:.1f} MiB (target ≤ 25 MiB) [{'meets' if d <= 25 else 'MISSES'}]")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        sys.exit(main())
