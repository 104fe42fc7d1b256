"""Problems found in an input file, and the report that names each one."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Iterator

#: Problems listed in a report before the rest are summarised in one line.
MAX_LISTED = 200
#: Separate runs of rows a folded problem lists before it gives only its first and last row.
MAX_RUNS = 6


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (row 1 is the header line), or with the same cell
    value of one column in ``count`` rows (``runs``: their rows as (first, last) ranges,
    ``last_row`` the last of them)."""

    row: int | str
    column: str
    expected: str
    found: str
    count: int = 1
    runs: tuple[tuple[int, int], ...] = ()
    last_row: int | None = None

    def line(self, file_name: str) -> str:
        found = self.found if len(self.found) <= 80 else self.found[:77] + "…"
        return (f"{file_name}: {self.where()}, column {self.column}: "
                f"expected {self.expected}, found {found!r}")

    def where(self) -> str:
        """'row 5', or 'rows 3–555 (553 rows)', 'rows 3–5, 9 (4 rows)' for a folded problem."""
        if self.count <= 1:
            return f"row {self.row}"
        # a folded range names records only: "rows 7 (line 9)–12" would read as nonsense
        runs = [(int(a), int(b)) for a, b in self.runs]
        if runs and runs[-1][1] == self.last_row:
            spans = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
        else:                                   # too many separate runs to list: the whole span
            spans = f"{int(self.row)}–{int(self.last_row)}"
        return f"rows {spans} ({self.count} rows)"


class Problems:
    """The problems of one import with repeats folded: the same column, expectation and found
    value in many rows is one entry (rows as ranges, and a count), so one bad unit in 500 rows
    is one line; a header problem met again on every row is kept once. List-like enough for
    the import's loop (append, extend, +=, len, truth, iteration); memory grows with the
    distinct problems, not with the rows."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._entries: dict[tuple, list] = {}       # key -> [first problem, count, runs, last row]
        self._muted: set[str] = set()
        self.extend(problems)

    def append(self, p: Problem) -> None:
        if getattr(p, "mutes_its_columns", False):
            # the cells of a column read two ways: what else is wrong with them depends on
            # the reading the user will choose, so only the choice is asked for
            self._muted.update(getattr(p, "headers", ()) or (p.column,))
        elif p.column in self._muted and isinstance(p.row, int) and p.row > 1:
            return
        folds = isinstance(p.row, int)
        key = (type(p), p.column, p.expected, p.found) + (() if folds else (p.row,))
        entry = self._entries.get(key)
        if entry is None:
            runs = list(p.runs) if p.runs else ([[p.row, p.row]] if folds else [])
            self._entries[key] = [p, p.count, [list(r) for r in runs], p.last_row or p.row]
            return
        if not folds or p.row == entry[3] or any(a <= p.row <= b for a, b in entry[2]):
            return                                  # the same row (or header) again: said once
        entry[1] += p.count
        runs = entry[2]
        if runs and p.row == runs[-1][1] + 1:
            runs[-1][1] = p.row
        elif len(runs) < MAX_RUNS:
            runs.append([p.row, p.row])
        entry[3] = max(entry[3], p.last_row or p.row)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.append(p)

    def __iadd__(self, problems: Iterable[Problem]) -> "Problems":
        self.extend(problems)
        return self

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Problem]:
        for first, count, runs, last in self._entries.values():
            yield first if count == 1 else replace(
                first, count=count, runs=tuple((a, b) for a, b in runs), last_row=last)

    def __getitem__(self, i):
        return list(self)[i]


class CellError(ValueError):
    """Raised by a cell converter: ``expected`` says what would have been accepted."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written. ``report()`` names every problem."""

    def __init__(self, file_name: str, problems: Iterable[Problem], more: int = 0) -> None:
        self.file_name = file_name
        self.problems = list(problems if isinstance(problems, Problems) else Problems(problems))
        self.more = more
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.line(self.file_name) for p in self.problems[:MAX_LISTED]]
        rest = self.more + max(0, len(self.problems) - MAX_LISTED)
        if rest:
            lines.append(f"{self.file_name}: row (further rows), column (any): expected valid cells, "
                         f"found {rest} more problems not listed")
        return "\n".join(lines)


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


class UndoError(RuntimeError):
    """An import cannot be undone (unknown, already undone, or a later import depends on it)."""
