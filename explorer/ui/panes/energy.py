"""The Energy pane."""
from __future__ import annotations

from explorer.data.tables import ENERGY
from explorer.ui.panes.base import TablePane


class EnergyPane(TablePane):
    spec = ENERGY
