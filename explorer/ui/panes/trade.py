"""The Trade pane: every trade figure in a table, with facet filters, a unit
switch, and charts of the filtered figures (built after first paint)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QMenu, QToolButton, QWidget

from explorer.data.filters import Filter
from explorer.data.big_tables import is_big
from explorer.data.tables import TRADE, TableSpec
from explorer.data.trade_view import GrowthCheckCache, monthly_view, period_years, trade_view
from explorer.data.units import AS_REPORTED, DEFAULT_TARGET, TARGETS, Rates, normalised_sql
from explorer.ui.panes.base import TablePane
from explorer.ui.widgets.facets import refill_combo
from explorer.ui.widgets.table_headers import fit_headers

REDRAW_DELAY_MS = 30
#: The charts' second build step waits this long: a turn of the event loop of its own.
NEXT_TURN_MS = 1
#: The value column is at least this wide: a year's trade in USD, whole.
WIDEST_VALUE = "999,999,999,999"
#: The chart tabs never get shorter than this (tabs, title, legend, notes and a plot area
#: of ~200 px at 1024×640): when the window is short the table gives way first (it scrolls).
CHART_MIN_PX = 390
#: The charts' share of the height when there is room for both.
CHART_SHARE = 0.58


def spec_for_unit(target: str) -> TableSpec:
    """The Trade table with its normalised-value column in the chosen unit."""
    cols = tuple(
        replace(c, header=f"Value ({target})", sql=normalised_sql(target)) if c.key == "value_normalised" else c
        for c in TRADE.columns
    )
    return replace(TRADE, columns=cols)


def chart_and_table_heights(total: int) -> list[int]:
    """The splitter's first sizes: the charts' share of ``total``, never less than their
    minimum while the table keeps a few rows."""
    charts = max(int(total * CHART_SHARE), CHART_MIN_PX)
    return [charts, max(total - charts, 0)]


class TradePane(TablePane):
    spec = TRADE
    guide = ("Every trade figure the documents give — bilateral totals, regional figures, commodities, "
             "shares and targets — with its unit and date precision. Narrow it with the filter box and the "
             "reporter/partner/flow/measure/status boxes; switch the unit to see values normalised. The charts "
             "show annual volumes with reported and computed growth (mismatches marked), targets against "
             "actuals, and regional figures and shares. Click a bar or point to select its row.")
    chart_imports = ("pyqtgraph", "explorer.ui.widgets.trade_charts")     # imported off the UI thread

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.charts = None
        self.rates = Rates.load(ctx.conn)
        self._growth = GrowthCheckCache()
        self._series_runner = None          # explorer.ui.jobs.Runner, made when first needed
        self._commodity_runner = None
        insert_at = self.after_facets()      # the facets its spec declares, then the years
        self.year_boxes: dict[str, QComboBox] = {}
        for end, tip in (("from", "Show only figures for periods ending in or after this year"),
                         ("to", "Show only figures for periods starting in or before this year")):
            box = QComboBox()
            box.setObjectName(f"trade-year-{end}")
            box.setToolTip(tip)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.year_boxes[end] = box
            self.toolbar.insertWidget(insert_at, box)
            insert_at += 1
            box.currentIndexChanged.connect(lambda _i: self._apply_choice())
        self._fill_years()
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unit-switch")
        self.unit_box.setToolTip("Show values as reported, or normalised to one unit")
        self.unit_box.addItems(list(TARGETS))
        # as wide as a short unit; the list opens wide enough for "hundred million USD"
        self.unit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_box.setMinimumContentsLength(10)
        self.unit_box.view().setMinimumWidth(220)
        self.unit_box.setCurrentText(DEFAULT_TARGET)
        self.unit_box.currentTextChanged.connect(self.set_unit)
        self.toolbar.insertWidget(insert_at, self.unit_box)
        self.export_button = QToolButton()
        self.export_button.setText("Export ▾")     # the arrow in the text: the style's own overlapped it
        self.export_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for text, slot in (("Chart as PNG…", lambda: self._ask_export_chart("png")),
                           ("Chart as SVG…", lambda: self._ask_export_chart("svg")),
                           ("Table as CSV…", lambda: self._ask_export_table("csv")),
                           ("Table as XLSX…", lambda: self._ask_export_table("xlsx"))):
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.addSeparator()
        self.rates_action = QAction("Exchange rates…", menu)
        self.rates_action.triggered.connect(self.edit_rates)
        menu.addAction(self.rates_action)
        self.export_button.setMenu(menu)
        self.toolbar.addWidget(self.export_button)
        self._redraw_timer = QTimer(self, singleShot=True, interval=REDRAW_DELAY_MS)
        self._redraw_timer.timeout.connect(self.redraw)
        self.set_unit(DEFAULT_TARGET)
        self._normalised_beside_value()

    def _normalised_beside_value(self) -> None:
        """The value in the chosen unit shown just after the value as written, so both are in
        view at 1280×800 with the citation panel open (the exports keep the table's order)."""
        header = self.table.horizontalHeader()
        value, normalised = TRADE.keys.index("value"), TRADE.keys.index("value_normalised")
        header.moveSection(header.visualIndex(normalised), header.visualIndex(value) + 1)

    def _fit_headers(self) -> None:
        """Every header whole with its sort arrow ("Precision", "Value (USD bn)"), measured
        in bold; the value column as wide as a year's trade in USD."""
        value = TRADE.keys.index("value")       # an imported value in USD runs to a dozen digits
        fit_headers(self.table, [col.header for col in self.model.spec.columns],
                    {value: self.table.fontMetrics().horizontalAdvance(WIDEST_VALUE) + 16})

    # -- facets and unit -------------------------------------------------------------
    def facet_name(self, facet) -> str:
        """'facet-reporter': the names the Trade pane's saved state has always used."""
        return f"facet-{facet.key}"

    def facet_chosen(self) -> None:
        self._apply_choice()

    def _fill_years(self) -> None:
        years = [str(y) for y in period_years(self.ctx.conn)]
        for end, box in self.year_boxes.items():
            refill_combo(box, f"{end} any", None, ((f"{end} {year}", year) for year in years))

    def current_filter(self) -> Filter:
        flt = super().current_filter()
        bounds = self.year_range()
        return replace(flt, ranges={"period": bounds}) if bounds != (None, None) else flt

    def year_range(self) -> tuple[str | None, str | None]:
        """The period-range facet: (from year, to year), either None for open."""
        return self.year_boxes["from"].currentData(), self.year_boxes["to"].currentData()

    def set_year_range(self, first: int | str | None, last: int | str | None) -> None:
        """Choose the years (None for open) and apply the filter at once."""
        for end, year in (("from", first), ("to", last)):
            box = self.year_boxes[end]
            box.setCurrentIndex(max(0, box.findData(str(year))) if year is not None else 0)
        if self.model.filter != self.current_filter():     # else the boxes' signals applied it
            self._apply_choice()

    def set_facet(self, key: str, value) -> None:
        """Choose a facet value (None for any) and apply it at once."""
        super().set_facet(key, value)
        if self.model.filter != self.current_filter():     # else the box's signal applied it
            self._apply_choice()

    @property
    def unit(self) -> str:
        return self.unit_box.currentText()

    def set_unit(self, target: str) -> None:
        if self.unit_box.currentText() != target:
            self.unit_box.setCurrentText(target)      # re-enters through the signal
            return
        spec = spec_for_unit(target)
        if spec != self.model.spec:        # at start-up it is the same: no second count of 1M rows
            self.model.spec = spec
            self.model.refresh()
        column = TRADE.keys.index("value_normalised")
        self.table.setColumnHidden(column, target == AS_REPORTED)
        self._fit_headers()
        self.on_filter_changed()

    def restore(self, state: dict) -> None:
        """A remembered layout, every header still whole (a layout saved by an older
        release can hold columns narrower than their header)."""
        super().restore(state)
        self._fit_headers()

    def edit_rates(self):
        """Open the exchange-rate editor; a saved rate converts the table and charts at once."""
        from explorer.ui.dialogs.exchange_rates import ExchangeRatesDialog

        dialog = ExchangeRatesDialog(self.ctx.conn, self)
        dialog.changed.connect(self.rates_changed)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def rates_changed(self) -> None:
        self.rates = Rates.load(self.ctx.conn)
        self.model.refresh()
        self._update_count()
        self.on_filter_changed()

    def refresh(self) -> None:
        self.rates = Rates.load(self.ctx.conn)
        self._fill_years()
        super().refresh()

    # -- charts ---------------------------------------------------------------------------
    # A zero-timer from showEvent can fire before the window's first paint; the
    # charts (and pyqtgraph's ~1 s import) wait until this pane has painted. They are then
    # built in three turns of the event loop, so the window answers between them (each turn
    # with its paint stays under ~50 ms of UI-thread time): the tabs with the shown chart made
    # off screen; then put in the pane (its first layout and paint, empty); then that chart
    # drawn, the layout restored and ``ready``.
    _painted = False
    _build_pending = False

    _chart_room = None

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.charts is None and self._chart_room is None:
            # the charts' room kept from the start: the table is laid out and painted once at
            # its final height (not full height first, then again when the charts come)
            self._chart_room = QWidget()
            self._chart_room.setMinimumHeight(CHART_MIN_PX)
            self.add_upper(self._chart_room, stretch=3)
            self.splitter.setSizes(chart_and_table_heights(self.splitter.height() or 730))
        super().showEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self._build_pending:
                QTimer.singleShot(0, self, self._build_deferred_and_signal)

    def _build_deferred_and_signal(self) -> None:
        if not self._painted:
            self._build_pending = True
            return
        if self.charts is None:
            self._make_charts(attach=False)
        # not 0: Qt posts a zero-delay shot as an event, run in the same batch as the layout and
        # paint of the new tabs, so input and timers would wait for both turns
        QTimer.singleShot(NEXT_TURN_MS, self, self._attach_then_draw)

    def _attach_then_draw(self) -> None:
        if self.ctx.closing:
            return
        self._attach_charts()
        QTimer.singleShot(NEXT_TURN_MS, self, self._draw_and_signal)

    def _draw_and_signal(self) -> None:
        if not self.ctx.closing:
            super()._build_deferred_and_signal()        # build_deferred (the draw), restore, ready

    def _make_charts(self, attach: bool = True) -> None:
        """The chart tabs with the chart shown (the others are built when first shown), put in
        the pane unless ``attach`` is False (then :meth:`_attach_charts` does, a turn later)."""
        from explorer.ui.widgets.trade_charts import TradeCharts

        self.charts = TradeCharts()
        self.charts.picked.connect(self.pick)
        self.charts.commodities_wanted.connect(self._draw_commodities)
        self.events_box = QCheckBox("Events")
        self.events_box.setObjectName("trade-events")
        self.events_box.setToolTip("Mark dated corridor and institution events on the time axis")
        self.events_box.toggled.connect(lambda _on: self.redraw())
        self.charts.set_corner(self.events_box)
        self.charts.setMinimumHeight(CHART_MIN_PX)
        if attach:
            self._attach_charts()

    def _attach_charts(self) -> None:
        """The chart tabs above the table (once)."""
        if self.splitter.indexOf(self.charts) >= 0:
            return
        if self._chart_room is not None:        # in the room kept for them
            self.splitter.replaceWidget(self.splitter.indexOf(self._chart_room), self.charts)
            self._chart_room.deleteLater()
            self._chart_room = None
        else:
            self.add_upper(self.charts, stretch=3)
        self.splitter.setSizes(chart_and_table_heights(self.splitter.height() or 730))

    def pick(self, key: str) -> None:
        """A chart element clicked: its row selected. An event on the time axis is no row of
        this table: the citation panel shows where it is read from and every recorded
        conflict that names it, with both statements."""
        event = next((e for e in (self.charts.view.events if self.charts.view else ()) if e.key == key), None)
        if event is None:
            self.select_key(key)
            return
        from explorer.data.conflicts import statements
        from explorer.data.citations import citation_for
        from explorer.data.trade_view import event_conflicts

        conn = self.ctx.conn
        self.table.selectionModel().clearSelection()
        self.table.selectionModel().clearCurrentIndex()        # the panel no longer tells a row
        found = event_conflicts(conn, {event.event_id}).get(event.event_id, [])
        self.citation.show_citation(citation_for(conn, {"doc_id": event.doc_id, "quote": event.quote}),
                                    [(c, statements(conn, c)) for c in found])

    def build_deferred(self) -> None:
        if self.charts is None:
            self._make_charts()
        self._attach_charts()
        self.redraw()

    def _apply_choice(self) -> None:
        """A facet or year chosen: applied and drawn at once (the debounce is for typing)."""
        self._filter_timer.stop()
        self._redraw_now = True
        self.apply_filter()

    def on_filter_changed(self) -> None:
        if self.charts is not None:
            if getattr(self, "_redraw_now", False):
                self._redraw_now = False
                self._redraw_timer.stop()
                self.redraw()
            else:
                self._redraw_timer.start()         # coalesce bursts of typed changes

    def redraw(self) -> None:
        """Ask the data module once for everything the charts draw, and draw it. On a big
        workspace the sums of imported rows come later: the monthly series from a
        thread, the commodity stack from another when its tab is shown."""
        if self.charts is None:
            return
        conn, flt = self.ctx.conn, self.model.filter
        for runner in (self._series_runner, self._commodity_runner):
            if runner is not None:
                runner.cancel(quietly=True)         # a sum for an older filter is of no use now
        big = is_big(conn, TRADE)
        view = trade_view(conn, flt, self.unit, self.rates, events=self.events_box.isChecked(),
                          checks=self._growth.get(conn), defer_heavy=big)
        self.charts.draw_view(view)                 # asks for the commodities if their tab is shown
        if view.monthly.pending:
            self._sum_monthly(flt, self.unit, self.rates)

    def _sum_monthly(self, flt: Filter, unit: str, rates: Rates) -> None:
        """The imported monthly series summed off the UI thread, on a read-only connection
        of its own; typing on supersedes it (the shared runner drops a stale result)."""
        from explorer.ui.jobs import Runner

        if self._series_runner is None:
            self._series_runner = Runner.reading(self.ctx.conn, "amur-trade-series")
        self._series_runner.run(lambda job: monthly_view(job.conn, flt, unit, rates),
                                done=self.charts.show_monthly,
                                failed=lambda failure: self.charts.series.show_failure(failure.message))

    def _draw_commodities(self) -> None:
        """The commodity stack of a big workspace, summed off the UI thread when its tab is shown."""
        from explorer.data.trade_view import commodity_view
        from explorer.ui.jobs import Runner

        if self._commodity_runner is None:
            self._commodity_runner = Runner.reading(self.ctx.conn, "amur-trade-commodities")
        flt, unit, rates = self.model.filter, self.unit, self.rates
        self.charts.commodities.item.setTitle("Top commodities by year — summing the imported rows…")
        self._commodity_runner.run(lambda job: commodity_view(job.conn, flt, unit, rates),
                                   done=self.charts.show_commodities,
                                   failed=lambda failure: self.charts.commodities.show_failure(failure.message))

    # -- exports ---------------------------------------------------------------------------
    def chart_widgets(self) -> list:
        """The chart shown (File → Export view)."""
        if self.charts is None:
            return []
        return [(self.charts.tabs.tabText(self.charts.tabs.currentIndex()).replace("&&", "and"),
                 self.charts.current())]

    def chart_footer(self) -> list[str]:
        from explorer.data.trade_export import citation_footer

        tab = self.charts.tabs.currentIndex()
        return citation_footer(self.ctx.conn, self.charts.plotted.get(tab, []), self.charts.units.get(tab, ""),
                               self.charts.files_of(tab))

    def export_chart(self, path: Path) -> Path:
        from explorer.ui.export_view import report_style
        from explorer.ui.widgets.plot import export_chart

        with report_style(self):
            return export_chart(self.charts.current(), Path(path), self.chart_footer())

    def table_footer(self) -> list[str]:
        lines = [f"Unit of value_normalised: {self.unit}."]
        lines += [f"Rate {r.year}: {r.per_usd:g} {r.currency} per USD — {r.source}" for r in self.rates.all()]
        return lines

    def _ask_export_chart(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", f"trade-chart.{kind}", f"{kind.upper()} (*.{kind})")
        if path:
            self.export_chart(Path(path))

    def _ask_export_table(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export table", f"trade.{kind}", f"{kind.upper()} (*.{kind})")
        if path:
            self.export_table(Path(path))

