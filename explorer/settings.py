"""Every persisted setting, declared once with its key, type and default.

A setting is a ``Setting(key, default, type)``; per-pane settings are
templates whose key holds ``{pane}`` and are made concrete with
:func:`for_pane`. Values read back are coerced to the declared type, and a
value of the wrong shape (a hand-edited or older settings file) falls back to
the default instead of failing.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, NamedTuple

from PySide6.QtCore import QByteArray, QSettings

from explorer import APP_ID, ORG_NAME


class Setting(NamedTuple):
    key: str
    default: Any
    type: type = str


# -- the window -------------------------------------------------------------------
WINDOW_GEOMETRY = Setting("window/geometry", None, QByteArray)
WINDOW_STATE = Setting("window/state", None, QByteArray)
LAST_PANE = Setting("window/last_pane", "trade", str)
#: "system" follows the desktop's light or dark scheme; "light" / "dark" override it.
THEME = Setting("view/theme", "system", str)
THEMES = ("system", "light", "dark")

# -- each pane (key templates: use for_pane) --------------------------------------------
PANE_GROUP = "panes"
#: {"columns": n, "state": QHeaderView.saveState as hex}: column widths, order, hidden, sort.
PANE_HEADER = Setting("panes/{pane}/header", {}, dict)
#: {splitter objectName: QSplitter.saveState as hex}
PANE_SPLITTERS = Setting("panes/{pane}/splitters", {}, dict)
#: The text filter.
PANE_FILTER = Setting("panes/{pane}/filter", "", str)
#: {widget objectName: value} of the pane's combos, check boxes and view tabs.
PANE_OPTIONS = Setting("panes/{pane}/options", {}, dict)

# -- the Energy pane's common-energy view -------------------------------------------------
ENERGY_SHOW_COMMON = Setting("energy/show_common_energy", False, bool)
#: Template: {slug} is commodity_unit of a conversion factor; the default is the factor's own.
ENERGY_FACTOR = Setting("energy/conversion_factors/{slug}", None, float)


def for_pane(template: Setting, pane: str) -> Setting:
    return template._replace(key=template.key.format(pane=pane))


def qsettings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, APP_ID)


def _coerce(value: Any, setting: Setting) -> Any:
    kind, default = setting.type, setting.default
    if value is None:
        return default
    try:
        if kind is QByteArray:
            return value if isinstance(value, QByteArray) else default
        if kind is dict:
            loaded = json.loads(value) if isinstance(value, str) else value
            return loaded if isinstance(loaded, dict) else default
        if kind is bool:
            return value if isinstance(value, bool) else str(value).lower() in ("true", "1", "yes")
        if kind in (int, float, str):
            return kind(value)
    except (TypeError, ValueError):
        return default
    return value


def get(setting: tuple) -> Any:
    """The stored value of a setting, of its declared type, or its default."""
    if not isinstance(setting, Setting):       # a plain (key, default) pair
        key, default = setting
        return qsettings().value(key, default)
    return _coerce(qsettings().value(setting.key), setting)


def put(setting: tuple, value: Any) -> None:
    put_many([(setting, value)])


def put_many(items: Iterable[tuple[tuple, Any]]) -> None:
    """Store several settings with one write of the settings file (the window's state on quit)."""
    s = qsettings()
    for setting, value in items:
        if isinstance(setting, Setting) and setting.type is dict:
            value = json.dumps(value, ensure_ascii=False)
        s.setValue(setting[0], value)
    s.sync()


def remove(setting: tuple) -> None:
    s = qsettings()
    s.remove(setting[0])
    s.sync()


def clear_layout() -> None:
    """Forget the window's layout and every pane's remembered state (View → Reset layout)."""
    s = qsettings()
    for setting in (WINDOW_GEOMETRY, WINDOW_STATE):
        s.remove(setting.key)
    s.remove(PANE_GROUP)
    s.sync()
