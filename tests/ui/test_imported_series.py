"""The Trade pane draws an imported row apart from the curated figures (issue 14).

One row naming document 003, with a quote of the user's own, imported into a
workspace on the mini curated set (China–Russia total 2023: 2320 hundred
million USD in document 003)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt

from tests.conftest import dispose_window

INVENTED = "Trade reached a record 240.11 billion dollars"


@pytest.fixture
def pane(qtbot, mini_bundled_path, tmp_path):
    from explorer.data.db import Store
    from explorer.data.importing.engine import run_import
    from explorer.ui.launch import create_window

    store = Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path)
    conn = store.connect()
    path = tmp_path / "edited.csv"
    path.write_text("period,measure,reporter,partner,flow,value,unit,status,topic,quote,document\n"
                    f"2023,value,China,Russia,total,2401.1,hundred million USD,actual,trade,{INVENTED},"
                    "Sino-Russian Sub-Regional Cooperation\n"
                    "2022,growth,China,Russia,total,30.1,%,actual,trade,,\n", encoding="utf-8")
    run_import(conn, path, dataset="trade")
    conn.close()
    win = create_window(store, "trade")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    p = win.pane("trade")
    qtbot.waitUntil(lambda: p.is_ready, timeout=15000)
    yield p
    dispose_window(win)


def _legend(chart) -> list[str]:
    return [label.text for _sample, label in chart.legend.items]


def test_the_import_is_a_series_of_its_own_drawn_hatched(pane):
    chart = pane.charts.bilateral
    assert _legend(chart)[:2] == ["volume — The Arctic Institute, 2025", "imported: edited.csv"]   # publisher, year
    (imported_sample, _label) = chart.legend.items[1]
    assert imported_sample.item.opts["brush"].style() == Qt.BrushStyle.BDiagPattern
    (curated_sample, _label) = chart.legend.items[0]
    assert curated_sample.item.opts["brush"].style() == Qt.BrushStyle.SolidPattern


def test_the_curated_growth_check_is_untouched_and_the_conflict_flagged(pane):
    chart = pane.charts.bilateral
    # the document's own growth flags, as without the import (not "reported 4.9% vs computed 24.0%")
    assert chart.mismatch_labels == ["reported 29.3% vs computed 29.7%", "reported 4.9% vs computed 21.7%"]
    note = pane.charts.note.text()
    assert ("Conflict with the curated data: 2023: imported 240.11 vs curated 232 USD bn (edited.csv); "
            "China – Russia growth 2022: imported 30.1 vs curated 29.3 % (edited.csv).") in note
    (hit,) = [h for h in chart.hits if h.key.startswith("imp")]
    assert "Imported from edited.csv, row 2 (claims: Sino-Russian Sub-Regional Cooperation)" in hit.tip
    assert "CONFLICT: the curated data gives 232 USD bn" in hit.tip


def test_clicking_the_imported_bar_cites_the_file_and_the_claim(qtbot, pane):
    chart = pane.charts.bilateral
    (hit,) = [h for h in chart.hits if h.key.startswith("imp")]
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=chart.widget_pos_of(hit))
    qtbot.waitUntil(lambda: pane.selected_key() == hit.key, timeout=3000)
    assert pane.citation.browser.toPlainText().strip().splitlines() == [
        "Imported from", "edited.csv, row 2",
        "Claims", "Sino-Russian Sub-Regional Cooperation (as the import says; not the document's own figure)",
        "Figure", "2401.1 hundred million USD, 2023",
        "Quote as given in the import:", f"“{INVENTED}”"]
    pane.citation.copy()
    from PySide6.QtWidgets import QApplication

    assert QApplication.clipboard().text() == (
        "Imported from edited.csv, row 2 (claims: “Sino-Russian Sub-Regional Cooperation”).\n"
        f"Quote as given in the import: “{INVENTED}”\n"
        "Figure: 2401.1 hundred million USD, 2023")


def test_the_wizard_check_page_lists_plausibility_warnings(qtbot, window, tmp_path):
    """A tenfold value (decimal mark slipped) is said on the check page, and still importable."""
    from tests.ui.test_import_wizard import advance_to_check, open_wizard

    path = tmp_path / "slip.csv"
    path.write_text("period,measure,reporter,partner,flow,value,unit,status,topic\n"
                    "2023,value,China,Russia,turnover,23200,hundred million USD,actual,trade\n", encoding="utf-8")
    page = advance_to_check(qtbot, open_wizard(qtbot, window, path))
    lines = page.report.toPlainText().splitlines()
    assert page.ok and lines[0] == "No problems that stop the import; 1 warning(s) below."
    assert ("    row 2: China–Russia turnover value 2023: 23,200 hundred million USD is 10× the curated 2,320 "
            "(003_5cf011a87278cc00.txt) — a decimal mark or unit slip?") in lines
    assert window.ctx.conn.execute("SELECT count(*) FROM main.trade_figures").fetchone()[0] == 0


def _month_view(unit: str, lines: dict[str, list[tuple[str, float]]]):
    from explorer.data.trade_types import MonthlyLine, MonthlyView, MonthPoint

    def point(period: str, value: float) -> MonthPoint:
        year, month = period.split("-")
        return MonthPoint(period, int(year) + (int(month) - 0.5) / 12, value, rows=1)

    return MonthlyView(unit, tuple(MonthlyLine(label, tuple(point(p, v) for p, v in pts))
                                   for label, pts in lines.items()))


def _drawn(chart) -> dict[str, list[tuple[float, float]]]:
    """Each curve in the plot by its legend label: the (month, value) pairs it draws."""
    from explorer.ui.widgets.plot import pg

    curves = [item for item in chart.item.items if isinstance(item, pg().PlotDataItem)]
    by_label = {label.text: sample.item for sample, label in chart.legend.items}
    assert sorted(map(id, curves)) == sorted(map(id, by_label.values()))      # no curve without its legend entry
    return {text: [(round(x, 3), y) for x, y in zip(*curve.getData())] for text, curve in by_label.items()}


def test_a_monthly_redraw_shows_the_new_series_on_the_same_curves(qtbot):
    """A facet change redraws the monthly chart with new sums: the lines and legend say the new
    series and values (no curve of the last draw left behind), kept curves given the new data."""
    from explorer.ui.widgets.trade_imported import MonthlyChart

    chart = MonthlyChart()
    qtbot.addWidget(chart)
    chart.show()
    chart.draw(_month_view("USD mn", {"Amur exports to China": [("2023-01", 5.0), ("2023-02", 6.0)],
                                      "Amur imports from China": [("2023-01", 2.0), ("2023-02", 3.0)]}))
    first = list(chart.curves)
    chart.draw(_month_view("USD mn", {"Primorye exports to China": [("2023-01", 7.5), ("2023-03", 9.0)],
                                      "Primorye imports from China": [("2023-02", 1.25)]}))
    assert chart.curves == first                        # the same items, given new data
    assert _drawn(chart) == {"Primorye exports to China": [(2023.042, 7.5), (2023.208, 9.0)],
                             "Primorye imports from China": [(2023.125, 1.25)]}
    assert sorted(h.tip.splitlines()[0] for h in chart.hits) == [
        "Feb 2023 · Primorye imports from China", "Jan 2023 · Primorye exports to China",
        "Mar 2023 · Primorye exports to China"]
    assert "1.25 USD mn" in next(h.tip for h in chart.hits if h.tip.startswith("Feb 2023"))
    assert chart.item.getAxis("left").labelText == "USD mn"


def test_a_monthly_redraw_with_fewer_lines_or_none_leaves_no_stale_curve(qtbot):
    from explorer.ui.widgets.trade_imported import MonthlyChart

    chart = MonthlyChart()
    qtbot.addWidget(chart)
    chart.show()
    chart.draw(_month_view("USD bn", {"A": [("2022-12", 1.0)], "B": [("2022-12", 2.0)]}))
    chart.draw(_month_view("USD bn", {"C": [("2022-11", 4.0)]}))
    assert _drawn(chart) == {"C": [(2022.875, 4.0)]}
    chart.draw(_month_view("USD bn", {}))
    assert _drawn(chart) == {} and chart.hits == []
    assert chart.message is not None and "No imported monthly figures" in chart.message.textItem.toPlainText()
    chart.draw(_month_view("USD bn", {"D": [("2021-06", 3.0)]}))
    assert _drawn(chart) == {"D": [(2021.458, 3.0)]}
    assert chart.message is None
    assert not [item for item in chart.item.items if hasattr(item, "textItem")]      # the sentence is gone
    assert [h.tip.splitlines()[0] for h in chart.hits] == ["Jun 2021 · D"]


def _commodity_view(groups: dict[str, dict[int, float]], names: dict[str, str]):
    from explorer.data.trade_types import CommodityStack, CommodityView

    years = sorted({y for by_year in groups.values() for y in by_year})
    return CommodityView(CommodityStack("USD mn", years, list(groups.items()), {y: 3 for y in years}), names)


def _stacked(chart) -> dict[str, list[tuple[float, float, float]]]:
    """Each bar item in the plot by its legend label: (year, bottom, height) of its segments."""
    from explorer.ui.widgets.plot import pg

    items = [item for item in chart.item.items if isinstance(item, pg().BarGraphItem)]
    by_label = {label.text: sample.item for sample, label in chart.legend.items}
    assert sorted(map(id, items)) == sorted(map(id, by_label.values()))
    return {text: [(round(x + 0.35, 3), y, h) for x, y, h in zip(bars.opts["x0"], bars.opts["y0"], bars.opts["height"])]
            for text, bars in by_label.items()}


def test_a_commodity_redraw_restacks_the_same_bars_with_the_new_figures(qtbot):
    from explorer.ui.widgets.trade_imported import CommodityChart

    chart = CommodityChart()
    qtbot.addWidget(chart)
    chart.show()
    chart.draw(_commodity_view({"27": {2022: 5.0, 2023: 6.0}, "other": {2022: 1.0}}, {"27": "Mineral fuels"}))
    first = list(chart.bars)
    chart.draw(_commodity_view({"44": {2023: 2.0}, "other": {2022: 4.0, 2023: 1.5}}, {"44": "Wood"}))
    assert chart.bars == first
    assert _stacked(chart) == {"44 Wood": [(2023.0, 0.0, 2.0)], "other": [(2022.0, 0.0, 4.0), (2023.0, 2.0, 1.5)]}
    assert sorted(h.tip.splitlines()[0] for h in chart.hits) == [
        "2022 · other: 4 USD mn", "2023 · 44 Wood: 2 USD mn", "2023 · other: 1.5 USD mn"]
    assert next(h for h in chart.hits if h.tip.startswith("2023 · other")).rect == QRectF(2022.65, 2.0, 0.7, 1.5)
    chart.draw(_commodity_view({"other": {2021: 7.0}}, {}))
    assert _stacked(chart) == {"other": [(2021.0, 0.0, 7.0)]}


def test_a_kept_monthly_curve_drops_its_dots_when_the_series_grows_long(qtbot):
    """A dot a month while the dots stay apart (up to DOTS_UP_TO months), a plain line beyond,
    whether the curve is new or kept from the last draw."""
    from explorer.ui.widgets.trade_imported import DOTS_UP_TO, MonthlyChart

    def months(n: int) -> list[tuple[str, float]]:
        return [(f"{2000 + i // 12}-{i % 12 + 1:02d}", float(i)) for i in range(n)]

    chart = MonthlyChart()
    qtbot.addWidget(chart)
    chart.draw(_month_view("USD mn", {"A": months(DOTS_UP_TO)}))
    (curve,) = chart.curves
    assert curve.opts["symbol"] == "o"
    chart.draw(_month_view("USD mn", {"A": months(DOTS_UP_TO + 1)}))
    assert chart.curves == [curve] and curve.opts["symbol"] is None
    assert len(curve.getData()[0]) == DOTS_UP_TO + 1
    chart.draw(_month_view("USD mn", {"A": months(3)}))
    assert curve.opts["symbol"] == "o" and curve.opts["symbolSize"] == 5


def test_top_commodities_says_when_the_imports_are_totals_only(qtbot, store, tmp_path):
    """A Comtrade file of TOTAL rows only (the real comtradeplus download is one) left the chart
    saying "No imported commodity figures match the filter." with no filter set."""
    from explorer.data.filters import Filter
    from explorer.data.importing import run_import
    from explorer.data.trade_view import commodity_view
    from explorer.data.units import Rates
    from explorer.ui.widgets.trade_imported import CommodityChart

    path = tmp_path / "totals.csv"
    path.write_text("period,reporter,partner,flow,commodity,value,unit\n"
                    "2022,China,Russia,import,TOTAL,114.1,USD bn\n"
                    "2023,China,Russia,import,TOTAL,129.1,USD bn\n", encoding="utf-8")
    conn = store.connect()
    run_import(conn, path)
    view = commodity_view(conn, Filter(), "USD bn", Rates.load(conn))
    conn.close()
    assert view.aggregates_left_out and not view.stack.years
    chart = CommodityChart()
    qtbot.addWidget(chart)
    chart.draw(view)
    assert "totals of all commodities (TOTAL) only" in chart.message.toPlainText()
