"""Indicator series for the Indicators pane's chart: rows of the pane's table
(same filter, same names) grouped into one series per indicator, place,
unit, price basis and publisher. Series are never added together; the chart
gives each unit (with its price basis) an axis of its own."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from explorer.data.query import Filter
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
    database knows (the curated countries and regions) first, then by name."""
    where, params = flt.where(INDICATORS)
    inner = f"SELECT * FROM ({INDICATORS.select_sql()}){where}"
    cols = ", ".join(_GROUP)
    groups = conn.execute(
        f"SELECT {cols}, count(*) FROM ({inner}) GROUP BY {cols}", params).fetchall()
    groups = _interleaved(groups, _place_rank(conn))
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
    series = _series(conn, inner, params, chosen)
    return IndicatorChart(series=tuple(s for s in series if s.points), total_series=len(groups),
                          total_units=total_units)


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


def plotted_sources(chart: IndicatorChart) -> list[str]:
    """One line per publisher behind the drawn series, for a chart's footer."""
    publishers = dict.fromkeys(s.publisher for s in chart.series if s.publisher)
    return [f"Source: {p}" for p in publishers]
