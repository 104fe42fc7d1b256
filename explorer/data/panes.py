"""The panes, in tab order: the one list of them.

A pane is two modules — its data (a TableSpec, which declares its table, facets,
milestones and search entries) and its view (a TablePane) — and one line here.
The window's tabs, search everywhere, ``export``, Export ▾, ``publish`` and the
saved state all iterate over this list. Each line names its modules rather than
importing them, so the window can show its tab bar before any pane's module is
imported (only the pane shown is needed for the first paint), and so this layer
can name a view it never imports.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from explorer.data.tables import TableSpec


def load(where: str) -> Any:
    """The object a ``"package.module:name"`` reference names (imports its module)."""
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Pane:
    """One pane: its name (also its export's file name), tab title, and where its
    TableSpec (``data``) and its pane class (``view``) live, as ``module:name``."""

    name: str
    title: str
    data: str
    view: str

    def spec(self) -> TableSpec:
        return load(self.data)


PANES: tuple[Pane, ...] = (
    Pane("trade", "Trade", "explorer.data.tables:TRADE", "explorer.ui.panes.trade:TradePane"),
    Pane("corridors", "Corridors", "explorer.data.tables:CORRIDORS", "explorer.ui.panes.corridors:CorridorsPane"),
    Pane("energy", "Energy", "explorer.data.tables:ENERGY", "explorer.ui.panes.energy:EnergyPane"),
    Pane("institutions", "Institutions", "explorer.data.tables:INSTITUTIONS",
         "explorer.ui.panes.institutions:InstitutionsPane"),
    Pane("sources", "Sources", "explorer.data.tables:SOURCES", "explorer.ui.panes.sources:SourcesPane"),
    Pane("indicators", "Indicators", "explorer.data.tables:INDICATORS",
         "explorer.ui.panes.indicators:IndicatorsPane"),
)


def specs() -> tuple[TableSpec, ...]:
    """The panes' tables, in tab order."""
    return tuple(p.spec() for p in PANES)


def spec_named(name: str) -> TableSpec | None:
    """The table of the pane called ``name``, or None."""
    return next((s for s in specs() if s.name == name), None)


def milestone_specs() -> tuple[TableSpec, ...]:
    """The milestones tables the panes export beside their own, in tab order."""
    return tuple(s.milestones for s in specs() if s.milestones is not None)


def exported_specs() -> tuple[TableSpec, ...]:
    """Every table ``export`` and ``publish`` write: the panes', then their milestones."""
    return (*specs(), *milestone_specs())
