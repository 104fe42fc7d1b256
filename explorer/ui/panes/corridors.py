"""The Corridors pane."""
from __future__ import annotations

from explorer.data.tables import CORRIDORS
from explorer.ui.panes.base import TablePane


class CorridorsPane(TablePane):
    spec = CORRIDORS
