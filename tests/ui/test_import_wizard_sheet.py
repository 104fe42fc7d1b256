"""The wizard's sheet picker: a workbook's sheets are listed (hidden ones marked), the
default is the first visible sheet holding data, and the sheet picked is the one
previewed, checked and imported."""
from __future__ import annotations

import openpyxl

from tests.ui.wizard_helpers import leave_file_page

HEADER = ["period", "reporter", "partner", "flow", "value", "unit", "description"]


def _workbook(path):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["a note, not data"])
    notes.sheet_state = "hidden"
    for title, year in (("Data 2021", 2021), ("Data 2022", 2022)):
        sheet = wb.create_sheet(title)
        sheet.append(HEADER)
        sheet.append([year, "China", "Russia", "total", year - 2000, "USD", title])
    wb.save(path)
    return path


def _open(qtbot, window, path):
    next(a for a in window.parts.actions("import") if a.text() == "&Import…").trigger()
    wizard = window.parts.get("import_wizard")
    qtbot.waitUntil(wizard.isVisible)
    wizard.file_page.path_edit.setText(str(path))
    return wizard


def test_the_sheet_picker_lists_sheets_and_defaults_to_the_first_visible_with_data(qtbot, window, tmp_path):
    wizard = _open(qtbot, window, _workbook(tmp_path / "book.xlsx"))
    combo = wizard.file_page.sheet_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "First visible sheet with data", "1. Notes (hidden)", "2. Data 2021", "3. Data 2022"]
    assert combo.isEnabled() and combo.currentData() is None
    leave_file_page(qtbot, wizard)
    assert "Excel sheet Data 2021" in wizard.preview_page.format_label.text()
    wizard.reject()


def test_the_sheet_picked_is_the_one_imported(qtbot, window, tmp_path):
    wizard = _open(qtbot, window, _workbook(tmp_path / "book.xlsx"))
    combo = wizard.file_page.sheet_combo
    combo.setCurrentIndex(combo.findData("Data 2022"))
    leave_file_page(qtbot, wizard)
    assert "Excel sheet Data 2022" in wizard.preview_page.format_label.text()
    assert wizard.preview_page.table.item(0, 6).text() == "Data 2022"
    qtbot.waitUntil(wizard.next_imports, timeout=30000)
    wizard.adjust_columns()                         # through the columns and the check
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.done, timeout=30000)
    assert "would add 1" in wizard.check_page.report.toPlainText(), wizard.check_page.report.toPlainText()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=30000)
    rows = window.ctx.conn.execute("SELECT period, description FROM trade_figures WHERE source_file = 'book.xlsx'")
    assert rows.fetchall() == [("2022", "Data 2022")]
    wizard.accept()


def test_the_sheet_picker_is_off_for_a_text_file(qtbot, window, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(",".join(HEADER) + "\n2023,China,Russia,total,1,USD,x\n", encoding="utf-8")
    wizard = _open(qtbot, window, path)
    assert not wizard.file_page.sheet_combo.isEnabled()
    wizard.reject()


def test_a_broken_record_in_the_preview_is_shown_not_raised(qtbot, window, tmp_path):
    path = tmp_path / "open.csv"
    path.write_text(",".join(HEADER) + '\n2023,China,Russia,total,1,USD,ok\n2024,China,Russia,total,2,USD,"open\n'
                    "2025,China,Russia,total,3,USD,x\n", encoding="utf-8")
    wizard = _open(qtbot, window, path)
    leave_file_page(qtbot, wizard)
    label = wizard.preview_page.format_label.text()
    assert label.endswith('open.csv: row 3, column description: expected a closing quote (") for the quoted cell '
                          "opened in line 3, found 'the end of the file'"), label
    assert wizard.preview_page.table.rowCount() == 1
    wizard.reject()


def test_an_xls_workbook_offers_its_sheets_too(qtbot, window):
    """A legacy .xls (a real Rosstat download) lists its sheets like an .xlsx, and the one picked is previewed."""
    from pathlib import Path

    xls = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "xls" / "innovations_1.xls"
    wizard = _open(qtbot, window, xls)
    combo = wizard.file_page.sheet_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "First visible sheet with data", "1. Содержание", "2. 1", "3. 2", "4. 3"]
    assert combo.isEnabled()
    combo.setCurrentIndex(combo.findData("1"))
    leave_file_page(qtbot, wizard)
    assert "Excel sheet 1" in wizard.preview_page.format_label.text()
    wizard.reject()
