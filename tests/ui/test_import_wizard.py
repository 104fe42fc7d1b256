"""The import wizard walked end to end as a user would: File → Import…,
detected format and preview, mapping, validation report, import off the UI
thread with progress and cancel, summary; drag-and-drop; history and undo."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.ui.wizard_helpers import leave_file_page, to_columns

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "import"


def dump(conn) -> str:
    return "\n".join(conn.iterdump())


def open_wizard(qtbot, window, path: Path):
    action = next(a for a in window.parts.actions("import") if a.text() == "&Import…")
    assert action.shortcut().toString() == "Ctrl+I"
    action.trigger()
    wizard = window.parts.get("import_wizard")
    qtbot.waitUntil(wizard.isVisible)
    wizard.file_page.path_edit.setText(str(path))
    return wizard


def advance_to_check(qtbot, wizard):
    to_columns(qtbot, wizard)                      # -> preview -> "Adjust columns…" -> mapping
    wizard.next()                                  # -> check (dry run in a worker)
    page = wizard.check_page
    qtbot.waitUntil(lambda: page.done, timeout=30000)
    return page


def test_wizard_walks_a_file_into_the_panes(qtbot, window):
    pane = window.show_pane("trade")
    rows_before = pane.model.rowCount()
    wizard = open_wizard(qtbot, window, CORPUS / "good_comtrade.csv")
    leave_file_page(qtbot, wizard)
    assert "Layout: comtrade" in wizard.preview_page.format_label.text()
    assert "utf-8" in wizard.preview_page.format_label.text()
    table = wizard.preview_page.table
    assert (table.rowCount(), table.item(0, 14).text()) == (2, "0101")
    qtbot.waitUntil(wizard.next_imports, timeout=30000)     # recognised: Next would import at once
    wizard.adjust_columns()                                 # the analyst looks at the columns first
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.done, timeout=30000)
    assert check.report.toPlainText().startswith("No problems found.")
    assert "would add 2" in check.report.toPlainText()
    assert window.ctx.conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
    with qtbot.waitSignal(window.ctx.bus.data_changed, timeout=30000):
        wizard.next()
    page = wizard.import_page
    qtbot.waitUntil(lambda: page.done, timeout=30000)
    assert "added 2" in page.report.toPlainText()
    assert window.ctx.conn.execute("SELECT count(*) FROM imports WHERE status = 'active'").fetchone()[0] == 1
    qtbot.waitUntil(lambda: pane.model.rowCount() == rows_before + 2)
    wizard.accept()


def test_bad_file_shows_the_report_and_writes_nothing(qtbot, window):
    before = dump(window.ctx.conn)
    wizard = open_wizard(qtbot, window, CORPUS / "bad_text_in_numbers.csv")
    page = advance_to_check(qtbot, wizard)
    lines = page.report.toPlainText().splitlines()
    assert lines[0].startswith("bad_text_in_numbers.csv: row 2, column value: expected a number")
    assert lines[1].endswith("found 'n/a'")
    assert not page.isComplete()                     # Next stays disabled
    assert dump(window.ctx.conn) == before
    wizard.reject()


def test_unreadable_file_is_stopped_on_the_first_page(qtbot, window):
    wizard = open_wizard(qtbot, window, CORPUS / "bad_empty.csv")
    wizard.next()
    qtbot.waitUntil(lambda: "an empty file" in wizard.file_page.error.text(), timeout=30000)
    assert wizard.currentPage() is wizard.file_page
    wizard.reject()


def test_mapping_changes_what_is_imported_and_is_remembered(qtbot, window, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("when;who;amount;what\n2023;China;1 234,5;million USD\n", encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    to_columns(qtbot, wizard)
    combos = wizard.mapping_page.combos
    combos["period"].setCurrentIndex(combos["period"].findData("when"))
    combos["reporter"].setCurrentIndex(combos["reporter"].findData("who"))
    combos["value"].setCurrentIndex(combos["value"].findData("amount"))
    combos["unit"].setCurrentIndex(combos["unit"].findData("what"))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.done, timeout=30000)
    assert "would add 1" in wizard.check_page.report.toPlainText(), wizard.check_page.report.toPlainText()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=30000)
    row = window.ctx.conn.execute("SELECT period, reporter, value, unit FROM trade_figures").fetchone()
    assert row == ("2023", "china", 1234.5, "million USD")
    assert wizard.saved_mapping()["columns"]["value"] == "amount"
    wizard.accept()


@pytest.mark.slow
def test_cancel_during_import_writes_nothing(qtbot, window, tmp_path):
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("period,reporter,partner,commodity,value,unit\n")
        for i in range(60_000):
            fh.write(f"{1990 + i % 30},China,Russia,{i:06d},{i},USD\n")
    before = dump(window.ctx.conn)
    wizard = open_wizard(qtbot, window, path)
    advance_to_check(qtbot, wizard)
    assert wizard.check_page.ok
    wizard.next()
    page = wizard.import_page
    page.cancel_button.click()
    qtbot.waitUntil(lambda: page.done, timeout=60000)
    assert page.report.toPlainText() == "Cancelled: nothing was written."
    assert dump(window.ctx.conn) == before
    wizard.reject()


def test_dropping_a_file_on_the_window_opens_the_wizard_on_it(qtbot, window):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(CORPUS / "good_energy.csv"))])
    enter = QDragEnterEvent(QPoint(100, 100), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPoint(100, 100).toPointF(), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    wizard = window.parts.get("import_wizard")
    qtbot.waitUntil(wizard.isVisible)
    assert wizard.file_page.path_edit.text() == str(CORPUS / "good_energy.csv")
    wizard.reject()


def test_history_dialog_undoes_an_import(qtbot, window):
    from explorer.data.importing import run_import
    from explorer.ui.dialogs.import_history import open_import_history

    before = dump(window.ctx.conn)
    run_import(window.ctx.conn, CORPUS / "good_pipeline_tracker.xlsx")
    window.ctx.bus.data_changed.emit()
    dialog = open_import_history(window)
    assert dialog.table.rowCount() == 1 and dialog.selected_id() == 1
    with qtbot.waitSignal(window.ctx.bus.data_changed):
        dialog.undo_button.click()
    assert "Undid import 1" in dialog.message.text()
    assert dialog.table.item(0, 2).text() == "undone"
    skip = ('"imports"', '"sqlite_sequence"', "sqlite_stat", "rollup_stamp", "ANALYZE ")   # history, derived
    lines = [ln for ln in dump(window.ctx.conn).splitlines() if not any(k in ln for k in skip)]
    assert lines == [ln for ln in before.splitlines() if not any(k in ln for k in skip)]
    dialog.reject()


def test_unknown_places_are_listed_and_mapped_in_the_wizard(qtbot, window, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("reporter,partner,flow,unit,2019,2020\nChina,Russia,export,billion USD,1.5,2.5\n"
                    "Atlantis Oblast,China,export,billion USD,27.1,\n", encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    page = advance_to_check(qtbot, wizard)
    assert page.places_table.isVisibleTo(wizard) and page.places_table.rowCount() == 1
    assert page.places_table.item(0, 0).text() == "Atlantis Oblast  (1 row)"
    combo = page.places_table.cellWidget(0, 1)
    target = next(i for i in range(combo.count()) if combo.itemData(i) == "russia")
    combo.setCurrentIndex(target)
    page.recheck_button.click()
    qtbot.waitUntil(lambda: page.done, timeout=30000)
    assert page.ok and "Atlantis" not in page.report.toPlainText()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=30000)
    rows = window.ctx.conn.execute("SELECT reporter, period, value FROM trade_figures ORDER BY source_row, period")
    assert rows.fetchall() == [("china", "2019", 1.5), ("china", "2020", 2.5), ("russia", "2019", 27.1)]
    wizard.accept()
