"""Recorded conflicts in the window: a severity mark on every involved row of
every pane, the conflict (both statements, both quotes) in the citation panel,
and the Sources pane's Conflicts list that jumps to the rows."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from explorer.data.conflicts import load_conflicts, marks
from tests.conftest import show_and_wait

DECORATION = Qt.ItemDataRole.DecorationRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


@pytest.mark.parametrize("pane_name", ["trade", "corridors", "energy", "institutions", "sources"])
def test_every_conflicted_row_carries_a_mark_and_others_none(qtbot, window, pane_name):
    pane = show_and_wait(qtbot, window, pane_name)
    expected = set(marks(window.ctx.conn).get(pane_name, {}))
    assert expected
    model = pane.model
    marked = set()
    for row in range(model.rowCount()):
        icon = model.data(model.index(row, 0), DECORATION)
        if icon is not None:
            assert isinstance(icon, QIcon) and not icon.isNull()
            assert "Recorded conflict" in model.data(model.index(row, 0), TOOLTIP)
            marked.add(str(model.key(row)))
    assert marked == expected


def test_selecting_a_conflicted_row_shows_both_statements_and_quotes(qtbot, window):
    pane = show_and_wait(qtbot, window, "corridors")
    assert pane.select_key("ev-tongjiang-bridge-doc001-completed")
    text = pane.citation.text()
    assert "Conflict (error, date conflict)" in text
    assert "newly completed Tongjiang bridge" in text                                  # doc 001's statement
    assert "the Heihe – Blagoveshchensk Cross – Border Highway Bridge (opened to traffic in June 2022)" in text
    assert "the Nizhneleninskoye – Tongjiang Railway Bridge (opened to traffic in November 2022)" in text


def test_citation_panel_says_the_date_was_inferred(qtbot, window):
    pane = show_and_wait(qtbot, window, "trade")
    assert pane.select_key("tf-cn-ru-target-200bn-5y")
    text = pane.citation.text()
    assert "2019-09 (inferred: document undated" in text
    assert "US$200 billion (200 billion USD), 2024" in text


def test_conflicts_list_shows_all_with_severity_and_jumps_to_the_row(qtbot, window):
    pane = show_and_wait(qtbot, window, "sources")
    tree = pane.conflict_list.tree
    recorded = load_conflicts(window.ctx.conn)
    assert tree.topLevelItemCount() == len(recorded)
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [c.severity for c in recorded]
    assert f"Conflicts ({len(recorded)})" in pane.tabs.tabText(1)
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if "cf-memorandum-signing-date" in tree.topLevelItem(i).text(1))
    statement = next(item.child(j) for j in range(item.childCount())
                     if item.child(j).text(1).endswith("ev-memo2018-signed-doc001"))
    tree.itemActivated.emit(statement, 0)
    target = window.current_pane()
    assert target.spec.name == "institutions"
    assert target.selected_key() == "memo-investment-offices-2018"
    assert "signed yesterday" in target.citation.text()
