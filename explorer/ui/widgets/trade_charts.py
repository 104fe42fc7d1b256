"""The Trade pane's charts in tabs: bilateral volumes with reported and computed
growth, targets against actuals, regional figures and shares, and — once
imported — monthly series and top commodities.

Drawing only: the pane asks :func:`explorer.data.trade_view.trade_view` one
question per filter change and hands the answer to :meth:`TradeCharts.draw_view`.
Every drawn element is a *hit* of its chart (``explorer.ui.widgets.plot``):
hovering shows the exact figure, clicking emits ``picked`` with its row's key.
Imported only from ``TradePane.build_deferred`` (after first paint): it pulls
in pyqtgraph.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QTextLayout
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QTabWidget, QVBoxLayout, QWidget

from explorer.data.trade_types import CommodityView, Figure, MonthlyView, TradeView
from explorer.ui.widgets.plot import SERIES_COLOURS, HitPlot
from explorer.ui.widgets.trade_bars import HBarChart, TargetsChart
from explorer.ui.widgets.trade_bilateral import BilateralChart
from explorer.ui.widgets.trade_imported import CommodityChart, MonthlyChart

__all__ = ["TradeCharts", "HitPlot", "BilateralChart", "TargetsChart", "HBarChart", "MonthlyChart",
           "CommodityChart"]

#: The tabs, in order.
BILATERAL_TAB, TARGETS_TAB, REGIONAL_TAB, MONTHLY_TAB, COMMODITY_TAB = range(5)
#: Which figures of the view each curated-data tab draws (for its export's citations).
_PLOTTED = {BILATERAL_TAB: "bilateral", TARGETS_TAB: "targets", REGIONAL_TAB: "regional"}
_TITLES = ("Bilateral by year", "Targets vs actuals", "Regional && shares", "Imported series", "Top commodities")


class NotesLabel(QLabel):
    """The notes under the charts in at most ``LINES`` lines, the last cut with "…" when they
    run on (a small window keeps room for the charts); the whole text in the tooltip."""

    LINES = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self.setToolTip(text)
        self.setFixedHeight(self._height())
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.setFixedHeight(self._height())

    def _lines(self) -> list[str]:
        """The text broken into the label's width, at most LINES lines, the last elided."""
        fm = self.fontMetrics()
        width = max(40, self.contentsRect().width())
        layout = QTextLayout(self.text(), self.font())
        layout.beginLayout()
        lines = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append(self.text()[line.textStart():line.textStart() + line.textLength()])
        layout.endLayout()
        if len(lines) > self.LINES:
            rest = "".join(lines[self.LINES - 1:])
            lines = lines[:self.LINES - 1] + [fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
        return [line.rstrip() for line in lines]

    def _height(self) -> int:
        lines = len(self._lines()) if self.text() else 0
        return lines * self.fontMetrics().lineSpacing() + self.contentsMargins().top() + self.contentsMargins().bottom()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        rect = self.contentsRect()
        y = rect.top()
        for line in self._lines():
            painter.drawText(rect.left(), y + self.fontMetrics().ascent(), line)
            y += self.fontMetrics().lineSpacing()
        painter.end()


class TradeCharts(QWidget):
    """The charts in tabs, so each is legible at 1280×800. Only the chart of the tab shown
    is built at first (building and drawing all of them froze the window at start-up); the
    others are built, and drawn with the latest view, the first time their tab is shown or
    something asks for them (``bilateral``, ``targets``, … or :meth:`current`)."""

    picked = Signal(str)
    #: the commodity tab was opened while its stack is still to be summed
    commodities_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("trade-chart-tabs")
        for title in _TITLES:
            page = QWidget()                # the tab's chart goes in here when it is first built
            row = QHBoxLayout(page)
            row.setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, title)
        self.tabs.setTabVisible(MONTHLY_TAB, False)          # shown once imported monthly series exist
        self.tabs.setTabVisible(COMMODITY_TAB, False)        # shown once imported rows carry a commodity
        self.tabs.currentChanged.connect(self._tab_changed)
        self.note = NotesLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        self._charts: dict[int, tuple[HitPlot, ...]] = {}     # tab -> its chart(s), once built
        self.view: TradeView | None = None
        self.plotted: dict[int, list[Figure]] = {}      # tab -> figures drawn (for citations)
        self.units: dict[int, str] = {}
        self.commodities_pending = False
        self._monthly_pending = False
        self._monthly: MonthlyView | None = None         # the latest summed series and stack, drawn
        self._commodities: CommodityView | None = None   # when their tab is built
        self.chart_of(self.tabs.currentIndex())         # the chart shown, in the layout from the start

    # -- the charts, each built the first time it is wanted -----------------------------
    @property
    def bilateral(self) -> BilateralChart:
        return self.chart_of(BILATERAL_TAB)[0]

    @property
    def targets(self) -> TargetsChart:
        return self.chart_of(TARGETS_TAB)[0]

    @property
    def shares(self) -> HBarChart:
        return self.chart_of(REGIONAL_TAB)[0]

    @property
    def regional(self) -> HBarChart:
        return self.chart_of(REGIONAL_TAB)[1]

    @property
    def series(self) -> MonthlyChart:
        return self.chart_of(MONTHLY_TAB)[0]

    @property
    def commodities(self) -> CommodityChart:
        return self.chart_of(COMMODITY_TAB)[0]

    def is_built(self, tab: int) -> bool:
        return tab in self._charts

    def chart_of(self, tab: int) -> tuple[HitPlot, ...]:
        """The chart(s) of a tab, built and drawn with the latest view if they are not yet."""
        if tab not in self._charts:
            charts = _new_charts(tab)
            self._charts[tab] = charts
            row = self.tabs.widget(tab).layout()
            for chart in charts:
                chart.picked.connect(self.picked)
                row.addWidget(chart, 1)
                chart.show()            # at once, not at the layout's next turn: it is drawn now
            self._draw_tab(tab, fresh=True)
        return self._charts[tab]

    def _draw_tab(self, tab: int, fresh: bool = False) -> None:
        """Draw a built tab's chart(s) from what the charts hold; a ``fresh`` (just built) chart
        gets the last summed series too, where one drawn already keeps it while the next is summed."""
        view, charts = self.view, self._charts[tab]
        if tab == MONTHLY_TAB:
            if self._monthly is not None and (fresh or not self._monthly_pending):
                charts[0].draw(self._monthly)
            if self._monthly_pending:
                charts[0].show_pending()
        elif tab == COMMODITY_TAB:
            if self.commodities_pending:
                charts[0].show_pending()
            elif self._commodities is not None:
                charts[0].draw(self._commodities)
        elif view is not None:
            marks = dict(view.marks)
            if tab == BILATERAL_TAB:
                charts[0].draw(view.bilateral, dict(view.legend_names), marks)
                charts[0].show_events(view.events)
            elif tab == TARGETS_TAB:
                charts[0].draw(view.targets.unit, view.targets.groups, marks)
            elif tab == REGIONAL_TAB:
                charts[0].draw(view.shares, SERIES_COLOURS[2], marks)
                charts[1].draw(view.regional, SERIES_COLOURS[0], marks)

    def draw_view(self, view: TradeView) -> None:
        """Draw the view on the charts built and on the one shown (its pending parts once they come)."""
        self.view = view
        self.plotted = {tab: view.plotted(chart) for tab, chart in _PLOTTED.items()}
        self.plotted.update({MONTHLY_TAB: [], COMMODITY_TAB: []})
        self.units.update({BILATERAL_TAB: view.bilateral.unit, TARGETS_TAB: view.targets.unit,
                           REGIONAL_TAB: view.regional.unit})
        self._monthly_pending = view.monthly.pending
        if not view.monthly.pending:
            self._keep_monthly(view.monthly)
        self.commodities_pending = view.has_commodities and view.commodities.pending
        if not self.commodities_pending and view.commodities.stack is not None:
            self._keep_commodities(view.commodities)
        for tab in list(self._charts):
            self._draw_tab(tab)
        # a tab shown from here on (hidden tab, filter followed) is built and drawn as it is shown
        self.tabs.setTabVisible(MONTHLY_TAB, view.has_monthly)
        self.tabs.setTabVisible(COMMODITY_TAB, view.has_commodities)
        if self.commodities_pending and self.tabs.currentIndex() == COMMODITY_TAB:
            self.commodities_wanted.emit()
        self._follow_filter()
        self.chart_of(self.tabs.currentIndex())
        self.note.setText("  ".join(view.notes))

    def _keep_monthly(self, view: MonthlyView) -> None:
        self._monthly = view
        self.units[MONTHLY_TAB] = view.unit

    def _keep_commodities(self, view: CommodityView) -> None:
        self._commodities = view
        self.units[COMMODITY_TAB] = view.stack.unit

    def show_monthly(self, view: MonthlyView) -> None:
        self._monthly_pending = False
        self._keep_monthly(view)
        if self.is_built(MONTHLY_TAB):
            self._charts[MONTHLY_TAB][0].draw(view)

    def show_commodities(self, view: CommodityView) -> None:
        self.commodities_pending = False
        if view.stack is not None:
            self._keep_commodities(view)
            if self.is_built(COMMODITY_TAB):
                self._charts[COMMODITY_TAB][0].draw(view)

    def _follow_filter(self) -> None:
        """When the filter empties the chart shown, show the first chart that still has figures."""
        if self._has_figures(self.tabs.currentIndex()):
            return
        self._show_first_with_figures()

    def _show_first_with_figures(self) -> None:
        """The first shown tab whose chart has figures, else the first shown tab."""
        shown = [i for i in range(self.tabs.count()) if self.tabs.isTabVisible(i)]
        best = next((i for i in shown if self._has_figures(i)), None)
        if best is None and self.tabs.isTabVisible(self.tabs.currentIndex()):
            return
        if best is not None or shown:
            self.tabs.setCurrentIndex(best if best is not None else shown[0])

    def _has_figures(self, tab: int) -> bool:
        """The chart of a tab draws something (or will: a sum still under way counts)."""
        view = self.view
        if view is None:
            return False
        if tab == MONTHLY_TAB:
            return view.monthly.pending or bool(view.monthly.lines)
        if tab == COMMODITY_TAB:
            stack = view.commodities.stack
            return view.commodities.pending or bool(stack and stack.years)
        return bool(self.plotted.get(tab))

    def files_of(self, tab: int) -> list[str]:
        """The imported files behind a chart drawn from sums (for its export's footer)."""
        if tab == MONTHLY_TAB and self._monthly is not None:
            return sorted({line.source_file for line in self._monthly.lines if line.source_file})
        return []

    def _tab_changed(self, index: int) -> None:
        if index < 0:
            return
        if not self.tabs.isTabVisible(index):
            # a remembered tab this workspace hides (no imported series here): its chart would
            # show under no tab of the bar
            self._show_first_with_figures()
            return
        self.chart_of(index)
        if index == COMMODITY_TAB and self.commodities_pending:
            self.commodities_wanted.emit()

    def current(self) -> QWidget:
        """The chart shown (built if it is not yet): the plot, or the page holding two."""
        charts = self.chart_of(self.tabs.currentIndex())
        return charts[0] if len(charts) == 1 else self.tabs.currentWidget()

    def set_corner(self, widget: QWidget) -> None:
        self.tabs.setCornerWidget(widget, Qt.Corner.TopRightCorner)


def _new_charts(tab: int) -> tuple[HitPlot, ...]:
    """A tab's chart(s), empty, with a thin frame: every pixel it saves goes to the plot."""
    charts = _empty_charts(tab)
    for chart in charts:
        _thin_frame(chart)
    return charts


def _empty_charts(tab: int) -> tuple[HitPlot, ...]:
    if tab == BILATERAL_TAB:
        return (BilateralChart(),)
    if tab == TARGETS_TAB:
        return (TargetsChart(),)
    if tab == REGIONAL_TAB:
        return HBarChart("Shares (%)"), HBarChart("Regional and other figures")
    if tab == MONTHLY_TAB:
        return (MonthlyChart(),)
    return (CommodityChart(),)


#: Pixels round the plot and its legend (pyqtgraph's own are 9 and 6: 30 px a 1024×640
#: window needs for the bars).
FRAME_PX = 2
#: The height of a one-line title's row (pyqtgraph keeps 30 px for any title).
TITLE_PX = 22


def _thin_frame(chart: HitPlot) -> None:
    chart.plot.ci.setContentsMargins(FRAME_PX, FRAME_PX, FRAME_PX, FRAME_PX)
    chart.plot.ci.setSpacing(FRAME_PX)
    if isinstance(chart, (BilateralChart, TargetsChart)):      # one-line titles, never set again
        chart.item.layout.setRowFixedHeight(0, TITLE_PX)
        chart.item.titleLabel.setMaximumHeight(TITLE_PX)
