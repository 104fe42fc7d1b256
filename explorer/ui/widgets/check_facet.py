"""A facet that picks several values: a button showing what is chosen, opening
a list with check boxes and a box to find a value by typing (hundreds of
countries and regions are too many to scroll)."""
from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLineEdit, QListWidget, QListWidgetItem, QMenu, QPushButton, QToolButton, QVBoxLayout, QWidget,
    QWidgetAction,
)

_DATA = Qt.ItemDataRole.UserRole


class CheckFacet(QToolButton):
    """Choose any number of values; none chosen means any value."""

    #: emitted with the chosen values whenever the choice changes
    changed = Signal(list)

    def __init__(self, any_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.any_label = any_label
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.find = QLineEdit()
        self.find.setPlaceholderText("Type to find…")
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(self._show_matching)
        self.list = QListWidget()
        self.list.setMinimumSize(280, 320)
        self.list.itemChanged.connect(self._on_item_changed)
        clear = QPushButton("Any (clear the choice)")
        clear.clicked.connect(self.clear)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.find)
        layout.addWidget(self.list)
        layout.addWidget(clear)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(box)
        menu.addAction(action)
        menu.aboutToShow.connect(self.find.setFocus)
        self.setMenu(menu)
        self._update_text()

    # -- values ---------------------------------------------------------------------
    def set_values(self, items: Iterable[tuple[str, Any]]) -> None:
        """Replace the values offered (label, data), keeping those still offered checked."""
        chosen = set(self.chosen())
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for label, data in items:
                item = QListWidgetItem(label)
                item.setData(_DATA, data)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if data in chosen else Qt.CheckState.Unchecked)
                self.list.addItem(item)
        finally:
            self.list.blockSignals(False)
        self._show_matching(self.find.text())
        self._update_text()

    def entries(self) -> list[tuple[str, Any]]:
        """Every value offered, as (label, data)."""
        return [(self.list.item(i).text(), self.list.item(i).data(_DATA)) for i in range(self.list.count())]

    def chosen(self) -> list:
        return [self.list.item(i).data(_DATA) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_chosen(self, values: Iterable) -> None:
        """Check exactly these values (others unchecked); emits ``changed`` once."""
        wanted = set(values)
        self.list.blockSignals(True)
        try:
            for i in range(self.list.count()):
                item = self.list.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.data(_DATA) in wanted else Qt.CheckState.Unchecked)
        finally:
            self.list.blockSignals(False)
        self._on_item_changed(None)

    def clear(self) -> None:
        self.set_chosen(())

    # -- display ----------------------------------------------------------------------
    def _on_item_changed(self, _item) -> None:
        self._update_text()
        self.changed.emit(self.chosen())

    def _update_text(self) -> None:
        labels = [self.list.item(i).text() for i in range(self.list.count())
                  if self.list.item(i).checkState() == Qt.CheckState.Checked]
        if not labels:
            text = self.any_label
        elif len(labels) <= 2:
            text = ", ".join(labels)
        else:
            text = f"{labels[0]}, {labels[1]} +{len(labels) - 2}"
        self.setText(text)
        self.setToolTip(("Chosen: " + "; ".join(labels)) if labels else self.any_label)

    def _show_matching(self, text: str) -> None:
        needle = text.casefold().strip()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold())
