"""A small offline map of Northeast Asia: coastlines and land borders from
Natural Earth 1:110m (resources/map/ne_110m_region.json, public domain) under
routes drawn at their real coordinates. Shared by the Corridors pane (routes)
and the Energy pane (pipelines).

    m = MapWidget()
    m.add_route("primorye-1", [(126.6, 45.8), (131.9, 43.1)], label="Primorye-1",
                place_labels=["Harbin", "Vladivostok"], colour="#1f77b4")
    m.highlight("primorye-1")
    m.picked.connect(lambda key: ...)

Coordinates are (lon, lat) in degrees; the view is an equirectangular
projection with its aspect set for the latitude of the region, so shapes
look right there. Imported only after first paint (it imports pyqtgraph).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from explorer.data.conflicts import Conflict
from explorer.paths import resources_dir
from explorer.ui.widgets import conflict_marks
from explorer.ui.widgets.plot import SERIES_COLOURS, Hit, HitHover, pg

pgm = pg()

REGION_FILE = "ne_110m_region.json"
#: The view the map opens on (lon_min, lat_min, lon_max, lat_max).
DEFAULT_EXTENT = (115.0, 38.0, 140.0, 56.0)
COUNTRY_NAMES = {"CN": "CHINA", "RU": "RUSSIA", "MN": "MONGOLIA", "KP": "N. KOREA", "KR": "S. KOREA",
                 "JP": "JAPAN"}
HIGHLIGHT = "#ffb000"
#: How near a route (in pixels) the pointer must be to hover or pick it.
ROUTE_REACH = 8.0


def _distance_to_segment(p: QPointF, a: QPointF, b: QPointF) -> float:
    """Pixels from ``p`` to the segment a–b."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length2))
    return math.hypot(p.x() - (a.x() + t * dx), p.y() - (a.y() + t * dy))


#: Sea lanes round the Korean peninsula, east to west: the Korea Strait, then south of Jeju.
KOREA_STRAIT = ((129.7, 34.7), (128.2, 33.9), (126.6, 32.9))


def _sea_side(lon: float, lat: float) -> str:
    """Which sea a port lies on, seen from the Korean peninsula: "east" (Sea of Japan),
    "west" (Yellow and East China Seas) or "" (neither, or inland)."""
    if lon >= 128.6 and lat >= 34.9:
        return "east"
    if lon <= 127.0 and lat <= 41.0:
        return "west"
    return ""


def sea_lane(points: list[tuple[float, float]]) -> tuple[list[tuple[float, float]], list[bool]]:
    """A shipping route's path by sea: between a port on the Sea of Japan and one on the
    Yellow or East China Sea the line goes round Korea through the Korea Strait, never
    across the peninsula. Returns the path and, for each of its points, whether it is
    one of the route's places (True) or a sea waypoint (False)."""
    path, places = [], []
    for i, point in enumerate(points):
        if i:
            sides = (_sea_side(*points[i - 1]), _sea_side(*point))
            if sides in (("east", "west"), ("west", "east")):
                lane = KOREA_STRAIT if sides[0] == "east" else KOREA_STRAIT[::-1]
                path += lane
                places += [False] * len(lane)
        path.append(point)
        places.append(True)
    return path, places


def load_region() -> dict | None:
    """The bundled outlines, or None when the resource is missing (routes still draw)."""
    path = resources_dir() / "map" / REGION_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass
class Route:
    key: str
    points: list[tuple[float, float]]
    label: str
    width: float
    colour: str
    curve: object = None
    labels: list = field(default_factory=list)
    path: list = field(default_factory=list)        # what is drawn: the points and any sea waypoints
    is_place: list = field(default_factory=list)
    visible: bool = True
    style: Qt.PenStyle = Qt.PenStyle.SolidLine     # dash-dot: a route from outside the documents


class MapWidget(HitHover, QWidget):
    """Routes over coastlines and borders. A route is a hit of the shared scheme: hover
    shows what it is (and any recorded conflict), a click says ``picked`` with its key."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None, extent: tuple[float, float, float, float] = DEFAULT_EXTENT) -> None:
        super().__init__(parent)
        self.setObjectName("map")
        self.routes: dict[str, Route] = {}
        self.highlighted: str | None = None
        self.conflicts: dict[str, list[Conflict]] = {}     # route key -> recorded conflicts it is in
        self._conflict_item = None
        self._place_labels: dict[tuple[float, float], object] = {}
        self.plot = pgm.PlotWidget()
        self.plot.setMinimumSize(240, 200)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setLabel("bottom", "longitude °E")
        item.setLabel("left", "latitude °N")
        mid_lat = (extent[1] + extent[3]) / 2
        # a degree of longitude is cos(lat) of a degree of latitude on the ground
        # (pyqtgraph's ratio is pixels per x unit over pixels per y unit)
        item.getViewBox().setAspectLocked(True, ratio=math.cos(math.radians(mid_lat)))
        self.extent = extent
        self.region = load_region()
        self.attribution = QLabel()
        self.attribution.setObjectName("map-attribution")
        font = self.attribution.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        self.attribution.setFont(font)
        self.attribution.setText(self.region["attribution"] if self.region else
                                 "Outlines unavailable: routes drawn over a longitude/latitude grid.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.attribution)
        self.watch_hits(self.plot.scene(), self.plot)
        self._layout_timer = QTimer(self, singleShot=True, interval=0)
        self._layout_timer.timeout.connect(self.layout_labels)
        self.plot.getPlotItem().getViewBox().sigRangeChanged.connect(self._schedule_layout)
        self.plot.getPlotItem().getViewBox().sigResized.connect(self._schedule_layout)
        self._draw_base()
        self.reset_view()

    # -- base map -----------------------------------------------------------------------
    def _draw_base(self) -> None:
        self._country_labels: list = []
        if not self.region:
            return
        item = self.plot.getPlotItem()
        coast = pgm.mkPen(QColor(90, 120, 150), width=1)
        for line in self.region.get("coastlines", []):
            self._polyline(item, line, coast, z=-20)
        for border in self.region.get("borders", []):
            china_russia = set(border["between"]) == {"CN", "RU"}
            pen = pgm.mkPen(QColor(200, 60, 60) if china_russia else QColor(140, 140, 140),
                            width=2 if china_russia else 1, style=Qt.PenStyle.DashLine)
            for line in border["lines"]:
                self._polyline(item, line, pen, z=-19)
        for lab in self.region.get("labels", []):
            text = pgm.TextItem(COUNTRY_NAMES.get(lab["country"], lab["country"]), color=QColor(150, 150, 150),
                                anchor=(0.5, 0.5))
            text.setPos(lab["lon"], lab["lat"])
            text.setZValue(-18)
            item.addItem(text, ignoreBounds=True)
            self._country_labels.append(text)

    @staticmethod
    def _polyline(item, line, pen, z: float) -> None:
        curve = pgm.PlotCurveItem([p[0] for p in line], [p[1] for p in line], pen=pen)
        curve.setZValue(z)
        item.addItem(curve, ignoreBounds=True)

    def reset_view(self) -> None:
        lon0, lat0, lon1, lat1 = self.extent
        self.plot.setRange(xRange=(lon0, lon1), yRange=(lat0, lat1), padding=0)

    # -- routes -----------------------------------------------------------------------------
    def add_route(self, key: str, points: list[tuple[float, float]], label: str = "", width: float = 2.5,
                  colour: str | None = None, place_labels: list[str] | None = None, by_sea: bool = False,
                  style: Qt.PenStyle = Qt.PenStyle.SolidLine, dots: bool = True) -> None:
        """Draw (or redraw) a route through ``points`` (lon, lat), optionally naming each point;
        ``by_sea`` draws a shipping route round the land (see ``sea_lane``); ``style`` is the
        line's pen style (the Energy map draws a route from outside the documents dash-dot);
        ``dots=False`` puts no dot on the points (a traced route's vertices are not places)."""
        self.remove_route(key)
        colour = colour or SERIES_COLOURS[len(self.routes) % len(SERIES_COLOURS)]
        route = Route(key, list(points), label or key, width, colour, style=style)
        path, route.is_place = sea_lane(list(points)) if by_sea else (list(points), [dots] * len(points))
        route.path = path
        curve = pgm.PlotDataItem([p[0] for p in path], [p[1] for p in path], pen=pgm.mkPen(colour, width=width),
                                 symbol="o", symbolSize=self._symbol_sizes(route, 6), symbolBrush=colour,
                                 symbolPen=pgm.mkPen("w"))
        curve.setToolTip(route.label)
        curve.curve.setToolTip(route.label)
        self.plot.addItem(curve)
        route.curve = curve
        for (lon, lat), name in zip(points, place_labels or []):
            self._add_place_label(route, lon, lat, name)
        self.routes[key] = route
        self._restyle()
        self._draw_conflict_marks()
        self._schedule_layout()

    def _add_place_label(self, route: Route, lon: float, lat: float, name: str) -> None:
        spot = (round(lon, 2), round(lat, 2))
        label = self._place_labels.get(spot)
        if name and label is None:
            label = pgm.TextItem(name, color=self.palette().color(QPalette.ColorRole.Text), anchor=(0, 1))
            label.setPos(lon, lat)
            label.setZValue(8)
            self.plot.addItem(label, ignoreBounds=True)
            self._place_labels[spot] = label
        if label is not None:
            route.labels.append(label)        # a place on several routes is named once

    def remove_route(self, key: str) -> None:
        route = self.routes.pop(key, None)
        if route is None:
            return
        self.plot.removeItem(route.curve)
        still_used = {id(t) for r in self.routes.values() for t in r.labels}
        for text in route.labels:
            if id(text) not in still_used:
                self.plot.removeItem(text)
                self._place_labels = {k: v for k, v in self._place_labels.items() if v is not text}
        self._draw_conflict_marks()
        self._schedule_layout()

    # -- recorded conflicts -------------------------------------------------------------
    def set_conflicts(self, conflicts: dict[str, list[Conflict]]) -> None:
        """Mark each route in a recorded conflict (route key -> conflicts) at its middle."""
        self.conflicts = {k: v for k, v in conflicts.items() if v}
        self._draw_conflict_marks()

    @property
    def conflict_marked(self) -> set[str]:
        """The shown routes that carry a conflict mark."""
        return {k for k, r in self.routes.items() if r.visible and k in self.conflicts}

    @staticmethod
    def _middle(route: Route) -> tuple[float, float]:
        path = route.path or route.points
        if len(path) % 2:
            return path[len(path) // 2]
        (x0, y0), (x1, y1) = path[len(path) // 2 - 1], path[len(path) // 2]
        return (x0 + x1) / 2, (y0 + y1) / 2

    def _draw_conflict_marks(self) -> None:
        if self._conflict_item is not None:
            self.plot.removeItem(self._conflict_item)
            self._conflict_item = None
        points = [(*self._middle(self.routes[k]), k, self.conflicts[k]) for k in sorted(self.conflict_marked)]
        for key, route in self.routes.items():
            tip = conflict_marks.with_conflicts(route.label, self.conflicts.get(key))
            route.curve.setToolTip(tip)
            route.curve.curve.setToolTip(tip)
        if points:
            # the mark sits on its route's middle: hovering or clicking it is the route's hit
            self._conflict_item = conflict_marks.mark_item(points, pgm)
            self.plot.addItem(self._conflict_item, ignoreBounds=True)

    # -- hover and click: the shared scheme ------------------------------------------------
    def hit_at(self, scene_pos: QPointF) -> Hit | None:
        """The shown route nearest the pointer, within ROUTE_REACH pixels of its line (the
        highlighted one first where two are as near)."""
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        nearest: tuple[float, bool, str] | None = None
        for key, route in self.routes.items():
            if not route.visible:
                continue
            pixels = [vb.mapViewToScene(QPointF(lon, lat)) for lon, lat in route.path or route.points]
            gap = min(_distance_to_segment(scene_pos, a, b) for a, b in zip(pixels, pixels[1:] or pixels))
            candidate = (gap, key != self.highlighted, key)
            if gap <= ROUTE_REACH and (nearest is None or candidate < nearest):
                nearest = candidate
        if nearest is None:
            return None
        key = nearest[2]
        return Hit(vb, key, conflict_marks.with_conflicts(self.routes[key].label, self.conflicts.get(key)))

    # -- place labels ---------------------------------------------------------------------
    def _schedule_layout(self, *_args) -> None:
        self._layout_timer.start()

    def layout_labels(self) -> None:
        """Name as many places as fit without overlap and inside the map: the selected
        route's first, then route ends, then the rest; a label tries four sides of its
        point. Country names last, where they fit whole."""
        vb = self.plot.getPlotItem().getViewBox()
        vb.prepareForPaint()        # a new range reaches the view's transform only at paint
        view = vb.sceneBoundingRect()
        ends = {id(r.labels[i]) for r in self.routes.values() if r.visible and r.labels for i in (0, -1)}
        chosen = {id(t) for t in self.routes[self.highlighted].labels} if self.highlighted else set()
        visible = {id(t) for r in self.routes.values() if r.visible for t in r.labels}
        labels = sorted(self._place_labels.values(),
                        key=lambda t: (id(t) not in chosen, id(t) not in ends, t.toPlainText()))
        taken: list = []
        for text in labels:
            placed = False
            if id(text) in visible:
                point = vb.mapViewToScene(text.pos())
                size = text.textItem.boundingRect().size()      # the text's own pixels, margins and all
                w, h = size.width(), size.height()
                for ax, ay in ((0, 1), (1, 0), (0, 0), (1, 1)):
                    rect = QRectF(point.x() - ax * w, point.y() - ay * h, w, h)
                    if view.contains(rect) and not any(rect.intersects(r) for r in taken):
                        text.setAnchor((ax, ay))
                        taken.append(rect)
                        placed = True
                        break
            text.setVisible(placed)
        for text in getattr(self, "_country_labels", []):
            point = vb.mapViewToScene(text.pos())
            size = text.textItem.boundingRect().size()
            rect = QRectF(point.x() - size.width() / 2, point.y() - size.height() / 2, size.width(), size.height())
            fits = view.contains(rect) and not any(rect.intersects(r) for r in taken)
            text.setVisible(fits)
            if fits:
                taken.append(rect)

    def clear_routes(self) -> None:
        for key in list(self.routes):
            self.remove_route(key)
        self.highlighted = None

    def fit_routes(self, margin: float = 1.5) -> None:
        """Zoom to the visible routes (or the default extent when none has a place)."""
        pts = [p for r in self.routes.values() if r.visible for p in r.points]
        if not pts:
            self.reset_view()
            return
        lons, lats = [p[0] for p in pts], [p[1] for p in pts]
        self.plot.setRange(xRange=(min(lons) - margin, max(lons) + margin),
                           yRange=(min(lats) - margin, max(lats) + margin), padding=0)
        self._schedule_layout()

    def set_visible_routes(self, keys) -> None:
        """Show only these routes (others stay loaded, hidden)."""
        keys = set(keys)
        for route in self.routes.values():
            route.visible = route.key in keys
            route.curve.setVisible(route.visible)
        self._draw_conflict_marks()
        self._schedule_layout()

    def highlight(self, key: str | None) -> None:
        """Draw one route thick and on top, the others faded; None restores them all."""
        self.highlighted = key if key in self.routes else None
        self._restyle()
        self._schedule_layout()

    def _restyle(self) -> None:
        for route in self.routes.values():
            colour = QColor(route.colour)
            if self.highlighted is None:
                pen, z = pgm.mkPen(colour, width=route.width, style=route.style), 1
            elif route.key == self.highlighted:
                pen, z = pgm.mkPen(colour, width=route.width + 3, style=route.style), 10
                route.curve.setShadowPen(pgm.mkPen(HIGHLIGHT, width=route.width + 8))
            else:
                colour.setAlpha(90)
                pen, z = pgm.mkPen(colour, width=route.width, style=route.style), 1
            if route.key != self.highlighted:
                route.curve.setShadowPen(None)
            route.curve.setPen(pen)
            route.curve.setSymbolSize(self._symbol_sizes(route, 11 if route.key == self.highlighted else 6))
            route.curve.setSymbolBrush(pen.color())
            route.curve.setZValue(z)

    @staticmethod
    def _symbol_sizes(route: Route, size: float):
        """A dot on each of the route's places, none on a sea waypoint."""
        if all(route.is_place):
            return size
        return [size if place else 0 for place in route.is_place]

    def route_pen_width(self, key: str) -> float:
        return self.routes[key].curve.opts["pen"].widthF()

    def is_highlighted(self, key: str) -> bool:
        return self.highlighted == key
