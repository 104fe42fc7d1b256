"""File → Backups…: the workspace's backups, newest first; back up now or
restore one. Restoring first backs up the workspace as it is, so a restore
can itself be undone from this same list."""
from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QTableWidgetItem, QVBoxLayout

from explorer.ui.dialogs.base import Dialog
from explorer.ui.widgets.item_views import read_only_table, wrapped_label


COLUMNS = ("id", "when (UTC)", "kind", "reason", "size")


class BackupsDialog(Dialog):
    """Lists backups; ``restored`` is emitted through the window's DataBus after a restore."""

    def __init__(self, window) -> None:
        from explorer.data.backup import backup_dir  # not at start-up
        super().__init__(window, "backupsDialog", "Workspace backups")
        self.window_ = window
        self.workspace = window.ctx.store.workspace
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_label("Automatic backups are taken before every import and undo; the newest "
                                       f"are kept in {backup_dir(self.workspace)}."))
        self.table = read_only_table(COLUMNS)
        layout.addWidget(self.table)
        self.status = wrapped_label("")
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = buttons.addButton("Back up now", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = buttons.addButton("Restore selected…", QDialogButtonBox.ButtonRole.ActionRole)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.resize(640, 360)
        self.reload()

    def reload(self) -> None:
        from explorer.data.backup import list_backups  # not at start-up
        self.backups = list_backups(self.workspace)
        self.table.setRowCount(len(self.backups))
        for row, b in enumerate(self.backups):
            cells = (str(b.id), f"{b.created:%Y-%m-%d %H:%M:%S}", "automatic" if b.automatic else "on demand",
                     b.reason, f"{b.size // 1024} KiB")
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def back_up_now(self) -> None:
        from explorer.data.backup import BackupError, create_backup  # not at start-up
        try:
            b = create_backup(self.workspace, "manual")
        except BackupError as exc:
            QMessageBox.warning(self, "Backup failed", str(exc))
            return
        self.reload()
        self.status.setText(f"Made {b.describe()}.")

    def restore_selected(self) -> None:
        from explorer.data.backup import BackupError, restore_backup  # not at start-up
        b = self.selected()
        if b is None:
            return
        answer = QMessageBox.question(
            self, "Restore backup",
            f"Replace the workspace with {b.describe()}?\n\nImports made since then are removed; the "
            "workspace as it is now is backed up first, so this can be undone from this list.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            done = restore_backup(self.workspace, b)
        except BackupError as exc:
            QMessageBox.warning(self, "Restore failed", str(exc))
            return
        self.window_.ctx.bus.data_changed.emit()
        self.reload()
        self.status.setText(f"Restored {b.describe()}."
                            + (f" The workspace as it was is backup {done.safety.id}." if done.safety else ""))


def install(window, file_menu) -> None:
    """Add File → Backups… to ``window``."""
    action = QAction("&Backups…", window)
    action.triggered.connect(lambda: BackupsDialog(window).exec())
    file_menu.addAction(action)
    window.parts.add_action("backups", action)
