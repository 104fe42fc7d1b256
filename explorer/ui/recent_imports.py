"""File → Recent imports: the last few imports (file, date, rows), from the
workspace's import history (explorer.data.importing.list_imports); choosing
one opens the history dialog with it selected."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu

RECENT = 6


def recent_imports(conn, limit: int = RECENT) -> list[dict]:
    from explorer.data.importing import list_imports

    return list_imports(conn)[:limit]


def entry_text(rec: dict) -> str:
    name = Path(str(rec.get("file_name") or "?")).name
    when = str(rec.get("imported_at") or "")[:16].replace("T", " ")
    rows = int(rec.get("rows_added") or 0) + int(rec.get("rows_replaced") or 0)
    undone = "" if rec.get("status") == "active" else f" ({rec.get('status')})"
    return f"{name} — {when} — {rows:,} row{'s' if rows != 1 else ''}{undone}"


def fill(window, menu: QMenu) -> None:
    menu.clear()
    records = recent_imports(window.ctx.conn)
    for rec in records:
        action = menu.addAction(entry_text(rec).replace("&", "&&"))
        action.triggered.connect(lambda _c=False, i=rec["import_id"]: open_history(window, i))
    if not records:
        menu.addAction("No imports yet").setEnabled(False)
    menu.addSeparator()
    menu.addAction("Import &history…", lambda: open_history(window, None))


def open_history(window, import_id: int | None):
    from explorer.ui.dialogs.import_history import open_import_history

    dialog = open_import_history(window)
    if import_id is not None:
        for row in range(dialog.table.rowCount()):
            if dialog.table.item(row, 0).text() == str(import_id):
                dialog.table.selectRow(row)
                break
    return dialog


def install(window, file_menu: QMenu) -> QMenu:
    """Add File → Recent imports, filled each time it opens."""
    menu = QMenu("Recent imp&orts", window)
    menu.setObjectName("recent-imports")
    file_menu.addMenu(menu)
    menu.aboutToShow.connect(lambda: fill(window, menu))
    window.parts.keep("recent_imports", menu)
    return menu
