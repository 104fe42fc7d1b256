"""Shared chart plumbing. pyqtgraph is imported here lazily, the first time a
pane builds its charts (after the window's first paint): it costs ~1 s."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QImage, QPainter, QPalette, QRegion
from PySide6.QtWidgets import QApplication, QToolTip, QVBoxLayout, QWidget

from explorer.ui.widgets.text_layout import place_labels, shifted_text_class

#: Colours by side/group, readable on light and dark backgrounds.
PALETTE = {
    "China": "#d62728",
    "Russia": "#1f77b4",
    "bilateral": "#9467bd",
    "other": "#7f7f7f",
}
#: The colour of a recorded conflict's mark, by severity (the tables' icons say the same).
SEVERITY_COLOURS = {"error": "#d62728", "warning": "#ff7f0e", "info": "#1f77b4"}
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


def _render_on_report_background(widget: QWidget, painter: QPainter) -> None:
    """The widget and its children over the background already painted (the chart's Base
    colour), not over the window's grey: a legend or attribution beside a chart reads as
    part of it. PySide6 needs the offset with a painter."""
    widget.render(painter, QPoint(0, 0), QRegion(), QWidget.RenderFlag.DrawChildren)


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
    _render_on_report_background(widget, painter)   # drawn again at the higher resolution, not scaled up
    _paint_footer(painter, widget, footer, chart_h, width)
    painter.end()
    return image


def export_chart(widget: QWidget, path: Path, footer: Iterable[str] = (), *,
                 size: tuple[int, int] | None = None, scale: float = EXPORT_SCALE) -> Path:
    """Save a chart as PNG (at ``scale`` × its pixels, 2× by default) or SVG (text kept as
    text), by suffix, with a citation footer beneath it, every line whole. ``size``
    (width, height in screen pixels) draws the chart at that size for the export only. A
    widget with ``export_widget()`` (a view that scrolls) is exported as what that returns:
    its whole drawing, not the part in view."""
    footer = [f for f in footer if f]
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"chart export supports .png and .svg, not {suffix!r}")
    old = widget.size()
    if size is not None:
        widget.resize(*size)
        QApplication.processEvents()            # let the charts lay out for the new size
    try:
        # a view that scrolls offers its whole drawing (``export_widget``): exported whole
        whole = getattr(widget, "export_widget", None)
        picture = whole() if callable(whole) else widget
        if suffix == ".png":
            if not _footer_image(picture, footer, scale).save(str(path)):
                raise OSError(f"could not write {path}")
            return path
        _write_svg(picture, path, footer)
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
    _render_on_report_background(widget, painter)
    _paint_footer(painter, widget, footer, chart_h, width)
    painter.end()


# -- a plot whose every bar and point stands for a table row ------------------------------
# "Hover shows the figure, click selects its row": every drawn element is registered
# as a Hit (a rectangle or a point, the key of its row, a tooltip); ``picked`` says
# which row was clicked.

@dataclass
class Hit:
    vb: object                  # the ViewBox whose coordinates the shape is in
    key: str
    tip: str
    rect: QRectF | None = None
    point: QPointF | None = None
    event: bool = False         # an event marker (not a row of the table)
    mark: str | None = None     # severity of the recorded conflict the row is in, if any


# -- one hover/click scheme for every chart ---------------------------------------------------
# A HitPlot, several plots in one scene (the Indicators chart), a graph in a scroll area, a
# timeline, a map: each keeps ``self.hits`` (or answers ``hit_at`` itself), declares
# ``picked = Signal(str)`` and calls ``watch_hits``; hover then shows the element's tip and a
# left click says ``picked`` with its key.

def hit_under(hits: Iterable[Hit], scene_pos: QPointF, reach: float = 12.0) -> Hit | None:
    """The element under a scene position: a point within ``reach`` pixels wins over a rectangle."""
    hits = list(hits)
    for hit in hits:
        if hit.point is not None and (hit.vb.mapViewToScene(hit.point) - scene_pos).manhattanLength() <= reach:
            return hit
    for hit in hits:
        if hit.rect is not None and hit.rect.normalized().contains(hit.vb.mapSceneToView(scene_pos)):
            return hit
    return None


class HitHover:
    """Mixin for a QWidget with ``picked = Signal(str)``: hover shows the tip of the element
    under the pointer, a left click emits ``picked`` with its key."""

    hits: list[Hit]
    #: the tip shown last ("" when the pointer is over nothing): what the analyst reads
    hover_tip: str = ""

    def watch_hits(self, scene, tip_widget: QWidget) -> None:
        """Answer the pointer on ``scene`` (a pyqtgraph GraphicsScene); tips show over ``tip_widget``."""
        if not hasattr(self, "hits"):
            self.hits = []
        self._tip_widget = tip_widget
        scene.sigMouseMoved.connect(self.hover_at)
        scene.sigMouseClicked.connect(self._click_hit)

    def hit_at(self, scene_pos: QPointF) -> Hit | None:
        """The element under a scene position; views whose elements are not rectangles or
        points (a map's lines) override it."""
        return hit_under(self.hits, scene_pos)

    def click_allowed(self, event) -> bool:
        """Whether a click picks (a view that pans by dragging refuses the end of a drag)."""
        return event.button() == Qt.MouseButton.LeftButton

    def hover_at(self, scene_pos: QPointF) -> None:
        hit = self.hit_at(scene_pos)
        self.hover_tip = hit.tip if hit is not None else ""
        if self.hover_tip:
            QToolTip.showText(QCursor.pos(), self.hover_tip, self._tip_widget)
        else:
            QToolTip.hideText()

    def _click_hit(self, event) -> None:
        if not self.click_allowed(event):
            return
        hit = self.hit_at(event.scenePos())
        if hit is not None and hit.key:
            self.picked.emit(hit.key)


class HitPlot(HitHover, QWidget):
    """A PlotWidget that knows which row each bar or point stands for: hover and click
    through the HitHover scheme every chart shares."""

    picked = Signal(str)

    def __init__(self, title: str = "", left: str = "", parent: QWidget | None = None,
                 legend: bool = False) -> None:
        super().__init__(parent)
        p = pg()
        # the legend sits in its own row under the plot, never over the bars
        self.plot = p.GraphicsLayoutWidget()
        self.plot.setMinimumHeight(220)
        self.item = self.plot.addPlot(row=0, col=0)
        if title:
            self.item.setTitle(title)
        if left:
            self.item.setLabel("left", left)
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.legend = None
        if legend:
            self.legend = p.LegendItem(colCount=4, labelTextSize="8pt")
            self.plot.addItem(self.legend, row=1, col=0)
        self.item.vb.setMouseEnabled(x=False, y=False)
        self.item.setMenuEnabled(False)
        self.item.hideButtons()
        self.hits: list[Hit] = []
        #: labels kept apart after every resize, most important first: (labels, offsets in label heights)
        self.label_groups: list[tuple[list, tuple]] = []
        self.hidden_labels: list = []
        self.message = None             # "nothing to show" text, when the filter leaves no figure
        self.marked_items: list = []    # drawn marks of rows in a recorded conflict
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.watch_hits(self.plot.scene(), self.plot)
        self._layout_timer = QTimer(self, singleShot=True, interval=0)
        self._layout_timer.timeout.connect(self.layout_labels)
        self.item.vb.sigResized.connect(self._layout_timer.start)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self.legend is not None:
            fit_legend_columns(self.legend, self.plot.width() - 24)
        self._layout_timer.start()

    def layout_labels(self) -> None:
        """Keep every label inside the plot and clear of the others: move it up or down a
        row where there is room, else hide it (its bar's tooltip still tells it)."""
        self.hidden_labels = []
        placed = []
        for movable, offsets, *floor in self.label_groups:
            self.hidden_labels += place_labels(movable, offsets, placed, *floor)

    def finish(self) -> None:
        """After a draw: the legend as short as the width allows, labels laid out."""
        if self.legend is not None:
            fit_legend_columns(self.legend, self.plot.width() - 24)
        self._layout_timer.start()

    def show_message(self, text: str) -> None:
        """A sentence in the middle of an empty plot (instead of blank axes)."""
        self.message = text_item(text, anchor=(0.5, 0.5))
        self.item.setXRange(0, 1, padding=0)
        self.item.setYRange(0, 1, padding=0)
        self.message.setPos(0.5, 0.5)
        self.item.addItem(self.message)
        self.item.getAxis("bottom").setTicks([[]])
        self.label_groups.append(([self.message], (0.0,)))
        self._layout_timer.start()

    def clear(self) -> None:
        self.item.clear()
        self.hits.clear()
        self.label_groups = []
        self.message = None
        self.marked_items = []
        self.item.getAxis("bottom").setTicks(None)
        if self.legend is not None:
            self.legend.clear()

    def add_hit(self, hit: Hit) -> None:
        self.hits.append(hit)

    def widget_pos_of(self, hit: Hit):
        """Where a hit is drawn, in the plot widget's own coordinates (for tests and keyboard)."""
        centre = hit.point if hit.point is not None else hit.rect.center()
        return self.plot.mapFromScene(hit.vb.mapViewToScene(centre))


def bar_item(x0: float, x1: float, y0: float, y1: float, colour: str, hollow: bool = False, imported: bool = False):
    """A bar: solid for a document's figure, dashed and pale for a target, hatched
    with a dashed outline for an imported figure (never mistaken for a document's)."""
    p = pg()
    if imported:
        brush = p.mkBrush(colour)
        brush.setStyle(Qt.BrushStyle.BDiagPattern)
        pen = p.mkPen(colour, width=2, style=Qt.PenStyle.DashLine)
    elif hollow:
        pen = p.mkPen(colour, width=2, style=Qt.PenStyle.DashLine)
        brush = p.mkBrush(QColor(colour).lighter(190).red(), QColor(colour).lighter(190).green(),
                          QColor(colour).lighter(190).blue(), 60)
    else:
        pen = p.mkPen(QColor(colour).darker(130), width=1)
        brush = p.mkBrush(colour)
    return p.BarGraphItem(x0=[x0], x1=[x1], y0=[y0], y1=[y1], pen=pen, brush=brush)


def text_item(text: str, colour: str | None = None, anchor=(0.5, 1.0), bold: bool = False, boxed: bool = False):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    p = pg()
    pal = QApplication.palette()
    colour = colour or pal.color(QPalette.ColorRole.Text).name()
    fill = None
    if boxed:
        base = pal.color(QPalette.ColorRole.Base)
        fill = p.mkBrush(base.red(), base.green(), base.blue(), 230)
    item = shifted_text_class()(html=html_text(text, colour, bold), anchor=anchor,
                      fill=fill, border=p.mkPen(colour) if boxed else None)
    item.colour, item.bold = colour, bold
    return item


def html_text(text: str, colour: str | None = None, bold: bool = False) -> str:
    html = text.replace("&", "&amp;").replace("<", "&lt;")
    if bold:
        html = f"<b>{html}</b>"
    return f"<span style='color:{colour}'>{html}</span>" if colour else html


def year_ticks(plot: HitPlot, years: list[int]) -> None:
    plot.item.getAxis("bottom").setTicks([[(y, str(y)) for y in years]])
    if years:
        plot.item.setXRange(min(years) - 0.7, max(years) + 0.7, padding=0)


def is_dark() -> bool:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    return QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
