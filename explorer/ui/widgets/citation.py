"""The panel that says where the selected figure came from."""
from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QMenu, QTextBrowser, QToolButton, QVBoxLayout, QWidget,
)

from explorer.data.citations import STYLES, Citation, conflict_lines, format_citation
from explorer.data.conflicts import MARK, Conflict, Statement

_SEVERITY_COLOUR = {"error": "#c62828", "warning": "#b26a00", "info": "#1565c0"}


def conflicts_html(conflicts: list[tuple[Conflict, list[Statement]]]) -> str:
    """Each recorded conflict the row is in: severity, what disagrees, and every statement with its quote."""
    parts = []
    for c, said in conflicts:
        colour = _SEVERITY_COLOUR.get(c.severity, "#b26a00")
        parts.append(f"<p style='margin:8px 0 2px 0'><b style='color:{colour}'>{MARK} Conflict "
                     f"({escape(c.severity)}, {escape(c.kind_label)})</b> <small>{escape(c.conflict_id)}</small><br>"
                     f"{escape(c.description)}</p>")
        items = []
        for s in said:
            where = ", ".join(escape(b) for b in (s.date, s.doc_id) if b)
            quote = f"<br><i>“{escape(s.quote)}”</i>" if s.quote else ""
            items.append(f"<li><b>{escape(s.label)}</b>: {escape(s.text)}"
                         f"{f' <small>({where})</small>' if where else ''}{quote}</li>")
        if items:
            parts.append(f"<ul style='margin:0'>{''.join(items)}</ul>")
    return "".join(parts)


def citation_html(c: Citation) -> str:
    rows: list[tuple[str, str]] = []
    if c.title:
        rows.append(("Document", f"<b>{escape(c.title)}</b>"))
    if c.author:
        rows.append(("Author", escape(c.author)))
    if c.publisher:
        rows.append(("Publisher", escape(c.publisher)))
    if c.published:
        inferred = (f" <i>(inferred: {escape(c.published_inferred)})</i>" if c.published_inferred else "")
        rows.append(("Date", escape(c.published) + inferred))
    if c.url:
        rows.append(("URL", f'<a href="{escape(c.url)}">{escape(c.url)}</a>'))
    if c.doi:
        rows.append(("DOI", f'<a href="https://doi.org/{escape(c.doi)}">{escape(c.doi)}</a>'))
    if c.doc_id:
        rows.append(("File", escape(c.doc_id)))
    if c.original_source:
        rows.append(("Original source", escape(c.original_source)))
    if c.source_file:
        where = escape(c.source_file) + (f", row {c.source_row}" if c.source_row else "")
        rows.append(("Imported from", where))
    claim = c.claimed_title or c.claimed_doc
    if c.imported and claim:     # what the imported row names: its claim, not its source
        rows.append(("Claims", f"{escape(claim)} <i>(as the import says; not the document's own figure)</i>"))
    if c.figure:
        rows.append(("Figure", escape(c.figure)))
    if c.inferred:
        rows.append(("Inferred", f"<i>{escape(c.inferred)}</i>"))
    table = "".join(f"<tr><td style='color:palette(mid);padding-right:8px'>{k}</td><td>{v}</td></tr>"
                    for k, v in rows)
    given = "<i>Quote as given in the import:</i>" if c.imported else ""
    quote = (f"{given}<blockquote style='margin:6px 0 0 0'>“{escape(c.quote)}”</blockquote>" if c.quote else "")
    return f"<table>{table}</table>{quote}"


class CitationPanel(QWidget):
    """Document, publisher, date, URL and verbatim quote of the selected row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.citation: Citation | None = None
        self.conflicts: list[tuple[Conflict, list[Statement]]] = []
        self.title = QLabel("<b>Citation</b>")
        # Click copies in the last style chosen; the arrow offers plain or Chicago.
        self.style = "plain"
        self.copy_button = QToolButton()
        self.copy_button.setObjectName("copy-citation")
        self.copy_button.setText("Copy citation")
        self.copy_button.setToolTip("Copy a ready-to-paste reference with the quote (plain or Chicago style)")
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        menu = QMenu(self.copy_button)
        self.style_actions: dict[str, QAction] = {}
        for style, label in STYLES.items():
            text = "Copy plain citation" if style == "plain" else f"Copy {label}-style citation"
            action = menu.addAction(text)
            action.triggered.connect(lambda _c=False, s=style: self.copy_as(s))
            self.style_actions[style] = action
        self.copy_button.setMenu(menu)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setPlaceholderText("Select a row to see the document and the sentence it was read from.")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.browser)

    def show_citation(self, citation: Citation | None,
                      conflicts: list[tuple[Conflict, list[Statement]]] = ()) -> None:
        """The row's citation and, below it, any recorded conflict the row is involved in."""
        self.citation = citation
        self.conflicts = list(conflicts)
        self.copy_button.setEnabled(citation is not None)
        html = citation_html(citation) if citation else ""
        self.browser.setHtml(html + conflicts_html(self.conflicts) if citation or conflicts else "")

    def text(self) -> str:
        return self.browser.toPlainText()

    def copy(self) -> None:
        """Copy the citation in the current style."""
        self.copy_as(self.style)

    def copy_as(self, style: str) -> None:
        """Copy the citation as ``plain`` or ``chicago`` and make that the button's style."""
        self.style = style
        self.copy_button.setText("Copy citation" if style == "plain" else "Copy Chicago citation")
        if self.citation:
            recorded = conflict_lines((c.conflict_id, c.severity, c.kind_label, c.description)
                                      for c, _ in self.conflicts)
            QApplication.clipboard().setText(format_citation(self.citation, style) + recorded)
