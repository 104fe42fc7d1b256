"""The panes the window offers as tabs, drawn from the one list of panes
(explorer.data.panes): each is shown by name and title before its module is
imported (a pane's module imports its data layer; only the pane shown is needed
for the first paint)."""
from __future__ import annotations

from dataclasses import dataclass

from explorer.data import panes as listed


@dataclass(frozen=True)
class PaneEntry:
    """A pane the window offers as a tab, built the first time it is shown."""

    name: str
    title: str
    view: str           # "module:Class" of its pane

    @property
    def module(self) -> str:
        return self.view.partition(":")[0]

    def load(self) -> type:
        """The pane's class (imports its module)."""
        return listed.load(self.view)


def pane_entries() -> tuple[PaneEntry, ...]:
    """The listed panes, in tab order (read when a window is built)."""
    return tuple(PaneEntry(p.name, p.title, p.view) for p in listed.PANES)


PANES = pane_entries()
