"""Ctrl+C on a table copies TSV that a spreadsheet pastes as text and numbers,
never as live formulas: formula-like text gets the CSV export's apostrophe,
numbers (negative ones too) stay numbers. File → Export view never writes
through a link planted in the folder."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.data.importing import run_import
from tests.conftest import dispose_window

#: Texts a spreadsheet would run; each becomes an imported row's description.
FORMULAS = ['=HYPERLINK("http://evil","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "=1+1"]


@pytest.fixture
def trade_pane(qtbot, mini_bundled_path, tmp_path):
    from explorer.data.db import Store
    from explorer.ui.launch import create_window

    src = tmp_path / "formulas.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["period", "reporter", "partner", "flow", "value", "unit", "status", "description"])
        for i, text in enumerate(FORMULAS):
            w.writerow([2000 + i, "China", "Russia", "export", -5 - i, "USD", "actual", text])
    store = Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path)
    conn = store.connect()
    try:
        assert run_import(conn, src).added == len(FORMULAS)
        with conn:      # an import strips cells; text led by a tab or CR can still be stored
            conn.execute("INSERT INTO trade_figures(figure_id, topic, measure, reporter, period, value, unit, "
                         "status, description) VALUES ('tab', 'trade', 'value', 'china', '1999', -1, 'USD', "
                         "'actual', char(9) || '=1' || char(13) || '=2')")
    finally:
        conn.close()
    win = create_window(store, "trade")
    qtbot.addWidget(win)
    win.show()
    pane = win.pane("trade")
    qtbot.waitUntil(lambda: pane.is_ready, timeout=15000)
    yield pane
    dispose_window(win)


def _copied_rows(pane) -> list[dict[str, str]]:
    QApplication.clipboard().clear()
    pane.table.selectAll()
    pane.table.setFocus()
    pane.copy_selection()
    lines = QApplication.clipboard().text().split("\n")
    return [dict(zip(pane.model.spec.keys, line.split("\t"))) for line in lines]


def test_copied_cells_never_paste_as_formulas(trade_pane):
    rows = _copied_rows(trade_pane)
    assert len(rows) == trade_pane.model.rowCount()
    imported = {r["description"]: r for r in rows if r["document"] == "formulas.csv"}
    # each formula-like text is pasted as that text: the apostrophe makes the spreadsheet show it as text
    assert sorted(imported) == sorted("'" + t for t in FORMULAS)
    # a tab or line break inside a cell would split it when pasted: it becomes a space, after the apostrophe
    assert [r["description"] for r in rows if r["period"] == "1999"] == ["' =1 =2"]
    for row in rows:
        for key, cell in row.items():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (key, cell)
            if cell.startswith("-"):
                float(cell.replace(",", ""))        # only a number may start with a minus
    # numbers stay numbers: the negative values are pasted as they are shown
    assert {r["value"] for r in imported.values()} == {str(-5 - i) for i in range(len(FORMULAS))}


def test_ctrl_c_copies_the_same_inert_text(qtbot, trade_pane):
    QApplication.clipboard().clear()
    trade_pane.filter_edit.setText("HYPERLINK")
    trade_pane.apply_filter()
    qtbot.waitUntil(lambda: trade_pane.model.rowCount() == 1, timeout=3000)
    trade_pane.table.selectAll()
    trade_pane.table.setFocus()
    qtbot.keyClick(trade_pane.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QApplication.clipboard().text()
    assert "\t'=HYPERLINK(\"http://evil\",\"click\")\t" in text
    assert "\t-5\t" in text


def test_export_view_replaces_links_planted_in_the_folder(qtbot, trade_pane, tmp_path):
    from explorer.ui.export_view import CITATIONS_FILE, export_view

    victim = tmp_path / "precious.txt"
    victim.write_text("keep", encoding="utf-8")
    out = tmp_path / "view"
    out.mkdir()
    planted = ["trade.csv", "trade.csv.part", CITATIONS_FILE, "trade-bilateral-by-year.png",
               "trade-bilateral-by-year.svg"]
    for name in planted:
        (out / name).symlink_to(victim)
    written = export_view(trade_pane, out)
    assert victim.read_text(encoding="utf-8") == "keep"
    assert {p.name for p in written} >= set(planted) - {"trade.csv.part"}
    for path in written:
        assert path.is_file() and not path.is_symlink() and path.stat().st_size > 0, path.name
    assert "'=HYPERLINK(" in (out / "trade.csv").read_text(encoding="utf-8-sig")
