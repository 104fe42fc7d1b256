"""About box: version, data vintage, documents, licences of the bundled components."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from explorer import APP_NAME, __version__
from explorer.data.db import bundled_contents
from explorer.ui.context import AppContext

#: What ships inside the installer, and under which licence.
LICENCES = (
    ("Qt for Python (PySide6) and Qt", "LGPLv3"),
    ("pyqtgraph", "MIT"),
    ("NumPy", "BSD-3-Clause"),
    ("sqlite-utils", "Apache-2.0"),
    ("openpyxl", "MIT"),
    ("platformdirs", "MIT"),
    ("charset-normalizer", "MIT"),
    ("SQLite", "public domain"),
    ("Natural Earth map data (coastlines, borders)", "public domain"),
)


def about_html(ctx: AppContext) -> str:
    meta, docs = bundled_contents(ctx.conn)
    licences = "".join(f"<li>{escape(name)} — {escape(lic)}</li>" for name, lic in LICENCES)
    items = "".join(f"<li>{escape(t)} — {escape(p or '')}, {escape(d or '')}</li>" for t, p, d in docs)
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>An offline explorer of China–Russia economic cooperation in the Russian Far East, "
        "Siberia and Northeast China. Every figure carries its document and a verbatim quote.</p>"
        f"<p><b>Data vintage:</b> {escape(meta.get('data_vintage', '?'))} "
        f"(bundled database built {escape(meta.get('built_at', '?'))})</p>"
        f"<p><b>Source documents:</b></p><ul>{items}</ul>"
        f"<p><b>Workspace:</b> {escape(str(ctx.store.workspace))}</p>"
        f"<p><b>Bundled components and their licences:</b></p><ul>{licences}</ul>"
        "<p>Qt and PySide6 are used under the GNU LGPL v3 as shared libraries, which you may replace.</p>"
    )


def show_about(ctx: AppContext, parent: QWidget) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_html(ctx))
