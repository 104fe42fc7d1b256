"""The import wizard's columns page: which column of the file feeds each field of the subject
(kinds and units shown), time down the rows or across the columns, the decimal mark, and what the
whole file lacks (Layout.asks; the corridor of a timeline sheet). A publisher's layout reads its
columns its own way: shown, not changed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from explorer.data.importing.datasets import ENUMS
from explorer.ui.dialogs.base import ImportPage

if TYPE_CHECKING:
    from explorer.ui.dialogs.import_wizard import ImportWizard

NONE = "—"
KIND_TEXT = {"text": "text", "code": "code, kept as written (0101)", "number": "number, any locale, % allowed",
             "int": "whole number", "period": "date or period", "unit": "unit (USD, bcm/yr, …)",
             "enum": "one of a list", "place": "place name in English, Russian or Chinese",
             "asset": "asset name (new ones are added)", "corridor": "corridor name (new ones are added)",
             "inst": "institution name"}


class MappingPage(ImportPage):
    """One row per field of the subject: which column feeds it (types and units shown)."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, "Columns",
                         "Which column holds each field. Mappings are remembered for files with this header.")
        self.form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        self.time_combo = QComboBox()
        self.time_combo.addItem("Down the rows (a period column)", "rows")
        self.time_combo.addItem("Across the columns (one column per year or month)", "columns")
        self.decimal_combo = QComboBox()
        # decided per column from the cells, never from the delimiter; a column whose cells read
        # both ways is asked about on the check page
        for text, value in (("Detect per column", "auto"), ("Point: 1,234.5", "."), ("Comma: 1 234,5", ",")):
            self.decimal_combo.addItem(text, value)
        self.decimal_combo.setObjectName("import-decimal")
        # a timeline sheet whose Group column is empty: one corridor for the whole sheet
        # (the CLI's --set corridor=NAME); left blank, the sheet's title row names it
        self.corridor_edit = QLineEdit()
        self.corridor_edit.setObjectName("import-constant-corridor")
        self.corridor_edit.setPlaceholderText("for rows that name none (default: the sheet's title)")
        self.corridor_label = QLabel("Corridor for the whole sheet")
        self.corridor_edit.textEdited.connect(self._corridor_typed)
        outer = QVBoxLayout(self)
        top = QFormLayout()
        top.addRow("Time runs", self.time_combo)
        top.addRow("Decimal mark", self.decimal_combo)
        top.addRow(self.corridor_label, self.corridor_edit)
        outer.addLayout(top)
        # what the whole file lacks and its layout asks for once (a customs export's flow)
        self.asks_form = QFormLayout()
        self.asks: dict[str, QComboBox | QLineEdit] = {}
        outer.addLayout(self.asks_form)
        holder = QWidget()
        holder.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        outer.addWidget(scroll)

    def initializePage(self) -> None:  # noqa: N802
        layout = self.w.layout
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos.clear()
        saved = self.w.saved_mapping()
        mapping = saved or layout.mapping()
        columns = mapping.get("columns", {})
        for f in layout.dataset.fields:
            combo = QComboBox()
            combo.setObjectName(f"map-{f.name}")
            combo.addItem(NONE, None)
            for h in layout.header:
                combo.addItem(h, h)
            if columns.get(f.name):
                combo.setCurrentIndex(max(0, combo.findData(columns[f.name])))
            label = f"{f.name}{' *' if f.required and f.default is None else ''}"
            combo.setToolTip(KIND_TEXT.get(f.kind, "text") + (f"; if no column: {f.default}" if f.default else ""))
            label += f"  ({KIND_TEXT.get(f.kind, 'text')})"
            self.form.addRow(label, combo)
            self.combos[f.name] = combo
        fixed = layout.transform is not None or (layout.name != "own" and layout.series)
        for combo in self.combos.values():
            combo.setEnabled(not fixed)
        self.time_combo.setEnabled(not fixed)
        self.setSubTitle(f"{layout.name} layout: columns are read the publisher's way." if fixed else
                         "Which column holds each field. Mappings are remembered for files with this header.")
        # never a previous file's answer: each file says its own (given on the preview page, or here)
        self._ask(layout, {**layout.constants, **self.w.given})
        self.time_combo.setCurrentIndex(1 if mapping.get("time") == "columns" else 0)
        asks_corridor = layout.dataset.name == "corridors"
        self.corridor_label.setVisible(asks_corridor)
        self.corridor_edit.setVisible(asks_corridor)
        self.corridor_edit.setText(str(self.w.given.get("corridor") or mapping.get("constants", {}).get("corridor") or ""))
        decimal = mapping.get("decimal", "auto")
        if isinstance(decimal, dict):        # marks chosen per column for a file with this header
            self.w.decimals.update({str(h): m for h, m in decimal.items() if m in (".", ",")})
            decimal = "auto"
        self.decimal_combo.setCurrentIndex(max(0, self.decimal_combo.findData(decimal)))

    def _ask(self, layout, given: dict) -> None:
        """One field per value the file lacks (Layout.asks): a choice for a fixed vocabulary."""
        while self.asks_form.rowCount():
            self.asks_form.removeRow(0)
        self.asks.clear()
        for name, what in layout.asks.items():
            f = next((f for f in layout.dataset.fields if f.name == name), None)
            if f is not None and f.kind == "enum":
                widget = QComboBox()
                widget.addItem(NONE, None)
                for choice in ENUMS[f.choices]:
                    widget.addItem(choice, choice)
                widget.setCurrentIndex(max(0, widget.findData(given.get(name))))
                widget.currentIndexChanged.connect(lambda _i, n=name: self._answered(n))
            else:
                widget = QLineEdit(str(given.get(name) or ""))
                widget.textChanged.connect(lambda _t, n=name: self._answered(n))
            widget.setObjectName(f"ask-{name}")
            widget.setToolTip(what)
            self.asks_form.addRow(f"{name} of the whole file *", widget)
            self.asks[name] = widget

    def _answered(self, name: str) -> None:
        """An answer given here is the wizard's (the preview page shows the same one)."""
        value = self.asked().get(name)
        if value:
            self.w.given[name] = value
        else:
            self.w.given.pop(name, None)
        self.completeChanged.emit()

    def _corridor_typed(self, text: str) -> None:
        if self.corridor_edit.isVisibleTo(self) and text.strip():
            self.w.given["corridor"] = text.strip()
        elif self.corridor_edit.isVisibleTo(self):
            self.w.given.pop("corridor", None)

    def asked(self) -> dict[str, str]:
        """The values given for what the file lacks (blank ones left out)."""
        out = {}
        for name, widget in self.asks.items():
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.text().strip()
            if value:
                out[name] = value
        return out

    def isComplete(self) -> bool:  # noqa: N802
        return len(self.asked()) == len(self.asks)

    def decimal(self) -> str | dict[str, str]:
        """One mark for every column, or the marks chosen for unclear columns (the rest detected)."""
        chosen = self.decimal_combo.currentData()
        return dict(self.w.decimals) if chosen == "auto" and self.w.decimals else chosen

    def mapping(self) -> dict:
        base = self.w.layout.mapping()
        base["decimal"] = self.decimal()
        corridor = self.corridor_edit.text().strip()
        if corridor and self.corridor_edit.isVisibleTo(self):
            base["constants"] = {**base.get("constants", {}), "corridor": corridor}
        if self.asks:
            base["constants"] = {**base.get("constants", {}), **self.asked()}
        if not self.time_combo.isEnabled():
            return base
        base["columns"] = {f: c.currentData() for f, c in self.combos.items() if c.currentData()}
        base["time"] = self.time_combo.currentData()
        if base["time"] == "rows":
            base.pop("series", None)
        return base
