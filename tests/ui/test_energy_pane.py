"""The Energy pane as an analyst uses it: every capacity charted in its own
unit, conversion only with the factor on screen, click to citation, facets."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from explorer.data import energy
from tests.conftest import open_window
from tests.data import test_energy
from tests.data.test_energy import FIGURES

energy_bundled = test_energy.energy_bundled     # the fixture, shared

CAPACITIES = {f[0]: (float(f[3]), f[4]) for f in FIGURES if f[2].endswith("capacity")}


@pytest.fixture
def pane(qtbot, energy_bundled, tmp_path):
    from explorer.data.db import Store
    with open_window(qtbot, Store(workspace=tmp_path / "ws.sqlite", bundled=energy_bundled), "energy") as win:
        yield win.pane("energy")


def test_each_capacity_is_plotted_with_its_unit(pane):
    plotted = pane.charts.plotted()
    assert set(plotted) == set(CAPACITIES)
    for fid, (value, unit) in CAPACITIES.items():
        drawn, label = plotted[fid]
        assert drawn == pytest.approx(value)
        assert label.endswith(unit)
        plot = pane.charts.plot_for(fid)
        assert unit in plot.axis_label     # one plot per unit
    # oil and gas never share a plot
    assert pane.charts.plot_for("ef-espo1-80") is not pane.charts.plot_for("ef-pos-38")


def test_volumes_and_effects_are_listed_apart_from_capacity(pane):
    assert set(pane.charts.others.figure_ids()) == {"ef-east-cum", "ef-east-co2", "ef-east-so2"}
    assert not {"ef-east-cum", "ef-east-co2"} & set(pane.charts.plotted())


def test_common_view_converts_with_the_factor_displayed(pane):
    charts = pane.charts
    charts.set_factors(energy.with_factor(charts.factors, "gas|bcm/yr", 0.75))
    charts.common_toggle.setChecked(True)
    shown = charts.factor_label.text()
    assert "1 bcm/yr ≈ 0.75 Mtoe/yr" in shown
    assert "Statistical Review of World Energy" in shown
    value, label = charts.plotted()["ef-skv-28"]
    assert value == pytest.approx(28.04 * 0.75)
    assert "Mtoe/yr" in label and "28.04 bcm/yr" in label


def test_capacity_without_factor_is_not_silently_converted(pane):
    pane.charts.common_toggle.setChecked(True)
    assert "ef-lng-5" not in pane.charts.plotted()
    assert "no conversion factor for Mt LNG/yr" in pane.charts.factor_label.text()


def test_factor_edits_persist(pane, qtbot):
    from explorer.ui.widgets.energy_charts import load_factors

    pane.charts.set_factors(energy.with_factor(pane.charts.factors, "oil|Mt/yr", 1.02))
    assert {f.key: f.factor for f in load_factors()}["oil|Mt/yr"] == pytest.approx(1.02)


def test_click_on_bar_selects_row_and_shows_citation(pane, qtbot):
    plot = pane.charts.plot_for("ef-skv-28")
    pos = plot.bar_center("ef-skv-28").toPoint()
    with qtbot.waitSignal(pane.row_selected, timeout=3000) as sig:
        qtbot.mouseClick(plot.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == ["ef-skv-28"]
    assert pane.selected_key() == "ef-skv-28"
    assert "quote of ef-skv-28" in pane.citation.text()
    assert "Sino-Russian" in pane.citation.text()


def test_hover_shows_value_unit_date_and_document(pane):
    plot = pane.charts.plot_for("ef-pos-max")
    scene = plot.plot.mapToScene(plot.bar_center("ef-pos-max").toPoint())
    tip = plot.hit_at(scene).tip          # what hovering there shows
    assert "38 bcm/yr" in tip
    assert "2024-12" in tip
    assert "Sino-Russian" in tip


def test_effect_click_shows_its_citation(pane, qtbot):
    lst = pane.charts.others
    item = lst.items()["ef-east-co2"]
    assert "164 Mt CO2/yr" in item.text(1)
    rect = lst.visualItemRect(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: pane.selected_key() == "ef-east-co2", timeout=3000)
    assert "quote of ef-east-co2" in pane.citation.text()


def test_facets_narrow_table_and_charts(pane, qtbot):
    total = pane.model.rowCount()
    pane.set_facet("commodity", "oil")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=3000)
    assert set(pane.charts.plotted()) == {"ef-espo1-80", "ef-espo2-50"}
    pane.set_facet("commodity", None)
    pane.set_facet("measure", "emissions_avoided")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=3000)
    assert pane.charts.plotted() == {}
    pane.set_facet("measure", None)
    pane.set_facet("asset_status", "proposed")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=3000)
    pane.set_facet("asset_status", None)
    qtbot.waitUntil(lambda: pane.model.rowCount() == total, timeout=3000)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".png", ".svg"])
def test_exports(pane, tmp_path, suffix):
    path = pane.export(tmp_path / f"energy{suffix}")
    assert path.stat().st_size > 0
    if suffix == ".svg":
        assert "Sino-Russian" in path.read_text(encoding="utf-8")


def test_map_draws_each_placed_pipeline_width_by_capacity(pane, qtbot):
    m = pane.pipeline_map.map
    assert set(m.routes) == {"espo-1", "espo-2"}
    assert m.route_pen_width("espo-1") > m.route_pen_width("espo-2")
    assert "Power of Siberia" in pane.pipeline_map.note.text()        # no endpoints: said, not drawn
    with qtbot.waitSignal(pane.row_selected, timeout=3000) as sig:
        m.picked.emit("espo-1")
    assert sig.args == ["ef-espo1-80"]
    pane.set_facet("commodity", "gas")
    qtbot.waitUntil(lambda: not m.routes["espo-1"].visible, timeout=3000)


def test_hundreds_of_imported_pipelines_scroll_and_the_window_keeps_its_size(qtbot, energy_bundled, tmp_path):
    """A Global Energy Monitor tracker brings hundreds of pipelines: their bars scroll inside
    the capacity chart; the window stays 1024×640 (it grew to 12,990 px tall)."""
    from explorer.data.db import Store
    from explorer.data.importing.engine import run_import
    from tests.conftest import show_and_wait

    path = tmp_path / "pipelines.csv"
    rows = ["asset,commodity,measure,value,unit,date,status"]
    rows += [f"Imported pipeline {i},gas,design_capacity,{1 + i % 40},bcm/yr,2024,planned" for i in range(300)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    store = Store(workspace=tmp_path / "ws.sqlite", bundled=energy_bundled)
    conn = store.connect()
    run_import(conn, path, dataset="energy")
    conn.close()
    with open_window(qtbot, store, "energy", size=(1024, 640)) as win:
        charts = show_and_wait(qtbot, win, "energy").charts
        qtbot.wait(10)
        assert len(charts.plots[("gas", "bcm/yr")].rows) >= 300
        assert (win.width(), win.height()) == (1024, 640)
        assert win.minimumSizeHint().height() <= 640
        assert charts.plots_scroll.verticalScrollBar().maximum() > 0     # the bars scroll


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_pipeline_map_is_fitted_to_its_pipelines_with_its_legend_beside(qtbot, energy_bundled, tmp_path, size):
    """The aspect-locked map took the whole width and spanned longitudes 55–185, mostly
    empty: it is now about as wide as the pipelines' region, the legend beside it."""
    from explorer.data.db import Store
    from tests.conftest import show_and_wait

    with open_window(qtbot, Store(workspace=tmp_path / "ws.sqlite", bundled=energy_bundled), "energy",
                     size=size) as win:
        pane = show_and_wait(qtbot, win, "energy")
        pane.upper_tabs.setCurrentWidget(pane.pipeline_map)
        qtbot.wait(50)
        pipeline_map = pane.pipeline_map
        lon0, _lat0, lon1, _lat1 = pipeline_map.map.extent
        (x0, x1), _y = pipeline_map.map.plot.getPlotItem().getViewBox().viewRange()
        assert x1 - x0 <= 1.8 * (lon1 - lon0), ((x0, x1), (lon0, lon1))
        assert x0 <= lon0 and x1 >= lon1                       # every pipeline in view
        view = pipeline_map.map.plot                            # and the view not cut by its widget
        assert view.sceneRect().width() <= view.viewport().width() + 1
        note = pipeline_map.note
        assert note.isVisible() and note.geometry().left() >= pipeline_map.map.geometry().right()
        assert "Power of Siberia" in note.toolTip()             # what is not drawn is named


def test_the_bundled_capacities_show_whole_at_1024_by_640_without_scrolling(qtbot, store):
    from tests.conftest import show_and_wait

    with open_window(qtbot, store, "energy", size=(1024, 640)) as win:
        charts = show_and_wait(qtbot, win, "energy").charts
        qtbot.wait(20)
        assert charts.plots and (win.width(), win.height()) == (1024, 640)
        assert charts.plots_scroll.verticalScrollBar().maximum() == 0     # a few pipelines: all in view


def test_power_of_siberia_is_drawn_along_gems_route_and_cites_gem(qtbot, window):
    """No document routes Power of Siberia (issue 18: "not on the Energy map"): it is drawn
    along the route of Global Energy Monitor's tracker, exactly the kept file's points,
    said to be external, and a click cites GEM's tracker and file, not a document."""
    import csv
    from pathlib import Path

    from explorer.data.energy_routes import KEPT_FILE
    from tests.conftest import show_and_wait

    pane = show_and_wait(qtbot, window, "energy")
    pane.upper_tabs.setCurrentWidget(pane.pipeline_map)
    m = pane.pipeline_map.map
    with (Path(__file__).resolve().parents[2] / "db" / KEPT_FILE).open(encoding="utf-8", newline="") as fh:
        wkt = next(r for r in csv.DictReader(fh, delimiter=";") if r["ProjectID"] == "P2352")["WKTFormat"]
    kept = [tuple(float(n) for n in pair.split()) for pair in wkt[len("LINESTRING ("):-1].split(", ")]
    route = m.routes["gem:P2352"]
    xs, ys = route.curve.getData()
    assert list(zip(xs.tolist(), ys.tolist())) == kept
    assert route.visible and route.style == Qt.PenStyle.DashDotLine
    # the view takes the route in
    (x0, x1), (y0, y1) = m.plot.getPlotItem().getViewBox().viewRange()
    assert all(x0 <= lon <= x1 and y0 <= lat <= y1 for lon, lat in kept)
    legend = pane.pipeline_map.note.text()
    assert "Global Energy Monitor" in legend and "external to the documents" in legend
    assert "Not on the map" not in legend or "Power of Siberia gas pipeline," not in legend.split("Not on the map")[1]
    assert "external to the documents" in route.label

    pane.select_key(next(iter(pane.charts.plotted())))      # a document's row first: its quote shows
    # hover, then a real click, halfway along one of the route's segments
    vb = m.plot.getPlotItem().getViewBox()
    vb.prepareForPaint()
    (lon0, lat0), (lon1, lat1) = kept[3], kept[4]
    scene = vb.mapViewToScene(QPointF((lon0 + lon1) / 2, (lat0 + lat1) / 2))
    m.hover_at(scene)
    assert "Global Energy Monitor" in m.hover_tip and "external to the documents" in m.hover_tip
    qtbot.mouseClick(m.plot.viewport(), Qt.MouseButton.LeftButton, pos=m.plot.mapFromScene(scene))
    qtbot.waitUntil(lambda: "Global Energy Monitor" in pane.citation.text(), timeout=3000)
    text = pane.citation.text()
    assert "Global Gas Infrastructure Tracker" in text and "external to the documents" in text
    assert "4fe1a0eb221fcf106022b637f6ef72fca001e719" in text and "release" in text
    assert "“" not in text                                  # no document's quote
    assert pane.selected_key() is None
    assert any("Global Energy Monitor" in line for line in pane.chart_footer())


def test_the_map_exported_from_the_energy_pane_cites_gem_for_its_route(qtbot, window, tmp_path):
    """Export ▸ Chart exports the view shown: the map, its footer naming GEM's tracker
    beside the documents (the capacity chart's footer has no GEM line)."""
    from tests.conftest import show_and_wait

    pane = show_and_wait(qtbot, window, "energy")
    capacity = pane.export(tmp_path / "capacity.svg").read_text(encoding="utf-8")
    assert "Energy capacity" in capacity and "Global Energy Monitor" not in capacity
    pane.upper_tabs.setCurrentWidget(pane.pipeline_map)
    svg = pane.export(tmp_path / "map.svg").read_text(encoding="utf-8")
    assert "Energy pipelines map" in svg
    assert "Global Energy Monitor, Global Gas Infrastructure Tracker" in svg and "external to the documents" in svg
    assert "Oil and gas pipelines by stated capacity" in svg          # the map itself, not the bars


def test_filtering_power_of_siberia_out_hides_its_route(qtbot, window):
    from tests.conftest import show_and_wait

    pane = show_and_wait(qtbot, window, "energy")
    m = pane.pipeline_map.map
    assert m.routes["gem:P2352"].visible
    pane.set_facet("commodity", "oil")
    qtbot.waitUntil(lambda: not m.routes["gem:P2352"].visible, timeout=3000)
