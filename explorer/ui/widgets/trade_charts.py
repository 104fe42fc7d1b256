"""The Trade pane's charts: bilateral volumes with reported and computed
growth, targets against actuals, regional figures and shares.

Imported only from ``TradePane.build_deferred`` (after first paint): it pulls
in pyqtgraph. Every drawn element is registered as a *hit* — a rectangle or
point with the key of its table row and a tooltip — so hovering shows the
exact figure and clicking selects its row.
"""
from __future__ import annotations

from dataclasses import dataclass
import sqlite3
import threading
import weakref

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QToolTip, QVBoxLayout, QWidget

from explorer.data import trade_series as ts
from explorer.data.query import Filter, is_big
from explorer.data.tables import TRADE
from explorer.data.trade import growth_checks
from explorer.data.trade_series import Bar, Bilateral, Figure, TargetGroup, _num
from explorer.data.units import Rates, rates_note
from explorer.ui.models.sql_table import _connect_like, _files_of
from explorer.ui.widgets.plot import SERIES_COLOURS, fit_legend_columns, pg
from explorer.ui.widgets.text_layout import elide_middle, place_labels, shifted_text_class

MISMATCH = "#d62728"        # a reported rate that does not follow from the volumes
MINOR = "#ff7f0e"           # off by more than rounding, less than a point
REPORTED = "#ff7f0e"
COMPUTED = "#2ca02c"


@dataclass
class Hit:
    vb: object                  # the ViewBox whose coordinates the shape is in
    key: str
    tip: str
    rect: QRectF | None = None
    point: QPointF | None = None


class HitPlot(QWidget):
    """A PlotWidget that knows which row each bar or point stands for."""

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        scene = self.plot.scene()
        scene.sigMouseMoved.connect(self._moved)
        scene.sigMouseClicked.connect(self._clicked)
        from PySide6.QtCore import QTimer

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
        self.message = _text(text, anchor=(0.5, 0.5))
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
        self.item.getAxis("bottom").setTicks(None)
        if self.legend is not None:
            self.legend.clear()

    def add_hit(self, hit: Hit) -> None:
        self.hits.append(hit)

    def hit_at(self, scene_pos: QPointF) -> Hit | None:
        """The element under a scene position (points win over bars)."""
        for hit in self.hits:
            if hit.point is not None:
                p = hit.vb.mapViewToScene(hit.point)
                if (p - scene_pos).manhattanLength() <= 12:
                    return hit
        for hit in self.hits:
            if hit.rect is not None and hit.rect.normalized().contains(hit.vb.mapSceneToView(scene_pos)):
                return hit
        return None

    def widget_pos_of(self, hit: Hit):
        """Where a hit is drawn, in the plot widget's own coordinates (for tests and keyboard)."""
        centre = hit.point if hit.point is not None else hit.rect.center()
        return self.plot.mapFromScene(hit.vb.mapViewToScene(centre))

    def _moved(self, pos) -> None:
        hit = self.hit_at(pos)
        if hit is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos(), hit.tip, self.plot)

    def _clicked(self, event) -> None:
        hit = self.hit_at(event.scenePos())
        if hit is not None and hit.key:         # aggregated bars stand for no single row
            self.picked.emit(hit.key)


def _bar(x0: float, x1: float, y0: float, y1: float, colour: str, hollow: bool = False, imported: bool = False):
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


def _text(text: str, colour: str | None = None, anchor=(0.5, 1.0), bold: bool = False, boxed: bool = False):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    p = pg()
    pal = QApplication.palette()
    colour = colour or pal.color(QPalette.ColorRole.Text).name()
    fill = None
    if boxed:
        base = pal.color(QPalette.ColorRole.Base)
        fill = p.mkBrush(base.red(), base.green(), base.blue(), 230)
    item = shifted_text_class()(html=_html(text, colour, bold), anchor=anchor,
                      fill=fill, border=p.mkPen(colour) if boxed else None)
    item.colour, item.bold = colour, bold
    return item


def _html(text: str, colour: str | None = None, bold: bool = False) -> str:
    html = text.replace("&", "&amp;").replace("<", "&lt;")
    if bold:
        html = f"<b>{html}</b>"
    return f"<span style='color:{colour}'>{html}</span>" if colour else html


def _year_ticks(plot: HitPlot, years: list[int]) -> None:
    plot.item.getAxis("bottom").setTicks([[(y, str(y)) for y in years]])
    if years:
        plot.item.setXRange(min(years) - 0.7, max(years) + 0.7, padding=0)


class BilateralChart(HitPlot):
    """Bars of annual volume; reported and computed growth on a right-hand axis."""

    #: how many characters of an event's name its label keeps (the tooltip has it all)
    EVENT_CHARS = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("China–Russia trade by year", parent=parent, legend=True)
        p = pg()
        self.growth_vb = p.ViewBox()
        self.growth_vb.setMouseEnabled(x=False, y=False)
        self.growth_vb.setZValue(100)          # growth line and mismatch flags above the bars
        self.item.showAxis("right")
        self.item.scene().addItem(self.growth_vb)
        self.item.getAxis("right").linkToView(self.growth_vb)
        self.item.getAxis("right").setLabel("growth, % year on year")
        self.growth_vb.setXLink(self.item)
        self.item.vb.sigResized.connect(self._sync)
        self.growth_vb.sigResized.connect(self._layout_timer.start)     # flags live in its pixels
        self.mismatch_labels: list[str] = []
        self.event_items: list = []
        self.event_labels: list = []
        self._value_labels: list = []
        self._notes: list = []
        self._flags: list = []

    def _sync(self) -> None:
        self.growth_vb.setGeometry(self.item.vb.sceneBoundingRect())
        self.growth_vb.linkedViewChanged(self.item.vb, self.growth_vb.XAxis)

    def clear(self) -> None:
        super().clear()
        self.growth_vb.clear()
        self.mismatch_labels = []
        self.event_items = []
        self.event_labels = []
        self._value_labels, self._notes, self._flags = [], [], []
        self._bars_top = 0.0

    def draw(self, data: Bilateral, names: dict[str, str] | None = None) -> None:
        """``names``: a short name for each series (the legend's), by series name."""
        self.clear()
        names = names or {}
        self.item.setLabel("left", f"trade volume, {data.unit}")
        years = sorted({b.figure.year for bars in data.series.values() for b in bars}
                       | {g.year for g in data.growth} | {b.figure.year for b in data.not_converted})
        if not years:
            self.show_message("No China–Russia annual trade figures match the filter.")
            self.finish()
            return
        n = max(1, len(data.series))
        width = 0.6 / n
        top = 0.0
        conflicting = {c.imported.figure.key: c for c in data.conflicts}
        for i, (name, bars) in enumerate(data.series.items()):
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            # an import is drawn apart: hatched, outlined bars beside the documents' solid ones
            imported = data.is_imported(name)
            for b in bars:
                x0 = b.figure.year - 0.3 + i * width
                v = b.converted.value
                self.item.addItem(_bar(x0, x0 + width, 0, v, colour, imported=imported))
                conflict = conflicting.get(b.figure.key)
                label = _text(("≠ " if conflict else "") + _num(v), MISMATCH if conflict else None,
                              anchor=(0.5, 1.0), bold=bool(conflict))
                label.setPos(x0 + width / 2, v)
                self.item.addItem(label)
                self._value_labels.append(label)
                tip = b.figure.hover(b.converted)
                if conflict:
                    tip += (f"\n\nCONFLICT: the curated data gives {_num(conflict.curated.converted.value)} "
                            f"{data.unit} ({conflict.curated.figure.document}).")
                self.add_hit(Hit(self.item.vb, b.figure.key, tip, rect=QRectF(x0, 0, width, v)))
                top = max(top, v)
            sample = _bar(0, 1, 0, 1, colour, imported=imported)
            short = names.get(name, name)
            self.legend.addItem(sample, short if imported else f"volume — {short}")
        self._bars_top = top
        self._draw_not_converted(data, top)
        # bars fill the lower two thirds; the top band holds the mismatch labels
        self.item.setYRange(0, (top or 1) * 1.45, padding=0)
        self._draw_growth(data)
        _year_ticks(self, years)
        self._mark_gaps(years)
        self._sync()
        self._group_labels()
        self.finish()

    def _draw_not_converted(self, data: Bilateral, top: float) -> None:
        """One note per year for the figures that could not be converted (not one per figure)."""
        by_year: dict[int, list[Bar]] = {}
        for b in data.not_converted:
            by_year.setdefault(b.figure.year, []).append(b)
        for year, bars in sorted(by_year.items()):
            notes = sorted({b.converted.note for b in bars if b.converted.note})
            text = f"{year}: " + ("; ".join(notes) if len(notes) == 1 else f"{len(bars)} figures not converted")
            note = _text(text, MISMATCH, anchor=(0.5, 1.0))
            note.setPos(year, 0)
            self.item.addItem(note)
            self._notes.append(note)
            for b in bars:
                self.add_hit(Hit(self.item.vb, b.figure.key, b.figure.hover(b.converted),
                                 rect=QRectF(year - 0.3, 0, 0.6, max(top, 1) * 0.08)))

    def _mark_gaps(self, years: list[int]) -> None:
        """Say so on the axis where years are missing between two drawn years."""
        for a, b in zip(years, years[1:]):
            if b - a > 1:
                span = f"{a + 1}" if b - a == 2 else f"{a + 1}–{b - 1}"
                gap = _text(f"no data {span}", "#7f7f7f", anchor=(0.5, 1.0))
                gap.setPos((a + b) / 2, 0)
                self.item.addItem(gap)
                self._notes.append(gap)

    def layout_labels(self) -> None:
        self._sync()            # the growth overlay's pixels first: flags are placed in them
        super().layout_labels()

    def _group_labels(self) -> None:
        up = (0.0, -1.0, -2.0, -3.0)
        down = tuple(float(k) for k in range(0, 14))
        # event labels only in the band above the highest bar: they never cover a figure
        self.label_groups = [(self._flags, (0.0, 1.0, 2.0, 3.0, -1.0)), (self._value_labels, up),
                             (self._notes, up), (self.event_labels, down, self._bars_top * 1.08)]

    def _draw_growth(self, data: Bilateral) -> None:
        p = pg()
        rep = [(g.year, g.reported) for g in data.growth if g.reported is not None and g.check is not None]
        lone = [(g.year, g.reported) for g in data.growth if g.reported is not None and g.check is None]
        com = [(g.year, g.computed) for g in data.growth if g.computed is not None]
        values = [v for _, v in rep + com + lone]
        if rep:
            line = p.PlotDataItem([x for x, _ in rep], [y for _, y in rep], pen=p.mkPen(REPORTED, width=2),
                                  symbol="o", symbolBrush=REPORTED, symbolSize=8)
            self.growth_vb.addItem(line)
            self.legend.addItem(line, "growth as reported")
        if lone:          # reported where the document gives no volumes to check it against
            dots = p.ScatterPlotItem([x for x, _ in lone], [y for _, y in lone], symbol="d", size=10,
                                     brush=None, pen=p.mkPen(REPORTED, width=2))
            self.growth_vb.addItem(dots)
            self.legend.addItem(dots, "growth reported, no volumes to check")
        if com:
            line = p.PlotDataItem([x for x, _ in com], [y for _, y in com],
                                  pen=p.mkPen(COMPUTED, width=2, style=Qt.PenStyle.DashLine),
                                  symbol="t", symbolBrush=COMPUTED, symbolSize=9)
            self.growth_vb.addItem(line)
            self.legend.addItem(line, "growth computed from volumes")
        for g in data.growth:
            if g.reported is not None and g.figure is not None:
                tip = g.figure.hover()
                if g.check is not None:
                    tip += f"\nComputed from the volumes: {g.check.computed_pct:.2f}%"
                if g.mismatch:
                    tip += (f"\n\nMISMATCH: the document reports {g.reported:.1f}%, but its own volumes "
                            f"({_num(g.check.previous)} → {_num(g.check.value)} {g.check.unit}) give "
                            f"{g.check.computed_pct:.1f}% — {abs(g.check.difference_pp):.1f} points apart.")
                self.add_hit(Hit(self.growth_vb, g.figure.key, tip, point=QPointF(g.year, g.reported)))
            if g.computed is not None and g.check is not None:
                tip = (f"Growth computed for {g.year}: {g.check.computed_pct:.2f}%\n"
                       f"from {_num(g.check.previous)} → {_num(g.check.value)} {g.check.unit}")
                self.add_hit(Hit(self.growth_vb, g.check.value_id, tip, point=QPointF(g.year, g.computed)))
        g_top = 1.0
        if values:
            lo, hi = min(0.0, *values), max(values)
            g_top = hi * 1.25 + 1
            self.growth_vb.setYRange(lo, g_top, padding=0)
        serious = [g for g in data.growth if g.mismatch and g.check.serious]
        years = [g.year for g in data.growth] or [0]
        for g in data.growth:
            if g.mismatch:
                row = serious.index(g) if g in serious else 0
                edge = "right" if g.year == max(years) else "left" if g.year == min(years) else ""
                self._flag(g, g_top * (0.97 - 0.09 * row), edge)

    def _flag(self, g, label_y: float, edge: str = "") -> None:
        p = pg()
        colour = MISMATCH if g.check.serious else MINOR
        ring = p.ScatterPlotItem([g.year], [g.reported], symbol="o", size=20, brush=None,
                                 pen=p.mkPen(colour, width=3))
        self.growth_vb.addItem(ring)
        self.mismatch_labels.append(g.label())
        if g.check.serious:       # minor ones get the ring, the tooltip and the note below
            # in the top band, one row per mismatch, tied to its point by a dotted line
            leader = p.PlotCurveItem([g.year, g.year], [label_y, g.reported],
                                     pen=p.mkPen(colour, width=1, style=Qt.PenStyle.DotLine))
            self.growth_vb.addItem(leader)
            anchor = ({"right": 0.9, "left": 0.1}.get(edge, 0.5), 0.0)
            label = _text("⚠ " + g.label(), colour, anchor=anchor, bold=True, boxed=True)
            label.setPos(g.year, label_y)
            label.setZValue(10)
            self.growth_vb.addItem(label)
            self._flags.append(label)

    def show_events(self, events: list[tuple[float, str, str]]) -> None:
        """Dashed vertical markers (x in fractional years, label, tooltip), each with a
        short label staggered down from the top where there is room; [] hides them.
        A label with no room is left out; hovering its line tells it in full."""
        p = pg()
        for item in self.event_items:
            self.item.removeItem(item)
        self.hits = [h for h in self.hits if not getattr(h, "event", False)]
        self.event_items, self.event_labels = [], []
        lo, hi = self.item.vb.viewRange()[0]
        y_top = self.item.vb.viewRange()[1][1]
        for x, label, tip in sorted(events):
            line = p.InfiniteLine(pos=x, angle=90, pen=p.mkPen("#7f7f7f", width=1, style=Qt.PenStyle.DashLine))
            self.item.addItem(line)
            right_half = x > (lo + hi) / 2
            text = _text(_event_label(label, self.EVENT_CHARS), "#555555" if not _dark() else "#bbbbbb",
                         anchor=(1.0 if right_half else 0.0, 0.0), boxed=True)
            text.setToolTip(f"{label}\n{tip}".strip())
            text.setPos(x, y_top)
            self.item.addItem(text)
            self.event_items += [line, text]
            self.event_labels.append(text)
            hit = Hit(self.item.vb, "", f"{label}\n{tip}".strip(), rect=QRectF(x - 0.04, 0, 0.08, y_top))
            hit.event = True
            self.add_hit(hit)
        self._group_labels()
        self._layout_timer.start()


#: Commodity codes that stand for every commodity together (UN Comtrade "TOTAL", HS "AG0").
AGGREGATE_CODES = {"TOTAL", "AG0"}


def _is_aggregate(commodity) -> bool:
    return str(commodity or "").strip().upper().rsplit(":", 1)[-1] in AGGREGATE_CODES   # "H5:TOTAL" too


def _commodity_names(conn: sqlite3.Connection, codes: list[str]) -> dict[str, str]:
    """The description an import gave each commodity code (Comtrade's cmdDesc), where it did."""
    names = {}
    for code in codes:
        row = conn.execute("SELECT description FROM main.trade_figures WHERE commodity = ? "
                           "AND description IS NOT NULL AND description != '' LIMIT 1", (code,)).fetchone()
        if row and row[0] and row[0] != code:
            names[code] = row[0]
    return names


def _event_label(label: str, limit: int) -> str:
    """"<name> <event> <date>" in at most ``limit`` characters: the event and its date
    whole, the name cut at the end ("Plan for China-Russia… effective 2018")."""
    parts = label.rsplit(" ", 2)
    if len(label) <= limit or len(parts) < 3:
        return elide_middle(label, limit)
    name, tail = parts[0], " ".join(parts[1:])
    room = limit - len(tail) - 2
    if room < 6:
        return elide_middle(label, limit)
    return name[:room].rstrip() + "… " + tail


def _dark() -> bool:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    return QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


class SeriesChart(HitPlot):
    """Imported monthly series, summed by year in SQL: stacked bars of the largest
    reporters and the rest, on a scale of their own (a million imported rows can sum
    to ten times the bilateral totals, which would flatten or clip one another)."""

    TOP = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Imported monthly series, summed by year", parent=parent, legend=True)

    def draw(self, rows: list[tuple], unit: str, rates: Rates, names: dict[str, str]) -> str:
        """rows: (year, reporter, unit, sum, months) from trade_series.monthly_rollup;
        returns the unit drawn."""
        from explorer.data.units import TARGETS, convert

        self.clear()
        target = unit if unit in TARGETS else "USD bn"
        self.item.setLabel("left", f"imported values, {target}")
        totals: dict[tuple[int, str], float] = {}
        months: dict[tuple[int, str], int] = {}
        for year, reporter, src_unit, total, n in rows:
            c = convert(total, src_unit, str(year), target, rates)
            if c.ok and str(year).isdigit():
                k = (int(year), reporter)
                totals[k] = totals.get(k, 0.0) + c.value
                months[k] = months.get(k, 0) + n
        by_reporter: dict[str, float] = {}
        for (_y, r), v in totals.items():
            by_reporter[r] = by_reporter.get(r, 0.0) + v
        top = sorted(by_reporter, key=by_reporter.get, reverse=True)[:self.TOP]
        rest = len(by_reporter) - len(top)
        groups = [(r, names.get(r) or r or "no reporter") for r in top]
        if rest:
            groups.append((None, f"{rest} other reporter{'s' if rest > 1 else ''}"))
        years = sorted({y for y, _ in totals})
        highest = 0.0
        for i, (reporter, label) in enumerate(groups):
            colour = SERIES_COLOURS[(i + 3) % len(SERIES_COLOURS)]
            x0s, y0s, heights = [], [], []
            for year in years:
                base = sum(self._value(totals, year, r) for r, _ in groups[:i])
                v = self._value(totals, year, reporter, top)
                if v:
                    x0s.append(year - 0.35)
                    y0s.append(base)
                    heights.append(v)
                    n = (months.get((year, reporter), 0) if reporter is not None else
                         sum(m for (y, r), m in months.items() if y == year and r not in top))
                    self.add_hit(Hit(self.item.vb, "", f"{year} · {label}: {_num(v)} {target}\n"
                                     f"{n:,} imported monthly values, summed in the database",
                                     rect=QRectF(year - 0.35, base, 0.7, v)))
                    highest = max(highest, base + v)
            bars = pg().BarGraphItem(x0=x0s, width=0.7, y0=y0s, height=heights,
                                     brush=pg().mkBrush(colour), pen=pg().mkPen(QColor(colour).darker(130)))
            self.item.addItem(bars)
            self.legend.addItem(bars, label[:40])
        if not years:
            self.show_message("No imported monthly figures match the filter.")
        else:
            self.item.setYRange(0, (highest or 1) * 1.1, padding=0)
            _year_ticks(self, years)
        self.finish()
        return target

    @staticmethod
    def _value(totals: dict, year: int, reporter: str | None, top: list | None = None) -> float:
        if reporter is not None:
            return totals.get((year, reporter), 0.0)
        return sum(v for (y, r), v in totals.items() if y == year and r not in (top or []))


class CommodityChart(HitPlot):
    """Imported commodity figures, summed by year in SQL: stacked bars of the N
    largest commodities and the rest ("other"), each segment hovering its value
    and the year's total."""

    TOP = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Top commodities by year (imported, summed in the database)", parent=parent, legend=True)
        self.stack = None

    def draw(self, stack, names: dict[str, str] | None = None) -> str:
        """stack: a trade_series.CommodityStack; ``names`` a description for each commodity
        code (the legend says "27 Mineral fuels…", not "27"). Returns the unit drawn."""
        names = names or {}
        self.clear()
        self.stack = stack
        self.item.setLabel("left", f"imported values, {stack.unit}")
        highest = 0.0
        for i, (label, by_year) in enumerate(stack.groups):
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            x0s, y0s, heights = [], [], []
            for year in stack.years:
                base = sum(g.get(year, 0.0) for _l, g in stack.groups[:i])
                v = by_year.get(year, 0.0)
                if v:
                    x0s.append(year - 0.35)
                    y0s.append(base)
                    heights.append(v)
                    self.add_hit(Hit(self.item.vb, "", f"{year} · {label}"
                                     f"{' ' + names[label] if label in names else ''}: {_num(v)} {stack.unit}\n"
                                     f"{year} total: {_num(stack.total(year))} {stack.unit} "
                                     f"({stack.rows.get(year, 0):,} imported rows, summed in the database)",
                                     rect=QRectF(year - 0.35, base, 0.7, v)))
                    highest = max(highest, base + v)
            bars = pg().BarGraphItem(x0=x0s, width=0.7, y0=y0s, height=heights,
                                     brush=pg().mkBrush(colour), pen=pg().mkPen(QColor(colour).darker(130)))
            self.item.addItem(bars)
            name = f"{label} {names[label]}" if names.get(label) else label
            self.legend.addItem(bars, elide_middle(name, 44))
        if not stack.years:
            self.show_message("No imported commodity figures match the filter.")
        else:
            self.item.setYRange(0, (highest or 1) * 1.1, padding=0)
            _year_ticks(self, stack.years)
        self.finish()
        return stack.unit


class TargetsChart(HitPlot):
    """Actual figures as filled bars; targets and forecasts hollow and dashed at their target
    year. Bars of one year stand side by side (a target and a forecast for the same year
    never hide each other), each labelled with its value and, for a goal, its status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Targets and forecasts against actuals", parent=parent, legend=True)

    def draw(self, unit: str, groups: list[TargetGroup], failed: list[Bar]) -> None:
        self.clear()
        self.item.setLabel("left", unit)
        slots: dict[int, list[tuple[int, Bar, bool]]] = {}
        for i, group in enumerate(groups):
            for b in group.actuals + group.targets:
                slots.setdefault(b.figure.year, []).append((i, b, b in group.targets))
        if not slots:
            self.show_message("No targets or forecasts match the filter.")
            self.finish()
            return
        top = 0.0
        labels = []
        for year, bars in slots.items():
            width = 0.8 / len(bars)
            for k, (i, b, hollow) in enumerate(bars):
                colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
                x0 = year - 0.4 + k * width
                v = b.converted.value
                self.item.addItem(_bar(x0, x0 + width, 0, v, colour, hollow=hollow, imported=b.figure.imported))
                text = f"{b.figure.status} {_num(v)}" if hollow else _num(v)
                if b.figure.imported:
                    text = "imported " + text
                label = _text(text, colour if hollow else None, anchor=(0.5, 1.0), bold=hollow)
                label.setPos(x0 + width / 2, v)
                self.item.addItem(label)
                labels.append(label)
                self.add_hit(Hit(self.item.vb, b.figure.key, b.figure.hover(b.converted),
                                 rect=QRectF(x0, 0, width, v)))
                top = max(top, v)
        for i, group in enumerate(groups):
            self.legend.addItem(_bar(0, 1, 0, 1, SERIES_COLOURS[i % len(SERIES_COLOURS)]), group.who)
        grey = SERIES_COLOURS[7]
        self.legend.addItem(_bar(0, 1, 0, 1, grey), "solid: actual")
        self.legend.addItem(_bar(0, 1, 0, 1, grey, hollow=True), "dashed: target / forecast")
        self.item.setYRange(0, (top or 1) * 1.35, padding=0)
        years = sorted(slots)
        _year_ticks(self, years)
        self.label_groups = [(labels, (0.0, -1.0, -2.0, -3.0))]
        self.finish()


class HBarChart(HitPlot):
    """Horizontal bars, each with its label on the line above it, inside the plot (cut
    with "…" to the width, the whole text in the tooltip)."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent=parent)
        self._labels: list = []

    @staticmethod
    def label_of(f: Figure) -> str:
        what = f.description or f.measure
        bits = [f"{_num(f.value)} {f.unit or ''}".strip() + f" — {f.who}: {what}"]
        if f.period:
            bits.append(f"({f.period})")
        if f.imported:
            bits.append(f"— {f.series_name}")
        return " ".join(bits)

    def draw(self, rows: list[tuple[Figure, float, str]], unit: str, colour: str) -> None:
        """rows: (figure, value to draw, hover text)."""
        self.clear()
        self._labels = []
        self.item.setLabel("bottom", unit)
        self.item.hideAxis("left")
        if not rows:
            self.show_message("No figures of this kind match the filter.")
            self.finish()
            return
        n = len(rows)
        top = max([v for _, v, _ in rows] + [1.0])
        for idx, (f, v, tip) in enumerate(rows):
            y = n - 1 - idx
            # the bar in the lower part of its row, its label just above it in the same row
            self.item.addItem(_bar(0, v, y - 0.42, y - 0.06, colour, imported=f.imported))
            full = self.label_of(f)
            label = _text(full, anchor=(0, 1.0))
            label.full_text = full
            label.setToolTip(full)
            label.setPos(0, y - 0.02)
            self.item.addItem(label)
            self._labels.append(label)
            self.add_hit(Hit(self.item.vb, f.key, tip, rect=QRectF(0, y - 0.42, v, 0.36)))
        self.item.setYRange(-0.5, n - 0.5, padding=0)
        self.item.setXRange(0, top * 1.05, padding=0)
        self.label_groups = [(self._labels, (0.0,))]
        self.finish()

    def layout_labels(self) -> None:
        """Cut each label to the plot's width first, then keep them apart."""
        from PySide6.QtGui import QFontMetrics

        room = self.item.vb.width() - 12
        for label in self._labels:
            fm = QFontMetrics(label.textItem.font())
            text = fm.elidedText(label.full_text, Qt.TextElideMode.ElideRight, max(int(room), 40))
            if text != label.textItem.toPlainText():
                label.setHtml(_html(text, label.colour, label.bold))
        super().layout_labels()


class TradeCharts(QWidget):
    """The three charts in tabs, so each is legible at 1280×800."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bilateral = BilateralChart()
        self.targets = TargetsChart()
        self.shares = HBarChart("Shares (%)")
        self.regional = HBarChart("Regional and other figures")
        self.series = SeriesChart()
        self.commodities = CommodityChart()
        both = QWidget()
        row = QHBoxLayout(both)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.shares, 1)
        row.addWidget(self.regional, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("trade-chart-tabs")
        self.tabs.addTab(self.bilateral, "Bilateral by year")
        self.tabs.addTab(self.targets, "Targets vs actuals")
        self.tabs.addTab(both, "Regional && shares")
        self.tabs.addTab(self.series, "Imported series")
        self.tabs.setTabVisible(3, False)               # shown once imported monthly series exist
        self.tabs.addTab(self.commodities, "Top commodities")
        self.tabs.setTabVisible(4, False)               # shown once imported rows carry a commodity
        self.tabs.currentChanged.connect(self._tab_changed)
        self._commodity_args: tuple | None = None       # drawn when its tab is shown (slow sum pending)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        for chart in (self.bilateral, self.targets, self.shares, self.regional, self.series, self.commodities):
            chart.picked.connect(self.picked)
        self.plotted: dict[int, list[Figure]] = {}      # tab -> figures drawn (for citations)
        self.units: dict[int, str] = {}
        self._checks: list = []
        self._checks_key: tuple | None = None
        self._worker: _SeriesWorker | None = None
        self._series_args: tuple = ()

    def update(self, conn: sqlite3.Connection, flt: Filter, unit: str, rates: Rates,
               events: bool = False) -> None:
        """Redraw every chart for the filtered rows, in the chosen unit."""
        figures = ts.fetch_figures(conn, flt)
        checks = self._growth_checks(conn)
        data = ts.bilateral(figures, checks, unit, rates)
        self.bilateral.draw(data, self._short_names(conn, data))
        self.bilateral.show_events(ts.events(conn, data) if events else [])
        s_unit = self._update_series(conn, flt, data.unit, rates)
        t_unit, groups, failed = ts.targets_vs_actuals(figures, unit, rates)
        self.targets.draw(t_unit, groups, failed)
        share_rows = ts.shares(figures)
        self.shares.draw([(f, f.value, f.hover()) for f in share_rows], "%", SERIES_COLOURS[2])
        r_unit, regional = ts.regional(figures, unit, rates)
        self.regional.draw([(b.figure, b.converted.value, b.figure.hover(b.converted))
                            for b in regional if b.converted.ok], r_unit, SERIES_COLOURS[0])
        self.plotted = {
            0: [b.figure for bars in data.series.values() for b in bars] + [g.figure for g in data.growth if g.figure],
            1: [b.figure for g in groups for b in g.actuals + g.targets],
            2: share_rows + [b.figure for b in regional],
            3: [],
            4: [],
        }
        self.units = {0: data.unit, 1: t_unit, 2: r_unit, 3: s_unit, 4: self._update_commodities(conn, flt, unit, rates)}
        self._follow_filter()
        self.note.setText(self._note(data, failed + [b for b in regional if not b.converted.ok], rates, unit,
                                     ts.conflicts_with_curated(figures)))

    def _follow_filter(self) -> None:
        """When the filter empties the chart shown, show the first chart that still has figures."""
        current = self.tabs.currentIndex()
        if self.plotted.get(current) or current in (3, 4):
            return
        for index in range(3):
            if self.plotted.get(index) and self.tabs.isTabVisible(index):
                self.tabs.setCurrentIndex(index)
                return

    @staticmethod
    def _short_names(conn: sqlite3.Connection, data: Bilateral) -> dict[str, str]:
        """A legend name for each document's series: its publisher and year ("The Arctic
        Institute, 2025"), whole, rather than a long title cut mid-word."""
        import re

        names = {}
        for name, bars in data.series.items():
            f = bars[0].figure
            if f.imported or not f.doc_id:
                continue
            row = conn.execute("SELECT publisher, published FROM all_documents WHERE doc_id = ?",
                               (f.doc_id,)).fetchone()
            publisher = re.sub(r"\s*\(.*?\)|;.*", "", (row[0] or "") if row else "").strip()
            if publisher:
                year = str(row[1] or "")[:4]
                names[name] = f"{publisher}, {year}" if year.isdigit() else publisher
        return names

    def _update_series(self, conn: sqlite3.Connection, flt: Filter, unit: str, rates: Rates) -> str:
        """Imported monthly series: from the rollup table at once, or — when the
        rows themselves must be summed (free text, a stale rollup) on a big
        table — in a thread, drawn when done; typing on interrupts it."""
        if self._worker is None:
            self._worker = _SeriesWorker(conn)
            self._worker.done.connect(self._series_done)
        self._worker.cancel()
        self._series_args = (conn, unit, rates)
        if ts.rollup_is_quick(conn, flt) or not is_big(conn, TRADE):
            self._worker.gen += 1                       # a result still on its way is stale
            return self._draw_series(ts.monthly_rollup(conn, flt))
        self.series.item.setTitle("Imported monthly series, summed by year — summing the imported rows…")
        self._worker.start(flt)
        return self.units.get(3, unit)

    def _update_commodities(self, conn: sqlite3.Connection, flt: Filter, unit: str, rates: Rates) -> str:
        """The top-N stacked view, when imported rows carry a commodity: summed at once
        from the rollup (or a small table); a big table's exact GROUP BY waits until
        its tab is shown, so other charts never wait for it."""
        if not ts.has_commodities(conn):
            self._commodity_args = None
            self.tabs.setTabVisible(4, False)
            return self.units.get(4, unit)
        self.tabs.setTabVisible(4, True)
        self._commodity_args = (conn, flt, unit, rates)
        if self.tabs.currentIndex() == 4 or ts.commodity_rollup_is_quick(conn, flt) or not is_big(conn, TRADE):
            return self._draw_commodities()
        self.commodities.clear()
        self.commodities.item.setTitle("Top commodities by year — shown when this tab is opened")
        return self.units.get(4, unit)

    def _draw_commodities(self) -> str:
        if self._commodity_args is None:
            return ""
        conn, flt, unit, rates = self._commodity_args
        self._commodity_args = None
        rows = ts.commodity_rollup(conn, flt)
        # an "all commodities" row (Comtrade's TOTAL) is the sum of the others: stacked on
        # them it would count everything twice
        parts = [r for r in rows if not _is_aggregate(r[1])]
        title = "Top commodities by year (imported, summed in the database)"
        if len(parts) < len(rows):
            title += " — the TOTAL row left out, it sums the others"
        self.commodities.item.setTitle(title)
        stack = ts.commodity_stack(parts, unit, rates, self.commodities.TOP)
        return self.commodities.draw(stack, _commodity_names(conn, [c for c, _g in stack.groups]))

    def _tab_changed(self, index: int) -> None:
        if index == 4 and self._commodity_args is not None:
            self.units[4] = self._draw_commodities()

    def _series_done(self, gen: int, rows) -> None:
        if self._worker is None or gen != self._worker.gen or rows is None:
            return              # superseded, or interrupted
        self.units[3] = self._draw_series(rows)

    def _draw_series(self, rows: list[tuple]) -> str:
        conn, unit, rates = self._series_args
        self.series.item.setTitle("Imported monthly series, summed by year")
        drawn = self.series.draw(rows, unit, rates, self._place_names(conn) if rows else {})
        self.tabs.setTabVisible(3, bool(rows))
        return drawn

    @staticmethod
    def _place_names(conn: sqlite3.Connection) -> dict[str, str]:
        return dict(conn.execute("SELECT place_id, name_en FROM all_places WHERE name_en IS NOT NULL"))

    def _growth_checks(self, conn: sqlite3.Connection) -> list:
        """Growth checks of every annual series, re-read only when the data changed:
        they do not depend on the filter, and the query joins the all_trade_figures
        view to itself (~175 ms a filter change with 1M imported rows)."""
        # data_version moves when another connection commits; total_changes when this one writes
        key = (id(conn), conn.execute("PRAGMA main.data_version").fetchone()[0], conn.total_changes)
        if self._checks_key != key:
            self._checks = growth_checks(conn)
            self._checks_key = key
        return self._checks

    @staticmethod
    def _note(data: Bilateral, failed: list[Bar], rates: Rates, unit: str,
              conflicts: list[tuple[Figure, Figure]] = ()) -> str:
        bits = []
        mism = [g for g in data.growth if g.mismatch]
        if mism:
            bits.append("Growth mismatch: " + "; ".join(f"{g.year} {g.label()}" for g in mism) + ".")
        charted = {c.imported.figure.key for c in data.conflicts}
        others = [f"{i.who} {i.measure} {i.period}: imported {_num(i.value)} vs curated {_num(c.value)} "
                  f"{i.unit or ''} ({i.source_file})" for i, c in conflicts if i.key not in charted]
        if data.conflicts or others:
            bits.append("Conflict with the curated data: "
                        + "; ".join([c.label(data.unit) for c in data.conflicts] + others) + ".")
        missing = sorted({b.converted.note for b in data.not_converted + failed if b.converted.note})
        if missing:
            bits.append("Not converted: " + "; ".join(missing) + ".")
        # only the rates the drawn bars were converted with, each publisher named once
        used = [r for bars in data.series.values() for b in bars for r in b.converted.rates]
        if used:
            bits.append(rates_note(used))
        return "  ".join(bits)

    def current(self) -> QWidget:
        return self.tabs.currentWidget()

    def set_corner(self, widget: QWidget) -> None:
        self.tabs.setCornerWidget(widget, Qt.Corner.TopRightCorner)


class _SeriesState:
    """What the summing thread shares with the UI thread (no Qt object)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.conns: set = set()

    def interrupt(self) -> None:
        with self.lock:
            for conn in self.conns:
                try:
                    conn.interrupt()
                except sqlite3.Error:
                    pass


class _SeriesWorker(QObject):
    """Sums imported monthly series in a thread with its own read-only connection."""

    done = Signal(int, object)          # generation, rows (None when interrupted or failed)

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__()
        self._files = _files_of(conn)
        self._state = _SeriesState()
        self.gen = 0
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel)        # no sum left running into interpreter exit

    def start(self, flt: Filter) -> None:
        self.gen += 1
        threading.Thread(target=_sum_series, args=(self._state, self._files, self.gen, flt, weakref.ref(self)),
                         name="amur-trade-series", daemon=True).start()

    def cancel(self) -> None:
        self._state.interrupt()


def _sum_series(state: _SeriesState, files: dict, gen: int, flt: Filter, owner) -> None:
    conn = None
    try:
        conn = _connect_like(files)
        with state.lock:
            state.conns.add(conn)
        rows = ts.monthly_rollup(conn, flt)
    except Exception:                   # noqa: BLE001 — interrupted (newer filter) or failed
        rows = None
    finally:
        if conn is not None:
            with state.lock:
                state.conns.discard(conn)
            conn.close()
    target = owner()
    if target is not None:
        try:
            target.done.emit(gen, rows)
        except RuntimeError:            # the charts went away
            pass
