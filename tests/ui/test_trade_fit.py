"""The Trade charts on a laptop screen (issue 18): at 1024×640 the "Bilateral by year"
plot keeps a usable height, whole, and the table gives way first (it scrolls)."""
from __future__ import annotations

from PySide6.QtCore import QRectF

from tests.conftest import open_window, show_and_wait

#: Pixels of plot area an analyst needs to read bars, growth line and flags.
USABLE_PLOT_PX = 180


def _plot_area(pane) -> float:
    chart = pane.charts.bilateral
    return chart.item.vb.sceneBoundingRect().height()


def _assert_whole(qtbot, pane) -> None:
    """Title, plot, legend and notes inside the chart, the chart inside the pane, the table
    still showing rows."""
    chart = pane.charts.bilateral
    scene_rect = QRectF(chart.plot.rect())
    for part in (chart.item.titleLabel, chart.item.vb, chart.item.getAxis("bottom"), chart.legend):
        assert scene_rect.contains(part.sceneBoundingRect()), (type(part).__name__, part.sceneBoundingRect())
    bottom = chart.plot.mapTo(pane, chart.plot.rect().bottomLeft()).y()
    note = pane.charts.note
    assert note.isVisible() and note.mapTo(pane, note.rect().bottomLeft()).y() <= pane.height()
    assert bottom <= note.mapTo(pane, note.rect().topLeft()).y()
    row = pane.table.verticalHeader().defaultSectionSize()
    assert pane.table.viewport().height() >= 3 * row


def test_the_bilateral_plot_is_usable_at_1024_by_640(qtbot, store):
    with open_window(qtbot, store, "trade", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "trade")
        qtbot.wait(20)
        assert (win.width(), win.height()) == (1024, 640)
        assert _plot_area(pane) >= USABLE_PLOT_PX, _plot_area(pane)
        _assert_whole(qtbot, pane)
        pane.events_box.setChecked(True)
        qtbot.wait(20)
        assert _plot_area(pane) >= USABLE_PLOT_PX


def test_shrinking_the_window_takes_the_height_from_the_table_first(qtbot, store):
    with open_window(qtbot, store, "trade", size=(1280, 800)) as win:
        pane = show_and_wait(qtbot, win, "trade")
        table_before = pane.table.height()
        win.resize(1024, 640)
        qtbot.waitUntil(lambda: win.height() == 640)
        qtbot.wait(20)
        assert _plot_area(pane) >= USABLE_PLOT_PX, _plot_area(pane)
        assert pane.table.height() < table_before
        _assert_whole(qtbot, pane)
