"""What a Trade chart export writes beneath the chart (no Qt): one citation
line per document behind the plotted figures, one per imported file."""
from __future__ import annotations

import sqlite3
from typing import Iterable

from explorer.data.citations import source_lines
from explorer.data.trade_types import Figure


def citation_footer(conn: sqlite3.Connection, figures: Iterable[Figure], unit: str = "",
                    files: Iterable[str] = ()) -> list[str]:
    """One line per document behind the plotted figures (for exported charts), and one per
    imported file (those of the figures, and ``files``: the files behind a series summed in SQL)."""
    figures = list(figures)
    imported: dict[str, set[str]] = {name: set() for name in files if name}
    for f in figures:
        if f.imported:
            imported.setdefault(f.source_file or f.document or "unknown file", set()).update([f.claimed] if f.claimed else [])
    lines = source_lines(conn, [f.doc_id for f in figures if not f.imported], imported)
    if unit:
        lines.append(f"Unit: {unit}. Chart from Amur Explorer.")
    return lines
