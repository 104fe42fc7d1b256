"""Render every pane to PNG without a screen (screenshot and selftest)."""
from __future__ import annotations

import os
from pathlib import Path

READY_TIMEOUT_MS = 15000


def ensure_platform() -> None:
    """Use Qt's offscreen platform when there is no display to draw on."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def wait_ready(app, pane, timeout_ms: int = READY_TIMEOUT_MS) -> bool:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(timeout_ms)
    while not pane.is_ready and not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _ in range(5):      # let deferred redraws settle
        app.processEvents()
    return pane.is_ready


def render_panes(store, out_dir: Path, size: tuple[int, int] = (1280, 800),
                 theme: str | None = None) -> list[Path]:
    """One PNG per pane, named NN-<pane>.png; returns the files written.

    ``theme`` ("light", "dark" or "system") is used for this run only, never saved."""
    from explorer.ui.launch import create_window, make_app

    app = make_app()
    if theme:
        from explorer.ui.theme import manager

        manager(app).forced = theme
    window = create_window(store, "trade")
    window.resize(*size)
    window.show()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for i, pane in enumerate(window.panes, start=1):
            window.show_pane(pane.spec.name)
            if not wait_ready(app, pane):
                raise RuntimeError(f"pane {pane.spec.name} did not finish drawing")
            if pane.model.rowCount() and not pane.table.currentIndex().isValid():
                pane.select_key(str(pane.model.key(0)))     # show a citation in the picture
                app.processEvents()
            path = out_dir / f"{i:02d}-{pane.spec.name}.png"
            if not window.grab().save(str(path)):
                raise RuntimeError(f"could not write {path}")
            written.append(path)
    finally:
        window.close()
        window.ctx.conn.close()
    return written
