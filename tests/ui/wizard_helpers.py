"""Opening the import wizard on a file as the analyst does: File → Import… (Ctrl+I)."""
from __future__ import annotations

from pathlib import Path


def open_wizard(qtbot, window, path: Path):
    action = next(a for a in window.parts.actions("import") if a.text() == "&Import…")
    action.trigger()
    wizard = window.parts.get("import_wizard")
    qtbot.waitUntil(wizard.isVisible)
    wizard.file_page.path_edit.setText(str(path))
    return wizard
