"""Shared chart plumbing. pyqtgraph is imported here lazily, the first time a
pane builds its charts (after the window's first paint): it costs ~1 s."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
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


def _footer_image(widget: QWidget, footer: list[str], scale: float = 1.0) -> QImage:
    pixmap = widget.grab()
    font = QFont(widget.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    line_h = int(widget.fontMetrics().height() * 1.1 * scale) + 2
    height = pixmap.height() + line_h * len(footer) + 8
    image = QImage(pixmap.width(), height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawPixmap(0, 0, pixmap)
    painter.setFont(font)
    painter.setPen(QColor("#333333"))
    y = pixmap.height() + 4
    for line in footer:
        painter.drawText(QRectF(6, y, pixmap.width() - 12, line_h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line)
        y += line_h
    painter.end()
    return image


def export_chart(widget: QWidget, path: Path, footer: Iterable[str] = ()) -> Path:
    """Save a chart as PNG or SVG (by suffix) with a citation footer beneath it."""
    footer = [f for f in footer if f]
    suffix = path.suffix.lower()
    if suffix == ".png":
        if not _footer_image(widget, footer).save(str(path)):
            raise OSError(f"could not write {path}")
        return path
    if suffix == ".svg":
        from PySide6.QtSvg import QSvgGenerator

        image = _footer_image(widget, footer)
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(image.size())
        gen.setViewBox(image.rect())
        gen.setTitle(widget.windowTitle() or "Amur Explorer chart")
        gen.setDescription("\n".join(footer))
        painter = QPainter(gen)
        widget.render(painter, QPoint(0, 0))     # PySide6 needs the offset with a painter
        font = QFont(widget.font())
        painter.setFont(font)
        y = widget.height() + 4
        line_h = widget.fontMetrics().height() + 3
        for line in footer:
            painter.drawText(6, y + line_h - 4, line)
            y += line_h
        painter.end()
        return path
    raise ValueError(f"chart export supports .png and .svg, not {suffix!r}")
