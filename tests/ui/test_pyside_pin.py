"""Guards the PySide6 pin: 6.12.0 on Python 3.11 drops a reference to None on
most QPainter calls and the interpreter aborts (none_dealloc) after a few
thousand paints; pyqtgraph hits it within ~100 frames."""
from __future__ import annotations

import sys

import PySide6


def test_pyside6_version_is_below_6_12_on_python_3_11():
    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert (major, minor) < (6, 12), PySide6.__version__


def test_painting_a_plot_many_times_does_not_leak_none(qtbot):
    import pyqtgraph as pg

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.plot(list(range(100)), [i * i for i in range(100)])
    widget.show()
    before = sys.getrefcount(None)
    for _ in range(300):
        widget.grab()
    # With the bad build the count falls by thousands (and soon aborts).
    assert sys.getrefcount(None) >= before - 100
