"""The timeline view: founding, signing, validity and meetings on a year axis."""
from __future__ import annotations

import math
from typing import Iterable

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF
from PySide6.QtWidgets import QGraphicsRectItem, QVBoxLayout, QWidget

from explorer.data.conflicts import Conflict, worst_severity
from explorer.data.institutions import InstitutionData, TimelineEntry, pack_lanes, timeline_entries
from explorer.ui.widgets import conflict_marks
from explorer.ui.widgets.conflict_marks import severity_colour, with_conflicts
from explorer.ui.widgets.export_sheet import ExportSheet, offscreen_twin
from explorer.ui.widgets.institutions.graph import left_click_in
from explorer.ui.widgets.institutions.icons import bar_icon, symbol_icon
from explorer.ui.widgets.institutions.legend import Legend
from explorer.ui.widgets.institutions.sized_view import SizedView
from explorer.ui.widgets.institutions.styles import side_colour, text_colour
from explorer.ui.widgets.institutions.year_axis import YearAxis
from explorer.ui.widgets.plot import PALETTE, Hit, HitHover, pg

_EVENT_SYMBOLS = {"meeting": "o", "expired": "x", "established": "d", "signed": "d", "approved": "d"}


#: Spaces left before a conflicted entry's name, and the size of the mark drawn there.
MARK_ROOM = "    "
MARK_PX = 18


class InstitutionTimeline(HitHover, SizedView):
    """Founding, signing, validity and meetings on a year axis. Plans and
    agreements with a validity period are bars over it; every date covers the
    period its precision says (a year is a year wide, a month a month, a day is
    a point). One line per lane: the marks, then the name beside them. Each entry (its
    marks and its name) is a hit: hover names it, a click says ``picked`` with its inst_id."""

    picked = Signal(str)
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
        self.watch_hits(self.plot.scene(), self.plot)
        self.picked.connect(self.select)
        self.legend = legend = Legend()
        legend.set_entries([
            (bar_icon(PALETTE["bilateral"], 110, None), "validity period"),
            (bar_icon("#000000", 40, Qt.PenStyle.SolidLine), "date known to the year or month (as wide as that)"),
            (bar_icon("#000000", 0, Qt.PenStyle.DashLine), "planned / target"),
            (symbol_icon("d", "#dddddd"), "established, signed (day)"),
            (symbol_icon("o", "#dddddd"), "meeting (day)"),
            (symbol_icon("x", "#dddddd"), "expired (day)"),
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
        self._label_texts: dict[str, str] = {}
        self._width = 0.0
        self.conflicts: dict[str, list[Conflict]] = {}     # inst_id -> recorded conflicts it is in
        self._sheet: ExportSheet | None = None
        # whole lanes at the view's new height at once (the lanes are re-packed for a new width later)
        self.view.sigResized.connect(lambda _vb: self.fit() if self.entries else None)

    def populate(self, data: InstitutionData, ids: Iterable[str],
                 conflicts: dict[str, list[Conflict]] | None = None) -> None:
        """Draw these institutions; one in a recorded conflict (inst_id -> conflicts) is
        carries the conflict mark before its name, the name in the severity's colour, and the
        conflict in its tooltip."""
        self._data, self._ids = data, list(ids)
        self.conflicts = {k: v for k, v in (conflicts or {}).items() if v}
        self._draw()

    @property
    def conflict_marked(self) -> set[str]:
        """The entries drawn with a conflict mark."""
        return {e.inst_id for e in self.entries if e.inst_id in self.conflicts}

    def label_text(self, entry: TimelineEntry, name: str | None = None) -> str:
        """The drawn label: the name (``name`` when it had to be shortened) and the dates."""
        if name is None:
            name = entry.label if len(entry.label) <= 56 else entry.label[:54].rstrip() + "…"
        dates = entry.span_text or ", ".join(dict.fromkeys(m.text for m in entry.marks))
        # room for the mark, drawn as a symbol: a glyph such as ⚠ comes from a fallback font
        # whose taller line would reach into the next lane
        room = MARK_ROOM if entry.inst_id in self.conflicts else ""
        return f"{room}{name} · {dates}"

    def year_range(self) -> tuple[float, float]:
        if not self.entries:
            return 2000.0, 2030.0
        lo = min(e.start for e in self.entries)
        hi = max(e.end for e in self.entries)
        return float(math.floor(lo)) - 0.5, float(math.ceil(hi)) + 0.5

    def _place_labels(self, lo: float, hi: float, px_per_year: float) -> None:
        """Each name right of its marks, or left of them where the axis ends; where neither
        side holds it whole, the name is shortened to the larger side (the whole name is the
        tooltip): a label never prints over its own bar (issue 18)."""
        fm = QFontMetricsF(self.font())
        pad = 6 / px_per_year
        self._extent, self._label_x, self._label_texts = {}, {}, {}
        for e in self.entries:
            text = self.label_text(e)
            width = (fm.horizontalAdvance(text) + 6) / px_per_year
            x0 = e.end + pad
            if x0 + width > hi:
                x0 = e.start - pad - width
            if x0 < lo:
                text, x0, width = self._shortened(e, fm, lo, hi, pad, px_per_year)
            self._label_x[e.inst_id] = x0
            self._label_texts[e.inst_id] = text
            self._extent[e.inst_id] = (min(e.start, x0), max(e.end, x0 + width))

    def _shortened(self, e: TimelineEntry, fm: QFontMetricsF, lo: float, hi: float, pad: float,
                   px_per_year: float) -> tuple[str, float, float]:
        """(label, x, width in years) on the larger side of the marks, the name elided to fit;
        over the marks from the left edge only when not even a few letters fit."""
        right, left = hi - (e.end + pad), (e.start - pad) - lo
        room_px = max(right, left) * px_per_year - 6
        bare = fm.horizontalAdvance(self.label_text(e, ""))
        name = fm.elidedText(e.label, Qt.TextElideMode.ElideRight, room_px - bare)
        if len(name.rstrip("…")) < 6:
            text = self.label_text(e)
            return text, lo, (fm.horizontalAdvance(text) + 6) / px_per_year
        text = self.label_text(e, name)
        width = (fm.horizontalAdvance(text) + 6) / px_per_year
        return text, (e.end + pad if right >= left else e.start - pad - width), width

    def _draw(self) -> None:
        if self._data is None:
            return
        p = pg()
        self.view.clear()
        self.hits = []
        self.label_items.clear()
        self.span_bars.clear()
        self.mark_bars.clear()
        self.entries = timeline_entries(self._data, self._ids)
        lo, hi = self.year_range()
        self._width = max(self.view.sceneBoundingRect().width(), 400.0)
        px_per_year = self._width / (hi - lo)
        self._place_labels(lo, hi, px_per_year)
        self.lanes = pack_lanes(self.entries, lambda e: self._extent[e.inst_id], gap=8 / px_per_year)
        fg = text_colour(self)
        spans: dict[str, list] = {"x0": [], "x1": [], "y0": [], "brushes": []}
        boxes: dict[str, list] = {"x0": [], "x1": [], "y0": [], "pens": []}
        points = []
        for e in self.entries:
            y = e.lane
            colour = QColor(side_colour(e.side))
            found = self.conflicts.get(e.inst_id)
            text = p.TextItem(self._label_texts[e.inst_id], anchor=(0, 0.5),
                              color=QColor(severity_colour(worst_severity(found))) if found else fg)
            text.setToolTip(with_conflicts(e.label, found))
            lo_x, hi_x = self._extent[e.inst_id]
            self.hits.append(Hit(self.view, e.inst_id, text.toolTip(), rect=QRectF(lo_x, y, hi_x - lo_x, 1.0)))
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
        self._draw_conflict_marks(px_per_year)
        self.highlight = QGraphicsRectItem()
        self.highlight.setPen(p.mkPen("#ffbf00", width=2))
        self.highlight.setBrush(QBrush(QColor(255, 191, 0, 45)))
        self.highlight.setZValue(-1)
        self.highlight.setVisible(False)
        self.view.addItem(self.highlight)
        self.fit()
        self.select(self.selected)

    def _draw_conflict_marks(self, px_per_year: float) -> None:
        marked = [e for e in self.entries if e.inst_id in self.conflicts]
        if marked:
            points = [(self._label_x[e.inst_id] + 9 / px_per_year, e.lane + 0.5, e.inst_id, self.conflicts[e.inst_id])
                      for e in marked]
            marks = conflict_marks.mark_item(points, pg(), tip=lambda k: with_conflicts(k, self.conflicts[k]))
            for spot in marks.points():
                spot.setSize(MARK_PX)
            self.view.addItem(marks)

    def fit(self) -> None:
        lo, hi = self.year_range()
        height = max(self.view.sceneBoundingRect().height(), 100.0)
        # whole lanes, each at least ROW_PX high whatever the count: a lane cut at the
        # bottom edge would show half a name over the axis
        visible = float(max(1, math.floor(height / self.ROW_PX)))
        self.view.setRange(xRange=(lo, hi), yRange=(0.0, visible), padding=0)

    def export_widget(self) -> QWidget:
        """What File → Export view draws: the legend over every lane, at the timeline's
        width (so the lanes are packed as on screen), never only the lanes in view."""
        twin = offscreen_twin(InstitutionTimeline(), self.width(), self.height())
        if self._data is not None:
            twin.populate(self._data, self._ids, self.conflicts)
        # as much taller as the lanes not in view need (and one lane spare)
        missing = (twin.lanes + 1) * self.ROW_PX - twin.view.sceneBoundingRect().height()
        if missing > 0:
            offscreen_twin(twin, twin.width(), twin.height() + math.ceil(missing))
        twin.fit()
        twin.select(self.selected)
        if self._sheet is None:
            self._sheet = ExportSheet(self)
        return self._sheet.set_parts([twin.legend, twin.plot], twin=twin)

    def laid_out_for_size(self) -> bool:
        """True once the lanes were packed for the width the timeline now has."""
        return self.isVisible() and abs(self.view.sceneBoundingRect().width() - self._width) <= 40

    def _redraw_for_size(self) -> None:
        if self._data is not None and abs(self.view.sceneBoundingRect().width() - self._width) > 40:
            self._draw()
        elif self._data is not None:
            self.fit()

    def click_allowed(self, event) -> bool:
        return left_click_in(self.view, event)

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
