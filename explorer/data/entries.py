"""Every row an analyst can open, as one list of "entries": what it is, a
title and a line of detail, which pane shows it and the key that selects it
there. Search everywhere indexes these; the Sources pane lists them per
document. One definition, so both open an entry the same way.

Each pane's TableSpec declares the subjects it opens (``TableSpec.subjects``)
and which events it shows (``TableSpec.events``); this module lists none. Keys
are the ``_key`` of that spec. Where a subject has no row of its own in a pane
(a place, an energy asset without figures) the key is NULL and ``filter_text``
says what to filter the pane by.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from explorer.data.formatting import sql_date_order, sql_date_text, sql_number_text as _num

if TYPE_CHECKING:
    from explorer.data.tables import TableSpec


def _names(ref: str) -> str:
    """All names of a place (English, Russian, Chinese), by place_id."""
    return (f"(SELECT coalesce(p.name_en, '') || ' ' || coalesce(p.name_ru, '') || ' ' || "
            f"coalesce(p.name_zh, '') FROM all_places p WHERE p.place_id = {ref} LIMIT 1)")


def _join(*parts: str) -> str:
    """Concatenate SQL text expressions with spaces, skipping NULLs."""
    return " || ' ' || ".join(f"coalesce({p}, '')" for p in parts)


def _dot(*parts: str) -> str:
    """'a · b · c' of the non-empty parts (SQL)."""
    inner = " || ".join(f"coalesce(' · ' || nullif({p}, ''), '')" for p in parts)
    return f"substr({inner}, 4)"


_ROUTE_NAMES = (
    "(SELECT group_concat(coalesce(p.name_en, '') || ' ' || coalesce(p.name_ru, '') || ' ' || "
    "coalesce(p.name_zh, ''), ' ') FROM all_corridor_places cp "
    "LEFT JOIN all_places p ON p.place_id = cp.place_id WHERE cp.corridor_id = {ref})"
)
_FIRST_CORRIDOR_EVENT = (
    "(SELECT e2.event_id FROM all_events e2 WHERE e2.subject_type = 'corridor' "
    "AND e2.subject_id = {ref} ORDER BY (e2.date IS NULL), "
    f"{sql_date_order('e2.date')}, e2.event_id LIMIT 1)"
)
# The asset's own first figure, else the first figure of one of its segments.
_FIRST_ASSET_FIGURE = (
    "coalesce((SELECT min(f2.figure_id) FROM all_energy_figures f2 WHERE f2.asset_id = {ref}), "
    "(SELECT min(f2.figure_id) FROM all_energy_figures f2 JOIN all_energy_assets a2 "
    "ON a2.asset_id = f2.asset_id WHERE a2.parent_id = {ref}))"
)

# A trade figure an event is about, looked up by key: a LEFT JOIN of the
# all_trade_figures view cannot reach its index and read every imported row
# (~2 s for one document's events with a million imported trade rows).
_TRADE_OF_EVENT = (
    "(SELECT t.{col} FROM all_trade_figures t WHERE e.subject_type = 'trade' "
    "AND t.figure_id = e.subject_id LIMIT 1)"
)


@dataclass(frozen=True)
class Subject:
    """One kind of entry and the SELECT that lists them.

    The SELECT yields: key, filter_text, title, detail, body, doc_id, origin,
    source_file — ``body`` is every word search should find it by. The pane that
    opens an entry is the pane whose spec declares the subject; a subject whose rows
    open in several panes (events) selects ``<PANE>`` and ``<KEY>`` instead, which
    the panes' :class:`EventLink` declarations fill in.
    """

    kind: str
    label: str
    select: str
    #: its entries filter the pane (a place) rather than select a row of it: listed after the rest
    filters_only: bool = False

    @property
    def routed(self) -> bool:
        return "<PANE>" in self.select


@dataclass(frozen=True)
class EventLink:
    """The events a pane shows: their ``subject_type`` and the key of the pane's row an
    event opens (SQL over the event ``e``)."""

    subject_type: str
    key_sql: str
    #: the table of the subject the events are about, when an event stands for its subject's
    #: rows (a conflict naming it marks them: every figure of a pipeline); empty when the pane
    #: shows each event as a row of its own (a corridor's milestones)
    subject_table: str = ""


TRADE_FIGURES = Subject("trade_figure", "Trade figures", f"""
        SELECT f.figure_id, NULL,
          coalesce(f.description, trim(coalesce(r.name_en, f.reporter, '')
            || coalesce(' – ' || coalesce(pa.name_en, f.partner), '') || ' ' || f.measure
            || coalesce(' (' || f.commodity || ')', '') || coalesce(', ' || f.period, ''))),
          {_dot("coalesce(f.value_text, " + _num("f.value") + " || coalesce(' ' || f.unit, ''))",
                "f.period", "f.status")},
          {_join("f.figure_id", "f.topic", "f.measure", "f.reporter", "r.name_en", "r.name_ru", "r.name_zh", "f.partner",
                 "pa.name_en", "pa.name_ru", "pa.name_zh", "f.flow", "f.commodity", "f.period", _num("f.value"), "f.value_text",
                 "f.unit", "f.approx", "f.status", "f.description", "f.quote", "f.original_source",
                 "f.source_file")},
          f.doc_id, f.origin, f.source_file
        FROM all_trade_figures f
        LEFT JOIN all_places r ON r.place_id = f.reporter
        LEFT JOIN all_places pa ON pa.place_id = f.partner""")
CORRIDORS = Subject("corridor", "Corridors", f"""
        SELECT coalesce({_FIRST_CORRIDOR_EVENT.format(ref="c.corridor_id")}, c.corridor_id),
          c.name_en, c.name_en,
          {_dot("c.kind", "c.status", "c.name_ru", "c.name_zh")},
          {_join("c.corridor_id", "c.name_en", "c.name_ru", "c.name_zh", "c.kind", "c.status", "c.provinces",
                 _ROUTE_NAMES.format(ref="c.corridor_id"), "c.description", "c.quote", "c.original_source",
                 "c.source_file")},
          c.doc_id, c.origin, c.source_file
        FROM all_corridors c""")
EVENTS = Subject("event", "Milestones and events", f"""
        SELECT <PANE>, <KEY>,
          coalesce(c.name_en, i.name_en, a.name_en),
          coalesce(c.name_en, i.name_en, a.name_en, {_TRADE_OF_EVENT.format(col="description")}, e.subject_id)
            || ': ' || e.event
            || coalesce(' ' || {sql_date_text("e.date")}, ''),
          {_dot("e.description", "e.status", _num("e.value") + " || coalesce(' ' || e.unit, '')")},
          {_join("e.event_id", "e.event", sql_date_text("e.date"), sql_date_text("e.date_end"), "e.status",
                 _num("e.value"), "e.unit",
                 "e.description", "e.quote", "e.original_source", "c.name_en", "c.name_ru", "c.name_zh",
                 "i.name_en", "i.name_ru", "i.name_zh", "a.name_en", "a.name_ru", "a.name_zh",
                 _TRADE_OF_EVENT.format(col="description"), "e.source_file")},
          e.doc_id, e.origin, e.source_file
        FROM all_events e
        LEFT JOIN all_corridors c ON e.subject_type = 'corridor' AND c.corridor_id = e.subject_id
        LEFT JOIN all_institutions i ON e.subject_type = 'institution' AND i.inst_id = e.subject_id
        LEFT JOIN all_energy_assets a ON e.subject_type = 'energy' AND a.asset_id = e.subject_id""")
ENERGY_ASSETS = Subject("energy_asset", "Energy assets", f"""
        SELECT {_FIRST_ASSET_FIGURE.format(ref="a.asset_id")}, a.name_en, a.name_en,
          {_dot("a.kind", "a.commodity", "a.status", "a.name_ru", "a.name_zh")},
          {_join("a.asset_id", "a.name_en", "a.name_ru", "a.name_zh", "a.kind", "a.commodity", "a.status",
                 _names("a.from_place"), _names("a.to_place"), "a.description", "a.quote", "a.original_source",
                 "a.source_file")},
          a.doc_id, a.origin, a.source_file
        FROM all_energy_assets a""")
ENERGY_FIGURES = Subject("energy_figure", "Energy figures", f"""
        SELECT f.figure_id, NULL,
          coalesce(a.name_en, f.asset_id) || ': ' || replace(f.measure, '_', ' '),
          {_dot("coalesce(f.value_text, " + _num("f.value") + " || coalesce(' ' || f.unit, ''))",
                "f.date", "f.status")},
          {_join("f.figure_id", "a.name_en", "a.name_ru", "a.name_zh", "replace(f.measure, '_', ' ')",
                 _num("f.value"), "f.value_text", "f.unit", "f.approx", "f.date", "f.status", "f.description",
                 "f.quote", "f.original_source", "f.source_file")},
          f.doc_id, f.origin, f.source_file
        FROM all_energy_figures f LEFT JOIN all_energy_assets a ON a.asset_id = f.asset_id""")
INSTITUTIONS = Subject("institution", "Institutions", f"""
        SELECT i.inst_id, i.name_en, i.name_en,
          {_dot("replace(i.kind, '_', ' ')", "i.side", "i.established", "i.name_ru", "i.name_zh")},
          {_join("i.inst_id", "i.name_en", "i.name_ru", "i.name_zh", "replace(i.kind, '_', ' ')", "i.side",
                 "i.established", "i.description", "i.quote", "i.original_source", "i.source_file")},
          i.doc_id, i.origin, i.source_file
        FROM all_institutions i""")
PLACES = Subject("place", "Places", f"""
        SELECT NULL, p.name_en, p.name_en,
          {_dot("replace(p.kind, '_', ' ')", "p.country", "p.name_ru", "p.name_zh")},
          {_join("p.place_id", "p.name_en", "p.name_ru", "p.name_zh", "replace(p.kind, '_', ' ')", "p.country",
                 "p.source_file")},
          p.doc_id, p.origin, p.source_file
        FROM all_places p""", filters_only=True)
DOCUMENTS = Subject("document", "Documents", f"""
        SELECT d.doc_id, NULL, d.title,
          {_dot("d.author", "d.publisher", "d.published")},
          {_join("d.doc_id", "d.title", "d.publisher", "d.author", "d.published", "d.url", "d.doi",
                 "d.description")},
          d.doc_id, d.origin, NULL
        FROM all_documents d""")

#: Keys of the panes' rows an event opens, by the kind of subject it is about.
CORRIDOR_EVENTS = EventLink("corridor", "e.event_id")
ENERGY_EVENTS = EventLink("energy", _FIRST_ASSET_FIGURE.format(ref="e.subject_id"), "energy_assets")
INSTITUTION_EVENTS = EventLink("institution", "e.subject_id", "institutions")
TRADE_EVENTS = EventLink("trade", _TRADE_OF_EVENT.format(col="figure_id"), "trade_figures")


def _routed(subject: Subject, specs: Iterable[TableSpec]) -> str:
    """A routed subject's SELECT (over events ``e``) with the pane and key of each event's
    subject type, as the panes declare them; an event of a type no pane declares opens in
    the first pane that shows events."""
    links = [(spec.name, link) for spec in specs for link in spec.events]
    if not links:
        return subject.select.replace("<PANE>", "NULL").replace("<KEY>", "NULL")
    pane = " ".join(f"WHEN '{link.subject_type}' THEN '{name}'" for name, link in links)
    key = " ".join(f"WHEN '{link.subject_type}' THEN {link.key_sql}" for _name, link in links)
    return (subject.select.replace("<PANE>", f"CASE e.subject_type {pane} ELSE '{links[0][0]}' END")
            .replace("<KEY>", f"CASE e.subject_type {key} END"))


def subjects_of(specs: Iterable[TableSpec]) -> list[tuple[Subject, str]]:
    """Every subject the panes declare, in tab order (those that only filter a pane last),
    each with the SELECT that lists its entries (pane first, then ENTRY_COLUMNS)."""
    specs = tuple(specs)
    out = []
    for spec in specs:
        for subject in spec.subjects:
            select = _routed(subject, specs) if subject.routed else f"SELECT '{spec.name}', * FROM ({subject.select})"
            out.append((subject, select))
    return sorted(out, key=lambda pair: pair[0].filters_only)


ENTRY_COLUMNS = ("pane", "key", "filter_text", "title", "detail", "body", "doc_id", "origin", "source_file")


def _panes() -> tuple[TableSpec, ...]:
    from explorer.data.panes import specs

    return specs()


def entries_sql(specs: Iterable[TableSpec] | None = None) -> str:
    """Every entry of every subject the panes (``specs``, else the listed panes) declare,
    as one SELECT: kind, label, then ENTRY_COLUMNS."""
    cols = ", ".join(ENTRY_COLUMNS)
    return " UNION ALL ".join(
        f"SELECT * FROM (WITH x({cols}) AS ({select}) SELECT '{s.kind}' AS kind, '{s.label}' AS label, x.* FROM x)"
        for s, select in subjects_of(_panes() if specs is None else specs)
    )


@dataclass(frozen=True)
class Entry:
    """A row the analyst can open: in ``pane``, selected by ``key`` or else filtered by ``filter_text``."""

    kind: str
    label: str
    pane: str
    key: str | None
    filter_text: str | None
    title: str
    detail: str
    origin: str | None = None
    source_file: str | None = None

    @property
    def imported(self) -> bool:
        return self.origin == "workspace"


def drawn_from(conn: sqlite3.Connection, doc_id: str) -> list[tuple[str, list[Entry]]]:
    """Everything drawn from one document, grouped by subject in the panes' order."""
    groups: list[tuple[str, list[Entry]]] = []
    for subject, select in subjects_of(_panes()):
        if subject.kind == "document":
            continue
        rows = _subject_rows(conn, subject, select, "doc_id = ?", (doc_id,))
        if rows:
            groups.append((subject.label, rows))
    return groups


def _subject_rows(conn: sqlite3.Connection, subject: Subject, select: str, where: str,
                  params: tuple) -> list[Entry]:
    cols = ", ".join(ENTRY_COLUMNS)
    sql = (f"WITH x({cols}) AS ({select}) "
           f"SELECT pane, key, filter_text, title, detail, origin, source_file FROM x "
           f"WHERE {where} ORDER BY title COLLATE NOCASE, key")
    return [Entry(subject.kind, subject.label, pane, None if key is None else str(key), flt,
                  title or "", detail or "", origin, source_file)
            for pane, key, flt, title, detail, origin, source_file in conn.execute(sql, params)]
