"""Reads shared by the curated subjects' modules (corridors, institutions): a subject
type's dated events, and the keys of a pane's table rows under a filter."""
from __future__ import annotations

import sqlite3
from typing import Sequence

from explorer.data.filters import Filter
from explorer.data.tables import TableSpec


def subject_events(conn: sqlite3.Connection, subject_type: str, columns: Sequence[str], *,
                   undated_last: bool = False) -> list[tuple]:
    """``columns`` of every event whose subject is of ``subject_type``, in date order
    (undated events first, or last when ``undated_last``), then by id."""
    undated = "date IS NULL, " if undated_last else ""
    return conn.execute(f"SELECT {', '.join(columns)} FROM all_events WHERE subject_type = ? "
                        f"ORDER BY {undated}date, event_id", (subject_type,)).fetchall()


def filtered_keys(conn: sqlite3.Connection, spec: TableSpec, flt: Filter = Filter()) -> list[str]:
    """Keys of the rows a pane's table shows under ``flt``, in key order."""
    where, params = flt.where(spec)
    rows = conn.execute(f"SELECT _key FROM ({spec.select_sql()}){where} ORDER BY _key", params)
    return [str(r[0]) for r in rows]
