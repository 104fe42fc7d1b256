"""A view laid out for the size it has (the institutions graph and timeline): a
resize lays it out again once the user stops dragging, and a view drawn while
hidden is laid out again for its real size when it is first shown."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

#: How long a resize must rest before the view is laid out again (ms).
RELAYOUT_MS = 150


class SizedView(QWidget):
    """Calls :meth:`_redraw_for_size` (which each view defines) after a resize rests
    and when the view is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._relayout = QTimer(self, singleShot=True, interval=RELAYOUT_MS)
        self._relayout.timeout.connect(self._redraw_for_size)

    def _redraw_for_size(self) -> None:
        raise NotImplementedError

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout.start()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # Drawn while hidden (another tab was current), it was laid out for a guessed size.
        QTimer.singleShot(0, self, self._redraw_for_size)
