"""What the curated subjects' modules (corridors, institutions) share: a dated event
of a subject, read by subject type, and the keys of a pane's table rows under a filter."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from typing import TypeVar

from explorer.data.filters import Filter
from explorer.data.formatting import sql_date_order
from explorer.data.tables import TableSpec


@dataclass(frozen=True)
class SubjectEvent:
    """An event of ``all_events`` (a milestone, a meeting): its fields are the table's
    columns, and a subject's kind of event adds the columns it shows."""

    event_id: str
    subject_id: str
    event: str
    date: str | None
    date_precision: str | None
    date_end: str | None
    date_end_precision: str | None
    status: str | None
    description: str | None
    quote: str | None
    doc_id: str | None


E = TypeVar("E", bound=SubjectEvent)


def subject_events(conn: sqlite3.Connection, subject_type: str, kind: type[E], *,
                   undated_last: bool = False) -> list[E]:
    """Every event whose subject is of ``subject_type``, as ``kind``, in date order
    (undated events first, or last when ``undated_last``; 500 BCE before 100 BCE), then by id."""
    columns = ", ".join(f.name for f in fields(kind))
    undated = "date IS NULL, " if undated_last else ""
    rows = conn.execute(f"SELECT {columns} FROM all_events WHERE subject_type = ? "
                        f"ORDER BY {undated}{sql_date_order('date')}, event_id", (subject_type,))
    return [kind(*row) for row in rows]


def filtered_keys(conn: sqlite3.Connection, spec: TableSpec, flt: Filter = Filter()) -> list[str]:
    """Keys of the rows a pane's table shows under ``flt``, in key order."""
    where, params = flt.where(spec)
    rows = conn.execute(f"SELECT _key FROM ({spec.select_sql()}){where} ORDER BY _key", params)
    return [str(r[0]) for r in rows]
