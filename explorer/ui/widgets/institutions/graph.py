"""The graph view: every institution as a node (colour = side, shape = kind),
grouped by level (explorer.data.institution_layout), relations as edges
(colour and dash = relation)."""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem, QVBoxLayout, QWidget

from explorer.data.conflicts import Conflict
from explorer.data.institution_layout import GraphLayout, graph_layout
from explorer.data.institutions import KIND_GROUPS, RELATION_LABELS, SIDES, InstitutionData, kind_group, relation_label
from explorer.ui.widgets import conflict_marks
from explorer.ui.widgets.institutions.icons import line_icon, symbol_icon
from explorer.ui.widgets.institutions.legend import Legend
from explorer.ui.widgets.institutions.sized_view import SizedView
from explorer.ui.widgets.institutions.styles import (
    GROUP_SYMBOLS, base_colour, relation_style, side_colour, text_colour,
)
from explorer.ui.widgets.plot import pg


def left_click_in(view, event):
    """The data coordinates of a left click inside a plot's view box, or None."""
    if event.button() != Qt.MouseButton.LeftButton or not view.sceneBoundingRect().contains(event.scenePos()):
        return None
    return view.mapSceneToView(event.scenePos())


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


class InstitutionGraph(SizedView):
    """Institutions as nodes (colour = side, shape = kind), relations as edges
    (colour and dash = relation); laid out so that no two labels overlap at any
    zoom (labels scale with the view). Drag to pan, wheel to zoom."""

    inst_selected = Signal(str)

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
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self.label_font = QFont(self.font())
        self.legend = Legend()
        self.relation_legend = Legend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.relation_legend)
        layout.addWidget(self.plot, 1)
        self.plot.setToolTip("Left: frameworks and plans; right: what was established within, implements, "
                             "is a platform of or is signed by them. Drag to pan, wheel to zoom, click to select.")
        self.layout_: GraphLayout | None = None
        self.conflicts: dict[str, list[Conflict]] = {}     # inst_id -> recorded conflicts it is in
        self.conflict_marked: set[str] = set()             # the nodes drawn with a conflict mark
        self.node_items: dict[str, object] = {}      # inst_id -> label item
        self.edge_items: dict[str, object] = {}      # relation_id -> curve
        self.selected: str | None = None
        self._data: InstitutionData | None = None
        self._ids: list[str] = []
        self._size = (0.0, 0.0)

    # -- drawing ----------------------------------------------------------------
    def measure(self, text: str) -> tuple[float, float]:
        fm = QFontMetricsF(self.label_font)
        lines = text.split("\n")
        return max(fm.horizontalAdvance(s) for s in lines) + 4, fm.height() * len(lines) + 2

    def _viewport(self) -> tuple[float, float]:
        rect = self.view.sceneBoundingRect()
        if rect.width() < 200 or rect.height() < 100:
            return 1250.0, 400.0          # not laid out yet: about what 1280×800 gives
        return rect.width(), rect.height()

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
        lay = graph_layout(data.institutions, data.relations, self._ids, measure=self.measure,
                           viewport=self._size)
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
            label.setToolTip(conflict_marks.with_conflicts(names, self.conflicts.get(node.inst_id)))
            self.view.addItem(label)
            self.node_items[node.inst_id] = label
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

    def fit(self) -> None:
        if self.layout_ is None:
            return
        pad = 10
        self.view.setRange(QRectF(-pad, -pad, max(self.layout_.width, 10) + 2 * pad,
                                  max(self.layout_.height, 10) + 2 * pad), padding=0)

    def _redraw_for_size(self) -> None:
        w, h = self._viewport()
        if self._data is not None and self._size[0] and (abs(w / self._size[0] - 1) > 0.1
                                                          or abs(h / self._size[1] - 1) > 0.1):
            self._draw()
        else:
            self.fit()

    def view_scale(self) -> float:
        """Screen pixels per layout unit (1.0 = labels at their font size)."""
        return self.view.sceneBoundingRect().width() / max(self.view.viewRect().width(), 1e-9)

    # -- selection ---------------------------------------------------------------
    def node_at(self, x: float, y: float) -> str | None:
        if self.layout_ is None:
            return None
        m = self.layout_.marker
        for node in self.layout_.nodes.values():
            lx, ly, lw, lh = node.label_rect()
            if (abs(x - node.x) <= m and abs(y - node.y) <= m) or (lx <= x <= lx + lw and ly <= y <= ly + lh):
                return node.inst_id
        return None

    def _on_click(self, event) -> None:
        pos = left_click_in(self.view, event)
        inst_id = self.node_at(pos.x(), pos.y()) if pos is not None else None
        if inst_id:
            self.select(inst_id, centre=False)
            self.inst_selected.emit(inst_id)

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
            rect = self.view.viewRect()
            if not rect.contains(QPointF(node.x, node.y)):
                self.view.translateBy(x=node.x - rect.center().x(), y=node.y - rect.center().y())

    def _highlight(self, inst_id: str, on: bool) -> None:
        label = self.node_items[inst_id]
        bg = QColor("#ffe8a0") if on else QColor(base_colour(self))
        bg.setAlpha(255 if on else 235)
        label.setBrush(QBrush(bg))
        if on:
            label.text.setBrush(QBrush(QColor("#000000")))
        else:
            label.text.setBrush(QBrush(text_colour(self)))
