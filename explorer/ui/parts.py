"""What menus and dialogs add to the main window, kept by name in one registry
(``window.parts``) rather than as attributes set on the window from outside.

A dialog module installs its actions with :meth:`WindowParts.add_action` and
keeps the dialog it opened with :meth:`WindowParts.keep`; the window, its drop
handler and tests find them again by name. The modules that add to the File
menu are listed in :data:`FILE_MENU_PARTS`, each with an ``install(window, menu)``.
"""
from __future__ import annotations

from typing import Any

#: Modules whose ``install(window, file_menu)`` adds to File, in menu order.
FILE_MENU_PARTS = (
    "explorer.ui.dialogs.import_history",      # Import… (Ctrl+I), history/undo, template, drag-and-drop
    "explorer.ui.recent_imports",              # File → Recent imports
    "explorer.ui.dialogs.backups",             # File → Backups… (back up now, restore)
)


class WindowParts:
    """Actions, menus and open dialogs of one window, by name."""

    def __init__(self) -> None:
        self._actions: dict[str, list[Any]] = {}
        self._kept: dict[str, Any] = {}

    def add_action(self, name: str, action: Any) -> Any:
        """Register ``action`` under ``name`` (several actions may share a group name)."""
        self._actions.setdefault(name, []).append(action)
        return action

    def actions(self, name: str) -> list[Any]:
        return list(self._actions.get(name, ()))

    def action(self, name: str) -> Any:
        """The one action registered under ``name``."""
        found = self._actions.get(name)
        if not found:
            raise KeyError(f"no action {name!r}; actions are {', '.join(sorted(self._actions))}")
        return found[-1]

    def keep(self, name: str, part: Any) -> Any:
        """Keep a dialog or menu under ``name`` (the newest one wins) and return it."""
        self._kept[name] = part
        return part

    def get(self, name: str) -> Any | None:
        """The dialog or menu kept under ``name``, or None."""
        return self._kept.get(name)
