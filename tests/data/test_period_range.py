"""The period-range facet in SQL: an interval counts when it overlaps the years,
and big tables push the range down to the subject's own period column."""
from __future__ import annotations

import sqlite3

from explorer.data.filters import Filter, year_range_clauses
from explorer.data.big_tables import pushdown
from explorer.data.tables import TRADE


def _matches(period, lo, hi):
    clauses, params = year_range_clauses("p", (lo, hi))
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    conn = sqlite3.connect(":memory:")
    return bool(conn.execute(f"SELECT 1 FROM (SELECT ? AS p){where}", [period, *params]).fetchall())


def test_interval_overlap():
    assert _matches("2023-01/2023-09", "2023", "2023")
    assert _matches("2022-06/2023-03", "2023", None)
    assert not _matches("2022-06/2023-03", "2024", None)
    assert not _matches("2023-01/2023-09", None, "2022")
    assert _matches("2021", None, None)
    assert _matches("2021-05", "2020", "2021") and not _matches("2021-05", "2022", "2023")


def test_range_pushes_down_to_the_period_column(conn):
    clauses, params = pushdown(conn, TRADE, Filter(ranges={"period": ("2022", "2023")}))
    assert params == ["2023", "2022"] and all("f.period" in c for c in clauses)
    where, wparams = Filter(facets={"measure": "value"}, ranges={"period": (None, "2022")}).where(TRADE)
    assert "substr(period, 1, 4) <= ?" in where and wparams == ["value", "2022"]
