"""Exchange rates…: the annual rate table the Trade pane converts with (bundled
rows and the analyst's own, with their sources), and a form to add or edit a
workspace rate. A source citation is required; a workspace rate overrides the
bundled one for the same year and currency."""
from __future__ import annotations

import html
import sqlite3

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidgetItem, QVBoxLayout)

from explorer.data.units import rate_basis, rate_gaps, rate_rows, save_rate
from explorer.ui.dialogs.base import Dialog
from explorer.ui.widgets.item_views import read_only_table, wrapped_label

HEADERS = ("Year", "Currency", "Per USD", "Basis", "Source", "Origin")
SOURCE_COLUMN = HEADERS.index("Source")


class ExchangeRatesDialog(Dialog):
    #: emitted after a rate was saved (the pane re-reads its rates)
    changed = Signal()

    def __init__(self, conn: sqlite3.Connection, parent=None) -> None:
        super().__init__(parent, "exchange-rates-dialog", "Exchange rates")
        self.conn = conn
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_label(
            "Units of currency per US dollar, by year. Bundled rates are read-only: official annual "
            "averages external to the documents, each with its publisher, and one rate implied by a "
            "document's own conversion. A rate you add for the same year and currency is used instead."))
        # a year with no rate is absent from the table: say so, and why, rather than drop it silently
        self.gaps = wrapped_label()
        self.gaps.setObjectName("rate-gaps")
        layout.addWidget(self.gaps)
        self.table = read_only_table(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(SOURCE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_: self._edit_row(row))
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.year = QSpinBox(objectName="rate-year")
        self.year.setRange(1900, 2100)
        self.year.setValue(2023)
        self.currency = QComboBox(objectName="rate-currency")
        self.currency.setEditable(True)
        self.currency.addItems(["CNY", "RUB"])
        self.per_usd = QDoubleSpinBox(objectName="rate-per-usd")
        self.per_usd.setDecimals(4)
        self.per_usd.setRange(0.0, 100000.0)
        self.source = QLineEdit(objectName="rate-source")
        self.source.setPlaceholderText("Required: who publishes this rate (e.g. a central bank's annual average, with URL)")
        form.addRow("Year", self.year)
        form.addRow("Currency", self.currency)
        form.addRow("Per USD", self.per_usd)
        form.addRow("Source", self.source)
        layout.addLayout(form)
        self.error = QLabel(objectName="rate-error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton("Save rate")
        self.save_button.setObjectName("rate-save")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.rows = rate_rows(self.conn)
        gaps = rate_gaps(self.conn)
        self.gaps.setText("\n".join(gaps))
        self.gaps.setVisible(bool(gaps))
        self.table.setRowCount(len(self.rows))
        for i, (rate, in_use) in enumerate(self.rows):
            origin = "workspace (yours)" if rate.origin == "workspace" else "bundled"
            if not in_use:
                origin += " — overridden"
            # the rate as stored (repr keeps every digit the publisher printed)
            cells = (str(rate.year), rate.currency, repr(rate.per_usd), rate_basis(rate), rate.source, origin)
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                # rich text so a long citation wraps in its tooltip
                item.setToolTip(f"<p>{html.escape(text)}</p>")
                if not in_use:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()

    def _edit_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            rate = self.rows[row][0]
            self.year.setValue(rate.year)
            self.currency.setCurrentText(rate.currency)
            self.per_usd.setValue(rate.per_usd)
            self.source.setText(rate.source if rate.origin == "workspace" else "")

    def save(self) -> bool:
        """Write the form as a workspace rate; False (and the reason shown) when refused."""
        try:
            save_rate(self.conn, self.year.value(), self.currency.currentText(), self.per_usd.value(),
                      self.source.text())
        except ValueError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        self.reload()
        self.changed.emit()
        return True
