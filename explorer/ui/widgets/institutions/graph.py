"""The graph view: every institution as a node (colour = side, shape = kind),
grouped by level (explorer.data.institution_layout), relations as edges
(colour and dash = relation).

Names are never drawn below LEGIBLE of their font size on their own: when the
whole graph would fit the view only smaller than that (a 1024×640 window), the
columns fit the view's width at that scale and the view scrolls down. Ctrl+wheel
and the zoom buttons zoom, "Fit" shows the whole graph at any size."""
from __future__ import annotations

import math
from typing import Iterable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import (
    QApplication, QFrame, QGraphicsRectItem, QGraphicsSimpleTextItem, QHBoxLayout, QScrollArea,
    QToolButton, QVBoxLayout, QWidget,
)

from explorer.data.conflicts import Conflict
from explorer.data.institution_layout import GraphLayout, graph_layout
from explorer.data.institutions import KIND_GROUPS, RELATION_LABELS, SIDES, InstitutionData, kind_group, relation_label
from explorer.ui.widgets import conflict_marks
from explorer.ui.widgets.export_sheet import ExportSheet
from explorer.ui.widgets.institutions.icons import line_icon, symbol_icon
from explorer.ui.widgets.institutions.legend import Legend
from explorer.ui.widgets.institutions.sized_view import SizedView
from explorer.ui.widgets.institutions.styles import (
    GROUP_SYMBOLS, base_colour, relation_style, side_colour, text_colour,
)
from explorer.ui.widgets.plot import Hit, HitHover, pg


def left_click_in(view, event) -> bool:
    """Whether a click is a left click inside a plot's view box."""
    return event.button() == Qt.MouseButton.LeftButton and view.sceneBoundingRect().contains(event.scenePos())


class _Label(QGraphicsRectItem):
    """A node's name on an opaque background (edges pass beneath), in view units."""

    def __init__(self, text: str, rect: QRectF, font: QFont, fg: QColor, bg: QColor) -> None:
        super().__init__(rect)
        bg = QColor(bg)
        bg.setAlpha(235)
        self.setBrush(QBrush(bg))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.text = QGraphicsSimpleTextItem(text, self)
        self.text.setFont(font)
        self.text.setBrush(QBrush(fg))
        self.text.setPos(rect.topLeft())
        self.setZValue(5)


#: The smallest share of their font size names are drawn at unless the analyst zooms out.
LEGIBLE = 0.8
#: Layout units of margin around the drawing.
PAD = 10.0
ZOOM_STEP = 1.25
ZOOM_LIMITS = (0.2, 3.0)


class InstitutionGraph(HitHover, SizedView):
    """Institutions as nodes (colour = side, shape = kind), relations as edges
    (colour and dash = relation); laid out so that no two labels overlap at any
    zoom (labels scale with the view). The plot is as large as the drawing at its
    scale, inside a scroll area: drag or wheel to scroll, Ctrl+wheel to zoom.
    Each node (its marker and its name) is a hit: hover names it, a click says
    ``picked`` with its inst_id."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        p = pg()
        self.plot = p.PlotWidget()
        self.plot.setObjectName("institution-graph")
        item = self.plot.getPlotItem()
        for axis in ("left", "bottom"):
            item.hideAxis(axis)
        item.hideButtons()
        self.view = item.getViewBox()
        self.view.invertY(True)
        self.view.setAspectLocked(True)
        self.view.setMenuEnabled(False)
        self.view.setMouseEnabled(False, False)      # the scroll area pans, the zoom buttons zoom
        item.setContentsMargins(0, 0, 0, 0)
        item.layout.setContentsMargins(0, 0, 0, 0)
        self.watch_hits(self.plot.scene(), self.plot)
        self.picked.connect(lambda inst_id: self.select(inst_id, centre=False))
        self.scroll = QScrollArea()
        self.scroll.setObjectName("institution-graph-scroll")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(False)
        self.scroll.setWidget(self.plot)
        self._pan = _DragToScroll(self.scroll, self.plot.viewport(), self._zoom_at)
        self.label_font = QFont(self.font())
        self.legend = Legend()
        self.relation_legend = Legend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.legend, 1)
        top.addLayout(self._zoom_buttons())
        layout.addLayout(top)
        layout.addWidget(self.relation_legend)
        layout.addWidget(self.scroll, 1)
        self.plot.setToolTip("Left: frameworks and plans; right: what was established within, implements, "
                             "is a platform of or is signed by them. Drag or wheel to scroll, Ctrl+wheel to "
                             "zoom, click to select.")
        self._zoom: float | None = None      # a scale the analyst chose; None: the automatic one
        self._fit_all = False                # "Fit": the whole graph in view, whatever its text size
        self._scale = 1.0                    # screen pixels per layout unit, as drawn
        self._offset = (0.0, 0.0)            # where layout (-PAD, -PAD) is in the plot, in pixels
        self.layout_: GraphLayout | None = None
        self.conflicts: dict[str, list[Conflict]] = {}     # inst_id -> recorded conflicts it is in
        self.conflict_marked: set[str] = set()             # the nodes drawn with a conflict mark
        self.node_items: dict[str, object] = {}      # inst_id -> label item
        self.edge_items: dict[str, object] = {}      # relation_id -> curve
        self.selected: str | None = None
        self._data: InstitutionData | None = None
        self._ids: list[str] = []
        self._size = (0.0, 0.0)
        self._sheet: ExportSheet | None = None

    # -- drawing ----------------------------------------------------------------
    def measure(self, text: str) -> tuple[float, float]:
        fm = QFontMetricsF(self.label_font)
        lines = text.split("\n")
        return max(fm.horizontalAdvance(s) for s in lines) + 4, fm.height() * len(lines) + 2

    def _zoom_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.zoom_buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
                ("out", "−", "Zoom out (Ctrl+wheel)", lambda: self.zoom_by(1 / ZOOM_STEP)),
                ("in", "+", "Zoom in (Ctrl+wheel)", lambda: self.zoom_by(ZOOM_STEP)),
                ("fit", "Fit", "The whole graph in view, however small its names", self.fit_all),
                ("readable", "Readable", "Names at a readable size; scroll to see the rest", self.readable)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.zoom_buttons[key] = button
        return row

    def _viewport(self) -> tuple[float, float]:
        """The room the drawing has (the scroll area without scroll bars), in pixels."""
        size = self.scroll.maximumViewportSize()      # less the bars set always on: add them back
        if self.scroll.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn:
            size.setWidth(size.width() + self.scroll.verticalScrollBar().sizeHint().width())
        if self.scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn:
            size.setHeight(size.height() + self.scroll.horizontalScrollBar().sizeHint().height())
        if size.width() < 200 or size.height() < 100:
            return 1250.0, 400.0          # not laid out yet: about what 1280×800 gives
        return float(size.width()), float(size.height())

    def _scroll_bar_extent(self) -> float:
        return float(self.scroll.verticalScrollBar().sizeHint().width())

    def populate(self, data: InstitutionData, ids: Iterable[str],
                 conflicts: dict[str, list[Conflict]] | None = None) -> None:
        """Draw these institutions; those in a recorded conflict (inst_id -> conflicts) carry a mark."""
        self._data, self._ids = data, list(ids)
        self.conflicts = {k: v for k, v in (conflicts or {}).items() if v}
        self._draw()

    def _draw(self) -> None:
        data = self._data
        if data is None:
            return
        p = pg()
        self._size = self._viewport()
        self.view.clear()
        self.node_items.clear()
        self.edge_items.clear()
        self.hits = []
        w, h = self._size
        # were it to scroll down, a vertical scroll bar takes its width from the view
        lay = graph_layout(data.institutions, data.relations, self._ids, measure=self.measure,
                           viewport=(w if self._fit_all else w - self._scroll_bar_extent(), h),
                           min_scale=0.0 if self._fit_all else LEGIBLE)
        self.layout_ = lay
        fg, bg = text_colour(self), base_colour(self)
        for rel, points in lay.edges:
            colour, style = relation_style(rel.relation)
            pen = p.mkPen(colour, width=1.6, style=style)
            curve = p.PlotCurveItem([x for x, _ in points], [y for _, y in points], pen=pen)
            curve.setZValue(1)
            self.view.addItem(curve)
            self.edge_items[rel.relation_id] = curve
        spots = []
        for node in lay.nodes.values():
            inst = data.institutions[node.inst_id]
            spots.append({"pos": (node.x, node.y), "size": lay.marker, "symbol": GROUP_SYMBOLS[kind_group(inst.kind)],
                          "brush": p.mkBrush(side_colour(inst.side)), "pen": p.mkPen("#333333", width=0.8),
                          "data": node.inst_id})
            label = _Label(node.label, QRectF(*node.label_rect()), self.label_font, fg, bg)
            # the whole name in three languages (the label may be cut), and any recorded conflict
            names = " / ".join(n for n in (inst.name_en, inst.name_ru, inst.name_zh) if n)
            tip = conflict_marks.with_conflicts(names, self.conflicts.get(node.inst_id))
            label.setToolTip(tip)
            self.view.addItem(label)
            self.node_items[node.inst_id] = label
            m = lay.marker
            self.hits += [Hit(self.view, node.inst_id, tip, rect=QRectF(node.x - m, node.y - m, 2 * m, 2 * m)),
                          Hit(self.view, node.inst_id, tip, rect=QRectF(*node.label_rect()))]
        self.markers = p.ScatterPlotItem(pxMode=False)
        self.markers.addPoints(spots)
        self.markers.setZValue(10)
        self.view.addItem(self.markers)
        self._draw_conflict_marks(lay)
        bold = QFont(self.label_font)
        bold.setBold(True)
        for title, x, y in lay.headers:
            head = QGraphicsSimpleTextItem(title)
            head.setFont(bold)
            head.setBrush(QBrush(fg))
            head.setPos(x, y)
            self.view.addItem(head)
        self.halo = p.ScatterPlotItem(pxMode=False, size=lay.marker * 2.0, symbol="o", brush=None,
                                      pen=p.mkPen("#ffbf00", width=3))
        self.halo.setZValue(9)
        self.view.addItem(self.halo)
        self.fit()
        self._update_legends(data)
        self.select(self.selected, centre=False)

    def _draw_conflict_marks(self, lay: GraphLayout) -> None:
        """A ring and a triangle (left of the name, in the severity's colour) on each node in a conflict."""
        points = [(n.x, n.y, k, self.conflicts[k]) for k, n in lay.nodes.items() if k in self.conflicts]
        self.conflict_marked = {p[2] for p in points}
        if points:
            marks = conflict_marks.mark_item(points, pg())
            marks.setPxMode(False)          # in layout units, like the nodes: the mark scales with them
            for spot in marks.points():
                spot.setSize(lay.marker * 1.85)
            marks.setZValue(11)
            self.view.addItem(marks)

    def _update_legends(self, data: InstitutionData) -> None:
        present_groups = {kind_group(data.institutions[i].kind) for i in self._ids if i in data.institutions}
        sides = [(symbol_icon("o", side_colour(s)), s) for s in SIDES]
        shapes = [(symbol_icon(GROUP_SYMBOLS[g], "#dddddd"), g) for g in list(KIND_GROUPS) + ["other"]
                  if g in present_groups]
        marked = [(symbol_icon(conflict_marks.mark_symbol(), conflict_marks.severity_colour("error")),
                   "recorded conflict")] if self.conflict_marked else []
        self.legend.set_entries([(None, "<b>Side</b>")] + sides + [(None, "  <b>Kind</b>")] + shapes + marked)
        present = sorted({r.relation for r, _ in (self.layout_.edges if self.layout_ else [])},
                         key=lambda r: (list(RELATION_LABELS).index(r) if r in RELATION_LABELS else 99, r))
        rels = [(line_icon(*relation_style(r)), relation_label(r)) for r in present]
        self.relation_legend.set_entries([(None, "<b>Relation</b>")] + rels if rels else
                                         [(None, "No relations among the institutions shown")])

    def _content_size(self) -> tuple[float, float]:
        """The drawing with its margin, in layout units."""
        lay = self.layout_
        return max(lay.width, 10.0) + 2 * PAD, max(lay.height, 10.0) + 2 * PAD

    def automatic_scale(self) -> float:
        """The scale the drawing is shown at unless the analyst zooms: the whole in view
        at up to 1, never below LEGIBLE (then as wide as the view, scrolling down);
        after "Fit", the whole in view at any scale."""
        cw, ch = self._content_size()
        vw, vh = self._viewport()
        whole = min(vw / cw, vh / ch, 1.0)
        if self._fit_all or whole >= LEGIBLE:
            return whole
        return min(max((vw - self._scroll_bar_extent()) / cw, LEGIBLE), 1.0)

    def fit(self) -> None:
        """Size the plot to the drawing at its scale (at least the view) and show it all."""
        if self.layout_ is None:
            return
        scale = self._zoom if self._zoom is not None else self.automatic_scale()
        cw, ch = self._content_size()
        vw, vh = self._viewport()
        bar = self._scroll_bar_extent()
        tall = ch * scale > vh
        wide = cw * scale > vw - (bar if tall else 0)
        tall = tall or (wide and ch * scale > vh - bar)
        room_w, room_h = vw - (bar if tall else 0), vh - (bar if wide else 0)
        width, height = max(room_w, math.ceil(cw * scale)), max(room_h, math.ceil(ch * scale))
        # bars exactly when the drawing needs them: left "as needed", a plot as large as the
        # whole view keeps bars once shown (each makes the view smaller than the plot)
        on, off = Qt.ScrollBarPolicy.ScrollBarAlwaysOn, Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.scroll.setVerticalScrollBarPolicy(on if tall else off)
        self.scroll.setHorizontalScrollBarPolicy(on if wide else off)
        self._scale = scale
        # the drawing is centred in room to spare, as the aspect-locked view centres it
        self._offset = ((width - cw * scale) / 2, (height - ch * scale) / 2)
        self.plot.setFixedSize(int(width), int(height))
        self.view.setRange(QRectF(-PAD, -PAD, cw, ch), padding=0)

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom by ``factor``, keeping the point under ``anchor`` (scroll-area viewport
        pixels; its centre if None) where it is."""
        if self.layout_ is None:
            return
        port = self.scroll.viewport()
        anchor = anchor if anchor is not None else QPoint(port.width() // 2, port.height() // 2)
        h_bar, v_bar = self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar()
        ux = (h_bar.value() + anchor.x() - self._offset[0]) / self._scale     # layout units under it
        uy = (v_bar.value() + anchor.y() - self._offset[1]) / self._scale
        self._zoom = min(max(self._scale * factor, ZOOM_LIMITS[0]), ZOOM_LIMITS[1])
        self.fit()
        h_bar.setValue(round(self._offset[0] + ux * self._scale - anchor.x()))
        v_bar.setValue(round(self._offset[1] + uy * self._scale - anchor.y()))

    def _zoom_at(self, steps: float, plot_pos: QPoint) -> None:
        self.zoom_by(ZOOM_STEP ** steps, self.plot.mapTo(self.scroll.viewport(), plot_pos))

    def fit_all(self) -> None:
        """The whole graph in view, laid out for it, whatever size its names come out."""
        self._zoom, self._fit_all = None, True
        self._draw()

    def readable(self) -> None:
        """Back to the automatic scale: names readable, the rest a scroll away."""
        self._zoom, self._fit_all = None, False
        self._draw()

    def _redraw_for_size(self) -> None:
        w, h = self._viewport()
        if self._zoom is None and self._data is not None and self._size[0] and (
                abs(w / self._size[0] - 1) > 0.1 or abs(h / self._size[1] - 1) > 0.1):
            self._draw()            # a zoom the analyst chose keeps its layout
        else:
            self.fit()

    def export_widget(self) -> QWidget:
        """What File → Export view draws: the legends over the whole graph at its scale,
        never only the part scrolled into view."""
        if self._sheet is None:
            self._sheet = ExportSheet(self)
        return self._sheet.set_parts([self.legend, self.relation_legend, self.plot])

    def view_scale(self) -> float:
        """Screen pixels per layout unit (1.0 = labels at their font size)."""
        return self.view.sceneBoundingRect().width() / max(self.view.viewRect().width(), 1e-9)

    # -- selection ---------------------------------------------------------------
    def click_allowed(self, event) -> bool:
        """A left click in the drawing, not the end of a drag that scrolled the view."""
        return not self._pan.dragged and left_click_in(self.view, event)

    def select(self, inst_id: str | None, centre: bool = True) -> None:
        if self.selected and self.selected in self.node_items:
            self._highlight(self.selected, False)
        self.selected = inst_id
        if self.layout_ is None:
            return
        node = self.layout_.nodes.get(inst_id) if inst_id else None
        self.halo.setData([] if node is None else [{"pos": (node.x, node.y)}])
        if node is None:
            return
        self._highlight(inst_id, True)
        if centre:
            self.scroll_to(inst_id)

    def node_pixel_rect(self, inst_id: str) -> QRectF:
        """The node's marker and name in the plot's pixels (what scrolling must show)."""
        node = self.layout_.nodes[inst_id]
        left, top = node.x - self.layout_.marker / 2, node.label_y
        right, bottom = node.label_x + node.label_w, node.label_y + node.label_h
        s, (ox, oy) = self._scale, self._offset
        return QRectF(ox + (left + PAD) * s, oy + (top + PAD) * s, (right - left) * s, (bottom - top) * s)

    def scroll_to(self, inst_id: str) -> None:
        """Scroll the node and its name into view (as much of the name as fits)."""
        if self.layout_ is None or inst_id not in self.layout_.nodes:
            return
        r = self.node_pixel_rect(inst_id)
        port = self.scroll.viewport()
        # the marker's end of the name first: a name wider than the view shows its start
        x = r.left() + min(r.width(), port.width() - 40) / 2
        self.scroll.ensureVisible(round(x), round(r.center().y()),
                                  round(min(r.width(), port.width() - 40) / 2) + 20, round(r.height() / 2) + 20)

    def node_in_view(self, inst_id: str) -> bool:
        """Whether the node's marker and the start of its name are in the scroll area's view."""
        r = self.node_pixel_rect(inst_id)
        seen = QRectF(self.scroll.horizontalScrollBar().value(), self.scroll.verticalScrollBar().value(),
                      self.scroll.viewport().width(), self.scroll.viewport().height())
        return seen.contains(QPointF(r.left(), r.center().y())) and seen.contains(
            QPointF(min(r.right(), r.left() + 60), r.center().y()))

    def _highlight(self, inst_id: str, on: bool) -> None:
        label = self.node_items[inst_id]
        bg = QColor("#ffe8a0") if on else QColor(base_colour(self))
        bg.setAlpha(255 if on else 235)
        label.setBrush(QBrush(bg))
        if on:
            label.text.setBrush(QBrush(QColor("#000000")))
        else:
            label.text.setBrush(QBrush(text_colour(self)))


class _DragToScroll(QObject):
    """On the plot: a left drag scrolls the scroll area, the wheel scrolls it, Ctrl+wheel zooms
    (``zoom(steps, position in the plot)``)."""

    def __init__(self, scroll: QScrollArea, target: QWidget, zoom) -> None:
        super().__init__(target)
        self.scroll, self.zoom = scroll, zoom
        self.dragged = False
        self._start: tuple[QPointF, int, int] | None = None
        target.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease,
                        QEvent.Type.Wheel):
            return False            # (and touch nothing while the widgets are being destroyed)
        h_bar, v_bar = self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._start, self.dragged = (event.globalPosition(), h_bar.value(), v_bar.value()), False
        elif kind == QEvent.Type.MouseMove and self._start is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, h0, v0 = self._start
            moved = event.globalPosition() - start
            if self.dragged or moved.manhattanLength() >= QApplication.startDragDistance():
                self.dragged = True
                h_bar.setValue(round(h0 - moved.x()))
                v_bar.setValue(round(v0 - moved.y()))
        elif kind == QEvent.Type.MouseButtonRelease:
            self._start = None
            # the scene's click handler runs after this filter: it reads ``dragged``, then it resets
            QTimer.singleShot(0, self._reset)
        elif kind == QEvent.Type.Wheel:
            delta = event.angleDelta()
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.zoom(delta.y() / 120, event.position().toPoint())
            else:
                bar = h_bar if abs(delta.x()) > abs(delta.y()) else v_bar
                QApplication.sendEvent(bar, event)
            return True
        return False

    def _reset(self) -> None:
        self.dragged = False
