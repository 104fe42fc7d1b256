"""Search everywhere (Ctrl+K): one box over every figure, place, corridor,
milestone, asset, institution, document and imported row; results grouped by
kind, best first; Enter or a double-click opens the result in its pane."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QLabel, QLineEdit, QTreeWidgetItem, QVBoxLayout,
)

from explorer.data.search import Hit, SearchIndex, group_hits
from explorer.ui.dialogs.base import Dialog
from explorer.ui.navigate import open_entry
from explorer.ui.widgets.item_views import detail_tree

SEARCH_DELAY_MS = 120
_HIT = Qt.ItemDataRole.UserRole


class SearchDialog(Dialog):
    """Modeless; kept by the window and reused, so the last query is there next time."""

    def __init__(self, window) -> None:
        super().__init__(window, "search-dialog", "Search everywhere")
        self.main_window = window
        self.index = SearchIndex(window.ctx.conn)
        self.hits: list[Hit] = []

        self.edit = QLineEdit()
        self.edit.setObjectName("search-edit")
        self.edit.setPlaceholderText("Figures, places, corridors, assets, institutions, documents — "
                                     "English, Русский, 中文, or a number")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.results = detail_tree("search-results", ["Result", "Detail"], first_width=380)
        self.results.setRootIsDecorated(False)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.itemActivated.connect(self._activated)
        self.status = QLabel()
        self.status.setObjectName("search-status")

        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.resize(820, 520)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self.open_current)
        window.ctx.bus.data_changed.connect(self._data_changed)
        self._show_hint()

    # -- searching --------------------------------------------------------------------
    def run_search(self) -> None:
        """Search now for the text in the box and list the results."""
        self._timer.stop()
        text = self.edit.text().strip()
        self.hits = self.index.search(text) if text else []
        self._fill(self.hits)
        if not text:
            self._show_hint()
        elif not self.hits:
            self.status.setText(f"Nothing found for “{text}”.")
        else:
            groups = len({h.kind for h in self.hits})
            self.status.setText(f"{len(self.hits)} result{'s' if len(self.hits) != 1 else ''} in "
                                f"{groups} group{'s' if groups != 1 else ''} — Enter or double-click opens "
                                "the selected result in its pane.")
        self.status.setToolTip(f"Index of {self.index.rows:,} entries, built in "
                               f"{self.index.build_seconds * 1000:.0f} ms" if self.index.built else "")

    def _fill(self, hits: list[Hit]) -> None:
        self.results.clear()
        bold = QFont(self.results.font())
        bold.setBold(True)
        first = None
        for label, group in group_hits(hits):
            head = QTreeWidgetItem([f"{label} ({len(group)})", ""])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setFont(0, bold)
            self.results.addTopLevelItem(head)
            for hit in group:
                detail = hit.detail + (f" · imported from {hit.source_file}" if hit.imported else "")
                item = QTreeWidgetItem(head, [hit.title, detail])
                item.setData(0, _HIT, hit)
                item.setToolTip(0, hit.title)
                item.setToolTip(1, detail)
                first = first or item
            head.setExpanded(True)
        if first is not None:
            self.results.setCurrentItem(first)

    def _show_hint(self) -> None:
        self.status.setText("Type any word or number. Up/Down choose, Enter opens, Esc closes.")

    def _data_changed(self) -> None:
        # Keep in step with imports: rebuild now if the index was in use.
        if self.index.built:
            self.index.rebuild()
            if self.isVisible():
                self.run_search()

    # -- opening ----------------------------------------------------------------------
    def current_hit(self) -> Hit | None:
        item = self.results.currentItem()
        return item.data(0, _HIT) if item is not None else None

    def open_current(self) -> None:
        if self._timer.isActive():
            self.run_search()
        hit = self.current_hit()
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit: Hit) -> None:
        self.hide()
        open_entry(self.main_window, hit)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        hit = item.data(0, _HIT)
        if hit is not None:
            self.open_hit(hit)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        # Up/Down in the box move through the results without leaving the box.
        if obj is self.edit and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._step(1 if event.key() == Qt.Key.Key_Down else -1)
            return True
        return super().eventFilter(obj, event)

    def _step(self, delta: int) -> None:
        items = [self.results.topLevelItem(i).child(j)
                 for i in range(self.results.topLevelItemCount())
                 for j in range(self.results.topLevelItem(i).childCount())]
        if not items:
            return
        current = self.results.currentItem()
        pos = items.index(current) if current in items else -delta
        self.results.setCurrentItem(items[max(0, min(len(items) - 1, pos + delta))])


def open_search(window) -> SearchDialog:
    """Show the window's search dialog (created on first use), focused on the box."""
    dialog = window.parts.get("search")
    if dialog is None:
        dialog = window.parts.keep("search", SearchDialog(window))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.edit.setFocus()
    dialog.edit.selectAll()
    return dialog
