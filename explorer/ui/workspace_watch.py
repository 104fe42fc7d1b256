"""Notice when another process (a second window, ``amur-explorer import``)
changes the workspace, so that the window never shows stale rows.

SQLite's ``PRAGMA data_version`` on the window's own connection changes
whenever any other connection commits to the file; asking costs microseconds,
so a timer polls it. Changes made by this window already announce themselves
on the DataBus; the watcher notes those as seen instead of refreshing twice.
"""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QTimer

from explorer.data.db import data_version
from explorer.ui.context import DataBus

#: How often the workspace is asked whether it changed.
POLL_MS = 1500


class WorkspaceWatcher(QObject):
    """Emits ``bus.data_changed`` when the workspace behind ``conn`` changed from elsewhere."""

    def __init__(self, conn: sqlite3.Connection, bus: DataBus, parent: QObject | None = None,
                 interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._conn = conn
        self._bus = bus
        self._seen = self._version()
        bus.data_changed.connect(self.mark_seen)
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _version(self) -> int | None:
        try:
            return data_version(self._conn)
        except sqlite3.Error:           # the connection was closed: the window is going away
            return None

    def poll(self) -> bool:
        """Refresh if the workspace changed since last seen; True when it did."""
        version = self._version()
        if version is None:
            self.timer.stop()
            return False
        if version == self._seen:
            return False
        self._seen = version
        self._bus.data_changed.emit()
        return True

    def mark_seen(self) -> None:
        version = self._version()
        if version is not None:
            self._seen = version
