"""Every persisted setting, declared once with its key and default."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

from explorer import APP_ID, ORG_NAME

WINDOW_GEOMETRY = ("window/geometry", None)
WINDOW_STATE = ("window/state", None)
LAST_PANE = ("window/last_pane", "trade")


def qsettings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, APP_ID)


def get(setting: tuple[str, Any]) -> Any:
    key, default = setting
    return qsettings().value(key, default)


def put(setting: tuple[str, Any], value: Any) -> None:
    s = qsettings()
    s.setValue(setting[0], value)
    s.sync()
