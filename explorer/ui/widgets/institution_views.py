"""The Institutions pane's three views of one body of data: a hierarchy
(tree), a graph and a timeline. Each shows the institutions it is given,
says which one the analyst picked (``inst_selected``) and can be told to
select one (``select``). Imported only when the pane builds its charts
(pyqtgraph is loaded then, never before the first paint)."""
from __future__ import annotations

import math
from typing import Iterable

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsRectItem, QGraphicsSimpleTextItem, QHBoxLayout, QLabel, QLayout, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from explorer.data.institution_layout import GraphLayout, graph_layout
from explorer.data.institutions import (
    KIND_GROUPS, RELATION_LABELS, SIDES, InstitutionData, TimelineEntry, TreeNode, format_date, hierarchy,
    kind_group, pack_lanes, relation_label, timeline_entries,
)
from explorer.ui.widgets.plot import PALETTE, pg

INST_ROLE = Qt.ItemDataRole.UserRole
RELATION_ROLE = Qt.ItemDataRole.UserRole + 1

#: Shape of each kind group (pyqtgraph symbol names).
GROUP_SYMBOLS = {
    "body": "o", "government": "s", "finance": "d", "platform": "star", "plan": "t1",
    "agreement": "p", "research": "h", "other": "t3",
}
#: Colour and dash of each relation: structural relations solid, roles dashed, signatures dotted.
_DASH = Qt.PenStyle
RELATION_STYLES: dict[str, tuple[str, Qt.PenStyle]] = {
    "established_within": ("#2ca02c", _DASH.SolidLine),
    "part_of": ("#17becf", _DASH.SolidLine),
    "subordinate_to": ("#8c564b", _DASH.SolidLine),
    "implements": ("#ff7f0e", _DASH.DashLine),
    "platform_of": ("#e377c2", _DASH.DashLine),
    "participated_in": ("#bcbd22", _DASH.DashLine),
    "signed_by": ("#8a8a8a", _DASH.DotLine),      # mid grey: reads on light and dark
    "signed_with": ("#9467bd", _DASH.DotLine),
    "approved_by": ("#1f77b4", _DASH.DotLine),
    "succeeds": ("#d62728", _DASH.DashDotLine),
}
_OTHER_RELATION = ("#7f7f7f", _DASH.DashDotDotLine)


def relation_style(relation: str) -> tuple[str, Qt.PenStyle]:
    return RELATION_STYLES.get(relation, _OTHER_RELATION)


def side_colour(side: str | None) -> str:
    return PALETTE.get(side or "other", PALETTE["other"])


def _text_colour(widget: QWidget) -> QColor:
    return widget.palette().color(widget.foregroundRole())


def _base_colour(widget: QWidget) -> QColor:
    return widget.palette().color(widget.palette().ColorRole.Base)


# -- legend ----------------------------------------------------------------------------
def _symbol_icon(symbol: str, fill: str, size: int = 14) -> QPixmap:
    path = pg().graphicsItems.ScatterPlotItem.Symbols[symbol]
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


def _bar_icon(colour: str, alpha: int, outline: Qt.PenStyle | None, width: int = 22, height: int = 10) -> QPixmap:
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


def _line_icon(colour: str, style: Qt.PenStyle, width: int = 28, height: int = 12) -> QPixmap:
    pix = QPixmap(width, height)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    pen = QPen(QColor(colour), 2)
    pen.setStyle(style)
    p.setPen(pen)
    p.drawLine(1, height // 2, width - 1, height // 2)
    p.end()
    return pix


class FlowLayout(QLayout):
    """Lays its items left to right and wraps to a new line when the width runs
    out, so that a legend never widens the window."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items = []
        self.setSpacing(spacing)

    def addItem(self, item) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        x, y = rect.x() + m.left(), rect.y() + m.top()
        right = rect.right() - m.right()
        line_h = 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > right and line_h > 0:
                x, y = rect.x() + m.left(), y + line_h + self.spacing()
                line_h = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line_h = max(line_h, hint.height())
        return y + line_h - rect.y() + m.bottom()


class Legend(QWidget):
    """Icon + word pairs that wrap onto more lines in a narrow window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self)
        self.flow.setContentsMargins(4, 0, 4, 0)
        self.texts: list[str] = []

    def set_entries(self, entries: Iterable[tuple[QPixmap | None, str]]) -> None:
        while self.flow.count():
            item = self.flow.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.texts = []
        for pix, text in entries:
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 8, 0)
            row.setSpacing(3)
            if pix is not None:
                icon = QLabel()
                icon.setPixmap(pix)
                row.addWidget(icon)
            row.addWidget(QLabel(text))
            self.flow.addWidget(pair)
            self.texts.append(text)
        self.updateGeometry()


# -- hierarchy -------------------------------------------------------------------------
class InstitutionTree(QTreeWidget):
    """Frameworks at the top, what was established within them, implements them
    or is signed by them underneath: one branch per relation."""

    inst_selected = Signal(str)
    COLUMNS = ("Institution", "Relation to parent", "Kind", "Side", "Established / signed", "Valid")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("institution-tree")
        self.setColumnCount(len(self.COLUMNS))
        self.setHeaderLabels(list(self.COLUMNS))
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        char = self.fontMetrics().averageCharWidth()
        for col, chars in enumerate((66, 22, 18, 10, 20)):
            self.setColumnWidth(col, chars * char)
        self.currentItemChanged.connect(self._on_current)
        self._syncing = False

    def populate(self, data: InstitutionData, ids: Iterable[str]) -> None:
        ids = list(ids)
        names = {i: data.institutions[i].name_en for i in ids}
        roots = hierarchy(ids, data.relations, names)
        self._syncing = True
        try:
            self.clear()
            groups: dict[str, QTreeWidgetItem] = {}
            order = {s: k for k, s in enumerate(SIDES)}
            for side in sorted({data.institutions[r.inst_id].side for r in roots},
                               key=lambda s: (order.get(s, len(order)), s)):
                group = QTreeWidgetItem([f"{side}"])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setForeground(0, QBrush(QColor(side_colour(side))))
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[side] = group
            self.addTopLevelItems(list(groups.values()))
            for root in roots:
                groups[data.institutions[root.inst_id].side].addChild(self._item(data, root))
            for group in groups.values():
                n = group.childCount()
                group.setText(0, f"{group.text(0)} — {n} top-level {'entry' if n == 1 else 'entries'}")
            self.expandAll()
        finally:
            self._syncing = False

    def _item(self, data: InstitutionData, node: TreeNode) -> QTreeWidgetItem:
        inst = data.institutions[node.inst_id]
        valid = f"{format_date(inst.valid_from)}–{format_date(inst.valid_to)}" if inst.valid_from or inst.valid_to else ""
        item = QTreeWidgetItem([
            inst.name_en, node.relation.label if node.relation else "", inst.kind.replace("_", " "), inst.side,
            format_date(inst.established, inst.established_precision), valid,
        ])
        item.setData(0, INST_ROLE, inst.inst_id)
        item.setData(0, RELATION_ROLE, node.relation.relation_id if node.relation else None)
        tip = " / ".join(n for n in (inst.name_en, inst.name_ru, inst.name_zh) if n)
        item.setToolTip(0, tip)
        if node.relation is not None and node.relation.quote:
            item.setToolTip(1, f"“{node.relation.quote}”")
        item.setForeground(3, QBrush(QColor(side_colour(inst.side))))
        for child in node.children:
            item.addChild(self._item(data, child))
        return item

    def iter_items(self) -> Iterable[QTreeWidgetItem]:
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            yield item
            stack[0:0] = [item.child(i) for i in range(item.childCount())]

    def items_for(self, inst_id: str) -> list[QTreeWidgetItem]:
        return [it for it in self.iter_items() if it.data(0, INST_ROLE) == inst_id]

    def branch_relation_ids(self) -> set[str]:
        return {it.data(0, RELATION_ROLE) for it in self.iter_items() if it.data(0, RELATION_ROLE)}

    def selected_inst(self) -> str | None:
        item = self.currentItem()
        return item.data(0, INST_ROLE) if item is not None else None

    def select(self, inst_id: str | None) -> None:
        """Make the first (shallowest) item of this institution current, without echoing it."""
        if inst_id is not None and self.selected_inst() == inst_id:
            return
        items = self.items_for(inst_id) if inst_id else []
        self._syncing = True
        try:
            if items:
                self.setCurrentItem(items[0])
                self.scrollToItem(items[0])
            else:
                self.setCurrentItem(None)
        finally:
            self._syncing = False

    def _on_current(self, current: QTreeWidgetItem | None, _previous) -> None:
        if self._syncing or current is None:
            return
        inst_id = current.data(0, INST_ROLE)
        if inst_id:
            self.inst_selected.emit(inst_id)


# -- graph -----------------------------------------------------------------------------
def _left_click_in(view, event):
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


class InstitutionGraph(QWidget):
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
        self.node_items: dict[str, object] = {}      # inst_id -> label item
        self.edge_items: dict[str, object] = {}      # relation_id -> curve
        self.selected: str | None = None
        self._data: InstitutionData | None = None
        self._ids: list[str] = []
        self._size = (0.0, 0.0)
        self._relayout = QTimer(self, singleShot=True, interval=150)
        self._relayout.timeout.connect(self._redraw_for_size)

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

    def populate(self, data: InstitutionData, ids: Iterable[str]) -> None:
        self._data, self._ids = data, list(ids)
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
        fg, bg = _text_colour(self), _base_colour(self)
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
            label.setToolTip(" / ".join(n for n in (inst.name_en, inst.name_ru, inst.name_zh) if n))
            self.view.addItem(label)
            self.node_items[node.inst_id] = label
        self.markers = p.ScatterPlotItem(pxMode=False)
        self.markers.addPoints(spots)
        self.markers.setZValue(10)
        self.view.addItem(self.markers)
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

    def _update_legends(self, data: InstitutionData) -> None:
        present_groups = {kind_group(data.institutions[i].kind) for i in self._ids if i in data.institutions}
        sides = [(_symbol_icon("o", side_colour(s)), s) for s in SIDES]
        shapes = [(_symbol_icon(GROUP_SYMBOLS[g], "#dddddd"), g) for g in list(KIND_GROUPS) + ["other"]
                  if g in present_groups]
        self.legend.set_entries([(None, "<b>Side</b>")] + sides + [(None, "  <b>Kind</b>")] + shapes)
        present = sorted({r.relation for r, _ in (self.layout_.edges if self.layout_ else [])},
                         key=lambda r: (list(RELATION_LABELS).index(r) if r in RELATION_LABELS else 99, r))
        rels = [(_line_icon(*relation_style(r)), relation_label(r)) for r in present]
        self.relation_legend.set_entries([(None, "<b>Relation</b>")] + rels if rels else
                                         [(None, "No relations among the institutions shown")])

    def fit(self) -> None:
        if self.layout_ is None:
            return
        pad = 10
        self.view.setRange(QRectF(-pad, -pad, max(self.layout_.width, 10) + 2 * pad,
                                  max(self.layout_.height, 10) + 2 * pad), padding=0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout.start()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # Drawn while hidden (another tab was current), it was laid out for a guessed size.
        QTimer.singleShot(0, self, self._redraw_for_size)

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
        pos = _left_click_in(self.view, event)
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
        bg = QColor("#ffe8a0") if on else QColor(_base_colour(self))
        bg.setAlpha(255 if on else 235)
        label.setBrush(QBrush(bg))
        if on:
            label.text.setBrush(QBrush(QColor("#000000")))
        else:
            label.text.setBrush(QBrush(_text_colour(self)))


# -- timeline --------------------------------------------------------------------------------
_EVENT_SYMBOLS = {"meeting": "o", "expired": "x", "established": "d", "signed": "d", "approved": "d"}


class YearAxis:
    """Integer-year ticks for a fractional-year axis (built lazily: pyqtgraph)."""

    @staticmethod
    def make():
        p = pg()

        class _Axis(p.AxisItem):
            def tickStrings(self, values, scale, spacing):  # noqa: N802
                return [str(int(round(v))) if abs(v - round(v)) < 1e-6 else "" for v in values]

            def tickSpacing(self, minVal, maxVal, size):  # noqa: N802,N803
                span = maxVal - minVal
                major = 1 if span <= 25 else 2 if span <= 50 else 5
                return [(major, 0)]

        return _Axis(orientation="bottom")


class InstitutionTimeline(QWidget):
    """Founding, signing, validity and meetings on a year axis. Plans and
    agreements with a validity period are bars over it; every date covers the
    period its precision says (a year is a year wide, a month a month, a day is
    a point). One line per lane: the marks, then the name beside them."""

    inst_selected = Signal(str)
    ROW_PX = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        p = pg()
        self.plot = p.PlotWidget(axisItems={"bottom": YearAxis.make()})
        self.plot.setObjectName("institution-timeline")
        item = self.plot.getPlotItem()
        item.hideAxis("left")
        item.hideButtons()
        item.showGrid(x=True, y=False, alpha=0.2)
        self.view = item.getViewBox()
        self.view.invertY(True)
        self.view.setMenuEnabled(False)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        legend = Legend()
        legend.set_entries([
            (_bar_icon(PALETTE["bilateral"], 110, None), "validity period"),
            (_bar_icon("#000000", 40, Qt.PenStyle.SolidLine), "date known to the year or month (as wide as that)"),
            (_bar_icon("#000000", 0, Qt.PenStyle.DashLine), "planned / target"),
            (_symbol_icon("d", "#dddddd"), "established, signed (day)"),
            (_symbol_icon("o", "#dddddd"), "meeting (day)"),
            (_symbol_icon("x", "#dddddd"), "expired (day)"),
            (None, "· colour = side · drag to pan, wheel to zoom"),
        ])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(legend)
        layout.addWidget(self.plot, 1)
        self.entries: list[TimelineEntry] = []
        self.label_items: dict[str, object] = {}
        self.span_bars: dict[str, tuple[float, float]] = {}     # inst_id -> drawn validity bar (x0, x1)
        self.mark_bars: dict[str, list[tuple[str, float, float]]] = {}
        self.selected: str | None = None
        self.lanes = 0
        self._data: InstitutionData | None = None
        self._ids: list[str] = []
        self._extent: dict[str, tuple[float, float]] = {}
        self._label_x: dict[str, float] = {}
        self._width = 0.0
        self._relayout = QTimer(self, singleShot=True, interval=150)
        self._relayout.timeout.connect(self._redraw_for_size)

    def populate(self, data: InstitutionData, ids: Iterable[str]) -> None:
        self._data, self._ids = data, list(ids)
        self._draw()

    @staticmethod
    def label_text(entry: TimelineEntry) -> str:
        name = entry.label if len(entry.label) <= 56 else entry.label[:54].rstrip() + "…"
        dates = entry.span_text or ", ".join(dict.fromkeys(m.text for m in entry.marks))
        return f"{name} · {dates}"

    def year_range(self) -> tuple[float, float]:
        if not self.entries:
            return 2000.0, 2030.0
        lo = min(e.start for e in self.entries)
        hi = max(e.end for e in self.entries)
        return float(math.floor(lo)) - 0.5, float(math.ceil(hi)) + 0.5

    def _place_labels(self, lo: float, hi: float, px_per_year: float) -> None:
        """Each name right of its marks, or left of them where the axis ends."""
        fm = QFontMetricsF(self.font())
        pad = 6 / px_per_year
        self._extent, self._label_x = {}, {}
        for e in self.entries:
            width = (fm.horizontalAdvance(self.label_text(e)) + 6) / px_per_year
            x0 = e.end + pad
            if x0 + width > hi:
                x0 = e.start - pad - width
            if x0 < lo:                      # neither side fits: over the marks, from the left edge
                x0 = lo
            self._label_x[e.inst_id] = x0
            self._extent[e.inst_id] = (min(e.start, x0), max(e.end, x0 + width))

    def _draw(self) -> None:
        if self._data is None:
            return
        p = pg()
        self.view.clear()
        self.label_items.clear()
        self.span_bars.clear()
        self.mark_bars.clear()
        self.entries = timeline_entries(self._data, self._ids)
        lo, hi = self.year_range()
        self._width = max(self.view.sceneBoundingRect().width(), 400.0)
        px_per_year = self._width / (hi - lo)
        self._place_labels(lo, hi, px_per_year)
        self.lanes = pack_lanes(self.entries, lambda e: self._extent[e.inst_id], gap=8 / px_per_year)
        fg = _text_colour(self)
        spans: dict[str, list] = {"x0": [], "x1": [], "y0": [], "brushes": []}
        boxes: dict[str, list] = {"x0": [], "x1": [], "y0": [], "pens": []}
        points = []
        for e in self.entries:
            y = e.lane
            colour = QColor(side_colour(e.side))
            text = p.TextItem(self.label_text(e), color=fg, anchor=(0, 0.5))
            text.setPos(self._label_x[e.inst_id], y + 0.5)
            self.view.addItem(text)
            self.label_items[e.inst_id] = text
            if e.span:
                fill = QColor(colour)
                fill.setAlpha(110)
                for key, value in zip(spans, (e.span[0], e.span[1], y + 0.25, p.mkBrush(fill))):
                    spans[key].append(value)
                self.span_bars[e.inst_id] = e.span
            for m in e.marks:
                self.mark_bars.setdefault(e.inst_id, []).append((m.what, m.start, m.end))
                if m.precision == "day":
                    points.append({"pos": (m.start + (m.end - m.start) / 2, y + 0.5),
                                   "symbol": _EVENT_SYMBOLS.get(m.what, "d"), "size": 11,
                                   "brush": p.mkBrush(colour), "pen": p.mkPen("#222222", width=1)})
                    continue
                dashed = m.status in ("planned", "target", "forecast")
                pen = p.mkPen(colour.darker(150), width=2,
                              style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
                for key, value in zip(boxes, (m.start, m.end, y + 0.2, pen)):
                    boxes[key].append(value)
        if spans["x0"]:
            self.view.addItem(p.BarGraphItem(height=0.5, pen=p.mkPen(None), **spans))
        if boxes["x0"]:
            self.view.addItem(p.BarGraphItem(height=0.6, brush=p.mkBrush(0, 0, 0, 40), **boxes))
        if points:
            self.view.addItem(p.ScatterPlotItem(points, pxMode=True))
        self.highlight = QGraphicsRectItem()
        self.highlight.setPen(p.mkPen("#ffbf00", width=2))
        self.highlight.setBrush(QBrush(QColor(255, 191, 0, 45)))
        self.highlight.setZValue(-1)
        self.highlight.setVisible(False)
        self.view.addItem(self.highlight)
        self.fit()
        self.select(self.selected)

    def fit(self) -> None:
        lo, hi = self.year_range()
        height = max(self.view.sceneBoundingRect().height(), 100.0)
        # whole lanes, each at least ROW_PX high whatever the count: a lane cut at the
        # bottom edge would show half a name over the axis
        visible = float(max(1, math.floor(height / self.ROW_PX)))
        self.view.setRange(xRange=(lo, hi), yRange=(0.0, visible), padding=0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout.start()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # Drawn while hidden (another tab was current), it was laid out for a guessed size.
        QTimer.singleShot(0, self, self._redraw_for_size)

    def laid_out_for_size(self) -> bool:
        """True once the lanes were packed for the width the timeline now has."""
        return self.isVisible() and abs(self.view.sceneBoundingRect().width() - self._width) <= 40

    def _redraw_for_size(self) -> None:
        if self._data is not None and abs(self.view.sceneBoundingRect().width() - self._width) > 40:
            self._draw()
        elif self._data is not None:
            self.fit()

    def entry_at(self, x: float, y: float) -> str | None:
        lane = math.floor(y)
        for e in self.entries:
            lo, hi = self._extent[e.inst_id]
            if e.lane == lane and lo <= x <= hi:
                return e.inst_id
        return None

    def _on_click(self, event) -> None:
        pos = _left_click_in(self.view, event)
        inst_id = self.entry_at(pos.x(), pos.y()) if pos is not None else None
        if inst_id:
            self.select(inst_id)
            self.inst_selected.emit(inst_id)

    def select(self, inst_id: str | None) -> None:
        self.selected = inst_id
        entry = next((e for e in self.entries if e.inst_id == inst_id), None)
        if entry is None:
            self.highlight.setVisible(False)
            return
        lo, hi = self._extent[inst_id]
        self.highlight.setRect(QRectF(lo - 0.05, entry.lane + 0.02, hi - lo + 0.1, 0.96))
        self.highlight.setVisible(True)
        rect = self.view.viewRect()
        if not (rect.top() <= entry.lane and entry.lane + 1 <= rect.bottom()):
            self.view.translateBy(y=entry.lane + 0.5 - rect.center().y())
