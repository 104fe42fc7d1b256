"""What the Trade pane's charts draw, read from the filtered table (no Qt):
the figures and each chart's data (the rollups of big imported series are in
:mod:`explorer.data.trade_rollups`, export footers in :mod:`explorer.data.trade_export`,
and the one read a pane makes per filter change in :mod:`explorer.data.trade_view`).

Every point keeps the key of its table row, its unit as reported and its
document, so that a chart can show the exact figure on hover, select the row
on click and cite the documents in an export footer. Curated figures are a
few hundred rows and are read as rows; imported monthly series can run to
millions of rows and are aggregated in SQL (:func:`monthly_rollup`).
"""
from __future__ import annotations

import re
import sqlite3
from typing import Iterable

from explorer.data.big_tables import arm_sql
from explorer.data.filters import Filter
from explorer.data.tables import TRADE, TableSpec
from explorer.data.trade import GrowthCheck
from explorer.data.trade_types import (FLOW_WORDS, Bar, Bilateral, CommodityStack, Conflict, Figure, GrowthPoint,
                                       TargetGroup, breakdown_base, is_aggregate)
from explorer.data.units import AS_REPORTED, Converted, Rates, convert

#: The two sides of the bilateral series, as place ids.
BILATERAL = frozenset({"china", "russia"})
#: Charts read at most this many curated rows (the rest are aggregated in SQL).
ROW_LIMIT = 5000
_FIGURE_COLUMNS = """f.figure_id, f.period, f.measure, f.reporter, f.partner,
       coalesce(r.name_en, f.reporter, ''), coalesce(pa.name_en, f.partner, ''),
       f.flow, f.commodity, f.value, f.value_text, f.unit, f.approx, f.status,
       f.description, f.doc_id, coalesce(d.title, f.source_file, f.doc_id), f.period_precision,
       '{origin}', f.source_file, f.source_row, {claim}"""
#: An imported row's claimed document (curated rows claim nothing; an older bundled file lacks the column).
_CLAIM = {"bundled": ("NULL", ""),
          "workspace": ("coalesce(cd.title, f.claimed_doc)", " LEFT JOIN all_documents cd ON cd.doc_id = f.claimed_doc")}

#: What the charts draw of each origin: every curated row; imported rows but
#: their monthly series (those are summed in SQL by :func:`monthly_rollup`).
#: Written as ranges, not ``IS NOT 'month'``, so that an index on
#: period_precision skips a million monthly rows instead of reading them.
_DRAWN = (("bundled", "bundled", "-", ""),
          ("workspace", "main", "", "(f.period_precision < 'month' OR f.period_precision > 'month'"
                                    " OR f.period_precision IS NULL)"))


def fetch_figures(conn: sqlite3.Connection, flt: Filter = Filter(), spec: TableSpec = TRADE) -> list[Figure]:
    """The filtered rows the charts draw (at most ROW_LIMIT): every curated row and
    imported rows other than monthly series (those are rolled up in SQL).

    Each origin is read from its own base table (``big_tables.arm_sql``), so the filter
    and the table's computed columns are only worked out for rows a chart can
    draw, never for every imported row as the all_trade_figures view would."""
    where, params = flt.where(spec)
    arms, all_params = [], []
    for origin, schema, sign, drawn in _DRAWN:
        # the rows a chart can draw first (CROSS JOIN keeps that order): else the
        # planner may walk a facet's index through every imported monthly row
        ids = f"SELECT {sign}f.rowid AS id FROM {schema}.trade_figures f" + (f" WHERE {drawn}" if drawn else "")
        keys = f"SELECT a._rid FROM ({ids}) w CROSS JOIN ({arm_sql(spec, origin)}) a ON a._rid = w.id{where}"
        arms.append(
            f"SELECT {_FIGURE_COLUMNS.format(origin=origin, claim=_CLAIM[origin][0])} FROM ({keys}) k "
            f"CROSS JOIN {schema}.trade_figures f ON f.rowid = {sign}k._rid "   # keys first, never a scan in order
            "LEFT JOIN all_places r ON r.place_id = f.reporter "
            "LEFT JOIN all_places pa ON pa.place_id = f.partner "
            "LEFT JOIN all_documents d ON d.doc_id = f.doc_id" + _CLAIM[origin][1])
        all_params += params
    sql = " UNION ALL ".join(arms) + f" ORDER BY 2, 1 LIMIT {ROW_LIMIT}"
    return [Figure(*row) for row in conn.execute(sql, all_params)]


# -- chart (a): bilateral trade by year ---------------------------------------------

#: Converted values closer than this (relative) are the same figure, rounding apart.
SAME_VALUE = 0.005


def _conflicts(bars: list[Bar]) -> tuple[Conflict, ...]:
    """Imported bars whose figure the curated data gives too, with another value."""
    curated: dict[tuple, list[Bar]] = {}
    for b in bars:
        if not b.figure.imported:
            curated.setdefault(_same_figure(b.figure), []).append(b)
    out = []
    for b in bars:
        if not b.figure.imported:
            continue
        for c in curated.get(_same_figure(b.figure), []):
            a, v = b.converted.value, c.converted.value
            if abs(a - v) > SAME_VALUE * max(abs(a), abs(v)):
                out.append(Conflict(b.figure.year, c, b))
    return tuple(sorted(out, key=lambda c: (c.year, c.imported.figure.key)))


def _same_figure(f: Figure) -> tuple:
    return (f.pair, f.flow, f.commodity, f.period, f.status, f.measure)


def conflicts_with_curated(figures: list[Figure]) -> list[tuple[Figure, Figure]]:
    """(imported, curated) pairs of the same figure — reporter, partner, flow, commodity,
    period, status, measure and unit — with different values: both are kept and shown,
    and the pane says they disagree."""
    curated: dict[tuple, list[Figure]] = {}
    for f in figures:
        if not f.imported:
            curated.setdefault((f.reporter, f.partner, f.unit) + _same_figure(f), []).append(f)
    return [(f, c) for f in figures if f.imported
            for c in curated.get((f.reporter, f.partner, f.unit) + _same_figure(f), []) if c.value != f.value]


def chart_unit(figures: Iterable[Figure], target: str) -> str:
    """The unit a chart draws in: the chosen one, or the reported one when all agree."""
    if target != AS_REPORTED:
        return target
    units = {f.unit for f in figures if f.is_money}
    return units.pop() if len(units) == 1 else "USD bn"


def _convert(f: Figure, unit: str, rates: Rates) -> Converted:
    from explorer.data.units import TARGETS

    if unit in TARGETS:
        return convert(f.value, f.unit, f.period, unit, rates)
    return Converted(f.value, f.unit or "")      # drawn as reported (a unit outside the switch)


def bilateral(figures: list[Figure], checks: list[GrowthCheck], target: str, rates: Rates) -> Bilateral:
    """Annual China–Russia volumes (bars), reported and computed growth (line).

    Each document is a series, and each imported file a series of its own
    ("imported: FILE", after the documents), whatever document its rows name.
    An imported file's exports and imports are series of their own too, each its
    figure for all commodities (TOTAL), never a part summed or stacked on it.
    The growth line is the curated series' (an import's only when no curated
    figure is shown), and an imported figure that the curated data gives with
    another value is listed in ``conflicts``."""
    annual = [f for f in figures if f.pair == BILATERAL and f.status == "actual"
              and f.period_precision == "year" and f.all_commodities
              and (f.flow in (None, "total", "turnover") or (f.imported and f.flow in FLOW_WORDS))]
    values = [f for f in annual if f.measure == "value" and f.is_money and f.value is not None]
    unit = chart_unit(values, target)
    series: dict[str, list[Bar]] = {}
    failed = []
    drawn = []
    for f in sorted(values, key=lambda f: f.imported):        # stable: the documents first
        bar = Bar(f, _convert(f, unit, rates))
        (series.setdefault(f.series_name, []) if bar.converted.ok else failed).append(bar)
        if bar.converted.ok:
            drawn.append(bar)
    curated = [f for f in annual if not f.imported]
    annual = curated or annual
    values = [f for f in values if not f.imported] if curated else values
    shown = {f.key for f in annual}
    by_growth_id = {c.growth_id: c for c in checks if c.growth_id and c.value_id in shown}
    by_value_id = {c.value_id: c for c in checks if c.value_id in shown}
    growth: list[GrowthPoint] = []
    for f in annual:
        if f.measure == "growth" and f.unit == "%" and f.year is not None:
            c = by_growth_id.get(f.key)
            growth.append(GrowthPoint(f.year, f.value, c.computed_pct if c else None, c, f))
    reported_years = {(g.year, g.check.value_id if g.check else None) for g in growth}
    for f in values:
        c = by_value_id.get(f.key)
        if c is not None and c.growth_id is None and (f.year, c.value_id) not in reported_years:
            growth.append(GrowthPoint(f.year, None, c.computed_pct, c, f))
    growth.sort(key=lambda g: g.year)
    return Bilateral(unit, series, growth, failed, _conflicts(drawn))


# -- chart (b): targets against actuals -------------------------------------------------

def targets_vs_actuals(figures: list[Figure], target: str, rates: Rates) -> tuple[str, list[TargetGroup], list[Bar]]:
    """Money targets and forecasts, each beside the actual annual figures of the same pair."""
    money = [f for f in figures if f.is_money and f.value is not None and f.year is not None
             and f.commodity is None and f.flow in (None, "total", "turnover", "n/a")]
    goals = [f for f in money if f.status in ("target", "forecast") or f.measure == "target"]
    unit = chart_unit(goals, target)
    groups, failed = [], []
    for pair in dict.fromkeys(f.pair for f in goals):
        tg = [Bar(f, _convert(f, unit, rates)) for f in goals if f.pair == pair]
        act = [Bar(f, _convert(f, unit, rates)) for f in money
               if f.pair == pair and f.status == "actual" and f.measure == "value"
               and f.period_precision == "year"]
        failed += [b for b in tg + act if not b.converted.ok]
        groups.append(TargetGroup(tg[0].figure.who, [b for b in act if b.converted.ok],
                                  [b for b in tg if b.converted.ok]))
    return unit, groups, failed


# -- chart (c): regional figures and shares ---------------------------------------------------

def shares(figures: list[Figure]) -> list[Figure]:
    """Percentage shares (never converted)."""
    return [f for f in figures if f.measure == "share" and f.value is not None]


def is_regional(f: Figure) -> bool:
    """A money figure of a region or another pair (not the two countries' national totals)."""
    return f.is_money and f.value is not None and f.pair != BILATERAL and f.measure == "value"


def regional(figures: list[Figure], target: str, rates: Rates) -> tuple[str, list[Bar]]:
    """Money figures of regions (not the two countries' national totals)."""
    rows = [f for f in figures if is_regional(f)]
    unit = chart_unit(rows, target)
    return unit, [Bar(f, _convert(f, unit, rates)) for f in rows]


# -- dated events for the time axis -----------------------------------------------------------

_EVENTS_SQL = """
SELECT e.date, e.event, coalesce(c.name_en, i.name_en, a.name_en, e.subject_id), e.description, e.quote,
       e.event_id, e.doc_id
FROM all_events e
LEFT JOIN all_corridors c ON e.subject_type = 'corridor' AND c.corridor_id = e.subject_id
LEFT JOIN all_institutions i ON e.subject_type = 'institution' AND i.inst_id = e.subject_id
LEFT JOIN all_energy_assets a ON e.subject_type = 'energy' AND a.asset_id = e.subject_id
WHERE e.status = 'actual' AND e.subject_type IN ('corridor', 'institution')
  AND e.event IN ('opened', 'completed', 'approved', 'signed', 'established', 'effective')
  AND CAST(substr(e.date, 1, 4) AS INTEGER) BETWEEN ? AND ?
ORDER BY e.date
"""


def _fractional_year(date: str) -> float:
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 and date[5:7].isdigit() else 7
    return year + (month - 1) / 12.0


def events(conn: sqlite3.Connection, data: Bilateral) -> list[tuple[float, str, str, str, str | None, str | None]]:
    """Dated corridor and institution events within the chart's years:
    (x, label, tooltip, event_id, doc_id, quote)."""
    years = [b.figure.year for bars in data.series.values() for b in bars] + [g.year for g in data.growth]
    if not years:
        return []
    out = []
    for date, event, name, description, quote, event_id, doc_id in conn.execute(
            _EVENTS_SQL, (min(years) - 1, max(years))):
        if date and date[:4].isdigit():
            out.append((_fractional_year(date), f"{name[:28]} {event} {date}", description or quote or "",
                        event_id, doc_id, quote))
    return out


def leaf_commodities(rows: list[tuple]) -> list[tuple]:
    """The rows of :func:`commodity_rollup` that are not aggregates of others shown with them:
    a publisher's 'TOTAL' and a code whose longer codes are there too ('H5:27' beside
    'H5:2701'), so that no part is stacked on top of its own whole. Codes of different
    classifications ('S4:01', 'H5:01') never contain each other."""
    present = {str(r[1]) for r in rows}
    bases = {breakdown_base(c) for c in present}
    codes = {c for c in bases if _CODE.match(c)}                       # names ('oil') nest nothing
    prefixes = {c[:k] for c in codes for k in range(1, len(c))}
    return [r for r in rows if _is_leaf(str(r[1]), present, prefixes)]


def _is_leaf(code: str, present: set[str], prefixes: set[str]) -> bool:
    """A row stacked as its own part: not a total, not a code whose longer codes are there,
    and not a breakdown ('H2:2523 · Sea', Comtrade's mode of transport) of a code whose
    whole row is there too — the sea part stacked on its all-modes whole counted it twice."""
    base = breakdown_base(code)
    if is_aggregate(base) or base in prefixes:
        return False
    return base == code or base not in present


#: A commodity code, with its classification or not: '2701', 'H5:2701', 'S4:03'.
_CODE = re.compile(r"^(?:[A-Z0-9]{1,5}:)?\d+$", re.I)


def commodity_stack(rows: list[tuple], unit: str, rates: Rates, top: int = 8) -> CommodityStack:
    """The stacked view of :func:`commodity_rollup` rows (already summed in SQL; a
    few rows a year and commodity): converted to ``unit``, the ``top`` largest
    commodities over the years shown, and every other one summed as "other"."""
    from explorer.data.units import TARGETS

    target = unit if unit in TARGETS and TARGETS[unit].currency else "USD bn"
    totals: dict[tuple[int, str], float] = {}
    counts: dict[int, int] = {}
    failed = 0
    for year, commodity, src_unit, total, n in leaf_commodities(rows):
        c = convert(total, src_unit or None, str(year), target, rates)
        if not (c.ok and str(year).isdigit()):
            failed += 1
            continue
        k = (int(year), commodity)
        totals[k] = totals.get(k, 0.0) + c.value
        counts[int(year)] = counts.get(int(year), 0) + n
    by_commodity: dict[str, float] = {}
    for (_y, c), v in totals.items():
        by_commodity[c] = by_commodity.get(c, 0.0) + v
    ranked = sorted(by_commodity, key=lambda c: (-by_commodity[c], c))
    chosen, rest = ranked[:top], set(ranked[top:])
    groups = [(c, {y: v for (y, cc), v in totals.items() if cc == c}) for c in chosen]
    if rest:
        other: dict[int, float] = {}
        for (y, c), v in totals.items():
            if c in rest:
                other[y] = other.get(y, 0.0) + v
        groups.append((f"other ({len(rest)} commodit{'ies' if len(rest) > 1 else 'y'})", other))
    return CommodityStack(target, sorted({y for y, _ in totals}), groups, counts, failed)


def commodity_names(conn: sqlite3.Connection, codes: Iterable[str]) -> dict[str, str]:
    """The publisher's description of each commodity code shown ('H6:2709' -> 'Petroleum oils,
    crude'), for legends: the first imported row of the code that describes it."""
    out = {}
    for code in codes:
        row = conn.execute("SELECT description FROM main.trade_figures WHERE commodity = ? "
                           "AND description IS NOT NULL AND description != '' LIMIT 1", (code,)).fetchone()
        if row and row[0] and row[0] != code:
            out[code] = str(row[0])
    return out

