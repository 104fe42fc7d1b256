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
import os
import re
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
    undone_at TEXT,
    -- restore points: the automatic backups (file names in the backup folder) of the state
    -- just before this import and before its undo; rotation never deletes those of the
    -- last few committed imports and undos (explorer.data.backup)
    backup_file TEXT,
    undo_backup_file TEXT
);
-- Rows an import replaced, kept so that undo restores them exactly.
CREATE TABLE IF NOT EXISTS import_replaced (
    import_id INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    row_json TEXT NOT NULL
);
"""

#: Columns only an import or undo writes and only rotation reads (the restore points): a
#: read-only workspace written before they existed is still read as it is.
WRITE_ONLY_COLUMNS = frozenset({"imports.backup_file", "imports.undo_backup_file"})

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


def _automatic_backup(conn: sqlite3.Connection) -> str | None:
    from explorer.data.backup import before_commit as backup_before_commit

    backup = backup_before_commit(conn)
    return backup.path.name if backup is not None else None


#: Called with a workspace connection inside an import's or undo's write transaction, once
#: the change is checked and just before it COMMITs (never for a dry run or a refused
#: file): the automatic backup. A hook may return the name of a restore point, which the
#: caller records with the change.
BEFORE_WRITE_HOOKS: list = [_automatic_backup]


def before_commit(conn: sqlite3.Connection) -> str | None:
    """Run BEFORE_WRITE_HOOKS; the restore point's name (the first a hook returned), if any."""
    names = [hook(conn) for hook in BEFORE_WRITE_HOOKS]
    return next((n for n in names if n), None)


class WorkspaceConnection(sqlite3.Connection):
    """The workspace's read-write connection. Imports and undo call :func:`before_commit`
    on it just before they commit; nothing else about it differs from a plain connection."""


def _remove_stale_backup_parts(workspace: Path) -> None:
    """Half-written backups of a process killed mid-copy go on the next start, not 600 s later."""
    from explorer.data.backup import remove_stale_parts

    try:
        remove_stale_parts(workspace)
    except OSError:
        pass


class DatabaseError(RuntimeError):
    """A database file is missing, unreadable or not an Amur Explorer database."""


class WorkspaceReadOnly(DatabaseError):
    """A write (import, dry run, undo) was asked of a workspace that can only be read."""


def _ro_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"


# -- can the workspace be written? ---------------------------------------------------------------

_SQLITE_HEADER = b"SQLite format 3\x00"


def _is_wal(path: Path) -> bool:
    """The file's header says WAL mode (bytes 18-19 are 2): SQLite then needs -wal and -shm beside it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    return head[:16] == _SQLITE_HEADER and head[18:20] == b"\x02\x02"


def _on_read_only_file_system(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):          # AttributeError: no statvfs (Windows)
        return False


def _can_write_in(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def folder_write_problem(folder: Path) -> str | None:
    """Why no file can be created in ``folder`` (or the nearest existing folder above it), or None."""
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if _on_read_only_file_system(folder):
        return f"it is on a read-only file system ({folder})"
    if not _can_write_in(folder):
        return f"Amur Explorer cannot write in the folder {folder} (no permission to create files there)"
    return None


def write_problem(workspace: Path) -> str | None:
    """Why the workspace cannot be written here, in words for the user, or None when it can.

    SQLite writes the file itself and, beside it, a rollback journal or (WAL mode) the
    -wal and -shm files: a writable file in a folder where those cannot be created is
    as read-only as a write-protected file. Root passes every permission check, so
    for root this answers "writable" unless the file system itself is read-only."""
    workspace = Path(workspace)
    folder = workspace.parent
    if not workspace.exists():
        return folder_write_problem(folder)
    if _on_read_only_file_system(folder):
        return f"it is on a read-only file system ({folder})"
    if not os.access(workspace, os.W_OK):
        return "the file's permissions do not allow writing to it"
    if not _can_write_in(folder):
        sidecars = [Path(f"{workspace}{s}") for s in ("-wal", "-shm")] if _is_wal(workspace) else []
        if not sidecars or not all(os.access(s, os.W_OK) for s in sidecars):
            journal = "its -wal and -shm files" if sidecars else "a journal file"
            return (f"Amur Explorer cannot write in its folder {folder}, where SQLite must create {journal} "
                    "to change it")
    return None


def _is_read_only_error(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open database file" in text


class ReadOnlyWorkspaceConnection(sqlite3.Connection):
    """A workspace opened only for reading: an import, dry run or undo is refused up front
    with the reason (``read_only_reason``), before anything is read or backed up."""

    read_only_reason: str = "it was opened for reading only"
    workspace_path: str = ""

    def execute(self, sql, parameters=(), /):
        if not self.in_transaction and sql[:15].upper() == "BEGIN IMMEDIATE":
            raise WorkspaceReadOnly(f"the workspace {self.workspace_path} is read-only: "
                                    f"{self.read_only_reason}; nothing was written")
        return super().execute(sql, parameters)


def read_only_reason(conn: sqlite3.Connection) -> str | None:
    """Why this workspace connection cannot write, or None when it can."""
    return getattr(conn, "read_only_reason", None) if isinstance(conn, ReadOnlyWorkspaceConnection) else None


def connect_read_only(path: Path, factory: type[sqlite3.Connection] = sqlite3.Connection,
                      **kw) -> sqlite3.Connection:
    """Open a database file for reading, wherever it lies.

    ``mode=ro`` sees other processes' commits; but a WAL-mode file in a folder where
    its -shm cannot be created can only be read as ``immutable`` (SQLite's rule for
    read-only WAL databases), and nobody can be writing it then."""
    base = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    conn = sqlite3.connect(base, uri=True, factory=factory, **kw)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        if not _is_read_only_error(exc):
            raise
    return sqlite3.connect(base + "&immutable=1", uri=True, factory=factory, **kw)


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


def _refuse_what_is_not_a_workspace(conn: sqlite3.Connection, workspace: Path, bundled: Path) -> None:
    """Refuse, before anything is written, a file that is not a workspace.

    The bundled database (or a copy of it) opened as the workspace would show every curated
    row twice over through the union views — and get workspace tables written into it; any
    other SQLite database (one with tables, none of them ours) would be silently extended
    with the workspace's tables. An empty file is a new workspace; a file with some of our
    tables is an older workspace, upgraded in place."""
    if workspace.exists() and bundled.exists() and os.path.samefile(workspace, bundled):
        raise DatabaseError(f"cannot open workspace {workspace}: it is the bundled database itself "
                            "(the curated data, which Amur Explorer opens read-only on its own); "
                            "choose another file for your workspace")
    tables = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    if not tables:
        return
    if "meta" in tables:
        kind = conn.execute("SELECT value FROM main.meta WHERE key = 'kind'").fetchone()
        if kind is not None and kind[0] == "bundled":
            raise DatabaseError(f"cannot open workspace {workspace}: it is a copy of Amur Explorer's bundled "
                                "database (the curated data, which the app always shows), not a workspace; "
                                "opening it as one would show every curated row twice. Choose another file "
                                "for your workspace (a new file starts an empty one)")
    if not tables & (set(DATA_TABLES) | _WORKSPACE_ONLY_TABLES):
        raise DatabaseError(f"cannot open workspace {workspace}: it is an SQLite database but not an Amur "
                            "Explorer workspace (none of its tables is one of the app's); nothing was "
                            "written to it. Choose another file for your workspace")


_WORKSPACE_ONLY_TABLES = frozenset(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", WORKSPACE_ONLY_SQL))


def _check_readable_as_it_is(conn: sqlite3.Connection, reason: str) -> None:
    """A workspace opened read-only cannot be upgraded: it is read as it is when it has
    every table and column this version reads (an index or rollup missing only slows it)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == WORKSPACE_SCHEMA_VERSION and _is_current(conn, _schema_fingerprint()):
        return
    path = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
    tables = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    if not tables:
        raise DatabaseError(f"cannot open workspace {path}: it is empty (a new workspace) and read-only, "
                            f"so Amur Explorer cannot set it up: {reason}")
    if "imports" not in tables:
        raise DatabaseError(f"cannot open workspace {path}: it is an SQLite database but not an Amur "
                            "Explorer workspace")
    missing = []
    for table, wanted in _workspace_columns().items():
        have = {r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")')}
        missing += ([f"{table}.{c[1]}" for c in wanted if c[1] not in have
                     and f"{table}.{c[1]}" not in WRITE_ONLY_COLUMNS] if have else [table])
    if missing:
        raise DatabaseError(f"cannot open workspace {path}: it was written by an older version of Amur "
                            f"Explorer and must be upgraded (it lacks {', '.join(missing[:3])}"
                            f"{', …' if len(missing) > 3 else ''}), but it is read-only: {reason}")


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
        """A new connection (one per thread) with both databases and the union views.

        A workspace that cannot be written here (a write-protected file, a folder where
        SQLite cannot create its journal, a read-only disk) is opened for reading: the
        window, ``check`` and ``export`` work, and an import or undo is refused with the
        reason (:class:`WorkspaceReadOnly`) before anything is read or backed up."""
        if not self.bundled.exists():
            raise DatabaseError(f"bundled database not found: {self.bundled}")
        reason = "it was opened for reading only" if readonly_workspace else write_problem(self.workspace)
        conn = self._open_read_only(reason) if reason else self._open_read_write()
        try:
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

    def _open_read_write(self) -> sqlite3.Connection:
        try:
            self.workspace.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder of workspace {self.workspace}: "
                                f"{exc.strerror or exc}") from exc
        _remove_stale_backup_parts(self.workspace)
        # uri=True on the main connection is what lets ATTACH take a URI.
        conn = sqlite3.connect(f"file:{quote(str(self.workspace))}", uri=True, timeout=10,
                               factory=WorkspaceConnection)
        try:
            _refuse_what_is_not_a_workspace(conn, self.workspace, self.bundled)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            init_workspace(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _is_read_only_error(exc) and self.workspace.exists():
                # what write_problem could not foresee (an ACL, a locked-down mount): read it
                return self._open_read_only(f"SQLite cannot write to it ({exc})")
            raise DatabaseError(f"cannot open workspace {self.workspace}: {exc}") from exc
        return conn

    def _open_read_only(self, reason: str) -> sqlite3.Connection:
        if not self.workspace.exists():
            raise DatabaseError(f"cannot create workspace {self.workspace}: {reason}")
        if not os.access(self.workspace, os.R_OK):
            raise DatabaseError(f"cannot open workspace {self.workspace}: the file's permissions do not allow "
                                "reading it")
        try:
            conn = connect_read_only(self.workspace, factory=ReadOnlyWorkspaceConnection)
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"cannot open workspace {self.workspace}: {exc}") from exc
        conn.read_only_reason = reason
        conn.workspace_path = str(self.workspace)
        try:
            _refuse_what_is_not_a_workspace(conn, self.workspace, self.bundled)
            _check_readable_as_it_is(conn, reason)
            conn.execute("PRAGMA foreign_keys=ON")
        except (sqlite3.DatabaseError, DatabaseError) as exc:
            conn.close()
            if isinstance(exc, DatabaseError):
                raise
            raise DatabaseError(f"cannot open workspace {self.workspace}: {exc}") from exc
        return conn


def store_of(conn: sqlite3.Connection) -> Store:
    """The files an open connection reads (workspace and bundled), so that another
    thread can open its own connection to the same data (a connection stays in its thread)."""
    files = {name: path for _seq, name, path in conn.execute("PRAGMA database_list")}
    return Store(workspace=Path(files["main"]), bundled=Path(files["bundled"]))


def data_version(conn: sqlite3.Connection) -> int:
    """A number that changes whenever another connection commits to the workspace."""
    return conn.execute("PRAGMA main.data_version").fetchone()[0]


def active_imports(conn: sqlite3.Connection) -> int:
    """How many imports the workspace holds (not undone)."""
    return conn.execute("SELECT count(*) FROM imports WHERE status = 'active'").fetchone()[0]


def bundled_contents(conn: sqlite3.Connection) -> tuple[dict[str, str], list[tuple]]:
    """The bundled database's meta (data vintage, build time) and its documents
    (title, publisher, published), for the About box."""
    meta = dict(conn.execute("SELECT key, value FROM bundled.meta"))
    docs = conn.execute("SELECT title, publisher, published FROM bundled.documents ORDER BY doc_id").fetchall()
    return meta, docs


def default_store(workspace: Path | None = None) -> Store:
    from explorer.paths import bundled_db_path, default_workspace_path

    return Store(workspace=workspace or default_workspace_path(), bundled=bundled_db_path())
