"""The panes, in tab order: the one place that lists them.

Each is declared by name, tab title and where its class lives, so the window can
show its tab bar before any pane's module is imported (a pane's module imports
its data layer; only the pane shown is needed for the first paint)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PaneEntry:
    """A pane the window offers as a tab, built the first time it is shown."""

    name: str
    title: str
    module: str
    class_name: str

    def load(self) -> type:
        """The pane's class (imports its module)."""
        return getattr(importlib.import_module(self.module), self.class_name)


PANES = (
    PaneEntry("trade", "Trade", "explorer.ui.panes.trade", "TradePane"),
    PaneEntry("corridors", "Corridors", "explorer.ui.panes.corridors", "CorridorsPane"),
    PaneEntry("energy", "Energy", "explorer.ui.panes.energy", "EnergyPane"),
    PaneEntry("institutions", "Institutions", "explorer.ui.panes.institutions", "InstitutionsPane"),
    PaneEntry("sources", "Sources", "explorer.ui.panes.sources", "SourcesPane"),
    PaneEntry("indicators", "Indicators", "explorer.ui.panes.indicators", "IndicatorsPane"),
)


def entry_of(pane: PaneEntry | type) -> PaneEntry:
    """A PaneEntry for a declaration or for a pane class listed directly (a test's, a plug-in's)."""
    if isinstance(pane, PaneEntry):
        return pane
    return _ClassEntry(pane.spec.name, pane.spec.title, pane.__module__, pane.__name__, pane)


@dataclass(frozen=True)
class _ClassEntry(PaneEntry):
    cls: type = None

    def load(self) -> type:
        return self.cls
