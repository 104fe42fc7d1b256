"""Pipeline routes from outside the documents, drawn on the Energy map.

No seed document gives a route for Power of Siberia, the key gas pipeline to
China, so its line comes from Global Energy Monitor's Global Gas
Infrastructure Tracker (GGIT): the geometry of project P2352, kept byte for
byte in ``db/sources/gem_ggit_power_of_siberia/`` (SOURCE.md there says where
it was read). Only the geometry is taken: GEM's capacity and status never
reach a curated figure. Every route says it is external and cites GEM.

The WKT text is held here (not read from db/ at run time: a frozen build ships
only the database), and ``tests/data/test_energy_routes.py`` checks it against
the kept file.

No Qt here: the map draws what ``external_routes`` returns.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from explorer.data.citations import Citation
from explorer.data.energy import CAPACITY_MEASURES, commodity_name

#: The kept copy of the publisher's line, relative to the project's db/ folder.
KEPT_FILE = "sources/gem_ggit_power_of_siberia/gem_ggit_pipelines_P2352.csv"
PUBLISHER = "Global Energy Monitor"
TRACKER = "Global Gas Infrastructure Tracker"
TRACKER_URL = "https://globalenergymonitor.org/projects/global-gas-infrastructure-tracker/"
#: The file names no release; its copy was committed on 10 June 2022.
RELEASE = "release not named in the file; the copy is dated 10 June 2022, so that release or an earlier one"
ORIGIN = ("GitHub muratk5n/thirdwave, en/2019/05/pipelines.csv, commit "
          "4fe1a0eb221fcf106022b637f6ef72fca001e719")

_LINESTRING = re.compile(r"^\s*LINESTRING\s*\((?P<body>[^()]*)\)\s*$", re.IGNORECASE)


class RouteGeometryError(ValueError):
    """A WKT text that is not a LINESTRING of longitude/latitude pairs."""


def linestring_points(wkt: str) -> list[tuple[float, float]]:
    """The (lon, lat) points of a WKT ``LINESTRING (lon lat, lon lat, ...)``, in order.

    Anything else (a MULTILINESTRING, a point with three numbers, a latitude past
    90°) is refused: a route drawn from a misread geometry would mislead."""
    match = _LINESTRING.match(wkt)
    if not match:
        raise RouteGeometryError(f"expected a WKT LINESTRING, found {wkt[:40]!r}")
    points = []
    for pair in match.group("body").split(","):
        numbers = pair.split()
        if len(numbers) != 2:
            raise RouteGeometryError(f"expected 'longitude latitude', found {pair.strip()!r}")
        lon, lat = (float(n) for n in numbers)
        if not (-180.0 <= lon <= 360.0 and -90.0 <= lat <= 90.0):
            raise RouteGeometryError(f"not a longitude/latitude pair: {pair.strip()!r}")
        points.append((lon, lat))
    if len(points) < 2:
        raise RouteGeometryError("a route needs at least two points")
    return points


@dataclass(frozen=True)
class GemRoute:
    """One pipeline segment's route as GEM's tracker draws it, for a curated asset."""

    asset_id: str          # the curated asset (db/energy_assets.csv) the route is drawn for
    project_id: str        # GEM's ProjectID
    pipeline: str          # GEM's PipelineName
    segment: str           # GEM's SegmentName
    start: str             # GEM's StartLocation
    end: str               # GEM's EndLocation
    wkt: str               # GEM's WKTFormat, verbatim

    @property
    def key(self) -> str:
        """The map's name for the route (never a table row's key)."""
        return f"gem:{self.project_id}"

    def points(self) -> list[tuple[float, float]]:
        return linestring_points(self.wkt)

    @property
    def title(self) -> str:
        return f"{self.pipeline}, {self.segment}" if self.segment else self.pipeline

    def label(self) -> str:
        """The route's tooltip and legend line: what it is and that it is external."""
        return (f"{self.title}: {self.start} → {self.end}. Route from {PUBLISHER}, {TRACKER} "
                f"({self.project_id}), external to the documents")

    def citation(self) -> Citation:
        """What the citation panel shows for the route: GEM's tracker and file, no document's quote."""
        return Citation(
            doc_id=None,
            title=f"{TRACKER}, pipelines export: {self.title} ({self.project_id}) — external to the documents",
            publisher=PUBLISHER, author=None, published=None, url=TRACKER_URL, doi=None, quote=None,
            original_source=f"{ORIGIN}; kept as db/{KEPT_FILE}",
            figure=(f"route only ({len(self.points())} points, WKT LINESTRING, {self.start} → {self.end}); "
                    "GEM's capacity and status are not used — the figures shown are the documents'"),
            inferred=RELEASE,
        )


#: Power of Siberia, phase I (from Yakutia, the Chayandinskoye field, to Blagoveshchensk on the
#: Chinese border): GGIT line P2352, its names and geometry verbatim.
POWER_OF_SIBERIA = GemRoute(
    asset_id="power-of-siberia",
    project_id="P2352",
    pipeline="Power of Siberia Gas Pipeline",
    segment="Phase I",
    start="Yakutia",
    end="Blagoveshchensk",
    wkt=("LINESTRING (127.967698 50.237342, 127.848749 50.736836, 127.682219 51.231059, 127.56327 51.64628, "
         "127.46811 52.057734, 127.349161 52.49441, 127.016102 52.696721, 126.659254 52.826286, "
         "126.207246 53.069968, 125.850398 53.241154, 125.30323 53.609717, 124.779853 53.72248, "
         "123.994786 53.778747, 122.876662 53.961098, 122.448443 54.281774, 120.592832 55.660769, "
         "120.117034 56.008128, 119.522287 56.457699, 118.76101 57.018747, 118.309003 57.366766, "
         "117.880784 57.673371)"),
)

#: Every external route the app knows.
GEM_ROUTES: tuple[GemRoute, ...] = (POWER_OF_SIBERIA,)


@dataclass(frozen=True)
class ExternalLink:
    """A curated asset drawn along an external route: the asset's own name, commodity and
    largest stated capacity (from the documents), the route's geometry from GEM."""

    route: GemRoute
    name: str
    commodity: str | None
    capacity: float | None
    unit: str | None
    figure_id: str | None

    @property
    def asset_id(self) -> str:
        return self.route.asset_id


def external_links(conn: sqlite3.Connection) -> list[ExternalLink]:
    """The external routes whose curated asset is in the workspace, with that asset's
    largest stated capacity (a document's figure, never GEM's)."""
    caps = ", ".join("?" for _ in CAPACITY_MEASURES)
    out = []
    for route in GEM_ROUTES:
        asset = conn.execute("SELECT name_en, commodity FROM all_energy_assets WHERE asset_id = ?",
                             (route.asset_id,)).fetchone()
        if asset is None:
            continue
        top = conn.execute(
            f"SELECT value, unit, figure_id FROM all_energy_figures WHERE asset_id = ? AND measure IN ({caps}) "
            "AND value IS NOT NULL ORDER BY value DESC, figure_id LIMIT 1",
            (route.asset_id, *CAPACITY_MEASURES)).fetchone() or (None, None, None)
        out.append(ExternalLink(route, asset[0], commodity_name(asset[1]), *top))
    return out
