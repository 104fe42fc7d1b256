"""Render every pane to PNG without a screen (screenshot and selftest)."""
from __future__ import annotations

import os
from pathlib import Path

READY_TIMEOUT_MS = 15000
#: The largest window side ``screenshot`` draws: 8192×8192 is a 256 MiB picture; far larger
#: sizes exhaust memory inside Qt (a crash, not an error).
MAX_SIDE = 8192


class RenderError(Exception):
    """A pane could not be drawn or its picture not written; the message is for the user."""


def parse_size(text: str) -> tuple[int, int]:
    """``WIDTHxHEIGHT`` as a pair of ints, each from 1 to MAX_SIDE; a ValueError saying what is wrong."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise ValueError(f"--size expects WIDTHxHEIGHT such as 1280x800, got {text!r}") from None
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise ValueError(f"--size {text}: width and height must each be between 1 and {MAX_SIDE} pixels")
    return width, height


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

    ``theme`` ("light", "dark" or "system") is used for this run only, never saved.
    Each picture is written to a new temporary file and renamed into place (a link
    planted in ``out_dir`` is replaced, never written through). Raises OutputError
    when ``out_dir`` is a file or a picture cannot be written, RenderError when a
    pane cannot be drawn."""
    from explorer.data.output_files import output_folder, write_bytes
    from explorer.ui.launch import create_window, make_app

    if not all(0 < side <= MAX_SIDE for side in size):
        raise RenderError(f"a window of {size[0]}x{size[1]} is too large to draw: at most {MAX_SIDE} per side")
    out_dir = output_folder(out_dir)

    app = make_app()
    if theme:
        from explorer.ui.theme import manager

        manager(app).forced = theme
    window = create_window(store, "trade")
    window.resize(*size)
    window.show()
    written = []
    try:
        for i, pane in enumerate(window.panes, start=1):
            window.show_pane(pane.spec.name)
            if not wait_ready(app, pane):
                raise RenderError(f"pane {pane.spec.name} did not finish drawing")
            if pane.model.rowCount() and not pane.table.currentIndex().isValid():
                pane.select_key(str(pane.model.key(0)))     # show a citation in the picture
                app.processEvents()
            path = out_dir / f"{i:02d}-{pane.spec.name}.png"
            write_bytes(path, png_bytes(window.grab(), path))
            written.append(path)
    finally:
        window.close()
        window.ctx.conn.close()
    return written


def png_bytes(pixmap, path: Path) -> bytes:
    """The pixmap as PNG bytes (``path`` names the picture in the error when it cannot be encoded)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if pixmap.isNull() or not pixmap.save(buffer, "PNG"):
        raise RenderError(f"could not draw {path}: the window could not be captured")
    buffer.close()
    return bytes(data.data())
