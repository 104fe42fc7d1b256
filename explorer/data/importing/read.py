"""Open any input file as a stream of numbered rows of cells: gzip, XLSX, and
CSV/TSV/TXT in whatever encoding and delimiter it was written with.

The file is checked before anything is read (a folder, a pipe, no permission are
refused by name); the encoding is decided over the whole file
(``encoding.py``); rows are records numbered as the user counts them, with the
physical line when it differs (``records.py``); workbooks are read in bounded
time and memory (``xlsx.py``; a legacy .xls through ``xls.py``).
"""
from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Iterator

from explorer.data.importing.encoding import bad_cells, checked_override, detect_encoding, located_cells
from explorer.data.importing.errors import ImportRejected, Problem
from explorer.data.importing.records import DELIMITERS, MAX_CELL, RowNo, iter_records as _iter_csv_records
from explorer.data.importing.records import sniff_text
from explorer.data.importing.source import (
    OLE2_MAGIC, SourceInfo, check_readable, file_problem, open_raw, read_magic,
)

__all__ = ["DELIMITERS", "MAX_CELL", "RowNo", "SourceInfo", "detect", "iter_records", "iter_rows", "open_text"]

CHUNK = 1 << 20


def detect(path: Path, encoding: str | None = None, delimiter: str | None = None,
           sheet: str | None = None) -> SourceInfo:
    """Find the container, encoding and delimiter of ``path`` (or the sheet of a workbook)."""
    path = Path(path)
    check_readable(path)
    magic = read_magic(path)
    if magic.startswith(OLE2_MAGIC):   # a legacy .xls (or a protected workbook, refused when opened)
        return SourceInfo(path=path, kind="xlsx", encoding="", delimiter="", sheet=sheet)
    info = SourceInfo(path=path, compressed=magic[:2] == b"\x1f\x8b", delimiter="", sheet=sheet)
    if info.compressed:
        _refuse_gzipped_workbook(info)
    # by the bytes, not the name: a CSV saved as "data.xlsx" is read as text, a workbook named .csv as a book
    head = read_magic(path, 512)
    binary = sum(1 for b in head if b < 0x09 or 0x0e <= b < 0x20) > 1
    if magic[:2] == b"PK" or (path.suffix.lower() in (".xlsx", ".xlsm") and (binary or not magic)):
        info.kind, info.encoding = "xlsx", ""
        return info
    try:
        info.encoding = checked_override(info, encoding) if encoding else detect_encoding(info)
    except UnicodeError as exc:     # a codec that refuses the stream as a whole ('utf-16' with no BOM)
        if isinstance(exc, UnicodeDecodeError):
            raise
        raise file_problem(path, f"text in {encoding or 'a known encoding'} (UTF-16 without a byte-order "
                                 "mark: name utf-16-le or utf-16-be)", str(exc)) from None
    if not info.encoding.replace("_", "-").startswith(("utf-16", "utf-32")):
        nul = _first_nul(info)
        if nul is not None:
            raise ImportRejected(info.name, [_nul_problem(info, nul)])
    info.delimiter = delimiter or _sniff_delimiter(info)
    return info


def _refuse_gzipped_workbook(info: SourceInfo) -> None:
    """A workbook inside a gzip file is read as neither: said plainly, not as undecodable text."""
    with open_raw(info) as fh:
        inner = fh.read(len(OLE2_MAGIC))
    if inner[:2] == b"PK" or inner.startswith(OLE2_MAGIC):
        raise file_problem(info.path, "gzip-compressed CSV or TSV text (a workbook is imported as it is, not gzipped)",
                           "an Excel workbook inside the gzip file: decompress it and import the workbook")


def _first_nul(info: SourceInfo) -> int | None:
    """Byte offset of the first NUL byte: junk in any 8-bit or UTF-8 text file."""
    offset = 0
    with open_raw(info) as fh:
        while chunk := fh.read(CHUNK):
            at = chunk.find(b"\x00")
            if at >= 0:
                return offset + at
            offset += len(chunk)
    return None


def _nul_problem(info: SourceInfo, offset: int) -> Problem:
    """The NUL byte at ``offset``, named by the row and column of the cell holding it."""
    expected = f"text in {info.encoding} (byte offset {offset})"
    for row, column, cell in located_cells(info, info.encoding):
        if "\x00" in cell:
            return Problem(row, column, expected, "a NUL byte (0x00) inside text")
    return Problem("(any)", "(any)", expected, "a NUL byte (0x00) inside text")


def _sniff_delimiter(info: SourceInfo) -> str:
    try:
        with open_text(info) as fh:
            sample = fh.read(64 * 1024)
    except UnicodeDecodeError:      # only with an encoding that was not verified
        raise bad_cells(info, info.encoding) from None
    return sniff_text(sample) or ","


def open_text(info: SourceInfo) -> io.TextIOBase:
    return io.TextIOWrapper(open_raw(info), encoding=info.encoding, newline="")


def iter_records(info: SourceInfo) -> Iterator[tuple[int, list]]:
    """(row number, cells) of every record, header first: text cells for CSV, typed values for
    XLSX. Row numbers are records (Excel's row numbers in a workbook); blank lines are skipped
    and not counted; a number whose physical line differs says so when printed ("7 (line 9)").
    Only the first ``info.max_records`` when that is set (the import wizard's preview)."""
    if info.max_records is not None:
        return itertools.islice(_all_records(info), info.max_records)
    return _all_records(info)


def _all_records(info: SourceInfo) -> Iterator[tuple[int, list]]:
    if info.kind == "xlsx":
        from explorer.data.importing.xlsx import iter_xlsx_records

        yield from iter_xlsx_records(info)
        return
    with open_text(info) as fh:
        try:
            yield from _iter_csv_records(fh, info.delimiter, info.name, lambda: open_text(info))
        except UnicodeDecodeError:   # only with an encoding that was not verified
            raise bad_cells(info, info.encoding) from None


def iter_rows(info: SourceInfo) -> Iterator[list]:
    """Every row's cells, header first (see ``iter_records``)."""
    for _, cells in iter_records(info):
        yield cells
