"""Legacy Excel .xls (BIFF) workbooks as numbered rows of typed cells, through xlrd.

China NBS (data.stats.gov.cn) downloads and many Rosstat tables are .xls. They are read the
way ``xlsx.py`` reads an .xlsx, so every layout sees the same cells from either format:

- row numbers are Excel's (1-based), rows holding nothing are skipped, trailing empty cells dropped;
- a number is a float, or an int when it is whole (a year header ``2022``, as openpyxl gives it);
- a date cell is a date, a month ``'2024-05'`` or a year ``'2024'`` as its number format shows
  it, from the workbook's own date system (1900 or 1904: xlrd's ``datemode``);
- a number shown with a percent format is the text the sheet shows (``'26.3%'``);
- an error cell is its text (``'#N/A'``), a boolean a bool, text as text, an empty cell empty.

A password-protected, truncated or otherwise unreadable file is one problem naming the file.
xlrd is imported only when an .xls is opened: it is not on the start-up path.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from explorer.data.importing.source import file_problem

#: Largest .xls read (BIFF8 sheets hold at most 65,536 × 256 cells; real ones are a few MiB).
MAX_XLS_BYTES = 256 << 20
_EXPECTED = "an Excel .xls workbook"
#: xlrd's sheet visibility codes, as openpyxl names them (the sheet picker and the default sheet use them)
_STATES = {0: "visible", 1: "hidden", 2: "veryHidden"}


@dataclass
class XlsSheet:
    """One worksheet of an .xls, with the attributes the .xlsx reader uses of openpyxl's."""

    title: str
    sheet_state: str
    sheet: Any = field(repr=False)
    book: "XlsBook" = field(repr=False)


class XlsBook:
    """An opened .xls with openpyxl's ``worksheets`` and ``close()``."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.worksheets = [XlsSheet(s.name, _STATES.get(s.visibility, "visible"), s, self)
                           for s in book.sheets()]
        self._shapes: dict[int, tuple[str, bool]] = {}
        self._zeros: dict[int, str | None] = {}

    def close(self) -> None:
        self.book.release_resources()

    def shape(self, xf_index: int) -> tuple[str, bool]:
        """(finest date part shown: day|month|year, shown as a percentage) of a cell's format."""
        found = self._shapes.get(xf_index)
        if found is None:
            from explorer.data.importing.xlsx import number_format_shape

            found = self._shapes[xf_index] = number_format_shape(self._format(xf_index))
        return found

    def zero_shown_as(self, xf_index: int) -> str | None:
        """The dash a cell's format shows for exactly zero ('[=0]\\-'), as the .xlsx reader reads it."""
        if xf_index not in self._zeros:
            from explorer.data.importing.xlsx import zero_shown_as

            self._zeros[xf_index] = zero_shown_as(self._format(xf_index))
        return self._zeros[xf_index]

    def _format(self, xf_index: int) -> str:
        try:
            xf = self.book.xf_list[xf_index]
            return self.book.format_map[xf.format_key].format_str or "General"
        except (IndexError, KeyError, AttributeError):
            return "General"


def open_xls(path: Path) -> XlsBook:
    """The workbook at ``path``, or one problem naming the file when it cannot be read whole."""
    import xlrd  # only when an .xls is opened

    path = Path(path)
    size = path.stat().st_size
    if size > MAX_XLS_BYTES:
        raise file_problem(path, f"{_EXPECTED} of a readable size", f"{size / 2**20:,.0f} MiB")
    try:
        # xlrd writes its warnings (a damaged sector, an odd size) to a log: not the user's console
        return XlsBook(xlrd.open_workbook(path, logfile=io.StringIO(), formatting_info=True))
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one problem to the user
        raise file_problem(path, _EXPECTED, _why_unreadable(exc)) from None


def _why_unreadable(exc: Exception) -> str:
    text = str(exc)
    if "encrypted" in text.lower():
        return "a password-protected workbook (remove the password in Excel)"
    if "Can't find workbook in OLE2" in text:
        return "an Office file holding no .xls workbook (a password-protected .xlsx?)"
    # xlrd's own words name sectors and streams: no help to the user, who needs to know the file is broken
    return "a damaged or truncated .xls workbook (an incomplete download?)"


def sheet_rows(ws: XlsSheet, path: Path) -> Iterator[tuple[int, list]]:
    """(Excel row number, cells up to the last filled one) for every row of ``ws`` holding a value."""
    import xlrd

    sheet, book = ws.sheet, ws.book
    rowx = 0
    try:
        for rowx in range(sheet.nrows):
            row = [_value(sheet.cell(rowx, colx), book, xlrd) for colx in range(sheet.row_len(rowx))]
            while row and (row[-1] is None or row[-1] == ""):
                row.pop()
            if row:
                yield rowx + 1, ["" if v is None else v for v in row]
    except Exception:  # noqa: BLE001 - a damaged record: one problem naming the file
        raise file_problem(path, _EXPECTED, f"sheet {ws.title!r} damaged at row {rowx + 1}") from None


def _value(cell: Any, book: XlsBook, xlrd: Any) -> Any:
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    shape, percent = book.shape(cell.xf_index) if cell.xf_index is not None else ("day", False)
    if kind == xlrd.XL_CELL_DATE:
        return date_as_shown(value, shape, book.book.datemode)
    if percent:
        return f"{round(float(value) * 100, 10):.15g}%"
    if value == 0 and cell.xf_index is not None:
        dash = book.zero_shown_as(cell.xf_index)
        if dash:
            return dash              # a zero the sheet shows as '-' under its '[=0]' section: no figure
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def date_as_shown(serial: float, shape: str, datemode: int) -> Any:
    """A date serial as the sheet shows it: a day is a date, a month or a year is text at its
    precision (no invented day), a time of day stays a datetime."""
    import xlrd

    from explorer.data.importing.xlsx import date_at_shape

    when = xlrd.xldate_as_datetime(serial, datemode)
    if 0 <= serial < 1:
        return when.time()                # a time of day with no date, as openpyxl gives it
    return date_at_shape(when, shape)
