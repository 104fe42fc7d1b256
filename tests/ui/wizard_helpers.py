"""Opening the import wizard on a file as the analyst does: File → Import… (Ctrl+I)."""
from __future__ import annotations

from pathlib import Path


def open_wizard(qtbot, window, path: Path):
    action = next(a for a in window.parts.actions("import") if a.text() == "&Import…")
    action.trigger()
    wizard = window.parts.get("import_wizard")
    qtbot.waitUntil(wizard.isVisible)
    wizard.file_page.path_edit.setText(str(path))
    return wizard


def leave_file_page(qtbot, wizard):
    """Next on the File page: the file is read off the UI thread and the wizard goes on by itself."""
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is not wizard.file_page, timeout=30000)
    assert wizard.currentPage() is wizard.preview_page


def to_columns(qtbot, wizard):
    """File → preview (read) → Columns, through "Adjust columns…" as an analyst who wants them."""
    leave_file_page(qtbot, wizard)
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.preview is not None or page.read_failed, timeout=30000)
    wizard.adjust_columns()
    assert wizard.currentPage() is wizard.mapping_page


def import_with_one_next(qtbot, window, path: Path, layout: str, rows: int) -> None:
    """A recognised publisher file: its layout is named on the preview, Next says Import, one press
    imports it and the indicators rows land (the same as on the command line)."""
    wizard = open_wizard(qtbot, window, path)
    leave_file_page(qtbot, wizard)
    assert f"Layout: {layout}" in wizard.preview_page.format_label.text()
    qtbot.waitUntil(wizard.next_imports, timeout=60000)
    assert wizard.button(wizard.WizardButton.NextButton).text().replace("&", "") == "Import"
    wizard.next()
    page = wizard.import_page
    assert wizard.currentPage() is page
    qtbot.waitUntil(lambda: page.done, timeout=60000)
    assert f"added {rows}," in page.report.toPlainText()
    conn = window.ctx.conn
    assert conn.execute("SELECT count(*) FROM indicators WHERE source_file = ?",
                        (path.name,)).fetchone()[0] == rows
    wizard.accept()
