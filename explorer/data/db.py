"""Connections: the bundled database read-only, the user's workspace
read-write, presented together as one body of data.

Every data table exists in both files with the same columns. A connection
opens the workspace as ``main``, attaches the bundled file read-only as
``bundled``, and defines temporary views ``all_<table>`` that put the curated
rows and the user's imported rows side by side (with an ``origin`` column).
A new release replaces the bundled file; the workspace, and so every import,
is untouched.
"""
from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from explorer.data.schema import DATA_TABLES, schema_sql, table_columns

#: Version of the workspace's own schema; bump and add a migration to change it.
WORKSPACE_SCHEMA_VERSION = 2

WORKSPACE_ONLY_SQL = """
CREATE TABLE IF NOT EXISTS imports (
    import_id INTEGER PRIMARY KEY AUTOINCREMENT,
    file_name TEXT NOT NULL,
    file_path TEXT,
    file_size INTEGER,
    sha256 TEXT,
    dataset TEXT NOT NULL,
    layout TEXT,
    mapping_json TEXT,
    encoding TEXT,
    imported_at TEXT NOT NULL,
    rows_added INTEGER NOT NULL DEFAULT 0,
    rows_replaced INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'active',   -- active|undone
    undone_at TEXT
);
-- Rows an import replaced, kept so that undo restores them exactly.
CREATE TABLE IF NOT EXISTS import_replaced (
    import_id INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    row_json TEXT NOT NULL
);
"""

#: Tables whose imported rows may name a document (they have claimed_doc).
_CLAIM_TABLES = ("places", "trade_figures", "corridors", "corridor_places", "energy_assets", "energy_figures",
                 "institutions", "institution_relations", "events")

#: Migrations from version N-1 to N: lists of SQL statements (new columns are
#: added before they run, by add_missing_columns).
MIGRATIONS: dict[int, list[str]] = {
    # version 2: an imported row's document is its claim, not its source (it was
    # drawn as the document's own figure and cited with the import's quote)
    2: [f"UPDATE main.{t} SET claimed_doc = doc_id, doc_id = NULL "
        f"WHERE import_id IS NOT NULL AND doc_id IS NOT NULL" for t in _CLAIM_TABLES]
    # and the imported rows an import replaced, which undo puts back
    + ["UPDATE import_replaced SET row_json = json_set(row_json, '$.claimed_doc', "
       "json_extract(row_json, '$.doc_id'), '$.doc_id', NULL) WHERE json_extract(row_json, '$.import_id') "
       "IS NOT NULL AND json_extract(row_json, '$.doc_id') IS NOT NULL"],
}


def _automatic_backup(conn: sqlite3.Connection) -> None:
    from explorer.data.backup import before_write

    before_write(conn)


#: Called with a workspace connection just before it opens a write transaction
#: with ``BEGIN IMMEDIATE`` (every import and undo does): the automatic backup.
BEFORE_WRITE_HOOKS: list = [_automatic_backup]


class WorkspaceConnection(sqlite3.Connection):
    """The workspace's read-write connection: runs BEFORE_WRITE_HOOKS before a write transaction."""

    def execute(self, sql, parameters=(), /):
        if not self.in_transaction and sql[:15].upper() == "BEGIN IMMEDIATE":
            for hook in BEFORE_WRITE_HOOKS:
                hook(self)
        return super().execute(sql, parameters)


class DatabaseError(RuntimeError):
    """A database file is missing, unreadable or not an Amur Explorer database."""


def _ro_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"


def open_bundled(path: Path) -> sqlite3.Connection:
    """A read-only connection to the bundled database alone."""
    if not path.exists():
        raise DatabaseError(f"bundled database not found: {path}")
    conn = sqlite3.connect(_ro_uri(path), uri=True)
    try:
        conn.execute("SELECT count(*) FROM documents").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"{path} is not a readable Amur Explorer database: {exc}") from exc
    return conn


@functools.lru_cache(maxsize=1)
def _workspace_columns() -> dict[str, list[tuple]]:
    """table -> PRAGMA table_info rows of the current workspace schema."""
    mem = sqlite3.connect(":memory:")
    try:
        mem.executescript(schema_sql())
        mem.executescript(WORKSPACE_ONLY_SQL)
        names = [r[0] for r in mem.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%'")]
        return {n: mem.execute(f'PRAGMA table_info("{n}")').fetchall() for n in names}
    finally:
        mem.close()


def add_missing_columns(conn: sqlite3.Connection) -> list[str]:
    """Upgrade a workspace written by an older version: add the columns its tables
    lack (with the schema's type and default; existing rows keep every value).
    Returns ``table.column`` of each column added."""
    added = []
    for table, wanted in _workspace_columns().items():
        have = {r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")')}
        if not have:
            continue
        for _cid, name, ctype, notnull, default, _pk in wanted:
            if name in have:
                continue
            spec = f'"{name}" {ctype}'
            if default is not None:
                spec += f" {'NOT NULL ' if notnull else ''}DEFAULT {default}"
            elif notnull:       # SQLite cannot add it without a default; an older row has no value
                spec += " DEFAULT ''" if ctype.upper() == "TEXT" else " DEFAULT 0"
            conn.execute(f'ALTER TABLE main."{table}" ADD COLUMN {spec}')
            added.append(f"{table}.{name}")
    return added


def _schema_fingerprint() -> str:
    """Changes whenever the workspace's tables, indexes or rollups would."""
    import hashlib

    from explorer.data import indexes

    text = "\n".join((schema_sql(), WORKSPACE_ONLY_SQL, str(WORKSPACE_SCHEMA_VERSION),
                      repr(sorted(indexes.INDEXES.items())), repr(sorted(indexes.ROLLUPS.items()))))
    return hashlib.sha256(text.encode()).hexdigest()


def _is_current(conn: sqlite3.Connection, fingerprint: str) -> bool:
    try:
        row = conn.execute("SELECT value FROM main.meta WHERE key = 'schema_sha256'").fetchone()
    except sqlite3.OperationalError:       # no meta table: a new or very old workspace
        return False
    return row is not None and row[0] == fingerprint


def init_workspace(conn: sqlite3.Connection) -> None:
    """Create or migrate the workspace schema in place; never discards data.

    An up-to-date workspace is only read: opening it must not need the write
    lock, or a second window waits behind a running import."""
    fingerprint = _schema_fingerprint()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == WORKSPACE_SCHEMA_VERSION and _is_current(conn, fingerprint):
        return
    with conn:
        conn.executescript(schema_sql())
        conn.executescript(WORKSPACE_ONLY_SQL)
        add_missing_columns(conn)
        for target in range(version + 1, WORKSPACE_SCHEMA_VERSION + 1):
            for statement in MIGRATIONS.get(target, []):
                conn.execute(statement)
        if version < WORKSPACE_SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {WORKSPACE_SCHEMA_VERSION}")
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('kind', 'workspace')")
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_sha256', ?)", (fingerprint,))
        # covering indexes and rollup tables for imported rows (no-op once they exist)
        from explorer.data.indexes import ensure_indexes
        ensure_indexes(conn)


def _fold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the table specs use."""
    conn.create_function("fold", 1, _fold, deterministic=True)


def _create_union_views(conn: sqlite3.Connection) -> None:
    for table in DATA_TABLES:
        # a file written by an older schema (a bundled file from an older build, a workspace
        # opened read-only before its upgrade) lacks the newer columns: NULL there
        arms = []
        for origin, schema in (("bundled", "bundled"), ("workspace", "main")):
            have = {r[1] for r in conn.execute(f'PRAGMA {schema}.table_info("{table}")')}
            cols = ", ".join(f'"{c}"' if c in have or not have else f'NULL AS "{c}"' for c in table_columns()[table])
            arms.append(f"SELECT '{origin}' AS origin, {cols} FROM {schema}.{table}")
        conn.execute(f"CREATE TEMP VIEW IF NOT EXISTS all_{table} AS {' UNION ALL '.join(arms)}")


@dataclass(frozen=True)
class Store:
    """The pair of database files the app works on."""

    workspace: Path
    bundled: Path

    def connect(self, *, readonly_workspace: bool = False) -> sqlite3.Connection:
        """A new connection (one per thread) with both databases and the union views."""
        if not self.bundled.exists():
            raise DatabaseError(f"bundled database not found: {self.bundled}")
        if readonly_workspace:
            if not self.workspace.exists():
                raise DatabaseError(f"workspace not found: {self.workspace}")
            conn = sqlite3.connect(_ro_uri(self.workspace).replace("&immutable=1", ""), uri=True)
        else:
            self.workspace.parent.mkdir(parents=True, exist_ok=True)
            # uri=True on the main connection is what lets ATTACH take a URI.
            conn = sqlite3.connect(f"file:{quote(str(self.workspace))}", uri=True, timeout=10,
                                   factory=WorkspaceConnection)
        try:
            if not readonly_workspace:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA foreign_keys=ON")
                init_workspace(conn)
            conn.execute("ATTACH DATABASE ? AS bundled", (_ro_uri(self.bundled),))
            register_functions(conn)
            _create_union_views(conn)
            if not readonly_workspace:
                from explorer.data.aliases import apply_aliases

                apply_aliases(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise DatabaseError(f"cannot open workspace {self.workspace}: {exc}") from exc
        return conn

    def bundled_meta(self) -> dict[str, str]:
        conn = open_bundled(self.bundled)
        try:
            return dict(conn.execute("SELECT key, value FROM meta"))
        finally:
            conn.close()


def default_store(workspace: Path | None = None) -> Store:
    from explorer.paths import bundled_db_path, default_workspace_path

    return Store(workspace=workspace or default_workspace_path(), bundled=bundled_db_path())
