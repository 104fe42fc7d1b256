"""Help → Keyboard shortcuts lists every action shortcut of the window,
generated from the actions themselves."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence


def test_shortcut_list_is_generated_from_the_actions(qtbot, window):
    added = QAction("Frobnicate", window)
    added.setShortcut(QKeySequence("Ctrl+Shift+F12"))
    window.help_menu.addAction(added)
    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = {(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())}
    expected = {a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                for a in window.findChildren(QAction) if not a.shortcut().isEmpty()}
    assert {shortcut for _name, shortcut in rows} == expected
    assert ("Search everywhere", QKeySequence("Ctrl+K").toString(QKeySequence.SequenceFormat.NativeText)) in rows
    assert ("Frobnicate", QKeySequence("Ctrl+Shift+F12").toString(QKeySequence.SequenceFormat.NativeText)) in rows
    menus = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    assert menus["Frobnicate"] == "Help" and menus["Trade"] == "View"
