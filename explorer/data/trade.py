"""Trade figures: series and the reconciliation of reported against computed growth."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

#: A reported growth rate further than this from the one the volumes give is
#: flagged: a one-decimal rate from one-decimal volumes is good to ~0.1 pp.
GROWTH_TOLERANCE_PP = 0.15
#: Beyond this the mismatch is more than rounding or a revised base year.
GROWTH_SERIOUS_PP = 1.0


@dataclass(frozen=True)
class GrowthCheck:
    period: str
    reporter: str | None
    partner: str | None
    flow: str | None
    unit: str
    value: float
    previous: float
    computed_pct: float
    reported_pct: float | None
    value_id: str
    growth_id: str | None
    doc_id: str | None
    source_file: str | None = None     # an imported series: the file it came from

    @property
    def source(self) -> str:
        return self.doc_id or (f"imported: {self.source_file}" if self.source_file else "")

    @property
    def difference_pp(self) -> float | None:
        return None if self.reported_pct is None else self.reported_pct - self.computed_pct

    @property
    def mismatch(self) -> bool:
        diff = self.difference_pp
        return diff is not None and abs(diff) > GROWTH_TOLERANCE_PP

    @property
    def serious(self) -> bool:
        diff = self.difference_pp
        return diff is not None and abs(diff) > GROWTH_SERIOUS_PP


_SERIES_SQL = """
SELECT v.period, v.reporter, v.partner, v.flow, v.unit, v.value, p.value,
       v.figure_id, g.value, g.figure_id, v.doc_id, v.source_file
FROM all_trade_figures v
JOIN all_trade_figures p
  ON p.measure = 'value' AND p.status = 'actual' AND p.period_precision = 'year'
 AND p.reporter IS v.reporter AND p.partner IS v.partner AND p.flow IS v.flow
 AND p.commodity IS v.commodity AND p.unit = v.unit AND p.doc_id IS v.doc_id
 AND p.source_file IS v.source_file
 AND CAST(p.period AS INTEGER) = CAST(v.period AS INTEGER) - 1
LEFT JOIN all_trade_figures g
  ON g.measure = 'growth' AND g.period = v.period AND g.reporter IS v.reporter
 AND g.partner IS v.partner AND g.flow IS v.flow AND g.commodity IS v.commodity
 AND g.doc_id IS v.doc_id AND g.source_file IS v.source_file
 AND g.status = 'actual'
WHERE v.measure = 'value' AND v.status = 'actual' AND v.period_precision = 'year'
  AND p.value > 0
ORDER BY v.reporter, v.partner, v.period
"""


def growth_checks(conn: sqlite3.Connection) -> list[GrowthCheck]:
    """Year-on-year growth computed from each annual series, beside the reported rate.

    Only figures from the same document (or the same imported file: an imported
    row is never part of a document's series, whatever document it names),
    reporter, partner, flow, commodity and unit are compared, so that no two
    sources are silently mixed."""
    out = []
    for (period, rep, par, flow, unit, value, prev, vid, reported, gid, doc, file) in conn.execute(_SERIES_SQL):
        computed = (value / prev - 1.0) * 100.0
        out.append(GrowthCheck(period, rep, par, flow, unit, value, prev, computed,
                               reported, vid, gid, doc, file))
    return out


# -- the same reconciliation as columns of the Trade table -----------------------
# CASE guards keep the correlated subqueries off rows they cannot apply to
# (monthly or imported commodity rows), so a big table pages as fast as before.

def _same_series(a: str, b: str) -> str:
    # source_file: a curated row has none, an imported one its file; so an import's
    # rows make a series of their own, never part of a document's
    return " AND ".join(f"{a}.{c} IS {b}.{c}"
                        for c in ("reporter", "partner", "flow", "commodity", "doc_id", "source_file"))


def _annual_value(alias: str) -> str:
    return f"{alias}.measure = 'value' AND {alias}.status = 'actual' AND {alias}.period_precision = 'year'"


def growth_reported_sql(f: str = "f") -> str:
    """The growth rate the document states for this row's year and series (%)."""
    return (
        f"(CASE WHEN {f}.measure = 'growth' THEN {f}.value "
        f"WHEN {_annual_value(f)} THEN (SELECT g.value FROM all_trade_figures g "
        f"WHERE g.measure = 'growth' AND g.status = 'actual' AND g.period = {f}.period "
        f"AND {_same_series('g', f)} LIMIT 1) END)"
    )


def growth_computed_sql(f: str = "f") -> str:
    """Year-on-year growth computed from the same document's annual volumes (%).

    Matches :func:`growth_checks`: same document, reporter, partner, flow,
    commodity and unit."""
    prev_of_value = (
        f"(SELECT round(({f}.value / p.value - 1.0) * 100.0, 2) FROM all_trade_figures p "
        f"WHERE {_annual_value('p')} AND {_same_series('p', f)} AND p.unit = {f}.unit "
        f"AND CAST(p.period AS INTEGER) = CAST({f}.period AS INTEGER) - 1 AND p.value > 0 LIMIT 1)"
    )
    for_growth = (
        f"(SELECT round((v.value / p.value - 1.0) * 100.0, 2) FROM all_trade_figures v "
        f"JOIN all_trade_figures p ON {_annual_value('p')} AND {_same_series('p', 'v')} "
        f"AND p.unit = v.unit AND CAST(p.period AS INTEGER) = CAST(v.period AS INTEGER) - 1 "
        f"WHERE {_annual_value('v')} AND v.period = {f}.period AND {_same_series('v', f)} "
        f"AND p.value > 0 LIMIT 1)"
    )
    return (f"(CASE WHEN {_annual_value(f)} THEN {prev_of_value} "
            f"WHEN {f}.measure = 'growth' AND {f}.status = 'actual' THEN {for_growth} END)")
