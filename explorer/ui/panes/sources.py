"""The Sources pane: the bibliography, and for the selected document everything
drawn from it, grouped by subject; double-click (or Enter) opens an entry in
its own pane with its row selected."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from explorer.data.entries import Entry, drawn_from
from explorer.data.tables import SOURCES
from explorer.ui.navigate import open_entry
from explorer.ui.panes.base import TablePane

_ENTRY = Qt.ItemDataRole.UserRole


class DrawnFromPanel(QWidget):
    """A tree of subject groups and their entries for one document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("sources-drawn")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Drawn from this document", "Detail"])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(0, 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        self.show_groups(None, [])

    def show_groups(self, title: str | None, groups: list[tuple[str, list[Entry]]]) -> None:
        self.tree.clear()
        if title is None:
            self.heading.setText("Select a document to list every figure, place, corridor, asset and "
                                 "institution drawn from it.")
            return
        total = sum(len(entries) for _, entries in groups)
        self.heading.setText(f"<b>{total:,}</b> entries drawn from <b>{title}</b> — double-click one to "
                             "open it in its pane.")
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for label, entries in groups:
            head = QTreeWidgetItem([f"{label} ({len(entries)})", ""])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(head)
            for entry in entries:
                item = QTreeWidgetItem(head, [entry.title, entry.detail])
                item.setData(0, _ENTRY, entry)
                item.setToolTip(0, entry.title)
                item.setToolTip(1, entry.detail)
            head.setExpanded(True)

    def entries(self) -> list[Entry]:
        return [self.tree.topLevelItem(i).child(j).data(0, _ENTRY)
                for i in range(self.tree.topLevelItemCount())
                for j in range(self.tree.topLevelItem(i).childCount())]


class SourcesPane(TablePane):
    spec = SOURCES

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.drawn = DrawnFromPanel()
        self.splitter.addWidget(self.drawn)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([220, 520])
        self.row_selected.connect(self.show_drawn)
        self.drawn.tree.itemActivated.connect(self._open_item)

    def focus_widget(self) -> QWidget:
        return self.table           # a handful of documents: arrow keys browse them at once

    def build_deferred(self) -> None:
        # Something to read on arrival: the first document, if none is selected yet.
        if self.selected_key() is None and self.model.rowCount():
            self.table.selectRow(0)

    def show_drawn(self, doc_id: str | None) -> None:
        """List everything drawn from this document (None clears the list)."""
        if not doc_id:
            self.drawn.show_groups(None, [])
            return
        row = self.ctx.conn.execute("SELECT title FROM all_documents WHERE doc_id = ?", (doc_id,)).fetchone()
        self.drawn.show_groups(row[0] if row and row[0] else doc_id, drawn_from(self.ctx.conn, doc_id))

    def refresh(self) -> None:
        # After an import or undo: keep the same document selected and re-list it.
        key = self.selected_key()
        super().refresh()
        if key is None or not self.select_key(key):
            self.show_drawn(None)
        else:
            self.show_drawn(key)

    def open_entry(self, entry: Entry) -> bool:
        """Open an entry drawn from the document in its own pane."""
        return open_entry(self.window(), entry)

    def _open_item(self, item: QTreeWidgetItem, _column: int) -> None:
        entry = item.data(0, _ENTRY)
        if entry is not None:
            self.open_entry(entry)
