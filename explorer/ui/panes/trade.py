"""The Trade pane: every trade figure in a table, with facet filters, a unit
switch, and charts of the filtered figures (built after first paint)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QMenu, QToolButton

from explorer.data.query import Filter, distinct_values
from explorer.data.tables import TRADE, TableSpec
from explorer.data.units import AS_REPORTED, DEFAULT_TARGET, TARGETS, Rates, normalised_sql
from explorer.ui.panes.base import TablePane
from explorer.ui.widgets.facets import refill_combo

#: Facet filters in the toolbar: column key -> what the "any" entry says.
FACETS = {"reporter": "reporter", "partner": "partner", "flow": "flow", "measure": "measure",
          "status": "status"}
REDRAW_DELAY_MS = 30


def period_years(conn) -> list[int]:
    """Every year from the earliest period to the latest (interval ends included);
    the workspace's bounds come off its period index, never a scan."""
    lo_hi = [conn.execute("SELECT min(substr(period, 1, 4)), max(substr(period, instr(period, '/') + 1, 4)) "
                          "FROM bundled.trade_figures").fetchone(),
             conn.execute("SELECT substr(min(period), 1, 4), substr(max(period), 1, 4) "
                          "FROM main.trade_figures").fetchone()]
    years = [int(y) for pair in lo_hi for y in pair if y and str(y).isdigit()]
    return list(range(min(years), max(years) + 1)) if years else []


def spec_for_unit(target: str) -> TableSpec:
    """The Trade table with its normalised-value column in the chosen unit."""
    cols = tuple(
        replace(c, header=f"Value ({target})", sql=normalised_sql(target)) if c.key == "value_normalised" else c
        for c in TRADE.columns
    )
    return replace(TRADE, columns=cols)


class TradePane(TablePane):
    spec = TRADE
    chart_imports = ("pyqtgraph", "explorer.ui.widgets.trade_charts")     # imported off the UI thread

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.charts = None
        self.rates = Rates.load(ctx.conn)
        self.facet_boxes: dict[str, QComboBox] = {}
        insert_at = 1
        for key, label in FACETS.items():
            box = QComboBox()
            box.setObjectName(f"facet-{key}")
            box.setToolTip(f"Show only one {label}")
            # free-text reporters can be long: keep the bar at 1280 px, let the popup be wide
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(9)
            box.view().setMinimumWidth(320)
            self.facet_boxes[key] = box
            self.toolbar.insertWidget(insert_at, box)
            insert_at += 1
            box.currentIndexChanged.connect(lambda _i: self._apply_choice())
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
        self._fill_facets()
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
        header_font = self.table.horizontalHeader().fontMetrics()
        for key in ("value_normalised", "growth_reported", "growth_computed"):
            index = TRADE.keys.index(key)
            wide = header_font.horizontalAdvance(f"{self.model.spec.columns[index].header}  ▼") + 24
            self.table.setColumnWidth(index, max(self.table.columnWidth(index), wide))

    # -- facets and unit -------------------------------------------------------------
    def _fill_facets(self) -> None:
        for key, box in self.facet_boxes.items():
            values = distinct_values(self.ctx.conn, TRADE, key)
            refill_combo(box, f"any {FACETS[key]}", None, ((str(v), v) for v in values if v is not None))
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

    def facets(self) -> dict:
        return {k: box.currentData() for k, box in self.facet_boxes.items() if box.currentData() is not None}

    def set_facet(self, key: str, value) -> None:
        """Choose a facet value (None for any) and apply it at once."""
        box = self.facet_boxes[key]
        box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)
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
        self.on_filter_changed()

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
        self._fill_facets()
        super().refresh()

    # -- charts ---------------------------------------------------------------------------
    # A zero-timer from showEvent can fire before the window's first paint; the
    # charts (and pyqtgraph's ~1 s import) wait until this pane has painted.
    _painted = False
    _build_pending = False

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self._build_pending:
                QTimer.singleShot(0, super()._build_deferred_and_signal)

    def _build_deferred_and_signal(self) -> None:
        if not self._painted:
            self._build_pending = True
            return
        super()._build_deferred_and_signal()

    def build_deferred(self) -> None:
        from explorer.ui.widgets.trade_charts import TradeCharts

        self.charts = TradeCharts()
        self.charts.picked.connect(self.select_key)
        self.events_box = QCheckBox("Events")
        self.events_box.setObjectName("trade-events")
        self.events_box.setToolTip("Mark dated corridor and institution events on the time axis")
        self.events_box.toggled.connect(lambda _on: self.redraw())
        self.charts.set_corner(self.events_box)
        self.add_upper(self.charts, stretch=3)
        self.splitter.setSizes([430, 300])
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
        """Re-read the filtered figures and draw every chart."""
        if self.charts is None:
            return
        self.charts.update(self.ctx.conn, self.model.filter, self.unit, self.rates,
                           events=self.events_box.isChecked())

    # -- exports ---------------------------------------------------------------------------
    def chart_widgets(self) -> list:
        """The chart shown (File → Export view)."""
        if self.charts is None:
            return []
        return [(self.charts.tabs.tabText(self.charts.tabs.currentIndex()).replace("&&", "and"),
                 self.charts.current())]

    def chart_footer(self) -> list[str]:
        from explorer.data.trade_series import citation_footer

        tab = self.charts.tabs.currentIndex()
        return citation_footer(self.ctx.conn, self.charts.plotted.get(tab, []), self.charts.units.get(tab, ""))

    def export_chart(self, path: Path) -> Path:
        from explorer.ui.export_view import report_style
        from explorer.ui.widgets.plot import export_chart

        with report_style(self):
            return export_chart(self.charts.current(), Path(path), self.chart_footer())

    def export_table(self, path: Path) -> int:
        path = Path(path)
        flt: Filter = self.model.filter
        if path.suffix.lower() == ".xlsx":
            from explorer.data.export import export_xlsx

            return export_xlsx(self.ctx.conn, self.model.spec, path, flt, self.model.order,
                               footer=self.table_footer())
        from explorer.data.export import export_table

        return export_table(self.ctx.conn, self.model.spec, path, flt, self.model.order)

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
