"""The Statistical Review and Rosstat workbooks go through the import wizard with Next alone:
every table of the workbook lands, as on the command line."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.wizard_helpers import import_with_one_next, leave_file_page, open_wizard

STAT = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "stat"


@pytest.mark.parametrize("name, layout, rows", [
    ("EI-Stats-Review-All-Data.xlsx", "energy_institute", 3424),
    # this trimmed copy has no contents sheet: the wizard names the first sheet it read (3), so that table
    ("VRP_s_1998.xlsx", "rosstat", 226),
])
def test_statistical_workbook_imports_with_next_alone(qtbot, window, name, layout, rows):
    import_with_one_next(qtbot, window, STAT / name, layout, rows)


def test_statistical_workbook_preview_shows_the_rows_as_they_will_be_read(qtbot, window):
    wizard = open_wizard(qtbot, window, STAT / "EI-Stats-Review-All-Data.xlsx")
    leave_file_page(qtbot, wizard)
    table = wizard.preview_page.table
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert header[:3] == ["place", "place_code", "indicator"] and "2023" in header and "1850" not in header
    first = [table.item(0, c).text() if table.item(0, c) else "" for c in range(table.columnCount())]
    assert first[0] == "Canada" and first[2] == "Primary Energy: Consumption"
    wizard.reject()
