"""The Trade pane."""
from __future__ import annotations

from explorer.data.tables import TRADE
from explorer.ui.panes.base import TablePane


class TradePane(TablePane):
    spec = TRADE
