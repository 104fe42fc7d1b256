"""Copy citation: plain by default, Chicago from the button's menu; the
clipboard holds the document, date and quote of the selected row."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

from explorer.data.db import Store
from tests.conftest import dispose_window


def test_copy_plain_and_chicago_from_a_selected_row(qtbot, tmp_path, mini_bundled_path):
    from explorer.ui.launch import create_window

    win = create_window(Store(tmp_path / "ws.sqlite", mini_bundled_path), "trade")
    qtbot.addWidget(win)
    win.show()
    pane = win.current_pane()
    qtbot.waitUntil(lambda: pane.is_ready, timeout=15000)
    doc = win.ctx.conn.execute("SELECT title, publisher, published FROM all_documents").fetchone()
    key, quote = win.ctx.conn.execute(
        "SELECT figure_id, quote FROM all_trade_figures ORDER BY figure_id").fetchone()
    assert pane.select_key(key)
    button = pane.citation.copy_button
    assert button.isEnabled()

    QApplication.clipboard().clear()
    button.click()
    text = QApplication.clipboard().text()
    assert text.startswith(f"“{doc[0]}”, {doc[1]}, {doc[2]}.")
    assert f"Quote: “{quote}”" in text

    pane.citation.style_actions["chicago"].trigger()
    text = QApplication.clipboard().text()
    assert text.startswith(f"“{doc[0]}.” {doc[1]}, {doc[2]}.")
    assert f"Quote: “{quote}”" in text
    # the button now copies Chicago until the analyst picks plain again
    QApplication.clipboard().clear()
    button.click()
    assert QApplication.clipboard().text() == text
    assert "Chicago" in button.text()
    dispose_window(win)


def test_nothing_selected_copies_nothing(qtbot):
    from explorer.ui.widgets.citation import CitationPanel

    panel = CitationPanel()
    qtbot.addWidget(panel)
    assert not panel.copy_button.isEnabled()
    QApplication.clipboard().setText("before")
    panel.copy()
    assert QApplication.clipboard().text() == "before"
