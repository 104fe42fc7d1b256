"""``amur-explorer publish DIR``: the workspace — curated and imported rows
together — as one SQLite database plus ``metadata.json``, a folder a team can
serve to many readers with Datasette (``datasette DIR``).

Every ``all_*`` view becomes a real table (with its ``origin`` column: bundled
or workspace), each pane's table is written as the analyst sees it
(``pane_<name>``), and the metadata gives titles, descriptions (read from the
comments in db/schema.sql), units, sources and licences per table and column.
The import history lists the imports in effect (not the undone ones), and text
a spreadsheet would run as a formula is stored inert, since Datasette offers
every table as a CSV download.
"""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from explorer import APP_NAME, __version__
from explorer.data.export import (CONFLICTS_COLUMN, DOCUMENT_DATE_COLUMN, NOTES_COLUMN, export_header, export_rows,
                                  inert_sql, inert_text)
from explorer.data.output_files import OutputError, output_folder, replacing, write_text
from explorer.data.schema import DATA_TABLES, schema_sql
from explorer.data.panes import exported_specs

DB_NAME = "amur-explorer"
LICENSE = "Compilation MIT; quotations remain with their publishers (short quotes for citation)"
LICENSE_URL = "https://opensource.org/licenses/MIT"

TABLE_TEXT: dict[str, tuple[str, str]] = {
    "documents": ("Source documents", "The documents every curated row was read from."),
    "places": ("Places", "Cities, ports, border crossings and regions, with Russian and Chinese names."),
    "trade_figures": ("Trade figures", "Trade, investment and logistics figures, each in its own unit, "
                      "with the sentence it was read from."),
    "corridors": ("Corridors", "Transport corridors, bridges, ports, hubs and shipping routes."),
    "corridor_places": ("Corridor routes", "The places along each corridor, in order."),
    "energy_assets": ("Energy assets", "Pipelines, segments and energy projects."),
    "energy_figures": ("Energy figures", "Capacities, volumes and effects of energy assets, in their own units."),
    "institutions": ("Institutions", "Committees, ministries, banks, forums, plans and agreements."),
    "institution_relations": ("Institution relations", "How institutions relate (established within, signed by…)."),
    "events": ("Milestones and events", "Dated happenings of corridors, energy assets, institutions and trade."),
    "conflicts": ("Conflicts", "Where the documents disagree with themselves or each other."),
    "exchange_rates": ("Exchange rates", "Annual average rates used to normalise currencies."),
    "indicators": ("Indicators", "Series by country or region (GDP, trade as a share of GDP, CO2, production) "
                   "imported from publishers' files, each in its own unit and price basis."),
    "imports": ("Import history", "Files the analyst imported into the workspace."),
}
#: Descriptions of columns the schema leaves uncommented (schema comments win where both exist).
GENERIC_COLUMNS = {
    "doc_id": "file name of the source document (see documents)",
    "quote": "the exact sentence the row was read from (a verbatim substring of the document)",
    "original_source": "whom the document cites for this (MOFCOM, GACC, a ministry), if anyone",
    "inferred": "empty when the document states the value outright, else what was inferred and from what",
    "value": "the figure, in the unit given in the unit column of the same row",
    "date_precision": "year|quarter|month|day: the precision of date",
    "period_precision": "year|quarter|month|day: the precision of period",
    "published_precision": "year|quarter|month|day: the precision of published",
    "established_precision": "year|quarter|month|day: the precision of established",
    "description": "one line an analyst can read",
    "commodity": "commodity or product group, as the document names it",
    "name_en": "English name", "name_ru": "Russian name", "name_zh": "Chinese name",
}
COMMON_COLUMNS = {
    "origin": "bundled (curated from the source documents) or workspace (imported by the analyst)",
    "import_id": "the import that added this row (see imports)",
    "source_file": "file an imported row came from",
    "source_row": "row number in that file",
}
UNITS = {"places": {"lat": "degree", "lon": "degree"}}
_IMPORT_COLUMNS = ("import_id", "file_name", "file_size", "sha256", "dataset", "layout", "encoding",
                   "imported_at", "rows_added", "rows_replaced")
#: Rows of imports that were undone are never published (undo deletes them; this guards the rule).
_ACTIVE_ROWS = (" WHERE import_id IS NULL "
                "OR import_id NOT IN (SELECT import_id FROM main.imports WHERE status = 'undone')")
INERT_NOTE = ("Text a spreadsheet would run as a formula (a cell starting with =, +, -, @, a tab or a carriage "
              "return) is stored with a leading apostrophe, so that CSV downloads open safely in Excel; "
              "numbers are unchanged.")
_FTS_COLUMNS = ("name_en", "name_ru", "name_zh", "title", "description", "quote", "value_text")


def column_comments() -> dict[str, dict[str, str]]:
    """Column descriptions from the ``-- comments`` in db/schema.sql."""
    out: dict[str, dict[str, str]] = {}
    table = None
    for line in schema_sql().splitlines():
        start = re.match(r"CREATE TABLE IF NOT EXISTS (\w+)", line)
        if start:
            table = start.group(1)
            out[table] = {}
            continue
        col = re.match(r"\s+(\w+) [A-Z]+[^-]*--\s*(.+)", line)
        if table and col and col.group(1) not in ("PRIMARY", "FOREIGN"):
            out[table][col.group(1)] = col.group(2).strip()
    return out


def _fallback(column: str) -> str:
    if column.endswith("_id"):
        return f"id (a short slug) of the {column[:-3].replace('_', ' ')}"
    return column.replace("_", " ")


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, int]]:
    return [(r[1], r[2], r[5]) for r in conn.execute(f'PRAGMA main.table_info("{table}")')]


def _copy_table(conn: sqlite3.Connection, table: str, source: str, cols: list[tuple[str, str, int]],
                where: str = "") -> None:
    pk = [name for name, _type, order in sorted(cols, key=lambda c: c[2]) if order]
    defs = [f'"{name}" {ctype}' for name, ctype, _ in cols]
    if pk:
        keys = ", ".join(f'"{k}"' for k in pk)
        unique = conn.execute(f"SELECT count(*) = count(DISTINCT {keys.replace(', ', ' || char(31) || ')}) "
                              f"FROM {source}{where}").fetchone()[0]
        if unique:      # an import may repeat a curated id: then no key, every row kept
            defs.append(f"PRIMARY KEY ({keys})")
    conn.execute(f'CREATE TABLE pub."{table}" ({", ".join(defs)})')
    names = ", ".join(f'"{n}"' for n, _, _ in cols)
    # Datasette serves every table as a CSV download too: formula-like text goes out inert
    values = ", ".join(inert_sql(f'"{n}"') for n, _, _ in cols)
    conn.execute(f'INSERT INTO pub."{table}" ({names}) SELECT {values} FROM {source}{where}')


def _add_fts(conn: sqlite3.Connection, table: str, names: list[str]) -> bool:
    text = [c for c in _FTS_COLUMNS if c in names]
    if not text:
        return False
    cols = ", ".join(text)
    # content="table" in double quotes is the form Datasette's FTS detection recognises.
    conn.execute(f'CREATE VIRTUAL TABLE pub.{table}_fts USING fts5({cols}, content="{table}", '
                 "tokenize='unicode61 remove_diacritics 2')")
    conn.execute(f"INSERT INTO pub.{table}_fts ({table}_fts) VALUES ('rebuild')")
    return True


def _sources(conn: sqlite3.Connection, table: str) -> str:
    """The documents and imported files behind the rows published in ``pub.<table>``."""
    if table == "imports":
        return "The analyst's workspace"
    names = [r[1] for r in conn.execute(f'PRAGMA pub.table_info("{table}")')]
    docs = [r[0] for r in conn.execute(
        f'SELECT DISTINCT coalesce(d.title, x.doc_id) FROM pub."{table}" x JOIN pub.documents d '
        f"ON d.doc_id = x.doc_id ORDER BY 1")] if table != "documents" and "doc_id" in names else []
    files = [r[0] for r in conn.execute(
        f'SELECT DISTINCT source_file FROM pub."{table}" WHERE source_file IS NOT NULL ORDER BY 1')] \
        if "source_file" in names else []
    bits = []
    if docs:
        bits.append("Documents: " + "; ".join(docs))
    if files:
        bits.append("Imported files: " + "; ".join(files))
    return ". ".join(bits) or "Curated from the source documents (see the documents table)"


def publish(conn: sqlite3.Connection, out_dir: Path, name: str = DB_NAME) -> dict[str, int]:
    """Write ``out_dir/<name>.db`` and ``out_dir/metadata.json``; returns rows per table.

    Each file is written to a new temporary file and renamed into place (a link planted
    in ``out_dir`` is replaced, never written through). Raises OutputError, with a message
    for the user, when ``out_dir`` is a file or a file cannot be written."""
    out_dir = output_folder(out_dir)
    target = out_dir / f"{name}.db"
    with replacing(target) as tmp:
        conn.execute("ATTACH DATABASE ? AS pub", (str(tmp),))
        try:
            with conn:
                counts, fts = _write_tables(conn)
            tables_meta = _tables_metadata(conn, fts)
        except sqlite3.OperationalError as exc:      # e.g. the disk is full
            why = "the disk is full" if "full" in str(exc) else str(exc)
            raise OutputError(f"could not write {target}: {why}; nothing was written there") from None
        finally:
            conn.execute("DETACH DATABASE pub")
    write_text(out_dir / "metadata.json",
               json.dumps(_metadata(name, tables_meta), ensure_ascii=False, indent=2))
    return counts


def _write_tables(conn: sqlite3.Connection) -> tuple[dict[str, int], set[str]]:
    """Every data table (curated and imported rows), the active imports and each pane's table
    into the attached ``pub``; returns rows per table and the tables given full-text search."""
    counts: dict[str, int] = {}
    fts: set[str] = set()
    for table in DATA_TABLES:
        cols = [("origin", "TEXT", 0)] + _columns(conn, table)
        names = [c[0] for c in cols]
        _copy_table(conn, table, f"all_{table}", cols, _ACTIVE_ROWS if "import_id" in names else "")
        if _add_fts(conn, table, names):
            fts.add(table)
        counts[table] = conn.execute(f'SELECT count(*) FROM pub."{table}"').fetchone()[0]
    imports = [c for c in _columns(conn, "imports") if c[0] in _IMPORT_COLUMNS]
    _copy_table(conn, "imports", "main.imports", imports, " WHERE status = 'active'")    # undone ones are gone
    counts["imports"] = conn.execute("SELECT count(*) FROM pub.imports").fetchone()[0]
    for spec in exported_specs():
        counts[f"pane_{spec.name}"] = _write_pane(conn, spec)
    return counts, fts


def _tables_metadata(conn: sqlite3.Connection, fts: set[str]) -> dict[str, dict]:
    comments = column_comments()
    tables_meta: dict[str, dict] = {}
    for table in (*DATA_TABLES, "imports"):
        title, description = TABLE_TEXT[table]
        columns = {**GENERIC_COLUMNS, **comments.get(table, {}), **COMMON_COLUMNS}
        names = [r[1] for r in conn.execute(f'PRAGMA pub.table_info("{table}")')]
        tables_meta[table] = {
            "title": title, "description": description, "source": _sources(conn, table),
            "license": LICENSE, "license_url": LICENSE_URL,
            "columns": {c: columns.get(c) or _fallback(c) for c in names},
        }
        if table in fts:
            tables_meta[table]["fts_table"] = f"{table}_fts"
        if table in UNITS:
            tables_meta[table]["units"] = UNITS[table]
    for spec in exported_specs():
        columns = {c.key: c.header for c in spec.columns}
        if NOTES_COLUMN in export_header(spec):
            columns[NOTES_COLUMN] = "Why a numeric cell is empty (e.g. no exchange rate for its year)"
        if DOCUMENT_DATE_COLUMN in export_header(spec):
            columns[DOCUMENT_DATE_COLUMN] = ("The date of the document the row was drawn from, marked when it was "
                                             "inferred from the document's text (the documents table says how)")
        columns[CONFLICTS_COLUMN] = "The recorded conflicts this row is involved in (see the conflicts table)"
        tables_meta[f"pane_{spec.name}"] = {
            "title": f"{spec.title} (as shown in {APP_NAME})",
            "description": f"The {spec.title} pane's table: names not ids, dates at their precision, units, "
                           "document and quote; numeric columns hold numbers only.",
            "source": _sources(conn, spec.subject_table), "license": LICENSE, "license_url": LICENSE_URL,
            "columns": columns,
        }
    tables_meta["documents"]["label_column"] = "title"
    tables_meta["places"]["label_column"] = "name_en"
    return tables_meta


def _metadata(name: str, tables_meta: dict[str, dict]) -> dict:
    return {
        "title": f"{APP_NAME} — China–Russia economic cooperation",
        "description": "Trade figures, corridors, energy assets and institutions of the Russian Far East, Siberia "
                       "and Northeast China, each row with the document and sentence it came from; curated rows "
                       f"and the analyst's imports together. Published by {APP_NAME} {__version__}. "
                       + INERT_NOTE,
        "license": LICENSE, "license_url": LICENSE_URL,
        "source": "Source documents listed in the documents table; imported files named per row",
        "databases": {name: {"tables": tables_meta}},
    }


def _write_pane(conn: sqlite3.Connection, spec) -> int:
    """A pane's table as the exports write it: numeric columns numbers only (text the window
    shows there, such as 'no rate for 2030 — cannot convert', goes to the notes column)."""
    header = export_header(spec)
    numeric = {c.key for c in spec.columns if c.numeric}
    cols = ", ".join(f'"{k}" {"REAL" if k in numeric else "TEXT"}' for k in header)
    conn.execute(f'CREATE TABLE pub."pane_{spec.name}" ({cols})')
    marks = ", ".join("?" * len(header))
    rows = export_rows(conn, spec)
    try:
        cursor = conn.executemany(f'INSERT INTO pub."pane_{spec.name}" VALUES ({marks})',
                                  ([inert_text(v) if isinstance(v, str) else v for v in row] for row in rows))
    finally:
        rows.close()
    return max(cursor.rowcount, 0)
