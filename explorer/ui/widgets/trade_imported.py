"""The Trade pane's charts of imported series, summed in the database: the
monthly series at month precision (one line per reporter, partner, flow and
file) and the top commodities stacked by year. They draw what
:mod:`explorer.data.trade_view` gives; they read nothing."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from explorer.data.trade_types import CommodityView, MonthlyView, num
from explorer.ui.widgets.plot import SERIES_COLOURS, Hit, HitPlot, pg, year_ticks
from explorer.ui.widgets.text_layout import elide_middle

#: A series of up to this many months is drawn with a dot a month.
DOTS_UP_TO = 36
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _LazyHits:
    """Hover targets built when something first reads ``hits`` (a redraw sets ``_hits_of`` to
    its view instead of building a target per month or segment that may never be hovered)."""

    #: the view whose hover targets are not built yet
    _hits_of = None

    def _hits_for(self, view) -> list[Hit]:
        raise NotImplementedError

    @property
    def hits(self) -> list[Hit]:
        if self._hits_of is not None:
            view, self._hits_of = self._hits_of, None
            self._hits.extend(self._hits_for(view))
        return self._hits

    @hits.setter
    def hits(self, value: list[Hit]) -> None:
        self._hits, self._hits_of = value, None


class MonthlyChart(_LazyHits, HitPlot):
    """Imported monthly series, one line per series at month precision (a point a
    month, never yearly sums), on a scale of their own.

    A facet change redraws it with new data and, most often, as many lines: the
    curves and legend labels are then kept and given the new values (building
    them anew and re-laying the legend out was most of a redraw), and the
    per-month hover targets are built only when something asks for them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Imported monthly series", parent=parent, legend=True)   # sets hits = []
        self.view: MonthlyView | None = None
        self.curves: list = []                      # one PlotDataItem per line drawn, in order

    def _hits_for(self, view: MonthlyView) -> list[Hit]:
        return _month_hits(self.item.vb, view)

    def clear(self) -> None:
        self._hits_of = None
        self.curves = []
        super().clear()

    def show_pending(self) -> None:
        self._set_title("Imported monthly series — summing the imported rows…")

    def show_failure(self, message: str) -> None:
        self.clear()
        self._set_title("Imported monthly series")
        self.show_message(f"The monthly series could not be summed: {message}")
        self.finish()

    def draw(self, view: MonthlyView) -> str:
        """Returns the unit drawn."""
        if len(view.lines) == len(self.curves) and self.message is None:
            self._forget_marks()
        else:
            self.clear()
        self.view = view
        self._set_title("Imported monthly series" + (f" (the {len(view.lines)} largest; "
                                                     f"{view.more} more not drawn)" if view.more else ""))
        if self.item.getAxis("left").labelText != view.unit:
            self.item.setLabel("left", view.unit)
        lo, hi, highest = float("inf"), float("-inf"), 0.0
        for i, line in enumerate(view.lines):
            x = [pt.x for pt in line.points]
            y = [pt.value for pt in line.points]
            self._draw_line(i, x, y, elide_middle(line.label, 60))
            if x:
                lo, hi, highest = min(lo, *x), max(hi, *x), max(highest, *y)
        self._hits_of = view if view.lines else None
        if lo > hi:
            self.show_message("No imported monthly figures match the filter.")
        else:
            _month_ticks(self, lo, hi)
            # both ranges at once: each set alone re-lays the axes and curves out
            self.item.setRange(xRange=(lo - 1 / 12.0, hi + 1 / 12.0), yRange=(0, (highest or 1) * 1.1), padding=0)
        self.finish()
        return view.unit

    def _set_title(self, title: str) -> None:
        if self.item.titleLabel.text != title:
            self.item.setTitle(title)

    def _forget_marks(self) -> None:
        """What a draw replaces besides the curves themselves (no message is shown)."""
        self._hits.clear()
        self._hits_of = None
        self.label_groups = []
        self.marked_items = []

    def _draw_line(self, i: int, x: list[float], y: list[float], label: str) -> None:
        """Line ``i``: the kept curve given new values, or a new curve and legend entry."""
        colour = SERIES_COLOURS[(i + 3) % len(SERIES_COLOURS)]
        # a dot a month while the dots stay apart; a long series is a line (hover still finds each month)
        dots = len(x) <= DOTS_UP_TO
        if i < len(self.curves):
            curve = self.curves[i]
            if dots == (curve.opts["symbol"] is not None):
                curve.setData(x, y)
            else:
                curve.setData(x, y, **_line_style(colour, dots))
            _sample, legend_label = self.legend.items[i]
            if legend_label.text != label:
                legend_label.setText(label)
            return
        curve = pg().PlotDataItem(x, y, pen=pg().mkPen(colour, width=2), **_line_style(colour, dots))
        self.item.addItem(curve)
        self.legend.addItem(curve, label)
        self.curves.append(curve)


def _line_style(colour: str, dots: bool) -> dict:
    if not dots:
        return {"symbol": None}
    return {"symbol": "o", "symbolSize": 5, "symbolBrush": colour,
            "symbolPen": pg().mkPen(QColor(colour).darker(130))}


def _month_hits(vb, view: MonthlyView) -> list[Hit]:
    """A hover target per month drawn: its month, series, value and how many imported rows it sums."""
    hits = []
    for line in view.lines:
        for pt in line.points:
            tip = (f"{_month_name(pt.period)} · {line.label}\n{num(pt.value)} {view.unit}\n"
                   f"{pt.rows:,} imported value{'s' if pt.rows != 1 else ''}, summed in the database")
            hits.append(Hit(vb, "", tip + (f"\n({pt.note})" if pt.note else ""), point=QPointF(pt.x, pt.value)))
    return hits


def _month_name(period: str) -> str:
    year, month = period.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def _month_ticks(plot: HitPlot, lo: float, hi: float) -> None:
    """Year labels at each January, and month labels between them when the span is short
    (a few years: every quarter; under a year: every month)."""
    first, last = int(lo), int(hi)
    span = hi - lo
    step = 1 if span < 1.2 else 3 if span < 3.5 else 12
    major, minor = [], []
    for year in range(first, last + 1):
        major.append((year, str(year)))
        for month in range(1 + step, 13, step) if step < 12 else ():
            minor.append((year + (month - 1) / 12.0, MONTHS[month - 1]))
    plot.item.getAxis("bottom").setTicks([major, minor])


class CommodityChart(_LazyHits, HitPlot):
    """Imported commodity figures, summed by year in SQL: stacked bars of the N
    largest commodities and the rest ("other"), each segment hovering its value
    and the year's total. An aggregate (TOTAL) is never stacked on its parts;
    the legend names each code by its publisher's description.

    As the monthly chart: a redraw with as many groups keeps the bars and legend
    labels and gives them the new figures; the hover targets are built when read."""

    TITLE = "Top commodities by year (imported, summed in the database)"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.TITLE, parent=parent, legend=True)     # sets hits = []
        self.stack = None
        self.bars: list = []                        # one BarGraphItem per group drawn, in order

    def _hits_for(self, view: CommodityView) -> list[Hit]:
        return _segment_hits(self.item.vb, view)

    def clear(self) -> None:
        self._hits_of = None
        self.bars = []
        super().clear()

    def show_pending(self) -> None:
        self.clear()
        self.stack = None
        self.item.setTitle("Top commodities by year — shown when this tab is opened")

    def show_failure(self, message: str) -> None:
        self.clear()
        self.item.setTitle(self.TITLE)
        self.show_message(f"The commodities could not be summed: {message}")
        self.finish()

    def draw(self, view: CommodityView) -> str:
        """Returns the unit drawn."""
        stack, names = view.stack, view.names
        if len(stack.groups) == len(self.bars) and self.message is None:
            self._hits.clear()
            self._hits_of = None
            self.label_groups = []
            self.marked_items = []
        else:
            self.clear()
        self.stack = stack
        title = self.TITLE + (" — the TOTAL row left out, it sums the others" if view.aggregates_left_out else "")
        if view.caveat:
            title += f"<br><span style='font-size:8pt'>⚠ {view.caveat}</span>"
        if self.item.titleLabel.text != title:
            self.item.setTitle(title)
        if self.item.getAxis("left").labelText != stack.unit:
            self.item.setLabel("left", stack.unit)
        highest = 0.0
        base = {year: 0.0 for year in stack.years}
        for i, (label, by_year) in enumerate(stack.groups):
            x0s, y0s, heights = [], [], []
            for year in stack.years:
                v = by_year.get(year, 0.0)
                if v:
                    x0s.append(year - 0.35)
                    y0s.append(base[year])
                    heights.append(v)
                    base[year] += v
                    highest = max(highest, base[year])
            self._draw_group(i, x0s, y0s, heights, elide_middle(_group_name(label, names), 44))
        self._hits_of = view if stack.groups else None
        if not stack.years:
            self.show_message(_NOTHING_STACKED_TOTALS_ONLY if view.aggregates_left_out
                              else "No imported commodity figures match the filter.")
        else:
            self.item.setYRange(0, (highest or 1) * 1.1, padding=0)
            year_ticks(self, stack.years)
        self.finish()
        return stack.unit

    def _draw_group(self, i: int, x0s: list[float], y0s: list[float], heights: list[float], label: str) -> None:
        """Group ``i``'s bars: the kept item given new figures, or a new item and legend entry."""
        if i < len(self.bars):
            self.bars[i].setOpts(x0=x0s, y0=y0s, height=heights)
            _sample, legend_label = self.legend.items[i]
            if legend_label.text != label:
                legend_label.setText(label)
            return
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        bars = pg().BarGraphItem(x0=x0s, width=0.7, y0=y0s, height=heights,
                                 brush=pg().mkBrush(colour), pen=pg().mkPen(QColor(colour).darker(130)))
        self.item.addItem(bars)
        self.legend.addItem(bars, label)
        self.bars.append(bars)


def _group_name(label: str, names) -> str:
    return f"{label} {names[label]}" if names.get(label) else label


def _segment_hits(vb, view: CommodityView) -> list[Hit]:
    """A hover target per stacked segment: its year, commodity, value and the year's total."""
    stack, hits = view.stack, []
    base = {year: 0.0 for year in stack.years}
    for label, by_year in stack.groups:
        name = _group_name(label, view.names)
        for year in stack.years:
            v = by_year.get(year, 0.0)
            if v:
                hits.append(Hit(vb, "", f"{year} · {name}: {num(v)} {stack.unit}\n"
                                f"{year} total: {num(stack.total(year))} {stack.unit} "
                                f"({stack.rows.get(year, 0):,} imported rows, summed in the database)",
                                rect=QRectF(year - 0.35, base[year], 0.7, v)))
                base[year] += v
    return hits


#: When every imported figure under the filter is a total of all commodities (Comtrade's
#: TOTAL): blaming the filter would send the analyst looking for one that is not set.
_NOTHING_STACKED_TOTALS_ONLY = ("The imported figures here are totals of all commodities (TOTAL) only:\n"
                                "there are no commodity parts to stack. Bilateral by year shows the totals.")
