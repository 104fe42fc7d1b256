"""Trade charts in the window: a bar or point in a recorded conflict carries a mark
and clicking it shows the conflict in the citation panel; an imported Comtrade
file's China–Russia exports and imports are hatched series of their own on
"Bilateral by year"; imported monthly values are drawn month by month."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.conftest import open_window, show_and_wait
from tests.data.test_trade_view import _comtrade, _monthly


def _click(qtbot, chart, hit) -> None:
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=chart.widget_pos_of(hit))


def test_a_bar_in_a_recorded_conflict_is_marked_and_cites_the_conflict(qtbot, window):
    pane = show_and_wait(qtbot, window, "trade")
    chart = pane.charts.bilateral
    hit = next(h for h in chart.hits if h.key == "tf-cn-ru-trade-2023")
    assert hit.mark == "error"
    assert "Recorded conflict (error)" in hit.tip
    labels = [item.textItem.toPlainText() for item in chart.marked_items if hasattr(item, "textItem")]
    assert "⚠ 232" in labels
    unmarked = {h.key for h in chart.hits if h.key and h.mark is None}
    assert unmarked.isdisjoint(pane.conflicts)             # the table's marks and the chart's agree
    _click(qtbot, chart, hit)
    qtbot.waitUntil(lambda: pane.selected_key() == "tf-cn-ru-trade-2023", timeout=3000)
    text = pane.citation.text()
    assert "Conflict (error" in text
    assert "tf-cn-ru-trade-growth-2023" in text or "4.9" in text        # the other statement is shown


def test_a_growth_point_in_a_recorded_conflict_is_marked(qtbot, window):
    pane = show_and_wait(qtbot, window, "trade")
    chart = pane.charts.bilateral
    hit = next(h for h in chart.hits if h.key == "tf-cn-ru-trade-growth-2024")
    assert hit.point is not None and hit.mark == "error"
    assert any(not hasattr(item, "textItem") for item in chart.marked_items)   # a square around the point
    _click(qtbot, chart, hit)
    qtbot.waitUntil(lambda: pane.selected_key() == "tf-cn-ru-trade-growth-2024", timeout=3000)
    assert "Conflict (error" in pane.citation.text()


def test_targets_and_shares_carry_the_marks_too(qtbot, window):
    pane = show_and_wait(qtbot, window, "trade")
    target = next(h for h in pane.charts.targets.hits if h.key == "tf-cn-ru-forecast-2023")
    assert target.mark == "info"
    share = next(h for h in pane.charts.shares.hits if h.key == "tf-primorye-china-share-export-2022")
    assert share.mark == "info"
    assert any(label.full_text.startswith("⚠ ") for label in pane.charts.shares.marked_items)


#: Events a recorded conflict names, both on the Events overlay's years (curated data):
#: doc 001's "newly completed" Tongjiang bridge against the highway bridge opened in June 2022.
BRIDGE_DONE = "ev-tongjiang-bridge-doc001-completed"
HIGHWAY_OPENED = "ev-highway-bridge-opened-2022-06"


def _event_hit(chart, event_id):
    return next(h for h in chart.hits if h.event and h.key == f"events:{event_id}")


def test_an_event_in_a_recorded_conflict_is_marked_and_a_click_shows_both_statements(qtbot, window):
    from explorer.data.conflicts import load_conflicts

    pane = show_and_wait(qtbot, window, "trade")
    pane.events_box.setChecked(True)
    chart = pane.charts.bilateral
    named = {ref.row_id for c in load_conflicts(window.ctx.conn) for ref in c.refs if ref.table == "events"}
    drawn = {h.key.removeprefix("events:") for h in chart.hits if h.event}
    assert {BRIDGE_DONE, HIGHWAY_OPENED} <= drawn
    # every drawn event a conflict names is marked, and no other
    assert chart.event_marked == drawn & named
    clean = next(k for k in sorted(drawn - named))
    assert _event_hit(chart, clean).mark is None and "Recorded conflict" not in _event_hit(chart, clean).tip
    hit = _event_hit(chart, BRIDGE_DONE)
    assert hit.mark == "error" and "Recorded conflict (error)" in hit.tip
    marked_labels = [i.textItem.toPlainText() for i in chart.marked_items if i in chart.event_labels]
    assert len(marked_labels) == len(chart.event_marked)
    assert all(t.startswith("⚠ ") for t in marked_labels)
    assert not any(i.textItem.toPlainText().startswith("⚠") for i in chart.event_labels
                   if i not in chart.marked_items)
    pane.select_key("tf-cn-ru-trade-2023")
    qtbot.waitUntil(lambda: not chart._layout_timer.isActive())
    bridge_label = next(label for label, h in chart._label_hits.items() if h is hit)
    assert bridge_label.isVisible() and bridge_label.textItem.toPlainText().startswith("⚠ ")
    # its label (another event shares its month, and so its line)
    with qtbot.waitSignal(chart.picked, check_params_cb=lambda k: k == f"events:{BRIDGE_DONE}"):
        qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=chart.event_label_pos(BRIDGE_DONE))
    text = pane.citation.text()
    assert "Conflict (error, date conflict)" in text
    assert "newly completed Tongjiang bridge" in text                   # doc 001's statement
    assert "opened to traffic in June 2022" in text                     # and the other one
    assert pane.selected_key() is None          # the panel tells the event, no table row


def test_clicking_an_unconflicted_event_cites_it_without_a_conflict(qtbot, window):
    from explorer.data.conflicts import load_conflicts

    pane = show_and_wait(qtbot, window, "trade")
    pane.events_box.setChecked(True)
    chart = pane.charts.bilateral
    named = {ref.row_id for c in load_conflicts(window.ctx.conn) for ref in c.refs if ref.table == "events"}
    hit = next(h for h in chart.hits if h.event and h.key.removeprefix("events:") not in named)
    pane.pick(hit.key)
    text = pane.citation.text()
    assert text and "Conflict (" not in text


@pytest.fixture
def comtrade_window(qtbot, store, tmp_path):
    from explorer.data.importing import run_import

    conn = store.connect()
    run_import(conn, _comtrade(tmp_path))
    _monthly(conn, [("china", "russia", "import", "TOTAL", "2023-01", 9_000_000),
                    ("china", "russia", "import", "27", "2023-01", 6_000_000),
                    ("china", "russia", "import", "TOTAL", "2023-02", 8_500_000)])
    conn.close()
    with open_window(qtbot, store) as win:
        yield win


def test_imported_exports_and_imports_are_hatched_bars_beside_the_curated(qtbot, comtrade_window):
    pane = show_and_wait(qtbot, comtrade_window, "trade")
    chart = pane.charts.bilateral
    legend = {label.text: sample for sample, label in chart.legend.items}
    for flow in ("China imports from Russia", "China exports to Russia"):
        name = f"imported: TradeData_2022.csv — {flow}"
        assert legend[name].item.opts["brush"].style() == Qt.BrushStyle.BDiagPattern
    imported = sorted(round(h.rect.height(), 3) for h in chart.hits if h.rect is not None and "Imported from" in h.tip)
    assert imported == [76.123, 114.149]                     # the TOTAL rows; never HS 27 on top
    curated = next(h for h in chart.hits if h.key == "tf-cn-ru-trade-2022")
    assert curated.rect.height() == pytest.approx(190.57)


def test_monthly_imports_are_drawn_month_by_month(qtbot, comtrade_window):
    pane = show_and_wait(qtbot, comtrade_window, "trade")
    charts = pane.charts
    assert charts.tabs.isTabVisible(3)
    charts.tabs.setCurrentIndex(3)
    chart = charts.series
    points = sorted((round(h.point.x(), 3), round(h.point.y(), 6)) for h in chart.hits)
    assert points == [(round(2023 + 0.5 / 12, 3), 9.0), (round(2023 + 1.5 / 12, 3), 8.5)]
    assert [label.text for _s, label in chart.legend.items] == [
        "China imports from Russia — imported: monthly.csv"]
    tips = sorted(h.tip.splitlines()[0] for h in chart.hits)
    assert tips == ["Feb 2023 · China imports from Russia — imported: monthly.csv",
                    "Jan 2023 · China imports from Russia — imported: monthly.csv"]


def test_trade_headers_are_whole_in_bold_with_the_citation_panel_open(qtbot, window):
    """The header draws the selected row's sections in bold ("Precisio" at 1280×800)."""
    from PySide6.QtGui import QFont, QFontMetrics

    pane = show_and_wait(qtbot, window, "trade")
    assert pane.select_key("tf-cn-ru-trade-2023") and pane.citation.isVisible()
    for unit in ("USD bn", "hundred million USD"):
        pane.set_unit(unit)
        header = pane.table.horizontalHeader()
        font = QFont(header.font())
        font.setBold(True)
        fm = QFontMetrics(font)
        for i, col in enumerate(pane.model.spec.columns):
            if not pane.table.isColumnHidden(i) and i < header.count() - 1:
                assert pane.table.columnWidth(i) >= fm.horizontalAdvance(col.header) + 24, col.header
    assert "Value (hundred million USD)" in [c.header for c in pane.model.spec.columns]


def test_a_remembered_layout_never_cuts_a_trade_header(qtbot, window):
    from PySide6.QtGui import QFont, QFontMetrics

    pane = show_and_wait(qtbot, window, "trade")
    column = pane.model.spec.keys.index("period_precision")
    pane.table.setColumnWidth(column, 30)          # as a layout saved by an older release held it
    state = pane.state()
    pane.restore(state)
    font = QFont(pane.table.horizontalHeader().font())
    font.setBold(True)
    assert pane.table.columnWidth(column) >= QFontMetrics(font).horizontalAdvance("Precision") + 24


def test_every_share_label_shows_marked_ones_too(qtbot, window):
    """A marked label is bold: it is cut to its bold width, never hidden for running off the plot;
    the top row's label has room above its bar."""
    pane = show_and_wait(qtbot, window, "trade")
    pane.charts.tabs.setCurrentIndex(2)
    chart = pane.charts.shares
    qtbot.waitUntil(lambda: chart.item.vb.width() > 100, timeout=5000)
    chart.layout_labels()
    assert len(chart._labels) >= 5 and chart.marked_items
    assert chart.hidden_labels == []


def test_on_a_big_workspace_the_monthly_series_is_summed_by_the_shared_runner(qtbot, comtrade_window, monkeypatch):
    """The sum runs off the UI thread (explorer.ui.jobs.Runner); a newer filter supersedes it."""
    import explorer.ui.panes.trade as trade_pane

    monkeypatch.setattr(trade_pane, "is_big", lambda conn, spec: True)
    pane = show_and_wait(qtbot, comtrade_window, "trade")
    chart = pane.charts.series
    pane.set_year_range(2024, None)                                      # no monthly value left
    qtbot.waitUntil(lambda: pane._series_runner is not None, timeout=5000)
    pane.set_year_range(None, None)                                      # supersedes the first
    qtbot.waitUntil(lambda: len(chart.hits) == 2, timeout=10000)
    assert sorted(round(h.point.y(), 6) for h in chart.hits) == [8.5, 9.0]
    qtbot.wait(200)
    assert len(chart.hits) == 2                                          # the stale empty sum never lands


def test_a_facet_that_empties_an_imported_chart_shows_a_chart_with_figures(qtbot, comtrade_window):
    pane = show_and_wait(qtbot, comtrade_window, "trade")
    pane.charts.tabs.setCurrentIndex(4)                     # Top commodities (HS 27 of the import)
    pane.set_facet("measure", "share")                      # no imported value left
    qtbot.waitUntil(lambda: pane.charts.tabs.currentIndex() == 2, timeout=5000)     # Regional & shares
    assert pane.charts.shares.hits


def test_the_value_in_the_chosen_unit_is_in_view_beside_the_value(qtbot, window):
    """At 1280×800 with the citation panel open, "Value (USD bn)" is whole on screen."""
    pane = show_and_wait(qtbot, window, "trade")
    assert pane.select_key("tf-cn-ru-trade-2023") and pane.citation.isVisible()
    header = pane.table.horizontalHeader()
    column = pane.model.spec.keys.index("value_normalised")
    assert header.visualIndex(column) == header.visualIndex(pane.model.spec.keys.index("value")) + 1
    left = header.sectionViewportPosition(column)
    assert 0 <= left and left + header.sectionSize(column) <= pane.table.viewport().width()


def test_the_monthly_chart_export_cites_its_file(qtbot, comtrade_window):
    pane = show_and_wait(qtbot, comtrade_window, "trade")
    pane.charts.tabs.setCurrentIndex(3)
    assert pane.chart_footer() == ["Source: imported from monthly.csv", "Unit: USD bn. Chart from Amur Explorer."]


def test_on_a_big_workspace_the_commodities_are_summed_off_the_ui_thread_when_shown(qtbot, comtrade_window,
                                                                                    monkeypatch):
    import explorer.data.trade_rollups as rollups
    import explorer.ui.panes.trade as trade_pane

    monkeypatch.setattr(trade_pane, "is_big", lambda conn, spec: True)
    monkeypatch.setattr(rollups, "commodity_rollup_is_quick", lambda conn, flt: False)
    pane = show_and_wait(qtbot, comtrade_window, "trade")
    pane.set_facet("flow", "import")
    chart = pane.charts.commodities
    assert chart.stack is None and pane._commodity_runner is None      # not summed while its tab is hidden
    pane.charts.tabs.setCurrentIndex(4)
    assert pane._commodity_runner is not None
    qtbot.waitUntil(lambda: chart.stack is not None, timeout=10000)
    # HS 27 of the Comtrade file (81 bn in 2022) and of the monthly file (6 bn in 2023); never a TOTAL
    assert [code for code, _g in chart.stack.groups] == ["H6:27", "27"]
    assert (chart.stack.total(2022), chart.stack.total(2023)) == pytest.approx((81.0, 6.0))


def test_a_value_in_usd_is_whole_in_the_value_column(qtbot, comtrade_window):
    """Comtrade values in USD (114,148,970,877) were cut to "10,329,…"."""
    pane = show_and_wait(qtbot, comtrade_window, "trade")
    column = pane.model.spec.keys.index("value")
    fm = pane.table.fontMetrics()
    assert pane.table.columnWidth(column) >= fm.horizontalAdvance("114,148,970,877") + 8


def test_the_notes_take_at_most_three_lines_and_keep_their_whole_text(qtbot):
    from explorer.ui.widgets.trade_charts import NotesLabel

    label = NotesLabel()
    qtbot.addWidget(label)
    label.resize(400, 10)
    label.show()
    text = "  ".join(f"Note {i}: no CNY rate for 20{i:02d} — cannot convert." for i in range(12))
    label.setText(text)
    line = label.fontMetrics().lineSpacing()
    assert label.height() <= 3 * line + 4
    assert label.text() == text and label.toolTip() == text
    lines = label._lines()
    assert len(lines) == 3 and lines[-1].endswith("…")
    label.setText("Growth mismatch: 2023.")
    assert label.height() <= line + 4 and label._lines() == ["Growth mismatch: 2023."]
