"""Rotating online backups of the user's workspace, and recovery from a
damaged one.

A backup is a complete, checked SQLite copy made with the SQLite backup API
(consistent even while the app has the workspace open). Automatic backups are
taken only for a change that will commit: an import or undo calls
:func:`before_commit` (through ``explorer.data.db.before_commit``) once its rows
are checked, inside its write transaction, and the copy is read through a
SECOND, read-only connection, which sees the committed state from before the
change (WAL: a reader never sees a writer's uncommitted pages). A dry run or a
refused import writes no backup. Only once the workspace holds an import;
backups on demand come from ``amur-explorer backup`` or the GUI. Each kind
keeps its newest few, and rotation never deletes the restore point recorded
with any of the last :data:`KEEP_AUTOMATIC` committed imports and undos.
Restoring first backs up the current workspace, and a damaged workspace is
never overwritten: it is renamed beside itself (with its -wal and -shm files)
before anything takes its place.

A copy is written to ``.part-<pid>-….sqlite`` and then linked to its name; a
part whose process is gone (killed mid-copy) is removed by the next backup,
whatever its age, while a part of a live process is left alone.

Backups live in ``<workspace stem>-backups/`` beside the workspace, named
``<id>-<UTC time>-<reason>.sqlite``; the id never repeats.
"""
from __future__ import annotations

import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

#: Newest automatic / on-demand backups kept per workspace.
KEEP_AUTOMATIC = 10
KEEP_MANUAL = 20
#: Reasons that mark a backup as taken on demand (the rest are automatic).
MANUAL_REASONS = ("manual",)
#: Set to "0" to switch off automatic backups (benchmarks of the import alone).
ENV_SWITCH = "AMUR_AUTO_BACKUP"
_PART = re.compile(r"^\.part-(\d+)-")

_NAME = re.compile(r"^(\d+)-(\d{8}T\d{6}Z)-([a-z-]+)\.sqlite$")
_SIDECARS = ("-wal", "-shm", "-journal")


class BackupError(RuntimeError):
    """A backup cannot be made, found, checked or restored; the message is for the user."""


@dataclass(frozen=True)
class Backup:
    """One backup file."""

    id: int
    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def automatic(self) -> bool:
        return self.reason not in MANUAL_REASONS

    def describe(self) -> str:
        kind = "automatic" if self.automatic else "on demand"
        return (f"backup {self.id} of {self.created:%Y-%m-%d %H:%M:%S} UTC ({kind}, {self.reason}), "
                f"{self.size / 1024:.0f} KiB")


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup put in place, the safety backup of the
    workspace it replaced (if that was readable), the damaged copy kept (if not)."""

    backup: Backup
    safety: Backup | None
    kept: Path | None


def backup_dir(workspace: Path) -> Path:
    return Path(workspace).parent / f"{Path(workspace).stem}-backups"


def _ro(path: Path) -> sqlite3.Connection:
    from explorer.data.db import connect_read_only    # also reads a WAL file in a read-only folder

    return connect_read_only(path, timeout=10)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def list_backups(workspace: Path) -> list[Backup]:
    """Every backup of this workspace, newest first."""
    folder = backup_dir(workspace)
    out = []
    if folder.is_dir():
        for p in folder.iterdir():
            m = _NAME.match(p.name)
            if m:
                created = datetime.strptime(m[2], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
                out.append(Backup(int(m[1]), p, created, m[3], p.stat().st_size))
    return sorted(out, key=lambda b: b.id, reverse=True)


def latest_backup(workspace: Path, automatic: bool | None = None) -> Backup | None:
    """The newest backup (of one kind, if ``automatic`` is given) that passes its check."""
    for b in list_backups(workspace):
        if automatic is not None and b.automatic != automatic:
            continue
        if problem(b.path) is None:
            return b
    return None


def find_backup(workspace: Path, ref: str | Path) -> Backup:
    """A backup by id (``7``) or by path; raises BackupError when there is none."""
    backups = list_backups(workspace)
    text = str(ref)
    if text.isdigit():
        for b in backups:
            if b.id == int(text):
                return b
        raise BackupError(f"no backup {text} of {workspace} (see `amur-explorer backups`)")
    path = Path(ref)
    if not path.is_file():
        raise BackupError(f"no such backup file: {path}")
    for b in backups:
        if b.path.resolve() == path.resolve():
            return b
    m = _NAME.match(path.name)
    created = (datetime.strptime(m[2], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc) if m
               else datetime.fromtimestamp(path.stat().st_mtime, timezone.utc))
    return Backup(int(m[1]) if m else 0, path, created, m[3] if m else "file", path.stat().st_size)


def problem(path: Path) -> str | None:
    """What is wrong with a workspace or backup file, or None when it reads as a sound workspace."""
    path = Path(path)
    if not path.exists():
        return f"{path} does not exist"
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return f"{path} cannot be read: {exc.strerror or exc}"
    if path.stat().st_size == 0:
        return None                     # SQLite's empty database: a new workspace
    if head != b"SQLite format 3\x00":
        return f"{path} is not an SQLite database (it starts with {head[:8]!r})"
    try:
        conn = _ro(path)
        try:
            result = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
            if result != ["ok"]:
                return f"{path} is damaged: " + "; ".join(result)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"{path} is damaged: {exc}"
    if tables and "imports" not in tables:
        return f"{path} is an SQLite database but not an Amur Explorer workspace"
    return None


def _has_imports(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM main.imports)").fetchone()[0] == 1
    except sqlite3.DatabaseError:
        return False


def _copy_into(src: sqlite3.Connection, dest_path: Path) -> None:
    """A checked, synced copy of ``src``'s main database at ``dest_path`` (which must not exist)."""
    dest = sqlite3.connect(dest_path)
    try:
        src.backup(dest, name="main")
        dest.execute("PRAGMA journal_mode=DELETE")    # one self-contained file
        ok = dest.execute("PRAGMA quick_check(1)").fetchone()[0]
    finally:
        dest.close()
    if ok != "ok":
        raise BackupError(f"the copy at {dest_path} failed its check: {ok}")
    with dest_path.open("rb") as fh:
        os.fsync(fh.fileno())


def create_backup(workspace: Path, reason: str = "manual", conn: sqlite3.Connection | None = None,
                  rotate_after: bool = True) -> Backup:
    """Back up the workspace (through ``conn`` if given, else a read-only connection) and rotate.

    Raises BackupError when the copy cannot be written (disk full, read-only folder)."""
    workspace = Path(workspace)
    folder = backup_dir(workspace)
    remove_stale_parts(workspace)
    stamp = _now()
    part = folder / f".part-{os.getpid()}-{stamp:%H%M%S%f}.sqlite"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        src = conn if conn is not None else _ro(workspace)
        try:
            _copy_into(src, part)
        finally:
            if conn is None:
                src.close()
        backup = _claim_name(part, folder, stamp, reason)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"cannot back up {workspace} to {folder}: {exc}") from exc
    finally:
        part.unlink(missing_ok=True)
    if rotate_after:
        rotate(workspace)
    return backup


def _claim_name(part: Path, folder: Path, stamp: datetime, reason: str) -> Backup:
    """Link the finished copy to the next free id (safe when two processes back up at once)."""
    for _ in range(1000):
        ids = [int(m[1]) for p in folder.iterdir() if (m := _NAME.match(p.name))]
        new_id = max(ids, default=0) + 1
        final = folder / f"{new_id:04d}-{stamp:%Y%m%dT%H%M%SZ}-{reason}.sqlite"
        try:
            os.link(part, final)
        except FileExistsError:
            continue
        except OSError:             # a file system without hard links
            if final.exists():
                continue
            os.replace(part, final)
        return Backup(new_id, final, stamp.replace(microsecond=0), reason, final.stat().st_size)
    raise BackupError(f"cannot find a free backup name in {folder}")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        # os.kill would TERMINATE it on Windows; there a part still being written is open,
        # and Windows refuses to delete an open file, so removal itself is the test
        return False
    try:
        os.kill(pid, 0)             # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True                 # someone else's process: assume it is still writing
    return True


def remove_stale_parts(workspace: Path) -> list[Path]:
    """Delete half-written copies left by a process killed mid-backup (its pid is in the
    name and no longer running), however recent; a live process's part is left alone."""
    removed = []
    folder = backup_dir(workspace)
    if not folder.is_dir():
        return removed
    for part in folder.glob(".part-*"):
        m = _PART.match(part.name)
        if m and int(m[1]) != os.getpid() and not _process_alive(int(m[1])):
            try:
                part.unlink(missing_ok=True)
            except OSError:         # still open by its writer (Windows), or not ours to delete
                continue
            removed.append(part)
    return removed


def restore_points(conn: sqlite3.Connection, last: int = KEEP_AUTOMATIC) -> set[str]:
    """File names of the backups taken before the ``last`` most recent committed imports and undos."""
    try:
        rows = conn.execute(
            "SELECT name FROM (SELECT backup_file AS name, imported_at AS at, import_id AS n FROM main.imports "
            "WHERE backup_file IS NOT NULL UNION ALL SELECT undo_backup_file, undone_at, import_id FROM main.imports "
            "WHERE undo_backup_file IS NOT NULL) ORDER BY at DESC, n DESC LIMIT ?", (last,)).fetchall()
    except sqlite3.DatabaseError:       # an older workspace, not upgraded yet
        return set()
    return {r[0] for r in rows}


def _recorded_restore_points(workspace: Path) -> set[str]:
    if not Path(workspace).exists():
        return set()
    try:
        conn = _ro(workspace)
    except sqlite3.Error:
        return set()
    try:
        return restore_points(conn)
    finally:
        conn.close()


def rotate(workspace: Path, keep_automatic: int = KEEP_AUTOMATIC, keep_manual: int = KEEP_MANUAL,
           protected: set[str] | None = None) -> list[Path]:
    """Delete all but the newest backups of each kind, never a restore point of one of the
    last committed imports and undos (``protected``: their file names; read from the
    workspace when not given). Returns the files removed."""
    removed = remove_stale_parts(workspace)
    if protected is None:
        protected = _recorded_restore_points(workspace)
    seen = {True: 0, False: 0}
    for b in list_backups(workspace):
        seen[b.automatic] += 1
        if seen[b.automatic] > (keep_automatic if b.automatic else keep_manual) and b.path.name not in protected:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def before_commit(conn: sqlite3.Connection) -> Backup | None:
    """The automatic backup of the committed state, taken inside an import's or undo's write
    transaction just before it commits (called through explorer.data.db.before_commit).

    The copy is read through a second, read-only connection: while ``conn`` holds the write
    lock nobody else can change the workspace, and in WAL mode that reader sees exactly the
    state before this change. Skipped for an in-memory workspace and for one that holds no
    import yet (nothing to lose). A failed backup never blocks the write (which is atomic
    anyway); it is reported on stderr."""
    if os.environ.get(ENV_SWITCH) == "0":
        return None
    try:
        row = next((r for r in conn.execute("PRAGMA database_list") if r[1] == "main"), None)
        if row is None or not row[2]:
            return None
        workspace = Path(row[2])
        reader = _ro(workspace)
        try:
            if not _has_imports(reader):
                return None
            backup = create_backup(workspace, "before-change", conn=reader, rotate_after=False)
        finally:
            reader.close()
        rotate(workspace, protected=restore_points(conn, KEEP_AUTOMATIC - 1) | {backup.path.name})
        return backup
    except (BackupError, OSError, sqlite3.Error) as exc:
        print(f"amur-explorer: warning: no automatic backup before this change: {exc}", file=sys.stderr)
        return None


def keep_damaged(workspace: Path) -> Path | None:
    """Rename a damaged workspace (and its -wal/-shm) beside itself; returns the kept copy.

    Renaming, not copying: nothing can write over it afterwards, and the WAL of
    the damaged file can never be replayed into a restored one."""
    workspace = Path(workspace)
    if not workspace.exists():
        return None
    kept = workspace.with_name(f"{workspace.name}.damaged-{_now():%Y%m%dT%H%M%S%fZ}")
    os.replace(workspace, kept)
    for suffix in _SIDECARS:
        side = Path(str(workspace) + suffix)
        if side.exists():
            os.replace(side, Path(str(kept) + suffix))
    return kept


def start_fresh(workspace: Path) -> Path | None:
    """Put a damaged workspace aside (kept beside it) so that the next open starts an empty one."""
    return keep_damaged(workspace)


def restore_backup(workspace: Path, ref: Backup | str | Path) -> Restored:
    """Put a backup in the workspace's place.

    A readable workspace is first backed up (reason ``before-restore``) and then
    overwritten in place through the backup API, so an open app sees the change
    atomically; a damaged one is kept beside itself and replaced by a copy."""
    workspace = Path(workspace)
    backup = ref if isinstance(ref, Backup) else find_backup(workspace, ref)
    bad = problem(backup.path)
    if bad:
        raise BackupError(f"cannot restore {backup.path}: {bad}")
    safety = kept = None
    if workspace.exists() and problem(workspace) is None:
        safety = create_backup(workspace, "before-restore")
        src, dest = _ro(backup.path), sqlite3.connect(workspace, timeout=10)
        try:
            src.backup(dest)
        except sqlite3.Error as exc:
            raise BackupError(f"cannot restore into {workspace}: {exc}") from exc
        finally:
            src.close()
            dest.close()
    else:
        part = workspace.with_name(f".{workspace.name}.restoring-{os.getpid()}")
        part.unlink(missing_ok=True)
        src = _ro(backup.path)
        try:
            _copy_into(src, part)           # the copy first: the moment without a workspace is one rename
            kept = keep_damaged(workspace)
            os.replace(part, workspace)
        except (OSError, sqlite3.Error) as exc:
            raise BackupError(f"cannot restore into {workspace}: {exc}") from exc
        finally:
            src.close()
            part.unlink(missing_ok=True)
    return Restored(backup, safety, kept)
