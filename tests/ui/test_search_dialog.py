"""Search everywhere in the window: Ctrl+K, results grouped by kind, Enter
opens the result in its pane with its row selected."""
from __future__ import annotations

import pytest

from tests.conftest import open_window
from PySide6.QtCore import Qt

from explorer.data.db import Store


@pytest.fixture
def mini_window(qtbot, tmp_path, mini_bundled_path):
    with open_window(qtbot, Store(tmp_path / "ws.sqlite", mini_bundled_path), "trade") as win:
        yield win


def search(qtbot, win, text):
    qtbot.keyClick(win, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = win.parts.get("search")
    qtbot.waitUntil(dialog.isVisible)
    dialog.edit.setText(text)
    qtbot.waitUntil(lambda: bool(dialog.hits), timeout=5000)
    return dialog


def group_labels(dialog):
    tree = dialog.results
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_chinese_query_finds_the_bridge_and_enter_opens_it(qtbot, mini_window):
    dialog = search(qtbot, mini_window, "黑河")
    assert any(label.startswith("Corridors") for label in group_labels(dialog))
    assert any(label.startswith("Places") for label in group_labels(dialog))
    # choose the corridor with the keyboard and open it
    for _ in range(5):
        if dialog.current_hit().kind == "corridor":
            break
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    hit = dialog.current_hit()
    assert hit.kind == "corridor"
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    pane = mini_window.current_pane()
    assert pane.spec.name == "corridors"
    assert pane.selected_key() == hit.key
    assert "Heihe" in pane.citation.text()


def test_russian_place_opens_corridors_filtered_by_name(qtbot, mini_window):
    dialog = search(qtbot, mini_window, "Благовещенск")
    place = next(h for h in dialog.hits if h.kind == "place")
    dialog.open_hit(place)
    pane = mini_window.current_pane()
    assert pane.spec.name == "corridors"
    assert pane.filter_edit.text() == "Blagoveshchensk"
    assert pane.model.rowCount() >= 1 and pane.selected_key() is not None


@pytest.mark.parametrize("query, pane_name", [("Heihe", "corridors"), ("商务部", "institutions"),
                                              ("Arctic Institute", "sources"), ("1905.7", "trade")])
def test_every_kind_opens_in_its_pane(qtbot, mini_window, query, pane_name):
    dialog = search(qtbot, mini_window, query)
    hit = next(h for h in dialog.hits if h.pane == pane_name and h.key)
    dialog.open_hit(hit)
    assert mini_window.current_pane().spec.name == pane_name
    assert mini_window.current_pane().selected_key() == hit.key


def test_imported_rows_are_found_after_data_changed(qtbot, mini_window):
    dialog = search(qtbot, mini_window, "Heihe")
    conn = mini_window.ctx.conn
    with conn:
        conn.execute(
            "INSERT INTO institutions (inst_id, name_en, name_ru, kind, side, import_id, source_file, source_row) "
            "VALUES ('amur-forum', 'Amur Business Forum', 'Амурский деловой форум', 'forum', 'bilateral', 1, "
            "'mine.csv', 2)")
    mini_window.ctx.bus.data_changed.emit()
    dialog.edit.setText("деловой")
    qtbot.waitUntil(lambda: any(h.key == "amur-forum" for h in dialog.hits), timeout=5000)
    assert "imported from mine.csv" in dialog.results.topLevelItem(0).child(0).text(1)


def test_nothing_found_says_so(qtbot, mini_window):
    mini_window.open_search()
    dialog = mini_window.parts.get("search")
    dialog.edit.setText("zzzqqqxx")
    qtbot.waitUntil(lambda: "Nothing found" in dialog.status.text(), timeout=5000)
    assert dialog.results.topLevelItemCount() == 0
