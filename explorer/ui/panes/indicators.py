"""The Indicators pane: series by country or region that are neither a trade
flow nor an energy asset (GDP, trade as a share of GDP, CO2, production),
imported from publishers' files. Facets (checklists its spec declares) pick
indicators and places; the chart draws several series, one axis per unit; the table and the citation
(publisher, file, row) work as in every pane.
"""
from __future__ import annotations

from pathlib import Path

from explorer.data.tables import INDICATORS
from explorer.ui.panes.base import TablePane

EMPTY_TEXT = (
    "<h3>No indicators imported yet</h3>"
    "<p>Import a series by country or region — GDP, trade as a share of GDP, CO₂, production —<br>"
    "from a publisher's file as you downloaded it — Our World in Data, World Bank WDI/DataBank,<br>"
    "Eurostat, China NBS, Rosstat, the Energy Institute's Statistical Review, EIA, FAOSTAT —<br>"
    "with <b>File → Import…</b> (Ctrl+I), or from a terminal: <code>amur-explorer import FILE</code>.</p>"
    "<p>Each series is then drawn here in its own unit, beside the table and its citation.</p>"
)

READING_TEXT = "Reading the series under this filter…"


class IndicatorsPane(TablePane):
    spec = INDICATORS
    guide = ("Series by country or region that are neither a trade flow nor an energy asset — GDP, trade "
             "as a share of GDP, CO2, production — imported from publishers' files as downloaded (Our World "
             "in Data, World Bank WDI and DataBank, Eurostat, China NBS, Rosstat, the Energy Institute's "
             "Statistical Review, EIA, FAOSTAT) with File → Import…. Choose an indicator and a country or region; the chart "
             "draws several series, one axis per unit and price basis, never adding across units. The "
             "citation names the publisher, the file and its row.")

    export_stems = ("indicators", "indicators-chart")
    chart = None                        # built after first paint
    _chart_reader = None                # a jobs.Runner, made when a chart first needs a long read

    # -- chart ------------------------------------------------------------------------
    def build_deferred(self) -> None:
        from explorer.ui.widgets.indicator_chart import IndicatorChartView

        self.chart = self.picks_rows(IndicatorChartView(), "indicators-chart")
        self.add_upper(self.chart, stretch=3)
        self.splitter.setSizes([430, 300])
        self.on_filter_changed()

    def on_filter_changed(self) -> None:
        if self.chart is None:
            return
        from explorer.data.indicators import answered_at_once, fetch_chart, has_indicators

        if self._chart_reader is not None:      # a read for an older filter never lands over this one
            self._chart_reader.cancel(quietly=True)
        if not has_indicators(self.ctx.conn):
            from explorer.data.indicators import IndicatorChart

            self.chart.set_chart(IndicatorChart((), 0, 0), EMPTY_TEXT)
            return
        flt = self.current_filter()
        if answered_at_once(self.ctx.conn, flt):      # the rollup, or a small table: milliseconds
            self.chart.set_chart(fetch_chart(self.ctx.conn, flt))
            return
        # free text or years over a big table: the full query takes seconds, read off the UI thread
        # (meanwhile no chart of the previous filter is shown under this one)
        from explorer.data.indicators import IndicatorChart

        self.chart.set_chart(IndicatorChart((), 0, 0), READING_TEXT)
        if self._chart_reader is None:
            from explorer.ui.jobs import Runner

            self._chart_reader = Runner.reading(self.ctx.conn, "amur-indicator-chart")
        # the newest filter wins: the runner interrupts and drops the read before it
        self._chart_reader.run(lambda job: fetch_chart(job.conn, flt), done=self._on_chart_read,
                               failed=self._on_chart_failed)

    def _on_chart_read(self, chart) -> None:
        if self.chart is not None:
            self.chart.set_chart(chart)

    def _on_chart_failed(self, failure) -> None:
        """Kept in the log (the runner wrote it); the table still shows the rows."""
        if self.chart is not None:
            from explorer.data.indicators import IndicatorChart

            self.chart.set_chart(IndicatorChart((), 0, 0), failure.message)

    # -- exports ----------------------------------------------------------------------
    def chart_widgets(self) -> list:
        return [] if self.chart is None or not self.chart.chart_area.isVisible() else [
            ("indicators", self.chart.chart_area)]

    def chart_footer(self) -> list[str]:
        from explorer.data.indicators import plotted_sources

        return ["Amur Explorer — Indicators, each series in its own unit",
                *plotted_sources(self.ctx.conn, self.chart.chart)] if self.chart and self.chart.chart else []

    def export_chart(self, path: Path) -> Path:
        from explorer.ui.widgets.plot import export_chart

        if self.chart is None or not self.chart.chart_area.isVisible():
            raise ValueError("there is no chart to export: no indicator values under this filter")
        return export_chart(self.chart.chart_area, path, self.chart_footer())
