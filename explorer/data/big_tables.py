"""The big-table planner: how a pane's table is read when the workspace holds
a million imported rows.

A pane's table reads ``all_<subject>`` (bundled UNION ALL workspace) joined
to names and documents. Over a million imported rows that view cannot use
an index, so for big tables the same SELECT is written once per origin
("arm") over the base table itself, which SQLite flattens: filters and
ORDER BY then reach the workspace's indexes (explorer.data.indexes), rows
are addressed by an encoded rowid (_rid: workspace rowid, or minus the
bundled rowid) and a page is read by key (``_rid IN (...)``), never OFFSET.
What the planner needs of a spec it reads from the spec's fields (its subject
alias, its place columns), never from its SQL text.
"""
from __future__ import annotations

import sqlite3
import time
from array import array as _array
from typing import Any

from explorer.data.filters import Filter, Order, year_range_clauses
from explorer.data.indexes import facet_values
from explorer.data.tables import TableSpec
from explorer.data.text_index import candidate_clause, candidate_rowids

#: A table whose workspace copy has at least this many rows is read as "big".
BIG_ROWS = 100_000
_ORIGINS = (("bundled", "bundled", "-"), ("workspace", "main", ""))


def subject_alias(spec: TableSpec) -> str | None:
    """Alias of the subject view when it leads the spec's FROM clause, else None."""
    return spec.subject_alias if spec.subject_alias and spec.subject_table else None


def workspace_size(conn: sqlite3.Connection, spec: TableSpec) -> int:
    """An upper bound of the workspace rows behind a spec (max rowid: instant)."""
    if subject_alias(spec) is None:
        return 0
    try:
        return conn.execute(f"SELECT max(rowid) FROM main.{spec.subject_table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return 0


def is_big(conn: sqlite3.Connection, spec: TableSpec, threshold: int | None = None) -> bool:
    return workspace_size(conn, spec) >= (BIG_ROWS if threshold is None else threshold)


def arm_sql(spec: TableSpec, origin: str, where: str = "") -> str:
    """The spec's SELECT over one origin's base table, with ``_rid`` first
    (``where``: clauses on the subject's own columns, from :func:`pushdown`)."""
    alias = subject_alias(spec)
    if alias is None:
        raise ValueError(f"{spec.name}: the subject is not the first table")
    schema, sign = {o: (s, g) for o, s, g in _ORIGINS}[origin]
    sql = spec.select_sql(f"(SELECT '{origin}' AS origin, {sign}rowid AS _rid, * FROM {schema}.{spec.subject_table})")
    sql = sql.replace("SELECT ", f"SELECT {alias}._rid AS _rid, ", 1)
    return f"{sql} WHERE {where}" if where else sql


def _place_ref(spec: TableSpec, key: str) -> tuple[str, str] | None:
    """(join alias, base column) when a column shows a place's English name or the raw value."""
    return spec.column(key).place


def _base_column(spec: TableSpec, key: str) -> str | None:
    return spec.base_column(key) if subject_alias(spec) else None


def pushdown(conn: sqlite3.Connection, spec: TableSpec, flt: Filter) -> tuple[list[str], list[Any]] | None:
    """The filter's facets as exact clauses on the subject's own columns (so
    that they reach its indexes), or None when some facet or text cannot be."""
    if flt.text.strip():
        return None
    clauses: list[str] = []
    params: list[Any] = []
    for key, value in flt.facets.items():
        if key not in spec.keys:
            raise KeyError(f"{spec.name} has no column {key!r}")
        values = list(value) if isinstance(value, (tuple, list, set, frozenset)) else [value]
        base = _base_column(spec, key)
        place = _place_ref(spec, key)
        if base is None and place is not None:
            base = place[1]
            names = [v for v in values if v is not None]
            ids: list[Any] = [None] if None in values else []
            if names:
                marks = ", ".join("?" * len(names))
                # a place id shows as its name_en; text that is no place (or a nameless one) shows as itself
                ids += [r[0] for r in conn.execute(
                    f"SELECT place_id FROM all_places WHERE name_en IN ({marks})", names)]
                named = {r[0] for r in conn.execute(
                    f"SELECT place_id FROM all_places WHERE name_en IS NOT NULL AND place_id IN ({marks})", names)}
                ids += [v for v in names if v not in named]
            values = list(dict.fromkeys(ids))
        elif base is None:
            return None
        if not values:
            clauses.append("0")
            continue
        parts = []
        if None in values:
            parts.append(f"{base} IS NULL")
        rest = [v for v in values if v is not None]
        if rest:
            parts.append(f"{base} IN ({', '.join('?' * len(rest))})")
            params.extend(rest)
        clauses.append("(" + " OR ".join(parts) + ")")
    for key, bounds in flt.ranges.items():
        if key not in spec.keys:
            raise KeyError(f"{spec.name} has no column {key!r}")
        base = _base_column(spec, key)
        if base is None:
            return None
        more, more_params = year_range_clauses(base, bounds)
        clauses += more
        params += more_params
    return clauses, params


def _text_clauses(spec: TableSpec, flt: Filter) -> tuple[list[str], list[Any]]:
    """The free-text filter as clauses inside an arm (where the spec's aliases
    are visible). ASCII words are matched by LIKE (case-insensitive for ASCII
    in SQLite) instead of through the Python fold(): the same rows, without a
    Python call per row."""
    haystack = " || ' ' || ".join(f"coalesce({s}, '')" for s in spec.search_sql)
    clauses, params = [], []
    for token in flt.text.casefold().split():
        escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        target = f"({haystack})" if token.isascii() else f"fold({haystack})"
        clauses.append(f"{target} LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    return clauses, params


def workspace_text_clauses(conn: sqlite3.Connection, spec: TableSpec, flt: Filter,
                           index: bool | list[int] = True) -> tuple[list[str], list[Any]]:
    """:func:`_text_clauses` for the workspace arm, narrowed first to the rows the
    trigram index offers (explorer.data.text_index) when there is one and
    ``index``: the exact clauses then run on those candidates only. ``index`` may
    also be the candidates' rowids themselves (a few: written out, so that SQLite
    looks them up by rowid instead of walking the order's index past them)."""
    clauses, params = _text_clauses(spec, flt)
    if clauses and isinstance(index, list):
        alias = subject_alias(spec)
        return [f"{alias}._rid IN ({', '.join(str(int(r)) for r in index)})", *clauses], params
    if clauses and index:
        cand = candidate_clause(conn, spec, flt.text.casefold())
        if cand is not None:
            return [cand[0], *clauses], [*cand[1], *params]
    return clauses, params


def _lean(spec: TableSpec, key: str) -> tuple[str, str] | None:
    """(order column, key column) on the subject itself, when both are plain columns."""
    alias = subject_alias(spec)
    if alias is None or not (spec.key_sql.startswith(f"{alias}.") and spec.key_sql[len(alias) + 1:].isidentifier()):
        return None
    if not key:
        return "NULL", spec.key_sql
    base = _base_column(spec, key)
    return (base, spec.key_sql) if base else None


def _arms(conn, spec: TableSpec, flt: Filter, select: str, more: str = "",
          key: str | None = None, index: bool | list[int] = True) -> tuple[list[str], list[Any]]:
    """One SELECT per origin. With ``key`` (the order column) and a filter that
    pushes down, the arm reads the subject table alone (no joins) and
    ``select`` may only name _rid, _o1 (the order column) and _o2 (the key)."""
    extra = pushdown(conn, spec, flt)
    lean = _lean(spec, key) if (key is not None and extra is not None) else None
    if lean is not None:
        alias = subject_alias(spec)
        inner = list(extra[0]) + ([lean[0] + more[len(key):]] if more else [])
        w = (" WHERE " + " AND ".join(inner)) if inner else ""
        select = "_rid, _o1, _o2" if "_o1" in select else "_rid, _o2"
        arms = [f"SELECT {select} FROM (SELECT {alias}._rid AS _rid, {lean[0]} AS _o1, {lean[1]} AS _o2 "
                f"FROM (SELECT {sign}rowid AS _rid, * FROM {schema}.{spec.subject_table}) {alias}{w})"
                for _o, schema, sign in _ORIGINS]
        return arms, list(extra[1]) * len(arms)
    where, params = Filter(facets=flt.facets, ranges=flt.ranges).where(spec)
    outer = [where[len(" WHERE "):]] if where else []
    if more:
        outer.append(more)
    w = (" WHERE " + " AND ".join(outer)) if outer else ""
    arms, all_params = [], []
    for origin, _s, _g in _ORIGINS:
        # the workspace arm reads its candidates off the trigram index (the bundled one is small)
        inner, inner_params = (workspace_text_clauses(conn, spec, flt, index) if origin == "workspace"
                               else _text_clauses(spec, flt))
        if extra and extra[0]:
            # the exact facet clauses stay outside; the pushed-down ones inside reach an index
            inner, inner_params = inner + extra[0], inner_params + extra[1]
        arms.append(f"SELECT {select} FROM ({arm_sql(spec, origin, ' AND '.join(inner))}){w}")
        all_params += [*inner_params, *params]
    return arms, all_params


def ordered_sql(conn, spec: TableSpec, flt: Filter, order: Order,
                index: bool | list[int] = True) -> list[tuple[str, list[Any]]]:
    """Queries of the filtered rows' rids in the table's order (both origins
    merged by SQLite): the rows with a value first, then those without (NULLs
    last either way, as Order.sql) — two queries so that each can walk an index."""
    key = order.key or spec.default_order
    if key and key not in spec.keys:
        raise KeyError(f"{spec.name} has no column {key!r}")
    # a few candidate rowids: '+' keeps SQLite from walking an order's index past them all
    plus = "+" if isinstance(index, list) else ""
    if not key:
        arms, params = _arms(conn, spec, flt, f"_rid, {plus}_key AS _o2", key="", index=index)
        return [(" UNION ALL ".join(arms) + " ORDER BY _o2", params)]
    d = " DESC" if order.descending else ""
    k = plus + key
    arms, params = _arms(conn, spec, flt, f"_rid, {k} AS _o1, {plus}_key AS _o2", f"{k} IS NOT NULL", key=key,
                         index=index)
    first = (" UNION ALL ".join(arms) + f" ORDER BY _o1{d}, _o2", params)
    arms, params = _arms(conn, spec, flt, f"_rid, {plus}_key AS _o2", f"{k} IS NULL", key=key, index=index)
    return [first, (" UNION ALL ".join(arms) + " ORDER BY _o2", params)]


def is_indexed(conn: sqlite3.Connection, sql: str, params: list[Any]) -> bool:
    """True when SQLite answers the query without sorting (it walks indexes)."""
    plan = " ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    return "TEMP B-TREE" not in plan


def _workspace_in_order(conn, spec: TableSpec, flt: Filter, order: Order) -> bool:
    """True when the workspace's rows come off an index in the table's order
    (the bundled arm is small: sorting it costs nothing)."""
    if pushdown(conn, spec, flt) is None:      # free text: a scan, however ordered
        return False
    key = order.key or spec.default_order
    one = Filter(facets=flt.facets, ranges=flt.ranges)
    if not key:
        arms, params = _arms(conn, spec, one, "_rid, _key AS _o2", key="")
        by = " ORDER BY _o2"
    else:
        arms, params = _arms(conn, spec, one, f"_rid, {key} AS _o1, _key AS _o2", f"{key} IS NOT NULL", key=key)
        by = f" ORDER BY _o1{' DESC' if order.descending else ''}, _o2"
    return is_indexed(conn, arms[1] + by, params[len(params) // 2:])


#: A text filter whose index candidates are at most this many is ordered at once, in full.
FEW_CANDIDATES = 3_000


def text_order_now(conn, spec: TableSpec, flt: Filter, order: Order) -> _array | None:
    """Every row of a free-text filter in order, at once, when the trigram index
    narrows it to a few candidates (a rare word, a word that matches nothing); else None."""
    if not flt.text.strip() or pushdown(conn, spec, Filter(facets=flt.facets, ranges=flt.ranges)) is None:
        return None
    rowids = candidate_rowids(conn, spec, flt.text.casefold(), FEW_CANDIDATES)
    if rowids is None:
        return None
    return ordered_rids(conn, spec, flt, order, index=rowids)


def _text_in_order(conn, spec: TableSpec, flt: Filter, order: Order) -> list[tuple[str, list[Any]]] | None:
    """The ordered queries of a free-text filter without the index's candidates
    (their first rows come off the order's index, the words checked row by row:
    a common word fills a page after a few hundred rows), or None when they would sort."""
    if not flt.text.strip() or pushdown(conn, spec, Filter(facets=flt.facets, ranges=flt.ranges)) is None:
        return None
    key = order.key or spec.default_order
    if not key:
        arms, params = _arms(conn, spec, flt, "_rid, _key AS _o2", key="", index=False)
        by = " ORDER BY _o2"
    else:
        arms, params = _arms(conn, spec, flt, f"_rid, {key} AS _o1, _key AS _o2", f"{key} IS NOT NULL",
                             key=key, index=False)
        by = f" ORDER BY _o1{' DESC' if order.descending else ''}, _o2"
    if not is_indexed(conn, arms[1] + by, params[len(params) // 2:]):
        return None
    return ordered_sql(conn, spec, flt, order, index=False)


#: How long the first page of a free-text filter may walk the order's index before
#: it gives up and leaves the page to the background order (a word that is rare).
HEAD_WALK_MS = 60


def _walk(conn, queries: list[tuple[str, list[Any]]], limit: int, budget_ms: float | None) -> list[int] | None:
    """The first ``limit`` rids of the ordered queries; None when the walk ran past ``budget_ms``."""
    deadline = None if budget_ms is None else time.monotonic() + budget_ms / 1000
    if deadline is not None:
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    out: list[int] = []
    try:
        for sql, params in queries:
            out += [r[0] for r in conn.execute(f"{sql} LIMIT {int(limit - len(out))}", params)]
            if len(out) >= limit:
                break
    except sqlite3.OperationalError:
        if deadline is not None and time.monotonic() > deadline:
            return None
        raise
    finally:
        if deadline is not None:
            conn.set_progress_handler(None, 0)
    return out


def head_rids(conn, spec: TableSpec, flt: Filter, order: Order, limit: int) -> list[int] | None:
    """The first rows' rids at once when indexes give them in order, else None."""
    text_queries = _text_in_order(conn, spec, flt, order)
    if text_queries is not None:
        return _walk(conn, text_queries, limit, HEAD_WALK_MS)
    if not _workspace_in_order(conn, spec, flt, order):
        return None
    return _walk(conn, ordered_sql(conn, spec, flt, order), limit, None)


def quick_count(conn, spec: TableSpec, flt: Filter) -> int | None:
    """The row count straight from the base tables' indexes, or None when it needs a scan."""
    extra = pushdown(conn, spec, flt)
    if extra is None:
        return None
    clauses, params = extra
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    alias = subject_alias(spec)
    total = 0
    for _origin, schema, _g in _ORIGINS:
        total += conn.execute(f"SELECT count(*) FROM {schema}.{spec.subject_table} {alias}{where}",
                              params).fetchone()[0]
    return total


def ordered_rids(conn, spec: TableSpec, flt: Filter, order: Order,
                 index: bool | list[int] = True) -> _array:
    """Every filtered row's rid in order, as a compact array (8 bytes a row, no row data)."""
    out = _array("q")
    for sql, params in ordered_sql(conn, spec, flt, order, index):
        # in chunks: a bounded amount of Python objects alive at any time (RSS stays flat)
        cur = conn.execute(sql, params)
        while True:
            chunk = cur.fetchmany(8192)
            if not chunk:
                break
            out.extend(r[0] for r in chunk)
    return out


def fetch_by_rids(conn: sqlite3.Connection, spec: TableSpec, rids: list[int]) -> list[tuple]:
    """Rows (as fetch_rows gives them) of these rids, in the order given."""
    found: dict[int, tuple] = {}
    for origin, _s, sign in _ORIGINS:
        part = [r for r in rids if (r < 0) == bool(sign)]
        if part:
            marks = ", ".join("?" * len(part))
            for row in conn.execute(f"SELECT * FROM ({arm_sql(spec, origin)}) WHERE _rid IN ({marks})", part):
                found[row[0]] = row[1:]
    return [found[r] for r in rids if r in found]


def rid_of_key(conn: sqlite3.Connection, spec: TableSpec, key: Any) -> int | None:
    for origin, _s, _g in _ORIGINS:
        row = conn.execute(f"SELECT _rid FROM ({arm_sql(spec, origin)}) WHERE _key = ?", (key,)).fetchone()
        if row:
            return row[0]
    return None


def distinct_from_rollup(conn: sqlite3.Connection, spec: TableSpec, key: str) -> list[Any] | None:
    """Big tables: a facet's values from the workspace's facet rollup (when fresh)
    plus the bundled rows', in the same order as SELECT DISTINCT … ORDER BY; else None."""
    if spec.subject_table != "trade_figures" or not is_big(conn, spec):
        return None
    place = _place_ref(spec, key)
    base = _base_column(spec, key) or (place[1] if place else None)
    if base is None:
        return None
    values = facet_values(conn, base.split(".", 1)[1])
    if values is None:
        return None
    if place is not None:
        names = dict(conn.execute("SELECT place_id, name_en FROM all_places WHERE name_en IS NOT NULL"))
        values = [names.get(v, v) for v in values]
    bundled = [r[0] for r in conn.execute(f"SELECT DISTINCT {key} FROM ({arm_sql(spec, 'bundled')})")]
    out = set(values) | set(bundled)
    return ([None] if None in out else []) + sorted(v for v in out if v is not None)
