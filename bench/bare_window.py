"""Reference for start-up: a bare QMainWindow with five tabs, one holding a
pyqtgraph PlotWidget, that quits after its first paint."""
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

import pyqtgraph as pg

app = QApplication(sys.argv[:1])
win = QMainWindow()
tabs = QTabWidget()
tabs.addTab(pg.PlotWidget(), "Plot")
for name in ("B", "C", "D", "E"):
    tabs.addTab(QWidget(), name)
win.setCentralWidget(tabs)
win.resize(1280, 800)


class Quit(QObject):
    done = False

    def eventFilter(self, obj, event):  # noqa: N802
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print(f"painted at {time.time():.6f}", flush=True)    # the moment bench_startup times to
            QTimer.singleShot(0, app.quit)
        return False


q = Quit()
win.installEventFilter(q)
win.show()
app.exec()
