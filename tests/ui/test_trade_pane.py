"""The Trade pane as an analyst uses it: filters, unit switch, charts, exports.

Runs on the mini curated database plus a few figures added to the workspace
(targets, shares, a yuan figure and one exchange rate), so the numbers are
known by hand."""
from __future__ import annotations

import csv

import pytest

from tests.conftest import open_window
from PySide6.QtCore import QPoint, Qt

DOC000 = "000_d5b8911d7a96517b.txt"
DOC002 = "002_752a1cf9cab4cb1c.txt"
EXTRA = [
    # figure_id, measure, reporter, partner, flow, period, precision, value, unit, status, description, doc, quote
    ("t-200", "target", "china", "russia", "total", "2024", "year", 200, "billion USD", "target",
     "Bilateral trade goal", DOC000, "reach $200 billion this year"),
    ("t-pk", "target", "primorsky", "heilongjiang", "total", "2024", "year", 10, "billion USD", "target",
     "Primorsky–Heilongjiang goal", DOC000, "boost the figure to $10 billion by 2024"),
    ("a-pk", "value", "primorsky", "heilongjiang", "total", "2022", "year", 7.5, "billion USD", "actual",
     "Primorsky–Heilongjiang trade", DOC000, "worth $7.5 billion"),
    ("s-pk", "share", "primorsky", "china", "total", "2022", "year", 57, "%", "actual",
     "China's share of turnover", DOC000, "accounted for over 57%"),
    ("ln-cny", "value", "liaoning", "russia", "export", "2023-01/2023-09", "interval", 42.64, "billion yuan",
     "actual", "Liaoning exports to Russia", DOC002, "42.64 billion yuan ($5.83 billion)"),
]


@pytest.fixture
def pane(qtbot, mini_bundled_path, tmp_path):
    from explorer.data.db import Store

    store = Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path)
    conn = store.connect()
    with conn:
        conn.executemany("INSERT INTO documents(doc_id, title, publisher) VALUES (?, ?, ?)",
                         [(DOC000, "Russian Far East to grow China trade", "RT News"),
                          (DOC002, "Chinese, Russian Firms Agree Multiple Deals", "Asia Financial")])
        conn.executemany("INSERT INTO places(place_id, name_en, kind) VALUES (?, ?, ?)",
                         [("primorsky", "Primorsky Krai", "krai"), ("heilongjiang", "Heilongjiang", "province"),
                          ("liaoning", "Liaoning", "province")])
        conn.executemany(
            "INSERT INTO trade_figures(figure_id, topic, measure, reporter, partner, flow, period, "
            "period_precision, value, unit, status, description, doc_id, quote) "
            "VALUES (?, 'trade', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", EXTRA)
        conn.execute("INSERT INTO exchange_rates(year, currency, per_usd, source) "
                     "VALUES (2023, 'CNY', 7.3139, 'test rate')")
    conn.close()
    with open_window(qtbot, store, "trade") as win:
        yield win.pane("trade")


def _column(pane, key):
    col = pane.model.spec.keys.index(key)
    return {pane.model.key(r): pane.model.index(r, col).data() for r in range(pane.model.rowCount())}


def _wait_redrawn(qtbot, pane):
    qtbot.waitUntil(lambda: not pane._redraw_timer.isActive(), timeout=5000)


def test_text_filter_and_facets_narrow_rows(qtbot, pane):
    total = pane.model.rowCount()
    assert total == 10
    pane.set_facet("measure", "growth")
    assert sorted(_column(pane, "period").values()) == ["2022", "2023"]
    pane.set_facet("measure", None)
    pane.set_facet("status", "target")
    assert set(_column(pane, "reporter").values()) == {"China", "Primorsky Krai"}
    pane.set_facet("status", None)
    qtbot.keyClicks(pane.filter_edit, "liaoning")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=3000)
    assert "2 rows" not in pane.count_label.text() and "1 rows" in pane.count_label.text()


def test_unit_switch_changes_values_against_hand_computed(qtbot, pane):
    assert _column(pane, "value_normalised")["tf-2022-value"] == "190.57"       # 1905.7 hundred million USD
    pane.set_unit("hundred million USD")
    values = _column(pane, "value_normalised")
    assert values["tf-2022-value"] == "1,905.7" and values["a-pk"] == "75"
    pane.set_unit("CNY bn")
    values = _column(pane, "value_normalised")
    assert values["tf-2022-value"] == "no rate for 2022 — cannot convert"
    assert float(values["tf-2023-value"].replace(",", "")) == pytest.approx(232.0 * 7.3139, abs=1e-3)
    assert values["tf-2023-growth"] == ""           # a percentage is never converted
    pane.set_unit("USD bn")
    assert float(_column(pane, "value_normalised")["ln-cny"]) == pytest.approx(42.64 / 7.3139, abs=1e-3)
    pane.set_unit("as reported")
    col = pane.model.spec.keys.index("value_normalised")
    assert pane.table.isColumnHidden(col)
    _wait_redrawn(qtbot, pane)
    assert "hundred million USD" in pane.charts.bilateral.item.getAxis("left").labelText


def test_computed_growth_matches_the_volumes(pane):
    computed = _column(pane, "growth_computed")
    volumes = {"2021": 1468.8, "2022": 1905.7, "2023": 2320.0}
    for year in ("2022", "2023"):
        expected = (volumes[year] / volumes[str(int(year) - 1)] - 1) * 100
        assert float(computed[f"tf-{year}-value"]) == pytest.approx(expected, abs=0.005)
        assert float(computed[f"tf-{year}-growth"]) == pytest.approx(expected, abs=0.005)


def test_2023_growth_mismatch_is_flagged_on_the_chart(pane):
    chart = pane.charts.bilateral
    assert "reported 4.9% vs computed 21.7%" in chart.mismatch_labels
    texts = [i.textItem.toPlainText() for i in chart.growth_vb.addedItems if hasattr(i, "textItem")]
    assert any("reported 4.9% vs computed 21.7%" in t for t in texts)
    hit = next(h for h in chart.hits if h.key == "tf-2023-growth")
    assert "MISMATCH" in hit.tip and "21.7%" in hit.tip
    assert "2023 reported 4.9% vs computed 21.7%" in pane.charts.note.text()


def test_clicking_a_bar_selects_its_row_and_shows_its_citation(qtbot, pane):
    chart = pane.charts.bilateral
    hit = next(h for h in chart.hits if h.key == "tf-2022-value")
    pos = chart.widget_pos_of(hit)
    assert chart.hit_at(chart.plot.mapToScene(pos)) is hit
    assert "190.57 USD bn" in hit.tip and "Sino-Russian" in hit.tip
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: pane.selected_key() == "tf-2022-value", timeout=3000)
    assert "2022 1905.7 29.3%" in pane.citation.browser.toPlainText()


def test_hovering_a_bar_shows_its_figure_and_leaving_it_clears_the_tip(qtbot, pane):
    """The trade bars answer the pointer through the one scheme every chart shares (HitHover):
    over a bar the tip names its figure and document; over empty plot, no tip."""
    chart = pane.charts.bilateral
    hit = next(h for h in chart.hits if h.key == "tf-2022-value")
    chart.plot.scene().sigMouseMoved.emit(chart.plot.mapToScene(chart.widget_pos_of(hit)))
    assert "190.57 USD bn" in chart.hover_tip and "Sino-Russian" in chart.hover_tip
    chart.plot.scene().sigMouseMoved.emit(chart.plot.mapToScene(QPoint(2, 2)))
    assert chart.hover_tip == ""


def test_targets_are_drawn_hollow_with_their_year(qtbot, pane):
    pane.charts.tabs.setCurrentIndex(1)
    chart = pane.charts.targets
    tips = {h.key: h.tip for h in chart.hits}
    assert {"t-200", "t-pk", "a-pk", "tf-2023-value"} <= set(tips)
    texts = [i.textItem.toPlainText() for i in chart.item.items if hasattr(i, "textItem")]
    assert "target 200" in texts and "target 10" in texts      # the year is on the axis beneath


def test_filter_change_redraws_charts(qtbot, pane):
    pane.set_facet("reporter", "Primorsky Krai")
    _wait_redrawn(qtbot, pane)
    assert pane.charts.bilateral.hits == []
    assert {h.key for h in pane.charts.targets.hits} == {"t-pk", "a-pk"}


def test_exports_hold_the_filtered_rows_and_the_citation_footer(qtbot, pane, tmp_path):
    from openpyxl import load_workbook

    pane.set_facet("reporter", "China")
    _wait_redrawn(qtbot, pane)
    n = pane.export_table(tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert n == len(rows) == pane.model.rowCount() == 6
    assert {r["reporter"] for r in rows} == {"China"}
    assert pane.export_table(tmp_path / "t.xlsx") == 6
    wb = load_workbook(tmp_path / "t.xlsx")
    sheet = list(wb["Trade"].values)
    assert sheet[0][0] == "period" and "measure" in sheet[0] and len(sheet) == 7
    assert any("test rate" in (r[0] or "") for r in wb["Sources"].values)
    footer = pane.chart_footer()
    assert any("Sino-Russian Sub-Regional Cooperation" in line for line in footer)
    for suffix in ("png", "svg"):
        out = pane.export_chart(tmp_path / f"c.{suffix}")
        assert out.stat().st_size > 1000
    assert "Sino-Russian Sub-Regional Cooperation" in (tmp_path / "c.svg").read_text(encoding="utf-8")


def test_formula_like_cells_are_neutralised_in_xlsx(qtbot, pane, tmp_path):
    from openpyxl import load_workbook

    with pane.ctx.conn:
        pane.ctx.conn.execute(
            "INSERT INTO trade_figures(figure_id, topic, measure, reporter, period, value, unit, status, description)"
            " VALUES ('evil', 'trade', 'value', '=HYPERLINK(\"x\")', '2020', 1, 'billion USD', 'actual', '@SUM(A1)')")
    pane.refresh()
    pane.export_table(tmp_path / "e.xlsx")
    cells = {c.value: c for row in load_workbook(tmp_path / "e.xlsx")["Trade"].iter_rows() for c in row
             if isinstance(c.value, str)}
    for text in ('=HYPERLINK("x")', "@SUM(A1)"):          # shown exactly, as text that stays text
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert not any(c.data_type == "f" for c in cells.values())


def test_period_range_narrows_rows_and_chart_years(qtbot, pane):
    all_years = {p[:4] for p in _column(pane, "period").values()}
    assert {"2021", "2022", "2023"} <= all_years
    pane.set_year_range(2023, 2023)
    periods = set(_column(pane, "period").values())
    assert periods and all(p.startswith("2023") for p in periods)
    assert "2023-01/2023-09" in periods                       # an interval overlapping the range counts
    _wait_redrawn(qtbot, pane)
    keys = {h.key for h in pane.charts.bilateral.hits}
    assert keys and all(k.startswith("tf-2023") for k in keys)
    pane.set_year_range(None, 2022)
    assert all(p[:4] <= "2022" for p in _column(pane, "period").values())
    assert "ln-cny" not in _column(pane, "period")
    _wait_redrawn(qtbot, pane)
    assert not any(h.key.startswith("tf-2023") for h in pane.charts.bilateral.hits)
    assert pane.findChild(type(pane.unit_box), "trade-year-from").currentData() is None
    assert pane.findChild(type(pane.unit_box), "trade-year-to").currentData() == "2022"


def test_exchange_rate_editor_converts_and_requires_a_source(qtbot, pane):
    conn = pane.ctx.conn
    with conn:
        conn.execute("INSERT INTO trade_figures(figure_id, topic, measure, reporter, partner, flow, period, "
                     "period_precision, value, unit, status) VALUES ('hl-cny', 'trade', 'value', 'heilongjiang', "
                     "'russia', 'total', '2022', 'year', 100, 'billion yuan', 'actual')")
    pane.refresh()
    pane.set_unit("USD bn")
    assert _column(pane, "value_normalised")["hl-cny"] == "no rate for 2022 — cannot convert"
    dialog = pane.edit_rates()
    qtbot.addWidget(dialog)
    bundled_or_mine = {(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
                       for r in range(dialog.table.rowCount())}
    assert ("2023", "CNY") in bundled_or_mine
    dialog.year.setValue(2022)
    dialog.currency.setCurrentText("CNY")
    dialog.per_usd.setValue(6.7261)
    dialog.source.setText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "source citation is required" in dialog.error.text()
    assert conn.execute("SELECT count(*) FROM main.exchange_rates WHERE year = 2022").fetchone()[0] == 0
    assert _column(pane, "value_normalised")["hl-cny"] == "no rate for 2022 — cannot convert"
    dialog.source.setText("Test annual average 2022")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == ""
    assert float(_column(pane, "value_normalised")["hl-cny"]) == pytest.approx(100 / 6.7261, abs=1e-3)
    assert pane.rates.get(2022, "CNY").source == "Test annual average 2022"
    assert any("Test annual average 2022" in line for line in pane.table_footer())
    pane.set_unit("CNY bn")
    assert float(_column(pane, "value_normalised")["tf-2022-value"].replace(",", "")) == pytest.approx(190.57 * 6.7261, abs=1e-3)
    dialog.close()


def test_top_commodities_stack_shown_for_imported_commodities(qtbot, pane):
    from tests.data.test_commodity_stack import generate, sql_sums

    assert not pane.charts.tabs.isTabVisible(4)
    generate(pane.ctx.conn, commodities=10, years=(2022, 2023))
    pane.refresh()
    _wait_redrawn(qtbot, pane)
    qtbot.waitUntil(lambda: pane.charts.tabs.isTabVisible(4), timeout=5000)
    pane.charts.tabs.setCurrentIndex(4)
    chart = pane.charts.commodities
    expected = sql_sums(pane.ctx.conn)
    for year, total in expected.items():
        assert chart.stack.total(year) == pytest.approx(total, rel=1e-9)
        segments = [h for h in chart.hits if h.tip.startswith(f"{year} ·")]
        assert sum(h.rect.height() for h in segments) == pytest.approx(total, rel=1e-9)
        assert f"{year} total: {total:,.2f}".rstrip("0").rstrip(".") in segments[0].tip
    from explorer.data.trade_view import TOP_COMMODITIES

    assert len(chart.legend.items) == TOP_COMMODITIES + 1


def test_only_the_chart_shown_is_built_and_a_tab_shown_later_draws_the_current_filter(qtbot, pane):
    """Start-up builds the visible chart alone (building all of them froze the window); a
    tab shown later is built then, drawn with the filter applied meanwhile."""
    from explorer.ui.widgets.plot import HitPlot

    charts = pane.charts
    assert pane.is_ready and charts.tabs.currentIndex() == 0
    assert [type(c).__name__ for c in charts.findChildren(HitPlot)] == ["BilateralChart"]
    assert charts.findChildren(HitPlot)[0].hits and charts.findChildren(HitPlot)[0].isVisible()
    pane.set_year_range(2022, 2022)
    _wait_redrawn(qtbot, pane)
    assert charts.tabs.currentIndex() == 0 and len(charts.findChildren(HitPlot)) == 1     # still one
    assert not charts.is_built(2)
    charts.tabs.setCurrentIndex(2)                          # Regional & shares
    built = charts.findChildren(HitPlot)
    assert sorted(type(c).__name__ for c in built) == ["BilateralChart", "HBarChart", "HBarChart"]
    shares, regional = charts.shares, charts.regional
    assert shares.isVisible() and regional.isVisible()
    shown = set(_column(pane, "value"))
    assert "s-pk" in {h.key for h in shares.hits}
    assert {h.key for h in shares.hits + regional.hits} <= shown          # only rows the filter keeps
    assert "ln-cny" not in {h.key for h in regional.hits}                  # a 2023 figure
    labels = [i.textItem.toPlainText() for i in shares.item.items if hasattr(i, "textItem")]
    assert any("57" in text for text in labels)


def test_a_remembered_tab_this_workspace_hides_shows_a_chart_with_figures(qtbot, pane):
    """A layout saved on a workspace with imported monthly series remembers "Imported
    series"; here that tab is hidden, and its empty chart was shown under no tab."""
    charts = pane.charts
    assert not charts.tabs.isTabVisible(3)                  # no imported monthly series here
    state = pane.state()
    state["options"]["trade-chart-tabs"] = {"tab": "Imported series"}
    pane.restore(state)
    index = charts.tabs.currentIndex()
    assert charts.tabs.isTabVisible(index) and charts.plotted[index]
    assert charts.tabs.currentWidget().isVisible()
