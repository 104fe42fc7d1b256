"""Help → About names the licences of what ships; File → Recent imports lists
the last imports and opens the history on the one chosen."""
from __future__ import annotations

from pathlib import Path

from explorer.ui.dialogs.about import LICENCES, about_html
from explorer.ui.recent_imports import fill

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def test_about_lists_documents_vintage_and_licences(window):
    html = about_html(window.ctx)
    for name, licence in LICENCES:
        assert name in html and licence in html
    for component in ("PySide6", "pyqtgraph", "NumPy", "sqlite-utils", "openpyxl", "platformdirs",
                      "charset-normalizer", "Natural Earth"):
        assert component in html
    count = window.ctx.conn.execute("SELECT count(*) FROM bundled.documents").fetchone()[0]
    assert html.count("<li>") >= count + len(LICENCES)


def test_recent_imports_menu_lists_and_opens_history(qtbot, window):
    from explorer.data.importing.engine import run_import

    menu = window.parts.get("recent_imports")
    fill(window, menu)
    assert [a.text() for a in menu.actions() if a.text()][0] == "No imports yet"
    run_import(window.ctx.conn, CORPUS / "good_trade_formula_text.csv")
    run_import(window.ctx.conn, CORPUS / "good_energy.csv")
    window.ctx.bus.data_changed.emit()
    fill(window, menu)
    entries = [a for a in menu.actions() if "—" in a.text()]
    assert "good_energy.csv" in entries[0].text() and "good_trade_formula_text.csv" in entries[1].text()
    assert "3 rows" in entries[1].text()
    entries[1].trigger()
    dialog = window.parts.get("import_history")
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    row = dialog.table.currentRow()
    assert dialog.table.item(row, 7).text().endswith("good_trade_formula_text.csv")
    dialog.close()
