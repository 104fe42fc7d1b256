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


def parse_facet(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` as a pair; a ValueError saying what is wrong."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise ValueError(f"--facet expects KEY=VALUE such as reporter=China, got {text!r}")
    return key.strip(), value.strip()


def _facet_entries(box) -> list[tuple[str, object]]:
    """(label, value) of each choice a facet offers: a combo box past its "any" entry, or a
    many-value facet's list."""
    if hasattr(box, "entries"):
        return box.entries()
    return [(box.itemText(i), box.itemData(i)) for i in range(1, box.count())]


def _facet_value(box, value: str) -> tuple[bool, object]:
    """The value of a facet's entry whose value or label is ``value`` (any case), or of a unique
    label containing it; (False, None) when none or several do."""
    wanted = value.casefold()
    entries = _facet_entries(box)
    exact = [data for label, data in entries if wanted in (str(data or "").casefold(), label.casefold())]
    if exact:
        return True, exact[0]
    partial = [data for label, data in entries if wanted in label.casefold()]
    return (True, partial[0]) if len(partial) == 1 else (False, None)


def apply_facets(window, facets: list[tuple[str, str]], only: list[str] | None = None) -> None:
    """Choose each KEY=VALUE facet on every pane (of those named in ``only``) that has a KEY
    facet offering that value (a key several panes share, such as kind, is chosen where it
    fits); a RenderError naming the facet when no pane has it or none offers the value."""
    drawn = [p for p in window.panes if not only or p.spec.name in only]
    for key, value in facets:
        panes = [p for p in drawn if key in getattr(p, "facet_boxes", {})]
        if not panes:
            have = sorted({k for p in drawn for k in getattr(p, "facet_boxes", {})})
            raise RenderError(f"--facet {key}={value}: no pane has a facet {key!r}; facets are {', '.join(have)}")
        offered = [(pane, _facet_value(pane.facet_boxes[key], value)) for pane in panes]
        chosen = [(pane, data) for pane, (found, data) in offered if found]
        if not chosen:
            pane = panes[0]
            choices = ", ".join(label for label, _data in _facet_entries(pane.facet_boxes[key])[:8])
            raise RenderError(f"--facet {key}={value}: the {pane.spec.title} pane has no single {key} "
                              f"matching {value!r}; for example: {choices}")
        for pane, data in chosen:
            pane.set_facet(key, data)


def render_panes(store, out_dir: Path, size: tuple[int, int] = (1280, 800),
                 theme: str | None = None, *, panes: list[str] | None = None, events: bool = False,
                 facets: list[tuple[str, str]] = ()) -> list[Path]:
    """One PNG per pane, named NN-<pane>.png; returns the files written.

    ``theme`` ("light", "dark" or "system") is used for this run only, never saved;
    so are ``facets`` (KEY=VALUE pairs chosen on every pane drawn whose facet offers it) and
    ``events`` (the Trade chart's Events overlay). ``panes`` draws only those.
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
    from explorer.ui.theme import manager

    themes = manager(app)
    forced_before = themes.forced
    if theme:
        themes.forced = theme
    window = create_window(store, "trade")
    window.remember_state = False
    written = []
    try:
        names = [p.spec.name for p in window.panes]
        unknown = [p for p in panes or [] if p not in names]
        if unknown:
            raise RenderError(f"--pane {unknown[0]}: there is no such pane; panes are {', '.join(names)}")
        window.resize(*size)
        window.show()
        apply_facets(window, list(facets), panes)
        for i, pane in enumerate(window.panes, start=1):
            if panes and pane.spec.name not in panes:
                continue
            window.show_pane(pane.spec.name)
            if not wait_ready(app, pane):
                raise RenderError(f"pane {pane.spec.name} did not finish drawing")
            if events and hasattr(pane, "events_box"):
                pane.events_box.setChecked(True)
                wait_ready(app, pane)
            if pane.model.rowCount() and not pane.table.currentIndex().isValid():
                pane.select_key(str(pane.model.key(0)))     # show a citation in the picture
                app.processEvents()
            path = out_dir / f"{i:02d}-{pane.spec.name}.png"
            write_bytes(path, png_bytes(window.grab(), path))
            written.append(path)
    finally:
        window.close()
        window.ctx.conn.close()
        if theme:           # this run's theme only (an in-process caller keeps its own)
            themes.forced = forced_before
            themes.apply()
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
