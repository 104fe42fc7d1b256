"""File → Import…: a wizard over explorer.data.importing.

file (its format and layout detected off the UI thread) → what will be stored
(import_preview_page: publisher, header row, each column's first values as stored) →
for a recognised, complete file Next reads "Import" and goes straight to the import;
otherwise, or through "Adjust columns…", column mapping (import_mapping_page) →
validation report (a dry run: nothing written) → import off the UI thread with
progress and cancel → summary. The data work is the same ``prepare``,
``preview_import`` and ``run_import`` the command line uses; every one of them runs
on the shared runner (explorer.ui.jobs) with its own connection.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QProgressBar,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWizard,
)

from explorer.data.db import read_only_reason
from explorer.data.importing import ImportCancelled, ImportRejected, prepare, run_import
from explorer.data.importing.datasets import SUBJECTS
from explorer.data.importing.decimal_marks import UnclearDecimalMark
from explorer.data.importing.preview import describe, is_unit_problem
from explorer.data.importing.xlsx import sheet_names
from explorer.data.places import known_places
from explorer.ui.context import AppContext
from explorer.ui.dialogs.import_mapping_page import MappingPage
from explorer.ui.dialogs.base import ImportPage
from explorer.ui.dialogs.import_preview_page import (
    PreviewPage, RawRows, fill_map_table, first_rows, place_choices, unit_choices,
)
from explorer.ui.jobs import Failure, JobContext, Runner

ENCODINGS = ("", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "gb18030", "koi8-r",
             "cp932", "big5", "cp1252")
#: Milliseconds a detection may take before the File page says "Reading FILE…" (a small file is
#: known sooner: no message flickers).
SAY_READING_AFTER = 150
MAPPING_KEY = "import/mapping/"       # + signature of a header: the mapping last used for it


def grouped_report(error: ImportRejected) -> str:
    """The refusal as the command line words it, each problem once with its rows as ranges, and
    an unknown unit with the nearest known ones."""
    from explorer.data.importing.errors import MAX_LISTED

    lines = [f"{error.file_name}: {describe(p)}" for p in error.problems[:MAX_LISTED]]
    rest = error.more + max(0, len(error.problems) - MAX_LISTED)
    if rest:
        lines.append(f"{error.file_name}: row (further rows), column (any): expected valid cells, "
                     f"found {rest} more problems not listed")
    return "\n".join(lines)


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


def detect_file(request: tuple) -> tuple:
    """The file's format, layout and first rows as written (Qt-free; run off the UI thread:
    the encoding check reads a file through)."""
    info, layout = prepare(*request)
    return info, layout, first_rows(info, layout)


class FilePage(ImportPage):
    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard, "Choose a file",
                         "CSV, TSV, TXT (also .gz) or Excel .xlsx. Format and layout are detected.")
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
        self.reading: tuple | None = None              # the request being detected off the UI thread
        self.read: tuple | None = None                 # (request, (info, layout, raw rows)) it found
        self._say_reading = QTimer(self)               # "Reading FILE…" only if it takes a while
        self._say_reading.setSingleShot(True)
        self._say_reading.setInterval(SAY_READING_AFTER)
        self._say_reading.timeout.connect(self._show_reading)
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("Subject", self.dataset_combo)
        form.addRow("Encoding", self.encoding_combo)
        form.addRow("Sheet", self.sheet_combo)
        form.addRow(self.error)
        self.path_edit.textChanged.connect(self._stop_reading)
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
        is_book = path.suffix.lower() in (".xlsx", ".xlsm", ".xls") and path.is_file()
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
                                              "Data files (*.csv *.tsv *.txt *.gz *.xlsx *.xls);;All files (*)")
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return Path(self.path_edit.text().strip()).is_file() and self.reading is None

    def initializePage(self) -> None:  # noqa: N802
        """A wizard opened on a file (drag-and-drop, ``amur-explorer FILE``) reads it at once and
        goes on to the preview by itself when it is read without error."""
        if self.w.opened_on is not None and Path(self.path_edit.text().strip()).is_file():
            self.w.opened_on = None
            self.validatePage()

    def _request(self, path: Path) -> tuple:
        at = {"header_row": self.w.header_row} if self.w.header_row else None
        return (path, self.dataset_combo.currentData(), at, self.encoding_combo.currentData(),
                self.sheet_combo.currentData())

    def validatePage(self) -> bool:  # noqa: N802
        path = Path(self.path_edit.text().strip())
        read_only = read_only_reason(self.w.ctx.conn)
        if read_only:                   # say it before the analyst maps columns for nothing
            self.error.setText(f"the workspace {self.w.ctx.store.workspace} is read-only: {read_only}; "
                               "nothing can be imported into it")
            return False
        if path != self.w.path:               # another file: nothing chosen for the last one carries over
            self.w.forget_choices()
        request = self._request(path)
        if self.read is None or self.read[0] != request:
            self._read_in_background(request)          # the page goes on by itself when it is known
            return False
        (info, layout, raw), self.read = self.read[1], None
        self.error.clear()
        self.w.path, self.w.info, self.w.layout, self.w.raw = path, info, layout, raw
        return True

    def _read_in_background(self, request: tuple) -> None:
        """Format and layout are detected off the UI thread for every file (a big one's encoding is
        checked over the whole file); the page says so only if it takes a while."""
        self.error.clear()
        self.reading, self.read = request, None
        self._say_reading.start()
        self.completeChanged.emit()
        self.w.reader.run(lambda _job: detect_file(request), done=lambda result: self._prepared(request, result),
                          failed=lambda failure: self._not_prepared(request, failure))

    def _show_reading(self) -> None:
        if self.reading is not None:
            self.error.setStyleSheet("")
            self.error.setText(f"Reading {self.reading[0].name}…")

    def _stop_reading(self) -> None:
        """Another path typed: what was being read for the last one no longer counts."""
        if self.reading is not None:
            self.w.reader.cancel(quietly=True)
            self._done_reading()
        self.read = None

    def _done_reading(self) -> None:
        self.reading = None
        self._say_reading.stop()
        self.error.setStyleSheet("color: #b00020")
        self.error.clear()

    def _finished(self, request: tuple) -> bool:
        """The reading of ``request`` is over; True when its outcome still counts (the path and
        the choices are the same as when it started)."""
        if request != self.reading:
            return False                             # superseded by a newer reading
        self._done_reading()
        self.completeChanged.emit()
        return request == self._request(Path(self.path_edit.text().strip()))

    def _prepared(self, request: tuple, result: tuple) -> None:
        if not self._finished(request):
            return                                   # a choice changed meanwhile: dropped
        self.read = (request, result)
        if self.w.currentPage() is self:
            self.w.next()

    def _not_prepared(self, request: tuple, failure: Failure) -> None:
        if self._finished(request):
            self.error.setText(failure.message)      # a bad gzip, no permission, an empty file…


class RunPage(ImportPage):
    """Runs the import (dry: the validation report; real: the write) in a worker thread."""

    def __init__(self, wizard: "ImportWizard", dry_run: bool) -> None:
        super().__init__(wizard, "Check" if dry_run else "Import",
                         "Every row is checked; nothing is written yet." if dry_run else
                         "Written in one transaction: all rows or none.")
        self.dry_run = dry_run
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
        self.places_table, self.recheck_button = self._question(
            lay, "import-places", "Place as written", "Check again with these places")
        # units no one knows: the nearest known ones first; the choice is saved with the import
        self.units_table, self.units_button = self._question(
            lay, "import-units-check", "Unit as written", "Check again with these units")
        # columns whose numbers read two ways ('1,234'): both readings side by side, the user picks
        self.decimals_table, self.decimals_button = self._question(
            lay, "import-decimals", "Column: the two readings", "Check again with these decimal marks",
            answer="Decimal mark")
        self.worker: ImportWorker | None = None
        self.ok = False
        self.summary = None
        self.done = False

    def _question(self, lay: QVBoxLayout, name: str, asked: str, again: str,
                  answer: str = "Means") -> tuple[QTableWidget, QPushButton]:
        """A hidden table of what the check could not settle (``asked`` → ``answer``) and its
        "Check again" button, shown when the check asks."""
        table = QTableWidget(0, 2)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels([asked, answer])
        table.horizontalHeader().setStretchLastSection(True)
        button = QPushButton(again)
        button.clicked.connect(self.initializePage)
        for widget in (table, button):
            lay.addWidget(widget)
            widget.setVisible(False)
        return table, button

    def initializePage(self) -> None:  # noqa: N802
        self.ok, self.done, self.summary = False, False, None
        if not self.dry_run:
            self.w.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.replaced_label.setVisible(False)
        self.replaced_table.setVisible(False)
        self.report.setPlainText("Checking every row…" if self.dry_run else "Importing…")
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.w.mapping_used = self.w.current_mapping()
        self.worker = ImportWorker(self.w.ctx.store, self.w.path, None, self.w.mapping_used,
                                   self.w.info.encoding or None, self.dry_run, sheet=self.w.info.sheet)
        self.worker.progressed.connect(lambda n: self.progress.setFormat(f"{n:,} rows"))
        self.worker.succeeded.connect(self._succeeded)
        self.worker.rejected.connect(self._rejected)
        self.worker.cancelled.connect(lambda: self._finish(False, "Cancelled: nothing was written."))
        self.worker.crashed.connect(self._crashed)
        self.decimals_table.setVisible(False)
        self.decimals_button.setVisible(False)
        self.units_table.setVisible(False)
        self.units_button.setVisible(False)
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
        error = self.worker.error if self.worker is not None else None
        self._finish(False, grouped_report(error) if error is not None else report)
        self._ask_decimal_marks([p for p in (error.problems if error else ())
                                 if isinstance(p, UnclearDecimalMark)])
        self._ask_units([p for p in (error.problems if error else ()) if is_unit_problem(p)])

    def _ask_units(self, problems: list) -> None:
        """One row per unknown unit ('bcm/d  (553 rows)'), the nearest known units first."""
        counts: dict[str, int] = {}
        for p in problems:
            if str(p.found).strip():
                counts[str(p.found)] = counts.get(str(p.found), 0) + p.count
        fill_map_table(self.units_table, counts,
                       lambda combo, written: unit_choices(combo, written, self.w.units.get(written)),
                       self.w.units)
        self.units_table.setVisible(bool(counts))
        self.units_button.setVisible(bool(counts))

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
        known = known_places(self.w.ctx.conn)
        fill_map_table(self.places_table, unknown,
                       lambda combo, written: place_choices(combo, written, known, self.w.places.get(written)),
                       self.w.places)
        self.places_table.setVisible(bool(unknown))
        self.recheck_button.setVisible(bool(unknown))

    def _finish(self, ok: bool, text: str) -> None:
        self.ok, self.done = ok, True
        if not self.dry_run:        # nothing written: Back leads to the choices that fix it
            self.w.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, ok)
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
        self.units: dict[str, str] = {}           # unknown unit as written -> the known unit the user chose
        self.given: dict[str, str] = {}           # what the whole file lacks -> the value given (--set)
        self.header_row: int | None = None        # 1-based, when the user says where the header is
        self.raw: RawRows | None = None           # the first rows as written, read with the layout
        self.adjusting = False                    # "Adjust columns…" pressed: through the columns and the check
        self.opened_on = Path(path) if path else None
        # detecting the format and layout (the file page, a header row given on the preview page)
        self.reader = Runner.reading(ctx.conn, "amur-import-detect", interrupt=False, parent=self)
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = RunPage(self, dry_run=True)
        self.import_page = RunPage(self, dry_run=False)
        for page in (self.file_page, self.preview_page, self.mapping_page, self.check_page, self.import_page):
            self.addPage(page)
        self.import_id = self.pageIds()[-1]
        self.mapping_id = self.pageIds()[2]
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        # a recognised, complete file: Next reads "Import"; the columns stay one button away
        self._next_text = self.buttonText(QWizard.WizardButton.NextButton)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.adjust_button = self.button(QWizard.WizardButton.CustomButton1)
        self.adjust_button.setObjectName("import-adjust-columns")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "&Adjust columns…")
        self.adjust_button.setToolTip("Choose the columns yourself and check every row before importing")
        self.customButtonClicked.connect(self._custom_button)
        self.currentIdChanged.connect(lambda _id: self._update_buttons())
        self.preview_page.completeChanged.connect(self._update_buttons)
        self._update_buttons()
        self._fit_screen(900, 620)
        if path:
            self.file_page.path_edit.setText(str(path))

    def _fit_screen(self, width: int, height: int) -> None:
        """The preferred size, or less on a small screen (1024×640 with a title bar and a panel)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            avail = screen.availableGeometry()
            width, height = min(width, avail.width() - 24), min(height, avail.height() - 56)
        self.resize(width, height)

    def next_imports(self) -> bool:
        """On the preview page, Next leads straight to the import (and says so)."""
        return self.currentPage() is self.preview_page and self.preview_page.ready_to_import()

    def _update_buttons(self) -> None:
        imports = self.next_imports()
        text = "&Import" if imports else self._next_text
        self.preview_page.setButtonText(QWizard.WizardButton.NextButton, text)
        self.button(QWizard.WizardButton.NextButton).setToolTip(
            "Import the file as previewed (every row is checked; all rows or none)" if imports else "")
        self.adjust_button.setVisible(imports)

    def _custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.adjust_columns()

    def adjust_columns(self) -> None:
        """From the preview to the columns page (then the check), even for a recognised file."""
        if self.currentPage() is not self.preview_page:
            return
        self.adjusting = True
        try:
            self.next()
        finally:
            self.adjusting = False

    def preview_mapping(self) -> dict:
        """The preview runs with the very mapping the import would run with."""
        return self.current_mapping()

    def current_mapping(self) -> dict:
        """The mapping the import runs with and the history keeps (``--mapping`` takes it back):
        the columns (the layout's, or those chosen), what the file lacks, places and units mapped."""
        if self.hasVisitedPage(self.mapping_id):
            base = self.mapping_page.mapping()
        else:
            base = self.layout.mapping()
            base["decimal"] = self.mapping_page.decimal()
        if self.given:
            base["constants"] = {**base.get("constants", {}), **self.given}
        if self.places:
            base["places"] = dict(self.places)
        if self.units:
            base["units"] = dict(self.units)
        if self.header_row is not None:
            base["header_row"] = self.header_row
        return base

    def prepare_again(self) -> None:
        """Detect the layout again, off the UI thread, with the header row the user gave; the
        preview follows, or the page says why that row is no header."""
        page = self.file_page
        request = (self.path, page.dataset_combo.currentData(), {"header_row": self.header_row},
                   page.encoding_combo.currentData(), page.sheet_combo.currentData())
        self.preview_page.waiting(f"Reading the header on row {self.header_row}…")
        self.reader.run(lambda _job: detect_file(request), done=lambda result: self._prepared_again(request, result),
                        failed=lambda failure: self._not_prepared_again(request, failure))

    def _prepared_again(self, request: tuple, result: tuple) -> None:
        if request[2]["header_row"] != self.header_row or self.currentPage() is not self.preview_page:
            return                                   # another row was asked for since
        self.info, self.layout, self.raw = result
        self.preview_page.initializePage()

    def _not_prepared_again(self, request: tuple, failure: Failure) -> None:
        if request[2]["header_row"] != self.header_row or self.currentPage() is not self.preview_page:
            return
        self.header_row = None
        self.preview_page.header_not_read(failure.message)

    def forget_choices(self) -> None:
        self.header_row = None
        for choices in (self.given, self.places, self.units, self.decimals):
            choices.clear()

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
        self.preview_page.cleanupPage()
        self.reader.cancel(quietly=True)
        self.reader.wait()
        for page in (self.check_page, self.import_page):
            if page.worker is not None:
                page.cancel()
                page.worker.wait()
        super().done(result)
