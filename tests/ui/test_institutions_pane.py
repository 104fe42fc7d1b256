"""The Institutions pane as an analyst uses it: graph, hierarchy and timeline
hold every institution and relation; side/kind filters and search narrow all
of them; picking an institution anywhere picks it everywhere."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

from explorer.data.db import Store
from tests.conftest import show_and_wait, open_window

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "institutions_curated"


@pytest.fixture(scope="session")
def inst_bundled_path(tmp_path_factory) -> Path:
    from explorer.data.build import build

    out = tmp_path_factory.mktemp("inst-ui") / "inst.sqlite"
    build(out, FIXTURE)
    return out


@pytest.fixture
def pane(qtbot, inst_bundled_path, tmp_path):
    """The Institutions pane of a 1280×800 window on the small fixture."""
    with open_window(qtbot, Store(workspace=tmp_path / "ws.sqlite", bundled=inst_bundled_path), "institutions") as win:
        yield win.pane("institutions")


def _relation_ids(conn) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT relation_id FROM all_institution_relations r WHERE from_id != to_id "
        "AND from_id IN (SELECT inst_id FROM all_institutions) AND to_id IN (SELECT inst_id FROM all_institutions)")}


def _click_view(qtbot, plot, view, x: float, y: float) -> None:
    scene_pos = view.mapViewToScene(QPointF(x, y))
    pos = plot.mapFromScene(scene_pos)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _assert_selected_everywhere(pane, inst_id: str) -> None:
    assert pane.selected_key() == inst_id
    assert pane.tree.selected_inst() == inst_id
    assert pane.graph.selected == inst_id
    assert pane.timeline.selected == inst_id or inst_id not in {e.inst_id for e in pane.timeline.entries}


# -- the real database -----------------------------------------------------------------
def test_every_relation_in_the_database_is_an_edge_and_a_branch(qtbot, window):
    pane = show_and_wait(qtbot, window, "institutions")
    conn = window.ctx.conn
    relations = _relation_ids(conn)
    institutions = {r[0] for r in conn.execute("SELECT inst_id FROM all_institutions")}
    assert set(pane.graph.edge_items) == relations
    assert pane.tree.branch_relation_ids() == relations
    assert set(pane.graph.node_items) == institutions
    assert {it.data(0, Qt.ItemDataRole.UserRole) for it in pane.tree.iter_items()} - {None} == institutions


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_graph_labels_do_not_overlap_and_stay_legible(qtbot, store, size):
    """At 1024×640 fitting all 84 names drew them at ~6 px (issue 18): they keep at least
    four fifths of the application font's height, and the graph scrolls instead."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    with open_window(qtbot, store, "institutions", size=size) as win:
        pane = show_and_wait(qtbot, win, "institutions")
        graph = pane.graph
        assert pane.views.currentWidget() is graph
        font_px = QFontMetricsF(QApplication.font()).height()

        def labels():
            return [item.text.sceneBoundingRect() for item in graph.node_items.values()]

        # once laid out for its real size, every name lies inside the drawing: in view, or a scroll away
        qtbot.waitUntil(lambda: all(graph.view.sceneBoundingRect().contains(r) for r in labels()), timeout=5000)
        assert min(r.height() for r in labels()) >= 0.8 * font_px
        assert graph.view_scale() >= 0.8
        for a, b in itertools.combinations(labels(), 2):
            assert not a.intersects(b)
        assert len(graph.node_items) == win.ctx.conn.execute("SELECT count(*) FROM all_institutions").fetchone()[0]


def test_a_row_chosen_in_the_table_scrolls_its_node_into_view_at_1024x640(qtbot, store):
    with open_window(qtbot, store, "institutions", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "institutions")
        graph = pane.graph
        qtbot.waitUntil(lambda: graph.view_scale() >= 0.8, timeout=5000)
        assert graph.scroll.verticalScrollBar().maximum() > 0, "the graph is taller than its view"
        nodes = graph.layout_.nodes.values()
        lowest = max(nodes, key=lambda n: (n.y, n.x)).inst_id
        highest = min(nodes, key=lambda n: (n.y, n.x)).inst_id
        for inst_id in (lowest, highest):
            pane.select_key(inst_id)
            qtbot.waitUntil(lambda: pane.selected_key() == inst_id)
            assert graph.selected == inst_id
            assert graph.node_in_view(inst_id), inst_id


def test_fit_shows_the_whole_graph_and_readable_brings_the_names_back(qtbot, store):
    with open_window(qtbot, store, "institutions", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "institutions")
        graph = pane.graph
        qtbot.waitUntil(lambda: graph.view_scale() >= 0.8, timeout=5000)
        graph.zoom_buttons["fit"].click()
        port = graph.scroll.viewport()
        qtbot.waitUntil(lambda: graph.plot.width() <= port.width() and graph.plot.height() <= port.height())
        assert graph.scroll.verticalScrollBar().maximum() == 0
        assert graph.view_scale() < 0.8             # whole, at the price of small names
        assert len(graph.node_items) == len(graph.layout_.nodes)
        before = graph.view_scale()
        graph.zoom_buttons["in"].click()
        assert graph.view_scale() == pytest.approx(before * 1.25, rel=0.02)
        graph.zoom_buttons["readable"].click()
        qtbot.waitUntil(lambda: graph.view_scale() >= 0.8)


def test_timeline_labels_do_not_overlap(qtbot, window):
    pane = show_and_wait(qtbot, window, "institutions")
    pane.views.setCurrentWidget(pane.timeline)
    qtbot.waitUntil(lambda: pane.timeline.laid_out_for_size())
    # a TextItem pads its text with a 4 px document margin: compare the text itself
    rects = [item.sceneBoundingRect().adjusted(2, 3, -2, -3) for item in pane.timeline.label_items.values()]
    assert rects
    for a, b in itertools.combinations(rects, 2):
        assert not a.intersects(b)


# -- the small fixture ----------------------------------------------------------------------
def test_clicking_a_graph_node_selects_it_everywhere(qtbot, pane):
    node = pane.graph.layout_.nodes["arctic-subcommittee"]
    _click_view(qtbot, pane.graph.plot, pane.graph.view, node.x, node.y)
    qtbot.waitUntil(lambda: pane.selected_key() == "arctic-subcommittee")
    _assert_selected_everywhere(pane, "arctic-subcommittee")
    assert "In May 2024, China and Russia established" in pane.citation.text()
    assert any("established within → Regular Meeting of the Prime Ministers" in t for t in pane.relation_texts())


def test_choosing_a_tree_item_selects_it_everywhere(qtbot, pane):
    pane.views.setCurrentWidget(pane.tree)
    item = pane.tree.items_for("entrepreneurs-council")[0]
    assert item.text(1) == "established within"
    assert item.parent().data(0, Qt.ItemDataRole.UserRole) == "ne-fe-committee"
    pane.tree.setCurrentItem(item)
    qtbot.waitUntil(lambda: pane.selected_key() == "entrepreneurs-council")
    _assert_selected_everywhere(pane, "entrepreneurs-council")


def test_clicking_a_timeline_entry_selects_it_everywhere(qtbot, pane):
    pane.views.setCurrentWidget(pane.timeline)
    qtbot.waitUntil(lambda: pane.timeline.laid_out_for_size())
    entry = next(e for e in pane.timeline.entries if e.inst_id == "outline-2009")
    _click_view(qtbot, pane.timeline.plot, pane.timeline.view, entry.span[0] + 2, entry.lane + 0.5)
    qtbot.waitUntil(lambda: pane.selected_key() == "outline-2009")
    _assert_selected_everywhere(pane, "outline-2009")


def test_choosing_a_table_row_selects_it_in_the_three_views(qtbot, pane):
    assert pane.select_key("dev-plan-2018")
    _assert_selected_everywhere(pane, "dev-plan-2018")
    texts = pane.relation_texts()
    assert "succeeds → Outline of the Cooperation Plan between Northeast China and the Far East and " \
           "Eastern Siberia (2009-2018)" in texts
    assert "← Eastern Economic Forum (platform of this)" in texts


def test_a_relation_in_the_list_leads_to_the_other_institution(qtbot, pane):
    pane.select_key("mou-offices")
    item = next(pane.relations_list.item(i) for i in range(pane.relations_list.count())
                if "Ministry of Commerce" in pane.relations_list.item(i).text())
    pane.relations_list.itemClicked.emit(item)
    qtbot.waitUntil(lambda: pane.selected_key() == "mofcom")
    _assert_selected_everywhere(pane, "mofcom")


def test_side_and_kind_filters_narrow_every_view(qtbot, pane):
    pane.set_facet("side", "China")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    assert set(pane.graph.node_items) == {"cdb", "gacc", "mofcom"}
    assert {it.data(0, Qt.ItemDataRole.UserRole) for it in pane.tree.iter_items()} - {None} == {"cdb", "gacc", "mofcom"}
    assert pane.timeline.entries == []
    pane.set_facet("side", None)
    pane.set_facet("kind", "plan")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    assert set(pane.graph.node_items) == {"outline-2009", "dev-plan-2018"}
    assert set(pane.graph.edge_items) == {"r1"}                   # the 2018 plan succeeds the 2009 outline
    assert {e.inst_id for e in pane.timeline.entries} == {"outline-2009", "dev-plan-2018"}


@pytest.mark.parametrize("text, expected", [
    ("Министерство", {"minvostok"}), ("北极", {"arctic-subcommittee"}), ("expo", {"expo"}),
])
def test_search_by_name_in_english_russian_or_chinese(qtbot, pane, text, expected):
    pane.filter_edit.setText(text)
    qtbot.waitUntil(lambda: pane.model.rowCount() == len(expected))
    assert {str(pane.model.key(r)) for r in range(pane.model.rowCount())} == expected
    assert set(pane.graph.node_items) == expected
    assert {it.data(0, Qt.ItemDataRole.UserRole) for it in pane.tree.iter_items()} - {None} == expected


def test_plans_are_drawn_as_spans_over_their_validity_years(qtbot, pane):
    assert pane.timeline.span_bars["outline-2009"] == (2009.0, 2019.0)
    assert pane.timeline.span_bars["dev-plan-2018"] == (2018.0, 2025.0)
    # the 2018 plan's approval is a month wide, not a day
    approved = [m for m in pane.timeline.mark_bars["dev-plan-2018"] if m[0] == "approved"]
    assert approved and approved[0][2] - approved[0][1] == pytest.approx(30 / 365, abs=1e-3)


def test_selection_survives_a_filter_that_keeps_it(qtbot, pane):
    pane.select_key("dev-plan-2018")
    pane.set_facet("kind", "plan")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    assert pane.graph.selected == "dev-plan-2018"
    assert pane.tree.selected_inst() == "dev-plan-2018"


def test_a_search_that_matches_nothing_empties_the_views(qtbot, pane):
    pane.filter_edit.setText("zzzz-no-such-body")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0)
    assert pane.graph.node_items == {} and pane.timeline.entries == []
    assert pane.tree.topLevelItemCount() == 0
    pane.filter_edit.setText("")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 15)
    assert len(pane.graph.node_items) == 15


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_no_timeline_label_prints_over_its_own_bars(qtbot, store, size):
    """A plan valid for most of the axis (the 2020–2035 Basic National Policy at 1024 px)
    has its name shortened beside its bar, not printed over it."""
    from PySide6.QtCore import QRectF

    from tests.conftest import open_window

    with open_window(qtbot, store, "institutions", size=size) as win:
        pane = show_and_wait(qtbot, win, "institutions")
        timeline = pane.timeline
        pane.views.setCurrentWidget(timeline)
        qtbot.waitUntil(lambda: timeline.laid_out_for_size())
        qtbot.wait(10)
        view = timeline.view
        for e in timeline.entries:
            text = timeline.label_items[e.inst_id]
            label = text.sceneBoundingRect().adjusted(2, 3, -2, -3)
            extents = ([timeline.span_bars[e.inst_id]] if e.inst_id in timeline.span_bars else [])
            extents += [(start, end) for _what, start, end in timeline.mark_bars.get(e.inst_id, [])]
            for x0, x1 in extents:
                bar = view.mapViewToScene(QRectF(x0, e.lane + 0.25, x1 - x0, 0.5)).boundingRect()
                assert not label.intersects(bar), (e.label, text.toPlainText(), (x0, x1))
            assert e.label in text.toolTip()          # the whole name stays at hand


def _wheel(widget, pos, dy: int, modifiers) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, dy),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_scrolls_ctrl_wheel_zooms_and_a_drag_pans_without_selecting(qtbot, store):
    with open_window(qtbot, store, "institutions", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "institutions")
        graph = pane.graph
        qtbot.waitUntil(lambda: graph.view_scale() >= 0.8, timeout=5000)
        bar = graph.scroll.verticalScrollBar()
        port = graph.plot.viewport()
        at = graph.plot.mapFrom(graph.scroll.viewport(), graph.scroll.viewport().rect().center())
        bar.setValue(0)
        _wheel(port, at, -120, Qt.KeyboardModifier.NoModifier)
        assert bar.value() > 0, "the wheel scrolls down"
        scale = graph.view_scale()
        _wheel(port, at, 120, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: graph.view_scale() == pytest.approx(scale * 1.25, rel=0.02))
        # a drag scrolls the view back up and selects nothing
        selected = pane.selected_key()
        bar.setValue(bar.maximum() // 2)
        before = bar.value()
        start = graph.plot.mapFrom(graph.scroll.viewport(), graph.scroll.viewport().rect().center())
        qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(port, start + QPointF(0, 60).toPoint())
        qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=start + QPointF(0, 60).toPoint())
        assert bar.value() == before - 60
        qtbot.wait(20)
        assert pane.selected_key() == selected
