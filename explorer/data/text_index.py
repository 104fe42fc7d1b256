"""A trigram full-text index over a big table's searchable text, so that a
free-text filter on a million imported rows reads candidates from an index
instead of running ``LIKE`` (and, for non-ASCII words, a Python ``fold()``)
on every row.

One FTS5 table per table spec, ``main.fts_<spec>``: ``tokenize='trigram'``
(substrings in any script, case-folded by SQLite for Latin, Cyrillic, Greek…),
``content=''`` and ``detail=none`` (it stores only which rows hold which
trigram: the smallest index FTS5 can keep). Each indexed document is the very
haystack the table's text filter looks in (the spec's ``search_sql``, joined
names included), so the index answers for every column the filter reads.

The index is a *superset filter*: a word's trigrams all present is necessary
for a match, not sufficient, and an entry of a deleted row stays behind. The
caller therefore keeps the exact text clauses on the candidates (see
``big_tables._text_clauses``); the index only narrows which rows they run on.
Rows are indexed by rowid up to ``fts_stamp.max_rowid``; rows above it (the
tail an import added since) are always candidates, so a late index is slow,
never wrong. Rows an undo puts back under their old rowids are indexed by
:func:`index_rowids`.
"""
from __future__ import annotations

import sqlite3
from typing import Any, Iterable

from explorer.data.tables import TableSpec

#: Shortest word the trigram index can answer (shorter words use the plain filter).
MIN_CHARS = 3
#: Tables an import can make big (the others stay at curated sizes).
BIG_SUBJECTS = ("trade_figures", "energy_figures")
#: Rows an import or undo indexes in its own transaction; a bigger tail is indexed
#: later, off the UI thread (:func:`catch_up`), and scanned until then.
INLINE_ROWS = 20_000
#: Rows indexed per statement while catching up (bounded memory and transaction).
CHUNK_ROWS = 50_000

_STAMP_SQL = "CREATE TABLE IF NOT EXISTS main.fts_stamp (name TEXT PRIMARY KEY, max_rowid INTEGER)"


def fts_table(spec: TableSpec) -> str:
    return f"fts_{spec.name}"


def indexed_specs() -> tuple[TableSpec, ...]:
    """The table specs whose subject an import can make big (each gets an index)."""
    from explorer.data.panes import specs

    return tuple(s for s in specs() if s.subject_table in BIG_SUBJECTS and s.subject_alias)


def _haystack(spec: TableSpec) -> str:
    return " || ' ' || ".join(f"coalesce({s}, '')" for s in spec.search_sql)


def indexed_upto(conn: sqlite3.Connection, spec: TableSpec) -> int | None:
    """The last rowid the index covers, or None when the workspace has no index for the spec."""
    try:
        row = conn.execute("SELECT max_rowid FROM main.fts_stamp WHERE name = ?", (fts_table(spec),)).fetchone()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else row[0]


def ensure_text_index(conn: sqlite3.Connection, spec: TableSpec, budget_rows: int | None = None) -> bool:
    """Create the spec's index if missing and index the rows above its stamp
    (at most ``budget_rows`` of them). Runs in the caller's transaction, if any.
    True when the index then covers every row."""
    name = fts_table(spec)
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS main.{name} USING fts5("
                 "text, content='', tokenize='trigram', detail=none, columnsize=0)")
    conn.execute(_STAMP_SQL)
    done = indexed_upto(conn, spec)
    if done is None:
        done = 0
        conn.execute("INSERT INTO main.fts_stamp(name, max_rowid) VALUES (?, 0)", (name,))
    top = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM main.{spec.subject_table}").fetchone()[0]
    if top < done:          # rows were removed from the top (undo): new rows reuse those rowids
        _set_stamp(conn, name, top)
        return True
    left = budget_rows
    while done < top and (left is None or left > 0):
        step = CHUNK_ROWS if left is None else min(CHUNK_ROWS, left)
        upto = min(top, done + step)
        _index_range(conn, spec, done, upto)
        done = upto
        left = None if left is None else left - step
        _set_stamp(conn, name, done)
    return done >= top


def _set_stamp(conn: sqlite3.Connection, name: str, max_rowid: int) -> None:
    conn.execute("UPDATE main.fts_stamp SET max_rowid = ? WHERE name = ?", (max_rowid, name))


def _index_range(conn: sqlite3.Connection, spec: TableSpec, after: int, upto: int) -> None:
    alias = _alias(spec)
    conn.execute(f"INSERT INTO main.{fts_table(spec)}(rowid, text) "
                 f"{_indexing_select(spec, alias)} AND {alias}._rid > ? AND {alias}._rid <= ?",
                 (after, upto))


def _alias(spec: TableSpec) -> str:
    assert spec.subject_alias, f"{spec.name}: the subject does not lead its FROM clause"
    return spec.subject_alias


def _indexing_select(spec: TableSpec, alias: str) -> str:
    """SELECT rowid, haystack over the spec's FROM with the workspace table as its subject."""
    from_sql = spec.from_clause(f"(SELECT rowid AS _rid, * FROM main.{spec.subject_table})")
    return f"SELECT {alias}._rid, {_haystack(spec)} FROM {from_sql} WHERE 1"


def index_rowids(conn: sqlite3.Connection, table: str, rowids: Iterable[int]) -> None:
    """Index rows put back under rowids at or below the stamp (an undo restores replaced rows)."""
    ids = list(rowids)
    for spec in indexed_specs():
        if spec.subject_table != table or not ids:
            continue
        done = indexed_upto(conn, spec)
        if done is None:
            continue
        old = [r for r in ids if r <= done]
        alias = _alias(spec)
        for start in range(0, len(old), 500):
            part = old[start:start + 500]
            conn.execute(f"INSERT INTO main.{fts_table(spec)}(rowid, text) "
                         f"{_indexing_select(spec, alias)} AND {alias}._rid IN "
                         f"({', '.join('?' * len(part))})", part)


def refresh(conn: sqlite3.Connection, tables: Iterable[str] | None, budget_rows: int | None = None) -> None:
    """After an import or undo changed ``tables`` (None: all): bring the indexes
    that read them up to date. A spec whose joined tables (places, documents…)
    changed is rebuilt, since its indexed names may have changed."""
    if not conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'all_places'").fetchone():
        return      # a bare connection (no Store views to read the names through): nothing to index with
    wanted = None if tables is None else set(tables)
    for spec in indexed_specs():
        touched = wanted is None or spec.subject_table in wanted
        renamed = wanted is not None and _joins_any(spec, wanted)      # places, documents… changed
        if not touched and not renamed:
            continue
        exists = indexed_upto(conn, spec) is not None
        if not exists and wanted is not None and not _is_big(conn, spec):
            continue        # small tables need no index: the plain filter is fast
        if renamed and exists:
            drop_text_index(conn, spec)
        ensure_text_index(conn, spec, budget_rows)


def _is_big(conn: sqlite3.Connection, spec: TableSpec) -> bool:
    from explorer.data import big_tables        # late: the planner imports this module

    return big_tables.is_big(conn, spec)


def _joins_any(spec: TableSpec, tables: set[str]) -> bool:
    return bool(spec.joined_views() & set(tables))


def drop_text_index(conn: sqlite3.Connection, spec: TableSpec) -> None:
    """Forget the spec's index (it is rebuilt from scratch by ensure_text_index)."""
    try:
        name = fts_table(spec)
        # a contentless table is emptied by its 'delete-all' command (and no DROP inside an import)
        conn.execute(f"INSERT INTO main.{name}({name}) VALUES ('delete-all')")
        conn.execute("UPDATE main.fts_stamp SET max_rowid = 0 WHERE name = ?", (fts_table(spec),))
    except sqlite3.OperationalError:
        pass


def match_expression(tokens: Iterable[str]) -> str | None:
    """The MATCH expression whose rows include every row holding all ``tokens``
    (each at least MIN_CHARS long) as substrings: all their trigrams, ANDed.
    (detail=none keeps no positions: it cannot check that they are adjacent.)"""
    grams: dict[str, None] = {}
    for token in tokens:
        for i in range(len(token) - MIN_CHARS + 1):
            grams['"' + token[i:i + MIN_CHARS].replace('"', '""') + '"'] = None
    return " AND ".join(grams) or None


def candidate_clause(conn: sqlite3.Connection, spec: TableSpec, text: str) -> tuple[str, list[Any]] | None:
    """A clause on the workspace arm's ``<alias>._rid`` that keeps every row the
    text can match (index hits plus the unindexed tail), or None when the index
    cannot help (no index, or no word of MIN_CHARS characters)."""
    done = indexed_upto(conn, spec)
    if done is None or not done:
        return None
    tokens = [t for t in text.split() if len(t) >= MIN_CHARS]
    expr = match_expression(tokens)
    if expr is None:
        return None
    name = fts_table(spec)
    clause = (f"{_alias(spec)}._rid IN (SELECT rowid FROM main.{name} WHERE {name} MATCH ? "
              f"UNION SELECT rowid FROM main.{spec.subject_table} WHERE rowid > ?)")
    return clause, [expr, done]


def count_candidates(conn: sqlite3.Connection, spec: TableSpec, text: str, cap: int) -> int | None:
    """How many rows the index offers for ``text`` (up to ``cap``; tail included), or None without an index."""
    done = indexed_upto(conn, spec)
    tokens = [t for t in text.split() if len(t) >= MIN_CHARS]
    expr = match_expression(tokens)
    if not done or expr is None:
        return None
    name = fts_table(spec)
    n = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM main.{name} WHERE {name} MATCH ? LIMIT ?)",
                     (expr, cap)).fetchone()[0]
    tail = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM main.{spec.subject_table} WHERE rowid > ? LIMIT ?)",
                        (done, cap)).fetchone()[0]
    return n + tail


def catch_up(conn: sqlite3.Connection, should_stop=lambda: False) -> None:
    """Index every big table's unindexed tail, one committed chunk at a time
    (for a writer connection of its own, off the UI thread)."""
    for spec in indexed_specs():
        if indexed_upto(conn, spec) is None and not _is_big(conn, spec):
            continue
        while not should_stop():
            with conn:
                complete = ensure_text_index(conn, spec, CHUNK_ROWS)
            if complete:
                break


def lagging(conn: sqlite3.Connection) -> bool:
    """True when a big table's rows are not all in its index (catch_up has work)."""
    for spec in indexed_specs():
        done = indexed_upto(conn, spec)
        if done is None and not _is_big(conn, spec):
            continue
        top = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM main.{spec.subject_table}").fetchone()[0]
        if done is None or done < top:
            return True
    return False


def candidate_rowids(conn: sqlite3.Connection, spec: TableSpec, text: str, cap: int) -> list[int] | None:
    """The workspace rowids the index offers for ``text`` (tail included), or None
    when there is no index to ask or they are more than ``cap``."""
    done = indexed_upto(conn, spec)
    expr = match_expression(t for t in text.split() if len(t) >= MIN_CHARS)
    if not done or expr is None:
        return None
    name = fts_table(spec)
    # apart, each stops at the cap (a UNION would collect every hit of a common word first)
    rows = [r[0] for r in conn.execute(f"SELECT rowid FROM main.{name} WHERE {name} MATCH ? LIMIT ?",
                                       (expr, cap + 1))]
    if len(rows) <= cap:
        rows += [r[0] for r in conn.execute(f"SELECT rowid FROM main.{spec.subject_table} WHERE rowid > ? LIMIT ?",
                                            (done, cap + 1 - len(rows)))]
    # an entry of a deleted row whose rowid was reused appears twice: harmless in an IN list
    return None if len(rows) > cap else rows
