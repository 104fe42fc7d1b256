"""The window on the real bundled data: every pane useful, citations shown."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer import settings
from explorer.data.tables import SPECS
from explorer.ui.dialogs.about import about_html
from tests.conftest import show_and_wait, dispose_window


def test_every_pane_shows_rows_of_real_data(qtbot, window):
    for spec in SPECS:
        pane = show_and_wait(qtbot, window, spec.name)
        if spec.name == "indicators":        # none are curated: the pane says how to import some
            assert pane.model.rowCount() == 0 and "No indicators imported yet" in pane.chart.note.text()
            continue
        assert pane.model.rowCount() > 0, spec.name
        assert pane.model.data(pane.model.index(0, 0)) != ""


@pytest.mark.parametrize("name", [s.name for s in SPECS])
def test_filter_narrows_and_clears(qtbot, window, name):
    pane = show_and_wait(qtbot, window, name)
    total = pane.model.rowCount()
    qtbot.keyClicks(pane.filter_edit, "zzqx-no-such-thing")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0, timeout=3000)
    assert "0 rows" in pane.count_label.text()
    pane.filter_edit.clear()
    qtbot.waitUntil(lambda: pane.model.rowCount() == total, timeout=3000)


@pytest.mark.parametrize("name", ["trade", "corridors", "energy", "institutions"])
def test_selecting_a_row_shows_its_document_and_quote(qtbot, window, name):
    pane = show_and_wait(qtbot, window, name)
    pane.table.selectRow(0)
    quote = pane.model.provenance(0)["quote"]
    qtbot.waitUntil(lambda: pane.citation.citation is not None, timeout=3000)
    text = pane.citation.text()
    assert quote and quote[:30] in text.replace("\n", " ")
    assert pane.citation.citation.title and pane.citation.citation.title in text


def test_russian_and_chinese_names_find_places(qtbot, window):
    pane = show_and_wait(qtbot, window, "corridors")
    for query in ("Благовещенск", "黑河", "Heihe"):
        pane.filter_edit.setText(query)
        pane.apply_filter()
        assert pane.model.rowCount() > 0, query
        assert any("Heihe" in str(pane.model.row_values(r).values()) for r in range(pane.model.rowCount())), query


def test_copy_selection_as_tsv(qtbot, window):
    pane = show_and_wait(qtbot, window, "trade")
    pane.table.selectRow(0)
    pane.copy_selection()
    text = QApplication.clipboard().text()
    assert text.count("\t") == len(pane.spec.columns) - 1


def test_window_remembers_last_pane_and_geometry(qtbot, store):
    from explorer.ui.launch import create_window

    first = create_window(store)
    qtbot.addWidget(first)
    first.show()
    first.show_pane("energy")
    first.resize(760, 540)      # the offscreen screen is 800×600: restoreGeometry clamps to it
    saved = first.size()        # (may be wider: the panes' toolbars set a minimum width)
    first.close()
    assert settings.get(settings.LAST_PANE) == "energy"
    second = create_window(store)
    qtbot.addWidget(second)
    assert second.current_pane().spec.name == "energy"
    screen_width = second.screen().availableGeometry().width()
    assert second.size().height() == 540
    assert abs(second.size().width() - min(saved.width(), screen_width)) <= 8   # frame margins
    for win in (first, second):
        dispose_window(win)


def test_ctrl_number_switches_panes(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_pane().spec.name == "energy"


def test_about_names_version_and_data_vintage(window):
    from explorer import __version__

    html = about_html(window.ctx)
    assert __version__ in html and "Data vintage" in html and "Arctic Institute" in html


def test_status_bar_names_the_databases(window):
    text = window.db_label.text()
    assert "workspace" in text and "bundled" in text and "rows" in text
