"""Facet drop-downs shared by the panes."""
from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtWidgets import QComboBox


def refill_combo(box: QComboBox, any_label: str, any_data: Any, items: Iterable[tuple[str, Any]]) -> None:
    """Replace a facet box's choices after the data changed, keeping the
    analyst's choice when it is still offered; emits no change signal."""
    current = box.currentData()
    box.blockSignals(True)
    try:
        box.clear()
        box.addItem(any_label, any_data)
        for label, data in items:
            box.addItem(label, data)
        index = box.findData(current) if current != any_data else 0
        box.setCurrentIndex(max(index, 0))
    finally:
        box.blockSignals(False)
