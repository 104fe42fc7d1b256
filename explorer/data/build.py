"""Build the bundled database from the reviewed CSV tables in ``db/``.

Reproducible: the same inputs give the same rows. The tables are created from
``db/schema.sql`` first, so sqlite-utils inserts into declared types and never
guesses (HS code ``0422`` stays text). Run as ``python -m explorer.data.build OUT``.
"""
from __future__ import annotations

import csv
import hashlib
import os
import sqlite3
import sys
from datetime import datetime, timezone
from pathlib import Path

from explorer import __version__
from explorer.data.schema import curated_columns, schema_sql, table_columns
from explorer.paths import bundled_db_path, curated_dir, schema_path


class CuratedDataError(ValueError):
    """A curated CSV file does not match the schema."""


def input_files(src: Path) -> list[Path]:
    return sorted(src.glob("*.csv")) + [schema_path()]


def inputs_hash(src: Path) -> str:
    digest = hashlib.sha256()
    for path in input_files(src):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_curated_csv(path: Path, table: str) -> list[dict]:
    """Rows of one curated CSV; empty cells become NULL."""
    expected = list(curated_columns(table))
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != expected:
            raise CuratedDataError(
                f"{path.name}: header {reader.fieldnames} does not match schema columns {expected}"
            )
        rows = []
        for line_no, row in enumerate(reader, start=2):
            if None in row:
                raise CuratedDataError(f"{path.name}: row {line_no} has more cells than the header")
            rows.append({k: (v if v != "" else None) for k, v in row.items()})
        return rows


def build(out: Path, src: Path | None = None) -> dict[str, int]:
    """Build the bundled database at ``out`` atomically; return row counts."""
    import sqlite_utils  # heavy (imports pandas); build time only

    src = src or curated_dir()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.executescript(schema_sql())
    db = sqlite_utils.Database(conn)
    counts: dict[str, int] = {}
    tables = table_columns()
    with conn:
        for path in sorted(src.glob("*.csv")):
            table = path.stem
            if table not in tables or table == "meta":
                raise CuratedDataError(f"{path.name}: no table {table!r} in the schema")
            rows = read_curated_csv(path, table)
            db[table].insert_all(rows, batch_size=500)
            counts[table] = len(rows)
        vintage = conn.execute("SELECT max(published) FROM documents").fetchone()[0]
        meta = {
            "kind": "bundled",
            "app_version": __version__,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "inputs_sha256": inputs_hash(src),
            "data_vintage": vintage or "",
        }
        db["meta"].insert_all(({"key": k, "value": v} for k, v in meta.items()), replace=True)
    conn.execute("VACUUM")
    conn.close()
    os.replace(tmp, out)
    return counts


def is_stale(db_path: Path, src: Path | None = None) -> bool:
    """True when the bundled database is missing or built from other inputs."""
    if not db_path.exists():
        return True
    src = src or curated_dir()
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key='inputs_sha256'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True
    return row is None or row[0] != inputs_hash(src)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else bundled_db_path()
    counts = build(out)
    total = sum(counts.values())
    print(f"built {out}: {total} rows in {len(counts)} tables")
    for table, n in counts.items():
        print(f"  {table:24s} {n:5d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
