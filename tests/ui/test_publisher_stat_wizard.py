"""The Statistical Review and Rosstat workbooks go through the import wizard with Next alone:
every table of the workbook lands, as on the command line."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.wizard_helpers import leave_file_page, open_wizard

STAT = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "stat"


@pytest.mark.parametrize("name, layout, rows", [
    ("EI-Stats-Review-All-Data.xlsx", "energy_institute", 3424),
    # this trimmed copy has no contents sheet: the wizard names the first sheet it read (3), so that table
    ("VRP_s_1998.xlsx", "rosstat", 226),
])
def test_statistical_workbook_imports_with_next_alone(qtbot, window, name, layout, rows):
    wizard = open_wizard(qtbot, window, STAT / name)
    leave_file_page(qtbot, wizard)
    assert f"Layout: {layout}" in wizard.preview_page.format_label.text()
    qtbot.waitUntil(wizard.next_imports, timeout=60000)         # recognised and complete: Next says Import
    assert wizard.button(wizard.WizardButton.NextButton).text().replace("&", "") == "Import"
    wizard.next()
    page = wizard.import_page
    assert wizard.currentPage() is page
    qtbot.waitUntil(lambda: page.done, timeout=60000)
    assert f"added {rows}," in page.report.toPlainText()
    conn = window.ctx.conn
    assert conn.execute("SELECT count(*) FROM indicators WHERE source_file = ?", (name,)).fetchone()[0] == rows
    wizard.accept()


def test_statistical_workbook_preview_shows_the_rows_as_they_will_be_read(qtbot, window):
    wizard = open_wizard(qtbot, window, STAT / "EI-Stats-Review-All-Data.xlsx")
    leave_file_page(qtbot, wizard)
    table = wizard.preview_page.table
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert header[:3] == ["place", "place_code", "indicator"] and "2023" in header and "1850" not in header
    first = [table.item(0, c).text() if table.item(0, c) else "" for c in range(table.columnCount())]
    assert first[0] == "Canada" and first[2] == "Primary Energy: Consumption"
    wizard.reject()
