"""A picture of a view made of several widgets, for the chart exports: the parts
stacked top to bottom, each whole. A chart that scrolls (the institutions graph
in a 1024×640 window) is exported as its whole scene, not the part scrolled into
view; legends come along above it.

``plot.export_chart(sheet, path, footer)`` draws it like any chart (PNG at 2×,
SVG with its text kept as text, the citation footer beneath)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QGraphicsView, QWidget


class ExportSheet(QWidget):
    """Never shown: ``export_chart`` renders it. A QGraphicsView part is drawn from its
    scene at its own full size (a widget's render would nest inside this one's and, for
    a graphics view, crash Qt); any other part is rendered as it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hide()
        self.parts: list[QWidget] = []

    def set_parts(self, parts: list[QWidget]) -> ExportSheet:
        """Stack these widgets, at their current sizes; returns the sheet."""
        self.parts = [p for p in parts if p is not None]
        self.setWindowTitle(self.parts[-1].windowTitle() if self.parts else "")
        width = max((p.width() for p in self.parts), default=1)
        self.resize(max(width, 1), max(sum(p.height() for p in self.parts), 1))
        return self

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        y = 0
        for part in self.parts:
            if isinstance(part, QGraphicsView):
                port = part.viewport().rect()
                source = part.mapToScene(port).boundingRect()
                part.scene().render(painter, QRectF(0, y, port.width(), port.height()), source)
            else:
                part.render(painter, QPoint(0, y))
            y += part.height()
        painter.end()
