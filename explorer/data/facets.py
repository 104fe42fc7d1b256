"""The choices a pane's facets offer and the filter a choice makes, read from the
facets its TableSpec declares (explorer.data.tables.Facet): the one code behind
every pane's drop-downs."""
from __future__ import annotations

import sqlite3
from pkgutil import resolve_name
from typing import Any

from explorer.data.query import distinct_values
from explorer.data.tables import Facet, TableSpec


def choices(conn: sqlite3.Connection, spec: TableSpec, facet: Facet) -> list[tuple[str, Any]]:
    """(label, value) of each choice ``facet`` offers past its "any" entry: the column's
    distinct values (``snake_case`` shown with spaces unless ``as_stored``), unless the facet names its own."""
    if facet.choices:
        return list(resolve_name(facet.choices)(conn))
    values = distinct_values(conn, spec, facet.key)
    return [(str(v) if facet.as_stored else str(v).replace("_", " "), v) for v in values if v is not None]


def narrowing(conn: sqlite3.Connection, spec: TableSpec, chosen: dict[str, Any]) -> dict[str, Any]:
    """The filter's facets (column key → value or tuple) for the values chosen in the
    spec's facets (facet key → value; a facet left at "any" is not there)."""
    out: dict[str, Any] = {}
    for facet in spec.facets:
        if facet.key not in chosen:
            continue
        value = chosen[facet.key]
        out.update(resolve_name(facet.narrows)(conn, value) if facet.narrows else {facet.key: value})
    return out
