"""Eurostat and China NBS files go through the import wizard with Next alone: the layout is
recognised, its preamble read, and the same rows land as on the command line."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.wizard_helpers import leave_file_page, open_wizard

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-files"



@pytest.mark.parametrize("name, layout, rows", [
    ("eurostat_nrg_ti_gas_custom_2437435.xlsx", "eurostat_xlsx", 1702),
    ("nbs_分省年度数据_GBK.csv", "nbs", 310),
])
def test_publisher_file_imports_with_next_alone(qtbot, window, name, layout, rows):
    wizard = open_wizard(qtbot, window, REAL / name)
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
