"""Filtered, sorted, paged reads of a pane's table: the SQL behind every
table model and every export. Filtering and sorting happen in SQLite, never
by loading all rows into Python."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterator

from explorer.data.tables import TableSpec


@dataclass(frozen=True)
class Filter:
    """What the analyst asked for: free text (every word must match) and facets."""

    text: str = ""
    facets: dict[str, Any] = field(default_factory=dict)   # column key -> value or tuple of values

    def where(self, spec: TableSpec) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for token in self.text.casefold().split():
            clauses.append("_search LIKE ? ESCAPE '\\'")
            escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        for key, value in self.facets.items():
            if key not in spec.keys:
                raise KeyError(f"{spec.name} has no column {key!r}")
            if isinstance(value, (tuple, list, set, frozenset)):
                values = list(value)
                if not values:
                    clauses.append("0")
                    continue
                clauses.append(f"{key} IN ({', '.join('?' * len(values))})")
                params.extend(values)
            else:
                clauses.append(f"{key} IS ?")
                params.append(value)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@dataclass(frozen=True)
class Order:
    key: str = ""
    descending: bool = False

    def sql(self, spec: TableSpec) -> str:
        key = self.key or spec.default_order
        if not key:
            return " ORDER BY _key"
        if key not in spec.keys:
            raise KeyError(f"{spec.name} has no column {key!r}")
        direction = "DESC" if self.descending else "ASC"
        # NULLs last whichever way the column is sorted; _key makes the order total.
        return f" ORDER BY ({key} IS NULL), {key} {direction}, _key"


def count_rows(conn: sqlite3.Connection, spec: TableSpec, flt: Filter = Filter()) -> int:
    where, params = flt.where(spec)
    return conn.execute(f"SELECT count(*) FROM ({spec.select_sql()}){where}", params).fetchone()[0]


def fetch_rows(
    conn: sqlite3.Connection,
    spec: TableSpec,
    flt: Filter = Filter(),
    order: Order = Order(),
    offset: int = 0,
    limit: int | None = None,
) -> list[tuple]:
    """Rows as tuples: (_key, visible columns..., provenance..., _search)."""
    where, params = flt.where(spec)
    sql = f"SELECT * FROM ({spec.select_sql()}){where}{order.sql(spec)}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return conn.execute(sql, params).fetchall()


def iter_rows(conn: sqlite3.Connection, spec: TableSpec, flt: Filter = Filter(),
              order: Order = Order()) -> Iterator[tuple]:
    """Visible columns only, streamed (for exports)."""
    where, params = flt.where(spec)
    cols = ", ".join(spec.keys)
    yield from conn.execute(f"SELECT {cols} FROM ({spec.select_sql()}){where}{order.sql(spec)}", params)


def distinct_values(conn: sqlite3.Connection, spec: TableSpec, key: str) -> list[Any]:
    """The values a facet filter can offer for one column."""
    if key not in spec.keys:
        raise KeyError(f"{spec.name} has no column {key!r}")
    rows = conn.execute(f"SELECT DISTINCT {key} FROM ({spec.select_sql()}) ORDER BY {key}")
    return [r[0] for r in rows]


@dataclass(frozen=True)
class Citation:
    """Where a row came from, ready to show or paste."""

    doc_id: str | None
    title: str | None
    publisher: str | None
    author: str | None
    published: str | None
    url: str | None
    doi: str | None
    quote: str | None
    original_source: str | None
    source_file: str | None = None
    source_row: int | None = None
    origin: str | None = None

    def as_text(self) -> str:
        """A plain reference for the clipboard."""
        if self.source_file and not self.title:
            where = f"{self.source_file}, row {self.source_row}" if self.source_row else self.source_file
            return f"Imported from {where}."
        bits = [b for b in (self.author, f"“{self.title}”" if self.title else None,
                            self.publisher, self.published) if b]
        text = ", ".join(bits) + "."
        if self.doi:
            text += f" doi:{self.doi}."
        if self.url:
            text += f" {self.url}"
        if self.quote:
            text += f" Quote: “{self.quote}”"
        if self.original_source:
            text += f" (Original source: {self.original_source}.)"
        return text


def citation_for(conn: sqlite3.Connection, provenance: dict[str, Any]) -> Citation:
    """Resolve a row's provenance (doc_id, quote, …) into a full citation."""
    doc = None
    if provenance.get("doc_id"):
        doc = conn.execute(
            "SELECT title, publisher, author, published, url, doi FROM all_documents WHERE doc_id = ?",
            (provenance["doc_id"],),
        ).fetchone()
    title, publisher, author, published, url, doi = doc or (None,) * 6
    return Citation(
        doc_id=provenance.get("doc_id"), title=title, publisher=publisher, author=author,
        published=published, url=url, doi=doi, quote=provenance.get("quote"),
        original_source=provenance.get("original_source"),
        source_file=provenance.get("source_file"), source_row=provenance.get("source_row"),
        origin=provenance.get("origin"),
    )


def row_number_of(conn: sqlite3.Connection, spec: TableSpec, key: Any,
                  flt: Filter = Filter(), order: Order = Order()) -> int:
    """0-based position of the row with this key under the filter and order, or -1."""
    where, params = flt.where(spec)
    order_sql = order.sql(spec).replace(" ORDER BY ", "", 1)
    row = conn.execute(
        f"SELECT rn FROM (SELECT _key, row_number() OVER (ORDER BY {order_sql}) - 1 AS rn "
        f"FROM ({spec.select_sql()}){where}) WHERE _key = ?",
        [*params, key],
    ).fetchone()
    return -1 if row is None else row[0]
