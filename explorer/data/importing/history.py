"""The import history and undo."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

from explorer.data.db import before_commit
from explorer.data.importing.errors import UndoError
from explorer.data.indexes import refresh_rollups
from explorer.data.text_index import index_rowids
from explorer.data.schema import DATA_TABLES, table_columns

IMPORT_TABLES = tuple(t for t in DATA_TABLES if "import_id" in table_columns()[t])


def list_imports(conn: sqlite3.Connection) -> list[dict]:
    """Every import, newest first."""
    cur = conn.execute("SELECT * FROM imports ORDER BY import_id DESC")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _check_undoable(conn: sqlite3.Connection, import_id: int) -> None:
    row = conn.execute("SELECT status FROM imports WHERE import_id = ?", (import_id,)).fetchone()
    if row is None:
        raise UndoError(f"no import {import_id}")
    if row[0] != "active":
        raise UndoError(f"import {import_id} is already undone")
    later = conn.execute(
        "SELECT DISTINCT r.import_id FROM import_replaced r JOIN imports i USING (import_id) "
        "WHERE i.status = 'active' AND json_extract(r.row_json, '$.import_id') = ?", (import_id,)).fetchall()
    if later:
        raise UndoError(f"import {import_id} has rows replaced by import "
                        f"{', '.join(str(r[0]) for r in later)}; undo that first")


def undo_import(conn: sqlite3.Connection, import_id: int) -> dict[str, int]:
    """Remove an import's rows and restore the rows it replaced, in one transaction.

    Checked after ``BEGIN IMMEDIATE``: two processes undoing the same import cannot both
    pass the check; the automatic backup is taken only once the undo is sure to commit."""
    removed: dict[str, int] = {}
    conn.commit()
    saved = conn.isolation_level
    conn.isolation_level = None
    conn.execute("BEGIN IMMEDIATE")
    try:
        _check_undoable(conn, import_id)
        for table in IMPORT_TABLES:
            n = conn.execute(f"DELETE FROM main.{table} WHERE import_id = ?", (import_id,)).rowcount
            if n:
                removed[table] = n
        restored: set[str] = set()
        back: dict[str, list[int]] = {}         # rowids put back: indexed again for free-text search
        for table, row_json in conn.execute(
                "SELECT table_name, row_json FROM import_replaced WHERE import_id = ? ORDER BY rowid",
                (import_id,)):
            values = json.loads(row_json)
            cols = [c for c in table_columns()[table] if c in values]
            names = ["rowid", *cols] if "_rowid" in values else cols
            params = ([values["_rowid"]] if "_rowid" in values else []) + [values[c] for c in cols]
            cur = conn.execute(f"INSERT INTO main.{table} ({', '.join(names)}) "
                               f"VALUES ({', '.join('?' * len(names))})", params)
            restored.add(table)
            back.setdefault(table, []).append(cur.lastrowid)
        conn.execute("DELETE FROM import_replaced WHERE import_id = ?", (import_id,))
        for table, rowids in back.items():
            index_rowids(conn, table, rowids)
        if removed or restored:
            # facet lists and chart rollups follow the rows, in the same transaction
            refresh_rollups(conn, sorted(set(removed) | restored), analyze="auto")
        conn.execute("UPDATE imports SET status = 'undone', undone_at = ? WHERE import_id = ?",
                     (datetime.now(timezone.utc).isoformat(timespec="seconds"), import_id))
        # the automatic backup of the state before the undo, recorded as its restore point
        backup_name = before_commit(conn)
        if backup_name:
            conn.execute("UPDATE imports SET undo_backup_file = ? WHERE import_id = ?", (backup_name, import_id))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.isolation_level = saved
    return removed
