"""The import wizard's preview page: what the file is (publisher, sheet, header row) and, per
column, its first values as written and exactly as they will be stored, computed off the UI
thread by ``explorer.data.importing.preview`` from the first records only. It asks once for what
the whole file lacks (a unit, a flow, a corridor) and maps unknown units and places; a file
whose layout is recognised and complete imports from here: Next reads "Import" and leads
straight to the import page ("Adjust columns…" still leads through the columns and the check)."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from explorer.data.importing import ImportRejected
from explorer.data.importing.datasets import ENUMS
from explorer.data.importing.decimal_marks import UnclearDecimalMark
from explorer.data.importing.errors import CellError
from explorer.data.importing.parse import UNITS, parse_unit
from explorer.data.importing.preview import (
    EXAMPLES, PREVIEW_RECORDS, Preview, lacking_fields, nearest_units, preview_import, problem_lines, publisher_title,
)
from explorer.data.importing.read import iter_rows
from explorer.data.places import known_places
from explorer.ui.dialogs.base import ImportPage
from explorer.ui.jobs import Failure, Runner

NONE = "—"
KEEP = "(keep as written)"
#: Columns of the raw table: the first rows as the file writes them.
RAW_ROWS = 50


@dataclass(frozen=True)
class RawRows:
    """The first rows as the file writes them, for the "File as written" tab (read off the UI
    thread with the layout), and what stopped the reading early, if anything."""

    header: list
    body: list[list]
    note: str = ""


def first_rows(info, layout) -> RawRows:
    """The header and the first RAW_ROWS rows as written; a workbook of year tables (Statistical
    Review, Rosstat) as its rows will be read. Qt-free: called in the detection job."""
    rows: list[list] = []
    note = ""
    own_reader = getattr(layout, "records", None)
    it = iter_rows(info) if own_reader is None else (cells for _, cells in own_reader(info))
    try:
        for n, row in enumerate(it):
            if own_reader is None and n < layout.header_row:     # a preamble (WDI): the header is further down
                continue
            rows.append(row)
            if len(rows) > RAW_ROWS:
                break
    except ImportRejected as exc:     # a broken record (an open quote) among the first rows
        note = exc.report()
    finally:
        if hasattr(it, "close"):
            it.close()
    if own_reader is None:
        return RawRows(*((rows[0], rows[1:]) if rows else ([], [])), note)
    # its own header; only the years the first rows fill
    keep = [i for i, h in enumerate(layout.header) if i < len(layout.header) - len(layout.series)
            or any(str(r[i]).strip() for r in rows)]
    return RawRows([layout.header[i] for i in keep], [["" if r[i] is None else r[i] for i in keep] for r in rows],
                   note)


def unit_choices(combo: QComboBox, written: str, chosen: str | None) -> None:
    """A unit as written: the nearest known units first, then every known unit."""
    combo.addItem("Choose…", None)
    near = nearest_units(written)
    for unit in near:
        combo.addItem(f"{unit}  (near)", unit)
    for unit in UNITS:
        if unit not in near:
            combo.addItem(unit, unit)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))


def place_choices(combo: QComboBox, written: str, known: list[tuple[str, str]], chosen: str | None) -> None:
    """A place as written: keep it, or one of the known places, the nearest names first."""
    combo.addItem(KEEP, None)
    names = {name_en.lower(): (place_id, name_en) for place_id, name_en in known if name_en}
    near = [names[n] for n in difflib.get_close_matches(written.lower(), list(names), n=3, cutoff=0.5)]
    for place_id, name_en in near:
        combo.addItem(f"{name_en} ({place_id})  (near)", place_id)
    for place_id, name_en in known:
        combo.addItem(f"{name_en} ({place_id})", place_id)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))


def fill_map_table(table: QTableWidget, counts: dict[str, int], fill, choices: dict[str, str],
                   then: Callable[[], None] | None = None) -> None:
    """One row per value as written ('bcm/d  (2 rows)') with a combo of what it means; what is
    chosen is kept in ``choices`` (written → meant; "keep as written" removes it), then ``then()``."""
    table.setRowCount(len(counts))
    for r, written in enumerate(sorted(counts)):
        n = counts[written]
        table.setItem(r, 0, QTableWidgetItem(f"{written}  ({n} row{'' if n == 1 else 's'})"))
        combo = QComboBox()
        fill(combo, written)
        combo.currentIndexChanged.connect(lambda _i, w=written, c=combo: _choose(choices, w, c.currentData(), then))
        table.setCellWidget(r, 1, combo)
    table.resizeColumnToContents(0)


def _choose(choices: dict[str, str], written: str, meant: str | None, then: Callable[[], None] | None) -> None:
    if meant:
        choices[written] = meant
    else:
        choices.pop(written, None)
    if then is not None:
        then()


class PreviewPage(ImportPage):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "What will be imported",
                         f"The first {PREVIEW_RECORDS} rows, as written and as they will be stored. "
                         "Nothing is written yet.")
        self.format_label = QLabel()
        self.format_label.setObjectName("import-format")
        self.format_label.setWordWrap(True)
        self.format_label.setTextFormat(Qt.TextFormat.PlainText)
        self.format_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("import-header-row")
        self.header_spin.setRange(1, 10_000)
        self.header_spin.setToolTip("The row the column names are on, counting from 1 (the command line's "
                                    "--header-row N)")
        self.header_spin.editingFinished.connect(self._header_row_changed)
        self.status = QLabel()
        self.status.setObjectName("import-preview-status")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Header on row"))
        top.addWidget(self.header_spin)
        top.addWidget(self.status, 1)
        # what the whole file lacks, asked once (the command line's --set FIELD=VALUE)
        self.asks_form = QFormLayout()
        self.asks: dict[str, QComboBox | QLineEdit] = {}
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("import-preview-problems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(72)
        self.problems.setVisible(False)
        self.columns_table = QTableWidget(0, 2 + EXAMPLES)
        self.columns_table.setObjectName("import-columns")
        self.columns_table.setHorizontalHeaderLabels(
            ["Column", "Stored as", *("First value" if n == 0 else "Next" for n in range(EXAMPLES))])
        self.columns_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.columns_table.verticalHeader().setVisible(False)
        self.table = QTableWidget()                 # the first rows as the file writes them
        self.table.setObjectName("import-preview")
        self.units_table = QTableWidget(0, 2)
        self.units_table.setObjectName("import-units")
        self.units_table.setHorizontalHeaderLabels(["Unit as written", "Means"])
        self.units_table.horizontalHeader().setStretchLastSection(True)
        self.units_table.verticalHeader().setVisible(False)
        self.places_table = QTableWidget(0, 2)
        self.places_table.setObjectName("import-preview-places")
        self.places_table.setHorizontalHeaderLabels(["Place as written", "Means"])
        self.places_table.horizontalHeader().setStretchLastSection(True)
        self.places_table.verticalHeader().setVisible(False)
        mapped = QWidget()
        mapped_lay = QVBoxLayout(mapped)
        mapped_lay.setContentsMargins(0, 0, 0, 0)
        self.units_label = QLabel("Units not known (the nearest known ones first):")
        mapped_lay.addWidget(self.units_label)
        mapped_lay.addWidget(self.units_table)
        self.places_label = QLabel("Places not in the database (map each to a known place, or keep it):")
        mapped_lay.addWidget(self.places_label)
        mapped_lay.addWidget(self.places_table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.columns_table, "As stored")
        self.tabs.addTab(self.table, "File as written")
        self.tabs.addTab(mapped, "Units and places")
        lay = QVBoxLayout(self)
        lay.addWidget(self.format_label)
        lay.addLayout(top)
        lay.addLayout(self.asks_form)
        lay.addWidget(self.problems)
        lay.addWidget(self.tabs, 1)
        # the preview is computed off the UI thread with its own connection; the newest request wins
        self.runner = Runner(wizard.ctx.store.connect, name="amur-import-preview", interrupt=False, parent=self)
        self.read_failed = False                    # the preview could not be read: Next leads to the columns
        self.optional: set[str] = set()
        self.header_message = ""
        self.preview: Preview | None = None
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(250)
        self._again.timeout.connect(self.refresh)

    # -- what the file is ----------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802
        info, layout = self.w.info, self.w.layout
        where = (f"Excel sheet {info.sheet or 'first'}" if info.kind == "xlsx" else
                 f"{'gzipped ' if info.compressed else ''}text in {info.encoding}, delimiter {info.delimiter!r}")
        self.format_label.setText(
            f"Recognised: {publisher_title(layout, info)} ({layout.dataset.title}). "
            f"{info.name}: {where}. Layout: {layout.name}; header on row {layout.header_row + 1}"
            + ("; one column per period (wide)" if layout.wide else "") + ".")
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(layout.header_row + 1)
        self.header_spin.blockSignals(False)
        self.header_message = ""
        self._fill_raw_table()
        self._make_asks()
        self.refresh()

    def _fill_raw_table(self) -> None:
        raw = self.w.raw                              # read with the layout, off the UI thread
        if raw.note:
            self.format_label.setText(self.format_label.text() + "\n" + raw.note)
        self._set_raw_table(raw.header, raw.body)

    def _set_raw_table(self, header: list, body: list[list]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(body))
        self.table.setHorizontalHeaderLabels([str(h) for h in header])
        for r, row in enumerate(body):
            for c, cell in enumerate(row[:len(header)]):
                self.table.setItem(r, c, QTableWidgetItem(str(cell)))
        self.table.resizeColumnsToContents()

    def _header_row_changed(self) -> None:
        row = self.header_spin.value()
        if row == self.w.layout.header_row + 1:
            return
        self.w.header_row = row
        self.w.prepare_again()

    def waiting(self, text: str) -> None:
        """Nothing to import from until the file is read again."""
        self.runner.cancel(quietly=True)
        self.preview, self.read_failed = None, False
        self.status.setText(text)
        self.completeChanged.emit()

    def header_not_read(self, message: str) -> None:
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(self.w.layout.header_row + 1)
        self.header_spin.blockSignals(False)
        self.header_message = message           # said until the preview is read again
        self.refresh()

    # -- what the whole file lacks -------------------------------------------------------------

    def _make_asks(self) -> None:
        while self.asks_form.rowCount():
            self.asks_form.removeRow(0)
        self.asks.clear()
        lacking, optional = lacking_fields(self.w.layout)
        fields = {f.name: f for f in self.w.layout.dataset.fields}
        for name, what in lacking.items():
            f = fields.get(name)
            given = self.w.given.get(name) or self.w.layout.constants.get(name)
            if f is not None and f.kind == "enum":
                widget = QComboBox()
                widget.addItem(NONE, None)
                for choice in ENUMS[f.choices]:
                    widget.addItem(choice, choice)
                widget.setCurrentIndex(max(0, widget.findData(given)))
                widget.currentIndexChanged.connect(lambda _i, n=name: self._answered(n))
            elif f is not None and f.kind == "unit":
                widget = QComboBox()
                widget.setEditable(True)
                widget.addItem("", None)
                for unit in UNITS:
                    widget.addItem(unit, unit)
                widget.setEditText(str(given or ""))
                widget.lineEdit().setPlaceholderText("a unit: USD, million EUR, bcm/yr, t …")
                widget.currentTextChanged.connect(lambda _t, n=name: self._answered(n))
            else:
                widget = QLineEdit(str(given or ""))
                widget.setPlaceholderText(what)
                widget.textChanged.connect(lambda _t, n=name: self._answered(n))
            widget.setObjectName(f"preview-ask-{name}")
            widget.setToolTip(what)
            label = f"{name.capitalize()} of the whole file{'' if name in optional else ' *'}"
            self.asks_form.addRow(label, widget)
            self.asks[name] = widget
        self.optional = optional

    def _answered(self, name: str) -> None:
        value = self._value(self.asks[name])
        if value:
            self.w.given[name] = value
        else:
            self.w.given.pop(name, None)
        if name == "unit" and value and "unit" in self.unanswered():
            near = nearest_units(value)
            self.status.setText(f"unit {value!r} not known" + (f" — nearest: {', '.join(near)}" if near else ""))
        self._again.start()                 # before completeChanged: Next says Import only once read again
        self.completeChanged.emit()

    @staticmethod
    def _value(widget) -> str | None:
        if isinstance(widget, QComboBox) and not widget.isEditable():
            return widget.currentData()
        text = (widget.currentText() if isinstance(widget, QComboBox) else widget.text()).strip()
        return text or None

    def unanswered(self) -> list[str]:
        """Required fields the whole file lacks and nobody has given yet, and units not understood."""
        out = []
        for name, widget in self.asks.items():
            value = self._value(widget)
            if not value and name not in self.optional:
                out.append(name)
            elif value and name == "unit":
                try:
                    parse_unit(value)
                except CellError:
                    out.append(name)
        return out

    # -- the preview itself, off the UI thread -----------------------------------------------

    def refresh(self) -> None:
        """Compute the preview again with the choices made so far (off the UI thread; a result
        for choices since changed is dropped)."""
        self.preview, self.read_failed = None, False
        self.status.setText(f"Reading the first {PREVIEW_RECORDS} rows…")
        self.completeChanged.emit()
        w = self.w
        path, dataset, mapping = w.path, w.layout.dataset.name, w.preview_mapping()
        encoding, sheet = w.info.encoding or None, w.info.sheet
        self.runner.run(lambda job: preview_import(job.conn, path, dataset=dataset, mapping=mapping,
                                                   encoding=encoding, sheet=sheet),
                        done=self._shown, failed=self._failed)

    def _failed(self, failure: Failure) -> None:
        error = failure.error
        self.read_failed = True
        self.status.setText("")
        self.problems.setPlainText(error.report() if isinstance(error, ImportRejected) else failure.message)
        self.problems.setVisible(True)
        self.completeChanged.emit()

    def _shown(self, preview: Preview) -> None:
        self.preview = preview
        stored = f"{preview.rows_stored:,} row{'s' * (preview.rows_stored != 1)} to store"
        self.status.setText((self.header_message + "\n" if self.header_message else "")
                            + f"First {preview.rows_read:,} rows read: {stored}.")
        lines = problem_lines(preview.problems)
        self.problems.setPlainText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self._fill_columns(preview)
        self._fill_maps(preview)
        self.completeChanged.emit()

    def _fill_columns(self, preview: Preview) -> None:
        table = self.columns_table
        table.setRowCount(len(preview.columns))
        grey = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        # the columns imported first (in the file's order), then those nothing reads
        for r, col in enumerate(sorted(preview.columns, key=lambda c: not c.feeds)):
            # a column nothing reads shows its values as written, greyed
            cells = [col.header, col.stored_as or "not imported"] + [e.text() if col.feeds else e.written
                                                                     for e in col.examples]
            for c, text in enumerate(cells + [""] * (2 + EXAMPLES - len(cells))):
                item = QTableWidgetItem(text)
                if c >= 2 and c - 2 < len(col.examples):
                    item.setToolTip(f"row {col.examples[c - 2].row}: {text}")
                if not col.feeds:
                    item.setForeground(grey)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        for c in range(table.columnCount()):
            table.setColumnWidth(c, min(table.columnWidth(c), 320))

    def _fill_maps(self, preview: Preview) -> None:
        units = {u: n for u, n in preview.unknown_units.items()}
        places = dict(preview.unknown_places)
        for written in self.w.units:              # mapped ones stay listed, to be changed back
            units.setdefault(written, 0)
        fill_map_table(self.units_table, units,
                       lambda combo, written: unit_choices(combo, written, self.w.units.get(written)),
                       self.w.units, self._mapped)
        known = known_places(self.w.ctx.conn)
        fill_map_table(self.places_table, places,
                       lambda combo, written: place_choices(combo, written, known, self.w.places.get(written)),
                       self.w.places, self._mapped)
        for label, table, n in ((self.units_label, self.units_table, len(units)),
                                (self.places_label, self.places_table, len(places))):
            label.setVisible(bool(n))
            table.setVisible(bool(n))
        total = len(units) + len(places)
        self.tabs.setTabText(2, f"Units and places ({total})" if total else "Units and places")
        if total:
            self.status.setText(self.status.text() + f" {len(units)} unit{'s' * (len(units) != 1)} and "
                                f"{len(places)} place{'s' * (len(places) != 1)} to map: see Units and places.")
        self.tabs.setTabEnabled(2, bool(total))

    def _mapped(self) -> None:
        """A unit or place mapped: read the preview again with it."""
        self._again.start()
        self.completeChanged.emit()

    # -- going on ---------------------------------------------------------------------------

    def ready_to_import(self) -> bool:
        """A recognised file with every needed answer and no problem in its first rows: Next imports."""
        p = self.preview
        # a column whose first rows read two ways ('1,234') is decided by the import from the
        # whole file; if it is still unclear there, the import page asks which mark it is
        blocking = [q for q in (p.problems if p else ()) if not isinstance(q, UnclearDecimalMark)]
        return (p is not None and p.recognised and not blocking and p.rows_stored > 0
                and not self.unanswered() and not self._again.isActive())

    def isComplete(self) -> bool:  # noqa: N802
        """Every answer given and the preview read (or refused): where Next leads is then known."""
        return not self.unanswered() and (self.preview is not None or self.read_failed)

    def cleanupPage(self) -> None:  # noqa: N802
        self._again.stop()
        self.runner.cancel(quietly=True)
        self.runner.wait()

    def nextId(self) -> int:  # noqa: N802
        """Straight to the import when the file is recognised and complete; else (or asked) the columns."""
        if self.w.adjusting or not self.ready_to_import():
            return self.w.mapping_id
        return self.w.import_id
