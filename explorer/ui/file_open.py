"""macOS hands a document double-clicked in Finder (or dropped on the Dock icon)
to a running app as a ``QFileOpenEvent``, not as a command-line argument: open
the import wizard on it, as ``amur-explorer FILE`` does elsewhere."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject


class FileOpenHandler(QObject):
    """Installed on the QApplication; the window is the one the wizard opens over."""

    def __init__(self, window, before=None) -> None:
        super().__init__(window)
        self.window = window
        self.before = before        # opens the window's workspace if it is not yet: False if it cannot

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FileOpen and event.file():
            if self.before is not None and not self.before():
                return True
            from explorer.ui.dialogs.import_history import open_import_wizard

            open_import_wizard(self.window, Path(event.file()))
            return True
        return False


def install(app, window, before=None) -> FileOpenHandler:
    """``before()``: called first, False to drop the file (a window whose workspace could not open)."""
    handler = FileOpenHandler(window, before)
    app.installEventFilter(handler)
    return handler
