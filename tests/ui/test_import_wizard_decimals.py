"""The wizard and decimal marks: nothing is pre-selected from the delimiter, and a
column whose numbers read two ways is shown both ways and asked about."""
from __future__ import annotations

import json
from pathlib import Path

from tests.ui.test_import_wizard import advance_to_check, dump, open_wizard
from tests.ui.wizard_helpers import to_columns

NUMBERS = Path(__file__).resolve().parent.parent / "fixtures" / "import" / "numbers"


def test_a_semicolon_file_is_not_read_with_decimal_commas(qtbot, window):
    wizard = open_wizard(qtbot, window, NUMBERS / "point_decimals_semicolon.csv")
    to_columns(qtbot, wizard)
    assert wizard.mapping_page.decimal_combo.currentText() == "Detect per column"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.done, timeout=30000)
    assert "would add 2" in wizard.check_page.report.toPlainText()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=30000)
    assert window.ctx.conn.execute("SELECT value FROM trade_figures ORDER BY source_row").fetchall() == [
        (2401.1,), (1902.7,)]
    wizard.accept()


def test_an_unclear_column_is_shown_both_ways_and_asked(qtbot, window):
    before = dump(window.ctx.conn)
    wizard = open_wizard(qtbot, window, NUMBERS / "ambiguous_thousands_semicolon.csv")
    page = advance_to_check(qtbot, wizard)
    assert not page.isComplete()
    assert page.report.toPlainText().startswith(
        "ambiguous_thousands_semicolon.csv: row 2, column value: expected a decimal mark the cells settle")
    assert dump(window.ctx.conn) == before
    table = page.decimals_table
    assert table.isVisibleTo(wizard) and page.decimals_button.isVisibleTo(wizard)
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "value: 1,234 → 1234 (thousands grouped by a comma) | 1.234 (a decimal comma)"
    choice = table.cellWidget(0, 1)
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "Choose…", "1234 — thousands grouped by a comma", "1.234 — a decimal comma"]
    choice.setCurrentIndex(choice.findData(","))
    page.decimals_button.click()
    qtbot.waitUntil(lambda: page.done, timeout=30000)
    assert page.ok, page.report.toPlainText()
    assert "would add 2" in page.report.toPlainText()
    assert not table.isVisibleTo(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=30000)
    conn = window.ctx.conn
    assert conn.execute("SELECT value FROM trade_figures ORDER BY source_row").fetchall() == [(1.234,), (5.678,)]
    assert json.loads(conn.execute("SELECT mapping_json FROM imports").fetchone()[0])["decimal"] == {"value": ","}
    assert wizard.saved_mapping()["decimal"] == {"value": ","}
    wizard.accept()
