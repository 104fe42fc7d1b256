"""Energy figures for the Energy pane: capacities kept in their own units,
cumulative volumes and stated effects kept apart, and the optional
conversion of capacities to a common energy unit with factors the analyst
can see and edit.

No Qt here: the pane and its charts call these functions.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import Iterable

from explorer.data.citations import source_lines
from explorer.data.formatting import format_number
from explorer.data.query import fetch_rows
from explorer.data.filters import Filter, Order
from explorer.data.tables import ENERGY, PROVENANCE

#: Capacity kinds, in the order they are drawn, with the label the analyst reads.
CAPACITY_MEASURES: dict[str, str] = {
    "design_capacity": "design",
    "expanded_capacity": "expanded",
    "planned_capacity": "planned",
    "achieved_max_capacity": "achieved maximum",
}

#: The common unit of the "common energy" view.
COMMON_UNIT = "Mtoe/yr"


@dataclass(frozen=True)
class EnergyFigure:
    """One row of the Energy table, as the charts need it."""

    figure_id: str
    asset: str
    part_of: str | None
    commodity: str | None
    measure: str
    value: float | None
    unit: str | None
    approx: str | None
    date: str | None
    status: str | None
    document: str | None
    doc_id: str | None
    quote: str | None
    value_text: str | None = None      # the figure as the document writes it

    @property
    def is_capacity(self) -> bool:
        return self.measure in CAPACITY_MEASURES

    @property
    def kind_label(self) -> str:
        return CAPACITY_MEASURES.get(self.measure, self.measure.replace("_", " "))

    def value_label(self) -> str:
        """The figure with its unit and hedge, e.g. 'exceeded 90 bcm'."""
        if self.value is None:
            return "—"
        hedge = f"{self.approx} " if self.approx else ""
        return f"{hedge}{format_number(self.value)} {self.unit or ''}".rstrip()

    def hover_text(self) -> str:
        """What hovering a bar shows: value, unit, date, document."""
        lines = [f"{self.asset} — {self.kind_label}", self.value_label()]
        if self.value_text:
            lines.append(f"As written: “{self.value_text}”")
        lines.append(f"Date: {self.date}" if self.date else "Date: not stated")
        lines.append(f"Document: {self.document or self.doc_id or 'unknown'}")
        return "\n".join(lines)


def commodity_name(text: str | None) -> str | None:
    """One commodity vocabulary whoever wrote it: an imported "Gas" or " GAS " is the
    curated "gas" (one chart, one map colour), folded at read so every workspace agrees."""
    folded = " ".join((text or "").split()).casefold()
    return folded or None


def fetch_figures(conn: sqlite3.Connection, flt: Filter = Filter()) -> list[EnergyFigure]:
    """Every Energy row the filter lets through, in table order (asset, then key)."""
    keys = ENERGY.keys
    prov_at = 1 + len(keys)
    out = []
    rows = fetch_rows(conn, ENERGY, flt, Order())
    written = dict(conn.execute("SELECT figure_id, value_text FROM all_energy_figures WHERE value_text IS NOT NULL"))
    for row in rows:
        vals = dict(zip(keys, row[1:prov_at]))
        prov = dict(zip(PROVENANCE, row[prov_at:prov_at + len(PROVENANCE)]))
        value = vals["value"]
        out.append(EnergyFigure(
            figure_id=str(row[0]), asset=vals["asset"] or "", part_of=vals["part_of"],
            commodity=commodity_name(vals["commodity"]), measure=vals["measure"] or "",
            value=float(value) if isinstance(value, (int, float)) else None,
            unit=vals["unit"], approx=vals["approx"], date=vals["date"], status=vals["status"],
            document=vals["document"], doc_id=prov["doc_id"], quote=prov["quote"],
            value_text=written.get(row[0]),
        ))
    return out


def capacity_groups(figures: Iterable[EnergyFigure]) -> dict[tuple[str, str], list[EnergyFigure]]:
    """Capacities grouped by (commodity, unit): one plot each, never summed across.

    Figures without a value cannot be drawn and are left out."""
    groups: dict[tuple[str, str], list[EnergyFigure]] = {}
    for f in figures:
        if f.is_capacity and f.value is not None:
            groups.setdefault((f.commodity or "unspecified", f.unit or "no unit"), []).append(f)
    # oil before gas before the rest; within a commodity the most-used unit first
    order = {"oil": 0, "gas": 1}
    return dict(sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 2), kv[0][0], -len(kv[1]), kv[0][1])))


def other_figures(figures: Iterable[EnergyFigure]) -> list[EnergyFigure]:
    """Volumes, effects and anything else that is not a capacity."""
    return [f for f in figures if not f.is_capacity]


# -- conversion to a common energy unit -----------------------------------------

@dataclass(frozen=True)
class ConversionFactor:
    """Multiply a capacity of ``commodity`` in ``unit`` by ``factor`` to get COMMON_UNIT."""

    commodity: str
    unit: str
    factor: float
    basis: str          # what the factor stands for
    source: str         # citation (external to the documents)
    short_source: str = "Statistical Review of World Energy, approximate conversion factors (2021)"

    @property
    def key(self) -> str:
        return f"{self.commodity}|{self.unit}"

    def label(self) -> str:
        return f"{self.commodity}: 1 {self.unit} ≈ {format_number(self.factor)} {COMMON_UNIT}"


_STAT_REVIEW = ("Energy Institute (formerly bp), Statistical Review of World Energy, "
                "‘Approximate conversion factors’ (updated July 2021)")

#: Defaults: external to the documents, approximate, editable by the analyst.
DEFAULT_FACTORS: tuple[ConversionFactor, ...] = (
    ConversionFactor(
        "gas", "bcm/yr", 0.86,
        "1 billion cubic metres of natural gas ≈ 0.86 million tonnes oil equivalent (approximate)",
        _STAT_REVIEW + ", natural gas table"),
    ConversionFactor(
        "oil", "Mt/yr", 1.0,
        "1 tonne of crude oil ≈ 1 tonne oil equivalent (41.868 GJ; approximate, varies with the crude)",
        _STAT_REVIEW + "; tonne of oil equivalent = 41.868 GJ"),
)


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


def find_factor(figure: EnergyFigure, factors: Iterable[ConversionFactor]) -> ConversionFactor | None:
    """The factor for this figure's commodity and unit exactly (case and spaces aside), or None."""
    for factor in factors:
        if _norm(factor.commodity) == _norm(figure.commodity) and _norm(factor.unit) == _norm(figure.unit):
            return factor
    return None


@dataclass(frozen=True)
class Converted:
    figure: EnergyFigure
    factor: ConversionFactor | None
    value: float | None          # in COMMON_UNIT, or None when there is no factor

    @property
    def note(self) -> str:
        if self.factor is None:
            return f"no conversion factor for {self.figure.unit or 'a figure without a unit'}"
        return (f"{self.figure.value_label()} × {format_number(self.factor.factor)} = "
                f"{format_number(round(self.value or 0.0, 3))} {COMMON_UNIT}")


def convert_capacities(figures: Iterable[EnergyFigure],
                       factors: Iterable[ConversionFactor]) -> list[Converted]:
    """Each capacity converted with the factor for its commodity and unit; none guessed."""
    factors = tuple(factors)
    out = []
    for f in figures:
        if not f.is_capacity or f.value is None:
            continue
        factor = find_factor(f, factors)
        out.append(Converted(f, factor, None if factor is None else f.value * factor.factor))
    return out


def with_factor(factors: Iterable[ConversionFactor], key: str, value: float) -> tuple[ConversionFactor, ...]:
    """The factors with one replaced by the analyst's value."""
    return tuple(replace(f, factor=value) if f.key == key else f for f in factors)


# -- places, for the pipeline schematic --------------------------------------------

@dataclass(frozen=True)
class Link:
    asset_id: str
    name: str
    commodity: str | None
    from_name: str
    to_name: str
    from_lonlat: tuple[float, float]
    to_lonlat: tuple[float, float]
    capacity: float | None        # largest capacity in its own unit
    unit: str | None
    figure_id: str | None         # the figure that capacity comes from
    parent_id: str | None = None


#: Places too large to be a pipeline's end on a map (a line between country centroids misleads).
UNMAPPABLE_KINDS = ("country", "federal_district")
_MAPPABLE = ("{a}.lat IS NOT NULL AND {a}.lon IS NOT NULL AND coalesce({a}.kind, '') NOT IN ("
             + ", ".join(f"'{k}'" for k in UNMAPPABLE_KINDS) + ")")


def pipeline_links(conn: sqlite3.Connection) -> list[Link]:
    """Assets with both endpoints placed, and their largest stated capacity."""
    caps = ", ".join(f"'{m}'" for m in CAPACITY_MEASURES)
    rows = conn.execute(
        "SELECT a.asset_id, a.name_en, a.commodity, coalesce(fp.name_en, a.from_place), "
        "coalesce(tp.name_en, a.to_place), fp.lon, fp.lat, tp.lon, tp.lat, "
        "top.value, top.unit, top.figure_id, a.parent_id "
        "FROM all_energy_assets a JOIN all_places fp ON fp.place_id = a.from_place "
        "JOIN all_places tp ON tp.place_id = a.to_place "
        "LEFT JOIN (SELECT asset_id, figure_id, value, unit, row_number() OVER ("
        f"  PARTITION BY asset_id ORDER BY value DESC, figure_id) AS rn FROM all_energy_figures "
        f"  WHERE measure IN ({caps}) AND value IS NOT NULL) top ON top.asset_id = a.asset_id AND top.rn = 1 "
        f"WHERE {_MAPPABLE.format(a='fp')} AND {_MAPPABLE.format(a='tp')} "
        "ORDER BY a.name_en"
    ).fetchall()
    links = [Link(r[0], r[1], commodity_name(r[2]), r[3], r[4], (r[5], r[6]), (r[7], r[8]), r[9], r[10], r[11], r[12])
             for r in rows]
    # a pipeline whose segments are placed is drawn as its segments, not as one straight line
    with_segments = {link.parent_id for link in links if link.parent_id}
    return [link for link in links if link.asset_id not in with_segments]


def extent_of(links: Iterable[Link], margin: float = 2.0) -> tuple[float, float, float, float] | None:
    """(lon_min, lat_min, lon_max, lat_max) around every endpoint, or None without links."""
    points = [p for link in links for p in (link.from_lonlat, link.to_lonlat)]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)


def unplaced_assets(conn: sqlite3.Connection) -> list[str]:
    """Names of assets whose two ends are not both places with coordinates (countries do not count)."""
    rows = conn.execute(
        "SELECT a.name_en FROM all_energy_assets a "
        "LEFT JOIN all_places fp ON fp.place_id = a.from_place "
        "LEFT JOIN all_places tp ON tp.place_id = a.to_place "
        f"WHERE NOT ({_MAPPABLE.format(a='fp')} AND {_MAPPABLE.format(a='tp')}) ORDER BY a.name_en")
    return [r[0] for r in rows]


def line_widths(links: Iterable[Link], thinnest: float = 1.5, thickest: float = 9.0) -> dict[str, float]:
    """Line width per asset by capacity, scaled within each unit (Mt/yr and bcm/yr are not compared)."""
    links = list(links)
    top: dict[str, float] = {}
    for link in links:
        if link.capacity is not None and link.unit:
            top[link.unit] = max(top.get(link.unit, 0.0), link.capacity)
    out = {}
    for link in links:
        if link.capacity is None or not link.unit or not top.get(link.unit):
            out[link.asset_id] = thinnest
        else:
            out[link.asset_id] = thinnest + 1.0 + (thickest - thinnest - 1.0) * link.capacity / top[link.unit]
    return out


# -- chart footers ----------------------------------------------------------------

def plotted_documents(conn: sqlite3.Connection, figures: Iterable[EnergyFigure]) -> list[str]:
    """One citation line per document behind the figures (for a chart's footer)."""
    figures = list(figures)
    files = {f.document: () for f in figures if not f.doc_id and f.document}
    return source_lines(conn, sorted({f.doc_id for f in figures if f.doc_id}), files)
