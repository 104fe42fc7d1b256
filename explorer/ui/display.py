"""Is there a screen to open the window on? Asked before Qt is, because Qt's
answer is an abort (exit 134) whose advice — install ``libxcb-cursor0`` — sends
people the wrong way when the real cause is a session with no display at all
(ssh, a container, a cron job)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

NO_DISPLAY = "no display found; use QT_QPA_PLATFORM=offscreen for screenshots"
#: Platform plugins that need a display server; any other (offscreen, vnc, eglfs…) was chosen knowingly.
_X11 = {"xcb"}
_WAYLAND = {"wayland", "wayland-egl"}


def _wayland_socket() -> bool:
    """Qt's wayland plugin falls back to ``$XDG_RUNTIME_DIR/wayland-0`` when WAYLAND_DISPLAY is unset."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return bool(runtime) and Path(runtime, "wayland-0").is_socket()


def no_display_reason() -> str | None:
    """The message to print instead of opening the window, or None when a display can be reached.

    Only Linux and the BSDs have this failure: Windows and macOS always have a native platform.
    """
    if sys.platform.startswith(("win", "darwin")):
        return None
    chosen = {p.split(":")[0].strip() for p in os.environ.get("QT_QPA_PLATFORM", "").split(";") if p.strip()}
    if chosen - _X11 - _WAYLAND:
        return None
    x11_ok = (not chosen or chosen & _X11) and os.environ.get("DISPLAY")
    wayland_ok = (not chosen or chosen & _WAYLAND) and (os.environ.get("WAYLAND_DISPLAY") or _wayland_socket())
    return None if x11_ok or wayland_ok else NO_DISPLAY
