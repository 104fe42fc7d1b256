"""A legend of icon + word pairs that wraps in a narrow window."""
from __future__ import annotations

from typing import Iterable

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from explorer.ui.widgets.wrap_bar import WrapBar


class Legend(QWidget):
    """Icon + word pairs that wrap onto more lines in a narrow window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = WrapBar(self, spacing=4)
        self.flow.setContentsMargins(4, 0, 4, 0)
        self.texts: list[str] = []

    def set_entries(self, entries: Iterable[tuple[QPixmap | None, str]]) -> None:
        while self.flow.count():
            item = self.flow.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.texts = []
        for pix, text in entries:
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 8, 0)
            row.setSpacing(3)
            if pix is not None:
                icon = QLabel()
                icon.setPixmap(pix)
                row.addWidget(icon)
            row.addWidget(QLabel(text))
            self.flow.addWidget(pair)
            self.texts.append(text)
        self.updateGeometry()
