"""The generic lazy table model over a pane's SQL (see explorer.data.tables).

Row count is asked up front; rows arrive in pages of PAGE_SIZE from SQLite
when the view first needs them and a small LRU cache keeps recent pages, so
a million-row table costs a few pages of memory. Sorting and filtering are
pushed into SQL.
"""
from __future__ import annotations

import sqlite3
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from explorer.data.query import Filter, Order, count_rows, fetch_rows, row_number_of
from explorer.data.tables import PROVENANCE, TableSpec

PAGE_SIZE = 256
MAX_PAGES = 8

# Module-level role constants: looking the enum up inside data() costs ~7 µs a call.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_USER = Qt.ItemDataRole.UserRole
_HORIZONTAL = Qt.Orientation.Horizontal
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def format_value(value: Any, numeric: bool) -> str:
    if value is None:
        return ""
    if numeric and isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return f"{value:,.3f}".rstrip("0").rstrip(".")
        return f"{value:,.0f}"
    return str(value)


class SqlTableModel(QAbstractTableModel):
    """Read-only table of one TableSpec, filtered and sorted in SQLite."""

    def __init__(self, conn: sqlite3.Connection, spec: TableSpec, parent=None) -> None:
        super().__init__(parent)
        self._conn = conn
        self.spec = spec
        self._filter = Filter()
        self._order = Order()
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._numeric = tuple(c.numeric for c in spec.columns)
        self._ncols = len(spec.columns)
        self._prov_offset = 1 + self._ncols
        self._count = count_rows(conn, spec, self._filter)

    # -- what the analyst asked for -------------------------------------------------
    @property
    def filter(self) -> Filter:
        return self._filter

    @property
    def order(self) -> Order:
        return self._order

    def set_filter(self, flt: Filter) -> None:
        if flt == self._filter:
            return
        self.beginResetModel()
        self._filter = flt
        self._pages.clear()
        self._count = count_rows(self._conn, self.spec, flt)
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read after the data changed (an import or undo)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = count_rows(self._conn, self.spec, self._filter)
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self._ncols:
            return
        self.layoutAboutToBeChanged.emit()
        self._order = Order(self.spec.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        self._pages.clear()
        self.layoutChanged.emit()

    # -- rows -------------------------------------------------------------------
    def _row(self, row: int) -> tuple:
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = fetch_rows(self._conn, self.spec, self._filter, self._order,
                              offset=page_no * PAGE_SIZE, limit=PAGE_SIZE)
            self._pages[page_no] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[row - page_no * PAGE_SIZE]

    def cached_row_count(self) -> int:
        """Rows held in memory now (bounded by PAGE_SIZE * MAX_PAGES)."""
        return sum(len(p) for p in self._pages.values())

    def key(self, row: int) -> str:
        return self._row(row)[0]

    def row_values(self, row: int) -> dict[str, Any]:
        data = self._row(row)
        return dict(zip(self.spec.keys, data[1:self._prov_offset]))

    def provenance(self, row: int) -> dict[str, Any]:
        data = self._row(row)
        return dict(zip(PROVENANCE, data[self._prov_offset:self._prov_offset + len(PROVENANCE)]))

    def row_of_key(self, key: str) -> int:
        """Row number of a key under the current filter and order, or -1."""
        return row_number_of(self._conn, self.spec, key, self._filter, self._order)

    # -- Qt -----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._ncols

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY or role == _TOOLTIP:
            value = self._row(index.row())[index.column() + 1]
            return format_value(value, self._numeric[index.column()])
        if role == _ALIGN:
            return _RIGHT if self._numeric[index.column()] else _LEFT
        if role == _EDIT or role == _USER:
            return self._row(index.row())[index.column() + 1]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation == _HORIZONTAL and 0 <= section < self._ncols:
            return self.spec.columns[section].header
        if role == _DISPLAY and orientation != _HORIZONTAL:
            return str(section + 1)
        return None
