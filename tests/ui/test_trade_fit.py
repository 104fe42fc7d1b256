"""The Trade charts on a laptop screen (issue 18): at 1024×640 the "Bilateral by year"
plot keeps a usable height, whole, and the table gives way first (it scrolls)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QRectF

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


@pytest.fixture
def comtrade_store(bundled_path, tmp_path):
    """A workspace holding the real Comtrade extract (China's 2022 trade with Russia)."""
    from pathlib import Path

    from explorer.data.db import Store
    from explorer.data.importing.engine import run_import

    store = Store(workspace=tmp_path / "ws.sqlite", bundled=bundled_path)
    conn = store.connect()
    run_import(conn, Path(__file__).resolve().parents[1] / "fixtures" / "import" / "good_comtrade.csv")
    conn.close()
    return store


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("imported", [False, True], ids=["curated", "comtrade"])
def test_no_value_or_event_label_covers_a_growth_point(qtbot, store, comtrade_store, size, imported):
    """With the Events overlay on, the bars' values and the events' labels move off the
    growth line's points (with a Comtrade import, 2023's value sat on its computed-growth
    point at 1024×640)."""
    with open_window(qtbot, comtrade_store if imported else store, "trade", size=size) as win:
        pane = show_and_wait(qtbot, win, "trade")
        pane.events_box.setChecked(True)
        chart = pane.charts.bilateral
        qtbot.waitUntil(lambda: not chart._layout_timer.isActive())
        chart.plot.grab()
        points = [chart.plot.mapFromScene(h.vb.mapViewToScene(h.point)) for h in chart.hits if h.point is not None]
        assert points
        labels = [t for t in chart._value_labels + chart.event_labels if t.isVisible()]
        assert labels
        for label in labels:
            rect = chart.plot.mapFromScene(label.textItem.sceneBoundingRect()).boundingRect()
            inner = rect.adjusted(4, 4, -4, -4)         # the text, without the box's margins
            for p in points:                            # a point's marker: 12 px across
                marker = QRect(p.x() - 6, p.y() - 6, 12, 12)
                assert not inner.intersects(marker), (label.textItem.toPlainText(), p)
