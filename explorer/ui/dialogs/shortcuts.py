"""Help → Keyboard shortcuts: generated from the window's actions, so the list
is never out of date."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialogButtonBox, QHeaderView, QMainWindow, QMenu, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from explorer.ui.dialogs.base import Dialog


def _menu_paths(menu: QMenu, path: str, out: dict[QAction, str]) -> None:
    for action in menu.actions():
        if action.menu() is not None:
            _menu_paths(action.menu(), f"{path} › {_clean(action.text())}", out)
        elif not action.isSeparator():
            out.setdefault(action, path)


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, shortcuts) for every action of the window that has a shortcut."""
    paths: dict[QAction, str] = {}
    for top in window.menuBar().actions():
        if top.menu() is not None:
            _menu_paths(top.menu(), _clean(top.text()), paths)
    actions = list(paths) + [a for a in window.findChildren(QAction) if a not in paths]
    rows = []
    for action in actions:
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        if not keys:
            continue
        text = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        rows.append((paths.get(action, "Window"), _clean(action.text()) or action.objectName(), text))
    return rows


class ShortcutsDialog(Dialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window, "shortcuts-dialog", "Keyboard shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Command", "Shortcut"])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, min(640, 90 + 28 * max(4, len(rows))))


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    dialog = ShortcutsDialog(window)
    dialog.setModal(False)
    dialog.show()
    return dialog
