"""The Corridors pane as an analyst uses it: timeline, map and table agree,
filters hide and show corridors, dates keep their precision, exports work."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from explorer.data import corridors as cd
from tests.conftest import show_and_wait, open_window
from tests.corridors_data import build_corridor_db


@pytest.fixture(scope="module")
def corridor_db(tmp_path_factory):
    return build_corridor_db(tmp_path_factory.mktemp("corridors-ui"))


@pytest.fixture
def pane(qtbot, corridor_db, tmp_path):
    from explorer.data.db import Store
    with open_window(qtbot, Store(workspace=tmp_path / "ws.sqlite", bundled=corridor_db), "corridors") as win:
        yield win.pane("corridors")


def _dated_corridor_events(conn):
    return conn.execute("SELECT event_id, date, date_precision FROM all_events "
                        "WHERE subject_type = 'corridor' AND date IS NOT NULL").fetchall()


def _assert_at_its_date(timeline, event_id, text, precision):
    span = cd.parse_date(text, precision)
    glyph = timeline.glyphs[event_id]
    assert glyph.x0 == span.start_ts()
    assert span.start_ts() <= glyph.x < span.end_ts()


def _view_pos(plot_widget, view_box, x, y) -> QPoint:
    scene = view_box.mapViewToScene(QPointF(x, y))
    return plot_widget.mapFromScene(scene)


def test_every_milestone_in_the_real_database_is_on_the_timeline(qtbot, window):
    pane = show_and_wait(qtbot, window, "corridors")
    events = _dated_corridor_events(window.ctx.conn)
    for event_id, text, precision in events:
        _assert_at_its_date(pane.timeline, event_id, text, precision)
    undated = window.ctx.conn.execute("SELECT count(*) FROM all_events WHERE subject_type = 'corridor' "
                                      "AND date IS NULL").fetchone()[0]
    assert len(pane.timeline.undated) == undated
    corridors = window.ctx.conn.execute("SELECT count(*) FROM all_corridors").fetchone()[0]
    assert len(pane.timeline.rows) == corridors


def test_every_milestone_is_drawn_at_its_date(pane):
    events = _dated_corridor_events(pane.ctx.conn)
    assert len(events) == 6
    assert set(pane.timeline.glyphs) == {e[0] for e in events}
    for event_id, text, precision in events:
        _assert_at_its_date(pane.timeline, event_id, text, precision)
    # one row per corridor, even one without milestones, grouped by kind (rail first)
    assert pane.timeline.visible_rows()[0] == "test-rail"
    assert pane.timeline.visible_rows()[-1] == "test-hub"          # undated rows go last
    assert "test-hub" in pane.timeline.visible_rows()
    assert "Test Freight Hub" in pane.timeline.row_labels


def test_month_precision_is_drawn_as_the_month_not_a_day(pane):
    glyph = pane.timeline.glyphs["ev-t-nov"]
    november = cd.parse_date("2022-11", "month")
    assert (glyph.x0, glyph.x1) == (november.start_ts(), november.end_ts())
    assert glyph.x == november.mid_ts()
    assert "November 2022 (month precision)" in glyph.tooltip
    assert "1 November" not in glyph.tooltip and "2022-11-01" not in glyph.tooltip
    assert "2015 (year precision)" in pane.timeline.glyphs["ev-t-agreed"].tooltip
    assert "25 November 2019" in pane.timeline.glyphs["ev-t-done"].tooltip


def test_kind_filter_hides_and_shows_rows(qtbot, pane):
    combo = pane.facet_boxes["kind"]
    combo.setCurrentIndex(combo.findData("port"))
    qtbot.waitUntil(lambda: pane.timeline.visible_rows() == ["test-port"])
    assert pane.model.rowCount() == 2
    assert set(pane.timeline.glyphs) == {"ev-t-nov", "ev-t-target"}
    assert [k for k, r in pane.map.routes.items() if r.visible] == ["test-port"]
    combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(pane.timeline.visible_rows()) == 4)
    assert pane.model.rowCount() == 7
    assert all(r.visible for r in pane.map.routes.values())


def test_region_filter_shows_corridors_touching_a_province(qtbot, pane):
    combo = pane.facet_boxes["region"]
    combo.setCurrentIndex(combo.findData("test-prov-cn"))
    qtbot.waitUntil(lambda: pane.timeline.visible_rows() == ["test-rail"])
    combo.setCurrentIndex(combo.findData("russia"))
    qtbot.waitUntil(lambda: set(pane.timeline.visible_rows()) ==
                    {"test-rail", "test-port", "heihe-blagoveshchensk-bridge"})


@pytest.mark.parametrize("text", ["Тестовый", "测试港", "seaport"])
def test_search_by_name_in_three_languages(qtbot, pane, text):
    pane.filter_edit.setText(text)          # as typed or pasted (keyClicks cannot type Cyrillic offscreen)
    qtbot.waitUntil(lambda: pane.timeline.visible_rows() == ["test-port"])
    assert pane.model.rowCount() == 2


def test_clicking_a_milestone_selects_its_row_and_shows_its_citation(qtbot, pane):
    glyph = pane.timeline.glyphs["ev-t-done"]
    plot = pane.timeline.graphics
    pos = _view_pos(plot, pane.timeline.view, glyph.x, glyph.y)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: pane.selected_key() == "ev-t-done")
    assert "completed" in pane.citation.text()
    assert pane.timeline.selected_event == "ev-t-done"
    assert pane.map.highlighted == "test-rail"
    assert pane.map.route_pen_width("test-rail") > pane.map.route_pen_width("test-port")


def test_hover_shows_the_milestone(qtbot, pane):
    glyph = pane.timeline.glyphs["ev-t-nov"]
    plot = pane.timeline.graphics
    qtbot.mouseMove(plot.viewport(), _view_pos(plot, pane.timeline.view, glyph.x, glyph.y))
    qtbot.waitUntil(lambda: pane.timeline.hovered == "ev-t-nov")
    assert "November 2022 (month precision)" in pane.timeline.info.text()
    assert [h.key for h in pane.timeline.hits if h.key == "ev-t-nov"] == ["ev-t-nov"]


def test_selecting_a_table_row_highlights_timeline_and_map(qtbot, pane):
    assert pane.select_key("ev-t-target")
    assert pane.timeline.selected_event == "ev-t-target"
    assert pane.timeline.selected_corridor == "test-port"
    assert pane.map.highlighted == "test-port"
    assert pane.select_key("test-hub")                 # a corridor with no milestone
    assert pane.timeline.selected_event is None
    assert pane.timeline.selected_corridor == "test-hub"


def test_clicking_a_route_on_the_map_selects_the_corridor(qtbot, pane):
    route = pane.map.routes["test-rail"]
    (lon0, lat0), (lon1, lat1) = route.points[0], route.points[1]
    vb = pane.map.plot.getPlotItem().getViewBox()
    pos = _view_pos(pane.map.plot, vb, (lon0 + lon1) / 2, (lat0 + lat1) / 2)
    qtbot.mouseClick(pane.map.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: pane.selected_key() == "ev-t-agreed")     # its first milestone
    assert pane.map.highlighted == "test-rail"
    assert pane.timeline.selected_corridor == "test-rail"


def test_overview_range_drives_the_detail_view(qtbot, pane):
    lo, hi = cd.parse_date("2015", "year").start_ts(), cd.parse_date("2020", "year").end_ts()
    pane.timeline.region.setRegion((lo, hi))
    got = pane.timeline.detail_range()
    assert abs(got[0] - lo) < 86400 and abs(got[1] - hi) < 86400
    pane.timeline.set_detail_range(lo, lo + 3 * 365 * 86400)
    assert abs(pane.timeline.region.getRegion()[1] - (lo + 3 * 365 * 86400)) < 86400


def test_map_draws_routes_over_natural_earth_outlines(pane):
    assert pane.map.region is not None and pane.map.region["borders"]
    assert "naturalearthdata.com" in pane.map.attribution.text()
    assert pane.map.routes["test-rail"].points == [(126.0, 45.0), (131.5, 43.5), (132.9, 42.8)]
    assert "test-hub" not in pane.map.routes                  # no located places, nothing to draw


def test_export_timeline_png_svg_with_citation_footer(pane, tmp_path):
    from PySide6.QtGui import QImage

    png = pane.export_timeline(tmp_path / "timeline.png")
    image = QImage(str(png))
    assert image.height() > pane.timeline.chart_area.height()         # room for the footer
    svg = pane.export_timeline(tmp_path / "timeline.svg").read_text(encoding="utf-8")
    assert "Source:" in svg and "Sino-Russian Sub-Regional Cooperation" in svg


def test_export_milestones_csv(qtbot, pane, tmp_path):
    pane.facet_boxes["kind"].setCurrentIndex(pane.facet_boxes["kind"].findData("rail"))
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    n = pane.export_milestones(tmp_path / "m.csv")
    with (tmp_path / "m.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert n == 3 and {r["event"] for r in rows} == {"agreed", "construction", "completed"}
    assert {r["date"] for r in rows} == {"2015", "2016-03", "2019-11-25"}


def test_imported_milestones_and_routes_appear_after_the_data_changes(qtbot, pane):
    conn = pane.ctx.conn
    with conn:
        conn.execute("INSERT INTO main.corridors (corridor_id, name_en, kind, source_file, source_row) "
                     "VALUES ('imp-road', 'Imported Road', 'road', 'mine.csv', 2)")
        conn.execute("INSERT INTO main.corridor_places (corridor_id, seq, place_id) VALUES "
                     "('imp-road', 1, 'alpha'), ('imp-road', 2, 'heihe')")
        conn.execute("INSERT INTO main.events (event_id, subject_type, subject_id, event, date, date_precision, "
                     "status, source_file, source_row) VALUES ('imp-ev', 'corridor', 'imp-road', 'opened', "
                     "'2024-02', 'month', 'actual', 'mine.csv', 3)")
    pane.ctx.bus.data_changed.emit()
    qtbot.waitUntil(lambda: "imp-ev" in pane.timeline.glyphs)
    _assert_at_its_date(pane.timeline, "imp-ev", "2024-02", "month")
    assert "February 2024 (month precision)" in pane.timeline.glyphs["imp-ev"].tooltip
    assert pane.map.routes["imp-road"].points == [(126.0, 45.0), (127.5, 50.25)]
    assert pane.facet_boxes["kind"].findData("road") >= 0


def test_the_time_axis_names_the_year_at_every_zoom(pane):
    """Years at a decade, months with their year at two years and six months, days with
    their year at a month (issue 18: one label at two years, no year at month zoom)."""
    import calendar

    from PySide6.QtCore import QRectF

    from explorer.ui.widgets.text_layout import _axis_boxes

    timeline = pane.timeline

    def labels(y0, m0, y1, m1):
        timeline.set_detail_range(calendar.timegm((y0, m0, 1, 0, 0, 0)), calendar.timegm((y1, m1, 1, 0, 0, 0)))
        timeline.graphics.grab()
        axis = timeline.plot.getAxis("bottom").sceneBoundingRect()
        view = timeline.graphics
        return [b.text for b in _axis_boxes(view, QRectF(view.viewport().rect()))
                if axis.contains(view.mapToScene(b.rect.center().toPoint()))]

    decade = labels(2016, 1, 2030, 1)
    assert len(decade) >= 3 and all(t.isdigit() and len(t) == 4 for t in decade)
    two_years = labels(2022, 1, 2024, 1)
    assert len(two_years) >= 3 and all(t[-4:] in ("2022", "2023", "2024") for t in two_years)
    month = labels(2023, 3, 2023, 4)
    assert len(month) >= 2 and all(t.endswith(" 2023") for t in month)


#: Inland South Korea, roughly: no shipping line may pass through it.
KOREA_INLAND = (126.8, 35.2, 128.8, 37.6)


def _crosses_korea(path) -> bool:
    lo_lon, lo_lat, hi_lon, hi_lat = KOREA_INLAND
    for (x0, y0), (x1, y1) in zip(path, path[1:]):
        for k in range(51):
            x, y = x0 + (x1 - x0) * k / 50, y0 + (y1 - y0) * k / 50
            if lo_lon <= x <= hi_lon and lo_lat <= y <= hi_lat:
                return True
    return False


def test_a_sea_route_goes_round_korea_not_across_it():
    from explorer.ui.widgets.map import sea_lane

    vladivostok, zhoushan, dalian = (131.9, 43.1), (122.2, 30.0), (121.6, 38.9)
    assert _crosses_korea([vladivostok, zhoushan])              # the straight line would
    for ends in ([vladivostok, zhoushan], [zhoushan, vladivostok], [dalian, vladivostok]):
        path, places = sea_lane(ends)
        assert not _crosses_korea(path)
        assert [p for p, place in zip(path, places) if place] == ends    # the places, in order
    # a route on one side of the peninsula is drawn as given
    assert sea_lane([(121.6, 38.9), (122.2, 30.0)]) == ([(121.6, 38.9), (122.2, 30.0)], [True, True])


def test_the_first_rows_marker_and_its_marks_are_not_cut_by_the_top_edge(qtbot, store):
    """The earliest corridor's milestone sits on the first row: its marker, selection ring
    and conflict triangle (about 14 px above its centre) were cut by the chart's top."""
    from PySide6.QtCore import QPointF

    with open_window(qtbot, store, "corridors", size=(1280, 800)) as win:
        timeline = show_and_wait(qtbot, win, "corridors").timeline
        qtbot.wait(10)
        first = [g for g in timeline.glyphs.values() if g.y == 0]
        assert first
        top = timeline.view.sceneBoundingRect().top()
        for g in first:
            centre = timeline.view.mapViewToScene(QPointF(g.x, g.y))
            assert centre.y() - top >= 14, (g.event_id, centre.y() - top)
        # and every row still gets at least the minimum height
        rows_shown = timeline.view.viewRange()[1]
        px_per_row = timeline.view.height() / (rows_shown[1] - rows_shown[0])
        assert px_per_row >= 18 - 0.01


def test_the_route_map_has_a_title_and_a_sea_route_says_it_is_schematic(qtbot, store):
    with open_window(qtbot, store, "corridors", size=(1280, 800)) as win:
        pane = show_and_wait(qtbot, win, "corridors")
        title = pane.map.plot.getPlotItem().titleLabel
        assert title.isVisible() and "kind" in title.text
        sea = [r for k, r in pane.map.routes.items() if any(not p for p in r.is_place)]
        assert sea                                  # the Jilin–Zhoushan route goes round Korea
        for route in sea:
            assert "not the ships' actual track" in route.curve.toolTip()


def test_corridor_headers_are_whole_in_bold_and_after_a_remembered_layout(qtbot, window):
    """The header draws the selected row's sections in bold: "Precision" read "recisio" at 1024×640."""
    from PySide6.QtGui import QFont, QFontMetrics

    pane = show_and_wait(qtbot, window, "corridors")
    header = pane.table.horizontalHeader()
    font = QFont(header.font())
    font.setBold(True)
    fm = QFontMetrics(font)

    def assert_whole():
        for i, col in enumerate(pane.model.spec.columns):
            if not pane.table.isColumnHidden(i) and i < header.count() - 1:
                assert pane.table.columnWidth(i) >= fm.horizontalAdvance(col.header) + 24, col.header

    assert_whole()
    column = pane.model.spec.keys.index("precision")
    pane.table.setColumnWidth(column, 30)          # as a layout saved by an older release held it
    pane.restore(pane.state())
    assert_whole()
