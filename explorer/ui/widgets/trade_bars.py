"""The Trade pane's bar charts of single figures: targets and forecasts against
actuals, and horizontal bars (shares, regional figures). They draw what
:class:`explorer.data.trade_view.TradeView` gives; they read nothing."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QWidget

from explorer.data.trade_types import Bar, Figure, HBarView, RecordedMark, TargetGroup, num
from explorer.ui.widgets.plot import (SERIES_COLOURS, SEVERITY_COLOURS, Hit, HitPlot, bar_item, html_text,
                                      text_item, year_ticks)


def _with_mark(tip: str, mark: RecordedMark | None) -> str:
    return mark.on(tip) if mark else tip


class TargetsChart(HitPlot):
    """Actual figures as filled bars; targets and forecasts hollow and dashed at their target
    year. Bars of one year stand side by side (a target and a forecast for the same year
    never hide each other), each labelled with its value and, for a goal, its status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Targets and forecasts against actuals", parent=parent, legend=True)

    def draw(self, unit: str, groups: tuple[TargetGroup, ...] | list[TargetGroup],
             marks: dict[str, RecordedMark] | None = None) -> None:
        """``marks``: the rows in a recorded conflict (their labels carry a ⚠)."""
        self.clear()
        marks = marks or {}
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
                self.item.addItem(bar_item(x0, x0 + width, 0, v, colour, hollow=hollow, imported=b.figure.imported))
                text = f"{b.figure.status} {num(v)}" if hollow else num(v)
                if b.figure.imported:
                    text = "imported " + text
                mark = marks.get(b.figure.key)
                if mark:
                    text = "⚠ " + text
                label = text_item(text, SEVERITY_COLOURS.get(mark.severity) if mark else colour if hollow else None,
                                  anchor=(0.5, 1.0), bold=hollow or bool(mark))
                label.setPos(x0 + width / 2, v)
                self.item.addItem(label)
                labels.append(label)
                if mark:
                    self.marked_items.append(label)
                self.add_hit(Hit(self.item.vb, b.figure.key, _with_mark(b.figure.hover(b.converted), mark),
                                 rect=QRectF(x0, 0, width, v), mark=mark.severity if mark else None))
                top = max(top, v)
        for i, group in enumerate(groups):
            self.legend.addItem(bar_item(0, 1, 0, 1, SERIES_COLOURS[i % len(SERIES_COLOURS)]), group.who)
        grey = SERIES_COLOURS[7]
        self.legend.addItem(bar_item(0, 1, 0, 1, grey), "solid: actual")
        self.legend.addItem(bar_item(0, 1, 0, 1, grey, hollow=True), "dashed: target / forecast")
        self.item.setYRange(0, (top or 1) * 1.35, padding=0)
        years = sorted(slots)
        year_ticks(self, years)
        self.label_groups = [(labels, (0.0, -1.0, -2.0, -3.0))]
        self.finish()


class HBarChart(HitPlot):
    """Horizontal bars, each with its label on the line above it, inside the plot (cut
    with "…" to the width, the whole text in the tooltip)."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent=parent)
        self.title = title
        self._labels: list = []

    @staticmethod
    def label_of(f: Figure) -> str:
        what = f.description or f.measure
        bits = [f"{num(f.value)} {f.unit or ''}".strip() + f" — {f.who}: {what}"]
        if f.period:
            bits.append(f"({f.period})")
        if f.imported:
            bits.append(f"— {f.series_name}")
        return " ".join(bits)

    def draw(self, view: HBarView, colour: str, marks: dict[str, RecordedMark] | None = None) -> None:
        """One bar a row of ``view``; ``marks``: the rows in a recorded conflict (⚠)."""
        self.clear()
        marks = marks or {}
        self._labels = []
        rows = [(r.figure, r.value, r.tip) for r in view.rows]
        unit = view.unit
        self.item.setTitle(self.title + (f"<br><span style='font-size:8pt'>{view.subtitle}</span>"
                                         if view.subtitle else ""))
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
            self.item.addItem(bar_item(0, v, y - 0.42, y - 0.06, colour, imported=f.imported))
            mark = marks.get(f.key)
            full = ("⚠ " if mark else "") + self.label_of(f)
            label = text_item(full, SEVERITY_COLOURS.get(mark.severity) if mark else None, anchor=(0, 1.0),
                              bold=bool(mark))
            if mark:
                self.marked_items.append(label)
            label.full_text = full
            label.setToolTip(full)
            label.setPos(0, y - 0.02)
            self.item.addItem(label)
            self._labels.append(label)
            self.add_hit(Hit(self.item.vb, f.key, _with_mark(tip, mark), rect=QRectF(0, y - 0.42, v, 0.36),
                             mark=mark.severity if mark else None))
        # the top row's label sits above its bar: room for it inside the plot
        self.item.setYRange(-0.5, n + 0.1, padding=0)
        self.item.setXRange(0, top * 1.05, padding=0)
        self.label_groups = [(self._labels, (0.0,))]
        self.finish()

    def layout_labels(self) -> None:
        """Cut each label to the plot's width first, then keep them apart."""
        from PySide6.QtGui import QFont, QFontMetrics

        room = self.item.vb.width() - 12
        for label in self._labels:
            font = QFont(label.textItem.font())
            font.setBold(label.bold)        # a marked label is drawn bold: cut it to its bold width
            fm = QFontMetrics(font)
            text = fm.elidedText(label.full_text, Qt.TextElideMode.ElideRight, max(int(room), 40))
            if text != label.textItem.toPlainText():
                label.setHtml(html_text(text, label.colour, label.bold))
        super().layout_labels()
