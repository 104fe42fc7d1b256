"""What a Trade chart export writes beneath the chart (no Qt): one citation
line per document behind the plotted figures, one per imported file."""
from __future__ import annotations

import sqlite3
from typing import Iterable

from explorer.data.query import citation_for
from explorer.data.trade_series import Figure

# -- citations ----------------------------------------------------------------------------------

def citation_footer(conn: sqlite3.Connection, figures: Iterable[Figure], unit: str = "",
                    files: Iterable[str] = ()) -> list[str]:
    """One line per document behind the plotted figures (for exported charts), and one per
    imported file (those of the figures, and ``files``: the files behind a series summed in SQL)."""
    lines = []
    figures = list(figures)
    docs = dict.fromkeys(f.doc_id for f in figures if f.doc_id and not f.imported)
    for doc_id in docs:
        lines.append("Source: " + citation_for(conn, {"doc_id": doc_id}).as_text())
    files: dict[str, set] = {name: set() for name in files if name}
    for f in figures:
        if f.imported:
            files.setdefault(f.source_file or f.document or "unknown file", set()).update([f.claimed] if f.claimed else [])
    for name in sorted(files):
        claims = sorted(files[name])
        lines.append(f"Source: imported from {name}" + (f" (claims: {'; '.join(claims)})" if claims else ""))
    if unit:
        lines.append(f"Unit: {unit}. Chart from Amur Explorer.")
    return lines
