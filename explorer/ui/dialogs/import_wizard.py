"""File → Import…: a wizard over explorer.data.importing.

file → detected format and preview → column mapping → validation report
(a dry run: nothing written) → import off the UI thread with progress and
cancel → summary. The data work is the same ``run_import`` the command line
uses; this module only wraps it for Qt (explorer.ui.jobs, with its own connection).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QProgressBar,
    QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, QWizard, QWizardPage,
)

from explorer.data.db import read_only_reason
from explorer.data.importing import ImportCancelled, ImportRejected, prepare, run_import
from explorer.data.importing.datasets import ENUMS, SUBJECTS, get_dataset
from explorer.data.importing.decimal_marks import UnclearDecimalMark
from explorer.data.importing.read import iter_rows
from explorer.data.importing.xlsx import sheet_names
from explorer.errors import user_message
from explorer.ui.context import AppContext
from explorer.ui.jobs import Failure, JobContext, Runner

PREVIEW_ROWS = 50
ENCODINGS = ("", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "gb18030", "koi8-r",
             "cp932", "big5", "cp1252")
MAPPING_KEY = "import/mapping/"       # + signature of a header: the mapping last used for it
NONE = "—"
KIND_TEXT = {"text": "text", "code": "code, kept as written (0101)", "number": "number, any locale, % allowed",
             "int": "whole number", "period": "date or period", "unit": "unit (USD, bcm/yr, …)",
             "enum": "one of a list", "place": "place name in English, Russian or Chinese",
             "asset": "asset name (new ones are added)", "corridor": "corridor name (new ones are added)",
             "inst": "institution name"}


def header_signature(dataset: str, header: list) -> str:
    text = dataset + "\x1f" + "\x1f".join(str(h).strip().lower() for h in header)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


class ImportWorker(QObject):
    """Runs one (dry or real) import off the UI thread (explorer.ui.jobs) with its own
    writer connection; cancelling is asked of the import, which writes nothing."""

    progressed = Signal(int)
    succeeded = Signal(object)          # Summary
    rejected = Signal(str)              # the report
    cancelled = Signal()
    crashed = Signal(str)

    def __init__(self, store, path: Path, dataset: str | None, mapping: dict | None, encoding: str | None,
                 dry_run: bool, sheet: str | None = None) -> None:
        super().__init__()
        self.path, self.dataset, self.mapping = path, dataset, mapping
        self.encoding, self.dry_run, self.sheet = encoding, dry_run, sheet
        self.error: ImportRejected | None = None
        # the import checks the flag between rows: interrupting SQLite mid-write is not needed
        self._runner = Runner(store.connect, name="amur-import", keep_connection=False, interrupt=False)

    def start(self) -> None:
        self._runner.run(self._run, done=self.succeeded.emit, failed=self._failed,
                         cancelled=self.cancelled.emit, progress=self.progressed.emit)

    def _run(self, job: JobContext):
        return run_import(job.conn, self.path, dataset=self.dataset, mapping=self.mapping,
                          encoding=self.encoding, dry_run=self.dry_run, sheet=self.sheet,
                          progress=job.progress, cancelled=lambda: job.cancelled)

    def _failed(self, failure: Failure) -> None:
        if isinstance(failure.error, ImportRejected):
            self.error = failure.error          # the problems themselves, for choices the page offers
            self.rejected.emit(failure.error.report())
        elif isinstance(failure.error, ImportCancelled):
            self.cancelled.emit()
        else:
            self.crashed.emit(failure.message)  # the same one line as the command line gives

    def cancel(self) -> None:
        self._runner.cancel()

    def isRunning(self) -> bool:  # noqa: N802 - as QThread says it
        return self._runner.busy

    def wait(self) -> None:
        """Block until the import's thread is done with it (its outcome is then dropped)."""
        self._runner.wait()


class FilePage(QWizardPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Choose a file")
        self.setSubTitle("CSV, TSV, TXT (also .gz) or Excel .xlsx. Format and layout are detected.")
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import-path")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        self.dataset_combo = QComboBox()
        self.dataset_combo.addItem("Recognise from the header", None)
        for ds in SUBJECTS:
            self.dataset_combo.addItem(ds.title, ds.name)
        self.encoding_combo = QComboBox()
        for enc in ENCODINGS:
            self.encoding_combo.addItem(enc or "Detect", enc or None)
        self.sheet_combo = QComboBox()           # filled for a workbook: which sheet to read
        self.sheet_combo.setObjectName("import-sheet")
        self.error = QLabel()
        self.error.setObjectName("import-file-error")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("Subject", self.dataset_combo)
        form.addRow("Encoding", self.encoding_combo)
        form.addRow("Sheet", self.sheet_combo)
        form.addRow(self.error)
        self.path_edit.textChanged.connect(self.completeChanged)
        self.path_edit.textChanged.connect(self._explain_path)
        self.path_edit.textChanged.connect(self._list_sheets)
        self._list_sheets()

    def _explain_path(self, text: str) -> None:
        """Say why Next is greyed out, rather than leave the analyst guessing."""
        path = Path(text.strip())
        if not text.strip() or path.is_file():
            self.error.clear()
        elif path.is_dir():
            self.error.setText(f"{path} is a folder; choose a file in it")
        elif path.exists():
            self.error.setText(f"{path} is not a regular file")
        else:
            self.error.setText(f"no such file: {path}")

    def _list_sheets(self) -> None:
        """Offer the sheets of a workbook (hidden ones marked); the default is the first visible
        sheet holding data, as on the command line."""
        self.sheet_combo.clear()
        self.sheet_combo.addItem("First visible sheet with data", None)
        path = Path(self.path_edit.text().strip())
        is_book = path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file()
        self.sheet_combo.setEnabled(is_book)
        if not is_book:
            return
        try:
            sheets = sheet_names(path)
        except ImportRejected as exc:
            self.error.setText(exc.report())
            return
        for number, (title, visible) in enumerate(sheets, start=1):
            self.sheet_combo.addItem(f"{number}. {title}" + ("" if visible else " (hidden)"), title)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import file", "",
                                              "Data files (*.csv *.tsv *.txt *.gz *.xlsx);;All files (*)")
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return Path(self.path_edit.text().strip()).is_file()

    def validatePage(self) -> bool:  # noqa: N802
        path = Path(self.path_edit.text().strip())
        read_only = read_only_reason(self.w.ctx.conn)
        if read_only:                   # say it before the analyst maps columns for nothing
            self.error.setText(f"the workspace {self.w.ctx.store.workspace} is read-only: {read_only}; "
                               "nothing can be imported into it")
            return False
        try:
            info, layout = prepare(path, self.dataset_combo.currentData(), None, self.encoding_combo.currentData(),
                                   self.sheet_combo.currentData())
        except Exception as exc:  # noqa: BLE001 - a bad gzip, no permission…: said here, in the page
            self.error.setText(user_message(exc))
            return False
        self.error.clear()
        self.w.path, self.w.info, self.w.layout = path, info, layout
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Detected format and preview")
        self.format_label = QLabel()
        self.format_label.setObjectName("import-format")
        self.format_label.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("import-preview")
        lay = QVBoxLayout(self)
        lay.addWidget(self.format_label)
        lay.addWidget(self.table)

    def initializePage(self) -> None:  # noqa: N802
        info, layout = self.w.info, self.w.layout
        where = (f"Excel sheet {info.sheet or 'first'}" if info.kind == "xlsx" else
                 f"{'gzipped ' if info.compressed else ''}text in {info.encoding}, delimiter {info.delimiter!r}")
        self.format_label.setText(
            f"{info.name}: {where}. Layout: {layout.name}; subject: {layout.dataset.title}"
            + (f"; header on row {layout.header_row + 1}" if layout.header_row else "")
            + ("; one column per period (wide)" if layout.wide else "") + ".")
        rows = []
        it = iter_rows(info)              # only the first rows are read
        try:
            for n, row in enumerate(it):
                if n < layout.header_row:     # a publisher's preamble (WDI): the header is further down
                    continue
                rows.append(row)
                if len(rows) > PREVIEW_ROWS:
                    break
        except ImportRejected as exc:     # a broken record (an open quote) among the first rows
            self.format_label.setText(self.format_label.text() + "\n" + exc.report())
        if hasattr(it, "close"):
            it.close()
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(body))
        self.table.setHorizontalHeaderLabels([str(h) for h in header])
        for r, row in enumerate(body):
            for c, cell in enumerate(row[:len(header)]):
                self.table.setItem(r, c, QTableWidgetItem(str(cell)))
        self.table.resizeColumnsToContents()


class MappingPage(QWizardPage):
    """One row per field of the subject: which column feeds it (types and units shown)."""

    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Columns")
        self.setSubTitle("Which column holds each field. Mappings are remembered for files with this header.")
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
        self._ask(layout, layout.constants)      # never a previous file's answer: each file says its own
        self.time_combo.setCurrentIndex(1 if mapping.get("time") == "columns" else 0)
        asks_corridor = layout.dataset.name == "corridors"
        self.corridor_label.setVisible(asks_corridor)
        self.corridor_edit.setVisible(asks_corridor)
        self.corridor_edit.setText(str(mapping.get("constants", {}).get("corridor") or ""))
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
                widget.currentIndexChanged.connect(self.completeChanged)
            else:
                widget = QLineEdit(str(given.get(name) or ""))
                widget.textChanged.connect(self.completeChanged)
            widget.setObjectName(f"ask-{name}")
            widget.setToolTip(what)
            self.asks_form.addRow(f"{name} of the whole file *", widget)
            self.asks[name] = widget

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


class RunPage(QWizardPage):
    """Runs the import (dry: the validation report; real: the write) in a worker thread."""

    def __init__(self, wizard: "ImportWizard", dry_run: bool) -> None:
        super().__init__()
        self.w, self.dry_run = wizard, dry_run
        self.setTitle("Check" if dry_run else "Import")
        self.setSubTitle("Every row is checked; nothing is written yet." if dry_run else
                         "Written in one transaction: all rows or none.")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setObjectName("import-report" if dry_run else "import-summary")
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        lay.addWidget(self.report)
        # imported rows this import would replace (old -> new), the first few of them, and the count
        self.replaced_label = QLabel()
        self.replaced_label.setObjectName("import-replaced-label")
        self.replaced_table = QTableWidget(0, 4)
        self.replaced_table.setObjectName("import-replaced")
        self.replaced_table.setHorizontalHeaderLabels(["Row", "Figure", "Now", "Becomes"])
        self.replaced_table.horizontalHeader().setStretchLastSection(True)
        self.replaced_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(self.replaced_label)
        lay.addWidget(self.replaced_table)
        self.replaced_label.setVisible(False)
        self.replaced_table.setVisible(False)
        # places the database does not know: map each to a known place, or keep it as written
        self.places_table = QTableWidget(0, 2)
        self.places_table.setObjectName("import-places")
        self.places_table.setHorizontalHeaderLabels(["Place as written", "Means"])
        self.places_table.horizontalHeader().setStretchLastSection(True)
        self.recheck_button = QPushButton("Check again with these places")
        self.recheck_button.clicked.connect(self.initializePage)
        lay.addWidget(self.places_table)
        lay.addWidget(self.recheck_button)
        self.places_table.setVisible(False)
        self.recheck_button.setVisible(False)
        # columns whose numbers read two ways ('1,234'): both readings side by side, the user picks
        self.decimals_table = QTableWidget(0, 2)
        self.decimals_table.setObjectName("import-decimals")
        self.decimals_table.setHorizontalHeaderLabels(["Column: the two readings", "Decimal mark"])
        self.decimals_table.horizontalHeader().setStretchLastSection(True)
        self.decimals_button = QPushButton("Check again with these decimal marks")
        self.decimals_button.clicked.connect(self.initializePage)
        lay.addWidget(self.decimals_table)
        lay.addWidget(self.decimals_button)
        self.decimals_table.setVisible(False)
        self.decimals_button.setVisible(False)
        self.worker: ImportWorker | None = None
        self.ok = False
        self.summary = None
        self.done = False

    def initializePage(self) -> None:  # noqa: N802
        self.ok, self.done, self.summary = False, False, None
        self.replaced_label.setVisible(False)
        self.replaced_table.setVisible(False)
        self.report.setPlainText("Checking every row…" if self.dry_run else "Importing…")
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.w.mapping_used = self.w.mapping_page.mapping()
        if self.w.places:
            self.w.mapping_used["places"] = dict(self.w.places)
        self.worker = ImportWorker(self.w.ctx.store, self.w.path, None, self.w.mapping_used,
                                   self.w.info.encoding or None, self.dry_run, sheet=self.w.info.sheet)
        self.worker.progressed.connect(lambda n: self.progress.setFormat(f"{n:,} rows"))
        self.worker.succeeded.connect(self._succeeded)
        self.worker.rejected.connect(self._rejected)
        self.worker.cancelled.connect(lambda: self._finish(False, "Cancelled: nothing was written."))
        self.worker.crashed.connect(self._crashed)
        self.decimals_table.setVisible(False)
        self.decimals_button.setVisible(False)
        self.completeChanged.emit()
        self.worker.start()

    def cancel(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.cancel()

    def _succeeded(self, summary) -> None:
        self.summary = summary
        self._show_replacements(summary)
        text = summary.text()
        if self.dry_run:
            warned = len(getattr(summary, "warnings", ()))        # plausibility: listed in the text
            text = (f"No problems that stop the import; {warned} warning(s) below.\n" if warned
                    else "No problems found.\n") + text
            self._show_unknown_places(summary.unknown_places)
        else:
            self.w.remember_mapping()
            self.w.ctx.bus.data_changed.emit()
            text = text.replace(f"(undo with: amur-explorer undo-import {summary.import_id})",
                                "(undo it from File → Import history and undo…)")
        self._finish(True, text)

    def _rejected(self, report: str) -> None:
        self._finish(False, report)
        error = self.worker.error if self.worker is not None else None
        self._ask_decimal_marks([p for p in (error.problems if error else ())
                                 if isinstance(p, UnclearDecimalMark)])

    def _ask_decimal_marks(self, unclear: list) -> None:
        """One row per unclear column: '1,234 → 1234 (…) | 1.234 (…)' and a choice of the two."""
        self.decimals_table.setRowCount(len(unclear))
        for r, problem in enumerate(unclear):
            item = QTableWidgetItem(f"{problem.column}: {problem.side_by_side()}")
            item.setToolTip(f"row {problem.row}")
            self.decimals_table.setItem(r, 0, item)
            combo = QComboBox()
            combo.addItem("Choose…", None)
            for mark, value, how in problem.readings():
                combo.addItem(f"{value:.15g} — {how}", mark)
            combo.setCurrentIndex(max(0, combo.findData(self.w.decimals.get(problem.column))))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, headers=problem.headers: self._choose_decimal(headers, c.currentData()))
            self.decimals_table.setCellWidget(r, 1, combo)
        self.decimals_table.resizeColumnsToContents()
        self.decimals_table.setVisible(bool(unclear))
        self.decimals_button.setVisible(bool(unclear))

    def _choose_decimal(self, headers: tuple[str, ...], mark: str | None) -> None:
        for h in headers:
            if mark:
                self.w.decimals[h] = mark
            else:
                self.w.decimals.pop(h, None)

    def _crashed(self, message: str) -> None:
        nothing = "" if "nothing was written" in message.lower() else "\nNothing was written."
        self._finish(False, f"The import failed: {message}{nothing}")

    def _show_replacements(self, summary) -> None:
        """Each imported row this import replaces, old value -> new (the first ones; the count says how many)."""
        changes = summary.replacements
        self.replaced_table.setRowCount(len(changes))
        for r, change in enumerate(changes):
            for c, text in enumerate((str(change.row), change.key, change.old, change.new)):
                self.replaced_table.setItem(r, c, QTableWidgetItem(text))
        self.replaced_table.resizeColumnToContents(0)
        verb = "would replace" if self.dry_run else "replaced"
        more = f" (the first {len(changes)} shown)" if summary.replaced > len(changes) else ""
        self.replaced_label.setText(f"This import {verb} {summary.replaced:,} row"
                                    f"{'s' * (summary.replaced != 1)} imported earlier{more}:")
        self.replaced_label.setVisible(bool(summary.replaced))
        self.replaced_table.setVisible(bool(summary.replaced))

    def _show_unknown_places(self, unknown: dict[str, int]) -> None:
        known = self.w.ctx.conn.execute(
            "SELECT place_id, name_en FROM all_places ORDER BY name_en").fetchall()
        self.places_table.setRowCount(len(unknown))
        for r, name in enumerate(sorted(unknown)):
            n = unknown[name]
            self.places_table.setItem(r, 0, QTableWidgetItem(f"{name}  ({n} row{'' if n == 1 else 's'})"))
            combo = QComboBox()
            combo.addItem("(keep as written)", None)
            for place_id, name_en in known:
                combo.addItem(f"{name_en} ({place_id})", place_id)
            combo.currentIndexChanged.connect(
                lambda _i, n=name, c=combo: self.w.places.__setitem__(n, c.currentData())
                if c.currentData() else self.w.places.pop(n, None))
            self.places_table.setCellWidget(r, 1, combo)
        self.places_table.setVisible(bool(unknown))
        self.recheck_button.setVisible(bool(unknown))

    def _finish(self, ok: bool, text: str) -> None:
        self.ok, self.done = ok, True
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.cancel_button.setEnabled(False)
        self.report.setPlainText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self.done and self.ok

    def cleanupPage(self) -> None:  # noqa: N802
        self.cancel()
        if self.worker is not None:
            self.worker.wait()


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent=None, path: Path | str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import figures")
        self.setObjectName("import-wizard")
        self.path = None
        self.info = None
        self.layout = None
        self.mapping_used: dict | None = None
        self.places: dict[str, str] = {}          # unknown place as written -> place_id the user chose
        self.decimals: dict[str, str] = {}        # unclear column -> decimal mark the user chose
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = RunPage(self, dry_run=True)
        self.import_page = RunPage(self, dry_run=False)
        for page in (self.file_page, self.preview_page, self.mapping_page, self.check_page, self.import_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(860, 620)
        if path:
            self.file_page.path_edit.setText(str(path))

    def _signature(self) -> str:
        return header_signature(self.layout.dataset.name, self.layout.header)

    def saved_mapping(self) -> dict | None:
        from explorer.settings import qsettings

        raw = qsettings().value(MAPPING_KEY + self._signature())
        try:
            return json.loads(raw) if raw else None
        except (TypeError, ValueError):
            return None

    def remember_mapping(self) -> None:
        from explorer.settings import qsettings

        s = qsettings()
        s.setValue(MAPPING_KEY + self._signature(), json.dumps(self.mapping_used, ensure_ascii=False, default=str))
        s.sync()

    def done(self, result: int) -> None:  # noqa: D102 - never leave a worker running
        for page in (self.check_page, self.import_page):
            if page.worker is not None:
                page.cancel()
                page.worker.wait()
        super().done(result)


def dataset_title(name: str) -> str:
    return get_dataset(name).title
