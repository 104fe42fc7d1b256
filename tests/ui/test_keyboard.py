"""Keyboard first: switching panes, where the focus lands, tab order, F1."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from explorer.ui.dialogs.shortcuts import shortcut_rows

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def active(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


@pytest.mark.parametrize("number, name", [(1, "trade"), (2, "corridors"), (3, "energy"),
                                          (4, "institutions"), (5, "sources")])
def test_ctrl_number_switches_pane_and_puts_the_keyboard_there(qtbot, active, number, name):
    if number == 1:
        qtbot.keyClick(active, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(active, getattr(Qt.Key, f"Key_{number}"), CTRL)
    pane = active.current_pane()
    assert pane.spec.name == name
    expected = pane.table if name == "sources" else pane.filter_edit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is expected, timeout=3000)


def test_ctrl_f_focuses_the_filter_and_typing_filters(qtbot, active):
    pane = active.show_pane("corridors")
    pane.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.table, timeout=3000)
    qtbot.keyClick(active, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is pane.filter_edit
    total = pane.model.rowCount()
    qtbot.keyClicks(QApplication.focusWidget(), "Heihe")
    qtbot.waitUntil(lambda: 0 < pane.model.rowCount() < total, timeout=3000)


def test_tab_runs_from_the_filter_through_the_toolbar_to_the_table(qtbot, active):
    pane = active.current_pane()               # trade
    pane.filter_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.filter_edit, timeout=3000)
    seen = []
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is pane.table:
            break
    assert seen[-1] is pane.table, [w.objectName() or type(w).__name__ for w in seen]
    combos = [w for w in seen if isinstance(w, QComboBox)]
    assert [c.objectName() for c in combos[:5]] == [
        "facet-reporter", "facet-partner", "facet-flow", "facet-measure", "facet-status"]
    qtbot.keyClick(pane.table, Qt.Key.Key_Tab)
    assert pane.citation.isAncestorOf(QApplication.focusWidget())     # then the citation


def test_f1_opens_the_guide_to_every_pane(qtbot, active):
    qtbot.keyClick(active, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: active.parts.get("guide") is not None, timeout=3000)
    text = active.parts.get("guide").browser.toPlainText()
    for pane in active.panes:
        assert pane.spec.title in text
        assert f"{pane.model.rowCount():,} rows" in text
    active.parts.get("guide").close()


def test_shortcut_list_has_the_new_commands(active):
    rows = {(cmd, keys) for _menu, cmd, keys in shortcut_rows(active)}
    assert ("Export view", "Ctrl+Shift+E") in rows
    assert ("Guide to the panes", "F1") in rows
    assert ("Search everywhere", "Ctrl+K") in rows
    assert ("Import", "Ctrl+I") in rows
