"""Eurostat and China NBS files go through the import wizard with Next alone: the layout is
recognised, its preamble read, and the same rows land as on the command line."""
from __future__ import annotations

from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-files"


def open_wizard(qtbot, window, path: Path):
    action = next(a for a in window.parts.actions("import") if a.text() == "&Import…")
    action.trigger()
    wizard = window.parts.get("import_wizard")
    qtbot.waitUntil(wizard.isVisible)
    wizard.file_page.path_edit.setText(str(path))
    return wizard


@pytest.mark.parametrize("name, layout, rows", [
    ("eurostat_nrg_ti_gas_custom_2437435.xlsx", "eurostat_xlsx", 1702),
    ("nbs_分省年度数据_GBK.csv", "nbs", 310),
])
def test_publisher_file_imports_with_next_alone(qtbot, window, name, layout, rows):
    wizard = open_wizard(qtbot, window, REAL / name)
    wizard.next()
    assert f"Layout: {layout}" in wizard.preview_page.format_label.text()
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.done, timeout=60000)
    assert f"would add {rows}," in check.report.toPlainText(), check.report.toPlainText()
    wizard.next()
    page = wizard.import_page
    qtbot.waitUntil(lambda: page.done, timeout=60000)
    assert f"added {rows}," in page.report.toPlainText()
    conn = window.ctx.conn
    assert conn.execute("SELECT count(*) FROM indicators WHERE source_file = ?", (name,)).fetchone()[0] == rows
    wizard.accept()
