"""Small pixmaps for the institution views' legends: a node's shape, a bar,
a relation's line."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

from explorer.ui.widgets.plot import pg


def symbol_icon(symbol: str | QPainterPath, fill: str, size: int = 14) -> QPixmap:
    """A pyqtgraph symbol (by name, or a path of its own) filled with ``fill``."""
    path = symbol if isinstance(symbol, QPainterPath) else pg().graphicsItems.ScatterPlotItem.Symbols[symbol]
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(size / 2, size / 2)
    p.scale(size * 0.8, size * 0.8)
    p.setPen(QPen(QColor("#333333"), 0.08))
    p.setBrush(QColor(fill))
    p.drawPath(path)
    p.end()
    return pix


def bar_icon(colour: str, alpha: int, outline: Qt.PenStyle | None, width: int = 22, height: int = 10) -> QPixmap:
    pix = QPixmap(width, height)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    fill = QColor(colour)
    fill.setAlpha(alpha)
    p.setBrush(fill)
    pen = QPen(QColor("#555555"), 1.5)
    if outline is None:
        pen = QPen(Qt.PenStyle.NoPen)
    else:
        pen.setStyle(outline)
    p.setPen(pen)
    p.drawRect(1, 1, width - 3, height - 3)
    p.end()
    return pix


def line_icon(colour: str, style: Qt.PenStyle, width: int = 28, height: int = 12) -> QPixmap:
    pix = QPixmap(width, height)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    pen = QPen(QColor(colour), 2)
    pen.setStyle(style)
    p.setPen(pen)
    p.drawLine(1, height // 2, width - 1, height // 2)
    p.end()
    return pix
