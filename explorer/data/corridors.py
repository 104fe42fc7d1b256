"""Corridors, their routes and their dated milestones, for the Corridors pane.

Dates stay at their real precision: a milestone dated ``2022-11`` covers the
whole of November 2022 (``DateSpan``), and is described as "November 2022
(month precision)", never as a made-up day. Which corridors and milestones
are shown follows the pane's table filter exactly (``visible_keys``).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from explorer.data.calendar_days import DAY_SECONDS, day_number, is_valid_day
from explorer.data.citations import source_lines
from explorer.data.formatting import date_parts, format_date
from explorer.data.filters import Filter
from explorer.data.subject_reads import SubjectEvent, filtered_keys, subject_events
from explorer.data.tables import CORRIDORS, TableSpec

#: Corridor kinds in the order the timeline groups them.
KIND_ORDER = ("rail", "road", "bridge", "ropeway", "port", "sea_route", "hub", "corridor", "passage")
KIND_LABELS = {
    "rail": "Rail", "road": "Road", "bridge": "Bridge", "ropeway": "Ropeway", "port": "Port",
    "sea_route": "Sea route", "hub": "Freight hub", "corridor": "Corridor", "passage": "Passage",
}
#: Milestone kinds, in legend order (events.event for subject_type 'corridor').
EVENT_ORDER = ("agreed", "signed", "approved", "announced", "established", "construction",
               "completed", "opened", "operating", "effective", "planned", "target", "meeting", "expired")
#: Places too large to stand for a point on a route (a country's centroid is not on the way).
AREA_KINDS = ("country", "region", "federal_district")
#: Place kinds offered as a region filter (with countries).
REGION_KINDS = ("province", "krai", "oblast", "autonomous_oblast", "federal_district", "region")


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", (kind or "other").replace("_", " ").capitalize())


# -- dates at their precision -----------------------------------------------------

@dataclass(frozen=True)
class DateSpan:
    """The stretch of time a date at its precision stands for: [start, end), as days counted
    from 1970-01-01 (explorer.data.calendar_days), so that a year BCE has its place too."""

    start: int                # first day
    end: int                  # the day after the last (exclusive)
    precision: str            # year|quarter|month|day

    def start_ts(self) -> float:
        return float(self.start * DAY_SECONDS)

    def end_ts(self) -> float:
        return float(self.end * DAY_SECONDS)

    def mid_ts(self) -> float:
        return (self.start_ts() + self.end_ts()) / 2.0


def parse_date(text: str | None, precision: str | None = None) -> DateSpan | None:
    """'2022' / '2022-Q3' / '2022-11' / '2022-11-25' / '-0499' (500 BCE) as the span it covers.

    An interval ('2023-01/2023-09') gives the span from the start of the first
    part to the end of the second. The precision stated in the data wins over
    the one the text implies only when it is coarser (a '2022-06-01' stated to
    be month precision covers June)."""
    if not text:
        return None
    text = text.strip()
    if "/" in text:
        a, _, b = text.partition("/")
        first, last = parse_date(a, None), parse_date(b, None)
        if first is None or last is None:
            return None
        return DateSpan(first.start, last.end, first.precision)
    p = date_parts(text, precision)
    if p is None:
        return None
    if p.precision == "year":
        return DateSpan(day_number(p.year), day_number(p.year + 1), "year")
    if p.precision in ("quarter", "month"):
        first, months = (3 * p.quarter - 2, 3) if p.precision == "quarter" else (p.month, 1)
        return DateSpan(day_number(p.year, first), _month_start(p.year, first + months), p.precision)
    if not is_valid_day(p.year, p.month, p.day):        # 31 June: not a date
        return None
    start = day_number(p.year, p.month, p.day)
    return DateSpan(start, start + 1, "day")


def _month_start(year: int, month: int) -> int:
    """The first day of ``month`` of ``year``, a month past December running into the next year."""
    return day_number(year + (month - 1) // 12, (month - 1) % 12 + 1)


# -- corridors and their routes ------------------------------------------------------

@dataclass(frozen=True)
class RoutePlace:
    seq: int
    place_id: str
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    kind: str | None = None


@dataclass
class Corridor:
    corridor_id: str
    name_en: str
    name_ru: str | None
    name_zh: str | None
    kind: str
    status: str | None
    route: list[RoutePlace] = field(default_factory=list)
    regions: set[str] = field(default_factory=set)        # place_ids of countries and provinces it touches

    @property
    def located_route(self) -> list[RoutePlace]:
        """The route's places that stand for a point and have coordinates, in order."""
        return [p for p in self.route if p.lat is not None and p.lon is not None and p.kind not in AREA_KINDS]


def load_corridors(conn: sqlite3.Connection) -> list[Corridor]:
    """Every corridor (curated and imported) with its ordered route and regions."""
    corridors: dict[str, Corridor] = {}
    provinces: dict[str, str] = {}
    for cid, en, ru, zh, kind, status, prov in conn.execute(
            "SELECT corridor_id, name_en, name_ru, name_zh, kind, status, provinces FROM all_corridors "
            "ORDER BY corridor_id"):
        corridors[cid] = Corridor(cid, en, ru, zh, kind, status)
        provinces[cid] = prov or ""
    places = _places(conn)
    for cid, seq, pid in conn.execute(
            "SELECT corridor_id, seq, place_id FROM all_corridor_places ORDER BY corridor_id, seq"):
        corridor = corridors.get(cid)
        if corridor is None:
            continue
        name, lat, lon, country, kind, _parent = places.get(pid, (pid, None, None, None, None, None))
        corridor.route.append(RoutePlace(seq, pid, name, lat, lon, country, kind))
    for cid, corridor in corridors.items():
        touched = [p.place_id for p in corridor.route]
        touched += [p.strip() for p in provinces[cid].split(";") if p.strip()]
        corridor.regions = _enclosing(touched, places)
    return list(corridors.values())


def _places(conn: sqlite3.Connection) -> dict[str, tuple]:
    return {pid: (name or pid, lat, lon, country, kind, parent) for pid, name, lat, lon, country, kind, parent
            in conn.execute("SELECT place_id, name_en, lat, lon, country, kind, parent_id FROM all_places")}


def _enclosing(place_ids: list[str], places: dict[str, tuple]) -> set[str]:
    """The places and everything enclosing them (city -> province -> country)."""
    country_place = {v[3]: pid for pid, v in places.items() if v[4] == "country" and v[3]}
    out: set[str] = set()
    for pid in place_ids:
        seen = 0
        while pid and pid not in out and seen < 10:
            out.add(pid)
            info = places.get(pid)
            if info is None:
                break
            if info[3] in country_place:
                out.add(country_place[info[3]])
            pid, seen = info[5], seen + 1
    return out


def region_options(conn: sqlite3.Connection, corridors: list[Corridor] | None = None) -> list[tuple[str, str]]:
    """(place_id, label) of the countries, then provinces, that some corridor touches."""
    corridors = load_corridors(conn) if corridors is None else corridors
    touched = set().union(*(c.regions for c in corridors)) if corridors else set()
    places = _places(conn)
    countries = sorted((places[p][0], p) for p in touched if p in places and places[p][4] == "country")
    regions = sorted((places[p][0], p) for p in touched if p in places and places[p][4] in REGION_KINDS)
    return [(p, name) for name, p in countries] + [(p, name) for name, p in regions]


# -- milestones -------------------------------------------------------------------------

@dataclass(frozen=True)
class Milestone(SubjectEvent):
    value: float | None
    unit: str | None

    @property
    def corridor_id(self) -> str:
        return self.subject_id

    @property
    def span(self) -> DateSpan | None:
        return parse_date(self.date, self.date_precision)

    @property
    def end_span(self) -> DateSpan | None:
        return parse_date(self.date_end, self.date_end_precision)

    @property
    def is_span(self) -> bool:
        return self.span is not None and self.end_span is not None

    def x_range(self) -> tuple[float, float] | None:
        """Start and end (epoch seconds, UTC) of the time the milestone covers."""
        span = self.span
        if span is None:
            return None
        end = self.end_span
        return span.start_ts(), (end.end_ts() if end else span.end_ts())

    def when(self) -> str:
        text = format_date(self.date, self.date_precision)
        if self.date_end:
            text += f" until {format_date(self.date_end, self.date_end_precision)}"
        return text


def load_milestones(conn: sqlite3.Connection) -> list[Milestone]:
    """Every corridor milestone (events with subject_type 'corridor'), in date order."""
    return subject_events(conn, "corridor", Milestone, undated_last=True)


def visible_keys(conn: sqlite3.Connection, flt: Filter, spec: TableSpec = CORRIDORS) -> set[str]:
    """Keys (event_id, or corridor_id for a corridor without milestones) of the table's rows under ``flt``."""
    return set(filtered_keys(conn, spec, flt))


def corridor_names_in_region(corridors: list[Corridor], place_id: str) -> tuple[str, ...]:
    """Names of the corridors that touch a country or province (for the table's facet)."""
    return tuple(sorted({c.name_en for c in corridors if place_id in c.regions}))


def citation_footer(conn: sqlite3.Connection, doc_ids: set[str]) -> list[str]:
    """One line per document the given rows come from, oldest first."""
    if not doc_ids:
        return []
    marks = ", ".join("?" * len(doc_ids))
    ordered = [r[0] for r in conn.execute(f"SELECT doc_id FROM all_documents WHERE doc_id IN ({marks}) "
                                          "ORDER BY published, title", sorted(doc_ids))]
    return source_lines(conn, ordered)


# -- the pane's facets (explorer.data.tables.CORRIDORS declares them) -------------------------

def kind_choices(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(label, kind) of the corridor kinds present, in the timeline's order, then any other."""
    present = {k for (k,) in conn.execute("SELECT DISTINCT kind FROM all_corridors") if k}
    kinds = [k for k in KIND_ORDER if k in present] + sorted(present - set(KIND_ORDER))
    return [(kind_label(k), k) for k in kinds]


def region_choices(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(name, place_id) of the countries, then provinces, that some corridor touches."""
    return [(name, place_id) for place_id, name in region_options(conn)]


def corridors_in_region(conn: sqlite3.Connection, place_id: str) -> dict[str, tuple[str, ...]]:
    """The table's rows a region keeps: those of the corridors that touch it."""
    return {"corridor": corridor_names_in_region(load_corridors(conn), place_id)}
