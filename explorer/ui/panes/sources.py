"""The Sources pane."""
from __future__ import annotations

from explorer.data.tables import SOURCES
from explorer.ui.panes.base import TablePane


class SourcesPane(TablePane):
    spec = SOURCES
