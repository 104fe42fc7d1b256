"""Statistical workbooks of year tables, read into the indicators dataset.

A statistical office's workbook (the Energy Institute's Statistical Review "all data" workbook,
a Rosstat collection) holds one table per sheet: title rows naming the indicator and its unit
above a header of years, places down the rows, footnotes under the table. Each sheet has its
own years (1965–2023 on one, 1990–2023 on the next), so the engine's fixed year columns cannot
read them; a publisher module reads every table itself and hands the engine the same rows in
one shape: the place and indicator fields, then one column per year from FIRST_YEAR to
LAST_YEAR (``Layout.records``). A figure's row number names its sheet and the sheet's row.

What the publisher module leaves out (a sheet of another layout, the growth-rate and share
columns after the latest year) is listed in the summary, never dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from explorer.data.importing import layouts as _layouts
from explorer.data.importing.datasets import get_dataset
from explorer.data.importing.errors import ImportRejected, Problem

#: The years a table's columns may hold (the Statistical Review starts in 1965, Rosstat in 1990;
#: the crude-price history from 1861 is no table of places).
FIRST_YEAR, LAST_YEAR = 1850, 2100
FIELDS = ("place", "place_code", "indicator", "indicator_code", "unit", "price_basis", "publisher", "description")
YEARS = tuple(str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1))
HEADER = [*FIELDS, *YEARS]
_YEAR_COLUMN = {y: len(FIELDS) + i for i, y in enumerate(YEARS)}

#: Footnote marks on a year header: '2022 2)', '20222)' (Rosstat's mark glued to the year),
#: '2022 1)2)', '2022²', '2022*', '2022 г.'
_SUPERSCRIPTS = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹⁾")
_MARKED_YEAR = re.compile(r"^(\d{4})(?:\.0+)?(?:\s*\d{1,2}\))*\s*\**\s*(?:г\.?|гг\.?)?\s*$")


def header_year(cell) -> int | None:
    """The year a header cell names, footnote marks aside; None for anything else."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        year = int(cell) if float(cell).is_integer() else None
    else:
        m = _MARKED_YEAR.match(str(cell).translate(_SUPERSCRIPTS).strip())
        year = int(m.group(1)) if m else None
    return year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None


def year_run(cells: list, start: int = 1) -> dict[int, int]:
    """Column -> year of the increasing years from column ``start`` on; the run ends at the first
    cell that is not a later year (the Statistical Review repeats the latest year over its
    growth-rate and share columns: those are not values of the indicator)."""
    out: dict[int, int] = {}
    last = None
    for i in range(start, len(cells)):
        year = header_year(cells[i])
        if year is None or (last is not None and year <= last):
            break
        out[i] = last = year
    return out


def years_past_the_run(cells: list, run: dict[int, int]) -> list[int]:
    """Years headed further right than where the run of increasing years broke off (a blank or a
    repeated year in the middle of the header: Rosstat's '2017, 2017' under two editions of a
    method). Those columns are not read (which of two 2017s is the series is not for the import
    to guess), and the summary says so: never dropped without a word."""
    if not run:
        return []
    last_column, last_year = max(run), run[max(run)]
    return [year for year in (header_year(c) for c in cells[last_column + 1:])
            if year is not None and year > last_year]


def say_years_left_unread(layout, title: str | None, cells: list, run: dict[int, int]) -> None:
    """Name, in the import's summary, the years a table's header has past a break in its run."""
    beyond = years_past_the_run(cells, run)
    if beyond:
        where = f"sheet {title!r}" if title else "the table"
        layout.reading.left_out.append(
            f"{where}: years {beyond[0]}–{beyond[-1]} (the header's years break off after "
            f"{max(run.values())}: a blank or repeated year; only {min(run.values())}–{max(run.values())} read)")


def text(cell) -> str:
    return "" if cell is None else " ".join(str(cell).split())


@dataclass
class Table:
    """One sheet's table as its title rows and header describe it."""

    sheet: str | None
    years: dict[int, int]                      # column -> year
    fields: dict[str, str | None]              # indicator, indicator_code, unit, price_basis, publisher


@dataclass
class Reading:
    """What a publisher module found in a workbook, for the summary."""

    left_out: list[str] = field(default_factory=list)


class YearTablesLayout(_layouts.Layout):
    """A layout whose rows a publisher module reads itself (see the module's docstring)."""

    reading: Reading

    @property
    def ignored(self) -> list[str]:
        return list(self.reading.left_out)


def layout(name: str, records: Callable[["YearTablesLayout", object], Iterable[tuple[int, list]]]) -> YearTablesLayout:
    """The layout of the rows ``records(layout, info)`` yields (one per place and table)."""
    out = YearTablesLayout(name, get_dataset("indicators"), {f: i for i, f in enumerate(FIELDS)},
                           header=list(HEADER), series=[(i, {"period": y}) for y, i in _YEAR_COLUMN.items()])
    out.reading = Reading()
    out.records = lambda info: records(out, info)
    return out


def row(place: str, place_code: str | None, table: Table, cells: list, row_no: int,
        value: Callable[[object], object] = lambda c: c) -> list:
    """The engine's row for one place of ``table`` (on the sheet's row ``row_no``, named in its
    description: the import's row numbers run on across sheets), then its cells under their
    years (``value`` turns a publisher's marker into a blank: no row)."""
    where = f"sheet {table.sheet!r}, row {row_no}" if table.sheet else None
    out: list = [place, place_code, *(table.fields.get(f) for f in FIELDS[2:-1]), where] + [""] * len(YEARS)
    for i, year in table.years.items():
        cell = cells[i] if i < len(cells) else None
        out[_YEAR_COLUMN[str(year)]] = "" if cell is None else value(cell)
    return out


class SheetRow(int):
    """A row of one of several sheets read as one file: its int runs on across the sheets
    (unique ids); its text names the sheet and the sheet's own row."""

    def __new__(cls, number: int, sheet: str | None, row_no: int) -> "SheetRow":
        obj = super().__new__(cls, number)
        obj.sheet, obj.row = sheet, row_no
        return obj

    def __str__(self) -> str:
        return f"{self.row} of sheet {self.sheet!r}" if self.sheet else str(self.row)


def sheets(info, which: Callable[[list[str]], list[str]]) -> Iterator[tuple[str | None, Iterator[tuple[int, list]]]]:
    """(sheet title, its numbered rows) of the sheets ``which`` picks from the workbook's sheet
    titles, the workbook opened once; a text file is one table with no sheet name."""
    if info.kind != "xlsx":
        from explorer.data.importing.read import iter_records

        yield None, iter_records(info)
        return
    from explorer.data.importing import xlsx

    book = xlsx._open_book(info)          # noqa: SLF001 - the reader's own bounded, checked opening
    try:
        by_title = {ws.title: ws for ws in book.worksheets}
        for title in which([ws.title for ws in book.worksheets if ws.sheet_state == "visible"]):
            if title in by_title:          # a hidden sheet is read when it is the one asked for
                yield title, _checked_rows(xlsx, by_title[title], info)
    finally:
        book.close()


def _checked_rows(xlsx, ws, info) -> Iterator[tuple[int, list]]:
    for row_idx, cells in xlsx._sheet_rows(ws, info):        # noqa: SLF001
        if xlsx.NO_CACHED_VALUE in cells:
            xlsx._refuse_formula(info, row_idx, cells.index(xlsx.NO_CACHED_VALUE), [])  # noqa: SLF001
        yield row_idx, cells


def title_and_header(rows: Iterator[tuple[int, list]], is_header: Callable[[list], bool],
                     most: int) -> tuple[list[list], tuple[int, list] | None]:
    """A sheet's title rows (at most ``most``) and its header row (row number, cells), or None
    when no header row comes within them; ``rows`` is left just after what was read, at the
    table's first row under its header."""
    above: list[list] = []
    for row_no, cells in rows:
        if is_header(cells):
            return above, (row_no, cells)
        above.append(cells)
        if len(above) >= most:
            break
    return above, None


def first_cells(info, rows: int) -> list[str]:
    """The first filled cell's text of the first ``rows`` rows of the workbook's first visible
    sheet (a contents sheet's title, which names the edition)."""
    out: list[str] = []
    for _title, numbered in sheets(info, lambda titles: titles[:1]):
        for _n, cells in numbered:
            out.append(next((text(c) for c in cells if text(c)), ""))
            if len(out) >= rows:
                break
    return out


def refuse(info, row_no, column: str, expected: str, found: str) -> ImportRejected:
    return ImportRejected(Path(info.path).name, [Problem(row_no, column, expected, found)])


def blanking(no_figure: set[str]) -> Callable[[object], object]:
    """A value-cell reader for ``row``: a publisher's markers of no figure ('-', 'n/a', '…')
    become blank (no row); every other cell stays as the file holds it."""
    def value(cell):
        if isinstance(cell, str) and cell.strip().lower() in no_figure:
            return ""
        return cell
    return value


def either_probe(workbook_probe: Callable, sheet_probe: Callable) -> Callable:
    """Either probe: a saved mapping (the wizard's) names the layout, and its header row is
    whichever the file showed (a contents sheet's title or a table's years)."""
    def any_probe(header, idx) -> "YearTablesLayout | None":
        return workbook_probe(header, idx) or sheet_probe(header, idx)
    return any_probe


def sheet_records(info, read_all: bool, read_sheet: Callable) -> Iterator[tuple[SheetRow, list]]:
    """Every row ``read_sheet(title, rows, strict)`` gives of the workbook's sheets (all of them
    when ``read_all``, else the sheet the user chose), numbered on across the sheets; a sheet
    the user chose is read strictly (refused, not noted, when it is no table)."""
    which = (lambda titles: titles) if read_all else (lambda titles: [info.sheet])  # noqa: E731
    offset = 0
    for title, rows in sheets(info, which):
        last = 0
        for row_no, cells in read_sheet(title, rows, not read_all and title is not None):
            last = max(last, row_no)
            yield SheetRow(offset + row_no, title, row_no), cells
        offset += last + 1000
