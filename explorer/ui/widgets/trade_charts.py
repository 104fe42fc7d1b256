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
    """The charts in tabs, so each is legible at 1280×800."""

    picked = Signal(str)
    #: the commodity tab was opened while its stack is still to be summed
    commodities_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bilateral = BilateralChart()
        self.targets = TargetsChart()
        self.shares = HBarChart("Shares (%)")
        self.regional = HBarChart("Regional and other figures")
        self.series = MonthlyChart()
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
        self.tabs.setTabVisible(MONTHLY_TAB, False)          # shown once imported monthly series exist
        self.tabs.addTab(self.commodities, "Top commodities")
        self.tabs.setTabVisible(COMMODITY_TAB, False)        # shown once imported rows carry a commodity
        self.tabs.currentChanged.connect(self._tab_changed)
        self.note = NotesLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        for chart in (self.bilateral, self.targets, self.shares, self.regional, self.series, self.commodities):
            chart.picked.connect(self.picked)
        self.view: TradeView | None = None
        self.plotted: dict[int, list[Figure]] = {}      # tab -> figures drawn (for citations)
        self.units: dict[int, str] = {}
        self.commodities_pending = False

    def draw_view(self, view: TradeView) -> None:
        """Draw every chart of the view (its pending parts once they come)."""
        self.view = view
        marks = dict(view.marks)
        self.bilateral.draw(view.bilateral, dict(view.legend_names), marks)
        self.bilateral.show_events(view.events)
        self.targets.draw(view.targets.unit, view.targets.groups, marks)
        self.shares.draw(view.shares, SERIES_COLOURS[2], marks)
        self.regional.draw(view.regional, SERIES_COLOURS[0], marks)
        self.plotted = {tab: view.plotted(chart) for tab, chart in _PLOTTED.items()}
        self.plotted.update({MONTHLY_TAB: [], COMMODITY_TAB: []})
        self.units.update({BILATERAL_TAB: view.bilateral.unit, TARGETS_TAB: view.targets.unit,
                           REGIONAL_TAB: view.regional.unit})
        self.tabs.setTabVisible(MONTHLY_TAB, view.has_monthly)
        self.tabs.setTabVisible(COMMODITY_TAB, view.has_commodities)
        if view.monthly.pending:
            self.series.show_pending()
        else:
            self.show_monthly(view.monthly)
        self.commodities_pending = view.has_commodities and view.commodities.pending
        if self.commodities_pending:
            self.commodities.show_pending()
            if self.tabs.currentIndex() == COMMODITY_TAB:
                self.commodities_wanted.emit()
        elif view.commodities.stack is not None:
            self.show_commodities(view.commodities)
        self._follow_filter()
        self.note.setText("  ".join(view.notes))

    def show_monthly(self, view: MonthlyView) -> None:
        self.units[MONTHLY_TAB] = self.series.draw(view)

    def show_commodities(self, view: CommodityView) -> None:
        self.commodities_pending = False
        if view.stack is not None:
            self.units[COMMODITY_TAB] = self.commodities.draw(view)

    def _follow_filter(self) -> None:
        """When the filter empties the chart shown, show the first chart that still has figures."""
        if self._has_figures(self.tabs.currentIndex()):
            return
        for index in range(self.tabs.count()):
            if self.tabs.isTabVisible(index) and self._has_figures(index):
                self.tabs.setCurrentIndex(index)
                return

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
        if tab == MONTHLY_TAB and self.series.view is not None:
            return sorted({line.source_file for line in self.series.view.lines if line.source_file})
        return []

    def _tab_changed(self, index: int) -> None:
        if index == COMMODITY_TAB and self.commodities_pending:
            self.commodities_wanted.emit()

    def current(self) -> QWidget:
        return self.tabs.currentWidget()

    def set_corner(self, widget: QWidget) -> None:
        self.tabs.setCornerWidget(widget, Qt.Corner.TopRightCorner)
