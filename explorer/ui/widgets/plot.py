"""Shared chart plumbing. pyqtgraph is imported here lazily, the first time a
pane builds its charts (after the window's first paint): it costs ~1 s."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QWidget

#: Colours by side/group, readable on light and dark backgrounds.
PALETTE = {
    "China": "#d62728",
    "Russia": "#1f77b4",
    "bilateral": "#9467bd",
    "other": "#7f7f7f",
}
SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                  "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


@functools.lru_cache(maxsize=1)
def pg():
    """The pyqtgraph module, configured once to follow the application's palette."""
    import pyqtgraph

    pal = QApplication.palette()
    pyqtgraph.setConfigOptions(
        antialias=True,
        background=pal.color(QPalette.ColorRole.Base),
        foreground=pal.color(QPalette.ColorRole.Text),
    )
    return pyqtgraph


def make_plot(title: str = "", *, left: str = "", bottom: str = "", date_axis: bool = False):
    """A PlotWidget with labelled axes and a grid; ``date_axis`` uses calendar ticks."""
    p = pg()
    axis = {"bottom": p.DateAxisItem(orientation="bottom")} if date_axis else {}
    widget = p.PlotWidget(axisItems=axis)
    item = widget.getPlotItem()
    if title:
        item.setTitle(title)
    if left:
        item.setLabel("left", left)
    if bottom:
        item.setLabel("bottom", bottom)
    item.showGrid(x=True, y=True, alpha=0.25)
    widget.setMinimumHeight(220)
    return widget


def fit_legend_columns(legend, room: float) -> None:
    """As many legend columns as ``room`` pixels hold, so a legend is as short as it can be
    and never wider than its chart."""
    labels = [label for _sample, label in legend.items]
    if not labels:
        return
    # the text's own width: a LabelItem's rectangle is its layout cell, as wide as the legend
    widths = [getattr(label, "item", label).boundingRect().width() + 36 for label in labels]   # + sample
    cols = 1
    for n in range(len(widths), 0, -1):
        # items fill the legend row by row: column c holds items c, c+n, c+2n, ...
        if sum(max(widths[c::n]) for c in range(n)) <= room:
            cols = n
            break
    if cols != legend.columnCount:
        legend.setColumnCount(cols)


#: PNG exports are drawn at twice the screen's pixels: sharp in print and on a 2× screen.
EXPORT_SCALE = 2.0
_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


def _footer_font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    return font


def _footer_height(widget: QWidget, footer: list[str], width: int) -> int:
    """Pixels the footer takes at ``width``, every line word-wrapped and whole."""
    from PySide6.QtGui import QFontMetrics

    fm = QFontMetrics(_footer_font(widget))
    return sum(fm.boundingRect(QRect(0, 0, width - 12, 10_000), _WRAP, line).height() + 2
               for line in footer) + (10 if footer else 0)


def _paint_footer(painter: QPainter, widget: QWidget, footer: list[str], top: int, width: int) -> None:
    """The footer beneath the chart in the chart's own colours (a dark chart gets a dark
    footer, never a white strip), each line wrapped to the width, none cut."""
    from PySide6.QtGui import QFontMetrics

    pal = widget.palette()
    painter.fillRect(QRect(0, top, width, _footer_height(widget, footer, width)), pal.color(QPalette.ColorRole.Base))
    painter.setFont(_footer_font(widget))
    painter.setPen(pal.color(QPalette.ColorRole.Text))
    fm = QFontMetrics(painter.font())
    y = top + 5
    for line in footer:
        rect = fm.boundingRect(QRect(6, y, width - 12, 10_000), _WRAP, line)
        painter.drawText(QRect(6, y, width - 12, rect.height()), _WRAP, line)
        y += rect.height() + 2


def _footer_image(widget: QWidget, footer: list[str], scale: float = EXPORT_SCALE) -> QImage:
    """The chart and its footer as one picture, ``scale`` × the widget's pixels."""
    width, chart_h = widget.width(), widget.height()
    height = chart_h + _footer_height(widget, footer, width)
    image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    widget.render(painter, QPoint(0, 0))        # drawn again at the higher resolution, not scaled up
    _paint_footer(painter, widget, footer, chart_h, width)
    painter.end()
    return image


def export_chart(widget: QWidget, path: Path, footer: Iterable[str] = (), *,
                 size: tuple[int, int] | None = None, scale: float = EXPORT_SCALE) -> Path:
    """Save a chart as PNG (at ``scale`` × its pixels, 2× by default) or SVG (text kept as
    text), by suffix, with a citation footer beneath it, every line whole. ``size``
    (width, height in screen pixels) draws the chart at that size for the export only."""
    footer = [f for f in footer if f]
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"chart export supports .png and .svg, not {suffix!r}")
    old = widget.size()
    if size is not None:
        widget.resize(*size)
        QApplication.processEvents()            # let the charts lay out for the new size
    try:
        if suffix == ".png":
            if not _footer_image(widget, footer, scale).save(str(path)):
                raise OSError(f"could not write {path}")
            return path
        _write_svg(widget, path, footer)
        return path
    finally:
        if size is not None:
            widget.resize(old)
            QApplication.processEvents()


def _write_svg(widget: QWidget, path: Path, footer: list[str]) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtSvg import QSvgGenerator

    width, chart_h = widget.width(), widget.height()
    height = chart_h + _footer_height(widget, footer, width)
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(width, height))
    gen.setViewBox(QRect(0, 0, width, height))
    gen.setTitle(widget.windowTitle() or "Amur Explorer chart")
    gen.setDescription("\n".join(footer))
    painter = QPainter(gen)
    painter.fillRect(QRect(0, 0, width, height), widget.palette().color(QPalette.ColorRole.Base))
    widget.render(painter, QPoint(0, 0))     # PySide6 needs the offset with a painter
    _paint_footer(painter, widget, footer, chart_h, width)
    painter.end()
