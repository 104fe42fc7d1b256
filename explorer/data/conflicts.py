"""The recorded conflicts (db/conflicts.csv, and any a workspace holds) as the
window shows them: which rows of which pane each one marks, the statements
it sets against each other (each with its own quote), and where to jump.

A conflict names rows as ``table:id`` (``trade_figures:tf-…``, ``events:ev-…``).
A pane shows some of those tables through its own key, as its TableSpec
declares (explorer.data.tables): an event of a corridor is a row of the
Corridors pane, an event of an institution marks the institution's row, an
energy asset marks its figures. ``pane_rows`` is that one translation, read
from the listed panes (explorer.data.panes), used by the table marks, the
citation panel and the Conflicts list alike.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.data import panes

if TYPE_CHECKING:
    from explorer.data.tables import Says, TableSpec

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
#: The mark a conflicted row carries in the tables and in lists.
MARK = "⚠"


@dataclass(frozen=True)
class RowRef:
    table: str
    row_id: str

    @classmethod
    def parse(cls, text: str) -> "RowRef | None":
        table, sep, row_id = text.strip().partition(":")
        return cls(table, row_id) if sep and table and row_id else None


@dataclass(frozen=True)
class Statement:
    """One side of a conflict: a row, what it says, and the quote it was read from."""

    ref: RowRef
    label: str                 # what the row is ('Trade figure', 'Milestone', …)
    text: str                  # its description or name
    date: str | None
    doc_id: str | None
    quote: str | None


@dataclass(frozen=True)
class Conflict:
    conflict_id: str
    kind: str
    severity: str
    description: str
    refs: tuple[RowRef, ...]
    doc_id: str | None
    quote: str | None

    @property
    def kind_label(self) -> str:
        return self.kind.replace("_", " ")


def load_conflicts(conn: sqlite3.Connection) -> list[Conflict]:
    """Every recorded conflict, most severe first, then by id."""
    rows = conn.execute(
        "SELECT conflict_id, kind, severity, description, row_refs, doc_id, quote FROM all_conflicts").fetchall()
    out = [Conflict(cid, kind, sev, desc, tuple(r for r in map(RowRef.parse, (refs or "").split(";")) if r),
                    doc, quote) for cid, kind, sev, desc, refs, doc, quote in rows]
    return sorted(out, key=lambda c: (SEVERITY_ORDER.get(c.severity, 3), c.conflict_id))


def _first(conn: sqlite3.Connection, sql: str, params: tuple) -> str | None:
    row = conn.execute(sql, params).fetchone()
    return row[0] if row else None


def pane_rows(conn: sqlite3.Connection, ref: RowRef,
              specs: tuple[TableSpec, ...] | None = None) -> list[tuple[str, str]]:
    """(pane, key) of every pane row that shows the referenced row; empty if no pane does.
    The panes (``specs``, else the listed ones) declare what they show: a row of their
    subject's table by its id, the rows of other tables in ``shows``, and events through
    their ``events`` links."""
    specs = panes.specs() if specs is None else specs
    if ref.table == "events":
        return _event_rows(conn, ref.row_id, specs)
    out: list[tuple[str, str]] = []
    for spec in specs:
        if spec.subject_table == ref.table and _shows_key(conn, spec, ref.row_id):
            out.append((spec.name, ref.row_id))
        for shown in spec.shows:
            if shown.table == ref.table:
                out += [(spec.name, str(k)) for (k,) in conn.execute(shown.keys_sql, {"id": ref.row_id})]
    return out


def _shows_key(conn: sqlite3.Connection, spec: TableSpec, key: str) -> bool:
    """Whether the spec has a row with this key: always, for a spec led by its subject (its
    key is the row's id); a spec written as a whole FROM may show only some of its rows."""
    if spec.subject_alias:
        return True
    sql = f"SELECT 1 FROM {spec.from_clause()} WHERE {spec.key_sql} = ? LIMIT 1"
    return conn.execute(sql, (key,)).fetchone() is not None


def _event_rows(conn: sqlite3.Connection, event_id: str, specs: tuple[TableSpec, ...]) -> list[tuple[str, str]]:
    """The rows of the pane that declares the event's subject type: its subject's rows, or
    the row its link opens."""
    row = conn.execute("SELECT subject_type, subject_id FROM all_events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        return []
    subject_type, subject_id = row
    for spec in specs:
        for link in spec.events:
            if link.subject_type != subject_type:
                continue
            if link.subject_table:
                return pane_rows(conn, RowRef(link.subject_table, subject_id), specs)
            keys = conn.execute(f"SELECT {link.key_sql} FROM all_events e WHERE e.event_id = ?", (event_id,))
            return [(spec.name, str(k)) for (k,) in keys if k is not None]
    return []


def marks(conn: sqlite3.Connection, conflicts: list[Conflict] | None = None) -> dict[str, dict[str, list[Conflict]]]:
    """pane -> key -> the conflicts that row is involved in (most severe first)."""
    out: dict[str, dict[str, list[Conflict]]] = {}
    specs = panes.specs()
    for c in conflicts if conflicts is not None else load_conflicts(conn):
        for ref in c.refs:
            for pane, key in pane_rows(conn, ref, specs):
                found = out.setdefault(pane, {}).setdefault(key, [])
                if c not in found:
                    found.append(c)
    return out


def worst_severity(conflicts: list[Conflict]) -> str | None:
    return min((c.severity for c in conflicts), key=lambda s: SEVERITY_ORDER.get(s, 3), default=None)


def _says(table: str, specs: tuple[TableSpec, ...]) -> Says | None:
    """What a row of ``table`` says, as the pane showing that table declares it: its subject's
    statement, or that of the other table its rows stand for (None: no pane shows it)."""
    for spec in specs:
        if spec.subject_table == table:
            return spec.statement()
        for shown in spec.shows:
            if shown.table == table and shown.says is not None:
                return shown.says
    return None


def statements(conn: sqlite3.Connection, conflict: Conflict,
               specs: tuple[TableSpec, ...] | None = None) -> list[Statement]:
    """Each row the conflict names, with what it says and its quote, as the panes (``specs``,
    else the listed ones) declare it (rows no longer present, or no pane shows, are left out)."""
    specs = panes.specs() if specs is None else specs
    out = []
    for ref in conflict.refs:
        says = _says(ref.table, specs)
        row = conn.execute(says.sql, (ref.row_id,)).fetchone() if says else None
        if row is not None:
            out.append(Statement(ref, says.label, row[0] or ref.row_id, row[1], row[2], row[3]))
    return out


def energy_asset_conflicts(conn: sqlite3.Connection, by_figure: dict[str, list[Conflict]]
                           ) -> dict[str, tuple[str, list[Conflict]]]:
    """asset_id -> (its first conflicted figure, the conflicts of its figures), for the
    assets (and the parents of segments) whose figures are in a recorded conflict: what
    a pipeline on the map is marked with, and which row a click on it opens."""
    out: dict[str, tuple[str, list[Conflict]]] = {}
    rows = conn.execute("SELECT f.figure_id, f.asset_id, a.parent_id FROM all_energy_figures f "
                        "LEFT JOIN all_energy_assets a ON a.asset_id = f.asset_id ORDER BY f.figure_id")
    for figure_id, asset_id, parent_id in rows:
        for asset in (asset_id, parent_id):
            if asset and by_figure.get(figure_id):
                first, found = out.setdefault(asset, (figure_id, []))
                found += [c for c in by_figure[figure_id] if c not in found]
    return out
