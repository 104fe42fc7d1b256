"""The Energy pane: oil and gas links between Russia and China.

Capacities are charted in their own units (Mt/yr oil, bcm/yr gas, never
summed across units), with an optional common-energy view whose factors are
shown and editable; cumulative volumes and stated effects are listed apart.
Facets narrow the table and the charts together; a chart click selects the
row and shows its citation.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from explorer.data.tables import ENERGY
from explorer.ui.panes.base import TablePane


class EnergyPane(TablePane):
    spec = ENERGY
    guide = ("Oil and gas pipelines and their segments: design, expanded and achieved capacities in their "
             "own units (Mt/yr, bcm/yr), never added across units unless you ask for the common-energy view, "
             "whose factors are shown and editable. The Map tab draws each placed pipeline.")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.charts = None                      # built after first paint
        self.pipeline_map = None
        self.export_button = self.add_export_button(self.after_facets(), "energy", "energy-capacity")
        # measure names such as achieved_max_capacity need more room than the spec's default
        char = self.fontMetrics().averageCharWidth()
        self.table.setColumnWidth(self.spec.keys.index("measure"), 22 * char + 16)

    # -- charts ---------------------------------------------------------------------
    def build_deferred(self) -> None:
        from PySide6.QtWidgets import QTabWidget

        from explorer.data.energy import pipeline_links, unplaced_assets
        from explorer.ui.widgets.energy_charts import EnergyCharts, PipelineMap

        self.charts = EnergyCharts()
        self.charts.setObjectName("energy-charts")
        self.charts.figure_clicked.connect(self.select_key)
        self.pipeline_map = PipelineMap()
        self.pipeline_map.figure_clicked.connect(self.select_key)
        self.pipeline_map.set_links(pipeline_links(self.ctx.conn), unplaced_assets(self.ctx.conn))
        self._mark_pipelines()
        self.upper_tabs = QTabWidget()
        self.upper_tabs.setObjectName("energy-views")
        self.upper_tabs.setDocumentMode(True)
        self.upper_tabs.addTab(self.charts, "Capacity")
        self.upper_tabs.addTab(self.pipeline_map, "Map")
        self.add_upper(self.upper_tabs, stretch=3)
        self.splitter.setSizes([420, 300])
        self.on_filter_changed()

    def on_filter_changed(self) -> None:
        if self.charts is not None:
            from explorer.data.energy import fetch_figures

            figures = fetch_figures(self.ctx.conn, self.current_filter())
            self.charts.set_figures(figures, self.conflicts)
            self.pipeline_map.show_assets({f.asset for f in figures})

    def refresh(self) -> None:
        if self.pipeline_map is not None:
            from explorer.data.energy import pipeline_links, unplaced_assets

            self.pipeline_map.set_links(pipeline_links(self.ctx.conn), unplaced_assets(self.ctx.conn))
        super().refresh()
        if self.pipeline_map is not None:
            self._mark_pipelines()

    def _mark_pipelines(self) -> None:
        from explorer.data.conflicts import energy_asset_conflicts

        self.pipeline_map.set_conflicts(energy_asset_conflicts(self.ctx.conn, self.conflicts))

    # -- exports ----------------------------------------------------------------------
    def chart_widgets(self) -> list:
        """The view shown above the table: the capacity charts or the map (File → Export view)."""
        if self.charts is None:
            return []
        if self.upper_tabs.currentWidget() is self.pipeline_map:
            return [("map", self.pipeline_map)]
        return [("capacity", self.charts.chart_area)]

    def chart_footer(self) -> list[str]:
        from explorer.data.energy import plotted_documents

        view = "common energy units" if self.charts.common else "each in its stated unit"
        return [f"Amur Explorer — Energy capacity, {view}",
                *plotted_documents(self.ctx.conn, self.charts.figures), *self.charts.footer()]

    def export_chart(self, path: Path) -> Path:
        from explorer.ui.export_view import report_style
        from explorer.ui.widgets.plot import export_chart

        if self.charts is None:
            raise ValueError("the charts are not drawn yet")
        with report_style(self):
            return export_chart(self.charts.chart_area, path, self.chart_footer())
