"""Problems found in an input file, and the report that names each one."""
from __future__ import annotations

from dataclasses import dataclass

#: Problems listed in a report before the rest are summarised in one line.
MAX_LISTED = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (row 1 is the header line)."""

    row: int | str
    column: str
    expected: str
    found: str

    def line(self, file_name: str) -> str:
        found = self.found if len(self.found) <= 80 else self.found[:77] + "…"
        return (f"{file_name}: row {self.row}, column {self.column}: "
                f"expected {self.expected}, found {found!r}")


class CellError(ValueError):
    """Raised by a cell converter: ``expected`` says what would have been accepted."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written. ``report()`` names every problem."""

    def __init__(self, file_name: str, problems: list[Problem], more: int = 0) -> None:
        self.file_name = file_name
        self.problems = problems
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
