"""The Indicators pane's chart: one line per series, one stacked plot (one y
axis) per unit and price basis, so that no two units ever share an axis;
the x axes are linked. It draws an IndicatorChart and nothing else.

Imported only from ``IndicatorsPane.build_deferred`` (after first paint).
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from explorer.data.formatting import format_number
from explorer.data.indicators import IndicatorChart, IndicatorPoint, IndicatorSeries
from explorer.ui.widgets.export_sheet import ChartArea, ExportSheet
from explorer.ui.widgets.institutions.year_axis import YearAxis
from explorer.ui.widgets.plot import SERIES_COLOURS, Hit, HitHover, pg

_SCALES = ((1e12, "trn"), (1e9, "bn"), (1e6, "mn"))


def compact_number(value: float) -> str:
    """An axis tick a reader takes in at a glance: 1.2e13 -> '12 trn', 3.5e9 -> '3.5 bn', 42.5 -> '42.5'."""
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{value / scale:,.4g} {word}"
    return f"{value:,.6g}"


def point_tip(series: IndicatorSeries, point: IndicatorPoint) -> str:
    """What hovering a point shows: the series, its period and its value in its unit."""
    unit = " ".join(u for u in (series.unit, series.price_basis and f"({series.price_basis})") if u)
    source = f"\n{series.publisher}" if series.publisher else ""
    return f"{series.label}\n{point.period}: {format_number(point.value)} {unit}".rstrip() + source


def _axis_class():
    p = pg()

    class ReadableAxis(p.AxisItem):
        """Left axis with ticks in trn/bn/mn rather than an SI prefix on the label."""

        def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
            return [compact_number(v * scale) for v in values]

    return ReadableAxis


class IndicatorChartView(HitHover, QWidget):
    """Lines of several indicator series, one plot per unit in one scene. Each point is a
    hit of the shared scheme: hover shows its figure, a click says ``picked`` with its row key."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        p = pg()
        self.chart: IndicatorChart | None = None
        self.plots: dict[str, object] = {}          # axis (unit) -> PlotItem
        self.note = QLabel()
        self.note.setObjectName("indicator-chart-note")
        self.note.setWordWrap(True)
        self.graphics = p.GraphicsLayoutWidget()
        self.graphics.setObjectName("indicator-chart-plots")
        self.graphics.setMinimumHeight(200)
        self.watch_hits(self.graphics.scene(), self.graphics)
        self.legend = QLabel()
        self.legend.setObjectName("indicator-chart-legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.legend.setWordWrap(True)
        legend_scroll = QScrollArea()
        legend_scroll.setWidget(self.legend)
        legend_scroll.setWidgetResizable(True)
        legend_scroll.setMinimumWidth(220)
        legend_scroll.setMaximumWidth(320)
        # what File → Export view and PNG export grab: the plots and, beneath, the whole legend
        self.chart_area = ChartArea(self.export_widget)
        self._sheet: ExportSheet | None = None
        row = QHBoxLayout(self.chart_area)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.graphics, 1)
        row.addWidget(legend_scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.chart_area, 1)

    def set_chart(self, chart: IndicatorChart, empty_text: str = "") -> None:
        """Draw ``chart``; with no series, say ``empty_text`` instead of showing empty axes."""
        self.chart = chart
        self.graphics.clear()
        self.plots = {}
        self.hits = []
        if not chart.series:
            self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.note.setText(empty_text or "No indicator values under this filter.")
            self.chart_area.setVisible(False)
            return
        self.chart_area.setVisible(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.note.setText(self._note_text(chart))
        colours: list[tuple[str, str]] = []
        for i, series in enumerate(chart.series):
            plot = self._plot_for(series.axis)
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            colours.append((colour, f"{series.label}<br><small>{escape(series.axis)}</small>"))
            xs = [pt.x for pt in series.points]
            ys = [pt.value for pt in series.points]
            item = plot.plot(xs, ys, pen=pg().mkPen(colour, width=2), symbol="o",
                             symbolSize=5 if len(xs) < 80 else 3, symbolBrush=colour, symbolPen=None,
                             name=series.label)
            item.setToolTip(series.label)
            self.hits += [Hit(plot.vb, pt.key, point_tip(series, pt), point=QPointF(pt.x, pt.value))
                          for pt in series.points]
        last = list(self.plots.values())[-1]
        last.setLabel("bottom", "Year")
        self.legend.setText("".join(
            f'<p style="margin:0 0 6px 0"><span style="color:{c}; font-size:large">&#9632;</span> '
            f"{text}</p>" for c, text in colours))

    def export_widget(self) -> QWidget:
        """The plots and, beneath them, every legend entry (the legend beside them scrolls
        when there are many series)."""
        if self._sheet is None:
            self._sheet = ExportSheet(self)
        legend = QLabel(self.legend.text())     # as tall as its entries, not as the scroll area
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        legend.setContentsMargins(8, 4, 8, 4)
        width = self.graphics.width()
        legend.resize(width, legend.heightForWidth(width))
        return self._sheet.set_parts([self.graphics, legend], twin=legend)

    def _plot_for(self, axis: str):
        plot = self.plots.get(axis)
        if plot is not None:
            return plot
        first = next(iter(self.plots.values()), None)
        # whole years on the axis: a month or quarter sits between them ("2021", never "2021.2")
        axes = {"left": _axis_class()(orientation="left"), "bottom": YearAxis.make()}
        plot = self.graphics.addPlot(row=len(self.plots), col=0, axisItems=axes)
        # the unit as the panel's title: a rotated axis label is clipped on short stacked panels
        plot.setTitle(escape(axis), size="9pt", justify="left")
        plot.showGrid(x=True, y=True, alpha=0.25)
        plot.getAxis("left").setWidth(78)
        plot.getAxis("left").enableAutoSIPrefix(False)     # the ticks say trn/bn/mn themselves
        plot.setMenuEnabled(False)
        if first is not None:
            plot.setXLink(first)
        self.plots[axis] = plot
        return plot

    @staticmethod
    def _note_text(chart: IndicatorChart) -> str:
        shown = len(chart.series)
        parts = [f"{shown} series" if shown == chart.total_series else
                 f"Showing {shown} of {chart.total_series} series — choose an indicator or a place to narrow"]
        if len(chart.axes) > 1:
            parts.append(f"one axis per unit ({len(chart.axes)} units; values are never added across units)")
        if chart.total_units > len(chart.axes):
            parts.append(f"{chart.total_units - len(chart.axes)} more units not drawn")
        return "; ".join(parts) + "."

    def plotted_keys(self) -> list[str]:
        """Row keys of every point drawn (tests, chart-table consistency)."""
        if self.chart is None:
            return []
        return [pt.key for s in self.chart.series for pt in s.points]
