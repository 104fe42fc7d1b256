"""Write a pane's table to CSV exactly as the analyst sees it."""
from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from explorer.data.query import Filter, Order, iter_rows
from explorer.data.tables import SPECS, TableSpec

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe.

    Numbers are left alone (a negative number is not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, float) and value.is_integer():
        return int(value)        # 38, not 38.0
    return value


def write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> int:
    """Write UTF-8 (with BOM, so Excel reads Cyrillic and Chinese right) CSV; return row count."""
    n = 0
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(list(header))
        for row in rows:
            writer.writerow([neutralise(v) for v in row])
            n += 1
    tmp.replace(path)
    return n


def export_table(conn: sqlite3.Connection, spec: TableSpec, path: Path,
                 flt: Filter = Filter(), order: Order = Order()) -> int:
    return write_csv(path, spec.keys, iter_rows(conn, spec, flt, order))


def export_all(conn: sqlite3.Connection, out_dir: Path) -> dict[str, int]:
    """One CSV per pane, named after the pane; returns rows written per file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return {f"{s.name}.csv": export_table(conn, s, out_dir / f"{s.name}.csv") for s in SPECS}
