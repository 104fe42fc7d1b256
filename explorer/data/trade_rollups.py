"""Imported trade rows summed in SQL (no Qt): the monthly series and the
commodity totals the Trade pane's charts draw. Imported series can run to
millions of rows: they are aggregated in the database (from the workspace's
small rollup tables when fresh, else by an exact GROUP BY over a covering
index), never loaded row by row into Python."""
from __future__ import annotations

import sqlite3
from typing import Any

from explorer.data import indexes
from explorer.data.big_tables import arm_sql, workspace_text_clauses
from explorer.data.filters import Filter, year_range_clauses
from explorer.data.tables import TRADE, TableSpec
from explorer.data.trade_types import AGGREGATE_CODES

# -- imported monthly series, aggregated in SQL ---------------------------------------------------

_ROLLUP_SQL = """
SELECT substr(f.period, 1, 4) AS year, f.reporter, f.unit, sum(f.value), count(*)
FROM main.trade_figures f
WHERE f.period_precision = 'month' AND f.measure = 'value'{extra}
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
"""

#: Facets that map straight onto a column of trade_figures.
_RAW_FACETS = {"measure": "f.measure", "flow": "f.flow", "status": "f.status", "commodity": "f.commodity",
               "period": "f.period", "unit": "f.unit", "topic": "f.topic"}
_PLACE_FACETS = {"reporter": "f.reporter", "partner": "f.partner"}


def raw_facets(conn: sqlite3.Connection, flt: Filter) -> dict[str, list[Any]] | None:
    """The filter's facets as raw column values (place names resolved to their
    ids), or None when the filter needs the full table view (free text, or a
    computed column)."""
    if flt.text.strip():
        return None
    out: dict[str, list[Any]] = {}
    for key, value in flt.facets.items():
        values = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
        if key in _PLACE_FACETS:
            # the table shows a place's English name, or the raw text when it is no place;
            # resolving names to ids first keeps the roll-up on an index (no OR)
            marks = ", ".join("?" * len(values)) or "NULL"
            values = values + [r[0] for r in conn.execute(
                f"SELECT place_id FROM all_places WHERE name_en IN ({marks})", values)]
        elif key not in _RAW_FACETS:
            return None
        out[key] = values
    return out


def raw_clauses(conn: sqlite3.Connection, flt: Filter) -> tuple[str, list[Any]] | None:
    """The filter as " AND …" clauses on trade_figures f's own columns, or None
    when it needs the full table view (free text, a computed column)."""
    facets = raw_facets(conn, flt)
    if facets is None:
        return None
    clauses, params = [], []
    for key, values in facets.items():
        column = _RAW_FACETS.get(key) or _PLACE_FACETS[key]
        clauses.append(f"{column} IN ({', '.join('?' * len(values)) or 'NULL'})")
        params += values
    for key, bounds in flt.ranges.items():
        column = _RAW_FACETS.get(key)
        if column is None:
            return None
        more, more_params = year_range_clauses(column, bounds)
        clauses += more
        params += more_params
    return "".join(f" AND {c}" for c in clauses), params


def rollup_query(conn: sqlite3.Connection, flt: Filter) -> tuple[str, list[Any]] | None:
    """The monthly roll-up as SQL over the workspace's own table (imported rows
    only), or None when the filter needs the full table view."""
    raw = raw_clauses(conn, flt)
    if raw is None:
        return None
    return _ROLLUP_SQL.format(extra=raw[0]), raw[1]


def monthly_rollup(conn: sqlite3.Connection, flt: Filter = Filter(), spec: TableSpec = TRADE) -> list[tuple]:
    """(year, reporter, unit, sum, months) of imported monthly values under the filter.

    Curated monthly figures are few and drawn one by one; imported series can
    run to millions of rows and are summed in SQL, never loaded into Python:
    from the workspace's small rollup table when it is fresh and holds the
    filter's facets (``indexes.monthly_rollup``), else by the exact query over
    the table's covering index (the same rows)."""
    facets = raw_facets(conn, flt)
    if facets is not None and indexes.rollups_fresh(conn, "trade_figures"):
        rows = indexes.monthly_rollup(conn, {k: tuple(v) for k, v in facets.items()})
        if rows is not None and set(flt.ranges) <= {"period"}:
            # rolled up by year, and a month lies in one year: the range is exact on the year
            return [r for r in rows if _year_in(str(r[0]), flt.ranges.get("period"))]
    return monthly_rollup_exact(conn, flt, spec)


def _year_in(year: str, bounds: tuple | None) -> bool:
    if not bounds:
        return True
    lo, hi = (tuple(bounds) + (None, None))[:2]
    return (lo is None or year >= str(lo)) and (hi is None or year <= str(hi))


def rollup_is_quick(conn: sqlite3.Connection, flt: Filter) -> bool:
    """True when :func:`monthly_rollup` reads the small rollup table (else it sums
    the imported rows themselves, which takes seconds at a million rows)."""
    if flt.text.strip() or not set(flt.facets) <= set(indexes.ROLLUP_FACETS) | {"measure"}:
        return False
    return indexes.rollups_fresh(conn, "trade_figures")


def monthly_rollup_exact(conn: sqlite3.Connection, flt: Filter = Filter(), spec: TableSpec = TRADE) -> list[tuple]:
    """:func:`monthly_rollup` computed from the imported rows themselves."""
    q = rollup_query(conn, flt)
    if q is None:
        return _grouped_by_text(conn, flt, spec, _ROLLUP_SQL, _MONTHLY_VALUES)
    return [tuple(r) for r in conn.execute(*q)]


#: The rows a monthly series sums, and those the commodity stack sums.
_MONTHLY_VALUES = ("f.period_precision = 'month'", "f.measure = 'value'")
_COMMODITY_VALUES = ("f.commodity IS NOT NULL", "f.measure = 'value'")


def _grouped_by_text(conn: sqlite3.Connection, flt: Filter, spec: TableSpec, sql: str,
                     conditions: tuple[str, ...]) -> list[tuple]:
    """``sql`` (a GROUP BY over trade_figures f with an ``{extra}`` slot) over the rows a
    filter with free text keeps: its ASCII words matched by LIKE inside the arm (no Python
    fold() a row), as the table does, the trigram index first."""
    text, text_params = workspace_text_clauses(conn, spec, flt)
    where, params = Filter(facets=flt.facets, ranges=flt.ranges).where(spec)
    inner = " AND ".join([*conditions, *text])
    keys = f"SELECT _rid FROM ({arm_sql(spec, 'workspace', inner)}){where}"
    return [tuple(r) for r in conn.execute(sql.format(extra=f" AND f.rowid IN ({keys})"), [*text_params, *params])]



# -- imported monthly series at month precision ------------------------------------------------

#: A commodity that stands for every commodity together (UN Comtrade "TOTAL", HS "AG0"), or none given.
AGGREGATE_SQL = ("(f.commodity IS NULL OR upper(trim(substr(f.commodity, instr(f.commodity, ':') + 1)))"
                 f" IN ({', '.join(repr(code) for code in sorted(AGGREGATE_CODES))}))")

_MONTHLY_SQL = """
SELECT f.period, f.reporter, f.partner, f.flow, f.unit, f.source_file,
       CASE WHEN """ + AGGREGATE_SQL + """ THEN 0 ELSE length(f.commodity) END AS level,
       sum(f.value), count(*)
FROM main.trade_figures f
WHERE f.period_precision = 'month' AND f.measure = 'value'{extra}
GROUP BY 2, 3, 4, 5, 6, 1, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
"""


def monthly_series(conn: sqlite3.Connection, flt: Filter = Filter(), spec: TableSpec = TRADE) -> list[tuple]:
    """(period, reporter, partner, flow, unit, source_file, level, sum, rows) of imported
    monthly values under the filter, one group per month of each series (reporter,
    partner, flow, file, unit), summed in SQL. ``level`` is 0 for rows that stand for
    all commodities (TOTAL, or no commodity), else the length of the commodity code:
    a series' parts of one level add up, an aggregate is never added to its parts."""
    raw = raw_clauses(conn, flt)
    if raw is not None:
        return [tuple(r) for r in conn.execute(_MONTHLY_SQL.format(extra=raw[0]), raw[1])]
    return _grouped_by_text(conn, flt, spec, _MONTHLY_SQL, _MONTHLY_VALUES)


def has_monthly(conn: sqlite3.Connection) -> bool:
    """True when the workspace holds imported monthly values (one seek on the rollup index)."""
    return conn.execute("SELECT 1 FROM main.trade_figures WHERE period_precision = 'month' "
                        "AND measure = 'value' LIMIT 1").fetchone() is not None


# -- top-N commodities (imported rows with a commodity) ----------------------------------------

_COMMODITY_EXACT = """
SELECT year, commodity, unit, sum(total), sum(n) FROM (
  SELECT substr(f.period, 1, 4) AS year, f.commodity, coalesce(f.flow, '') AS flow, coalesce(f.unit, '') AS unit,
         """ + indexes.WORLD_AWARE_SUM.replace("partner", "f.partner").replace("value", "f.value") + """ AS total,
         count(*) AS n
  FROM main.trade_figures f
  WHERE f.measure = 'value' AND f.commodity IS NOT NULL{extra}
  GROUP BY 1, 2, 3, 4)
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
"""
#: Facets the commodity rollup holds (and its column for each).
_COMMODITY_ROLLUP_FACETS = {"flow": "flow", "commodity": "commodity"}


def has_commodities(conn: sqlite3.Connection) -> bool:
    """True when imported rows carry a commodity (the stacked view is then offered)."""
    if indexes.rollups_fresh(conn, "trade_figures"):
        return conn.execute("SELECT 1 FROM main.rollup_trade_commodity_year LIMIT 1").fetchone() is not None
    return conn.execute("SELECT 1 FROM main.trade_figures WHERE commodity IS NOT NULL "
                        "AND measure = 'value' LIMIT 1").fetchone() is not None


def commodity_rollup_is_quick(conn: sqlite3.Connection, flt: Filter) -> bool:
    """True when :func:`commodity_rollup` reads the small rollup table."""
    return (not flt.text.strip() and set(flt.facets) <= set(_COMMODITY_ROLLUP_FACETS) | {"measure"}
            and set(flt.ranges) <= {"period"} and indexes.rollups_fresh(conn, "trade_figures"))


def commodity_rollup(conn: sqlite3.Connection, flt: Filter = Filter(), spec: TableSpec = TRADE) -> list[tuple]:
    """(year, commodity, unit, sum, rows) of imported values with a commodity under
    the filter, summed in SQL: from the workspace's commodity rollup when it is fresh
    and holds the filter's facets, else by an exact GROUP BY (the same rows)."""
    facets = raw_facets(conn, flt)
    if facets is not None and commodity_rollup_is_quick(conn, flt):
        if "measure" in facets and "value" not in facets["measure"]:
            return []
        clauses, params = [], []
        for key, values in facets.items():
            if key == "measure":
                continue
            values = ["" if (v is None and key == "flow") else v for v in values]
            clauses.append(f"{_COMMODITY_ROLLUP_FACETS[key]} IN ({', '.join('?' * len(values)) or 'NULL'})")
            params += values
        more, more_params = year_range_clauses("year", flt.ranges.get("period", ()))
        clauses += more
        params += more_params
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return [tuple(r) for r in conn.execute(
            "SELECT year, commodity, unit, sum(total), sum(n) FROM main.rollup_trade_commodity_year"
            f"{where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", params)]
    raw = raw_clauses(conn, flt)
    if raw is not None:
        return [tuple(r) for r in conn.execute(_COMMODITY_EXACT.format(extra=raw[0]), raw[1])]
    return _grouped_by_text(conn, flt, spec, _COMMODITY_EXACT, _COMMODITY_VALUES)
