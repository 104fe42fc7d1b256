"""The Trade pane's "Bilateral by year" chart: annual China–Russia volumes as
bars (each document a series, each imported file and flow a hatched series of
its own), reported and computed growth on a right-hand axis, mismatch flags,
recorded-conflict marks and, on request, dated events. It draws a
:class:`explorer.data.trade_view.TradeView`; it reads nothing itself."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QWidget

from explorer.data.trade_types import Bar, Bilateral, EventMark, RecordedMark, num
from explorer.ui.widgets.plot import (SERIES_COLOURS, SEVERITY_COLOURS, Hit, HitPlot, bar_item, html_text,
                                      is_dark, pg, text_item, year_ticks)
from explorer.ui.widgets.text_layout import elide_middle, place_labels

MISMATCH = "#d62728"        # a reported rate that does not follow from the volumes
MINOR = "#ff7f0e"           # off by more than rounding, less than a point
REPORTED = "#ff7f0e"
COMPUTED = "#2ca02c"
#: How many characters of an imported series' name its legend entry keeps.
LEGEND_CHARS = 60
#: The rows of event labels, in heights of their text: a boxed label is its text and margins.
EVENT_ROW = 1.5
#: Pixels a boxed label's box takes above and below its text (the box's margins, both labels').
BOX_MARGIN_PX = 8
#: Pixels between two boxed labels side by side.
BOX_GAP_PX = 4
#: Pixels round a growth point (with its ring or square) that no event label covers.
POINT_PX = 20
#: With events shown the bars give this much more of the height (× the highest bar) to their labels.
EVENT_BAND = 0.5


class Kept:
    """Items of one kind kept from draw to draw (creating a pyqtgraph item and adding it to
    the scene is most of a draw's cost, and taking it out again costs nearly as much): a
    draw :meth:`take` s as many as it needs, the last draw's first, new ones only when it
    needs more; :meth:`done` hides the rest, a text emptied (nothing stale left to read)."""

    def __init__(self, view, make) -> None:
        self.view, self.make = view, make
        self.items: list = []           # every item made (all in the plot, the unused hidden)
        self.used = 0                   # how many this draw has taken

    def start(self) -> None:
        self.used = 0

    def take(self):
        if self.used == len(self.items):
            item = self.make()
            self.view.addItem(item)
            self.items.append(item)
        item = self.items[self.used]
        item.setVisible(True)
        self.used += 1
        return item

    def done(self) -> None:
        for item in self.items[self.used:]:
            if item.isVisible():
                item.setVisible(False)
                if hasattr(item, "textItem") and getattr(item, "drawn_as", None) != EMPTY:
                    item.textItem.setPlainText("")      # no last-draw text or colour left behind
                    item.drawn_as = EMPTY

    def in_use(self) -> list:
        return self.items[:self.used]


#: What a hidden kept text item holds.
EMPTY = ("", "", False)


def _show(view, item, on: bool) -> None:
    """``item`` shown in ``view`` or hidden there (added the first time it is shown)."""
    if on and item.getViewBox() is None:
        view.addItem(item)
    if item.getViewBox() is not None:
        item.setVisible(on)


def _retext(item, text: str, colour: str | None = None, anchor=(0.5, 1.0), bold: bool = False,
            boxed: bool = False):
    """A kept text item given a new text, as :func:`text_item` would make it (the palette's
    text colour when ``colour`` is None, looked up now: the theme may have changed)."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    pal = QApplication.palette()
    colour = colour or pal.color(QPalette.ColorRole.Text).name()
    if (text, colour, bold) != getattr(item, "drawn_as", None):
        item.setHtml(html_text(text, colour, bold))
        item.drawn_as = (text, colour, bold)
    item.colour, item.bold = colour, bold
    item.setAnchor(anchor)
    if boxed:
        p = pg()
        base = pal.color(QPalette.ColorRole.Base)
        item.fill = p.mkBrush(base.red(), base.green(), base.blue(), 230)
        item.border = p.mkPen(colour)
    item.setZValue(0)
    item.setToolTip("")
    return item


class BilateralChart(HitPlot):
    """Bars of annual volume; reported and computed growth on a right-hand axis."""

    #: how many characters of an event's name its label keeps (the tooltip has it all)
    EVENT_CHARS = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("China–Russia trade by year", parent=parent, legend=True)
        p = pg()
        # no context menu (the plot's own is off too; a menu costs ~6 ms to build)
        self.growth_vb = p.ViewBox(enableMenu=False)
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
        self.marks: dict[str, RecordedMark] = {}
        self.marked_items: list = []        # the drawn marks of rows in a recorded conflict
        self.event_marked: set[str] = set()     # the event_ids drawn with a conflict mark
        self._label_hits: dict = {}             # an event's label -> its hit
        self._bars_top = 0.0
        # kept from draw to draw: a redraw gives these their new values
        plain_text = lambda: text_item("")                              # noqa: E731
        self._bar_items = Kept(self.item, lambda: p.BarGraphItem(x0=[], x1=[], y0=[], y1=[]))
        self._value_texts = Kept(self.item, plain_text)
        self._note_texts = Kept(self.item, plain_text)
        self._flag_texts = Kept(self.growth_vb, lambda: text_item("", MISMATCH, boxed=True))
        self._reported_line = p.PlotDataItem([], [], pen=p.mkPen(REPORTED, width=2), symbol="o",
                                             symbolBrush=REPORTED, symbolSize=8)
        self._computed_line = p.PlotDataItem([], [], pen=p.mkPen(COMPUTED, width=2, style=Qt.PenStyle.DashLine),
                                             symbol="t", symbolBrush=COMPUTED, symbolSize=9)
        # every growth point's own marker (a reported rate with no volumes: a diamond; a recorded
        # conflict: a square; a mismatch: a ring) in one item, each spot with its own symbol and pen
        self._markers = p.ScatterPlotItem()
        self._lone_sample = p.ScatterPlotItem(symbol="d", size=10, brush=None, pen=p.mkPen(REPORTED, width=2))
        # the serious flags' dotted lines from label to point, all in one item
        self._leaders = p.ErrorBarItem(beam=0, pen=p.mkPen(MISMATCH, width=1, style=Qt.PenStyle.DotLine))
        self._markers.setZValue(1)              # over the lines, whichever a draw adds back first
        self._leaders.setZValue(1)
        self._bar_samples: dict[tuple[str, bool], object] = {}
        self._legend_signature: list = []
        self._message_item = None
        self._unit: str | None = None

    def _sync(self) -> None:
        self.growth_vb.setGeometry(self.item.vb.sceneBoundingRect())
        self.growth_vb.linkedViewChanged(self.item.vb, self.growth_vb.XAxis)

    def clear(self) -> None:
        """Everything off the plot; the kept items wait for the next draw."""
        self._start()
        self._finish_items()
        self._set_legend([])
        self.hits.clear()
        self.label_groups = []
        self.item.getAxis("bottom").setTicks(None)

    def _start(self) -> None:
        """A draw begins: no item taken yet, no hit, mark or event."""
        for item in self.event_items:
            self.item.removeItem(item)
        for kept in (self._bar_items, self._value_texts, self._note_texts, self._flag_texts):
            kept.start()
        if self.message is not None:
            self.message.setVisible(False)
            self.message.textItem.setPlainText("")
            self.message.drawn_as = EMPTY
            self.message = None
        self.hits.clear()
        self.label_groups = []
        self.mismatch_labels = []
        self.event_items = []
        self.event_labels = []
        self.event_marked = set()
        self._label_hits = {}
        self._value_labels, self._notes, self._flags = [], [], []
        self._bars_top = 0.0
        self.marked_items = []
        self._spots: list[dict] = []
        self._leader_xy: tuple[list[float], list[tuple[float, float]]] = ([], [])     # x; (point, up to label)
        self._growth_xy: dict[str, tuple[list, list]] = {"reported": ([], []), "computed": ([], [])}

    def _finish_items(self) -> None:
        """The draw's items shown, the last draw's left over taken out."""
        for kept in (self._bar_items, self._value_texts, self._note_texts, self._flag_texts):
            kept.done()
        for line, key in ((self._reported_line, "reported"), (self._computed_line, "computed")):
            xs, ys = self._growth_xy[key]
            if xs:                      # a hidden one keeps its last data: hidden, it is not read
                line.setData(xs, ys)
            _show(self.growth_vb, line, bool(xs))
        if self._spots:
            self._markers.setData(spots=self._spots)
        _show(self.growth_vb, self._markers, bool(self._spots))
        xs, (ys, tops) = self._leader_xy[0], zip(*self._leader_xy[1]) if self._leader_xy[0] else ((), ())
        if xs:
            self._leaders.setData(x=np.array(xs), y=np.array(ys), top=np.array(tops), bottom=np.zeros(len(xs)))
        _show(self.growth_vb, self._leaders, bool(xs))

    def _set_legend(self, entries: list[tuple[object, str]]) -> None:
        """The legend rebuilt only when its entries changed (a label costs a rich-text layout)."""
        from PySide6.QtGui import QPalette
        from PySide6.QtWidgets import QApplication

        # the labels take the theme's text colour when made: a new theme makes them anew
        signature = [QApplication.palette().color(QPalette.ColorRole.Text).name()] + [
            (id(sample), text) for sample, text in entries]
        if signature == self._legend_signature:
            return
        self.legend.clear()
        for sample, text in entries:
            self.legend.addItem(sample, text)
        self._legend_signature = signature

    def show_message(self, text: str) -> None:
        """A sentence in the middle of the empty plot (the same item every time)."""
        if self._message_item is None:
            self._message_item = text_item(text, anchor=(0.5, 0.5))
            self.item.addItem(self._message_item)
        self.message = _retext(self._message_item, text, anchor=(0.5, 0.5))
        self.message.setVisible(True)
        self.item.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        self.message.setPos(0.5, 0.5)
        self.item.getAxis("bottom").setTicks([[]])
        self.label_groups.append(([self.message], (0.0,)))
        self._layout_timer.start()

    def _bar_sample(self, colour: str, imported: bool):
        """The legend's sample of a series' bars; its pen and brush draw the bars too."""
        key = (colour, imported)
        if key not in self._bar_samples:
            self._bar_samples[key] = bar_item(0, 1, 0, 1, colour, imported=imported)
        return self._bar_samples[key]

    def draw(self, data: Bilateral, names: dict[str, str] | None = None,
             marks: dict[str, RecordedMark] | None = None) -> None:
        """``names``: a short name for each series (the legend's), by series name;
        ``marks``: the rows in a recorded conflict (their bars and points carry a ⚠)."""
        self._start()
        names = names or {}
        self.marks = marks or {}
        if data.unit != self._unit:         # an axis label costs a rich-text layout: only when it changes
            self.item.setLabel("left", f"trade volume, {data.unit}")
            self._unit = data.unit
        years = sorted({b.figure.year for bars in data.series.values() for b in bars}
                       | {g.year for g in data.growth} | {b.figure.year for b in data.not_converted})
        if not years:
            self._finish_items()
            self._set_legend([])
            self.item.getAxis("bottom").setTicks(None)
            self.show_message("No China–Russia annual trade figures match the filter.")
            self.finish()
            return
        legend: list[tuple[object, str]] = []
        top = 0.0
        n = max(1, len(data.series))
        for i, (name, bars) in enumerate(data.series.items()):
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            # an import is drawn apart: hatched, outlined bars beside the documents' solid ones
            imported = data.is_imported(name)
            sample = self._bar_sample(colour, imported)
            top = max(top, self._draw_series(data, i, 0.6 / n, bars, sample))
            short = names.get(name, name)
            legend.append((sample, _imported_legend(short) if imported else f"volume — {short}"))
        self._bars_top = top
        self._draw_not_converted(data, top)
        # bars fill the lower two thirds; the top band holds the mismatch labels
        self.item.setYRange(0, (top or 1) * 1.45, padding=0)
        legend += self._draw_growth(data)
        year_ticks(self, years)
        self._mark_gaps(years)
        self._finish_items()
        self._set_legend(legend)
        self._sync()
        self._group_labels()
        self.finish()

    def _draw_series(self, data: Bilateral, i: int, width: float, bars: list[Bar], sample) -> float:
        """One series' bars (one item), each with its value above it and its hit; its highest bar."""
        conflicting = {c.imported.figure.key: c for c in data.conflicts}
        x0s = [b.figure.year - 0.3 + i * width for b in bars]
        values = [b.converted.value for b in bars]
        self._bar_items.take().setOpts(x0=x0s, x1=[x + width for x in x0s], y0=[0] * len(bars), y1=values,
                                       pen=sample.opts["pen"], brush=sample.opts["brush"])
        for b, x0, v in zip(bars, x0s, values):
            conflict = conflicting.get(b.figure.key)
            mark = self.marks.get(b.figure.key)
            colour_of_label = MISMATCH if conflict else SEVERITY_COLOURS.get(mark.severity) if mark else None
            label = _retext(self._value_texts.take(), ("≠ " if conflict else "") + ("⚠ " if mark else "") + num(v),
                            colour_of_label, anchor=(0.5, 1.0), bold=bool(conflict or mark))
            label.setPos(x0 + width / 2, v)
            self._value_labels.append(label)
            tip = b.figure.hover(b.converted)
            if conflict:
                tip += (f"\n\nCONFLICT: the curated data gives {num(conflict.curated.converted.value)} "
                        f"{data.unit} ({conflict.curated.figure.document}).")
            if mark:
                tip = mark.on(tip)
                self.marked_items.append(label)
            self.add_hit(Hit(self.item.vb, b.figure.key, tip, rect=QRectF(x0, 0, width, v),
                             mark=mark.severity if mark else None))
        return max(values, default=0.0)

    def _draw_not_converted(self, data: Bilateral, top: float) -> None:
        """One note per year for the figures that could not be converted (not one per figure)."""
        by_year: dict[int, list[Bar]] = {}
        for b in data.not_converted:
            by_year.setdefault(b.figure.year, []).append(b)
        for year, bars in sorted(by_year.items()):
            notes = sorted({b.converted.note for b in bars if b.converted.note})
            text = f"{year}: " + ("; ".join(notes) if len(notes) == 1 else f"{len(bars)} figures not converted")
            note = _retext(self._note_texts.take(), text, MISMATCH, anchor=(0.5, 1.0))
            note.setPos(year, 0)
            self._notes.append(note)
            for b in bars:
                self.add_hit(Hit(self.item.vb, b.figure.key, b.figure.hover(b.converted),
                                 rect=QRectF(year - 0.3, 0, 0.6, max(top, 1) * 0.08)))

    def _mark_gaps(self, years: list[int]) -> None:
        """Say so on the axis where years are missing between two drawn years."""
        for a, b in zip(years, years[1:]):
            if b - a > 1:
                span = f"{a + 1}" if b - a == 2 else f"{a + 1}–{b - 1}"
                gap = _retext(self._note_texts.take(), f"no data {span}", "#7f7f7f", anchor=(0.5, 1.0))
                gap.setPos((a + b) / 2, 0)
                self._notes.append(gap)

    def layout_labels(self) -> None:
        self._sync()            # the growth overlay's pixels first: flags are placed in them
        self.hidden_labels = []
        placed: list[QRectF] = []
        for movable, offsets, *floor in self.label_groups:
            if movable is self.event_labels:
                self._place_event_labels(offsets, placed, *floor)
            elif movable is self._value_labels:
                self._place_value_labels(offsets, placed)
            else:
                self.hidden_labels += place_labels(movable, offsets, placed, *floor)

    def _place_value_labels(self, offsets: tuple, placed: list[QRectF]) -> None:
        """A bar's value above it clear of the growth points where it can be (moved up a row
        or two), over a point where it cannot: a bar's figure is never hidden for a point."""
        points = self._point_rects()
        for label in self._value_labels:
            clear = placed + points
            if place_labels([label], offsets, clear):
                self.hidden_labels += place_labels([label], offsets, placed)
            else:
                placed.append(clear[-1])

    def _place_event_labels(self, offsets: tuple, placed: list[QRectF], floor: float) -> None:
        """Each event's label on the side of its line towards the middle, else on the other
        side, else shortened to its event and date ("⚠ … opened 2022-06"); never over a growth
        point. A label with no room at all is hidden (its line's hover tells it)."""
        # the texts placed so far, with room for their box and this one's (margins of ~4 px)
        m = BOX_MARGIN_PX
        placed[:] = [r.adjusted(-m, -m, m, m) for r in placed] + self._point_rects()
        lo, hi = self.item.vb.viewRange()[0]
        for label in self.event_labels:
            towards_middle = 1.0 if label.pos().x() > (lo + hi) / 2 else 0.0
            if not any(self._place_event_label(label, text, side, offsets, placed, floor)
                       for text in label.event_texts for side in (towards_middle, 1.0 - towards_middle)):
                self.hidden_labels.append(label)

    @staticmethod
    def _place_event_label(label, text: str, side: float, offsets: tuple, placed: list[QRectF],
                           floor: float) -> bool:
        label.setHtml(html_text(text, label.colour, label.bold))
        label.setAnchor((side, 0.0))
        if place_labels([label], offsets, placed, floor):
            return False
        # boxes side by side keep their margins apart (rows are a box apart already)
        placed[-1] = placed[-1].adjusted(-BOX_MARGIN_PX - BOX_GAP_PX, 0, BOX_MARGIN_PX + BOX_GAP_PX, 0)
        return True

    def _point_rects(self) -> list[QRectF]:
        """The growth points' markers, in the chart's pixels."""
        half = POINT_PX / 2
        out = []
        for hit in self.hits:
            if hit.point is not None:
                centre = self.plot.mapFromScene(hit.vb.mapViewToScene(hit.point))
                out.append(QRectF(centre.x() - half, centre.y() - half, POINT_PX, POINT_PX))
        return out

    def _group_labels(self) -> None:
        up = (0.0, -1.0, -2.0, -3.0)
        # boxed event labels a box apart (their box is the text and its margins: ~1.5 texts tall)
        down = tuple(EVENT_ROW * k for k in range(0, 14))
        # event labels only in the band above the highest bar: they never cover a figure
        self.label_groups = [(self._flags, (0.0, 1.0, 2.0, 3.0, -1.0)), (self._value_labels, up),
                             (self._notes, up), (self.event_labels, down, self._bars_top * 1.08)]

    def _draw_growth(self, data: Bilateral) -> list[tuple[object, str]]:
        """The growth lines and points, their hits, rings and flags; their legend entries."""
        rep = [(g.year, g.reported) for g in data.growth if g.reported is not None and g.check is not None]
        lone = [(g.year, g.reported) for g in data.growth if g.reported is not None and g.check is None]
        com = [(g.year, g.computed) for g in data.growth if g.computed is not None]
        values = [v for _, v in rep + com + lone]
        legend = []
        if rep:
            self._growth_xy["reported"] = ([x for x, _ in rep], [y for _, y in rep])
            legend.append((self._reported_line, "growth as reported"))
        if lone:          # reported where the document gives no volumes to check it against
            self._spots += [self._spot(x, y, "d", 10, REPORTED, 2) for x, y in lone]
            legend.append((self._lone_sample, "growth reported, no volumes to check"))
        if com:
            self._growth_xy["computed"] = ([x for x, _ in com], [y for _, y in com])
            legend.append((self._computed_line, "growth computed from volumes"))
        for g in data.growth:
            if g.reported is not None and g.figure is not None:
                tip = g.figure.hover()
                if g.check is not None:
                    tip += f"\nComputed from the volumes: {g.check.computed_pct:.2f}%"
                if g.mismatch:
                    tip += (f"\n\nMISMATCH: the document reports {g.reported:.1f}%, but its own volumes "
                            f"({num(g.check.previous)} → {num(g.check.value)} {g.check.unit}) give "
                            f"{g.check.computed_pct:.1f}% — {abs(g.check.difference_pp):.1f} points apart.")
                self._add_growth_hit(g.figure.key, g.year, g.reported, tip)
            if g.computed is not None and g.check is not None:
                tip = (f"Growth computed for {g.year}: {g.check.computed_pct:.2f}%\n"
                       f"from {num(g.check.previous)} → {num(g.check.value)} {g.check.unit}")
                self._add_growth_hit(g.check.value_id, g.year, g.computed, tip)
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
        return legend

    @staticmethod
    def _spot(x: float, y: float, symbol: str, size: int, colour: str, width: int) -> dict:
        """One hollow marker of the growth points' item."""
        p = pg()
        return {"pos": (x, y), "symbol": symbol, "size": size, "brush": p.mkBrush(None),
                "pen": p.mkPen(colour, width=width)}

    def _add_growth_hit(self, key: str, year: float, y: float, tip: str) -> None:
        """A growth point's hover and click target (the row ``key``), with its conflict mark if it has one."""
        mark = self.marks.get(key)
        if mark:
            tip = mark.on(tip)
            self._mark_point(year, y, mark)
        self.add_hit(Hit(self.growth_vb, key, tip, point=QPointF(year, y), mark=mark.severity if mark else None))

    def _mark_point(self, x: float, y: float, mark: RecordedMark) -> None:
        """A square in the severity's colour around a point in a recorded conflict."""
        self._spots.append(self._spot(x, y, "s", 16, SEVERITY_COLOURS.get(mark.severity, MISMATCH), 2))
        if self._markers not in self.marked_items:
            self.marked_items.append(self._markers)

    def _flag(self, g, label_y: float, edge: str = "") -> None:
        colour = MISMATCH if g.check.serious else MINOR
        self._spots.append(self._spot(g.year, g.reported, "o", 20, colour, 3))
        self.mismatch_labels.append(g.label())
        if g.check.serious:       # minor ones get the ring, the tooltip and the note below
            # in the top band, one row per mismatch, tied to its point by a dotted line
            self._leader_xy[0].append(g.year)
            self._leader_xy[1].append((g.reported, label_y - g.reported))
            anchor = ({"right": 0.9, "left": 0.1}.get(edge, 0.5), 0.0)
            label = _retext(self._flag_texts.take(), "⚠ " + g.label(), colour, anchor=anchor, bold=True,
                            boxed=True)
            label.setPos(g.year, label_y)
            label.setZValue(10)
            self._flags.append(label)

    def show_events(self, events: tuple[EventMark, ...] | list[EventMark]) -> None:
        """Dashed vertical markers (x in fractional years, label, tooltip), each with a
        short label staggered down from the top where there is room; [] hides them.
        A label with no room is left out; hovering its line tells it in full. An event a
        recorded conflict names carries the chart's conflict mark (a ⚠ label and line in
        the severity's colour, its label placed first); clicking an event picks its key."""
        for item in self.event_items:
            self.item.removeItem(item)
        self.hits = [h for h in self.hits if not h.event]
        self.marked_items = [i for i in self.marked_items if i not in self.event_items]
        self.event_items, self.event_labels = [], []
        self.event_marked = set()
        self._label_hits = {}
        if self.message is None:        # events shown: a taller band above the bars for their labels
            self.item.setYRange(0, (self._bars_top or 1) * (1.45 + (EVENT_BAND if events else 0)), padding=0)
            if events:                  # and every event's line in sight (one late in the last year)
                lo, hi = self.item.vb.viewRange()[0]
                xs = [e.x for e in events]
                self.item.setXRange(min(lo, min(xs) - 0.15), max(hi, max(xs) + 0.15), padding=0)
        marked, plain = [], []
        for event in _one_per_label(events):
            label = self._draw_event(event)
            (marked if event.mark else plain).append(label)
        self.event_labels = marked + plain          # a marked event's label gets room first
        self._group_labels()
        self._layout_timer.start()

    def _draw_event(self, event: EventMark):
        """One event's line, label and hit; its label."""
        p = pg()
        lo, hi = self.item.vb.viewRange()[0]
        y_top = self.item.vb.viewRange()[1][1]
        mark = event.mark
        grey = "#555555" if not is_dark() else "#bbbbbb"
        colour = SEVERITY_COLOURS.get(mark.severity, MISMATCH) if mark else grey
        line = p.InfiniteLine(pos=event.x, angle=90, pen=p.mkPen(
            colour if mark else "#7f7f7f", width=2 if mark else 1, style=Qt.PenStyle.DashLine))
        self.item.addItem(line)
        right_half = event.x > (lo + hi) / 2
        sign = "⚠ " if mark else ""
        texts = (sign + _event_label(event.label, self.EVENT_CHARS - len(sign)), sign + _event_tail(event.label))
        text = text_item(texts[0], colour, anchor=(1.0 if right_half else 0.0, 0.0), boxed=True, bold=bool(mark))
        text.event_texts = texts            # the label, and the short one where it has no room
        tip = f"{event.label}\n{event.tip}".strip()
        tip = mark.on(tip) if mark else tip
        text.setToolTip(tip)
        text.setPos(event.x, y_top)
        self.item.addItem(text)
        self.event_items += [line, text]
        if mark:
            self.marked_items.append(text)
            self.event_marked.add(event.event_id)
        hit = Hit(self.item.vb, event.key, tip, rect=QRectF(event.x - 0.04, 0, 0.08, y_top),
                  event=True, mark=mark.severity if mark else None)
        self.add_hit(hit)
        self._label_hits[text] = hit
        return text

    def hit_at(self, scene_pos: QPointF) -> Hit | None:
        """An event's label shown under the pointer first: two events of one month share a
        line, their labels stand apart."""
        for label, hit in self._label_hits.items():
            if label.isVisible() and label.sceneBoundingRect().contains(scene_pos):
                return hit
        return super().hit_at(scene_pos)

    def event_label_pos(self, event_id: str):
        """Where an event's label is drawn, in the plot widget's coordinates (tests, keyboard)."""
        label = next(label for label, hit in self._label_hits.items() if hit.key == f"events:{event_id}")
        return self.plot.mapFromScene(label.sceneBoundingRect().center())


def _one_per_label(events) -> list[EventMark]:
    """The events by date, one of those that share a date and label (two documents' records
    of one event): the one a recorded conflict names, if any."""
    out: dict[tuple[float, str], EventMark] = {}
    for event in sorted(events, key=lambda e: (e.x, e.label, e.mark is None)):
        out.setdefault((event.x, event.label), event)
    return list(out.values())


def _event_tail(label: str) -> str:
    """"… opened 2022-06": the event and its date, the name left out (the "…" says so)."""
    parts = label.rsplit(" ", 2)
    return "… " + " ".join(parts[1:]) if len(parts) == 3 else label


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


def _imported_legend(name: str, limit: int = LEGEND_CHARS) -> str:
    """"imported: FILE — China exports to Russia" in at most ``limit`` characters: the flow
    whole, the file name cut in its middle (the hover and the export footer name it whole)."""
    head, sep, flow = name.partition(" — ")
    if len(name) <= limit or not sep:
        return elide_middle(name, limit)
    prefix = "imported: "
    room = limit - len(prefix) - len(sep) - len(flow)
    file = head[len(prefix):] if head.startswith(prefix) else head
    return f"{prefix}{elide_middle(file, max(room, 12))}{sep}{flow}"
