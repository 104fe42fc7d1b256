"""What the analyst asked of a table: a :class:`Filter` (free text, facets, year
ranges) and an :class:`Order`, each written as SQL over a spec's SELECT."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from explorer.data.formatting import sql_date_order
from explorer.data.tables import TableSpec


@dataclass(frozen=True)
class Filter:
    """What the analyst asked for: free text (every word must match) and facets."""

    text: str = ""
    facets: dict[str, Any] = field(default_factory=dict)   # column key -> value or tuple of values
    #: column key -> (from year, to year) as 'YYYY' or None: rows whose period (an ISO
    #: date or interval like 2023-01/2023-09) overlaps those years
    ranges: dict[str, tuple] = field(default_factory=dict)

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
        for key, bounds in self.ranges.items():
            if key not in spec.keys:
                raise KeyError(f"{spec.name} has no column {key!r}")
            more, more_params = year_range_clauses(key, bounds)
            clauses += more
            params += more_params
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def year_range_clauses(column: str, bounds: tuple) -> tuple[list[str], list[Any]]:
    """An ISO period (or interval start/end) overlapping the years lo..hi (either may be None)."""
    lo, hi = (tuple(bounds) + (None, None))[:2]
    clauses, params = [], []
    if hi is not None:
        clauses.append(f"substr({column}, 1, 4) <= ?")
        params.append(str(hi))
    if lo is not None:
        # the interval's end year (instr is 0 for a plain date: its own year)
        clauses.append(f"substr({column}, instr({column}, '/') + 1, 4) >= ?")
        params.append(str(lo))
    return clauses, params


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
        # a date that may be BCE sorts in time, not as text ('-0499' before '-0099')
        by = sql_date_order(key, direction) if spec.column(key).dated else f"{key} {direction}"
        # NULLs last whichever way the column is sorted; _key makes the order total.
        return f" ORDER BY ({key} IS NULL), {by}, _key"
