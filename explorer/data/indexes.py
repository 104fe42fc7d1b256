"""Covering indexes and small rollup tables in the WORKSPACE, for imported
rows that can run to millions (the bundled database is read-only and tiny).

* :data:`INDEXES` — one index per query shape the windowed tables and the
  charts ask for: the default order of each big table (with its key, so that
  pages are read by key range), the facets the Trade pane offers, and the
  monthly roll-up of the Trade charts (covering: the query never touches the
  table itself). They are created by :func:`ensure_indexes` (called from
  ``init_workspace``; a no-op once they exist) and maintained by SQLite.
* :data:`ROLLUPS` — small tables of wide aggregates ("top commodities by
  year" reads a few hundred rows instead of scanning a million), rebuilt by
  :func:`refresh_rollups` after an import or an undo changed the table.

The importer calls ``refresh_rollups(conn, tables, analyze="auto")`` inside its
transaction once the rows are written (and undo likewise), with the names of
the tables it changed. Planner statistics (``ANALYZE``) are then refreshed
only for a table that crossed :data:`ANALYZE_ROWS` or grew or shrank past
twice the size its statistics describe — never for the small imports the
fault tests compare by full dumps.
"""
from __future__ import annotations

import sqlite3
from typing import Iterable

from explorer.data import text_index

#: name -> (table, columns) of every index this module owns (all in ``main``).
INDEXES: dict[str, tuple[str, str]] = {
    # default order of the Trade table (period, then key) and keyset paging
    "ix_trade_period": ("trade_figures", "period, figure_id"),
    # Trade charts' monthly roll-up, covering (trade_series._ROLLUP_SQL)
    "ix_trade_rollup": ("trade_figures", "period_precision, measure, reporter, period, unit, value"),
    # facets of the Trade pane, each followed by the default order (commodity: rollup tables)
    "ix_trade_reporter": ("trade_figures", "reporter, period, figure_id"),
    "ix_trade_flow": ("trade_figures", "flow, period, figure_id"),
    # the full natural key of a trade figure (importing.resolve: skip / replace / conflict
    # decided by one seek per imported row, inside the import's transaction)
    "ix_trade_key": ("trade_figures", "reporter, partner, period, commodity, flow, measure, unit, status, topic"),
    # ... and of the smaller subjects (without them each imported row scans the table)
    "ix_places_key": ("places", "name_en"),
    "ix_institutions_key": ("institutions", "name_en"),
    "ix_relations_key": ("institution_relations", "from_id, relation, to_id"),
    # rows drawn from a document (Sources pane); partial: imported rows mostly have none
    "ix_trade_doc": ("trade_figures", "doc_id) WHERE (doc_id IS NOT NULL"),
    "ix_energy_doc": ("energy_figures", "doc_id) WHERE (doc_id IS NOT NULL"),
    # other tables an import can make big
    "ix_energy_asset": ("energy_figures", "asset_id, date"),
    "ix_events_subject": ("events", "subject_type, subject_id, date"),
    # an indicator value's natural key (finding a repeat or a replacement is one seek per row)
    # and the Indicators chart's series, read in period order
    "ix_indicators_key": ("indicators", "indicator, place, period, unit, price_basis, publisher"),
}

#: A commodity's total over partners: the world as a partner is the sum of the others, so its
#: rows count only where no other partner is given (a file of China's imports from the World).
WORLD_AWARE_SUM = ("CASE WHEN max(partner IS NOT 'World') THEN sum(CASE WHEN partner IS NOT 'World' THEN value END) "
                   "ELSE sum(value) END")

#: Rollup tables: name -> (source table, CREATE statement, fill statement).
ROLLUPS: dict[str, tuple[str, str, str]] = {
    "rollup_trade_commodity_year": (
        "trade_figures",
        "CREATE TABLE IF NOT EXISTS main.rollup_trade_commodity_year ("
        " year TEXT, commodity TEXT, flow TEXT, unit TEXT, total REAL, n INTEGER,"
        " PRIMARY KEY (year, commodity, flow, unit)) WITHOUT ROWID",
        "INSERT INTO main.rollup_trade_commodity_year(year, commodity, flow, unit, total, n) "
        "SELECT substr(period, 1, 4), commodity, coalesce(flow, ''), coalesce(unit, ''), "
        f"{WORLD_AWARE_SUM}, count(*) "
        "FROM main.trade_figures WHERE measure = 'value' AND commodity IS NOT NULL "
        "GROUP BY 1, 2, 3, 4",
    ),
    # the Trade charts' monthly roll-up by year for every facet the pane offers
    "rollup_trade_monthly_year": (
        "trade_figures",
        "CREATE TABLE IF NOT EXISTS main.rollup_trade_monthly_year ("
        " year TEXT, reporter TEXT, partner TEXT, flow TEXT, status TEXT, unit TEXT, total REAL, n INTEGER)",
        "INSERT INTO main.rollup_trade_monthly_year(year, reporter, partner, flow, status, unit, total, n) "
        "SELECT year, reporter, partner, flow, status, unit, sum(total), sum(n) "
        "FROM temp._trade_groups WHERE period_precision = 'month' AND measure = 'value' "
        "GROUP BY 1, 2, 3, 4, 5, 6",
    ),
    # the values each Trade facet list offers (SELECT DISTINCT over 1M rows takes seconds)
    "rollup_trade_facets": (
        "trade_figures",
        "CREATE TABLE IF NOT EXISTS main.rollup_trade_facets ("
        " reporter TEXT, partner TEXT, flow TEXT, measure TEXT, status TEXT, n INTEGER)",
        "INSERT INTO main.rollup_trade_facets(reporter, partner, flow, measure, status, n) "
        "SELECT reporter, partner, flow, measure, status, sum(n) FROM temp._trade_groups "
        "GROUP BY 1, 2, 3, 4, 5",
    ),
    # the Indicators chart's series (one per indicator, place, unit, price basis, publisher): its
    # choice of series grouped 400k rows on the UI thread (~1-3 s) at every filter change
    "rollup_indicator_series": (
        "indicators",
        "CREATE TABLE IF NOT EXISTS main.rollup_indicator_series ("
        " indicator TEXT, place TEXT, unit TEXT, price_basis TEXT, publisher TEXT, n INTEGER)",
        "INSERT INTO main.rollup_indicator_series(indicator, place, unit, price_basis, publisher, n) "
        "SELECT indicator, place, unit, price_basis, publisher, count(*) FROM main.indicators "
        "GROUP BY 1, 2, 3, 4, 5",
    ),
}

#: The shared grouping pass, into a temp table that is emptied, never dropped (an import
#: must not issue DROP statements: tests/faults/test_exports_and_sql.py watches for them).
_TRADE_GROUPS_CREATE = (
    "CREATE TEMP TABLE IF NOT EXISTS _trade_groups (year TEXT, period_precision TEXT, measure TEXT,"
    " reporter TEXT, partner TEXT, flow TEXT, status TEXT, unit TEXT, total REAL, n INTEGER)")
_TRADE_GROUPS_SQL = (
    "INSERT INTO temp._trade_groups SELECT substr(period, 1, 4) AS year, period_precision, measure,"
    " reporter, partner, flow, status, unit, sum(value) AS total, count(*) AS n FROM main.trade_figures"
    " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8")

#: Columns of trade_figures whose distinct values rollup_trade_facets holds.
FACET_COLUMNS = ("reporter", "partner", "flow", "measure", "status")

_STAMP_SQL = ("CREATE TABLE IF NOT EXISTS main.rollup_stamp (table_name TEXT PRIMARY KEY, max_rowid INTEGER,"
              " n INTEGER)")


def _stamp(conn: sqlite3.Connection, table: str) -> tuple[int, int]:
    # Two statements: together, max(rowid) and count(*) scan the table
    # (125 ms at 1M rows); apart, each uses SQLite's fast path (~12 ms).
    max_rowid = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM main.{table}").fetchone()[0]
    count = conn.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0]
    return max_rowid, count


def rollups_fresh(conn: sqlite3.Connection, table: str) -> bool:
    """True when the rollups of ``table`` were rebuilt since its rows last changed
    (same row count and last rowid as at the refresh)."""
    # the answer holds until some connection writes (data_version) or this one does (total_changes);
    # kept on the connection itself: a cache keyed by id(conn) answered for a closed
    # connection's workspace once a new connection reused its id (same counters, fresh)
    key = (table, conn.execute("PRAGMA main.data_version").fetchone()[0], conn.total_changes)
    cache = _fresh_cache(conn)
    if key in cache:
        return cache[key]
    try:
        row = conn.execute("SELECT max_rowid, n FROM main.rollup_stamp WHERE table_name = ?", (table,)).fetchone()
    except sqlite3.DatabaseError:
        return False
    fresh = row is not None and tuple(row) == _stamp(conn, table)
    if len(cache) > 64:
        cache.clear()
    cache[key] = fresh
    return fresh


def _fresh_cache(conn: sqlite3.Connection) -> dict:
    """The connection's own cache of rollups_fresh answers (none for a bare sqlite3 connection)."""
    cache = getattr(conn, "_amur_rollups_fresh", None)
    if cache is None:
        cache = {}
        try:
            conn._amur_rollups_fresh = cache         # the app's connection classes take attributes
        except AttributeError:
            pass
    return cache


def facet_values(conn: sqlite3.Connection, column: str) -> list | None:
    """Distinct workspace values of a trade_figures facet column from the rollup, or None if stale."""
    if column not in FACET_COLUMNS or not rollups_fresh(conn, "trade_figures"):
        return None
    return [r[0] for r in conn.execute(f"SELECT DISTINCT {column} FROM main.rollup_trade_facets")]

#: Facets the monthly rollup can answer (column of the rollup per Trade table key).
ROLLUP_FACETS = {"reporter": "reporter", "partner": "partner", "flow": "flow", "status": "status",
                 "unit": "unit"}


def monthly_rollup(conn: sqlite3.Connection, facets: dict) -> list[tuple] | None:
    """(year, reporter, unit, sum, months) of imported monthly values, as
    ``trade_rollups.monthly_rollup`` gives them, read from the small rollup table;
    None when a facet is not one it holds (the caller then scans the index).
    ``facets`` hold raw column values (place ids, not names), tuples for IN."""
    clauses, params = [], []
    for key, value in facets.items():
        if key == "measure":
            values = list(value) if isinstance(value, (tuple, list, set, frozenset)) else [value]
            if "value" not in values:
                return []
            continue
        if key not in ROLLUP_FACETS:
            return None
        values = list(value) if isinstance(value, (tuple, list, set, frozenset)) else [value]
        clauses.append(f"{ROLLUP_FACETS[key]} IN ({', '.join('?' * len(values)) or 'NULL'})")
        params += values
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return [tuple(r) for r in conn.execute(
        "SELECT year, reporter, unit, sum(total), sum(n) FROM main.rollup_trade_monthly_year"
        f"{where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", params)]


def ensure_indexes(conn: sqlite3.Connection) -> None:
    """Create the workspace's indexes and rollup tables that do not exist yet."""
    for name, (table, cols) in INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS main.{name} ON {table}({cols})")
    for _table, create, _fill in ROLLUPS.values():
        conn.execute(create)
    conn.execute(_STAMP_SQL)


#: Rows from which a table's planner statistics are worth having (``big_tables.BIG_ROWS``).
ANALYZE_ROWS = 100_000


def refresh_rollups(conn: sqlite3.Connection, tables: Iterable[str] | None = None,
                    analyze: bool | str = True) -> None:
    """Rebuild the rollups that read from ``tables`` (all when None). Runs in the
    caller's transaction, if any.

    ``analyze``: True refreshes the planner's statistics of the whole workspace
    (sampled, milliseconds); False never; ``"auto"`` (import and undo) only for
    each of ``tables`` whose size crossed :data:`ANALYZE_ROWS` or moved past
    twice (or half) what its statistics say — see :func:`analyze_if_resized`."""
    wanted = None if tables is None else set(tables)
    # the trigram indexes of free text follow the rows (a big tail is left to text_index.catch_up)
    text_index.refresh(conn, wanted, budget_rows=None if tables is None else text_index.INLINE_ROWS)
    if wanted is not None and not wanted & {t for t, _c, _f in ROLLUPS.values()} and analyze != "auto":
        if analyze:
            _analyze(conn)
        return
    ensure_indexes(conn)
    if wanted is None or "trade_figures" in wanted:
        # one pass over the table for the rollups that share its grouping (a few hundred rows)
        conn.execute(_TRADE_GROUPS_CREATE)
        conn.execute("DELETE FROM temp._trade_groups")
        conn.execute(_TRADE_GROUPS_SQL)
    for name, (table, _create, fill) in ROLLUPS.items():
        if wanted is None or table in wanted:
            conn.execute(f"DELETE FROM main.{name}")
            conn.execute(fill)
    if wanted is None or "trade_figures" in wanted:
        conn.execute("DELETE FROM temp._trade_groups")
    for table in {t for t, _c, _f in ROLLUPS.values()}:
        if wanted is None or table in wanted:
            conn.execute("INSERT OR REPLACE INTO main.rollup_stamp(table_name, max_rowid, n) VALUES (?, ?, ?)",
                         (table, *_stamp(conn, table)))
    if analyze == "auto":
        for table in sorted(wanted if wanted is not None else {t for t, _c, _f in ROLLUPS.values()}):
            analyze_if_resized(conn, table)
    elif analyze:
        _analyze(conn)


def _analyze(conn: sqlite3.Connection, target: str = "main") -> None:
    conn.execute("PRAGMA main.analysis_limit = 1000")     # sampled: ms, not seconds
    conn.execute(f"ANALYZE {target}")


def analyze_if_resized(conn: sqlite3.Connection, table: str) -> bool:
    """ANALYZE ``main.table`` when its statistics are missing for a table of at least
    :data:`ANALYZE_ROWS` rows, or describe fewer than half or more than twice its rows.
    Small tables without statistics are left alone (the planner's defaults suit them, and
    the workspace's dump does not change). True when it ran."""
    try:
        stat = conn.execute("SELECT stat FROM main.sqlite_stat1 WHERE tbl = ? LIMIT 1", (table,)).fetchone()
    except sqlite3.OperationalError:        # no statistics at all yet
        stat = None
    known = int(str(stat[0]).split()[0]) if stat and stat[0] else None
    n = conn.execute(f"SELECT max(rowid) FROM main.{table}").fetchone()[0] or 0   # instant; ≥ count
    if known is None:
        if n < ANALYZE_ROWS:
            return False
    else:
        if known // 2 <= n <= known * 2 + ANALYZE_ROWS // 10:
            return False
        n = table_rows(conn, table)       # max(rowid) overstates after deletes: count before deciding
        if known // 2 <= n <= known * 2 + ANALYZE_ROWS // 10:
            return False
    _analyze(conn, f"main.{table}")
    return True


def build_all(conn: sqlite3.Connection) -> None:
    """Indexes and rollups from scratch, in one transaction (benchmarks, repair)."""
    with conn:
        refresh_rollups(conn)


def top_commodities(conn: sqlite3.Connection, year: str, limit: int = 10,
                    flow: str | None = None) -> list[tuple[str, str, float]]:
    """(commodity, unit, total) of imported rows with the largest totals in a year, from the rollup."""
    sql = ("SELECT commodity, unit, sum(total) AS t FROM main.rollup_trade_commodity_year "
           "WHERE year = ?" + (" AND flow = ?" if flow is not None else "") +
           " GROUP BY commodity, unit ORDER BY t DESC LIMIT ?")
    params = [year] + ([flow] if flow is not None else []) + [limit]
    return [tuple(r) for r in conn.execute(sql, params)]


def table_rows(conn: sqlite3.Connection, table: str) -> int:
    """Rows in the workspace's copy of a table (a fast count on the smallest index)."""
    try:
        return conn.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0
