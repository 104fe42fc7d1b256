"""Filtered, sorted, paged reads of a pane's table: the SQL behind every
table model and every export. Filtering and sorting happen in SQLite, never
by loading all rows into Python. A big workspace's tables are read by the
planner in explorer.data.big_tables."""
from __future__ import annotations

import sqlite3
from typing import Any, Iterator

from explorer.data import big_tables
from explorer.data.filters import Filter, Order
from explorer.data.tables import TableSpec


def count_rows(conn: sqlite3.Connection, spec: TableSpec, flt: Filter = Filter()) -> int:
    where, params = flt.where(spec)
    return conn.execute(f"SELECT count(*) FROM ({spec.select_sql()}){where}", params).fetchone()[0]


def fetch_rows(
    conn: sqlite3.Connection,
    spec: TableSpec,
    flt: Filter = Filter(),
    order: Order = Order(),
    offset: int = 0,
    limit: int | None = None,
) -> list[tuple]:
    """Rows as tuples: (_key, visible columns..., provenance..., _search)."""
    where, params = flt.where(spec)
    sql = f"SELECT * FROM ({spec.select_sql()}){where}{order.sql(spec)}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return conn.execute(sql, params).fetchall()


def iter_rows(conn: sqlite3.Connection, spec: TableSpec, flt: Filter = Filter(),
              order: Order = Order()) -> Iterator[tuple]:
    """Visible columns only, streamed (for exports)."""
    where, params = flt.where(spec)
    cols = ", ".join(spec.keys)
    yield from conn.execute(f"SELECT {cols} FROM ({spec.select_sql()}){where}{order.sql(spec)}", params)


def distinct_values(conn: sqlite3.Connection, spec: TableSpec, key: str) -> list[Any]:
    """The values a facet filter can offer for one column."""
    if key not in spec.keys:
        raise KeyError(f"{spec.name} has no column {key!r}")
    fast = big_tables.distinct_from_rollup(conn, spec, key)
    if fast is not None:
        return fast
    rows = conn.execute(f"SELECT DISTINCT {key} FROM ({spec.select_sql()}) ORDER BY {key}")
    return [r[0] for r in rows]


def row_number_of(conn: sqlite3.Connection, spec: TableSpec, key: Any,
                  flt: Filter = Filter(), order: Order = Order()) -> int:
    """0-based position of the row with this key under the filter and order, or -1."""
    where, params = flt.where(spec)
    order_sql = order.sql(spec).replace(" ORDER BY ", "", 1)
    row = conn.execute(
        f"SELECT rn FROM (SELECT _key, row_number() OVER (ORDER BY {order_sql}) - 1 AS rn "
        f"FROM ({spec.select_sql()}){where}) WHERE _key = ?",
        [*params, key],
    ).fetchone()
    return -1 if row is None else row[0]
