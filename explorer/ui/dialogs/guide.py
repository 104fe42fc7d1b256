"""Help → Guide (F1): a short in-app guide to the panes and the everyday keys.

The pane list follows the window's panes (their titles and row counts come from the
window), and the words about each pane are the pane's own (``TablePane.guide``),
so a pane added later is never missing.
"""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser, QVBoxLayout

from explorer import APP_NAME
from explorer.ui.dialogs.base import Dialog

KEYS = (
    ("Ctrl+F", "filter this pane (any word, in English, Russian or Chinese)"),
    ("Ctrl+K", "search everything"),
    ("Ctrl+C", "copy the selected table cells as tab-separated text"),
    ("Ctrl+E", "export this pane's table as CSV"),
    ("Ctrl+Shift+E", "export the view: table, charts and citations into one folder"),
    ("Ctrl+I", "import a CSV or Excel file of updated figures"),
    ("Tab / Shift+Tab", "move between the filter, the pane's options, the table and the citation"),
    ("Ctrl+/", "every keyboard shortcut"),
)


def guide_html(window) -> str:
    panes = "".join(
        f"<h4>{i}. {escape(p.spec.title)} <span style='font-weight:normal'>— {p.model.rowCount():,} rows, "
        f"Ctrl+{i}</span></h4><p>{escape(p.guide)}</p>"
        for i, p in enumerate(window.panes, start=1)
    )
    switch = (f"Ctrl+1 … Ctrl+{len(window.slots)}", "switch pane")
    keys = "".join(f"<tr><td style='padding-right:12px'><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
                   for k, v in (switch, *KEYS))
    return (
        f"<h3>{APP_NAME}: a short guide</h3>"
        "<p>Every figure, date, route, capacity and institution here comes from a source document. "
        "Select any row to see its citation — document, publisher, date, URL and the exact sentence it was "
        "read from — and use <b>Copy citation</b> to paste it into a report (plain or Chicago style). "
        "Your own figures come in through <b>File → Import…</b>; every import can be undone from the "
        "history.</p>"
        f"{panes}<h4>Keys</h4><table>{keys}</table>"
        "<p>The window remembers its size, each pane's filter, options, columns and splitters; "
        "<b>View → Reset layout</b> forgets them. <b>View → Theme</b> follows the system's light or dark "
        "scheme or keeps one.</p>"
    )


class GuideDialog(Dialog):
    def __init__(self, window) -> None:
        super().__init__(window, "guide-dialog", f"{APP_NAME} guide")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html(window))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(680, 620)


def show_guide(window) -> GuideDialog:
    dialog = GuideDialog(window)
    window.parts.keep("guide", dialog)
    dialog.setModal(False)
    dialog.show()
    return dialog
