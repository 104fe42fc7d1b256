"""Sources pane: for each document, everything drawn from it, grouped by
subject; double-click opens the entry in its pane."""
from __future__ import annotations

import pytest

from explorer.data.db import Store
from tests.conftest import show_and_wait, open_window


@pytest.fixture
def mini_window(qtbot, tmp_path, mini_bundled_path):
    with open_window(qtbot, Store(tmp_path / "ws.sqlite", mini_bundled_path), "sources") as win:
        yield win


def groups(pane):
    tree = pane.drawn.tree
    return {tree.topLevelItem(i).text(0).rsplit(" (", 1)[0]: tree.topLevelItem(i).childCount()
            for i in range(tree.topLevelItemCount())}


def test_document_lists_what_was_drawn_from_it_by_subject(mini_window):
    pane = mini_window.current_pane()
    conn = mini_window.ctx.conn
    doc_id, title = conn.execute("SELECT doc_id, title FROM all_documents ORDER BY doc_id").fetchone()
    assert pane.selected_key() == doc_id            # the first document is shown on arrival
    count = lambda t: conn.execute(f"SELECT count(*) FROM all_{t} WHERE doc_id = ?", (doc_id,)).fetchone()[0]
    assert groups(pane) == {
        "Trade figures": count("trade_figures"), "Corridors": count("corridors"),
        "Milestones and events": count("events"), "Energy assets": count("energy_assets"),
        "Energy figures": count("energy_figures"), "Institutions": count("institutions"),
    }
    assert title in pane.drawn.heading.text()


@pytest.mark.parametrize("kind, pane_name", [("trade_figure", "trade"), ("corridor", "corridors"),
                                             ("energy_figure", "energy"), ("institution", "institutions")])
def test_double_click_opens_the_entry_in_its_pane(qtbot, mini_window, kind, pane_name):
    pane = mini_window.current_pane()
    tree = pane.drawn.tree
    item = next(tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
                for j in range(tree.topLevelItem(i).childCount())
                if tree.topLevelItem(i).child(j).data(0, 256).kind == kind)
    entry = item.data(0, 256)
    tree.itemActivated.emit(item, 0)
    target = mini_window.current_pane()
    assert target.spec.name == pane_name
    assert target.selected_key() == entry.key


def test_imported_document_rows_appear_after_data_changed(qtbot, mini_window):
    pane = mini_window.current_pane()
    conn = mini_window.ctx.conn
    doc_id = pane.selected_key()
    with conn:
        conn.execute(
            "INSERT INTO trade_figures (figure_id, topic, measure, reporter, partner, period, value, unit, status, "
            "doc_id, import_id, source_file, source_row) VALUES ('imp-1', 'trade', 'value', 'heihe', "
            "'blagoveshchensk', '2024', 12, 'billion USD', 'actual', ?, 1, 'mine.csv', 2)", (doc_id,))
    before = groups(pane)["Trade figures"]
    mini_window.ctx.bus.data_changed.emit()
    qtbot.waitUntil(lambda: groups(pane)["Trade figures"] == before + 1)
    assert pane.selected_key() == doc_id


def test_sources_pane_after_switching(qtbot, mini_window):
    show_and_wait(qtbot, mini_window, "trade")
    pane = show_and_wait(qtbot, mini_window, "sources")
    assert pane.drawn.entries()
