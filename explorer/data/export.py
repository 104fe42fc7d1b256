"""Write a pane's table to CSV or XLSX exactly as the analyst sees it, and the
one rule every output (CSV, XLSX, the clipboard, the published database)
uses so that no cell reaches a spreadsheet as a live formula."""
from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Iterator

from explorer.data.output_files import open_replacing, output_folder
from explorer.data.conflicts import Conflict, load_conflicts, marks
from explorer.data.filters import Filter, Order
from explorer.data.panes import exported_specs, milestone_specs
from explorer.data.tables import TableSpec

#: The extra column of an export that says why a numeric cell is empty
#: ('value_normalised: no rate for 2030 — cannot convert'): numeric columns hold numbers only.
NOTES_COLUMN = "numeric_notes"

#: The last column of a pane's export: the recorded conflicts its row is involved in, as the
#: window marks them ('cf-table-growth-2023 (error, growth mismatch): Doc 003's table reports …').
CONFLICTS_COLUMN = "conflicts"

#: The date of the document a row was drawn from, marked when it was inferred from the
#: document's text ('2019-09 (date inferred from the document's text)'); sources.csv says how.
DOCUMENT_DATE_COLUMN = "document_date"
INFERRED_MARK = " (date inferred from the document's text)"

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Control characters XML 1.0 (so XLSX) cannot hold; shown as U+FFFD instead.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet run this text (or a CSV reader of Datasette's download) as a formula?

    A minus sign and digits alone ('-0499', a year before the common era in ISO 8601's expanded
    form) is a negative number to a spreadsheet, not a formula: it is written as it is, so
    the export keeps the ISO date ('-0499-03' would be sums: it keeps its apostrophe)."""
    return text.startswith(FORMULA_PREFIXES) and not _NEGATIVE_WHOLE_NUMBER.fullmatch(text)


_NEGATIVE_WHOLE_NUMBER = re.compile(r"-[0-9]+")


def inert_text(text: str) -> str:
    """Formula-like text with a leading apostrophe (a spreadsheet shows it as text); other text as it is."""
    return "'" + text if looks_like_formula(text) else text


def inert_sql(column: str) -> str:
    """``inert_text`` as an SQL expression over ``column`` (a quoted column name), for outputs
    written by SQL (publish): text gets the same apostrophe, numbers and NULL pass unchanged."""
    prefixes = ", ".join(f"char({ord(p)})" for p in FORMULA_PREFIXES)
    negative_whole = (f"(substr({column}, 1, 1) = '-' AND length({column}) > 1 "
                      f"AND ltrim(substr({column}, 2), '0123456789') = '')")
    return (f"CASE WHEN typeof({column}) = 'text' AND substr({column}, 1, 1) IN ({prefixes}) "
            f"AND NOT {negative_whole} THEN char(39) || {column} ELSE {column} END")


def neutralise(value: Any) -> Any:
    """A cell for a text output (CSV, the clipboard): formula-like text made inert.

    Numbers are left numbers (a negative number is not a formula), whole ones
    without a trailing .0."""
    if isinstance(value, str):
        return inert_text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)        # 38, not 38.0
    return value


def tsv_cell(value: Any, shown: str) -> str:
    """One cell of a copied selection: numbers as shown in the table, text as stored but inert.

    Tabs and line breaks inside a cell would start a new cell or row when pasted: they become spaces."""
    text = inert_text(value) if isinstance(value, str) else shown
    return re.sub(r"[\t\r\n]", " ", text)


def write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> int:
    """Write UTF-8 (with BOM, so Excel reads Cyrillic and Chinese right) CSV; return row count."""
    n = 0
    with open_replacing(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(list(header))
        for row in rows:
            writer.writerow([neutralise(v) for v in row])
            n += 1
    return n


def export_header(spec: TableSpec) -> list[str]:
    """The columns of an exported table: the pane's, the notes on numeric cells left empty,
    then the recorded conflicts each row is involved in."""
    notes = [NOTES_COLUMN] if any(c.numeric for c in spec.columns) else []
    dated = [DOCUMENT_DATE_COLUMN] if _cites_documents(spec) else []
    return [*spec.keys, *notes, *dated, CONFLICTS_COLUMN]


def _cites_documents(spec: TableSpec) -> bool:
    """Rows drawn from documents (not the Sources pane, whose rows are the documents)."""
    return spec.subject_table != "documents" and "doc_id" in spec.provenance_sql


def document_dates(conn: sqlite3.Connection) -> dict[str, str]:
    """doc_id → its date as the exports give it, marked when inferred."""
    return {d: (published or "") + (INFERRED_MARK if published and inferred else "")
            for d, published, inferred in conn.execute("SELECT doc_id, published, inferred FROM all_documents")}


def numbers_only(spec: TableSpec, rows: Iterable[tuple]) -> Iterator[list]:
    """Rows with text in a numeric column (the window's 'no rate for 2022 — cannot convert') moved
    to the notes column, so that every numeric column of an export holds numbers only."""
    numeric = [i for i, c in enumerate(spec.columns) if c.numeric]
    if not numeric:
        yield from (list(r) for r in rows)
        return
    for row in rows:
        out, notes = list(row), []
        for i in numeric:
            if isinstance(out[i], str):
                notes.append(f"{spec.columns[i].key}: {out[i]}")
                out[i] = None
        yield [*out, "; ".join(notes) or None]


def conflicts_by_key(conn: sqlite3.Connection, spec: TableSpec) -> dict[str, list[Conflict]]:
    """The rows of a pane's table (by key) that a recorded conflict involves, as the window marks
    them; for a milestones table, the events a conflict names."""
    if spec in milestone_specs():
        out: dict[str, list[Conflict]] = {}
        for c in load_conflicts(conn):
            for ref in c.refs:
                if ref.table == "events" and c not in out.setdefault(ref.row_id, []):
                    out[ref.row_id].append(c)
        return out
    return marks(conn).get(spec.name, {})


def conflict_cell(conflicts: Iterable[Conflict]) -> str | None:
    """'cf-… (error, growth mismatch): description' for each conflict, most severe first."""
    return " | ".join(f"{c.conflict_id} ({c.severity}, {c.kind_label}): {c.description}" for c in conflicts) or None


def export_rows(conn: sqlite3.Connection, spec: TableSpec, flt: Filter = Filter(),
                order: Order = Order()) -> Iterator[list]:
    """The rows of an export under :func:`export_header`, in the order shown, streamed."""
    where, params = flt.where(spec)
    conflicts = conflicts_by_key(conn, spec)
    dates = document_dates(conn) if _cites_documents(spec) else None
    cursor = conn.execute(f"SELECT _key, _doc_id, {', '.join(spec.keys)} FROM ({spec.select_sql()}){where}"
                          f"{order.sql(spec)}", params)
    try:
        for key, doc_id, *row in cursor:
            (out,) = numbers_only(spec, [tuple(row)])
            dated = [] if dates is None else [dates.get(doc_id) or None]
            yield [*out, *dated, conflict_cell(conflicts.get(str(key), ()))]
    finally:
        cursor.close()        # a failed write leaves no query open on the connection


def export_table(conn: sqlite3.Connection, spec: TableSpec, path: Path,
                 flt: Filter = Filter(), order: Order = Order()) -> int:
    rows = export_rows(conn, spec, flt, order)
    try:
        return write_csv(path, export_header(spec), rows)
    finally:
        rows.close()


def milestones_path(path: Path) -> Path:
    """Where a pane's milestones go beside its table: trade.csv → trade_milestones.csv."""
    return path.with_name(f"{path.stem}_milestones{path.suffix}")


def export_pane(conn: sqlite3.Connection, spec: TableSpec, path: Path, flt: Filter = Filter(),
                order: Order = Order(), footer: Iterable[str] = ()) -> dict[Path, int]:
    """A pane's table as CSV or XLSX (by the file's suffix), with its subjects' milestones: in
    XLSX on a sheet of their own, in CSV as a file beside it; ``footer`` lines (units, rates)
    on an XLSX's Sources sheet. Returns the rows written per file."""
    milestones = spec.milestones
    if path.suffix.lower() == ".xlsx":
        return {path: export_xlsx(conn, spec, path, flt, order, footer=footer,
                                  extra=(milestones,) if milestones else ())}
    written = {path: export_table(conn, spec, path, flt, order)}
    if milestones is not None:
        extra = milestones_path(path)
        written[extra] = export_table(conn, milestones, extra)
    return written


def export_all(conn: sqlite3.Connection, out_dir: Path) -> dict[str, int]:
    """One CSV per pane, named after the pane, and one per pane with milestones of its subjects
    (trade_milestones.csv, energy_milestones.csv, institutions_milestones.csv); rows per file."""
    out_dir = output_folder(out_dir)
    return {f"{s.name}.csv": export_table(conn, s, out_dir / f"{s.name}.csv") for s in exported_specs()}


# -- XLSX ----------------------------------------------------------------------------------------

def _xlsx_cell(sheet, value: Any) -> Any:
    """A value for an XLSX row: numbers as numbers; text with XML-illegal control characters
    shown as U+FFFD; formula-like text as a text cell with Excel's quote prefix, so the cell
    shows exactly the text (no apostrophe), and stays text even when edited."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, str):
        return value
    text = XML_ILLEGAL.sub(REPLACEMENT, value)
    if not looks_like_formula(text):
        return text
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"        # openpyxl would take text starting with "=" for a formula
    cell.quotePrefix = True
    return cell


def export_xlsx(conn: sqlite3.Connection, spec: TableSpec, path: Path, flt: Filter = Filter(),
                order: Order = Order(), footer: Iterable[str] = (), extra: Iterable[TableSpec] = ()) -> int:
    """The filtered table as an Excel sheet (same header as the CSV export, so an import file too);
    ``extra`` tables (a pane's milestones) and ``footer`` lines (the sources) go on sheets of
    their own. Returns the rows of the main table written."""
    from openpyxl import Workbook     # heavy; only when exporting

    wb = Workbook(write_only=True)
    n = _xlsx_sheet(wb, conn, spec, flt, order)
    for other in extra:
        _xlsx_sheet(wb, conn, other, Filter(), Order())
    footer = [line for line in footer if line]
    if footer:        # on a sheet of its own, so that the table stays a valid import file
        sources = wb.create_sheet("Sources")
        for line in footer:
            sources.append([_xlsx_cell(sources, line)])
    with open_replacing(path, "wb") as fh:
        wb.save(fh)
    return n


def _xlsx_sheet(wb, conn: sqlite3.Connection, spec: TableSpec, flt: Filter, order: Order) -> int:
    """One table on a sheet named after it; numbers as numbers, the notes column as in the CSV."""
    ws = wb.create_sheet(spec.title[:31])        # Excel's limit on a sheet name
    ws.append(export_header(spec))
    n = 0
    rows = export_rows(conn, spec, flt, order)
    try:
        for row in rows:
            ws.append([_xlsx_cell(ws, v) for v in row])
            n += 1
    finally:
        rows.close()
    return n
