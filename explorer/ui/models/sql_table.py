"""The generic lazy table model over a pane's SQL (see explorer.data.tables).

Row count is asked up front; rows arrive in pages of PAGE_SIZE from SQLite
when the view first needs them and a small LRU cache keeps recent pages, so
a million-row table costs a few pages of memory. Sorting and filtering are
pushed into SQL.

Big tables (a workspace with at least ``big_tables.BIG_ROWS`` imported rows) are
read differently, never with OFFSET: a background thread with its own
connection works out the filtered rows' order as a compact array of row ids
(8 bytes a row, no row data), and a page is read by those ids. Meanwhile the
view shows at once what indexes give for free (the first page, the count when
the filter pushes down to indexed columns); the count label follows
``count_changed``. Typing supersedes (and interrupts) the work in flight.
"""
from __future__ import annotations

import sqlite3
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from explorer.data import big_tables as bt
from explorer.data.query import count_rows, fetch_rows, row_number_of
from explorer.data.filters import Filter, Order
from explorer.data.db import store_of
from explorer.data.formatting import format_number, table_date
from explorer.data.tables import PROVENANCE, TableSpec
from explorer.ui.jobs import Runner
from explorer.ui.severity_icon import severity_icon

PAGE_SIZE = 256
MAX_PAGES = 8
#: Big tables: start working out the order this long after a change if no view painted it first.
ORDER_DELAY_MS = 100
#: Big tables, before the background order is in: the first read covers this many rows
#: (a screenful and more), not a whole page. A free-text walk tests every row it passes
#: for the words, and each row read by id costs its joins and computed columns, so the
#: first paint waits on 64 rows instead of 256. The rest of the first page is read only
#: if asked for before the order is in.
FIRST_ROWS = 64

# Module-level role constants: looking the enum up inside data() costs ~7 µs a call.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_USER = Qt.ItemDataRole.UserRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_HORIZONTAL = Qt.Orientation.Horizontal
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def format_value(value: Any, numeric: bool, dated: bool = False) -> str:
    """A cell as the table shows it: numbers and BCE dates ('500 BCE') by
    explorer.data.formatting, the rest as text."""
    if value is None:
        return ""
    if numeric and isinstance(value, (int, float)):
        return format_number(value)
    if dated and isinstance(value, str):
        return table_date(value) or ""
    return str(value)


_INDEXERS: dict[str, Runner] = {}     # workspace -> the writer catching up its text index (UI thread only)


def catch_up_text_index(conn: sqlite3.Connection) -> Runner | None:
    """Index the free text of rows an import left unindexed, off the UI thread with a
    writer connection of its own (one per workspace at a time); None when nothing lags."""
    from explorer.data import text_index

    if not text_index.lagging(conn):
        return None
    workspace = str(store_of(conn).workspace)
    runner = _INDEXERS.get(workspace)
    if runner is not None and runner.busy:
        return None
    if runner is None:
        runner = _INDEXERS[workspace] = Runner.writing(conn, "amur-text-index", keep_connection=False)
    # read-only, busy or gone: the search scans the unindexed tail meanwhile, so a failure is dropped
    runner.run(lambda job: text_index.catch_up(job.conn),
               done=lambda _none: _forget_indexer(workspace), failed=lambda _failure: _forget_indexer(workspace))
    return runner


def _forget_indexer(workspace: str) -> None:
    """The catch-up is done: its thread ends (a later import starts another)."""
    runner = _INDEXERS.pop(workspace, None)
    if runner is not None:
        runner.stop()


class SqlTableModel(QAbstractTableModel):
    """Read-only table of one TableSpec, filtered and sorted in SQLite."""

    #: the row count changed after the fact (big tables: counted off the UI thread)
    count_changed = Signal()

    def __init__(self, conn: sqlite3.Connection, spec: TableSpec, parent=None) -> None:
        super().__init__(parent)
        self._conn = conn
        self.spec = spec
        self._filter = Filter()
        self._order = Order()
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._numeric = tuple(c.numeric for c in spec.columns)
        self._dated = tuple(c.dated for c in spec.columns)
        self._ncols = len(spec.columns)
        self._prov_offset = 1 + self._ncols
        self._gen = 0
        self._rids = None                       # big tables: row ids in view order, once known
        self._head: list[int] = []              # big tables: the first rows' ids, known at once
        self._head_more = False                 # big tables: the head walk stopped short of a page
        self._short0 = False                    # big tables: page 0 holds only the first FIRST_ROWS rows
        self._blank = (1 << 62, -1)             # big tables: rows shown empty until the order is in
        self._due = 0                           # big tables: the generation whose order waits to start
        self._orderer: Runner | None = None
        self.pending = False                    # big tables: order still being worked out
        self.counting = False                   # big tables: the count too
        self._count = self._recount()
        self._marks: dict[str, tuple[str, str]] = {}     # key -> (severity, tooltip): rows in a recorded conflict

    # -- marks ----------------------------------------------------------------------
    def set_marks(self, marks: dict[str, tuple[str, str]]) -> None:
        """Mark rows by key with a severity icon (error|warning|info) and a tooltip, in the first column."""
        self._marks = {str(k): v for k, v in marks.items()}
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, 0), [_DECORATION, _TOOLTIP])

    def mark(self, row: int) -> tuple[str, str] | None:
        """(severity, tooltip) of a marked row, else None."""
        return self._marks.get(str(self._row(row)[0])) if self._marks else None

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
        self._count = self._recount()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read after the data changed (an import or undo)."""
        if self._orderer is not None:
            catch_up_text_index(self._conn)
        self.beginResetModel()
        self._pages.clear()
        self._count = self._recount()
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self._ncols:
            return
        new = Order(self.spec.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        if self.big and new == self._order:
            return
        self.layoutAboutToBeChanged.emit()
        self._order = new
        self._pages.clear()
        if self.big:
            quick = self._start()
            self.layoutChanged.emit()
            if quick is not None:
                self._resize(quick)
        else:
            self.layoutChanged.emit()

    # -- big tables ---------------------------------------------------------------
    @property
    def big(self) -> bool:
        return self._orderer is not None

    def _recount(self) -> int:
        """Count (and, for big tables, start ordering) under the current filter and order."""
        if self._orderer is None and not bt.is_big(self._conn, self.spec):
            self._rids = None
            return count_rows(self._conn, self.spec, self._filter)
        quick = self._start()
        if quick is not None:
            return quick
        # not known yet: what we can show now, filled in when the order is in
        return len(self._head) if self._head else min(getattr(self, "_count", 0), PAGE_SIZE)

    def _start(self) -> int | None:
        """Big tables: the first page now, the full order in the background; the count if cheap."""
        if self._orderer is None:
            self._orderer = Runner.reading(self._conn, "amur-table-order")
            self.destroyed.connect(self._orderer.stop)
            catch_up_text_index(self._conn)
        self._gen += 1
        self._rids = None
        self._short0 = False
        self._blank = (1 << 62, -1)
        self.pending = True
        self._orderer.cancel(quietly=True)
        now = bt.text_order_now(self._conn, self.spec, self._filter, self._order)
        if now is not None:         # a rare word: the trigram index narrowed it to a few rows, ordered at once
            self._rids, self._head, self._due, self._head_more = now, list(now[:PAGE_SIZE]), 0, False
            self.pending = self.counting = False
            return len(now)
        first = FIRST_ROWS if self._filter.text.strip() else PAGE_SIZE
        self._head = bt.head_rids(self._conn, self.spec, self._filter, self._order, first) or []
        self._head_more = first < PAGE_SIZE and len(self._head) == first
        quick = bt.quick_count(self._conn, self.spec, self._filter)
        # Stop the stale work now; start the new one once a view has painted the first
        # page (see _row), or after ORDER_DELAY_MS when no view asks: the thread holds
        # the GIL between rows, and running beside the first paint it made it take
        # twice as long (2 cores).
        self._due = self._gen
        QTimer.singleShot(ORDER_DELAY_MS, self, lambda gen=self._gen: self._submit(gen))
        self.counting = quick is None
        return quick

    def _submit(self, gen: int) -> None:
        if gen == self._gen == self._due and self._orderer is not None:   # else newer, or submitted
            self._due = 0
            spec, flt, order = self.spec, self._filter, self._order
            self._orderer.run(lambda job: bt.ordered_rids(job.conn, spec, flt, order),
                              done=lambda rids: self._on_ordered(gen, rids),
                              failed=lambda _failure: self._order_failed(gen))

    def _order_failed(self, gen: int) -> None:
        """Keep what the indexes gave."""
        if gen == self._gen:
            self.pending = self.counting = False
            self.count_changed.emit()

    def _on_ordered(self, gen: int, rids) -> None:
        if gen != self._gen:
            return
        self._rids = rids
        self.pending = self.counting = False
        # The rows the indexes gave at once are usually the order's first rows: then the
        # pages read from them stay, and only rows shown blank until now are redrawn
        # (not a second read and repaint of the whole view).
        head = len(self._head)
        kept = (0 < head and (head % PAGE_SIZE == 0 or head == len(rids))   # whole pages only
                and self._head == list(rids[:head]))
        first, last = self._blank if kept else (0, self._count - 1)
        self._blank = (1 << 62, -1)
        if not kept:
            self._pages.clear()
        elif self._short0:          # the rest of page 0 is read by id with the next paint
            self._pages.pop(0, None)
        self._short0 = False
        old = self._count
        self._resize(len(rids))
        last = min(last, old - 1, self._count - 1)
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self._ncols - 1))
        self.count_changed.emit()

    def _resize(self, count: int) -> None:
        """Grow or shrink the row count in place (the view keeps its scroll position)."""
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        elif count < self._count:
            self.beginRemoveRows(QModelIndex(), count, self._count - 1)
            self._count = count
            self.endRemoveRows()

    def wait_ordered(self, timeout: float = 60.0) -> None:
        """Block until the background order is in (tests and benchmarks)."""
        import time

        from PySide6.QtCore import QCoreApplication

        end = time.monotonic() + timeout
        while self.pending and time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.002)

    # -- rows -------------------------------------------------------------------
    def _row(self, row: int) -> tuple:
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            if self._orderer is not None:
                if self._due == self._gen:          # a view is painting: order once it is done
                    QTimer.singleShot(0, self, lambda gen=self._gen: self._submit(gen))
                start = page_no * PAGE_SIZE
                if self._rids is not None:
                    ids = list(self._rids[start:start + PAGE_SIZE])
                elif start == 0 and self._head:     # a screenful first (FIRST_ROWS)
                    ids = self._head[:FIRST_ROWS]
                    self._short0 = self._head_more or len(self._head) > FIRST_ROWS
                elif start < len(self._head):
                    ids = self._head[start:start + PAGE_SIZE]
                else:       # not ordered yet: an empty row for now, filled when the order is in
                    lo, hi = self._blank
                    self._blank = (min(lo, row), max(hi, row))
                    return (None,) * (self._prov_offset + len(PROVENANCE) + 1)
                page = bt.fetch_by_rids(self._conn, self.spec, ids)
            else:
                page = fetch_rows(self._conn, self.spec, self._filter, self._order,
                                  offset=page_no * PAGE_SIZE, limit=PAGE_SIZE)
            self._pages[page_no] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        i = row - page_no * PAGE_SIZE
        if i >= len(page) and page_no == 0 and self._rids is None and self._short0:
            page = self._whole_head_page()
        if i >= len(page):          # a row deleted since the order was read
            return (None,) * (self._prov_offset + len(PROVENANCE) + 1)
        return page[i]

    def _whole_head_page(self) -> list[tuple]:
        """The first page in full, before the order is in: the head walk went on to PAGE_SIZE rows."""
        self._short0 = False
        if self._head_more:
            self._head_more = False
            self._head = bt.head_rids(self._conn, self.spec, self._filter, self._order, PAGE_SIZE) or self._head
        page = self._pages[0] = bt.fetch_by_rids(self._conn, self.spec, self._head[:PAGE_SIZE])
        return page

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
        if self._orderer is not None:
            rid = bt.rid_of_key(self._conn, self.spec, key)
            if rid is None:
                return -1
            if self._rids is None:
                return self._head.index(rid) if rid in self._head else -1
            try:
                return self._rids.index(rid)
            except ValueError:
                return -1
        return row_number_of(self._conn, self.spec, key, self._filter, self._order)

    # -- Qt -----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._ncols

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if self._marks and index.column() == 0 and role in (_DECORATION, _TOOLTIP):
            mark = self.mark(index.row())
            if mark is not None:
                return severity_icon(mark[0]) if role == _DECORATION else mark[1]
        if role == _DISPLAY or role == _TOOLTIP:
            value = self._row(index.row())[index.column() + 1]
            return format_value(value, self._numeric[index.column()], self._dated[index.column()])
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
