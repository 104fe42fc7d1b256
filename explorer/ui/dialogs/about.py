"""About box: version, data vintage, documents."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from explorer import APP_NAME, __version__
from explorer.ui.context import AppContext


def about_html(ctx: AppContext) -> str:
    meta = dict(ctx.conn.execute("SELECT key, value FROM bundled.meta"))
    docs = ctx.conn.execute("SELECT title, publisher, published FROM bundled.documents ORDER BY doc_id").fetchall()
    items = "".join(f"<li>{escape(t)} — {escape(p or '')}, {escape(d or '')}</li>" for t, p, d in docs)
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>An offline explorer of China–Russia economic cooperation in the Russian Far East, "
        "Siberia and Northeast China. Every figure carries its document and a verbatim quote.</p>"
        f"<p><b>Data vintage:</b> {escape(meta.get('data_vintage', '?'))} "
        f"(bundled database built {escape(meta.get('built_at', '?'))})</p>"
        f"<p><b>Source documents:</b></p><ul>{items}</ul>"
        f"<p><b>Workspace:</b> {escape(str(ctx.store.workspace))}</p>"
        "<p>Built with Qt for Python (PySide6, LGPLv3), pyqtgraph (MIT), SQLite (public domain).</p>"
    )


def show_about(ctx: AppContext, parent: QWidget) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_html(ctx))
