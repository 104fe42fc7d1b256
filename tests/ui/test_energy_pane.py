"""The Energy pane as an analyst uses it: every capacity charted in its own
unit, conversion only with the factor on screen, click to citation, facets."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

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
    plot._on_move(scene)
    assert "38 bcm/yr" in plot.last_hover
    assert "2024-12" in plot.last_hover
    assert "Sino-Russian" in plot.last_hover


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
        m.route_clicked.emit("espo-1")
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
