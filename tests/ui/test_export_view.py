"""File → Export view: the pane's table, its charts (PNG and SVG with a
citation footer) and citations.txt, written together into one folder."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

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
