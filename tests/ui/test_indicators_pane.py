"""The Indicators pane as an analyst uses it: imported series drawn one axis per
unit, facets narrowing table and chart together, citation with publisher, file
and row; a clear empty state before anything is imported."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from explorer.data.importing import run_import
from tests.conftest import open_window

OWID = ("Entity,Code,Year,Trade (% of GDP),Exports of goods and services (constant 2015 US$)\n"
        "China,CHN,2021,37.4,3.5e12\n"
        "China,CHN,2022,37.44072,3.6e12\n"
        "Russia,RUS,2021,46.2,4.1e11\n"
        "Russia,RUS,2022,42.782787,3.84246846207e11\n"
        "Mongolia,MNG,2022,136.32793,7813474320\n")


def _import(store, tmp_path) -> None:
    path = tmp_path / "owid-trade.csv"
    path.write_text(OWID, encoding="utf-8")
    conn = store.connect()
    try:
        run_import(conn, path)
    finally:
        conn.close()


@pytest.fixture
def pane(qtbot, store, tmp_path):
    _import(store, tmp_path)
    with open_window(qtbot, store, "indicators") as win:
        yield win.pane("indicators")


def test_series_are_drawn_one_axis_per_unit(pane):
    chart = pane.chart.chart
    assert {(s.indicator, s.place, s.axis) for s in chart.series} == {
        ("Trade", "China", "% of GDP"), ("Trade", "Russia", "% of GDP"), ("Trade", "Mongolia", "% of GDP"),
        ("Exports of goods and services", "China", "USD, constant 2015 prices"),
        ("Exports of goods and services", "Russia", "USD, constant 2015 prices"),
        ("Exports of goods and services", "Mongolia", "USD, constant 2015 prices")}
    assert set(pane.chart.plots) == {"% of GDP", "USD, constant 2015 prices"}   # two units, two axes
    assert pane.chart.chart_area.isVisible()
    # every row of the table is a point of the chart, and nothing else is
    keys = {str(pane.model.key(r)) for r in range(pane.model.rowCount())}
    assert sorted(pane.chart.plotted_keys()) == sorted(keys)
    russia = next(s for s in chart.series if (s.indicator, s.place) == ("Trade", "Russia"))
    assert [(p.period, p.value) for p in russia.points] == [("2021", 46.2), ("2022", 42.782787)]


def test_facets_narrow_table_and_chart(pane, qtbot):
    assert pane.model.rowCount() == 10
    pane.set_facet("place", "Russia")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 4, timeout=3000)
    assert {s.place for s in pane.chart.chart.series} == {"Russia"}
    pane.set_facet("indicator", "Trade")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=3000)
    assert [s.label for s in pane.chart.chart.series] == ["Trade — Russia"]
    assert set(pane.chart.plots) == {"% of GDP"}                                # one unit, one axis
    pane.set_facet("place", None)
    pane.set_facet("indicator", None)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 10, timeout=3000)


def test_several_places_are_compared_by_checking_them(pane, qtbot):
    facet = pane.facet_boxes["place"]
    items = {facet.list.item(i).text(): facet.list.item(i) for i in range(facet.list.count())}
    assert {"China", "Russia", "Mongolia"} <= set(items)
    items["China"].setCheckState(Qt.CheckState.Checked)          # as a click on the check box does
    items["Mongolia"].setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 6, timeout=3000)
    assert {s.place for s in pane.chart.chart.series} == {"China", "Mongolia"}
    assert facet.text() == "China, Mongolia"
    facet.find.setText("mon")                                     # typing narrows the list, not the choice
    assert [facet.list.item(i).text() for i in range(facet.list.count())
            if not facet.list.item(i).isHidden()] == ["Mongolia"]
    facet.clear()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 10, timeout=3000)
    assert facet.text() == "Any country or region"


def test_text_filter_narrows_table(pane, qtbot):
    pane.filter_edit.setText("mongolia exports")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=3000)
    assert pane.chart.chart.series[0].label == "Exports of goods and services — Mongolia"


def test_citation_names_publisher_file_and_row(pane, qtbot):
    pane.set_facet("place", "Mongolia")
    pane.set_facet("indicator", "Trade")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=3000)
    key = str(pane.model.key(0))
    with qtbot.waitSignal(pane.row_selected, timeout=3000):
        assert pane.select_key(key)
    text = pane.citation.text()
    assert "Our World in Data" in text
    assert "owid-trade.csv" in text
    assert "row 6" in text


def test_export_csv_is_the_filtered_table(pane, qtbot, tmp_path):
    pane.set_facet("place", "China")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 4, timeout=3000)
    out = pane.export(tmp_path / "indicators.csv").read_text(encoding="utf-8-sig")
    assert out.splitlines()[0].startswith("indicator,place,period,value,unit,price_basis")
    assert "Trade,China,2022,37.44072,% of GDP" in out
    assert "Russia" not in out
    assert pane.export(tmp_path / "chart.png").stat().st_size > 0



def test_chart_footer_cites_the_imported_file_with_its_publisher(pane):
    # the footer comes from the one source-lines builder: an import is cited as its file
    # (before, the footer said only "Source: Our World in Data", naming no file)
    assert pane.chart_footer()[1:] == [
        "Source: imported from owid-trade.csv (original source as given in the import: Our World in Data)"]

def test_empty_workspace_says_how_to_import(qtbot, store):
    with open_window(qtbot, store, "indicators") as win:
        pane = win.pane("indicators")
        assert "No indicators imported yet" in pane.chart.note.text()
        assert "amur-explorer import" in pane.chart.note.text()
        assert not pane.chart.chart_area.isVisible()
        assert pane.model.rowCount() == 0


def test_wizard_finds_the_wdi_header_past_its_preamble(qtbot, window, tmp_path):
    from tests.ui.test_import_wizard import advance_to_check, open_wizard

    path = tmp_path / "API_NY.GDP.MKTP.CD.csv"
    path.write_text('"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-06-28",\n\n'
                    '"Country Name","Country Code","Indicator Name","Indicator Code","2021","2022",\n'
                    '"Mongolia","MNG","GDP (current US$)","NY.GDP.MKTP.CD","15286000000","17146339000",\n',
                    encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    check = advance_to_check(qtbot, wizard)
    preview = wizard.preview_page
    # the header is on line 5, the third record (blank lines are records to some readers, not to others)
    assert "Layout: wdi" in preview.format_label.text()
    assert re.search(r"header on row [35]\b", preview.format_label.text())
    assert preview.table.horizontalHeaderItem(0).text() == "Country Name"
    assert preview.table.item(0, 0).text() == "Mongolia"
    assert "would add 2" in check.report.toPlainText()
    with qtbot.waitSignal(window.ctx.bus.data_changed, timeout=30000):
        wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=30000)
    wizard.accept()
    pane = window.show_pane("indicators")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: pane.is_ready, timeout=15000)
    assert [s.label for s in pane.chart.chart.series] == ["GDP — Mongolia"]
    assert [f.text() for f in [pane.facet_boxes["place"].list.item(0)]] == ["Mongolia"]


def test_chosen_places_come_back_on_the_next_start_and_reset_forgets_them(qtbot, store, tmp_path):
    from explorer.ui.launch import create_window
    from tests.conftest import dispose_window

    _import(store, tmp_path)
    first = create_window(store, "indicators")
    qtbot.addWidget(first)
    first.show()
    pane = first.pane("indicators")
    qtbot.waitUntil(lambda: pane.is_ready, timeout=15000)
    pane.set_facet("place", ["Russia", "Mongolia"])
    qtbot.waitUntil(lambda: pane.model.rowCount() == 6, timeout=3000)
    first.close()
    dispose_window(first)
    with open_window(qtbot, store, "indicators") as again:
        restored = again.pane("indicators")
        assert sorted(restored.facets()["place"]) == ["Mongolia", "Russia"]
        qtbot.waitUntil(lambda: restored.model.rowCount() == 6, timeout=3000)
        assert {s.place for s in restored.chart.chart.series} == {"Russia", "Mongolia"}
        restored.reset_layout()
        qtbot.waitUntil(lambda: restored.model.rowCount() == 10, timeout=3000)
        assert restored.facets() == {}


def test_click_on_a_point_selects_its_row_and_shows_its_citation(pane, qtbot):
    from PySide6.QtCore import QPointF

    pane.set_facet("place", "Mongolia")
    pane.set_facet("indicator", "Trade")
    qtbot.waitUntil(lambda: [s.label for s in pane.chart.chart.series] == ["Trade — Mongolia"], timeout=3000)
    (point,) = pane.chart.chart.series[0].points
    plot = pane.chart.plots["% of GDP"]
    qtbot.waitUntil(lambda: plot.vb.width() > 10, timeout=3000)
    def point_in_view() -> bool:                   # the plot ranges itself to its data once laid out
        (x0, x1), (y0, y1) = plot.vb.viewRange()
        return x0 < point.x < x1 and y0 < point.value < y1
    qtbot.waitUntil(point_in_view, timeout=3000)
    scene = plot.vb.mapViewToScene(QPointF(point.x, point.value))
    pos = pane.chart.graphics.mapFromScene(scene)
    with qtbot.waitSignal(pane.row_selected, timeout=3000) as sig:
        qtbot.mouseClick(pane.chart.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == [point.key]
    assert pane.selected_key() == point.key
    assert "owid-trade.csv" in pane.citation.text() and "row 6" in pane.citation.text()


def test_a_big_table_under_free_text_draws_its_chart_from_a_background_read(pane, qtbot, monkeypatch):
    """Over a big table a text filter's chart (the full query: seconds at 400k rows) is read off
    the UI thread: meanwhile the chart says so instead of showing the previous filter's series,
    then draws exactly what the full query gives; facets alone are answered from the rollup."""
    from explorer.data import indicators
    from explorer.ui.panes.indicators import READING_TEXT

    monkeypatch.setattr(indicators, "BACKGROUND_ROWS", 1)          # the imported rows count as big
    pane.filter_edit.setText("mongolia exports")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=3000)
    qtbot.waitUntil(lambda: pane.chart.chart.series != (), timeout=5000)
    assert [s.label for s in pane.chart.chart.series] == ["Exports of goods and services — Mongolia"]
    assert pane.chart.chart == indicators.fetch_chart(pane.ctx.conn, pane.current_filter())
    pane.filter_edit.setText("")
    pane.set_facet("place", "Russia")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 4, timeout=3000)
    assert pane.chart.note.text() != READING_TEXT                   # drawn at once, from the rollup
    assert {s.place for s in pane.chart.chart.series} == {"Russia"}


def test_hovering_a_point_shows_its_series_period_and_value(pane, qtbot):
    from PySide6.QtCore import QPointF

    pane.set_facet("place", "Mongolia")
    pane.set_facet("indicator", "Trade")
    qtbot.waitUntil(lambda: [s.label for s in pane.chart.chart.series] == ["Trade — Mongolia"], timeout=3000)
    series = pane.chart.chart.series[0]
    (point,) = series.points
    plot = pane.chart.plots["% of GDP"]
    qtbot.waitUntil(lambda: plot.vb.width() > 10, timeout=3000)
    pane.chart.hover_at(plot.vb.mapViewToScene(QPointF(point.x, point.value)))
    tip = pane.chart.hover_tip
    assert tip.startswith("Trade — Mongolia") and point.period in tip and "% of GDP" in tip
    assert str(point.value)[:5] in tip.replace(",", "")


def test_the_year_axis_says_whole_years_only(pane, qtbot):
    """Two years of figures: the axis reads 2021 and 2022, never 2021.2 or 2021.0."""
    from PySide6.QtGui import QImage, QPainter

    qtbot.waitUntil(lambda: pane.chart.chart_area.isVisible(), timeout=5000)
    pane.chart.graphics.grab()              # laid out and drawn once
    labels = []
    for plot in pane.chart.plots.values():
        axis = plot.getAxis("bottom")
        image = QImage(10, 10, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            _axis, _ticks, texts = axis.generateDrawSpecs(painter)
        finally:
            painter.end()
        labels += [text for _rect, _flags, text in texts]
    assert {"2021", "2022"} <= set(labels)
    assert all(re.fullmatch(r"\d{4}", label) for label in labels), labels
