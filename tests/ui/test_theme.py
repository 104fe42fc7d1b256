"""Light and dark: the View → Theme override, the system scheme, and charts
already drawn taking the new colours."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from explorer import settings
from explorer.ui import theme
from tests.conftest import dispose_window, show_and_wait


@pytest.fixture(autouse=True)
def _back_to_system():
    yield
    mgr = theme.manager()
    mgr.forced = None
    settings.put(settings.THEME, "system")
    mgr.apply()


def _base() -> int:
    return QApplication.palette().color(QPalette.ColorRole.Base).lightness()


def _plot_colours(pane):
    import pyqtgraph as pg

    # any pyqtgraph view: the Trade charts are GraphicsLayoutWidgets (legend row under the plot)
    plots = [v for v in pane.findChildren(pg.GraphicsView)
             if any(isinstance(i, pg.PlotItem) for i in v.scene().items())]
    assert plots, pane.spec.name
    plot = plots[0]
    axis = next(i for i in plot.scene().items() if isinstance(i, pg.PlotItem)).getAxis("left")
    return plot.backgroundBrush().color().lightness(), axis.textPen().color().lightness()


def test_dark_theme_recolours_charts_already_drawn_and_is_remembered(qtbot, window):
    pane = window.current_pane()
    bg, text = _plot_colours(pane)
    assert bg > 128 > text                   # offscreen starts light: dark text on white
    window.theme_actions["dark"].trigger()
    assert theme.is_dark() and _base() < 128
    assert QApplication.style().name().lower() == "fusion"
    bg, text = _plot_colours(pane)
    assert bg < 128 < text                   # light text on a dark plot
    assert settings.get(settings.THEME) == "dark"
    assert window.theme_actions["dark"].isChecked()

    energy = show_and_wait(qtbot, window, "energy")       # charts first drawn in dark
    bg, text = _plot_colours(energy)
    assert bg < 128 < text

    window.theme_actions["light"].trigger()
    assert not theme.is_dark()
    assert _plot_colours(pane)[0] > 128
    assert _plot_colours(energy)[1] < 128


def test_labels_drawn_in_palette_colours_are_redrawn_on_a_switch(qtbot, window):
    import pyqtgraph as pg

    pane = window.current_pane()            # trade: value labels are html in the palette's text colour
    # a chart is built when its tab is first shown: show each, so every label is there to look at
    # (the visible chart's bars are all in recorded conflicts, labelled in the mark's colour)
    for tab in range(pane.charts.tabs.count()):
        if pane.charts.tabs.isTabVisible(tab):
            pane.charts.tabs.setCurrentIndex(tab)
            qtbot.wait(20)
    pane.charts.tabs.setCurrentIndex(0)

    def label_html() -> str:
        return " ".join(item.textItem.toHtml() for plot in pane.findChildren(pg.GraphicsView)
                        for item in plot.scene().items() if isinstance(item, pg.TextItem))

    light_text = QApplication.palette().color(QPalette.ColorRole.Text).name()
    assert light_text in label_html()
    window.theme.set_mode("dark")
    dark_text = QApplication.palette().color(QPalette.ColorRole.Text).name()
    qtbot.waitUntil(lambda: dark_text in label_html() and light_text not in label_html(), timeout=3000)


def test_theme_choice_applies_on_the_next_start(qtbot, store):
    from explorer.ui.launch import create_window

    settings.put(settings.THEME, "dark")
    win = create_window(store)
    qtbot.addWidget(win)
    assert theme.is_dark()
    assert win.theme_actions["dark"].isChecked()
    dispose_window(win)


def test_system_mode_follows_the_colour_scheme(qtbot, window, monkeypatch):
    mgr = window.theme
    assert mgr.mode() == "system"
    monkeypatch.setattr(theme, "_scheme", lambda: Qt.ColorScheme.Dark)
    mgr._on_system_change(Qt.ColorScheme.Dark)       # what QStyleHints.colorSchemeChanged calls
    assert theme.is_dark()
    assert _plot_colours(window.current_pane())[0] < 128
    monkeypatch.setattr(theme, "_scheme", lambda: Qt.ColorScheme.Light)
    mgr._on_system_change(Qt.ColorScheme.Light)
    assert not theme.is_dark()
    # an explicit choice is not overruled by the system
    mgr.set_mode("dark")
    mgr._on_system_change(Qt.ColorScheme.Light)
    assert theme.is_dark()


def test_screenshot_command_draws_both_themes(tmp_path, store, monkeypatch):
    from explorer.ui.render import render_panes

    monkeypatch.setattr("explorer.ui.render.READY_TIMEOUT_MS", 15000)
    written = render_panes(store, tmp_path / "dark", (1280, 800), theme="dark")
    from explorer.ui.panes import PANES

    assert len(written) == len(PANES)
    from PySide6.QtGui import QImage

    image = QImage(str(written[-1]))
    assert image.width() == 1280 and image.height() == 800
    samples = [image.pixelColor(x, y).lightness() for x in range(5, 1280, 40) for y in range(5, 800, 40)]
    assert sum(samples) / len(samples) < 100          # mostly dark
    assert settings.get(settings.THEME) == "system"            # the forced theme is never saved


def test_a_theme_switch_while_pyqtgraph_is_still_loading_does_not_fail(qtbot, monkeypatch):
    """The start-up preload imports pyqtgraph in a background thread; a palette change meanwhile
    (Ctrl+K showed it) found the half-built module in sys.modules and failed with "partially
    initialized module 'pyqtgraph'". No chart exists until the import is done: nothing to recolour."""
    import importlib.machinery
    import sys
    import types

    half_built = types.ModuleType("pyqtgraph")
    half_built.__spec__ = importlib.machinery.ModuleSpec("pyqtgraph", None)
    half_built.__spec__._initializing = True
    monkeypatch.setitem(sys.modules, "pyqtgraph", half_built)
    palette = QApplication.palette()
    fg, bg = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    assert theme.recolour_charts(fg, bg) == 0
