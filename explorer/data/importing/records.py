"""Delimited text as numbered records.

A record is what the user calls a row: the header is row 1, blank lines are not
counted, and a record whose physical line differs from its number (after blank
lines, or after a cell spanning lines) carries that line too: "row 7 (line 9)".
A quote left open swallows the rest of the file into one cell; csv reads that
without complaint, so it is caught here and refused naming the line where the
quote opened.
"""
from __future__ import annotations

import csv
import itertools
import re
from typing import Callable, Iterable, Iterator, TextIO

from explorer.data.importing.errors import ImportRejected, Problem

DELIMITERS = (",", ";", "\t", "|")
#: Longest cell accepted (csv's own default limit); longer ones are reported, not crashed on.
MAX_CELL = csv.field_size_limit()
#: A quoted cell may span lines (an address, a note), but not more than this many:
#: past it, a quote was left open and the following rows are being swallowed.
MAX_RECORD_LINES = 100
#: Lines inside one quoted cell that read as whole rows of the file before the cell is
#: taken for rows swallowed by a stray quote (a note may hold a line or two with commas).
MAX_ROWLIKE_LINES = 2


class RowNo(int):
    """A record number that also names the physical line where the record starts.
    It is an int everywhere (ids, source_row); only its text says "7 (line 9)"."""

    line: int

    def __new__(cls, record: int, line: int) -> "RowNo":
        obj = super().__new__(cls, record)
        obj.line = line
        return obj

    def __str__(self) -> str:
        return f"{int(self)} (line {self.line})"


def row_label(record: int, line: int) -> int:
    """The record number, carrying its line when the two differ."""
    return record if record == line else RowNo(record, line)


#: The first line Excel writes (and reads) to name a CSV file's delimiter: 'sep=;'.
_SEP_LINE = re.compile(r'"?sep=([,;\t|])"?[,;\t|]*\s*')


def excel_sep_line(line: str) -> str | None:
    """The delimiter named by an Excel 'sep=X' line, or None when ``line`` is not one."""
    m = _SEP_LINE.fullmatch(line.lstrip("\ufeff"))
    return m.group(1) if m else None


#: Eurostat's bulk TSV packs its dimensions with commas into the first cell ('freq,unit,geo\\TIME_PERIOD'),
#: then a tab per period: with few periods the commas would look as consistent as the tabs.
_EUROSTAT_PACKED_HEADER = re.compile(r"^[^\t]*\\(?:time|time_period)\s*\t", re.I)


def sniff_text(text: str) -> str | None:
    """The delimiter that splits the first lines of ``text`` most consistently, or None."""
    sep = excel_sep_line(text.split("\n", 1)[0].rstrip("\r"))
    if sep:
        return sep
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return None
    if _EUROSTAT_PACKED_HEADER.match(lines[0]):
        return "\t"
    best, best_score = None, 0
    for d in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:            # junk (a runaway quote, NULs): not this delimiter
            continue
        if counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = consistent * 1000 + counts[0]
        if score > best_score:
            best, best_score = d, score
    return best


def iter_records(fh: TextIO, delimiter: str, file_name: str,
                 reopen: Callable[[], TextIO]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every non-blank record of ``fh`` (opened with newline="").
    ``reopen`` gives a fresh stream of the same text, to find where a broken record went wrong."""
    at_end = [False]

    def mark_end() -> Iterator[str]:
        at_end[0] = True         # csv asked for more text than there is: a quote is still open
        return
        yield

    first = fh.readline()
    sep = excel_sep_line(first)
    skipped = 1 if sep else 0          # Excel's 'sep=;' line: not a record, but a physical line
    delimiter = sep or delimiter
    reader = csv.reader(itertools.chain(() if sep else [first], fh, mark_end()), delimiter=delimiter)
    record, last_line = 0, skipped
    header: list[str] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:        # a cell over MAX_CELL, a NUL byte, a stray CR
            if reader.line_num + skipped - last_line > 1:      # a cell grew over many lines: an open quote
                raise _open_quote(file_name, reopen, delimiter, record + 1, last_line + 1, header,
                                  f"a cell over {MAX_CELL // 1024} KiB") from None
            raise ImportRejected(file_name, [Problem(
                row_label(record + 1, max(reader.line_num + skipped, 1)),
                _column_at(reopen, reader.line_num + skipped, header, delimiter),
                f"well-formed delimited text with cells under {MAX_CELL // 1024} KiB",
                f"unreadable text ({exc})")]) from None
        start, last_line = last_line + 1, reader.line_num + skipped
        if not cells:
            continue                 # a blank line is not a record
        record += 1
        if at_end[0] and start <= last_line:
            raise _open_quote(file_name, reopen, delimiter, record, start, header, "the end of the file")
        if last_line > start:
            _check_spanning(file_name, reopen, delimiter, record, start, last_line, header, cells)
        if record == 1:
            cells[0] = cells[0].lstrip("\ufeff")
            header = cells
        yield row_label(record, start), cells


def _check_spanning(file_name: str, reopen: Callable[[], TextIO], delimiter: str, record: int,
                    start: int, end: int, header: list[str], cells: list[str]) -> None:
    """A record over several lines is fine (a note with line breaks) unless it is too long to be
    one, or its multi-line cell holds lines that read as whole rows of the file."""
    if end - start + 1 > MAX_RECORD_LINES:
        raise _open_quote(file_name, reopen, delimiter, record, start, header,
                          f"no closing quote within {MAX_RECORD_LINES} lines")
    width = len(header)
    if width < 3:
        return
    lead = _shape(cells[0])
    for cell in cells:
        if "\n" not in cell and "\r" not in cell:
            continue
        inner = cell.splitlines()[1:]
        rowlike = sum(1 for line in inner if line.count(delimiter) >= width - 1)
        # a line with this file's number of cells that starts like a record (2004, 2023-05, 0101…)
        # is a swallowed row even alone; lines of words with commas need more to be sure
        startlike = sum(1 for line in inner if line.count(delimiter) == width - 1
                        and "9" in lead and _shape(line.split(delimiter, 1)[0]) == lead)
        if startlike or rowlike > MAX_ROWLIKE_LINES:
            swallowed = max(rowlike, startlike)
            raise _open_quote(file_name, reopen, delimiter, record, start, header,
                              f"a closing quote only {_lines(end - start)} later, after {_lines(swallowed)} "
                              f"that look{'s' if swallowed == 1 else ''} like rows")


def _lines(n: int) -> str:
    return f"{n} line" if n == 1 else f"{n} lines"


def _shape(text: str) -> str:
    """A cell's outline: runs of digits as 9, of letters as a (2004 -> 9, 2023-05 -> 9-9)."""
    return re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "9", text.strip()))


def _open_quote(file_name: str, reopen: Callable[[], TextIO], delimiter: str, record: int,
                start: int, header: list[str], found: str) -> ImportRejected:
    """The rejection for a quote left open in the record starting at physical line ``start``."""
    where = _quote_opening(_lines_from(reopen, start), delimiter)
    line, field = (start + where[0], where[1]) if where else (start, None)
    if field is not None and field < len(header) and header[field]:
        column = str(header[field])
    else:
        column = f"#{field + 1}" if field is not None else "(any)"
    return ImportRejected(file_name, [Problem(
        row_label(record, line), column,
        f'a closing quote (") for the quoted cell opened in line {line}', found)])


def _lines_from(reopen: Callable[[], TextIO], start: int) -> Iterator[str]:
    """Physical lines from line ``start`` on (at most enough for one cell), from a fresh stream."""
    with reopen() as fh:
        budget = MAX_CELL * 2 + 1024
        for n, line in enumerate(fh, start=1):
            if n < start:
                continue
            budget -= len(line)
            if budget < 0:
                return
            yield line


def _quote_opening(lines: Iterable[str], delimiter: str) -> tuple[int, int] | None:
    """(line offset, field index) of the quote still open when ``lines`` run out, or else of the
    first quoted cell that ran over a line end; read as csv reads (a quote opens a cell only at
    its start; "" inside a quoted cell is a quote)."""
    start_field, in_field, quoted, quote_seen = range(4)
    state, field, opened, spanning = start_field, 0, None, None
    for n, line in enumerate(lines):
        for ch in line:
            if state == quoted:
                if ch == '"':
                    state = quote_seen
            elif state == quote_seen and ch == '"':
                state = quoted
            elif ch == delimiter:
                state, field = start_field, field + 1
            elif ch in "\r\n":
                state, field = start_field, 0
            elif state == start_field and ch == '"':
                state, opened = quoted, (n, field)
            elif state in (start_field, quote_seen):
                state = in_field
        if state == quoted and spanning is None:
            spanning = opened
    return opened if state == quoted else spanning


def _column_at(reopen: Callable[[], TextIO], line_num: int, header: list, delimiter: str) -> str:
    """The column of the cell csv choked on in physical line ``line_num``: the first NUL,
    stray carriage return or over-long cell, counted by delimiters before it; '(any)'
    when the line gives no clue."""
    if line_num < 1:
        return "(any)"
    try:
        line = next(_lines_from(reopen, line_num), None)
    except (UnicodeDecodeError, OSError, ImportRejected):
        return "(any)"
    if line is None:
        return "(any)"
    body = line.rstrip("\r\n")
    at = [i for i in (body.find("\x00"), body.find("\r"), body.find("\n")) if i >= 0]
    if not at:
        start = 0
        for cell in body.split(delimiter):
            if len(cell) > MAX_CELL:
                at = [start]
                break
            start += len(cell) + 1
    if not at:
        return "(any)"
    col = body[:min(at)].count(delimiter)
    return str(header[col]) if col < len(header) and header[col] else f"#{col + 1}"
