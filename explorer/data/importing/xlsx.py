"""Excel .xlsx workbooks as numbered rows of typed cells, read in bounded time and memory.

- The zip's declared sizes are checked before openpyxl opens it: a sheet that inflates
  to gigabytes (a zip bomb) is refused at once.
- Rows are streamed from the sheet XML with openpyxl's own cell parser, so the row
  numbers are Excel's, the sheet's ``<dimension>`` is not trusted (Eurostat writes
  ``A1``), and one far cell (XFD1048576) is refused instead of padded to a million rows.
- A formula whose value was never saved is refused by row and column, not read as empty.
- Date cells arrive as dates (a midnight datetime is a day).
- The sheet is the one asked for (``--sheet NAME|N``) or the first visible one holding data.
- A legacy .xls (an OLE2 file) is read by ``xls.py`` into the same cells, through the same
  sheet choice: every layout reads either format alike.
"""
from __future__ import annotations

import itertools
import re
import warnings
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Iterator

from explorer.data.importing.errors import ImportRejected, Problem
from explorer.data.importing.source import OLE2_MAGIC, SourceInfo, file_problem, read_magic

#: Widest sheet read; wider is a stray far cell or a damaged file (Excel's own limit is 16,384).
MAX_COLUMNS = 4096
#: Largest part of a workbook once inflated, and the largest inflation of a big part.
MAX_PART_BYTES = 1 << 30
MAX_RATIO = 200
BIG_PART_BYTES = 32 << 20
#: Parts openpyxl holds in memory whole (shared strings, styles, the workbook): a smaller bound.
MAX_LOADED_PART_BYTES = 256 << 20


class _NoCachedValue:
    """A formula cell whose result was never saved (written by a script, not by Excel)."""


NO_CACHED_VALUE = _NoCachedValue()


def check_zip(path: Path) -> None:
    """Refuse a workbook whose parts would inflate beyond what a real one does, before reading it."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise file_problem(path, "an Excel .xlsx workbook", f"a damaged workbook ({exc})") from None
    _check_kind(path, [m.filename for m in members])
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        limit = MAX_PART_BYTES if m.filename.startswith("xl/worksheets/") else MAX_LOADED_PART_BYTES
        if m.file_size > limit or (m.file_size > BIG_PART_BYTES and ratio > MAX_RATIO):
            raise file_problem(path, "an Excel .xlsx workbook of a readable size",
                               f"part {m.filename} inflating to {m.file_size / 2**20:,.0f} MiB "
                               f"from {m.compress_size / 2**20:,.1f} MiB (a zip bomb?)")


def _check_kind(path: Path, names: list[str]) -> None:
    """Refuse, by name, the zip files that are not .xlsx workbooks."""
    if "xl/workbook.xml" in names:
        return
    expected = "an Excel .xlsx workbook"
    if "xl/workbook.bin" in names:
        raise file_problem(path, f"{expected} (open it in Excel and save it as .xlsx)",
                           "an Excel binary workbook (.xlsb)")
    if "content.xml" in names and "mimetype" in names:
        raise file_problem(path, f"{expected} (save it as .xlsx or CSV)", "an OpenDocument file (.ods)")
    tables = [n for n in names if n.lower().endswith((".csv", ".tsv", ".txt")) and not n.endswith("/")]
    if tables:
        shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
        raise file_problem(path, f"{expected} or a CSV file (unzip it and import the CSV)",
                           f"a zip archive holding {shown}")
    raise file_problem(path, expected, "a zip archive that is not a workbook")


def _open_book(info: SourceInfo):
    if read_magic(info.path).startswith(OLE2_MAGIC):
        from explorer.data.importing.xls import open_xls

        return open_xls(info.path)
    import openpyxl  # heavy; only when an Excel file is opened

    check_zip(info.path)
    try:
        with warnings.catch_warnings():
            # Eurostat's workbooks have no default style: openpyxl says so on stderr, to no one's use
            warnings.filterwarnings("ignore", "Workbook contains no default style", UserWarning)
            return openpyxl.load_workbook(info.path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same problem to the user
        raise file_problem(info.path, "an Excel .xlsx workbook",
                           f"unreadable file ({exc.__class__.__name__})") from None


def legacy_label(info: SourceInfo) -> str:
    """'xls' for a legacy (OLE2) workbook, which the import summary names so (it says 'xlsx' for a
    workbook with no label); '' for any other file."""
    return "xls" if info.kind == "xlsx" and read_magic(info.path).startswith(OLE2_MAGIC) else ""


def sheet_names(path: Path) -> list[tuple[str, bool]]:
    """(title, visible) of every worksheet, in tab order: for a sheet picker."""
    book = _open_book(SourceInfo(path=Path(path), kind="xlsx"))
    try:
        return [(ws.title, ws.sheet_state == "visible") for ws in book.worksheets]
    finally:
        book.close()


def other_sheets_with_data(info: SourceInfo) -> list[str]:
    """Visible sheets other than the one read (``info.sheet``) that hold a value: a workbook
    with one sheet per year imported only its first sheet, exit 0, the others unsaid."""
    book = _open_book(info)
    try:
        return [ws.title for ws in book.worksheets if ws.title != info.sheet and ws.sheet_state == "visible"
                and next(iter(_sheet_rows(ws, info)), None) is not None]
    finally:
        book.close()


def _pick_sheet(book, info: SourceInfo):
    sheets = book.worksheets
    if not sheets:
        raise file_problem(info.path, "a workbook with a worksheet", "no worksheets")
    wanted = info.sheet
    if wanted:
        for match in (lambda ws: ws.title == wanted, lambda ws: ws.title.casefold() == wanted.strip().casefold()):
            for ws in sheets:
                if match(ws):
                    return ws
        if wanted.strip().isdigit() and 1 <= int(wanted) <= len(sheets):
            return sheets[int(wanted) - 1]
        names = ", ".join(repr(ws.title) for ws in sheets)
        raise ImportRejected(info.name, [Problem(1, "(sheet)", f"a sheet name or number 1–{len(sheets)}: {names}",
                                                 wanted)])
    from explorer.data.importing.layouts import HEADER_SEARCH_ROWS, has_publisher_header

    visible = [ws for ws in sheets if ws.sheet_state == "visible"] or sheets
    first = None
    for ws in visible:
        rows = [row for _n, row in itertools.islice(_sheet_rows(ws, info), HEADER_SEARCH_ROWS + 1)]
        if not rows:
            continue
        first = first or ws
        # a publisher's workbook may open with an 'About' or 'ReadMe' sheet (GEM's trackers): its
        # table is the first sheet whose header a publisher's layout recognises, when one does
        if has_publisher_header(rows):
            return ws
    return first or visible[0]


def _parser(ws, source):
    """openpyxl's streaming cell parser (the one its read-only worksheets use), taught to tell a
    formula with no saved value from an empty cell and to stop at a cell far outside any table."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    book = ws.parent

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["column"] > MAX_COLUMNS:
                raise _FarCell(cell["row"], cell["column"])
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = NO_CACHED_VALUE
            return cell

    # the private names are those ReadOnlyWorksheet._cells_by_row passes (openpyxl 3.1)
    return Parser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                  date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)


class _FarCell(Exception):
    def __init__(self, row: int, column: int) -> None:
        super().__init__(row, column)
        self.row, self.column = row, column


def _sheet_rows(ws, info: SourceInfo) -> Iterator[tuple[int, list]]:
    """(Excel row number, cells up to the last filled one) for every row holding a value."""
    from explorer.data.importing.xls import XlsSheet, sheet_rows

    if isinstance(ws, XlsSheet):
        yield from sheet_rows(ws, info.path)
        return
    from openpyxl.utils import get_column_letter

    shown_as = _DateShapes(ws.parent)
    row_idx = 0
    with ws._get_source() as source:
        try:
            for row_idx, cells in _parser(ws, source).parse():
                values = [c for c in cells if c["value"] is not None and c["value"] != ""]
                if not values:
                    continue
                row = [""] * values[-1]["column"]
                for c in values:
                    value = c["value"]
                    if c["data_type"] == "d":
                        value = shown_as(value, c["style_id"])
                    elif c["data_type"] == "n" and shown_as.percent(c["style_id"]):
                        value = _as_percent(value)
                    elif c["data_type"] == "n" and value == 0:
                        value = shown_as.zero(c["style_id"], value)
                    row[c["column"] - 1] = value
                yield row_idx, row
        except _FarCell as far:
            where = f"{get_column_letter(far.column)}{far.row}"
            raise ImportRejected(info.name, [Problem(
                far.row, get_column_letter(far.column), f"a table at most {MAX_COLUMNS} columns wide",
                f"a cell at {where}, far outside the table")]) from None
        except Exception as exc:  # noqa: BLE001 - broken XML, a bad CRC, a missing shared string: one problem
            raise file_problem(info.path, "an Excel .xlsx workbook",
                               f"sheet {ws.title!r} damaged after row {row_idx} ({exc.__class__.__name__})") from None


class _DateShapes:
    """A date cell as the sheet shows it: a day stays a date (Excel stores it as a datetime at
    midnight), but a cell formatted "mmm yyyy" or "yyyy" is a month or a year, not a fake day."""

    def __init__(self, book) -> None:
        self.book = book
        self.shapes: dict[int, str] = {}
        self.percents: dict[int, bool] = {}
        self.zeros: dict[int, str | None] = {}

    def __call__(self, value, style_id: int):
        if not isinstance(value, (datetime, date)):
            return value                      # a time of day or a duration: as read
        shape = self.shapes.get(style_id)
        if shape is None:
            shape = self.shapes[style_id] = _shape(self._format(style_id))
        return date_at_shape(value, shape)

    def percent(self, style_id: int) -> bool:
        """True when the cell's number format shows it as a percentage (0.263 as '26.3%')."""
        found = self.percents.get(style_id)
        if found is None:
            code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", self._format(style_id, "General"))
            found = self.percents[style_id] = "%" in code
        return found

    def zero(self, style_id: int, value):
        """A zero as the sheet shows it: the Statistical Review formats the years before a series
        exists (Russia before 1985, the USSR after 1991) as 0 shown "-", which its older editions
        wrote as "n/a". A dash is what the reader sees, and a dash is "not available": stored as 0
        it would be a figure the publisher never gave."""
        if style_id not in self.zeros:
            self.zeros[style_id] = zero_shown_as(self._format(style_id, "General"))
        return self.zeros[style_id] or value

    def _format(self, style_id: int, unknown: str = "yyyy-mm-dd") -> str:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

        try:
            fmt_id = self.book._cell_styles[style_id].numFmtId
            if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
                return BUILTIN_FORMATS.get(fmt_id, "General")
            return self.book._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
        except (IndexError, AttributeError, TypeError):
            return unknown


def date_at_shape(value: datetime | date, shape: str) -> datetime | date | str:
    """A date cell at the precision its format shows (.xlsx and .xls alike): a year or a month is
    text at that precision (no invented day), a day at midnight a date, anything finer as read."""
    if shape == "year":
        return f"{value.year:04d}"
    if shape == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    return value


def _as_percent(value) -> str:
    """A number shown with a percent format, as the sheet shows it: 0.263 is '26.3%' (its unit is
    %, and 26.3 is the figure; stored as 0.263 it was a hundred times too small)."""
    return f"{round(float(value) * 100, 10):.15g}%"


#: What a number format may show for zero that means "nothing to show" rather than a figure.
_DASHES = {"-", "–", "—", "n/a", "na", ".."}


def zero_shown_as(number_format: str) -> str | None:
    """The text a number format's own section for zero ('[=0]') shows when that is a dash (or n/a)
    with no digits: the Statistical Review's '[>0.05]0.0;[=0]\\-;\\^' shows '-'."""
    sections = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', number_format)
    # only a section kept for exactly zero ('[=0]'): a publisher's way of writing "no figure".
    # Excel's accounting format also shows 0 as '-', but there it is a real zero (a user's own
    # trade sheet): that stays 0.
    zero = next((sec for sec in sections if "[=0]" in sec.replace(" ", "")), None)
    if zero is None:
        return None
    text = re.sub(r"\[[^\]]*\]|_.|\*.|[?#]", "", zero)       # conditions, colours, padding, fill
    text = re.sub(r'\\(.)', r"\1", text).replace('"', "").strip()
    return text if text.lower() in _DASHES and not re.search(r"[0-9]", text) else None


def number_format_shape(number_format: str) -> tuple[str, bool]:
    """(day|month|year: the finest date part the format shows, whether it shows a percentage)."""
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format)
    return _shape(number_format), "%" in code


def _shape(number_format: str) -> str:
    """day, month or year: the finest date part a number format shows (quoted text and
    [locale]/[colour] sections are not date codes)."""
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).lower()
    if "d" in code or "h" in code or "s" in code:
        return "day"
    if "m" in code:
        return "month"
    return "year" if "y" in code else "day"


def iter_xlsx_records(info: SourceInfo) -> Iterator[tuple[int, list]]:
    """(Excel row number, cells) of the chosen sheet; sets ``info.sheet`` to its title."""
    book = _open_book(info)
    try:
        if not info.sheet:
            data_sheets = _eurostat_data_sheets(book, info)
            if data_sheets:
                yield from _all_sheets(data_sheets, info)
                return
        ws = _pick_sheet(book, info)
        info.sheet = ws.title
        header: list = []
        for row_idx, row in _sheet_rows(ws, info):
            if NO_CACHED_VALUE in row:
                _refuse_formula(info, row_idx, row.index(NO_CACHED_VALUE), header)
            header = header or row
            yield row_idx, row
    finally:
        book.close()


#: The first cell of every data sheet of a Eurostat Data Browser workbook (after 'Summary' and
#: 'Structure'); each sheet is one selection of the dataset, all with the same time columns.
_EUROSTAT_SHEET = "Data extracted on"


def _eurostat_data_sheets(book, info: SourceInfo) -> list:
    """The data sheets of a Eurostat Data Browser workbook (imported together when no sheet is
    asked for: the export splits one table over them), else []."""
    titles = {ws.title.casefold() for ws in book.worksheets}
    if not {"summary", "structure"} <= titles:
        return []
    found = []
    for ws in book.worksheets:
        first = next(_sheet_rows(ws, info), None)
        if first and first[1] and str(first[1][0] or "").startswith(_EUROSTAT_SHEET):
            found.append(ws)
    return found


class SheetRow(int):
    """A row of one of several sheets read as one table: its int runs on across the sheets
    (unique ids, source_row); its text names the sheet and the sheet's own row."""

    def __new__(cls, number: int, sheet: str, row: int) -> "SheetRow":
        obj = super().__new__(cls, number)
        obj.sheet, obj.row = sheet, row
        return obj

    def __str__(self) -> str:
        return f"{self.row} of sheet {self.sheet!r}"


def _all_sheets(sheets: list, info: SourceInfo) -> Iterator[tuple[int, list]]:
    offset = 0
    for ws in sheets:
        last = 0
        for row_idx, row in _sheet_rows(ws, info):
            if NO_CACHED_VALUE in row:
                _refuse_formula(info, row_idx, row.index(NO_CACHED_VALUE), [])
            last = row_idx
            yield SheetRow(offset + row_idx, ws.title, row_idx), row
        offset += last


def _refuse_formula(info: SourceInfo, row_idx: int, i: int, header: list) -> None:
    from openpyxl.utils import get_column_letter

    cell = f"{get_column_letter(i + 1)}{row_idx}"
    column = str(header[i]) if i < len(header) and header[i] else get_column_letter(i + 1)
    raise ImportRejected(info.name, [Problem(
        row_idx, column, "a value (open the workbook in Excel and save it, so formulas keep their results)",
        f"a formula with no saved value in {cell}")])
