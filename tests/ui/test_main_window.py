"""The window on the real bundled data: every pane useful, citations shown."""
from __future__ import annotations

import gc
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer import settings
from explorer.data.entries import Subject
from explorer.data.panes import specs
from explorer.data.tables import Column, Facet, TableSpec
from explorer.ui.panes.base import TablePane
from explorer.ui.dialogs.about import about_html
from tests.conftest import dispose_window, open_window, show_and_wait


def test_every_pane_shows_rows_of_real_data(qtbot, window):
    for spec in specs():
        pane = show_and_wait(qtbot, window, spec.name)
        if spec.name == "indicators":        # none are curated: the pane says how to import some
            assert pane.model.rowCount() == 0 and "No indicators imported yet" in pane.chart.note.text()
            continue
        assert pane.model.rowCount() > 0, spec.name
        assert pane.model.data(pane.model.index(0, 0)) != ""


@pytest.mark.parametrize("name", [s.name for s in specs()])
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

    # opened on Energy: the Trade pane, not built, does not hold the window at its own minimum
    # height (its charts keep 390 px: 604 px in all, more than 540)
    first = create_window(store, "energy")
    qtbot.addWidget(first)
    first.show()
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


#: A new pane as a plug-in would add it: its data (a spec that declares its table, a facet and
#: its search entries) and its view (a pane class that says what it is for), named by one line
#: in explorer.data.panes.PANES. Nothing else in the code base knows about it.
PORTS = TableSpec(
    name="ports", title="Ports", subject_table="places",
    from_sql="(SELECT * FROM all_places WHERE kind = 'port') p", key_sql="p.place_id",
    columns=(Column("name", "Name", "p.name_en"), Column("country", "Country", "p.country"),
             Column("name_ru", "Russian", "p.name_ru")),
    search_sql=("p.name_en", "p.name_ru"), default_order="name",
    facets=(Facet("country", "country"),),
    subjects=(Subject("port", "Ports", "SELECT p.place_id, NULL, p.name_en, p.country, "
                      "p.name_en || ' ' || coalesce(p.name_ru, '') || ' harbour', p.doc_id, p.origin, p.source_file "
                      "FROM all_places p WHERE p.kind = 'port'"),),
)


class PortsPane(TablePane):
    spec = PORTS
    guide = "Every sea and river port the documents name."


def _search_everywhere(qtbot, win, text: str):
    """Ctrl+K, type ``text``, wait for the results: the search dialog."""
    qtbot.keyClick(win, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = win.parts.get("search")
    dialog.edit.setText(text)
    qtbot.waitUntil(lambda: bool(dialog.hits), timeout=5000)
    return dialog


def test_a_new_pane_is_one_declaration_and_one_line_in_panes(qtbot, store, monkeypatch, tmp_path):
    """A pane whose two modules declare what it is, listed by one line, is a tab with its
    Ctrl+N key, a section of the guide, its own table and facet drop-downs, a file of
    `export`, its Export ▾, a table of `publish`, conflict marks on its rows, results of
    search everywhere that open in it, and saved and restored state."""
    from explorer.data import panes
    from explorer.data.export import export_all
    from explorer.data.publish import publish
    from explorer.ui.dialogs.guide import guide_html
    from explorer.ui.launch import create_window

    monkeypatch.setattr(panes, "PANES", (*panes.PANES, panes.Pane("ports", "Ports", f"{__name__}:PORTS",
                                                                      f"{__name__}:PortsPane")))
    with open_window(qtbot, store, "ports") as win:
        pane = win.current_pane()
        assert isinstance(pane, PortsPane) and pane.model.rowCount() == 7      # the ports of db/places.csv
        assert win.tabs.tabText(win.tabs.currentIndex()) == "Ports"
        key = f"Ctrl+{len(win.panes)}"
        assert [a.text() for a in win.view_menu.actions() if a.shortcut().toString() == key] == ["Ports"]
        assert "Every sea and river port the documents name." in guide_html(win)
        assert f"Ctrl+1 … Ctrl+{len(win.panes)}" in guide_html(win)
        box = pane.facet_boxes["country"]
        assert [box.itemText(i) for i in range(box.count())] == ["any country", "CN", "RU"]
        pane.set_facet("country", "CN")
        assert sorted(pane.model.data(pane.model.index(r, 0)) for r in range(pane.model.rowCount())) == [
            "Dalian Port", "Qingdao Port"]

        written = export_all(win.ctx.conn, tmp_path / "out")                     # amur-explorer export
        assert written["ports.csv"] == 7
        with open(tmp_path / "out" / "ports.csv", encoding="utf-8-sig") as fh:
            assert fh.readline().strip() == "name,country,name_ru,conflicts"
        assert pane.export_table(tmp_path / "shown.csv") == 2                      # Export ▾ (the CN ports)
        assert publish(win.ctx.conn, tmp_path / "pub")["pane_ports"] == 7         # amur-explorer publish

        pane.set_facet("country", None)
        with win.ctx.conn:       # a conflict naming a port (a place that is a port) marks its row here
            win.ctx.conn.execute(
                "INSERT INTO main.conflicts(conflict_id, kind, severity, description, row_refs) VALUES "
                "('cf-test-port', 'name_conflict', 'warning', 'Test: two names for one port', "
                "'places:zarubino-port;places:heihe'), ('cf-test-ports', 'date_conflict', 'error', "
                "'Test: two ports, one opening', 'places:zarubino-port;places:vladivostok-port')")
        pane.refresh()
        assert set(pane.conflicts) == {"zarubino-port", "vladivostok-port"}      # heihe is no port
        assert pane.select_key("vladivostok-port")     # both statements, read as the pane declares its rows
        text = pane.citation.text()
        assert "Test: two ports, one opening" in text and "Test: two names for one port" not in text
        assert "Ports: Zarubino Port" in text and "Ports: Vladivostok Port" in text
        assert "Test: two names for one port" in pane.model.data(
            pane.model.index(pane.model.row_of_key("zarubino-port"), 0), Qt.ItemDataRole.ToolTipRole)
        show_and_wait(qtbot, win, "trade")
        search = _search_everywhere(qtbot, win, "harbour Zarubino")
        assert [(h.label, h.pane, h.key) for h in search.hits] == [("Ports", "ports", "zarubino-port")]
        qtbot.keyClick(search.edit, Qt.Key.Key_Return)
        assert win.current_pane() is pane and pane.selected_key() == "zarubino-port"

        pane.set_facet("country", "RU")
        pane.filter_edit.setText("Port")
        pane.apply_filter()
        win.save_state()
        assert settings.get(settings.LAST_PANE) == "ports"
    del win, search, pane
    gc.collect()        # the window, its parts and the search dialog refer to each other: free the disposed one
    again = create_window(store)
    qtbot.addWidget(again)
    try:
        assert again.current_pane().spec.name == "ports"
        assert again.current_pane().filter_edit.text() == "Port"
        assert again.current_pane().facets() == {"country": "RU"}
        assert again.current_pane().model.rowCount() == 5
    finally:
        dispose_window(again)


#: The same pane with a checklist facet (several values at once), as the Indicators pane declares its own.
PORTS_CHECKLIST = replace(PORTS, facets=(Facet("country", "country", "any country", several=True),))


class PortsChecklistPane(TablePane):
    spec = PORTS_CHECKLIST


def test_a_declared_checklist_facet_takes_several_values_and_comes_back(qtbot, store, monkeypatch):
    """A facet its spec declares with ``several`` is a checklist the base pane builds: any of
    the values chosen narrows the table, and the choice is there again on the next start."""
    from explorer.data import panes
    from explorer.ui.launch import create_window
    from explorer.ui.widgets.check_facet import CheckFacet

    monkeypatch.setattr(panes, "PANES", (*panes.PANES, panes.Pane(
        "ports", "Ports", f"{__name__}:PORTS_CHECKLIST", f"{__name__}:PortsChecklistPane")))
    with open_window(qtbot, store, "ports") as win:
        pane = win.current_pane()
        box = pane.facet_boxes["country"]
        assert isinstance(box, CheckFacet) and box.entries() == [("CN", "CN"), ("RU", "RU")]
        box.set_chosen(["CN"])
        assert pane.facets() == {"country": ("CN",)} and pane.model.rowCount() == 2
        pane.set_facet("country", ["CN", "RU"])
        assert pane.model.rowCount() == 7
        pane.set_facet("country", "RU")
        assert pane.model.rowCount() == 5 and box.text() == "RU"
        win.save_state()
    del win, pane, box
    gc.collect()
    again = create_window(store)
    qtbot.addWidget(again)
    try:
        assert again.current_pane().facets() == {"country": ("RU",)}
        assert again.current_pane().model.rowCount() == 5
        again.current_pane().reset_layout()             # View → Reset layout: none chosen, every port
        assert again.current_pane().facets() == {} and again.current_pane().model.rowCount() == 7
    finally:
        dispose_window(again)


def test_each_listed_pane_names_its_own_spec_and_view():
    """The one line of a pane agrees with its two modules: the spec it names has its name and
    title, and the view it names shows that spec."""
    from explorer.data.panes import PANES, load

    for listed in PANES:
        spec = listed.spec()
        assert (spec.name, spec.title) == (listed.name, listed.title)
        assert load(listed.view).spec is spec
