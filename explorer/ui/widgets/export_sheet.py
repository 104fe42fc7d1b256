"""A picture of a view made of several widgets, for the chart exports: the parts
stacked top to bottom, each whole. A chart that scrolls (the institutions graph
in a 1024×640 window) is exported as its whole scene, not the part scrolled into
view; legends come along above it. A view whose own widget cannot show everything at
once (the institutions hierarchy and timeline, which scroll) draws a twin of itself
off screen at its whole size (``offscreen_twin``), and the sheet exports that.

``plot.export_chart(sheet, path, footer)`` draws it like any chart (PNG at 2×,
SVG with its text kept as text, the citation footer beneath)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QRegion
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget


def offscreen_twin(twin: QWidget, width: int, height: int) -> QWidget:
    """Lay ``twin`` (a new, parentless widget) out at ``width`` × ``height`` without a
    window on screen: shown "not on screen", its layouts and resize events run as for a
    shown widget, so it can be drawn whole into a file."""
    twin.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    twin.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)    # never takes the focus
    twin.resize(max(width, 1), max(height, 1))
    twin.show()
    QApplication.processEvents()        # the pyqtgraph layouts inside settle on the new size
    return twin


class ChartArea(QWidget):
    """The area a chart export captures, as shown (it may scroll); ``export_chart`` draws
    what ``export_widget`` gives instead: the whole drawing."""

    def __init__(self, whole: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = whole

    def export_widget(self) -> QWidget:
        return self._whole()


class ExportSheet(QWidget):
    """Never shown: ``export_chart`` renders it. A QGraphicsView part is drawn from its
    scene at its own full size (a widget's render would nest inside this one's and, for
    a graphics view, crash Qt); any other part is rendered as it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hide()
        self.parts: list[QWidget] = []
        self._twin: QWidget | None = None

    def set_parts(self, parts: list[QWidget], twin: QWidget | None = None) -> ExportSheet:
        """Stack these widgets, at their current sizes; returns the sheet. ``twin`` is the
        off-screen widget the parts belong to, if any: kept until ``release``."""
        if self._twin is not twin:
            self.release()
        self._twin = twin
        self.parts = [p for p in parts if p is not None]
        self.setWindowTitle(self.parts[-1].windowTitle() if self.parts else "")
        width = max((p.width() for p in self.parts), default=1)
        self.resize(max(width, 1), max(sum(p.height() for p in self.parts), 1))
        return self

    def release(self) -> None:
        """Let go of the off-screen twin once the export is written (it is a window of its own)."""
        if self._twin is not None:
            self._twin.hide()
            self._twin.deleteLater()
            self._twin = None
        self.parts = []

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        y = 0
        for part in self.parts:
            if isinstance(part, QGraphicsView):
                port = part.viewport().rect()
                source = part.mapToScene(port).boundingRect()
                part.scene().render(painter, QRectF(0, y, port.width(), port.height()), source)
            else:       # on the sheet's background, not the window's grey
                part.render(painter, QPoint(0, y), QRegion(), QWidget.RenderFlag.DrawChildren)
            y += part.height()
        painter.end()
