"""Amur Explorer: an offline explorer of China–Russia economic cooperation."""

__version__ = "0.1.0"
APP_NAME = "Amur Explorer"
APP_ID = "amur-explorer"
ORG_NAME = "AmurExplorer"
