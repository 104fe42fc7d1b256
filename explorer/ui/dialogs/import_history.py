"""The import entries of the File menu (Import…, Import history…, Save
template…), drag-and-drop of files onto the window, and the history dialog
with undo."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialogButtonBox, QFileDialog, QInputDialog, QLabel, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from explorer.ui.context import AppContext
from explorer.ui.dialogs.base import Dialog

IMPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".gz", ".xlsx", ".xlsm", ".xls")
COLUMNS = (("import_id", "Id"), ("imported_at", "When"), ("status", "Status"), ("dataset", "Subject"),
           ("layout", "Layout"), ("rows_added", "Added"), ("rows_replaced", "Replaced"), ("file_name", "File"))


def local_time(stamp: str | None) -> str:
    """An import's UTC ISO time as the analyst's local clock reads it ("2026-12-01 09:57");
    text that is not an ISO time is shown as it is."""
    from datetime import datetime, timezone

    if not stamp:
        return ""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if when.tzinfo is None:             # recorded in UTC
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


class ImportHistoryDialog(Dialog):
    """Every import, newest first; undo the selected one."""

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent, "import-history", "Import history")
        self.ctx = ctx
        self.table = QTableWidget()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.undo_button = QPushButton("Undo import")
        self.undo_button.clicked.connect(self.undo_selected)
        self.table.itemSelectionChanged.connect(self._update_undo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(820, 360)
        self.reload()

    def reload(self) -> None:
        from explorer.data.importing import list_imports  # not at start-up
        rows = list_imports(self.ctx.conn)
        self.table.clear()
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHorizontalHeaderLabels([h for _, h in COLUMNS])
        self.table.setRowCount(len(rows))
        self._status: dict[int, str] = {}
        for r, rec in enumerate(rows):
            self._status[r] = str(rec["status"] or "")
            for c, (key, _) in enumerate(COLUMNS):
                if key == "imported_at":
                    item = QTableWidgetItem(local_time(rec[key]))
                    item.setToolTip(f"{rec[key]} (UTC)")
                else:
                    item = QTableWidgetItem(str(rec[key] if rec[key] is not None else ""))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
        else:
            self.message.setText("No imports yet: File → Import…, or drop a file on the window.")
        self._update_undo()

    def _update_undo(self) -> None:
        """Undo only what is still in effect: an undone import cannot be undone again."""
        items = self.table.selectedItems()
        active = bool(items) and self._status.get(items[0].row()) == "active"
        self.undo_button.setEnabled(active)
        self.undo_button.setToolTip("" if active or not items else "This import was undone already")

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return int(self.table.item(items[0].row(), 0).text()) if items else None

    def undo_selected(self) -> None:
        from explorer.data.importing import UndoError, undo_import  # not at start-up
        import_id = self.selected_id()
        if import_id is None:
            return
        try:
            removed = undo_import(self.ctx.conn, import_id)
        except UndoError as exc:
            self.message.setText(str(exc))
            return
        n = sum(removed.values())
        self.message.setText(f"Undid import {import_id}: removed {n} rows and restored the rows it replaced.")
        self.ctx.bus.data_changed.emit()
        self.reload()


class _DropFilter(QObject):
    """Accepts data files dropped anywhere on the window and opens the wizard on them."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    @staticmethod
    def _path(event) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return next((p for p in paths if p.suffix.lower() in IMPORT_SUFFIXES), None)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and self._path(event):
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop:
            path = self._path(event)
            if path:
                event.acceptProposedAction()
                open_import_wizard(self.window, path)
                return True
        return False


def open_import_wizard(window, path: Path | str | None = None):
    from explorer.ui.dialogs.import_wizard import ImportWizard

    wizard = ImportWizard(window.ctx, window, path)
    window.parts.keep("import_wizard", wizard)
    wizard.open()
    return wizard


def open_import_history(window) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(window.ctx, window)
    window.parts.keep("import_history", dialog)
    dialog.open()
    return dialog


def save_template(window) -> None:
    from explorer.data.importing.datasets import SUBJECTS
    from explorer.data.importing.templates import write_template

    names = [d.name for d in SUBJECTS]
    name, ok = QInputDialog.getItem(window, "Save template", "Subject", names, 0, False)
    if not ok:
        return
    path, _ = QFileDialog.getSaveFileName(window, "Save template", f"{name}-template.xlsx",
                                          "Excel (*.xlsx);;CSV (*.csv)")
    if path:
        write_template(name, Path(path))
        window.statusBar().showMessage(f"Saved a blank {name} template to {path}", 5000)


def install(window, file_menu) -> None:
    """Add File → Import… (Ctrl+I), Import history…, Save template… and drag-and-drop to ``window``."""
    def action(text: str, slot, shortcut=None) -> QAction:
        act = QAction(text, window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        return act

    first = file_menu.actions()[0] if file_menu.actions() else None
    acts = [action("&Import…", lambda: open_import_wizard(window), "Ctrl+I"),
            action("Import &history and undo…", lambda: open_import_history(window)),
            action("Save import &template…", lambda: save_template(window))]
    file_menu.insertActions(first, acts)
    file_menu.insertSeparator(first)
    for act in acts:
        window.parts.add_action("import", act)
    window.setAcceptDrops(True)
    window.installEventFilter(_DropFilter(window))


__all__ = ["ImportHistoryDialog", "install", "open_import_history", "open_import_wizard", "save_template"]
