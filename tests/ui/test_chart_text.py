"""No text on any chart prints over other text or is cut by the edge of its plot
(issue 18): every pane, every chart tab, at 1024×640, 1280×800 and 1920×1080, light
and dark, with the Events overlay on, with imported Comtrade, Global Energy Monitor
and monthly data, and with a facet that empties a chart.

``text_problems`` (explorer/ui/widgets/text_layout.py) collects the scene rectangle of
every text item — TextItems, InfiniteLine labels, titles, legends, axis titles and tick
labels — maps it to the view's pixels and names each pair that intersect and each text
outside its plot."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QGraphicsView, QTabWidget

from tests.conftest import dispose_window

FIXTURES = ("good_comtrade.csv", "good_pipeline_tracker.xlsx")


def _monthly_csv(path) -> None:
    """Two years of monthly imports in thousands of USD (the Trade pane's monthly rollup)."""
    rows = ["period,measure,reporter,partner,flow,value,unit,status,topic"]
    for year in (2022, 2023):
        for month in range(1, 13):
            rows.append(f"{year}-{month:02d},value,China,Russia,import,{8_100_000 + month * 1000},"
                        "thousand USD,actual,trade")
            rows.append(f"{year}-{month:02d},value,Heilongjiang,Russia,import,{1234.5 + month},"
                        "thousand USD,actual,trade")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def imported_workspace(bundled_path, tmp_path_factory):
    """A workspace holding a Comtrade file, a GEM pipeline tracker and monthly imports."""
    from explorer.data.db import Store
    from explorer.data.importing.engine import run_import

    folder = tmp_path_factory.mktemp("imported")
    store = Store(workspace=folder / "ws.sqlite", bundled=bundled_path)
    conn = store.connect()
    here = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "import"
    for name in FIXTURES:
        run_import(conn, here / name)
    _monthly_csv(folder / "monthly.csv")
    run_import(conn, folder / "monthly.csv", dataset="trade")
    conn.close()
    return folder / "ws.sqlite"


@pytest.fixture
def open_on(qtbot, bundled_path, imported_workspace, tmp_path):
    """open_on(size, theme) -> a shown window on a copy of the imported workspace."""
    from explorer.data.db import Store
    from explorer.ui.launch import create_window
    from explorer.ui.theme import manager

    windows = []

    def _open(size: tuple[int, int], theme: str):
        from PySide6.QtWidgets import QApplication

        manager(QApplication.instance()).forced = theme
        ws = tmp_path / "ws.sqlite"
        shutil.copy(imported_workspace, ws)
        win = create_window(Store(workspace=ws, bundled=bundled_path), "trade")
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        windows.append(win)
        return win

    yield _open
    from PySide6.QtWidgets import QApplication

    for win in windows:
        dispose_window(win)
    manager(QApplication.instance()).forced = None
    manager(QApplication.instance()).apply()        # the next test starts in the usual theme


def _settle(qtbot, win) -> None:
    """Until this window's pending redraws (a theme change, a filter) and label layouts have run."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from explorer.ui.widgets.trade_charts import HitPlot

    def idle() -> bool:
        QApplication.processEvents()
        # this window's widgets only: another test's window may be half destroyed
        timers = [w._layout_timer for w in win.findChildren(HitPlot)]
        timers += [pane._redraw_timer for pane in win.panes if hasattr(pane, "_redraw_timer")]
        return not any(isinstance(t, QTimer) and t.isActive() for t in timers)

    # twice, a moment apart: a zero-delay single shot (the theme's redraw) shows on no timer list
    for _ in range(2):
        qtbot.waitUntil(idle, timeout=5000)
        qtbot.wait(40)
    qtbot.waitUntil(idle, timeout=5000)


def _problems_shown(win, where: str) -> list[str]:
    from explorer.ui.widgets.text_layout import text_problems

    problems = []
    for view in win.findChildren(QGraphicsView):
        if view.isVisible():
            view.grab()             # paint once: text items take their final transforms
            problems += text_problems(view, f"{where}/{view.objectName() or type(view).__name__}")
    return problems


def _walk(qtbot, win) -> dict[str, list[str]]:
    """Every pane and every chart tab in it: {pane name: problems}."""
    found: dict[str, list[str]] = {}
    for pane in win.panes:
        win.show_pane(pane.spec.name)
        qtbot.waitUntil(lambda: pane.is_ready, timeout=15000)
        problems = []
        if pane.spec.name == "trade":
            pane.events_box.setChecked(True)
            pane.redraw()
        _settle(qtbot, win)
        tab_widgets = [t for t in pane.findChildren(QTabWidget) if t.isVisible()]
        for tabs in tab_widgets or [None]:
            for i in range(tabs.count() if tabs else 1):
                if tabs is not None:
                    if not tabs.isTabVisible(i):
                        continue
                    tabs.setCurrentIndex(i)
                    _settle(qtbot, win)
                where = f"{pane.spec.name}[{tabs.tabText(i) if tabs else ''}]"
                problems += _problems_shown(win, where)
        found[pane.spec.name] = problems
    return found


SIZES = [(1024, 640), (1280, 800), (1920, 1080)]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_chart_text_overlaps_or_leaves_its_plot(qtbot, open_on, size, theme):
    win = open_on(size, theme)
    found = _walk(qtbot, win)
    # the window really is that size: no pane holds it wider or taller (it could not go below 1138 px)
    assert (win.width(), win.height()) == size
    assert [p for problems in found.values() for p in problems] == []


def _trade(qtbot, open_on, size=(1280, 800)):
    win = open_on(size, "light")
    pane = win.show_pane("trade")
    qtbot.waitUntil(lambda: pane.is_ready, timeout=15000)
    _settle(qtbot, win)
    return win, pane


def _texts(chart) -> list[str]:
    from explorer.ui.widgets.text_layout import text_boxes

    return [b.text for b in text_boxes(chart.plot)]


def test_a_facet_that_empties_a_chart_says_so_and_the_tabs_follow(qtbot, open_on):
    win, pane = _trade(qtbot, open_on)
    charts = pane.charts
    assert charts.tabs.currentIndex() == 0
    box = pane.facet_boxes["reporter"]
    primorsky = next(box.itemData(i) for i in range(box.count()) if "Primorsky Krai" in box.itemText(i))
    pane.set_facet("reporter", primorsky)
    assert pane.facets() == {"reporter": primorsky}
    pane.redraw()
    _settle(qtbot, win)
    # no China–Russia figure is left: the bilateral chart says so instead of blank axes ...
    assert charts.bilateral.message.textItem.toPlainText() == "No China–Russia annual trade figures match the filter."
    # ... and the window shows a chart that still has the facet's figures
    assert charts.tabs.currentIndex() != 0
    assert charts.plotted[charts.tabs.currentIndex()]
    assert _problems_shown(win, "trade") == []


def test_the_axis_says_where_years_have_no_data(qtbot, open_on):
    win, pane = _trade(qtbot, open_on)
    # the curated bilateral series has 2018, then 2021 onwards
    assert "no data 2019–2020" in _texts(pane.charts.bilateral)


def test_regional_labels_sit_on_their_own_bar_and_never_say_none(qtbot, open_on):
    win, pane = _trade(qtbot, open_on)
    pane.charts.tabs.setCurrentIndex(2)
    _settle(qtbot, win)
    for chart in (pane.charts.shares, pane.charts.regional):
        texts = _texts(chart)
        assert texts and not any("(None)" in t for t in texts)
        for label in chart._labels:
            if label.isVisible():     # the label's bottom is inside its bar's row, not the next one's
                y = label.pos().y()
                assert any(h.rect.top() <= y + 0.5 and h.rect.bottom() >= y - 0.5 for h in chart.hits)
                assert label.toolTip() == label.full_text


def test_the_legend_never_covers_the_bars(qtbot, open_on):
    win, pane = _trade(qtbot, open_on)
    for tab in (0, 1):                  # a chart is built, and laid out, as its tab is shown
        pane.charts.tabs.setCurrentIndex(tab)
        _settle(qtbot, win)
        chart = pane.charts.current()
        legend = chart.legend.sceneBoundingRect()
        assert not legend.intersects(chart.item.vb.sceneBoundingRect())


def test_the_bilateral_legend_names_documents_whole_and_short(qtbot, open_on):
    win, pane = _trade(qtbot, open_on)
    names = [label.text for _sample, label in pane.charts.bilateral.legend.items]
    assert "volume — The Arctic Institute, 2025" in names
    assert not any(n.endswith(("Far", "…")) for n in names)


def test_event_labels_are_short_with_the_whole_text_in_the_tooltip(qtbot, open_on):
    win, pane = _trade(qtbot, open_on, size=(1024, 640))
    pane.events_box.setChecked(True)
    _settle(qtbot, win)
    chart = pane.charts.bilateral
    assert chart.event_labels
    shown = [t for t in chart.event_labels if t.isVisible()]
    assert shown, "some event labels have room"
    for text in chart.event_labels:
        plain = text.textItem.toPlainText()
        assert len(plain) <= chart.EVENT_CHARS
        full = text.toolTip().split("\n")[0]
        assert plain == full or "…" in plain


# -- chart exports ------------------------------------------------------------------------------

LONG = ("Source: " + "a very long citation of a document whose title and publisher run on " * 6).strip()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_png_export_is_2x_with_every_footer_line_whole(qtbot, open_on, tmp_path, theme):
    from PySide6.QtGui import QFontMetrics, QImage, QPalette

    from explorer.ui.widgets.plot import export_chart

    win, pane = _trade(qtbot, open_on)
    chart = pane.charts.current()
    footer = ["Amur Explorer — Trade", LONG]
    png = export_chart(chart, tmp_path / "c.png", footer)
    image = QImage(str(png))
    assert (image.width(), image.height() > 2 * chart.height()) == (2 * chart.width(), True)
    # the long line is wrapped, not cut: the footer is at least as tall as its wrapped lines
    fm = QFontMetrics(chart.font())
    lines = fm.horizontalAdvance(LONG) * 0.85 / (chart.width() - 12)
    assert image.height() / 2 - chart.height() >= int(lines) * fm.height() * 0.8
    # the footer is in the chart's own colours: no white strip under a dark chart
    base = chart.palette().color(QPalette.ColorRole.Base)
    corner = image.pixelColor(image.width() - 3, image.height() - 3)
    assert (corner.red(), corner.green(), corner.blue()) == (base.red(), base.green(), base.blue())


def test_an_svg_export_keeps_the_chart_text_as_text(qtbot, open_on, tmp_path):
    from explorer.ui.widgets.plot import export_chart

    _win, pane = _trade(qtbot, open_on)
    svg = export_chart(pane.charts.bilateral, tmp_path / "c.svg", ["Amur Explorer — Trade", LONG])
    text = svg.read_text(encoding="utf-8")
    for words in (">2021<", "146.88<", "China–Russia trade by year", "run on"):
        assert words in text
    assert LONG.split()[-1] in text                 # the last word of the wrapped line is there


def test_an_export_at_a_chosen_size(qtbot, open_on, tmp_path):
    from PySide6.QtGui import QImage

    from explorer.ui.widgets.plot import export_chart

    _win, pane = _trade(qtbot, open_on)
    chart = pane.charts.bilateral
    before = chart.size()
    png = export_chart(chart, tmp_path / "c.png", ["Amur Explorer"], size=(900, 500))
    image = QImage(str(png))
    assert image.width() == 1800 and image.height() > 1000
    assert chart.size() == before


def test_in_the_dark_theme_charts_export_in_the_light_report_style(qtbot, open_on, tmp_path):
    from PySide6.QtGui import QImage

    from explorer.ui import theme
    from explorer.ui.export_view import export_view

    win = open_on((1280, 800), "dark")
    pane = win.show_pane("trade")
    qtbot.waitUntil(lambda: pane.is_ready, timeout=15000)
    _settle(qtbot, win)
    assert theme.manager().dark
    written = export_view(pane, tmp_path / "view")
    image = QImage(str(next(p for p in written if p.suffix == ".png")))
    for x, y in ((4, 4), (image.width() - 4, image.height() - 4)):      # chart corner, footer corner
        assert image.pixelColor(x, y).lightness() > 200, (x, y)
    png = pane.export_chart(tmp_path / "one.png")
    assert QImage(str(png)).pixelColor(4, 4).lightness() > 200
    assert theme.manager().dark                                        # the window is dark again
    assert pane.palette().color(pane.palette().ColorRole.Base).lightness() < 128


def test_top_commodities_leave_out_the_total_and_name_each_code(qtbot, bundled_path, tmp_path):
    """Comtrade's TOTAL row sums the chapters: stacked on them, 2023 reached ~334 bn against a
    240 bn total (issue 18). The legend says what each code is."""
    from explorer.data.db import Store
    from explorer.data.importing.engine import run_import
    from tests.conftest import open_window

    header = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
              "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,cmdCode,cmdDesc,netWgt,primaryValue")
    row = "C,A,20230101,2023,52,2023,156,CHN,China,M,Import,643,RUS,Russian Federation,{code},{desc},1,{value}"
    lines = [header, row.format(code="TOTAL", desc="All Commodities", value=129_000_000_000),
             row.format(code="27", desc="Mineral fuels mineral oils and products of their distillation",
                        value=94_000_000_000),
             row.format(code="26", desc="Ores slag and ash", value=35_000_000_000)]
    path = tmp_path / "comtrade.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(workspace=tmp_path / "ws.sqlite", bundled=bundled_path)
    conn = store.connect()
    run_import(conn, path)
    conn.close()
    with open_window(qtbot, store, "trade") as win:
        pane = win.pane("trade")
        pane.charts.tabs.setCurrentIndex(4)
        _settle(qtbot, win)
        chart = pane.charts.commodities
        assert chart.stack.total(2023) == pytest.approx(129.0)        # 94 + 35, not 258
        names = [label.text for _sample, label in chart.legend.items]
        assert "TOTAL" not in " ".join(names)
        assert any(n.startswith("27 Mineral fuels") for n in names) and "26 Ores slag and ash" in names
        assert "TOTAL row left out" in chart.item.titleLabel.text
