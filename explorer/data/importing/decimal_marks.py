"""Which decimal mark each number column of a file uses, decided from the
column's own cells in one streamed pass before any row is converted.

Never from the delimiter: a ';'-separated file is as likely to hold 2401.1 as
2401,1. A column whose marked numbers read only with a point ('2401.1',
'1,234.5') is decimal-point; only with a comma ('1 234,5', '1.234,5',
'1234,5') decimal-comma; evidence both ways is an error. When every marked
cell reads both ways ('1,234', '1.234': a thousands group or three decimals),
the column takes the mark every decided column of the same file uses (a
file is written in one locale, and in a point file '1,234' and '1.234' both
read with the point); with no such agreement it is unclear: the command
line refuses it and the wizard asks, showing both readings.

A wide file's year columns are decided as ONE group: they hold the same
series in the same hands, one cell per row each, so a year column alone
often has too few cells to tell ('1,234' in 2019 is settled by '1 234,5' in
2021), and converting one series with two marks would be wrong anyway.

Only counters and the first example of each kind are kept, never the cells:
memory stays flat whatever the file size. XLSX numbers are already numbers;
only text cells say anything about marks.

The import reads the file once: the marks are decided from its first
``SAMPLE_ROWS`` rows, and the rows after them are confirmed as the import
streams them (:meth:`DecimalMarks.confirmed`). A cell there that would have
changed any column's decision (a '1 234,5' under a column decided
decimal-point) stops the import with :class:`MarksUnsettled`; it is then run
again with the whole file scanned first, as before. So no figure is ever
converted with a mark the whole file would not have given it.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Callable, Iterator

from explorer.data.importing.datasets import norm
from explorer.data.importing.errors import ImportCancelled, Problem
from explorer.data.importing.layouts import Layout
from explorer.data.importing.parse import COMMA, EITHER, POINT, number_marks, parse_number
from explorer.data.importing.read import SourceInfo, iter_records

AUTO = "auto"
MARK_NAMES = {POINT: "a decimal point", COMMA: "a decimal comma"}
#: How a mapping may name a decimal mark.
MARK_WORDS = {".": POINT, ",": COMMA, "point": POINT, "dot": POINT, "comma": COMMA, "auto": AUTO, "": AUTO}
#: Rows between two looks at the cancel button during the pass.
CHECK_EVERY = 5000
#: Rows under the header the import decides the marks from before it streams the file (the rest
#: is confirmed as it streams, see DecimalMarks.confirmed): a bounded first read, not a second pass.
SAMPLE_ROWS = 10_000


class MarksUnsettled(Exception):
    """A cell after the sample would have changed a decided decimal mark: the import must start
    again with the marks decided over the whole file (never convert with a wrong mark)."""


@dataclass(frozen=True)
class UnclearDecimalMark(Problem):
    """A column whose every marked cell reads two ways; ``headers`` are the columns one
    choice settles (all year columns of a wide file), ``example`` a cell to show."""

    headers: tuple[str, ...] = ()
    example: str = ""
    #: problems of these columns' cells are not reported beside it (see errors.Problems)
    mutes_its_columns = True

    def readings(self) -> list[tuple[str, float, str]]:
        """(mark, value, how it reads) for each choice, point first."""
        thousands = "thousands grouped by a comma" if "," in self.example else "a decimal point"
        grouped = "thousands grouped by a dot" if "." in self.example else "a decimal comma"
        return [(POINT, parse_number(self.example, POINT)[0], thousands),
                (COMMA, parse_number(self.example, COMMA)[0], grouped)]

    def side_by_side(self) -> str:
        """'1,234 → 1234 (thousands grouped by a comma) | 1.234 (a decimal comma)'."""
        return f"{self.example} → " + " | ".join(f"{_show(v)} ({how})" for _, v, how in self.readings())


@dataclass
class DecimalMarks:
    """The outcome of the pass: a mark per column header and per field, and the problems."""

    by_column: dict[str, str] = field(default_factory=dict)
    by_field: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: set when the marks were decided from the first ``sampled`` rows only (the rest unread)
    sampled: int | None = None
    unconfirmed: list["_Group"] = field(default_factory=list)

    def confirmed(self, rows: Iterator[tuple[int, list]],
                  on_settled: Callable[[dict[str, str]], None] | None = None) -> Iterator[tuple[int, list]]:
        """``rows`` (the records under the header, as the decision pass read them), checking every
        record after the sample: raises MarksUnsettled at the first cell that would change the
        decision of the whole file. Rows pass through unchanged.

        One change needs no new start: a column whose cells had no mark at all yet taking one (whole
        numbers for 10,000 rows, then '12.5'). Every cell converted before read the same with either
        mark, so the new mark is recorded here and ``on_settled`` ({field: mark}) is told before the
        row is handed on, to convert it and the rest with that mark."""
        if self.sampled is None or not self.unconfirmed:
            return rows
        return itertools.chain(itertools.islice(rows, self.sampled), self._confirming(rows, on_settled))

    def _confirming(self, rows: Iterator[tuple[int, list]],
                    on_settled: Callable[[dict[str, str]], None] | None) -> Iterator[tuple[int, list]]:
        """The rows after the sample, each checked against the decision (see :meth:`confirmed`).

        Only a kind of cell a group has not shown yet can change a decision, and of those only
        some: under a decimal-point column ('2401.1' seen) a cell matters only if it reads with a
        comma alone, which needs a comma or two points in it ('1 234,5', '1.234.567'). So the
        common cell ('3159813913.0') costs two substring tests."""
        groups = self.unconfirmed
        decided = {g.field_name: g.mark for g in groups}
        watch = _watch(groups)
        for rowno, cells in rows:
            width = len(cells)
            for i, g, h, sure in watch:
                cell = cells[i] if i < width else None
                if type(cell) is not str:
                    continue
                if sure == POINT:
                    if "," not in cell and cell.count(".") < 2:
                        continue
                elif sure == COMMA:
                    if "." not in cell and cell.count(",") < 2:
                        continue
                elif "," not in cell and "." not in cell:
                    continue
                kind = number_marks(cell)
                if kind is None or g.counts[kind]:
                    continue
                g.note(kind, rowno, h, cell.strip())
                now = _decision(groups)
                if now != decided:
                    settled = _newly_marked(decided, now)
                    if settled is None or on_settled is None:
                        raise MarksUnsettled(f"row {rowno}, column {h}: {cell.strip()!r}")
                    self._settle(settled)
                    on_settled(settled)
                    decided = now
                watch = _watch(groups)
            yield rowno, cells

    def _settle(self, settled: dict[str, str]) -> None:
        self.by_field.update(settled)
        for g in self.unconfirmed:
            if g.field_name in settled:
                g.mark = settled[g.field_name]
                self.by_column.update(dict.fromkeys(g.headers, g.mark))

    def as_mapping(self, requested: str | dict) -> str | dict[str, str]:
        """What the history saves (and ``--mapping`` gives back): a mark for every decided column,
        or the one mark the mapping gave for every column."""
        if isinstance(requested, str) and requested in (POINT, COMMA):
            return requested
        return dict(self.by_column) or AUTO


def _newly_marked(before: dict[str, str | None], now: dict[str, str | None] | None) -> dict[str, str] | None:
    """The fields that had no mark and have one now, when that is the only change (else None)."""
    if now is None or any(m is not None and now.get(f) != m for f, m in before.items()):
        return None
    return {f: m for f, m in now.items() if m is not None and before.get(f) is None}


@dataclass
class _Group:
    """One number column, or a wide file's year columns, and what its cells said."""

    field_name: str
    headers: tuple[str, ...]
    indices: tuple[int, ...]
    mark: str | None = None
    forced: bool = False
    counts: dict[str, int] = field(default_factory=lambda: {POINT: 0, COMMA: 0, EITHER: 0})
    first: dict[str, tuple[int, str, str]] = field(default_factory=dict)    # kind -> (row, header, cell)

    def note(self, kind: str, row: int, header: str, cell: str) -> None:
        self.counts[kind] += 1
        if kind not in self.first:
            self.first[kind] = (row, header, cell)


def requested_marks(mapping: dict | None) -> str | dict[str, str]:
    """The mapping's "decimal": one mark for every column ('.', ',' or 'auto'), or a mark per
    column ({"value": ","}); KeyError names what is wrong with it."""
    raw = (mapping or {}).get("decimal", AUTO)
    if raw is None:
        return AUTO
    if isinstance(raw, str):
        return _mark_word(raw, "the mapping's \"decimal\"")
    if isinstance(raw, dict):
        return {str(h): _mark_word(m, f"the mapping's \"decimal\" for column {h!r}") for h, m in raw.items()}
    raise KeyError("a mapping whose \"decimal\" is \".\", \",\" or {\"COLUMN\": \",\"}")


def _mark_word(word, where: str) -> str:
    mark = MARK_WORDS.get(str(word).strip().lower()) if isinstance(word, str) else None
    if mark is None:
        raise KeyError(f"{where} to be \".\" (decimal point), \",\" (decimal comma) or \"auto\"")
    return mark


def decide_decimal_marks(info: SourceInfo, layout: Layout, requested: str | dict[str, str] = AUTO,
                         cancelled: Callable[[], bool] | None = None,
                         sample_rows: int | None = None) -> DecimalMarks:
    """Decide the decimal mark of every number column of the file behind ``info`` read with
    ``layout``; ``requested`` (see :func:`requested_marks`) forces some or all of them.

    ``sample_rows``: decide from that many rows under the header only; when the file has more,
    the result's :meth:`DecimalMarks.confirmed` must see every later row (the import's stream).
    A sample that finds a problem is not trusted for its wording: the whole file is scanned."""
    groups = _number_groups(layout)
    out = DecimalMarks()
    if isinstance(requested, str) and requested in (POINT, COMMA):
        out.by_field = {g.field_name: requested for g in groups}
        return out
    if isinstance(requested, dict):
        out.problems += _force(groups, requested, layout.header)
    to_scan = [g for g in groups if not g.forced]
    if to_scan:
        complete = _scan(info, to_scan, cancelled, layout.header_row, sample_rows)
        found = _decide(to_scan)
        if not complete and found:        # counts and examples in its messages are the whole file's
            return decide_decimal_marks(info, layout, requested, cancelled)
        out.problems += found
        if not complete:
            out.sampled, out.unconfirmed = sample_rows, to_scan
    for g in groups:
        if g.mark is not None:
            out.by_field[g.field_name] = g.mark
            out.by_column.update(dict.fromkeys(g.headers, g.mark))
    return out


def _number_groups(layout: Layout) -> list[_Group]:
    number_fields = {f.name for f in layout.dataset.fields if f.kind == "number"}
    header = layout.header
    groups = [_Group(name, (header[i],), (i,)) for name, i in layout.columns.items()
              if name in number_fields and not (name == "value" and layout.series)]
    if layout.series and "value" in number_fields:
        indices = tuple(i for i, _ in layout.series)
        groups.append(_Group("value", tuple(header[i] for i in indices), indices))
    return groups


def _force(groups: list[_Group], requested: dict[str, str], header: list[str]) -> list[Problem]:
    """Apply the marks a mapping gives per column (matched like headers are: case and
    punctuation aside); a group takes the mark given for any of its columns."""
    wanted = {norm(h): m for h, m in requested.items() if m != AUTO}
    problems = []
    for g in groups:
        marks = {wanted[norm(h)] for h in g.headers if norm(h) in wanted}
        if len(marks) > 1:
            problems.append(Problem(1, g.headers[0], "one decimal mark for all the year columns in the "
                                    "mapping's \"decimal\"", ", ".join(sorted(marks))))
        elif marks:
            g.mark, g.forced = marks.pop(), True
    known = {norm(h) for h in header}
    for h in requested:
        if norm(h) not in known:
            problems.append(Problem(1, str(h), "a column of this file (named in the mapping's \"decimal\")",
                                    "headers " + ", ".join(x for x in header if x)))
    return problems


def _scan(info: SourceInfo, groups: list[_Group], cancelled: Callable[[], bool] | None,
          header_row: int = 0, limit: int | None = None) -> bool:
    """One streamed pass over the rows under the header (past any preamble), numbered as the
    import numbers them; only the first ``limit`` rows when given. True when it read them all."""
    watch = [(i, g, h) for g in groups for i, h in zip(g.indices, g.headers)]
    rows = iter_records(info)
    try:
        for n, (_, first) in enumerate(rows):
            if n >= header_row and any(str(c).strip() for c in first):
                break
        body = rows if limit is None else itertools.islice(rows, limit)
        read = 0
        for rowno, cells in body:
            read += 1
            if rowno % CHECK_EVERY == 0 and cancelled is not None and cancelled():
                raise ImportCancelled()
            width = len(cells)
            for i, g, h in watch:
                cell = cells[i] if i < width else None
                if type(cell) is str and ("," in cell or "." in cell):
                    kind = number_marks(cell)
                    if kind is not None:
                        g.note(kind, rowno, h, cell.strip())
        return limit is None or read < limit or next(rows, None) is None
    finally:
        if hasattr(rows, "close"):
            rows.close()


def _watch(groups: list[_Group]) -> list[tuple[int, _Group, str, str | None]]:
    """(column, group, header, the mark its cells have shown alone or None) of every watched column."""
    out = []
    for g in groups:
        point, comma = g.counts[POINT], g.counts[COMMA]
        sure = POINT if point and not comma else COMMA if comma and not point else None
        out += [(i, g, h, sure) for i, h in zip(g.indices, g.headers)]
    return out


def _decision(groups: list[_Group]) -> dict[str, str | None] | None:
    """What _decide would make of the counts so far (None for any problem), without touching them."""
    copies = [_Group(g.field_name, g.headers, g.indices, counts=dict(g.counts), first=dict(g.first))
              for g in groups]
    if _decide(copies):
        return None
    return {g.field_name: g.mark for g in copies}


def _decide(groups: list[_Group]) -> list[Problem]:
    problems: list[Problem] = []
    unsettled = []
    for g in groups:
        point, comma = g.counts[POINT], g.counts[COMMA]
        if point and comma:
            problems.append(_both_ways(g))
        elif point or comma:
            g.mark = POINT if point else COMMA
        elif g.counts[EITHER]:
            unsettled.append(g)
    # the file's own locale, where every column that could tell agrees on it
    file_marks = {g.mark for g in groups if g.mark is not None}
    for g in unsettled:
        if len(file_marks) == 1 and not problems:
            g.mark = next(iter(file_marks))
        else:
            problems.append(_unclear(g))
    return problems


def _both_ways(g: _Group) -> Problem:
    major, minor = (POINT, COMMA) if g.counts[POINT] >= g.counts[COMMA] else (COMMA, POINT)
    row, header, cell = g.first[minor]
    mrow, mheader, mcell = g.first[major]
    where = f"row {mrow}" + (f", column {mheader}" if mheader != header else "")
    return Problem(row, header, f"one decimal mark in the column: {g.counts[major]} cell(s) have "
                   f"{MARK_NAMES[major]} (like {mcell!r} in {where}), {g.counts[minor]} "
                   f"{MARK_NAMES[minor]}", cell)


def _unclear(g: _Group) -> UnclearDecimalMark:
    row, header, cell = g.first[EITHER]
    key = {header: COMMA} if len(g.headers) == 1 else None

    def choice(mark: str) -> str:
        return json.dumps({"decimal": {header: mark} if key else mark}, ensure_ascii=False)

    probe = UnclearDecimalMark(row, header, "", cell, headers=g.headers, example=cell)
    (_, p, _), (_, c, _) = probe.readings()
    expected = (f"a decimal mark the cells settle, but {cell!r} reads as {_show(p)} (decimal point) or "
                f"{_show(c)} (decimal comma) and no cell of the column or the file tells which: give it in a "
                f"mapping file (--mapping FILE) as {choice(COMMA)} or {choice(POINT)}"
                + (" (" + json.dumps({"decimal": COMMA}) + " sets every column)" if key else
                   " for all the year columns"))
    return UnclearDecimalMark(row, header, expected, cell, headers=g.headers, example=cell)


def _show(value: float) -> str:
    return f"{value:.15g}"

