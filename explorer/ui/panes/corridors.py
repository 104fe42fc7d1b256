"""The Corridors pane: a timeline of corridor milestones and a map of routes
above the milestone table. Timeline, map and table show the same filtered
rows, and selecting in any of them selects in the others."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QSplitter, QWidget

from explorer.data import corridors as cd
from explorer.data.export import export_table
from explorer.data.tables import CORRIDORS
from explorer.ui.panes.base import TablePane
from explorer.ui.widgets.table_headers import fit_headers

#: What a sea route's tooltip says of its line: drawn by sea through the map's waypoints
#: (explorer/ui/widgets/map.py, KOREA_STRAIT), not the ships' recorded track.
SEA_NOTE = " (drawn by sea round Korea through fixed waypoints; not the ships' actual track)"


class CorridorsPane(TablePane):
    spec = CORRIDORS
    guide = ("Bridges, ports, railways, freight hubs and shipping routes: milestones (agreed, built, "
             "opened, completed, planned) on a zoomable time axis, and each route drawn at its places' "
             "coordinates. Choose a kind or a country/province; click a milestone or a route to select it.")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.timeline = None
        self.map = None
        self._load()
        self.export_chart_button = QPushButton("Export timeline…")
        self.export_chart_button.setToolTip("Save the timeline as PNG or SVG with its sources beneath it")
        self.export_chart_button.clicked.connect(self._ask_export_timeline)
        self.export_csv_button = QPushButton("Milestones CSV…")
        self.export_csv_button.setToolTip("Save the milestones shown as CSV")
        self.export_csv_button.clicked.connect(self._ask_export_csv)
        for i, w in enumerate((self.export_chart_button, self.export_csv_button), start=self.after_facets()):
            self.toolbar.insertWidget(i, w)
        self.row_selected.connect(self._sync_selection)
        fit_headers(self.table, [col.header for col in self.spec.columns])

    def restore(self, state: dict) -> None:
        """A remembered layout, every header still whole (a saved one can hold narrower columns)."""
        super().restore(state)
        fit_headers(self.table, [col.header for col in self.spec.columns])

    # -- data ---------------------------------------------------------------------------
    def _load(self) -> None:
        self.corridors = cd.load_corridors(self.ctx.conn)
        self.corridor_by_id = {c.corridor_id: c for c in self.corridors}
        self.milestones = cd.load_milestones(self.ctx.conn)
        self.milestone_by_id = {m.event_id: m for m in self.milestones}

    def refresh(self) -> None:
        """The data changed (an import or undo): re-read corridors, routes and milestones."""
        self._load()
        if self.map is not None:
            self._draw_routes()
        super().refresh()

    # -- charts -------------------------------------------------------------------------
    def build_deferred(self) -> None:
        from explorer.ui.widgets.map import MapWidget
        from explorer.ui.widgets.timeline import TimelineWidget, kind_colour

        self._kind_colour = kind_colour
        self.timeline = TimelineWidget()
        self.map = MapWidget()
        # a title that says what the colours are (the timeline's legend names the kinds)
        self.map.plot.setTitle("Routes, coloured by corridor kind", size="10pt")
        self.upper = QSplitter(Qt.Orientation.Horizontal)
        self.upper.setObjectName("corridors-upper")
        self.upper.addWidget(self.timeline)
        self.upper.addWidget(self.map)
        self.upper.setStretchFactor(0, 3)
        self.upper.setStretchFactor(1, 2)
        self.upper.setSizes([760, 500])
        self.add_upper(self.upper, stretch=3)
        self.splitter.setSizes([470, 250])
        self.timeline.picked.connect(self._on_milestone_picked)
        self.map.picked.connect(self._on_route_clicked)
        self._draw_routes()
        self._redraw()
        self.map.fit_routes()

    def _draw_routes(self) -> None:
        self.map.clear_routes()
        for c in self.corridors:
            route = c.located_route
            if len(route) >= 1:
                sea = c.kind == "sea_route"
                label = c.name_en + (SEA_NOTE if sea and len(route) > 1 else "")
                self.map.add_route(c.corridor_id, [(p.lon, p.lat) for p in route], label=label,
                                   colour=self._kind_colour(c.kind), place_labels=[p.name for p in route],
                                   by_sea=sea)

    def visible_keys(self) -> set[str]:
        return cd.visible_keys(self.ctx.conn, self.model.filter)

    def _redraw(self) -> None:
        if self.timeline is None:
            return
        keys = self.visible_keys()
        shown = [m for m in self.milestones if m.event_id in keys]
        ids = {m.corridor_id for m in shown} | (keys & set(self.corridor_by_id))
        self.timeline.set_data([c for c in self.corridors if c.corridor_id in ids], shown, self.conflicts)
        self.map.set_conflicts(self.route_conflicts(keys))
        self.map.set_visible_routes(ids)

    def route_conflicts(self, shown: set[str]) -> dict[str, list]:
        """corridor_id -> the recorded conflicts of the corridor or any of its milestones among
        the rows ``shown`` (a route is marked only for a conflict its click can open)."""
        out: dict[str, list] = {}
        for key, conflicts in self.conflicts.items():
            if key not in shown:
                continue
            milestone = self.milestone_by_id.get(key)
            corridor_id = milestone.corridor_id if milestone else key
            found = out.setdefault(corridor_id, [])
            found += [c for c in conflicts if c not in found]
        return out

    def on_filter_changed(self) -> None:
        self._redraw()

    # -- selection ------------------------------------------------------------------------
    def _on_milestone_picked(self, event_id: str) -> None:
        if not self.select_key(event_id):
            self._sync_selection(event_id)

    def _on_route_clicked(self, corridor_id: str) -> None:
        keys = self.visible_keys()
        shown = [m.event_id for m in self.milestones if m.corridor_id == corridor_id and m.event_id in keys]
        # a route marked for a conflict opens on a milestone in it, so the citation shows the conflict
        first = next((k for k in shown if self.conflicts.get(k)), shown[0] if shown else corridor_id)
        if not self.select_key(first):
            self._sync_selection(first)

    def _sync_selection(self, key: str) -> None:
        milestone = self.milestone_by_id.get(key)
        corridor_id = milestone.corridor_id if milestone else key
        if self.timeline is not None:
            self.timeline.highlight(key if milestone else None, corridor_id)
        if self.map is not None:
            self.map.highlight(corridor_id)

    # -- export -----------------------------------------------------------------------------
    def chart_widgets(self) -> list:
        """The timeline and the route map (File → Export view)."""
        if self.timeline is None:
            return []
        return [("timeline", self.timeline.chart_area), ("map", self.map)]

    def chart_footer(self) -> list[str]:
        keys = self.visible_keys()
        docs = {m.doc_id for m in self.milestones if m.event_id in keys and m.doc_id}
        shown = len(self.timeline.glyphs) if self.timeline else 0
        head = (f"Amur Explorer — corridor milestones ({shown} shown; dates drawn at their stated precision), "
                f"exported {date.today().isoformat()}")
        # whole lines: export_chart wraps them to the width of the chart exported (the
        # timeline or the narrower map), so nothing is cut under either
        return [head, *cd.citation_footer(self.ctx.conn, docs)]

    def export_timeline(self, path: Path) -> Path:
        from explorer.ui.export_view import report_style
        from explorer.ui.widgets.plot import export_chart

        with report_style(self):
            return export_chart(self.timeline.chart_area, path, self.chart_footer())

    def export_milestones(self, path: Path) -> int:
        return export_table(self.ctx.conn, self.spec, path, self.model.filter, self.model.order)

    def _ask_export_timeline(self) -> None:
        if self.timeline is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export timeline", "corridor-timeline.png",
                                              "PNG image (*.png);;SVG image (*.svg)")
        if path:
            self.export_timeline(Path(path))

    def _ask_export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export milestones", "corridors.csv", "CSV (*.csv)")
        if path:
            self.export_milestones(Path(path))
