"""The style's icon for a conflict's severity: one set for the tables' marks,
the energy volumes list and the institutions tree, so a mark reads the same
everywhere (charts draw their own ring, see widgets/conflict_marks)."""
from __future__ import annotations

from typing import Any

_ICONS: dict[str, Any] = {}


def severity_icon(severity: str) -> Any:
    """The style's error/warning/information icon for a conflict mark (made once)."""
    if severity not in _ICONS:
        from PySide6.QtWidgets import QApplication, QStyle

        pixmap = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
                  "info": QStyle.StandardPixmap.SP_MessageBoxInformation}.get(
            severity, QStyle.StandardPixmap.SP_MessageBoxWarning)
        _ICONS[severity] = QApplication.style().standardIcon(pixmap)
    return _ICONS[severity]
