"""Where things live: bundled resources (source tree or frozen bundle) and
the user's own files. Every lookup goes through here so that a PyInstaller
build and a source checkout behave the same."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from explorer import APP_ID, ORG_NAME

IS_FROZEN: bool = bool(getattr(sys, "frozen", False))


def resource_root() -> Path:
    """The folder holding db/ and resources/: the bundle when frozen, else the repo."""
    if IS_FROZEN:
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return resource_root() / "resources"


def app_icon_path() -> Path:
    """The app icon (256 px PNG rendered from resources/icons/amur-explorer.svg)."""
    return resources_dir() / "icons" / "amur-explorer.png"


def schema_path() -> Path:
    return resource_root() / "db" / "schema.sql"


def curated_dir() -> Path:
    """The reviewed CSV source tables (source tree only)."""
    return resource_root() / "db"


def bundled_db_path() -> Path:
    """The read-only curated database shipped with the app."""
    override = os.environ.get("AMUR_BUNDLED_DB")
    if override:
        return Path(override)
    if IS_FROZEN:
        return resource_root() / "db" / "amur.sqlite"
    return resource_root() / "db" / "build" / "amur.sqlite"


def user_data_dir() -> Path:
    from platformdirs import user_data_dir as _user_data_dir

    return Path(_user_data_dir(APP_ID, ORG_NAME))


def default_workspace_path() -> Path:
    """The user's writable workspace (imports, history); AMUR_WORKSPACE overrides."""
    override = os.environ.get("AMUR_WORKSPACE")
    if override:
        return Path(override)
    return user_data_dir() / "workspace.sqlite"
