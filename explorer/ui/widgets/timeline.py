"""The corridor timeline: one row per corridor, grouped by kind, milestones as
markers by event kind at their real date precision, spans as bars, an
overview strip with a draggable range, and a "today" line.

Imported only from ``build_deferred`` (it imports pyqtgraph)."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from explorer.data.calendar_days import civil_of_stamp, stamp, year_label
from explorer.data.conflicts import Conflict
from explorer.data.corridors import EVENT_ORDER, KIND_ORDER, Corridor, Milestone, kind_label
from explorer.ui.widgets import conflict_marks
from explorer.ui.widgets.institutions.icons import bar_icon, symbol_icon
from explorer.ui.widgets.institutions.legend import Legend
from explorer.ui.widgets.plot import Hit, HitHover, pg
from explorer.ui.widgets.text_layout import elide_middle

pgm = pg()

#: Colour of each corridor kind (rows, bars, markers); grey is kept for "other".
KIND_COLOURS = dict(zip(KIND_ORDER, ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                                     "#e377c2", "#17becf", "#bcbd22")))
#: Marker symbol of each milestone kind.
EVENT_SYMBOLS = {
    "agreed": "d", "signed": "p", "approved": "+", "announced": "h", "established": "crosshair",
    "construction": "s", "completed": "o", "opened": "star", "operating": "t1", "effective": "t3",
    "planned": "t", "target": "t2", "meeting": "x", "expired": "|",
}
#: The view's top: above the first row's band, room for its marker's conflict triangle
#: and selection ring (at -0.5 they were cut by the top edge; at -0.9 the triangle, 15 px
#: above its marker, was cut where rows are 18 px). A row is never less than ROW_MIN_PX.
TOP = -1.0
ROW_MIN_PX = 18           # a row never gets shorter than this; more rows scroll
LABEL_MAX_CHARS = 38
YEAR = 365.25 * 86400
HIGHLIGHT = "#ffb000"
#: How near (pixels) the pointer must be to a milestone to hover or pick it: its marker,
#: and for one in a recorded conflict the ring and triangle round it too.
HIT_PX = 12
MARKED_HIT_PX = 18


def kind_colour(kind: str | None) -> str:
    return KIND_COLOURS.get(kind or "", "#7f7f7f")


def event_symbol(event: str | None) -> str:
    return EVENT_SYMBOLS.get(event or "", "o")


@dataclass(frozen=True)
class Glyph:
    """Where one milestone is drawn: x at the middle of its date's span, y its row."""

    event_id: str
    corridor_id: str
    x: float
    x0: float
    x1: float
    y: int
    symbol: str
    tooltip: str


def milestone_tooltip(corridor: Corridor, m: Milestone) -> str:
    lines = [corridor.name_en, f"{m.event.capitalize()}: {m.when()}"]
    if m.status and m.status != "actual":
        lines[-1] += f" — {m.status}"
    if m.value is not None:
        lines.append(f"{m.value:g} {m.unit or ''}".strip())
    if m.description:
        lines.append(m.description)
    return "\n".join(lines)


class _TimelineViewBox(pgm.ViewBox):
    """The wheel zooms time only; over the row labels, or with Shift, it scrolls rows."""

    def wheelEvent(self, ev, axis=None):  # noqa: N802
        shift = bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if axis == 1 or shift:
            delta = ev.delta() if hasattr(ev, "delta") else ev.angleDelta().y()
            self.translateBy(y=-3 if delta > 0 else 3)
            ev.accept()
            return
        super().wheelEvent(ev, axis=0)


#: Years between ticks: 1, 2, 5, 10, 20, 50 … up to the age of the universe (TimelineJS sheets
#: of cosmic history write the Big Bang as Year -13800000000).
_YEAR_STEPS = tuple(m * 10 ** k for k in range(11) for m in (1, 2, 5))
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _round_years(first: int, last: int, step: int) -> list[int]:
    """Astronomical years in first..last whose year as a reader counts it is a multiple of
    ``step``: 3000 BCE, 2500 BCE … 500 BCE, then 500, 1000 … (there is no year 0 to count from)."""
    years = []
    if first <= 0:                       # BCE: the reader's year h is 1 - y
        h_lo, h_hi = 1 - min(last, 0), 1 - first
        years += [1 - h for h in range(-(-h_lo // step) * step, h_hi + 1, step)][::-1]
    if last >= 1:
        lo = max(first, 1)
        # the era's first year where the axis crosses it (it would otherwise skip a tick there)
        years += [1] if first <= 0 and step >= 5 else []
        years += range(-(-lo // step) * step, last + 1, step)
    return years


class CalendarAxis(pgm.DateAxisItem):
    """Calendar ticks that name the year at every zoom: years (every 1, 2, 5… as room
    allows) over more than three years, "Mar 2023" months over more than six
    weeks, "4 Mar 2023" days below that. One level of labels, spaced to fit the width.
    Years before the common era read "3000 BCE" (x runs on through them, calendar_days), and
    the common era's years then "1 CE", "500 CE"."""

    def linkToView(self, view):  # noqa: N802 (pyqtgraph name)
        # pyqtgraph's DateAxisItem bounds its view to years 1-9999 (Python datetimes): a sheet
        # with BCE years runs before that (the range was pushed past 9999 instead), and this
        # axis reads any year (calendar_days)
        pgm.AxisItem.linkToView(self, view)

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph name)
        # an exception raised here, inside Qt's paint, takes the process down: no range, no ticks
        if not (math.isfinite(minVal) and math.isfinite(maxVal) and maxVal > minVal and size > 0):
            return []
        fm = QFontMetrics(self.style.get("tickFont") or self.font())

        def fits(sample: str) -> int:       # how many labels like ``sample`` the axis holds
            return max(1, int(size // (fm.horizontalAdvance(sample) + 20)))

        (lo_year, lo_month, _), (hi_year, _, _) = civil_of_stamp(minVal), civil_of_stamp(maxVal)
        self._era = lo_year <= 0                # BCE in view: the common era's years say "CE"
        widest = year_label(lo_year, era=self._era) if self._era else "2024"
        span = maxVal - minVal
        if span >= 3 * YEAR:
            step = next(s for s in _YEAR_STEPS if span / YEAR / s <= fits(widest) or s == _YEAR_STEPS[-1])
            self._format = "year"
            values = [stamp(y) for y in _round_years(lo_year, hi_year + 1, step)]
            return [(step * YEAR, [v for v in values if minVal <= v <= maxVal])]
        if span >= 42 * 86400:
            months = span / (YEAR / 12)
            step = next((s for s in (1, 2, 3, 6) if months / s <= fits(f"Sep {widest}")), 12)
            self._format = "month"
            values, y, m = [], lo_year, lo_month
            while (at := stamp(y, m)) <= maxVal:
                if at >= minVal and (m - 1) % step == 0:
                    values.append(at)
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            return [(step * YEAR / 12, values)]
        days = span / 86400
        step = next((s for s in (1, 2, 5, 7, 14) if days / s <= fits(f"30 Sep {widest}")), 28)
        self._format = "day"
        start = math.ceil(minVal / 86400 / step) * step * 86400
        return [(step * 86400, [float(v) for v in range(int(start), int(maxVal) + 1, step * 86400)])]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph name)
        fmt, era = getattr(self, "_format", "year"), getattr(self, "_era", False)
        out = []
        for v in values:
            y, m, d = civil_of_stamp(v)
            year = year_label(y, era=era)
            out.append(year if fmt == "year" else f"{_MONTHS[m - 1]} {year}" if fmt == "month"
                       else f"{d} {_MONTHS[m - 1]} {year}")
        return out


class TimelineWidget(HitHover, QWidget):
    """Detail plot, overview strip with a range selector, legend, and a hover line.

    On the charts' shared scheme (explorer.ui.widgets.plot): every milestone drawn is a
    :class:`Hit`; hovering one shows its figure (tooltip and the line under the chart),
    clicking one emits ``picked`` with its event_id, the key of its row."""

    picked = Signal(str)                   # event_id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("corridor-timeline")
        self.rows: list[Corridor] = []
        self.glyphs: dict[str, Glyph] = {}
        self.undated: list[str] = []
        self.conflicts: dict[str, list[Conflict]] = {}     # event_id -> recorded conflicts it is in
        self.conflict_marked: set[str] = set()             # the milestones drawn with a conflict mark
        self.selected_event: str | None = None
        self.selected_corridor: str | None = None
        self._syncing = False

        self.graphics = pgm.GraphicsLayoutWidget()
        self.graphics.setMinimumHeight(260)
        self.view = _TimelineViewBox()
        self.view.invertY(True)
        self.view.setMouseEnabled(x=True, y=True)
        self.axis_y = pgm.AxisItem("left")
        self.plot = self.graphics.addPlot(row=0, col=0, viewBox=self.view,
                                          axisItems={"bottom": CalendarAxis(orientation="bottom"),
                                                     "left": self.axis_y})
        self.plot.showGrid(x=True, y=False, alpha=0.2)
        self.plot.hideButtons()
        self.overview = self.graphics.addPlot(row=1, col=0,
                                              axisItems={"bottom": CalendarAxis(orientation="bottom")})
        self.overview.setMaximumHeight(58)      # a strip: the rows above get the height
        self.overview.setMouseEnabled(x=False, y=False)
        self.overview.hideButtons()
        self.overview.getAxis("left").setTicks([[]])
        self.overview.getAxis("left").setStyle(showValues=False)
        self.overview.invertY(True)
        self.overview.setMenuEnabled(False)
        self.region = pgm.LinearRegionItem(brush=QColor(31, 119, 180, 40))
        self.region.setZValue(10)
        self.overview.addItem(self.region, ignoreBounds=True)
        # a legend of icon + word pairs under the chart that wraps: one or two lines, not a
        # third of the panel as a grid of pyqtgraph legend rows took (issue 18)
        self.legend = Legend()
        self.legend.setObjectName("timeline-legend")
        self.graphics.ci.layout.setRowStretchFactor(0, 5)
        self.graphics.ci.layout.setRowStretchFactor(1, 1)

        self.info = QLabel("Hover a milestone to read it; click to see its citation.")
        self.info.setObjectName("timeline-info")
        # one line cut with "…" to the timeline's width (the whole text is its tooltip and the
        # citation beside): a long description never widens the window nor runs on under the map
        self.info.setWordWrap(False)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._info_text = self.info.text()
        # what an export captures: a plain QWidget around the graphics view (a
        # QGraphicsView's own render() has another signature)
        self.chart_area = QWidget()
        inner = QVBoxLayout(self.chart_area)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.graphics, 1)
        inner.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.chart_area, 1)
        layout.addWidget(self.info)

        self._items: list = []
        self._ring = pgm.ScatterPlotItem(size=22, symbol="o", pen=pgm.mkPen(HIGHLIGHT, width=3), brush=None)
        self._ring.setZValue(20)
        # the selection ring sits on top: a click through it still reaches the milestone
        self._ring.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._row_band = pgm.LinearRegionItem(orientation="horizontal", movable=False,
                                              brush=QColor(255, 176, 0, 45), pen=pgm.mkPen(None))
        self._row_band.setZValue(-5)
        self._row_band.hide()
        self.plot.addItem(self._ring)
        self.plot.addItem(self._row_band, ignoreBounds=True)
        self.today = time.time()
        self.plot.addItem(self._today_line(label=True), ignoreBounds=True)
        self.overview.addItem(self._today_line(label=False), ignoreBounds=True)
        self.hits: list[Hit] = []          # one per milestone drawn, its key the event_id
        self.hovered: str = ""             # the milestone under the pointer, "" for none
        self.watch_hits(self.graphics.scene(), self.graphics)     # the charts' one hover/click scheme
        self.region.sigRegionChanged.connect(self._on_region_changed)
        self.plot.sigXRangeChanged.connect(self._on_detail_range_changed)
        self.view.sigResized.connect(self._fit_rows)

    # -- data ------------------------------------------------------------------------
    def set_data(self, corridors: list[Corridor], milestones: list[Milestone],
                 conflicts: dict[str, list[Conflict]] | None = None) -> None:
        """Draw these corridors (one row each) and their milestones, marking those in a
        recorded conflict (``conflicts``: event_id -> conflicts); keeps the time range."""
        self.conflicts = dict(conflicts or {})
        order = {k: i for i, k in enumerate(KIND_ORDER)}
        by_corridor: dict[str, list[Milestone]] = {}
        for m in milestones:
            by_corridor.setdefault(m.corridor_id, []).append(m)

        def first_date(c: Corridor) -> float:
            xs = [r[0] for m in by_corridor.get(c.corridor_id, []) if (r := m.x_range())]
            return min(xs) if xs else math.inf

        # corridors with a dated milestone first (grouped by kind), the undated ones below them
        self.rows = sorted(corridors, key=lambda c: (math.isinf(first_date(c)), order.get(c.kind, len(order)),
                                                     first_date(c), c.name_en))
        row_of = {c.corridor_id: i for i, c in enumerate(self.rows)}
        corridor_of = {c.corridor_id: c for c in self.rows}
        self.glyphs, self.undated = {}, []
        for m in milestones:
            if m.corridor_id not in row_of:
                continue
            xr = m.x_range()
            if xr is None:
                self.undated.append(m.event_id)
                continue
            span = m.span
            self.glyphs[m.event_id] = Glyph(
                m.event_id, m.corridor_id, span.mid_ts(), xr[0], xr[1], row_of[m.corridor_id],
                event_symbol(m.event), conflict_marks.with_conflicts(
                    milestone_tooltip(corridor_of[m.corridor_id], m), self.conflicts.get(m.event_id)))
        self._milestones = {m.event_id: m for m in milestones if m.event_id in self.glyphs}
        self._redraw()

    def _redraw(self) -> None:
        for item in self._items:
            self.plot.removeItem(item) if item.getViewBox() is self.view else self.overview.removeItem(item)
        self._items = []
        self._draw_bands()
        self._draw_bars()
        self._draw_markers()
        self._draw_overview()
        self._draw_legend()
        self._label_rows()
        self._set_full_range()
        self.highlight(self.selected_event, self.selected_corridor)

    def _add(self, item, *, overview: bool = False, ignore_bounds: bool = False) -> None:
        (self.overview if overview else self.plot).addItem(item, ignoreBounds=ignore_bounds)
        self._items.append(item)

    def _draw_bands(self) -> None:
        """A faint band per kind group, so the grouping reads at a glance."""
        start = 0
        for i in range(1, len(self.rows) + 1):
            if i == len(self.rows) or self.rows[i].kind != self.rows[start].kind:
                colour = QColor(kind_colour(self.rows[start].kind))
                colour.setAlpha(22 if (len({r.kind for r in self.rows[:start]}) % 2 == 0) else 10)
                band = pgm.LinearRegionItem((start - 0.5, i - 0.5), orientation="horizontal", movable=False,
                                            brush=colour, pen=pgm.mkPen(QColor(128, 128, 128, 90)))
                band.setZValue(-10)
                self._add(band, ignore_bounds=True)
                start = i

    def _draw_bars(self) -> None:
        """Spans as thick bars; a single month- or year-precision date as a thin bar over that period."""
        for spans in (True, False):
            glyphs = [g for g in self.glyphs.values()
                      if self._milestones[g.event_id].is_span == spans and g.x1 - g.x0 > 2 * 86400]
            if not glyphs:
                continue
            brushes = []
            for g in glyphs:
                c = QColor(kind_colour(self.rows[g.y].kind))
                c.setAlpha(110 if spans else 70)
                brushes.append(c)
            bars = pgm.BarGraphItem(x0=[g.x0 for g in glyphs], x1=[g.x1 for g in glyphs],
                                    y=[g.y for g in glyphs], height=0.46 if spans else 0.22,
                                    brushes=brushes, pen=pgm.mkPen(None))
            self._add(bars)

    def _draw_markers(self) -> None:
        spots = []
        for g in self.glyphs.values():
            m = self._milestones[g.event_id]
            colour = kind_colour(self.rows[g.y].kind)
            planned = (m.status or "actual") != "actual"
            spots.append(dict(pos=(g.x, g.y), data=g.event_id, symbol=g.symbol, size=12,
                              pen=pgm.mkPen(colour, width=2 if planned else 1),
                              brush=pgm.mkBrush("w" if planned else colour)))
        # hover and click go through the hits (the tooltip too: no second one from pyqtgraph)
        self.markers = pgm.ScatterPlotItem(spots=spots, hoverable=True, hoverSize=16)
        self.markers.setZValue(5)
        self._add(self.markers)
        self._draw_conflict_marks()
        self.hits = [Hit(self.view, g.event_id, g.tooltip, point=QPointF(g.x, g.y),
                         mark=conflict_marks.worst_severity(self.conflicts.get(g.event_id) or []))
                     for g in self.glyphs.values()]

    def _draw_conflict_marks(self) -> None:
        """A ring and a triangle in the severity's colour round each milestone in a recorded conflict."""
        points = [(g.x, g.y, g.event_id, self.conflicts[g.event_id])
                  for g in self.glyphs.values() if self.conflicts.get(g.event_id)]
        self.conflict_marked = {p[2] for p in points}
        if points:
            self._add(conflict_marks.mark_item(points, pgm))

    def _draw_overview(self) -> None:
        pts = [(g.x, g.y) for g in self.glyphs.values()]
        dots = pgm.ScatterPlotItem(pos=pts, size=5, pen=None,
                                   brush=[pgm.mkBrush(kind_colour(self.rows[g.y].kind)) for g in self.glyphs.values()])
        self._add(dots, overview=True)

    def _draw_legend(self) -> None:
        """Milestone shapes, then corridor kinds' colours, then the hollow and conflict marks:
        only what the chart draws."""
        events = {self._milestones[e].event for e in self.glyphs}
        shapes = [(symbol_icon(event_symbol(e), "#999999"), e)
                  for e in [e for e in EVENT_ORDER if e in events] + sorted(events - set(EVENT_ORDER))]
        kinds = [k for k in KIND_ORDER if any(r.kind == k for r in self.rows)]
        kinds += sorted({r.kind for r in self.rows} - set(KIND_ORDER))
        colours = [(bar_icon(kind_colour(k), 255, None, width=14, height=10), kind_label(k)) for k in kinds]
        marks = [(symbol_icon("o", "#ffffff"), "hollow: planned")]
        if self.conflict_marked:
            marks.append((symbol_icon(conflict_marks.mark_symbol(), conflict_marks.severity_colour("error")),
                          "recorded conflict"))
        self.legend.set_entries(([(None, "<b>Milestone</b>")] + shapes if shapes else [])
                                + ([(None, "  <b>Kind</b>")] + colours if colours else []) + marks)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide_info()

    def _label_rows(self) -> None:
        fm = QFontMetrics(self.axis_y.font() if hasattr(self.axis_y, "font") else self.font())
        labels = []
        for i, c in enumerate(self.rows):
            # cut in the middle: two lanes that share a long beginning still read apart
            name = elide_middle(c.name_en, LABEL_MAX_CHARS)
            labels.append((i, name))
        self.axis_y.setTicks([labels, []])
        width = max([fm.horizontalAdvance(t) for _, t in labels] or [60]) + 16
        self.axis_y.setWidth(min(width, 320))
        self.row_labels = [t for _, t in labels]

    def _today_line(self, label: bool):
        pen = pgm.mkPen(QColor(214, 39, 40, 200), width=1.5, style=Qt.PenStyle.DashLine)
        # at the top of the line (the rows run downwards): at its foot it met the axis' years
        opts = dict(position=0.1, color=QColor(214, 39, 40), fill=QColor(255, 255, 255, 180))
        return pgm.InfiniteLine(pos=self.today, angle=90, pen=pen, movable=False,
                                label="today" if label else None, labelOpts=opts if label else None)

    # -- ranges -------------------------------------------------------------------------
    def full_range(self) -> tuple[float, float]:
        xs = [g.x0 for g in self.glyphs.values()] + [g.x1 for g in self.glyphs.values()] + [self.today]
        lo, hi = min(xs), max(xs)
        pad = max(0.6 * YEAR, 0.01 * (hi - lo))      # a 3000 BCE milestone is not cut by the edge
        return lo - pad, hi + pad

    def _set_full_range(self) -> None:
        lo, hi = self.full_range()
        n = max(len(self.rows), 1)
        self.view.setLimits(xMin=lo - 20 * YEAR, xMax=hi + 20 * YEAR, minXRange=40 * 86400,
                            yMin=TOP, yMax=n - 0.5, maxYRange=n - 0.5 - TOP)
        self.overview.setXRange(lo, hi, padding=0)
        self.overview.setYRange(-1.5, n + 0.5, padding=0)
        self.set_detail_range(lo, hi)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Show as many rows as fit at ROW_MIN_PX each; the rest scroll."""
        n = max(len(self.rows), 1)
        height = self.view.height() or 300
        fit = max(3, int(height / ROW_MIN_PX + 0.5 + TOP))      # whole rows below the top margin
        span = min(n, fit) - 0.5 - TOP
        top = self.view.viewRange()[1][0] if n > fit else TOP
        top = min(max(top, TOP), n - 0.5 - span)
        self.view.setYRange(top, top + span, padding=0)

    def detail_range(self) -> tuple[float, float]:
        lo, hi = self.view.viewRange()[0]
        return lo, hi

    def set_detail_range(self, lo: float, hi: float) -> None:
        self.plot.setXRange(lo, hi, padding=0)

    def _on_region_changed(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            lo, hi = self.region.getRegion()
            self.plot.setXRange(lo, hi, padding=0)
        finally:
            self._syncing = False

    def _on_detail_range_changed(self, _vb, rng) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.region.setRegion(rng)
        finally:
            self._syncing = False

    # -- interaction ----------------------------------------------------------------------
    def hit_at(self, scene_pos: QPointF) -> Hit | None:
        """The milestone nearest a scene position within reach of its marker (or its
        conflict mark), among those in the detail view."""
        if not self.view.sceneBoundingRect().contains(scene_pos):
            return None
        best, best_d = None, None
        for hit in self.hits:
            d = math.dist(self.view.mapViewToScene(hit.point).toTuple(), scene_pos.toTuple())
            if d <= (MARKED_HIT_PX if hit.mark else HIT_PX) and (best_d is None or d < best_d):
                best, best_d = hit, d
        return best

    def pos_of(self, event_id: str):
        """Where a milestone is drawn, in the graphics view's coordinates (tests, keyboard)."""
        glyph = self.glyphs[event_id]
        return self.graphics.mapFromScene(self.view.mapViewToScene(QPointF(glyph.x, glyph.y)))

    def hover_at(self, scene_pos: QPointF) -> None:
        """The shared hover (the milestone's tip), and its line under the chart."""
        super().hover_at(scene_pos)
        hit = self.hit_at(scene_pos)
        self.hovered = hit.key if hit else ""
        if hit is not None:
            self._show_info(hit.tip)

    def describe(self, event_id: str) -> str:
        glyph = self.glyphs.get(event_id)
        return glyph.tooltip if glyph else ""

    def highlight(self, event_id: str | None = None, corridor_id: str | None = None) -> None:
        """Ring the selected milestone and shade its corridor's row (scrolling it into view)."""
        glyph = self.glyphs.get(event_id or "")
        if glyph is not None:
            corridor_id = glyph.corridor_id
        self.selected_event = event_id if glyph else None
        self.selected_corridor = corridor_id
        self._ring.setData(pos=[(glyph.x, glyph.y)] if glyph else [])
        row = next((i for i, c in enumerate(self.rows) if c.corridor_id == corridor_id), None)
        if row is None:
            self._row_band.hide()
            return
        self._row_band.setRegion((row - 0.5, row + 0.5))
        self._row_band.show()
        self._scroll_to_row(row)
        if glyph is not None:
            lo, hi = self.detail_range()
            if not lo <= glyph.x <= hi:
                half = (hi - lo) / 2
                self.set_detail_range(glyph.x - half, glyph.x + half)
        self._show_info(glyph.tooltip if glyph else self.rows[row].name_en)

    def _show_info(self, text: str) -> None:
        self._info_text = text.replace("\n", "  ·  ")
        self.info.setToolTip(text)
        self._elide_info()

    def _elide_info(self) -> None:
        width = max(40, self.width() - 8)
        self.info.setText(self.info.fontMetrics().elidedText(self._info_text, Qt.TextElideMode.ElideRight, width))

    def _scroll_to_row(self, row: int) -> None:
        top, bottom = self.view.viewRange()[1]
        if row - 0.5 < top or row + 0.5 > bottom:
            span = bottom - top
            new_top = min(max(row - span / 2, -0.5), len(self.rows) - 0.5 - span)
            self.view.setYRange(new_top, new_top + span, padding=0)

    def visible_rows(self) -> list[str]:
        return [c.corridor_id for c in self.rows]
