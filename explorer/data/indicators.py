"""Indicator series for the Indicators pane's chart: rows of the pane's table
(same filter, same names) grouped into one series per indicator, place,
unit, price basis and publisher. Series are never added together; the chart
gives each unit (with its price basis) an axis of its own."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from explorer.data.citations import document_title, source_lines
from explorer.data.filters import Filter
from explorer.data.tables import INDICATORS

#: Series drawn at most; the rest are counted, and facets narrow the choice.
MAX_SERIES = 8
#: Unit panels drawn at most (one y axis each).
MAX_UNITS = 4

_PERIOD = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(\d{2}))(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class IndicatorPoint:
    period: str                 # as stored, at its precision
    x: float                    # position on a year axis (2022-07 -> 2022.5)
    value: float
    key: str                    # the row's figure_id, to select it in the table


@dataclass(frozen=True)
class IndicatorSeries:
    indicator: str
    place: str                  # the name shown in the table
    unit: str | None
    price_basis: str | None
    publisher: str | None
    points: tuple[IndicatorPoint, ...]

    @property
    def axis(self) -> str:
        """The y axis this series is drawn on: its unit with its price basis ('USD, constant 2015')."""
        unit = self.unit or "no unit given"
        return f"{unit}, {self.price_basis} prices" if self.price_basis else unit

    @property
    def label(self) -> str:
        return f"{self.indicator} — {self.place}"


@dataclass(frozen=True)
class IndicatorChart:
    """What the chart draws: the first series under the filter and how many there are in all."""

    series: tuple[IndicatorSeries, ...]
    total_series: int
    total_units: int

    @property
    def axes(self) -> tuple[str, ...]:
        """Units in the order their first series comes, one y axis each."""
        return tuple(dict.fromkeys(s.axis for s in self.series))


def period_x(period: str) -> float | None:
    """A period's position on a year axis: its start ('2023-Q2' -> 2023.25, '2023-01/2023-09' -> 2023.0)."""
    m = _PERIOD.match(period or "")
    if not m:
        return None
    year = float(m.group(1))
    if m.group(2):
        return year + (int(m.group(2)) - 1) / 4
    if m.group(3):
        month = int(m.group(3))
        day = int(m.group(4)) if m.group(4) else 1
        return year + (month - 1) / 12 + (day - 1) / 365
    return year


_GROUP = ("indicator", "place", "unit", "price_basis", "publisher")


def has_indicators(conn: sqlite3.Connection) -> bool:
    """Whether any indicator has been imported (or curated)."""
    return conn.execute("SELECT EXISTS (SELECT 1 FROM all_indicators)").fetchone()[0] == 1


def fetch_chart(conn: sqlite3.Connection, flt: Filter = Filter(), limit: int = MAX_SERIES) -> IndicatorChart:
    """The series under ``flt`` (the pane's filter), at most ``limit`` of them: places the
    database knows (the curated countries and regions) first, then by name.

    A filter of facets on the series' own columns is answered from the workspace's
    ``rollup_indicator_series`` (a few thousand groups) and index seeks for the drawn
    series' points, when the rollup is fresh; anything else (free text, year ranges, a
    stale rollup) reads the pane's full query, exactly as the table does."""
    fast = _rolled_up_groups(conn, flt)
    if fast is not None:
        groups, places = fast
        chosen = _choose(_interleaved(groups, _place_rank(conn)), limit)
        series = _series_by_seek(conn, chosen[0], places)
        return IndicatorChart(series=tuple(s for s in series if s.points), total_series=len(groups),
                              total_units=chosen[1])
    where, params = flt.where(INDICATORS)
    inner = f"SELECT * FROM ({INDICATORS.select_sql()}){where}"
    cols = ", ".join(_GROUP)
    groups = conn.execute(
        f"SELECT {cols}, count(*) FROM ({inner}) GROUP BY {cols}", params).fetchall()
    groups = _interleaved(groups, _place_rank(conn))
    chosen, total_units = _choose(groups, limit)
    series = _series(conn, inner, params, chosen)
    return IndicatorChart(series=tuple(s for s in series if s.points), total_series=len(groups),
                          total_units=total_units)


#: Workspace indicator rows from which a chart the rollup cannot answer (free text, year
#: ranges) is read off the UI thread: the full query takes seconds at 400k rows.
BACKGROUND_ROWS = 50_000


def answered_at_once(conn: sqlite3.Connection, flt: Filter) -> bool:
    """True when :func:`fetch_chart` answers ``flt`` in milliseconds: from the rollup, or
    because the workspace holds few indicator rows (``max(rowid)``: instant)."""
    top = conn.execute("SELECT coalesce(max(rowid), 0) FROM main.indicators").fetchone()[0]
    return top < BACKGROUND_ROWS or _rolled_up_groups(conn, flt, probe=True) is not None


def _choose(groups: list[tuple], limit: int) -> tuple[list[tuple], int]:
    """The first ``limit`` series on at most MAX_UNITS unit axes, and how many unit axes there are."""
    total_units = len({(g[2], g[3]) for g in groups})
    chosen, units = [], []
    for g in groups:
        unit = (g[2], g[3])
        if unit not in units:
            if len(units) >= MAX_UNITS:
                continue
            units.append(unit)
        chosen.append(g[:5])
        if len(chosen) >= limit:
            break
    return chosen, total_units


#: Facets the rollup answers: the series' own columns (the place as the table shows it).
_ROLLED_UP_FACETS = frozenset(_GROUP)


def _rolled_up_groups(conn: sqlite3.Connection, flt: Filter,
                      probe: bool = False) -> tuple[list[tuple], dict] | None:
    """(groups as the full query gives them, {(indicator, place shown, unit, price basis,
    publisher): the stored place values behind it}), or None when the rollup cannot answer.
    ``probe``: only whether it can (an empty answer when it can)."""
    from explorer.data.indexes import rollups_fresh

    if flt.text.strip() or flt.ranges or not set(flt.facets) <= _ROLLED_UP_FACETS:
        return None
    try:
        if not rollups_fresh(conn, "indicators"):
            return None
        if probe:
            return [], {}
        where, params = flt.where(INDICATORS)
        rows = conn.execute(
            "SELECT indicator, place, unit, price_basis, publisher, n, stored FROM ("
            "SELECT g.indicator, coalesce(p.name_en, g.place) AS place, g.unit, g.price_basis, g.publisher, "
            "g.n, g.place AS stored FROM ("
            "SELECT indicator, place, unit, price_basis, publisher, n FROM main.rollup_indicator_series "
            "UNION ALL SELECT indicator, place, unit, price_basis, publisher, count(*) FROM bundled.indicators "
            "GROUP BY 1, 2, 3, 4, 5) g LEFT JOIN all_places p ON p.place_id = g.place)" + where, params).fetchall()
    except sqlite3.OperationalError:        # a read-only workspace from before the rollup
        return None
    counts: dict[tuple, int] = {}
    places: dict[tuple, set] = {}
    for *group, n, stored in rows:
        key = tuple(group)
        counts[key] = counts.get(key, 0) + n
        places.setdefault(key, set()).add(stored)
    return [(*k, n) for k, n in counts.items()], places


def indicator_choices(conn: sqlite3.Connection) -> list[tuple[str, Any]]:
    """The Indicators pane's indicator facet: (label, value) of each indicator."""
    return _choices(conn, "indicator")


def place_choices(conn: sqlite3.Connection) -> list[tuple[str, Any]]:
    """The Indicators pane's place facet: (label, value) of each country or region, as the table names it."""
    return _choices(conn, "place")


def _choices(conn: sqlite3.Connection, key: str) -> list[tuple[str, Any]]:
    from explorer.data.query import distinct_values

    values = facet_values(conn, key)            # from the series rollup: milliseconds
    if values is None:
        values = distinct_values(conn, INDICATORS, key)
    return [(str(v), v) for v in values if v is not None]


def facet_values(conn: sqlite3.Connection, key: str) -> list | None:
    """The values the pane's facet ``key`` (indicator or place, as the table shows it) offers,
    from the series rollup when it is fresh, ordered as ``SELECT DISTINCT … ORDER BY`` orders
    them; None otherwise (the caller then reads the table: ~1 s a list at 400k rows)."""
    from explorer.data.indexes import rollups_fresh

    if key not in ("indicator", "place"):
        return None
    try:
        if not rollups_fresh(conn, "indicators"):
            return None
        stored = (f"SELECT DISTINCT {key} AS v FROM main.rollup_indicator_series "
                  f"UNION SELECT DISTINCT {key} FROM bundled.indicators")
        if key == "place":      # as the table shows it: the known place's English name
            stored = f"SELECT coalesce(p.name_en, s.v) FROM ({stored}) s LEFT JOIN all_places p ON p.place_id = s.v"
        values = {r[0] for r in conn.execute(stored)}
    except sqlite3.OperationalError:        # a read-only workspace from before the rollup
        return None
    return ([None] if None in values else []) + sorted(v for v in values if v is not None)


def _series_by_seek(conn: sqlite3.Connection, chosen: list[tuple], places: dict) -> list[IndicatorSeries]:
    """The points of each chosen series, by its indicator and stored places (``ix_indicators_key``)."""
    out = []
    for g in chosen:
        stored = sorted(places[tuple(g)], key=str)
        rows = conn.execute(
            "SELECT period, value, figure_id FROM all_indicators WHERE indicator = ? AND place IN ("
            + ", ".join("?" * len(stored)) + ") AND unit IS ? AND price_basis IS ? AND publisher IS ? "
            "AND value IS NOT NULL ORDER BY period", [g[0], *stored, g[2], g[3], g[4]]).fetchall()
        points = []
        for period, value, key in rows:
            x = period_x(period)
            if x is not None:
                points.append(IndicatorPoint(period, x, float(value), str(key)))
        out.append(IndicatorSeries(*g, points=tuple(points)))
    return out


def _place_rank(conn: sqlite3.Connection) -> dict[str, int]:
    """Places the database knows, in its own order (the curated countries first): their
    series come before those of places it has never heard of."""
    rows = conn.execute("SELECT name_en, origin, kind FROM all_places WHERE name_en IS NOT NULL").fetchall()
    ordered = sorted(enumerate(rows), key=lambda r: (r[1][1] != "bundled", r[1][2] != "country", r[0]))
    rank: dict[str, int] = {}
    for i, (_n, (name, _origin, _kind)) in enumerate(ordered):
        rank.setdefault(name, i)
    return rank


def _interleaved(groups: list[tuple], rank: dict[str, int]) -> list[tuple]:
    """Series ordered so that the first few cover every indicator: each indicator's
    best-known places first, then the indicators taken in turn."""
    unknown = len(rank)
    by_indicator: dict[str, list[tuple]] = {}
    for g in sorted(groups, key=lambda g: (rank.get(g[1], unknown), str(g[1]), str(g[2]), str(g[3]), str(g[4]))):
        by_indicator.setdefault(str(g[0]), []).append(g)
    lists = [by_indicator[k] for k in sorted(by_indicator)]
    out = []
    for i in range(max((len(x) for x in lists), default=0)):
        out += [x[i] for x in lists if i < len(x)]
    return out


def _series(conn: sqlite3.Connection, inner: str, params: list, chosen: list[tuple]) -> list[IndicatorSeries]:
    """The points of the chosen series, read in one pass over the filtered rows."""
    if not chosen:
        return []
    one = "(" + " AND ".join(f"{c} IS ?" for c in _GROUP) + ")"
    match = " OR ".join([one] * len(chosen))
    cols = ", ".join(_GROUP)
    rows = conn.execute(f"SELECT {cols}, period, value, _key FROM ({inner}) WHERE ({match}) "
                        "AND value IS NOT NULL ORDER BY period",
                        [*params, *(v for g in chosen for v in g)]).fetchall()
    width = len(_GROUP)
    points: dict[tuple, list[IndicatorPoint]] = {tuple(g): [] for g in chosen}
    for row in rows:
        x = period_x(row[width])
        if x is not None:
            point = IndicatorPoint(row[width], x, float(row[width + 1]), str(row[width + 2]))
            points[tuple(row[:width])].append(point)
    return [IndicatorSeries(*g, points=tuple(points[tuple(g)])) for g in chosen]


def plotted_sources(conn: sqlite3.Connection, chart: IndicatorChart) -> list[str]:
    """The "Source: …" lines behind the drawn points, for a chart's footer
    (:func:`citations.source_lines`): each imported file with the publisher its rows give."""
    keys = list(dict.fromkeys(p.key for s in chart.series for p in s.points))
    docs: list[str] = []
    files: dict[str, set[str]] = {}
    publishers: dict[str, set[str]] = {}
    for start in range(0, len(keys), _KEYS_PER_READ):
        chunk = keys[start:start + _KEYS_PER_READ]
        for doc_id, file, claimed, publisher in conn.execute(
                "SELECT doc_id, source_file, claimed_doc, publisher FROM all_indicators WHERE figure_id IN ("
                + ", ".join("?" * len(chunk)) + ") ORDER BY source_file, source_row", chunk):
            if not file:
                docs.append(doc_id)
                continue
            files.setdefault(file, set()).update([document_title(conn, claimed)] if claimed else [])
            publishers.setdefault(file, set()).update([publisher] if publisher else [])
    return source_lines(conn, docs, files, publishers)


#: Keys per ``IN (…)`` list: well under SQLite's limit on bound parameters.
_KEYS_PER_READ = 500
