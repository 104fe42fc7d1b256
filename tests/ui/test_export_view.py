"""File → Export view: the pane's table, its charts (PNG and SVG with a
citation footer) and citations.txt, written together into one folder."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPainter

from explorer.data.citations import quoted_title
from explorer.data.export import export_header
from explorer.data.panes import milestone_specs
from explorer.ui.export_view import export_view
from tests.conftest import show_and_wait

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "import"
FORMULA = ("=", "+", "-", "@")

CHARTS = {"trade": ["bilateral-by-year"], "corridors": ["timeline", "map"], "energy": ["capacity"],
          "institutions": ["graph"], "sources": []}


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _docs_in_db(pane) -> dict[str, str]:
    return dict(pane.ctx.conn.execute("SELECT doc_id, title FROM all_documents"))


@pytest.mark.parametrize("name", list(CHARTS))
def test_export_view_writes_table_charts_and_citations(qtbot, window, tmp_path, name):
    pane = show_and_wait(qtbot, window, name)
    written = export_view(pane, tmp_path)
    names = sorted(p.name for p in written)
    expected = [f"{name}.csv", "citations.txt"] + [f"{name}-{c}.{s}" for c in CHARTS[name] for s in ("png", "svg")]
    expected += [f"{name}_milestones.csv"] if f"{name}_milestones" in {s.name for s in milestone_specs()} else []      # the subjects' dated events (issue 16)
    assert names == sorted(expected)

    rows = _rows(tmp_path / f"{name}.csv")
    assert len(rows) == pane.model.rowCount() > 0
    assert list(rows[0]) == export_header(pane.model.spec)

    for chart in CHARTS[name]:
        image = QImage(str(tmp_path / f"{name}-{chart}.png"))
        widget = dict(pane.chart_widgets())[next(n for n, _ in pane.chart_widgets()
                                                 if n.lower().replace(" ", "-") == chart)]
        assert image.height() > widget.height()            # room for the footer beneath
        svg = (tmp_path / f"{name}-{chart}.svg").read_text(encoding="utf-8")
        assert "<svg" in svg and "Amur Explorer" in svg

    text = (tmp_path / "citations.txt").read_text(encoding="utf-8")
    assert f"{len(rows):,} rows exported" in text
    titles = _docs_in_db(pane)
    behind = {r[0] for r in pane.ctx.conn.execute(
        f"SELECT DISTINCT _doc_id FROM ({pane.model.spec.select_sql()}) WHERE _doc_id IS NOT NULL")}
    assert behind
    for doc_id in behind:
        assert f"] {doc_id} —" in text
        assert quoted_title(titles[doc_id])[:-1] in text     # plain and Chicago both quote the title
    assert text.count("Plain:   ") == text.count("Chicago: ") == len(behind)


def test_filtered_view_cites_only_the_documents_behind_its_rows(qtbot, window, tmp_path):
    pane = show_and_wait(qtbot, window, "corridors")
    total = pane.model.rowCount()
    pane.filter_edit.setText("Heihe")
    pane.apply_filter()
    export_view(pane, tmp_path)
    rows = _rows(tmp_path / "corridors.csv")
    assert 0 < len(rows) == pane.model.rowCount() < total
    text = (tmp_path / "citations.txt").read_text(encoding="utf-8")
    assert "filter “Heihe”" in text
    cited = {line.split("] ", 1)[1].split(" —")[0] for line in text.splitlines() if line.startswith("[")}
    where, params = pane.model.filter.where(pane.model.spec)
    behind = {r[0] for r in pane.ctx.conn.execute(
        f"SELECT DISTINCT _doc_id FROM ({pane.model.spec.select_sql()}){where}", params) if r[0]}
    assert cited == behind


def test_imported_formula_cells_are_neutralised_and_the_file_is_cited(qtbot, window, tmp_path):
    from explorer.data.importing.engine import run_import

    run_import(window.ctx.conn, CORPUS / "good_trade_formula_text.csv")
    window.ctx.bus.data_changed.emit()
    pane = show_and_wait(qtbot, window, "trade")
    pane.filter_edit.setText("mention")
    pane.apply_filter()
    assert pane.model.rowCount() == 1
    export_view(pane, tmp_path)
    rows = _rows(tmp_path / "trade.csv")
    assert rows[0]["description"] == "'@mention kept"
    for row in rows:
        for value in row.values():
            assert not value.startswith(FORMULA) or _is_number(value), value
    text = (tmp_path / "citations.txt").read_text(encoding="utf-8")
    assert "good_trade_formula_text.csv" in text and "Imported from" in text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_file_menu_export_view_asks_for_a_folder(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    action = next(a for a in window.file_menu.actions() if a.text().replace("&", "") == "Export view…")
    assert action.shortcut().toString() == "Ctrl+Shift+E"
    action.trigger()
    assert (tmp_path / "trade.csv").exists() and (tmp_path / "citations.txt").exists()
    assert "Exported Trade" in window.statusBar().currentMessage()


def test_the_institutions_graph_is_exported_whole_not_only_the_part_in_view(qtbot, store, tmp_path):
    """At 1024×640 the graph scrolls; the exported PNG and SVG hold the whole graph (every
    node's name in the SVG as text, the PNG as tall as the whole drawing), not the part
    scrolled into view."""
    import xml.etree.ElementTree as ET

    from explorer.ui.widgets.plot import EXPORT_SCALE
    from tests.conftest import open_window

    with open_window(qtbot, store, "institutions", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "institutions")
        graph = pane.graph
        qtbot.waitUntil(lambda: graph.view_scale() >= 0.8, timeout=5000)
        assert graph.scroll.verticalScrollBar().maximum() > 0, "the graph is taller than its view"
        export_view(pane, tmp_path)
        image = QImage(str(tmp_path / "institutions-graph.png"))
        assert image.height() >= EXPORT_SCALE * (graph.plot.height() + graph.legend.height())
        assert image.width() >= EXPORT_SCALE * graph.plot.width()
        root = ET.parse(tmp_path / "institutions-graph.svg").getroot()
        texts = "\n".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
        names = [line for node in graph.layout_.nodes.values() for line in node.label.split("\n")]
        assert len(names) >= len(graph.node_items) > 50
        missing = [name for name in names if name not in texts]
        assert not missing


def _svg_texts(path: Path) -> str:
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    return "\n".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


def _twins_left(kind) -> list:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)]


def test_the_institutions_hierarchy_is_exported_whole_not_only_the_rows_in_view(qtbot, store, tmp_path):
    """At 1024×640 the hierarchy scrolls; the export holds every row (every institution's
    name as text in the SVG, the PNG as tall as all the rows), not the rows in view."""
    from explorer.ui.widgets.plot import EXPORT_SCALE
    from tests.conftest import open_window

    with open_window(qtbot, store, "institutions", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "institutions")
        tree = pane.tree
        pane.views.setCurrentWidget(tree)
        qtbot.waitUntil(tree.isVisible, timeout=3000)
        assert tree.verticalScrollBar().maximum() > 0, "the hierarchy is taller than its view"
        items = list(tree.iter_items())
        export_view(pane, tmp_path)
        assert (tmp_path / "institutions-hierarchy.png").exists()
        image = QImage(str(tmp_path / "institutions-hierarchy.png"))
        row_px = tree.visualItemRect(items[0]).height()
        assert image.height() >= EXPORT_SCALE * (tree.header().height() + len(items) * row_px)
        texts = _svg_texts(tmp_path / "institutions-hierarchy.svg")
        names = {item.text(0) for item in items}
        assert len(names) > 50
        assert not [name for name in names if name not in texts]
        assert not _twins_left(type(tree)), "the off-screen copy drawn for the export is let go"


def test_the_institutions_timeline_is_exported_whole_not_only_the_lanes_in_view(qtbot, store, tmp_path):
    """At 1024×640 the timeline shows a few lanes at a time; the export holds every lane
    (every entry's name as text in the SVG, the PNG as tall as all the lanes)."""
    from explorer.ui.widgets.plot import EXPORT_SCALE
    from tests.conftest import open_window

    with open_window(qtbot, store, "institutions", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "institutions")
        timeline = pane.timeline
        pane.views.setCurrentWidget(timeline)
        qtbot.waitUntil(timeline.laid_out_for_size, timeout=5000)
        in_view = timeline.view.viewRect().height()
        assert timeline.lanes > in_view, "more lanes than the view shows"
        export_view(pane, tmp_path)
        image = QImage(str(tmp_path / "institutions-timeline.png"))
        assert image.height() >= EXPORT_SCALE * (timeline.legend.height() + timeline.lanes * timeline.ROW_PX)
        texts = _svg_texts(tmp_path / "institutions-timeline.svg")
        names = [label.split(" · ")[0].strip() for label in timeline._label_texts.values()]
        assert len(names) == len(timeline.entries) > 10
        assert not [name for name in names if name not in texts]
        assert not _twins_left(type(timeline)), "the off-screen copy drawn for the export is let go"


# -- every chart of every pane, exported from a 1024×640 window (issue 18) -----------------------

@pytest.fixture(scope="module")
def imported_workspace(bundled_path, tmp_path_factory):
    """A workspace with imported Comtrade figures, a GEM pipeline tracker, monthly trade and
    an Our World in Data series: every chart tab there is has something to draw."""
    from explorer.data.db import Store
    from explorer.data.importing.engine import run_import

    folder = tmp_path_factory.mktemp("export-all")
    monthly = folder / "monthly.csv"
    monthly.write_text("period,measure,reporter,partner,flow,value,unit,status,topic\n" + "".join(
        f"2023-{m:02d},value,China,Russia,import,{8_100_000 + m * 1000},thousand USD,actual,trade\n"
        for m in range(1, 13)), encoding="utf-8")
    conn = Store(workspace=folder / "ws.sqlite", bundled=bundled_path).connect()
    try:
        for name in ("good_comtrade.csv", "good_pipeline_tracker.xlsx", "good_owid.csv"):
            run_import(conn, CORPUS / name)
        run_import(conn, monthly, dataset="trade")
    finally:
        conn.close()
    return folder / "ws.sqlite"


def _settle(qtbot, win) -> None:
    """Until the window's pending redraws and label layouts have run."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from explorer.ui.widgets.plot import HitPlot

    def idle() -> bool:
        QApplication.processEvents()
        timers = [w._layout_timer for w in win.findChildren(HitPlot)]
        timers += [p._redraw_timer for p in win.panes if hasattr(p, "_redraw_timer")]
        return not any(isinstance(t, QTimer) and t.isActive() for t in timers)

    for _ in range(2):
        qtbot.waitUntil(idle, timeout=5000)
        qtbot.wait(40)


def _chart_states(qtbot, win, pane):
    """Each chart tab of the pane in turn (the pane as it is when it has no tabs)."""
    from PySide6.QtWidgets import QTabWidget

    tab_widgets = [t for t in pane.findChildren(QTabWidget) if t.isVisible()]
    if not tab_widgets:
        yield ""
        return
    for tabs in tab_widgets:
        for i in range(tabs.count()):
            if tabs.isTabVisible(i):
                tabs.setCurrentIndex(i)
                _settle(qtbot, win)
                yield tabs.tabText(i)


def _words(text: str) -> str:
    return " ".join(text.split())


def _letters(text: str) -> str:
    """The text without its spaces: a wrapped line may break after a '/' of a URL."""
    return "".join(text.split())


def _footer_texts(svg: Path, footer: list[str]) -> list[tuple[float, str]]:
    """The SVG's last text elements (the footer is drawn last) that are pieces of the footer
    lines: (baseline y, text), in the order drawn."""
    import xml.etree.ElementTree as ET

    texts = [(float(el.get("y", "0")), "".join(el.itertext()))
             for el in ET.parse(svg).getroot().iter() if el.tag.endswith("text")]
    head = _words(footer[0])[:24]
    starts = [i for i, (_y, text) in enumerate(texts) if _words(text).startswith(head)]
    return texts[starts[-1]:] if starts else []


def _ink_at_the_edges(image: QImage, top: int) -> tuple[int, int] | None:
    """A pixel of text cut by the right edge below ``top`` or by the bottom edge, if any: the
    footer leaves a margin there."""
    background = image.pixelColor(2, image.height() - 2)     # the left margin: never ink
    edge = [(x, y) for y in range(top, image.height()) for x in range(image.width() - 4, image.width())]
    edge += [(x, y) for y in range(image.height() - 3, image.height()) for x in range(image.width())]
    return next(((x, y) for x, y in edge if image.pixelColor(x, y) != background), None)


def _check_chart_files(png: Path, svg: Path, footer: list[str]) -> list[str]:
    """What is wrong with one exported chart: PNG at 2× the SVG's size, SVG that opens, the
    footer in the SVG as text (every letter, in order) and whole in the PNG and in the SVG as
    drawn (no ink at the right or bottom edge under the chart: a line too long is cut there)."""
    from PySide6.QtSvg import QSvgRenderer

    where = png.name
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        return [f"{svg.name}: does not open"]
    box = renderer.viewBox()
    image = QImage(str(png))
    problems = []
    if (image.width(), image.height()) != (2 * box.width(), 2 * box.height()):
        problems.append(f"{where}: {image.width()}×{image.height()}, not 2× {box.width()}×{box.height()}")
    pieces = _footer_texts(svg, footer)
    got, want = _letters(" ".join(t for _y, t in pieces)), _letters(" ".join(footer))
    if got != want:
        at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        problems.append(f"{svg.name}: footer not all there as text, from: {got[at - 20:at + 60]!r} "
                        f"expected {want[at - 20:at + 60]!r}")
        return problems
    if max(y for y, _t in pieces) > box.height() - 2:
        problems.append(f"{svg.name}: a footer line below the bottom edge")
    top = 2 * (min(y for y, _t in pieces) - 12)          # the first footer line's top, at 2×
    drawn = QImage(image.size(), QImage.Format.Format_ARGB32)
    drawn.fill(0)
    painter = QPainter(drawn)
    renderer.render(painter)                                 # the SVG as a viewer shows it
    painter.end()
    for picture, what in ((image, png.name), (drawn, svg.name)):
        cut = _ink_at_the_edges(picture, int(top))
        if cut:
            problems.append(f"{what}: footer text cut at the edge, e.g. pixel {cut}")
    return problems


#: every chart each pane exports, over its chart tabs, with imported data in the workspace
EVERY_CHART = {
    "trade": ["bilateral-by-year", "targets-vs-actuals", "regional-and-shares", "imported-series", "top-commodities"],
    "corridors": ["timeline", "map"],
    "energy": ["capacity", "map"],
    "institutions": ["graph", "hierarchy", "timeline"],
    "indicators": ["indicators"],
}


@pytest.mark.parametrize("name", list(EVERY_CHART))
def test_every_chart_exports_whole_from_a_1024x640_window(qtbot, bundled_path, imported_workspace,
                                                          tmp_path, name):
    """Export view on each chart tab of the pane at 1024×640: each chart as PNG at 2× and SVG
    that opens, its footer whole (as text in the SVG; not cut by the edge of the PNG or of
    the SVG as drawn)."""
    import shutil

    from explorer.data.db import Store
    from explorer.ui.export_view import chart_footer
    from tests.conftest import open_window

    ws = tmp_path / "ws.sqlite"
    shutil.copy(imported_workspace, ws)
    store = Store(workspace=ws, bundled=bundled_path)
    problems, exported = [], []
    with open_window(qtbot, store, name, size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, name)
        _settle(qtbot, win)
        for k, state in enumerate(_chart_states(qtbot, win, pane)):
            charts = [chart for chart, _w in pane.chart_widgets()]
            assert charts, f"{name}[{state}]: no chart to export"
            folder = tmp_path / f"view-{k}"
            export_view(pane, folder)
            for chart in charts:
                stem = next(folder.glob(f"{name}-*{chart.lower().split()[0]}*.png")).with_suffix("")
                problems += _check_chart_files(stem.with_suffix(".png"), stem.with_suffix(".svg"),
                                               chart_footer(pane, chart))
                exported.append(stem.name)
    assert problems == []
    assert sorted(exported) == sorted(f"{name}-{chart}" for chart in EVERY_CHART[name])


def test_the_energy_capacity_charts_are_exported_whole_not_only_the_part_scrolled_into_view(
        qtbot, bundled_path, imported_workspace, tmp_path):
    """At 1024×640 with a GEM tracker imported the capacity plots scroll; the export holds
    every plot whole (every bar's label as text in the SVG, the PNG as tall as all the plots),
    and no scroll bar or volumes list."""
    import shutil

    from explorer.data.db import Store
    from explorer.ui.widgets.plot import EXPORT_SCALE
    from tests.conftest import open_window

    ws = tmp_path / "ws.sqlite"
    shutil.copy(imported_workspace, ws)
    with open_window(qtbot, Store(workspace=ws, bundled=bundled_path), "energy", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "energy")
        charts = pane.charts
        _settle(qtbot, win)
        qtbot.waitUntil(lambda: charts.plots_scroll.verticalScrollBar().maximum() > 0, timeout=5000)   # they scroll
        export_view(pane, tmp_path / "view")
        image = QImage(str(tmp_path / "view" / "energy-capacity.png"))
        plots_px = sum(p.plot.height() for p in charts.plots.values())
        assert plots_px > charts.plots_scroll.viewport().height()
        assert image.height() >= EXPORT_SCALE * (plots_px + charts.legend_label.height())
        parts = [p.plot for p in charts.plots.values()] + [charts.legend_label]
        assert image.width() == EXPORT_SCALE * max(part.width() for part in parts)     # nothing beside them
        texts = _svg_texts(tmp_path / "view" / "energy-capacity.svg")
        labels = [label for plot in charts.plots.values() for _f, _v, label in plot.rows]
        assert len(labels) >= 7
        assert not [label for label in labels if label not in texts]
        assert charts.others.headerItem().text(0) not in texts          # the volumes list is not a chart


def test_the_indicator_chart_is_exported_with_its_whole_legend_beneath(qtbot, bundled_path, imported_workspace,
                                                                      tmp_path):
    """The legend beside the plots scrolls when there are many series; the export puts every
    entry beneath the plots, as wide as they are, on the chart's own background."""
    import shutil

    from explorer.data.db import Store
    from explorer.ui.widgets.plot import EXPORT_SCALE
    from tests.conftest import open_window

    ws = tmp_path / "ws.sqlite"
    shutil.copy(imported_workspace, ws)
    with open_window(qtbot, Store(workspace=ws, bundled=bundled_path), "indicators", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "indicators")
        view = pane.chart
        _settle(qtbot, win)
        export_view(pane, tmp_path / "view")
        image = QImage(str(tmp_path / "view" / "indicators-indicators.png"))
        assert image.width() == EXPORT_SCALE * view.graphics.width()
        assert image.height() > EXPORT_SCALE * view.graphics.height()
        texts = _svg_texts(tmp_path / "view" / "indicators-indicators.svg")
        labels = [series.label for series in view.chart.series]
        assert labels and not [label for label in labels if label not in texts]
        below = image.pixelColor(image.width() - 8, int(EXPORT_SCALE * view.graphics.height()) + 8)
        assert below.lightness() > 240            # white report background, not the window's grey


def test_a_map_exports_on_the_report_background_not_the_window_grey(qtbot, bundled_path, imported_workspace,
                                                                   tmp_path):
    """The Energy map's legend column and attribution strip are on the same white as the
    map and its footer (they were on the window's grey)."""
    import shutil

    from explorer.data.db import Store
    from explorer.ui.widgets.plot import EXPORT_SCALE
    from tests.conftest import open_window

    ws = tmp_path / "ws.sqlite"
    shutil.copy(imported_workspace, ws)
    with open_window(qtbot, Store(workspace=ws, bundled=bundled_path), "energy", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, "energy")
        pane.upper_tabs.setCurrentWidget(pane.pipeline_map)
        _settle(qtbot, win)
        export_view(pane, tmp_path / "view")
        image = QImage(str(tmp_path / "view" / "energy-map.png"))
        footer = image.pixelColor(2, image.height() - 2)
        bottom = int(EXPORT_SCALE * pane.pipeline_map.height()) - 4      # the map's last rows, above the footer
        corner = image.pixelColor(image.width() - 6, bottom)             # under the legend text
        assert footer.lightness() > 245
        assert corner == footer, (corner.name(), footer.name())
