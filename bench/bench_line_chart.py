"""Line chart pan/zoom frame time of 1M and 10M (SYNTHETIC) points vs a
10,000-point line in the same PlotWidget, with pyqtgraph's automatic peak
downsampling and clip-to-view (explorer.ui.widgets.plot settings), A B A B …,
medians (target ≤ 1.5× at 1M, ≤ 4× at 10M)."""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from bench.common import report

    app = QApplication.instance() or QApplication([])
    import pyqtgraph as pg

    w = pg.PlotWidget()
    w.resize(800, 600)
    w.show()
    curve = w.plot()
    curve.setDownsampling(auto=True, method="peak")
    curve.setClipToView(True)
    rng = np.random.default_rng(7)
    data = {n: (np.arange(n, dtype=float), np.cumsum(rng.standard_normal(n)))
            for n in (10_000, 1_000_000, 10_000_000)}
    vb = w.getPlotItem().getViewBox()

    def frames(n: int) -> float:
        x, y = data[n]
        curve.setData(x, y)
        vb.setXRange(0, n, padding=0)
        app.processEvents()
        w.repaint()
        times = []
        for i in range(12):
            t = time.perf_counter()
            if i % 2:
                vb.scaleBy((0.9, 1.0))            # zoom
            else:
                vb.translateBy(x=n * 0.01)        # pan
            w.repaint()
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    print("(SYNTHETIC random-walk series, never bundled)")
    for n, target in ((1_000_000, 1.5), (10_000_000, 4.0)):
        ta, tb = [], []
        for _ in range(3):
            ta.append(frames(n))
            tb.append(frames(10_000))
        report(f"line of {n:,} points, pan/zoom frame", statistics.median(ta), statistics.median(tb), target,
               "10,000-point line")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
