"""Recorded conflicts on the charts (issue 16): every milestone, route, bar and node
involved in a recorded conflict carries a mark, a clean one carries none, and
clicking the marked element puts the conflict — both statements, both quotes —
in the citation panel."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from explorer.data.conflicts import marks
from tests.conftest import show_and_wait

BRIDGE = "ev-tongjiang-bridge-doc001-completed"         # doc 001's "newly completed" bridge, 2019-09
BRIDGE_STATEMENTS = ("newly completed Tongjiang bridge",
                     "the Heihe – Blagoveshchensk Cross – Border Highway Bridge (opened to traffic in June 2022)")


def click_view_point(qtbot, graphics_view, viewbox, x: float, y: float) -> None:
    """A real left click on the chart at view coordinates (x, y)."""
    viewbox.prepareForPaint()
    scene = viewbox.mapViewToScene(QPointF(x, y))
    pos = graphics_view.mapFromScene(scene)
    qtbot.mouseClick(graphics_view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def conflicted(window, pane: str) -> set[str]:
    return set(marks(window.ctx.conn).get(pane, {}))


# -- Corridors: timeline milestones and map routes ------------------------------------------

def test_timeline_marks_conflicted_milestones_only(qtbot, window):
    pane = show_and_wait(qtbot, window, "corridors")
    timeline = pane.timeline
    expected = conflicted(window, "corridors") & set(timeline.glyphs)
    assert BRIDGE in expected
    assert timeline.conflict_marked == expected
    clean = next(k for k in timeline.glyphs if k not in expected)
    assert clean not in timeline.conflict_marked
    assert "Recorded conflict (error)" in timeline.describe(BRIDGE)
    assert "Recorded conflict" not in timeline.describe(clean)


def test_clicking_a_marked_milestone_shows_the_conflict(qtbot, window):
    pane = show_and_wait(qtbot, window, "corridors")
    glyph = pane.timeline.glyphs[BRIDGE]
    click_view_point(qtbot, pane.timeline.graphics, pane.timeline.view, glyph.x, glyph.y)
    qtbot.waitUntil(lambda: pane.selected_key() == BRIDGE)
    text = pane.citation.text()
    assert "Conflict (error, date conflict)" in text
    for said in BRIDGE_STATEMENTS:
        assert said in text


def test_the_timeline_hits_are_the_shared_scheme_and_a_click_on_the_mark_picks_its_milestone(qtbot, window):
    from PySide6.QtCore import QPoint

    pane = show_and_wait(qtbot, window, "corridors")
    timeline = pane.timeline
    hits = {h.key: h for h in timeline.hits}
    assert set(hits) == set(timeline.glyphs)                    # one hit per milestone drawn
    assert hits[BRIDGE].mark == "error" and "Recorded conflict (error)" in hits[BRIDGE].tip
    assert all(h.mark is None for k, h in hits.items() if k not in timeline.conflict_marked)
    pane.select_key(BRIDGE)                                     # scrolled into view
    timeline.view.prepareForPaint()
    centre = timeline.pos_of(BRIDGE)
    # the mark's triangle, up and to the right of the marker, picks the milestone too
    with qtbot.waitSignal(timeline.picked, check_params_cb=lambda key: key == BRIDGE):
        qtbot.mouseClick(timeline.graphics.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(9, -11))
    # a click on no milestone picks nothing
    with qtbot.assertNotEmitted(timeline.picked):
        qtbot.mouseClick(timeline.graphics.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(timeline.graphics.width() - 5, 5))


def test_map_marks_routes_with_a_conflicted_milestone_and_a_click_shows_it(qtbot, window):
    pane = show_and_wait(qtbot, window, "corridors")
    corridor = pane.milestone_by_id[BRIDGE].corridor_id
    routes = pane.map.conflict_marked
    assert corridor in routes
    with_conflict = {pane.milestone_by_id[k].corridor_id for k in conflicted(window, "corridors")
                     if k in pane.milestone_by_id}
    clean = [k for k, r in pane.map.routes.items() if r.visible and k not in with_conflict]
    assert clean and not routes & set(clean)
    x, y = pane.map._middle(pane.map.routes[corridor])
    click_view_point(qtbot, pane.map.plot, pane.map.plot.getPlotItem().getViewBox(), x, y)
    qtbot.waitUntil(lambda: pane.selected_key() in conflicted(window, "corridors"))
    assert "Conflict (" in pane.citation.text()


# -- Energy: capacity bars, the volumes list and pipelines on the map -------------------------

POS_DESIGN = "ef-power-of-siberia-38-plan"                # 38 bcm/yr, "design" and "achieved" (cf-…-38-status)


def test_energy_bars_and_list_mark_conflicted_figures_only(qtbot, window):
    pane = show_and_wait(qtbot, window, "energy")
    expected = conflicted(window, "energy")
    drawn = set(pane.charts.plotted()) | set(pane.charts.others.figure_ids())
    assert POS_DESIGN in expected and POS_DESIGN in drawn
    assert pane.charts.conflict_marked == expected & drawn
    plot = pane.charts.plot_for(POS_DESIGN)
    labels = {f.figure_id: t for f, _v, t in plot.rows}
    clean = next(k for k in labels if k not in expected)
    assert clean not in plot.conflict_marked
    texts = [i.toPlainText() for i in plot.item.items if hasattr(i, "toPlainText")]
    assert f"⚠ {labels[POS_DESIGN]}" in texts and labels[clean] in texts
    listed = pane.charts.others.items()
    marked_item = next(listed[k] for k in listed if k in expected)
    assert not marked_item.icon(0).isNull()
    assert "Recorded conflict" in marked_item.toolTip(0)


def test_clicking_a_marked_bar_shows_the_conflict(qtbot, window):
    pane = show_and_wait(qtbot, window, "energy")
    plot = pane.charts.plot_for(POS_DESIGN)
    qtbot.mouseClick(plot.plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.bar_center(POS_DESIGN).toPoint())
    qtbot.waitUntil(lambda: pane.selected_key() == POS_DESIGN)
    text = pane.citation.text()
    assert "Conflict (info, value conflict)" in text
    assert "Conflict (error, garbled text)" in text
    assert text.count("38 billion cubic meters") >= 2 or text.count("38 bcm") >= 2     # both statements


def test_energy_map_marks_pipelines_with_a_conflicted_figure(qtbot, window):
    pane = show_and_wait(qtbot, window, "energy")
    pane.upper_tabs.setCurrentWidget(pane.pipeline_map)
    m = pane.pipeline_map.map
    # a route is marked when its asset's figures are in a recorded conflict: Power of Siberia,
    # drawn along GEM's route (its figures disagree on its completion), and no other
    asset_of = {key: ext.asset_id for key, ext in pane.pipeline_map.external.items()}
    marked = {k for k in m.routes if asset_of.get(k, k) in pane.pipeline_map.conflicted_figure}
    assert m.conflict_marked == marked == {"gem:P2352"}
    # a conflict the analyst's workspace records on one of them marks it, and only it
    with window.ctx.conn:
        window.ctx.conn.execute(
            "INSERT INTO main.conflicts(conflict_id, kind, severity, description, row_refs) VALUES "
            "('cf-test-skv', 'value_conflict', 'warning', 'Test: two capacities for the SKV pipeline', "
            "'energy_figures:ef-skv-28-04-design;energy_figures:ef-espo-taishet-skovorodino-80')")
    pane.refresh()
    assert m.conflict_marked == {"sakhalin-khabarovsk-vladivostok", "espo-taishet-skovorodino", "gem:P2352"}
    assert "espo-skovorodino-kozmino" in m.routes and "espo-skovorodino-kozmino" not in m.conflict_marked
    x, y = m._middle(m.routes["sakhalin-khabarovsk-vladivostok"])
    click_view_point(qtbot, m.plot, m.plot.getPlotItem().getViewBox(), x, y)
    qtbot.waitUntil(lambda: pane.selected_key() == "ef-skv-28-04-design")
    text = pane.citation.text()
    assert "Conflict (warning, value conflict)" in text and "Test: two capacities for the SKV pipeline" in text


# -- Institutions: graph nodes and timeline entries ---------------------------------------------

MEMO = "memo-investment-offices-2018"           # "signed yesterday" (2019) vs "together with the Plan" (2018)


def _assert_memo_conflict_shown(pane) -> None:
    text = pane.citation.text()
    assert "Conflict (warning, date conflict)" in text
    assert "signed yesterday" in text                                   # doc 001's statement
    assert "signed together with the Development Plan" in text          # doc 003's


def test_graph_marks_conflicted_institutions_only_and_a_click_shows_the_conflict(qtbot, window):
    pane = show_and_wait(qtbot, window, "institutions")
    graph = pane.graph
    expected = conflicted(window, "institutions")
    assert MEMO in expected
    assert graph.conflict_marked == expected & set(graph.node_items)
    clean = next(k for k in graph.node_items if k not in expected)
    assert "Recorded conflict" not in graph.node_items[clean].toolTip()
    assert "Recorded conflict (warning)" in graph.node_items[MEMO].toolTip()
    assert "recorded conflict" in graph.legend.texts
    node = graph.layout_.nodes[MEMO]
    click_view_point(qtbot, graph.plot, graph.view, node.x, node.y)
    qtbot.waitUntil(lambda: pane.selected_key() == MEMO)
    _assert_memo_conflict_shown(pane)


def test_institution_timeline_names_conflicted_entries_with_a_mark(qtbot, window):
    pane = show_and_wait(qtbot, window, "institutions")
    pane.views.setCurrentWidget(pane.timeline)
    timeline = pane.timeline
    qtbot.waitUntil(lambda: timeline.laid_out_for_size())
    expected = conflicted(window, "institutions")
    shown = {e.inst_id for e in timeline.entries}
    assert MEMO in shown and timeline.conflict_marked == expected & shown
    clean = next(k for k in shown if k not in expected)
    assert timeline.label_items[MEMO].toPlainText().startswith("    ")          # room for the mark
    assert not timeline.label_items[clean].toPlainText().startswith(" ")
    assert "Recorded conflict (warning)" in timeline.label_items[MEMO].toolTip()
    entry = next(e for e in timeline.entries if e.inst_id == MEMO)
    lo, hi = timeline._extent[MEMO]
    pane.select_key(clean)                  # another row is current
    timeline.select(MEMO)                   # and the entry scrolled into view
    click_view_point(qtbot, timeline.plot, timeline.view, (lo + hi) / 2, entry.lane + 0.5)
    qtbot.waitUntil(lambda: pane.selected_key() == MEMO)
    _assert_memo_conflict_shown(pane)


def test_the_institutions_graph_is_legible_at_1280x800(qtbot, window):
    pane = show_and_wait(qtbot, window, "institutions")
    graph = pane.graph
    qtbot.waitUntil(lambda: graph.view_scale() >= 0.8, timeout=5000)
    assert len(graph.node_items) == len(graph.layout_.nodes) == window.ctx.conn.execute(
        "SELECT count(*) FROM all_institutions").fetchone()[0]
    # the side panel keeps the citation down to its quote: the relations sit under the table
    assert pane.citation.window() is window and pane.relations_list.parentWidget() is not pane.citation.parentWidget()


def test_a_route_is_marked_only_while_its_conflicted_milestone_is_shown(qtbot, window):
    pane = show_and_wait(qtbot, window, "corridors")
    corridor = pane.milestone_by_id[BRIDGE].corridor_id
    assert corridor in pane.map.conflict_marked
    pane.filter_edit.setText("Shenyang")    # the Shenyang hub only: no conflicted milestone
    qtbot.waitUntil(lambda: BRIDGE not in pane.visible_keys())
    qtbot.waitUntil(lambda: corridor not in pane.map.conflict_marked)
    assert pane.timeline.conflict_marked == set()


def test_hierarchy_items_of_a_conflicted_institution_carry_the_severity_icon(qtbot, window):
    pane = show_and_wait(qtbot, window, "institutions")
    pane.views.setCurrentWidget(pane.tree)
    marked = [it for it in pane.tree.items_for(MEMO)]
    assert marked and all(not it.icon(0).isNull() and "Recorded conflict (warning)" in it.toolTip(0) for it in marked)
    clean = next(k for k in pane.graph.node_items if k not in conflicted(window, "institutions"))
    assert all(it.icon(0).isNull() for it in pane.tree.items_for(clean))
    pane.tree.setCurrentItem(marked[0])
    qtbot.waitUntil(lambda: pane.selected_key() == MEMO)
    _assert_memo_conflict_shown(pane)


def test_the_first_rows_conflict_marks_are_whole_at_every_size(qtbot, store):
    """The ring and triangle of a milestone in the timeline's first row lie inside the plot
    (the triangle was cut by the top edge at 1920×1080)."""
    from explorer.ui.widgets.conflict_marks import MARK_SIZE
    from tests.conftest import open_window

    PEN_PX = 2          # the triangle's outline (and antialiasing) outside its path

    for size in ((1024, 640), (1920, 1080)):
        with open_window(qtbot, store, "corridors", size=size) as win:
            timeline = show_and_wait(qtbot, win, "corridors").timeline
            qtbot.wait(20)
            timeline.view.prepareForPaint()
            top = timeline.view.sceneBoundingRect().top()
            first = [g for g in timeline.glyphs.values() if g.y == 0 and g.event_id in timeline.conflict_marked]
            assert first, "the first row holds a marked milestone"
            for glyph in first:
                centre = timeline.view.mapViewToScene(QPointF(glyph.x, glyph.y))
                assert centre.y() - MARK_SIZE / 2 - PEN_PX >= top, (size, glyph.event_id, centre.y(), top)
