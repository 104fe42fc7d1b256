"""The panes, in tab order: the one place that lists them."""
from __future__ import annotations

from explorer.ui.panes.corridors import CorridorsPane
from explorer.ui.panes.energy import EnergyPane
from explorer.ui.panes.indicators import IndicatorsPane
from explorer.ui.panes.institutions import InstitutionsPane
from explorer.ui.panes.sources import SourcesPane
from explorer.ui.panes.trade import TradePane

PANES = (TradePane, CorridorsPane, EnergyPane, InstitutionsPane, SourcesPane, IndicatorsPane)
