"""Table headers whole: every section at least as wide as its text in bold (a header
draws the sections of the selected row in bold) with the sort arrow beside it."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

#: Pixels a header needs beside its text: the sort arrow and the style's margins.
HEADER_ROOM = 32


def fit_headers(table: QTableView, headers: list[str], at_least: dict[int, int] | None = None) -> None:
    """Widen each column whose header would be cut (never narrow one); ``at_least`` gives
    some columns a wider minimum (a value column's longest figure)."""
    header = table.horizontalHeader()
    font = QFont(header.font())
    font.setBold(True)
    fm = QFontMetrics(font)
    for index, text in enumerate(headers):
        wide = max(fm.horizontalAdvance(text) + HEADER_ROOM, (at_least or {}).get(index, 0))
        if table.columnWidth(index) < wide:
            table.setColumnWidth(index, wide)
