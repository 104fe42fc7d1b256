"""The Energy pane: oil and gas links between Russia and China.

Capacities are charted in their own units (Mt/yr oil, bcm/yr gas, never
summed across units), with an optional common-energy view whose factors are
shown and editable; cumulative volumes and stated effects are listed apart.
Facets narrow the table and the charts together; a chart click selects the
row and shows its citation.
"""
from __future__ import annotations

from pathlib import Path

from explorer.data.tables import ENERGY
from explorer.ui.panes.base import TablePane


class EnergyPane(TablePane):
    spec = ENERGY
    guide = ("Oil and gas pipelines and their segments: design, expanded and achieved capacities in their "
             "own units (Mt/yr, bcm/yr), never added across units unless you ask for the common-energy view, "
             "whose factors are shown and editable. The Map tab draws each placed pipeline, and Power of "
             "Siberia (which no document routes) along Global Energy Monitor's route, dash-dot and marked "
             "external; clicking it shows that source.")

    export_stems = ("energy", "energy-capacity")
    charts = None                       # built after first paint
    pipeline_map = None

    # -- charts ---------------------------------------------------------------------
    def build_deferred(self) -> None:
        from PySide6.QtWidgets import QTabWidget

        from explorer.ui.widgets.energy_charts import EnergyCharts
        from explorer.ui.widgets.pipeline_map import PipelineMap

        self.charts = self.picks_rows(EnergyCharts(), "energy-charts")
        self.pipeline_map = PipelineMap()
        self.pipeline_map.picked.connect(self._on_map_picked)
        self._draw_pipelines()
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
            self._draw_pipelines()
        super().refresh()                   # the conflicts read again, the filter applied
        if self.pipeline_map is not None:
            self._mark_pipelines()

    def _draw_pipelines(self) -> None:
        """The map's pipelines: placed ones between their ends, Power of Siberia along GEM's
        route (external), each marked when its figures are in a recorded conflict."""
        from explorer.data.energy import pipeline_links, unplaced_assets
        from explorer.data.energy_routes import external_links

        conn = self.ctx.conn
        self.pipeline_map.set_links(pipeline_links(conn), unplaced_assets(conn), external_links(conn))
        self._mark_pipelines()

    def _mark_pipelines(self) -> None:
        from explorer.data.conflicts import energy_asset_conflicts

        self.pipeline_map.set_conflicts(energy_asset_conflicts(self.ctx.conn, self.conflicts))

    def _on_map_picked(self, key: str) -> None:
        """A pipeline's figure selects its row; a route from outside the documents shows
        its own citation (GEM's tracker and file), no row and no document's quote."""
        external = self.pipeline_map.external.get(key)
        if external is None:
            self.select_key(key)
            return
        from PySide6.QtCore import QModelIndex

        self.table.setCurrentIndex(QModelIndex())       # no row stands for the route
        self.table.clearSelection()
        self.citation.show_citation(external.route.citation())

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

        if self.upper_tabs.currentWidget() is self.pipeline_map:
            return ["Amur Explorer — Energy pipelines map",
                    *plotted_documents(self.ctx.conn, self.charts.figures), *self.pipeline_map.footer()]
        view = "common energy units" if self.charts.common else "each in its stated unit"
        return [f"Amur Explorer — Energy capacity, {view}",
                *plotted_documents(self.ctx.conn, self.charts.figures), *self.charts.footer()]

    def export_chart(self, path: Path) -> Path:
        from explorer.ui.export_view import report_style
        from explorer.ui.widgets.plot import export_chart

        if self.charts is None:
            raise ValueError("the charts are not drawn yet")
        with report_style(self):
            # the view shown (capacity or map), with the footer that cites it
            (_name, widget), = self.chart_widgets()
            return export_chart(widget, path, self.chart_footer())
