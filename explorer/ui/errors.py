"""The window's last line of defence: an exception that no code caught (in a
slot, a timer, a worker thread) becomes one dialog saying what happened, with
the traceback folded away under "Show Details…" and kept in the log file
(``explorer.errors``). The app keeps running; what was being done is not done.
"""
from __future__ import annotations

import sys
import threading

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

from explorer import APP_NAME, errors


class _Reporter(QObject):
    """Lives in the GUI thread: a failure raised in another thread is shown from here."""

    raised = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.showing = False
        self.raised.connect(self.show, Qt.ConnectionType.QueuedConnection)

    def show(self, exc: BaseException) -> None:
        line = errors.user_message(exc)         # logs the traceback of an unforeseen error
        if self.showing:                        # one dialog at a time: a cascade is logged only
            return
        self.showing = True
        try:
            error_dialog(line, errors.traceback_text(exc), QApplication.activeWindow()).exec()
        finally:
            self.showing = False


def error_dialog(line: str, details: str, parent: QWidget | None = None) -> QMessageBox:
    """The dialog for a failed action: one line, the details folded away (selectable)."""
    # imported here: QMessageBox's first use costs ~70 ms, and start-up shows none
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, line, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    box.setInformativeText("What you asked for was not done; the rest of the app carries on.")
    box.setDetailedText(details)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


_reporter: _Reporter | None = None


def install() -> None:
    """Route uncaught exceptions (GUI thread and others) to one dialog each. Call once a
    QApplication exists, from the GUI thread."""
    global _reporter
    if _reporter is None:
        _reporter = _Reporter()
    sys.excepthook = _excepthook
    threading.excepthook = lambda args: _excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def show_now(exc: BaseException) -> None:
    """Show the error dialog for ``exc`` at once (install() first)."""
    install()
    _reporter.show(exc)


def _excepthook(exc_type, exc, tb) -> None:
    if exc is None:
        exc = exc_type()
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    if isinstance(exc, KeyboardInterrupt):      # Ctrl-C in the terminal that started the window
        app = QApplication.instance()
        if app is not None:
            app.quit()
        return
    if _reporter is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    _reporter.raised.emit(exc)
