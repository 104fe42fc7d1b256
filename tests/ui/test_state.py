"""State restored on the next start: two app windows in sequence on one
isolated settings file (tests/conftest.py points QSettings at tmp_path)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from explorer import settings
from tests.conftest import dispose_window, show_and_wait


def _open(qtbot, store, pane=None):
    from explorer.ui.launch import create_window

    win = create_window(store, pane)
    qtbot.addWidget(win)
    win.resize(1000, 560)
    win.show()
    qtbot.waitUntil(lambda: win.current_pane().is_ready, timeout=15000)
    return win


def _first_value(combo) -> int:
    return 1 if combo.count() > 1 else 0


def test_filter_facets_columns_splitters_and_options_come_back(qtbot, store):
    first = _open(qtbot, store, "trade")
    trade = first.pane("trade")
    reporter = trade.findChild(type(trade.unit_box), "facet-reporter")
    reporter.setCurrentIndex(_first_value(reporter))
    chosen_reporter = reporter.currentText()
    trade.unit_box.setCurrentIndex(trade.unit_box.count() - 1)
    unit = trade.unit_box.currentText()
    trade.filter_edit.setText("trade")
    header = trade.table.horizontalHeader()
    header.resizeSection(0, 211)
    header.moveSection(2, 0)                       # reporter now first
    trade.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    trade.splitter.setSizes([150, 400])
    saved_sizes = trade.splitter.sizes()
    trade.events_box.setChecked(not trade.events_box.isChecked())
    events = trade.events_box.isChecked()
    qtbot.waitUntil(lambda: trade.model.filter.text == "trade", timeout=3000)
    rows = trade.model.rowCount()

    energy = show_and_wait(qtbot, first, "energy")
    commodity = energy.facet_boxes["commodity"]
    commodity.setCurrentIndex(_first_value(commodity))
    chosen_commodity = commodity.currentData()
    first.close()
    dispose_window(first)

    second = _open(qtbot, store)
    assert second.current_pane().spec.name == "energy"
    energy = second.pane("energy")
    assert energy.facet_boxes["commodity"].currentData() == chosen_commodity
    assert energy.facets().get("commodity") == chosen_commodity

    trade = show_and_wait(qtbot, second, "trade")
    assert trade.filter_edit.text() == "trade"
    assert trade.findChild(type(trade.unit_box), "facet-reporter").currentText() == chosen_reporter
    assert trade.unit == unit
    assert trade.model.rowCount() == rows
    header = trade.table.horizontalHeader()
    assert header.sectionSize(0) == 211
    assert header.logicalIndex(0) == 2
    assert header.sortIndicatorSection() == 3
    assert trade.model.order.key == trade.spec.columns[3].key and trade.model.order.descending
    assert trade.events_box.isChecked() == events      # built after first paint, restored then
    assert abs(trade.splitter.sizes()[0] - saved_sizes[0]) <= 2
    dispose_window(second)


def test_unvisited_pane_keeps_its_remembered_charts_layout(qtbot, store):
    first = _open(qtbot, store, "corridors")
    corridors = first.current_pane()
    corridors.upper.setSizes([300, 700])
    first.show_pane("trade")
    first.close()
    dispose_window(first)

    second = _open(qtbot, store, "trade")      # corridors is never shown this time
    second.close()
    dispose_window(second)

    third = _open(qtbot, store, "corridors")
    sizes = third.current_pane().upper.sizes()
    assert sizes[0] < sizes[1]
    dispose_window(third)


def test_reset_layout_forgets_and_restores_defaults(qtbot, store):
    first = _open(qtbot, store, "institutions")
    pane = first.current_pane()
    total = pane.model.rowCount()
    pane.facet_boxes["side"].setCurrentIndex(1)
    pane.filter_edit.setText("bank")
    pane.table.horizontalHeader().resizeSection(0, 333)
    qtbot.waitUntil(lambda: pane.model.rowCount() < total, timeout=3000)
    first.reset_layout()
    assert pane.filter_edit.text() == ""
    assert pane.facet_boxes["side"].currentIndex() == 0
    assert pane.table.horizontalHeader().sectionSize(0) != 333
    qtbot.waitUntil(lambda: pane.model.rowCount() == total, timeout=3000)
    assert settings.get(settings.for_pane(settings.PANE_FILTER, "institutions")) == ""
    first.close()
    dispose_window(first)

    second = _open(qtbot, store, "institutions")
    assert second.current_pane().filter_edit.text() == ""
    assert second.current_pane().facet_boxes["side"].currentIndex() == 0
    dispose_window(second)


def test_a_damaged_settings_file_falls_back_to_defaults(qtbot, store):
    s = settings.qsettings()
    s.setValue("panes/trade/header", "{not json")
    s.setValue("panes/trade/options", "[1, 2]")
    s.setValue("panes/trade/splitters", "zz")
    s.sync()
    win = _open(qtbot, store, "trade")
    assert win.current_pane().model.rowCount() > 0
    dispose_window(win)


def test_a_remembered_chart_tab_this_workspace_hides_is_not_restored(qtbot, store, tmp_path):
    """The monthly chart's tab, chosen on a workspace with monthly imports, is hidden on one
    without: that workspace opens on the first chart with its tab selected (not on the monthly
    chart's "no figures" with no tab selected), and the first workspace still gets its tab back."""
    from explorer.data.db import Store
    from explorer.ui.widgets.trade_charts import BILATERAL_TAB, MONTHLY_TAB
    from tests.data.test_trade_view import _monthly

    conn = store.connect()
    _monthly(conn, [("china", "russia", "import", "TOTAL", "2023-01", 9_000_000)])
    conn.close()
    first = _open(qtbot, store, "trade")
    first.pane("trade").charts.tabs.setCurrentIndex(MONTHLY_TAB)
    first.close()
    dispose_window(first)

    second = _open(qtbot, Store(workspace=tmp_path / "other.sqlite", bundled=store.bundled), "trade")
    charts = second.pane("trade").charts
    assert not charts.tabs.isTabVisible(MONTHLY_TAB)
    assert charts.tabs.currentIndex() == BILATERAL_TAB and charts.current() is charts.bilateral
    second.remember_state = False
    second.close()
    dispose_window(second)

    third = _open(qtbot, store, "trade")
    charts = third.pane("trade").charts
    assert charts.tabs.currentIndex() == MONTHLY_TAB and charts.current() is charts.series
    third.close()
    dispose_window(third)


def test_the_corridors_and_institutions_facets_come_back(qtbot, store):
    """Their declared facets are named boxes like every pane's: a region (kept as its place id,
    filtering by the corridors that touch it) and a side come back on the next start."""
    first = _open(qtbot, store, "corridors")
    corridors = first.current_pane()
    all_rows = corridors.model.rowCount()
    region = corridors.facet_boxes["region"]
    region.setCurrentIndex(region.findData("heilongjiang"))
    qtbot.waitUntil(lambda: 0 < corridors.model.rowCount() < all_rows, timeout=3000)
    rows = corridors.model.rowCount()
    institutions = show_and_wait(qtbot, first, "institutions")
    institutions.set_facet("side", "Russia")
    first.close()
    dispose_window(first)

    second = _open(qtbot, store, "corridors")
    corridors = second.pane("corridors")
    assert corridors.facet_boxes["region"].currentData() == "heilongjiang"
    assert set(corridors.facets()) == {"corridor"}
    qtbot.waitUntil(lambda: corridors.model.rowCount() == rows, timeout=3000)
    institutions = show_and_wait(qtbot, second, "institutions")
    assert institutions.facets() == {"side": "Russia"}
    dispose_window(second)
