"""What every pane is handed: the store and the UI thread's connection."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from explorer.data.db import Store


class DataBus(QObject):
    """Broadcasts that the workspace changed (an import or an undo)."""

    data_changed = Signal()


@dataclass
class AppContext:
    store: Store
    conn: sqlite3.Connection | None     # for the UI thread only (workers open their own); None until a skeleton window opens it
    bus: DataBus
    #: set when the app is quitting: deferred work (charts) is not started any more
    closing: bool = False
