"""The Sources pane: the bibliography, and for the selected document everything
drawn from it, grouped by subject; double-click (or Enter) opens an entry in
its own pane with its row selected. A second tab lists every recorded conflict
with its severity; opening one (or one of its statements) selects the row in
its pane."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView, QStyle, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from explorer.data.conflicts import MARK, Conflict, load_conflicts, pane_rows, statements
from explorer.data.citations import document_title
from explorer.data.entries import Entry, drawn_from
from explorer.data.panes import spec_named
from explorer.data.tables import SOURCES
from explorer.ui.navigate import open_entry
from explorer.ui.panes.base import TablePane
from explorer.ui.widgets.item_views import detail_tree, tabs, wrapped_label

_ENTRY = Qt.ItemDataRole.UserRole


class DrawnFromPanel(QWidget):
    """A tree of subject groups and their entries for one document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = wrapped_label()
        self.tree = detail_tree("sources-drawn", ["Drawn from this document", "Detail"], first_width=520)
        self.tree.setAlternatingRowColors(True)
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


_SEVERITY_ICON = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
                  "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
                  "info": QStyle.StandardPixmap.SP_MessageBoxInformation}


class ConflictsPanel(QWidget):
    """Every recorded conflict, most severe first; each opens to the statements it sets
    against each other (with their quotes). Double-click (or Enter) jumps to the row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = wrapped_label()
        self.tree = QTreeWidget()
        self.tree.setObjectName("sources-conflicts")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Severity", "Conflict", "Description / quote"])
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(0, 90)
        self.tree.setColumnWidth(1, 260)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)

    def show_conflicts(self, conn, conflicts: list[Conflict]) -> None:
        self.tree.clear()
        counts = {s: sum(c.severity == s for c in conflicts) for s in ("error", "warning", "info")}
        self.heading.setText(f"<b>{len(conflicts)}</b> recorded conflicts ({counts['error']} error, "
                             f"{counts['warning']} warning, {counts['info']} info) — where the documents disagree "
                             "with themselves or each other. Double-click one to open its rows.")
        style = self.style()
        for c in conflicts:
            item = QTreeWidgetItem([c.severity, f"{MARK} {c.kind_label}: {c.conflict_id}", c.description])
            item.setIcon(0, style.standardIcon(_SEVERITY_ICON.get(c.severity, _SEVERITY_ICON["warning"])))
            item.setToolTip(2, c.description)
            targets = [t for ref in c.refs for t in pane_rows(conn, ref)[:1]]
            item.setData(0, _ENTRY, targets[0] if targets else None)
            self.tree.addTopLevelItem(item)
            for said in statements(conn, c):
                target = next(iter(pane_rows(conn, said.ref)), None)
                shown_in = spec_named(target[0]) if target else None
                where = shown_in.title if shown_in else ("" if target else "no pane")
                quote = f" — “{said.quote}”" if said.quote else ""
                child = QTreeWidgetItem(item, [where, f"{said.label}: {said.ref.row_id}",
                                               f"{said.text}{quote}"])
                child.setToolTip(2, f"{said.text}{quote}")
                child.setData(0, _ENTRY, target)

    def target(self, item: QTreeWidgetItem) -> tuple[str, str] | None:
        return item.data(0, _ENTRY)


class SourcesPane(TablePane):
    spec = SOURCES
    guide = ("The bibliography: each document, and for the selected one everything drawn from it, grouped "
             "by subject. Double-click an entry (or press Enter) to open it in its own pane.")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.drawn = DrawnFromPanel()
        self.conflict_list = ConflictsPanel()
        self.tabs = tabs("sources-tabs", [(self.drawn, "Drawn from this document"), (self.conflict_list, "Conflicts")])
        self.splitter.addWidget(self.tabs)
        self.show_conflict_list()
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([220, 520])
        self.row_selected.connect(self.show_drawn)
        self.drawn.tree.itemActivated.connect(self._open_item)
        self.conflict_list.tree.itemActivated.connect(self._open_conflict)

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
        self.drawn.show_groups(document_title(self.ctx.conn, doc_id), drawn_from(self.ctx.conn, doc_id))

    def show_conflict_list(self) -> None:
        found = load_conflicts(self.ctx.conn)
        self.conflict_list.show_conflicts(self.ctx.conn, found)
        self.tabs.setTabText(1, f"{MARK} Conflicts ({len(found)})")

    def open_conflict_row(self, pane: str, key: str) -> bool:
        """Switch to the pane and select the row (a conflict's first row, or one statement's)."""
        entry = Entry(kind="conflict", label="Conflict", pane=pane, key=key, filter_text=None, title=key, detail="")
        return open_entry(self.window(), entry)

    def _open_conflict(self, item: QTreeWidgetItem, _column: int) -> None:
        target = self.conflict_list.target(item)
        if target is not None:
            self.open_conflict_row(*target)

    def refresh(self) -> None:
        # After an import or undo: keep the same document selected and re-list it.
        key = self.selected_key()
        self.show_conflict_list()
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
