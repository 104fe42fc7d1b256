"""The Institutions pane."""
from __future__ import annotations

from explorer.data.tables import INSTITUTIONS
from explorer.ui.panes.base import TablePane


class InstitutionsPane(TablePane):
    spec = INSTITUTIONS
