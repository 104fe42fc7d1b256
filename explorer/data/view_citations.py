"""The citations file of File → Export view: each document (and each imported
file) behind the rows of a filtered table, in plain and Chicago form."""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from explorer.data.citations import chicago, plain
from explorer.data.filters import Filter
from explorer.data.citations import citation_for
from explorer.data.tables import TableSpec


def sources_behind(conn: sqlite3.Connection, spec: TableSpec, flt: Filter = Filter()) -> list[tuple]:
    """(doc_id, source_file, rows) for every document or imported file behind the filtered rows,
    most-used first; (None, None, n) counts rows that name neither."""
    where, params = flt.where(spec)
    sql = (f"SELECT _doc_id, _source_file, count(*) FROM ({spec.select_sql()}){where} "
           "GROUP BY _doc_id, _source_file ORDER BY count(*) DESC, _doc_id, _source_file")
    return conn.execute(sql, params).fetchall()


def citations_text(conn: sqlite3.Connection, spec: TableSpec, flt: Filter = Filter(), *,
                   title: str | None = None, files: list[str] = ()) -> str:
    """The citations.txt written beside an exported table and its charts."""
    rows = sources_behind(conn, spec, flt)
    total = sum(n for *_, n in rows)
    described = []
    if flt.text:
        described.append(f"filter “{flt.text}”")
    described += [f"{k} = {v if not isinstance(v, (list, tuple, set)) else ', '.join(map(str, v))}"
                  for k, v in flt.facets.items()]
    lines = [f"Amur Explorer — {title or spec.title}: {total:,} rows exported {date.today().isoformat()}"
             + (f" ({'; '.join(described)})" if described else ""),
             ""]
    if files:
        lines += ["Files: " + ", ".join(files), ""]
    cited = [r for r in rows if r[0] or r[1]]
    lines += [f"Sources behind these rows ({len(cited)}):", ""]
    for i, (doc_id, source_file, n) in enumerate(cited, start=1):
        c = citation_for(conn, {"doc_id": doc_id, "source_file": source_file})
        name = doc_id or Path(str(source_file)).name
        lines += [f"[{i}] {name} — {n:,} row{'s' if n != 1 else ''}",
                  f"Plain:   {plain(c)}",
                  f"Chicago: {chicago(c)}",
                  ""]
    missing = sum(n for d, f, n in rows if not d and not f)
    if missing:
        lines += [f"{missing:,} row{'s' if missing != 1 else ''} name no document or file.", ""]
    lines.append("Each row's own quote is in the table file (column 'quote') and in the app's citation panel.")
    return "\n".join(lines) + "\n"
