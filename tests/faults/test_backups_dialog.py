"""File → Backups…: back up now and restore from the GUI; the panes show the restored data."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from explorer.data import backup as B
from explorer.data.importing import run_import
from tests.faults.conftest import CORPUS, data_dump


def test_restore_from_the_backups_dialog(qtbot, mini_store, monkeypatch):
    from explorer.ui.dialogs.backups import BackupsDialog
    from explorer.ui.launch import create_window

    win = create_window(mini_store, "trade")
    qtbot.addWidget(win)
    try:
        conn = win.ctx.conn
        run_import(conn, CORPUS / "good_trade_utf8.csv")
        assert any(a.text() == "&Backups…" for a in win.file_menu.actions())
        dialog = BackupsDialog(win)
        qtbot.addWidget(dialog)
        dialog.backup_button.click()
        assert dialog.table.rowCount() == 1 and "on demand" in dialog.table.item(0, 2).text()
        kept = data_dump(conn)
        run_import(conn, CORPUS / "good_trade_tab.tsv")          # an automatic backup is taken first
        dialog.reload()
        assert dialog.table.rowCount() == 2
        dialog.table.selectRow(1)                                # the on-demand one
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        with qtbot.waitSignal(win.ctx.bus.data_changed, timeout=5000):
            dialog.restore_button.click()
        assert data_dump(conn) == kept
        assert "Restored backup 1" in dialog.status.text()
        assert [b.reason for b in B.list_backups(mini_store.workspace)][0] == "before-restore"
    finally:
        win.ctx.conn.close()
