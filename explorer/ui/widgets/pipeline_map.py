"""The Energy pane's map: each pipeline with two placed ends drawn straight between
them, line width by its largest stated capacity (scaled within each unit), and
the pipelines no document routes drawn along a route from outside the documents
(Global Energy Monitor's tracker, ``explorer.data.energy_routes``), dash-dot and
said to be external in the legend, the tooltip and the citation.

Imported only from ``EnergyPane.build_deferred`` (after first paint).
"""
from __future__ import annotations

import math
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from explorer.data import energy
from explorer.data.conflicts import Conflict
from explorer.data.energy_routes import PUBLISHER, RELEASE, TRACKER, ExternalLink

COMMODITY_COLOURS = {"oil": "#ff7f0e", "gas": "#1f77b4"}
UNPLACED_SHOWN = 6       # unplaced pipelines named under the map; the tooltip names them all
EXTERNAL_STYLE = Qt.PenStyle.DashDotLine


class PipelineMap(QWidget):
    """Pipelines on the shared map. ``picked`` says what was clicked: the figure behind
    a pipeline's line, or the key of an external route (``external``) for its citation."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from explorer.ui.widgets.map import DEFAULT_EXTENT, MapWidget

        self.map = MapWidget()
        self.map.plot.setTitle("Oil and gas pipelines by stated capacity")   # short: it never widens the map
        self.default_extent = DEFAULT_EXTENT
        self.map.picked.connect(self._on_route)
        self.note = QLabel()
        self.note.setObjectName("pipeline-map-legend")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note.setMinimumWidth(200)
        self.links: dict[str, energy.Link] = {}
        self.external: dict[str, ExternalLink] = {}      # route key -> the asset drawn along it
        self.conflicted_figure: dict[str, str] = {}     # asset_id -> a figure of it in a recorded conflict
        # the map as wide as its pipelines' region at this height (the aspect is locked: a
        # full-width map spanned longitudes 55–185, mostly empty); the legend beside it
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.map, 3)
        layout.addWidget(self.note, 1)

    def set_links(self, links: list[energy.Link], unplaced: list[str],
                  external: list[ExternalLink] = ()) -> None:
        """Draw the placed pipelines, and the ``external`` ones along their outside route;
        name the rest (``unplaced``) in the legend."""
        self.map.clear_routes()
        external = [e for e in external if e.asset_id not in {link.asset_id for link in links}]
        self.links = {link.asset_id: link for link in links}
        self.external = {e.route.key: e for e in external}
        widths = energy.line_widths([*links, *external])
        for link in links:
            self.map.add_route(link.asset_id, [link.from_lonlat, link.to_lonlat],
                               label=f"{link.name}: {link.from_name} → {link.to_name}, {_capacity(link)}",
                               width=widths[link.asset_id], colour=_colour(link.commodity),
                               place_labels=[link.from_name, link.to_name])
        for ext in external:
            self._add_external(ext, widths[ext.asset_id])
        self.map.extent = self._extent()
        self.map.reset_view()
        routed = {e.name for e in external}
        self._write_note([name for name in unplaced if name not in routed], external)
        self._fit_width()

    def _add_external(self, ext: ExternalLink, width: float) -> None:
        points = ext.route.points()
        # one name, at the middle of the line: GEM's points are not the documents' places
        names = [""] * len(points)
        names[len(points) // 2] = f"{ext.name} (route: GEM)"
        self.map.add_route(ext.route.key, points, label=f"{ext.name}, {_capacity(ext)} (the documents'). "
                           f"{ext.route.label()}", width=width, colour=_colour(ext.commodity),
                           place_labels=names, style=EXTERNAL_STYLE, dots=False)

    def _extent(self) -> tuple[float, float, float, float]:
        """The region of every drawn pipeline, or the usual region when none is drawn."""
        extent = energy.extent_of(self.links.values())
        points = [p for e in self.external.values() for p in e.route.points()]
        if extent is None and not points:
            return self.default_extent
        lons = [p[0] for p in points] + ([extent[0] + 2, extent[2] - 2] if extent else [])
        lats = [p[1] for p in points] + ([extent[1] + 2, extent[3] - 2] if extent else [])
        return min(lons) - 2.0, min(lats) - 2.0, max(lons) + 2.0, max(lats) + 2.0

    def _write_note(self, unplaced: list[str], external: list[ExternalLink]) -> None:
        swatches = " ".join(f"<span style='color:{c}'>━</span> {k}" for k, c in COMMODITY_COLOURS.items())
        text = (f"{swatches}. Line width: largest stated capacity, compared only within the same unit "
                "(Mt/yr with Mt/yr, bcm/yr with bcm/yr); thin lines state none. Solid lines run straight "
                "between the ends the documents name, not along the real route.")
        for ext in external:
            text += (f"<br><br><b>━ · ━</b> {escape(ext.name)}: route from {PUBLISHER}, {TRACKER} "
                     f"({escape(ext.route.project_id)}, {escape(ext.route.title)}) — <b>external to the "
                     "documents</b>; route only, the figures are the documents'. Click it for the citation.")
        if unplaced:
            # a tracker brings hundreds: the first few here, every one in the tooltip
            shown = unplaced[:UNPLACED_SHOWN]
            more = f" and {len(unplaced) - len(shown):,} more (hover to read them all)" if len(unplaced) > len(shown) else ""
            text += ("<br><br>Not on the map (an end unknown, without coordinates, or only a country): "
                     + escape(", ".join(shown)) + more + ".")
        self.note.setText(text)
        self.note.setToolTip("Not on the map: " + ", ".join(unplaced) if unplaced else "")

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_width()

    def _fit_width(self) -> None:
        """At most as wide as the drawn region at the map's height (plus its axis): the
        rest of the row goes to the legend."""
        lon0, lat0, lon1, lat1 = self.map.extent
        shrink = math.cos(math.radians((lat0 + lat1) / 2))
        aspect = (lon1 - lon0) * shrink / max(lat1 - lat0, 1e-6)
        # this widget's own height (the map's is laid out only after this resize): less the
        # title, the axis and the attribution line
        room = max(self.height() - 80, 100)
        width = max(320, int(room * aspect) + 80)
        if width != self.map.maximumWidth():
            self.map.setMaximumWidth(width)
            # once the map has its new width: the pipelines' region again, whole
            QTimer.singleShot(0, self, self.map.reset_view)

    def set_conflicts(self, by_asset: dict[str, tuple[str, list[Conflict]]]) -> None:
        """Mark the pipelines whose figures are in a recorded conflict; a click opens that figure."""
        self.conflicted_figure = {asset: figure for asset, (figure, _c) in by_asset.items()}
        route_of = {e.asset_id: key for key, e in self.external.items()}
        self.map.set_conflicts({route_of.get(asset, asset): found for asset, (_f, found) in by_asset.items()})

    def show_assets(self, names: set[str]) -> None:
        """Show only the pipelines among these asset names (the pane's filter)."""
        shown = [k for k, link in self.links.items() if link.name in names]
        shown += [k for k, ext in self.external.items() if ext.name in names]
        self.map.set_visible_routes(shown)

    def footer(self) -> list[str]:
        """A line under an exported map for each external route shown: whose route it is."""
        return [f"Route of {e.name}: {PUBLISHER}, {TRACKER}, pipelines export ({e.route.project_id}, "
                f"{e.route.title}; {RELEASE}); external to the documents, route only"
                for key, e in self.external.items() if self.map.routes[key].visible]

    def _on_route(self, key: str) -> None:
        self.map.highlight(key)
        if key in self.external:            # its citation is GEM's, not a figure's
            self.picked.emit(key)
            return
        link = self.links.get(key)
        # a marked pipeline opens on its conflicted figure, so the citation shows the conflict
        figure_id = self.conflicted_figure.get(key) or (link.figure_id if link else None)
        if figure_id:
            self.picked.emit(figure_id)


def _capacity(link) -> str:
    return f"{link.capacity:g} {link.unit}" if link.capacity is not None else "no capacity stated"


def _colour(commodity: str | None) -> str:
    return COMMODITY_COLOURS.get(commodity or "", "#7f7f7f")
