"""A pane: filter bar, the subject's table, the citation of the selected row,
and room above the table for charts that subclasses build the first time the
pane is shown (so that start-up never waits for pyqtgraph)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QHeaderView, QLabel, QLineEdit, QMenu, QSplitter,
    QTableView, QToolButton, QVBoxLayout, QWidget,
)

from explorer.data.filters import Filter
from explorer.data.citations import citation_for
from explorer.data.tables import Facet, TableSpec
from explorer.ui.context import AppContext
from explorer.ui.models.sql_table import SqlTableModel
from explorer.ui.widgets.check_facet import CheckFacet
from explorer.ui.widgets.citation import CitationPanel

FILTER_DELAY_MS = 120
#: Build charts this long after showing even if no paint event came (hidden parent).
PAINT_FALLBACK_MS = 400
#: What a pane's deferred content (charts) imports, imported off the UI thread first:
#: pyqtgraph's import alone would freeze the window for ~0.5 s.
CHART_IMPORTS: tuple[str, ...] = ("pyqtgraph",)
_PAINT = QEvent.Type.Paint
#: A narrowed facet drop-down's list opens at least this wide (long reporters, regions).
POPUP_MIN_PX = 320


class TablePane(QWidget):
    """Base of every pane. A pane declares what it is — its ``spec`` (the table, and with it
    the export and the search target), its ``guide`` text — and may override
    ``build_deferred`` (charts), ``chart_widgets``/``chart_footer`` (the view export).
    The window, the guide, the search, the exports and the saved state iterate over the one
    list of panes (explorer.data.panes). The facets the spec declares are drop-downs above
    the table, unless the pane draws its own (overrides ``facets``)."""

    spec: TableSpec
    #: what the pane is for and how to use it (Help → Guide)
    guide: str = ""
    #: emitted with the row key when the analyst selects a row
    row_selected = Signal(str)
    #: emitted once the pane's deferred content (charts) is drawn
    ready = Signal()
    #: modules ``build_deferred`` imports, imported off the UI thread before it runs
    chart_imports: tuple[str, ...] = CHART_IMPORTS
    #: (table file stem, chart file stem) of an Export ▾ menu after the facets; None: no menu
    export_stems: tuple[str, str] | None = None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"pane-{self.spec.name}")
        self.ctx = ctx
        self.is_ready = False
        self._built = False
        self._build_started = False
        self.model = SqlTableModel(ctx.conn, self.spec, self)
        self.model.count_changed.connect(self._update_count)     # big tables count off the UI thread
        self.conflicts: dict[str, list] = {}                       # key -> recorded conflicts of that row
        self.update_conflict_marks()

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(f"Filter {self.spec.title.lower()} — any word, in English, Russian or Chinese")
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())

        self.table = QTableView()
        self.table.setObjectName(f"table-{self.spec.name}")
        self.table.setModel(self.model)
        default = self.spec.keys.index(self.spec.default_order) if self.spec.default_order else 0
        self.table.horizontalHeader().setSortIndicator(default, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)     # arrows move between cells; Tab leaves the table
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        char = self.fontMetrics().averageCharWidth()
        header_fm = header.fontMetrics()
        for i, col in enumerate(self.spec.columns):
            if col.width:
                # never narrower than its header and the sort arrow ("Precisio", "ommodit")
                whole = header_fm.horizontalAdvance(col.header) + 28
                self.table.setColumnWidth(i, max(48, col.width * char + 16, whole))
            if col.widest:
                self.table.setColumnWidth(i, self.table.fontMetrics().horizontalAdvance(col.widest) + 20)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, activated=self.copy_selection)

        self.citation = CitationPanel()
        self.lower = QSplitter(Qt.Orientation.Horizontal)
        self.lower.setObjectName(f"lower-{self.spec.name}")
        self.lower.addWidget(self.table)
        self.lower.addWidget(self.citation)
        self.lower.setStretchFactor(0, 3)
        self.lower.setStretchFactor(1, 1)
        self.lower.setSizes([900, 300])

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName(f"splitter-{self.spec.name}")
        self.splitter.addWidget(self.lower)

        from explorer.ui.widgets.wrap_bar import WrapBar

        bar = WrapBar()                          # wraps in a narrow window, never widens it
        self.filter_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        bar.addWidget(self.filter_edit, 1)
        self.toolbar = bar                       # subclasses add facet widgets here
        bar.addWidget(self.count_label)
        self.facet_boxes: dict[str, QComboBox | CheckFacet] = {}
        if type(self).facets is TablePane.facets:
            self._build_declared_facets()
        if self.export_stems:
            self.export_button = self.add_export_button(self.after_facets(), *self.export_stems)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self._update_count()
        self._default_state: dict | None = None    # the layout as built (View → Reset layout)
        self._pending_state: dict = {}              # remembered state for widgets built later

    # -- deferred content ----------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if not self._built:
            self._built = True
            # Wait for the table's first paint: a zero timer started here can
            # fire before the window paints, and charts import pyqtgraph (~1 s).
            self.table.viewport().installEventFilter(self)
            QTimer.singleShot(PAINT_FALLBACK_MS, self._schedule_build)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == _PAINT and obj is self.table.viewport():
            self.table.viewport().removeEventFilter(self)
            QTimer.singleShot(0, self._schedule_build)
        return False

    def _schedule_build(self) -> None:
        if self.ctx.closing:
            return
        if not self._build_started:
            self._build_started = True
            if type(self).build_deferred is TablePane.build_deferred:       # nothing to build
                self._build_deferred_and_signal()
            else:
                self._import_then_build()

    def _import_then_build(self) -> None:
        """Import what the charts need in a background thread, then build them here."""
        from explorer.ui.preload import import_then

        import_then(self.chart_imports, self._after_imports, self)

    def _after_imports(self) -> None:
        if not self.ctx.closing:
            self._build_deferred_and_signal()

    def _build_deferred_and_signal(self) -> None:
        self.build_deferred()
        self._restore_deferred()
        self.is_ready = True
        self.ready.emit()

    def build_deferred(self) -> None:
        """Build heavy content (charts) after the first paint; subclasses override."""

    def add_upper(self, widget: QWidget, stretch: int = 2) -> None:
        """Put a chart (or any view) above the table."""
        self.splitter.insertWidget(0, widget)
        self.splitter.setStretchFactor(0, stretch)
        self.splitter.setStretchFactor(1, 2)

    def picks_rows(self, chart: QWidget, name: str) -> QWidget:
        """A chart named ``name`` whose picked element (its ``picked`` signal, a row key)
        selects that row of the table."""
        chart.setObjectName(name)
        chart.picked.connect(self.select_key)
        return chart

    def chart_widgets(self) -> list[tuple[str, QWidget]]:
        """(name, widget) of each chart shown, for File → Export view; subclasses override."""
        return []

    # -- remembered state (explorer.ui.pane_state; View → Reset layout forgets it) ----
    def state(self) -> dict:
        """Filter, named combos/check boxes/tabs, table header and splitters, JSON-able."""
        from explorer.ui import pane_state

        state = pane_state.capture(self)
        for part in ("options", "splitters"):      # not built this run: keep the last run's
            for name, value in self._pending_state.get(part, {}).items():
                state[part].setdefault(name, value)
        for box in self._checklists():          # the values chosen in each checklist facet
            state["options"][box.objectName()] = {"values": box.chosen()}
        return state

    def _checklists(self) -> list[CheckFacet]:
        return [box for box in self.facet_boxes.values() if isinstance(box, CheckFacet)]

    def restore(self, state: dict) -> None:
        """Apply a ``state()`` dict; parts built after first paint are applied then."""
        from explorer.ui import pane_state

        if self._default_state is None:
            self._default_state = pane_state.capture(self)
        options = state.get("options") or {}
        for box in self._checklists():
            saved = options.get(box.objectName())
            if isinstance(saved, dict) and isinstance(saved.get("values"), list):
                box.blockSignals(True)           # one filter pass, below
                box.set_chosen(saved["values"])
                box.blockSignals(False)
        self._pending_state = pane_state.apply(self, state)
        self.apply_filter()
        self.fix_tab_order()

    def reset_layout(self) -> None:
        """Back to the layout, filter and options the pane was built with."""
        from explorer.ui import pane_state

        self._pending_state = {}
        checklists = self._checklists()
        for box in checklists:                  # none chosen, as built
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
        if self._default_state is not None:
            pane_state.apply(self, self._default_state)
        if self._default_state is not None or checklists:
            self.apply_filter()

    def _restore_deferred(self) -> None:
        from explorer.ui import pane_state

        if self._default_state is not None:
            built = pane_state.capture(self)
            self._default_state["splitters"] = built["splitters"]
            for name, value in built["options"].items():
                self._default_state["options"].setdefault(name, value)
        if self._pending_state:
            pending, self._pending_state = self._pending_state, {}
            self._pending_state = pane_state.apply(self, pending)
        self.fix_tab_order()

    # -- exports ------------------------------------------------------------------
    def export(self, path: Path) -> Path:
        """Table (.csv/.xlsx, filtered and sorted as shown) or chart (.png/.svg, citation footer)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in (".csv", ".xlsx"):
            self.export_table(path)
        elif suffix in (".png", ".svg"):
            self.export_chart(path)
        else:
            raise ValueError(f"export supports .csv, .xlsx, .png and .svg, not {suffix!r}")
        return path

    def export_table(self, path: Path) -> int:
        """The table as shown, as CSV or (with :meth:`table_footer` on a sheet of its own) XLSX,
        with its subjects' milestones (a sheet, or a *_milestones.csv beside it) as File ▸ Export
        writes them; returns the rows of the table written."""
        from explorer.data.export import export_pane

        path = Path(path)
        return export_pane(self.ctx.conn, self.model.spec, path, self.model.filter, self.model.order,
                           footer=self.table_footer())[path]

    def add_export_button(self, at: int, table_stem: str, chart_stem: str) -> QToolButton:
        """An "Export ▾" menu (table as CSV/XLSX, chart as PNG/SVG) in the toolbar at ``at``."""
        button = QToolButton()
        button.setText("Export ▾")          # the arrow in the text: the style's own overlapped it
        button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for label, kind in (("Table as CSV…", "csv"), ("Table as XLSX…", "xlsx"), (None, None),
                            ("Chart as PNG…", "png"), ("Chart as SVG…", "svg")):
            if label is None:
                menu.addSeparator()
            else:
                menu.addAction(label, lambda k=kind: ask_and_export(self, k, table_stem, chart_stem))
        button.setMenu(menu)
        self.toolbar.insertWidget(at, button)
        return button

    def table_footer(self) -> list[str]:
        """Lines an exported workbook carries beside the table (units, rates)."""
        return []

    def export_chart(self, path: Path) -> Path:
        """The chart shown, as PNG or SVG with its citation footer (panes with charts)."""
        raise ValueError(f"the {self.spec.title} pane has no chart to export")

    # -- keyboard -------------------------------------------------------------
    def focus_widget(self) -> QWidget:
        """Where the keyboard starts when the pane is shown; subclasses may choose the table."""
        return self.filter_edit

    def fix_tab_order(self) -> None:
        """Tab runs filter → toolbar → table → citation → charts, whatever order they were built in."""
        tab = Qt.FocusPolicy.TabFocus
        bar = [self.toolbar.itemAt(i).widget() for i in range(self.toolbar.count())]
        chain = [w for w in bar if w is not None and w.focusPolicy() & tab]
        chain.append(self.table)
        chain += [w for w in self.citation.findChildren(QWidget) if w.focusPolicy() & tab]
        chain += [w for i in range(self.splitter.count()) if self.splitter.widget(i) is not self.lower
                  for w in [self.splitter.widget(i), *self.splitter.widget(i).findChildren(QWidget)]
                  if w.focusPolicy() & tab and w.isVisibleTo(self)]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    # -- filtering ------------------------------------------------------------
    def current_filter(self) -> Filter:
        """The filter from the text box and any facets; subclasses add facets."""
        return Filter(text=self.filter_edit.text(), facets=self.facets())

    def facets(self) -> dict:
        """The filter's facets for the choices made (column key → value; none chosen: not there)."""
        from explorer.data.facets import narrowing

        chosen = {k: tuple(box.chosen()) if isinstance(box, CheckFacet) else box.currentData()
                  for k, box in self.facet_boxes.items()}
        return narrowing(self.ctx.conn, self.spec, {k: v for k, v in chosen.items() if v not in (None, ())})

    def set_facet(self, key: str, value) -> None:
        """Choose a facet value (None for any; a checklist takes a list of several); the box's
        signal applies the filter."""
        box = self.facet_boxes[key]
        if isinstance(box, CheckFacet):
            box.set_chosen([] if value is None else list(value) if isinstance(value, (list, tuple, set)) else [value])
        else:
            box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)

    def after_facets(self) -> int:
        """The toolbar position after the filter box and the facets: where a pane's own buttons go."""
        boxes = list(self.facet_boxes.values())
        return self.toolbar.indexOf(boxes[-1]) + 1 if boxes else 1

    def facet_name(self, facet: Facet) -> str:
        """The facet box's object name: what its saved state and the tests know it by."""
        return f"{self.spec.name}-facet-{facet.key}"

    def facet_chosen(self) -> None:
        """A facet's choice changed: filter (a pane may also redraw at once)."""
        self.apply_filter()

    def _facet_box(self, facet: Facet) -> QComboBox | CheckFacet:
        """A drop-down of one value, or a checklist of several (``facet.several``)."""
        if facet.several:
            box = CheckFacet(facet.any_label)
            if facet.width:
                box.setMinimumWidth(self.fontMetrics().averageCharWidth() * facet.width)
            box.changed.connect(lambda _values: self.facet_chosen())
            return box
        box = QComboBox()
        box.setToolTip(facet.tooltip)
        if facet.width:    # a narrow box on the bar; its list opens wide enough for long choices
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(facet.width)
            box.view().setMinimumWidth(POPUP_MIN_PX)
        box.currentIndexChanged.connect(lambda _i: self.facet_chosen())
        return box

    def _build_declared_facets(self) -> None:
        at = 1
        for facet in self.spec.facets:
            box = self._facet_box(facet)
            box.setObjectName(self.facet_name(facet))
            self.facet_boxes[facet.key] = box
            if facet.label:
                self.toolbar.insertWidget(at, QLabel(facet.label))
                at += 1
            self.toolbar.insertWidget(at, box)
            at += 1
        self._refill_declared_facets()

    def _refill_declared_facets(self) -> None:
        from explorer.data.facets import choices
        from explorer.ui.widgets.facets import refill_combo

        for facet in self.spec.facets:
            box = self.facet_boxes.get(facet.key)
            if isinstance(box, CheckFacet):
                box.set_values(choices(self.ctx.conn, self.spec, facet))
            elif box is not None:
                refill_combo(box, facet.any_label, None, choices(self.ctx.conn, self.spec, facet))

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_count()
        self.on_filter_changed()

    def on_filter_changed(self) -> None:
        """Hook for subclasses (redraw charts for the filtered rows)."""

    def _update_count(self) -> None:
        counting = " (counting…)" if getattr(self.model, "counting", False) else ""
        self.count_label.setText(f"{self.model.rowCount():,} rows{counting}")

    def refresh(self) -> None:
        if type(self).facets is TablePane.facets:
            self._refill_declared_facets()
        self.model.refresh()
        self.update_conflict_marks()
        self._update_count()
        self.on_filter_changed()

    # -- recorded conflicts ----------------------------------------------------------
    def update_conflict_marks(self) -> None:
        """Mark the rows involved in a recorded conflict (explorer.data.conflicts) with a severity icon."""
        from explorer.data.conflicts import MARK, marks, worst_severity

        self.conflicts = marks(self.ctx.conn).get(self.spec.name, {})
        self.model.set_marks({
            key: (worst_severity(found),
                  "\n".join(f"{MARK} Recorded conflict ({c.severity}): {c.description}" for c in found))
            for key, found in self.conflicts.items()})

    def conflicts_of(self, key: str) -> list[tuple]:
        """(conflict, statements) for each recorded conflict the row with this key is in."""
        from explorer.data.conflicts import statements

        return [(c, statements(self.ctx.conn, c)) for c in self.conflicts.get(str(key), [])]

    # -- selection and citation ---------------------------------------------------
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.citation.show_citation(None)
            return
        prov = self.model.provenance(current.row())
        key = str(self.model.key(current.row()))
        self.citation.show_citation(citation_for(self.ctx.conn, prov), self.conflicts_of(key))
        self.row_selected.emit(key)

    def select_key(self, key: str) -> bool:
        """Select the row with this key (from a chart click or a search result)."""
        row = self.model.row_of_key(key)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def selected_key(self) -> str | None:
        index = self.table.currentIndex()
        return str(self.model.key(index.row())) if index.isValid() else None

    def copy_selection(self) -> None:
        """Copy the selected cells as TSV (rows in view order), formula-like text made inert
        as in the CSV export: pasting into a spreadsheet never runs a cell."""
        from explorer.data.export import tsv_cell

        indexes = sorted(self.table.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        lines: dict[int, list[str]] = {}
        for index in indexes:
            text = tsv_cell(self.model.data(index, Qt.ItemDataRole.EditRole), str(self.model.data(index) or ""))
            lines.setdefault(index.row(), []).append(text)
        QApplication.clipboard().setText("\n".join("\t".join(cells) for cells in lines.values()))


_EXPORT_FILTERS = {"csv": "CSV (*.csv)", "xlsx": "Excel workbook (*.xlsx)", "png": "PNG image (*.png)",
                   "svg": "SVG image (*.svg)"}


def ask_and_export(pane: QWidget, kind: str, table_stem: str, chart_stem: str) -> None:
    """Ask where to save a pane's table (csv/xlsx) or chart (png/svg), then ``pane.export(path)``;
    a failure is one dialog naming the file."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    stem = table_stem if kind in ("csv", "xlsx") else chart_stem
    path, _ = QFileDialog.getSaveFileName(pane, "Export", f"{stem}.{kind}", _EXPORT_FILTERS[kind])
    if not path:
        return
    try:
        pane.export(Path(path))
    except (OSError, ValueError) as exc:
        QMessageBox.warning(pane, "Export failed", f"Could not write {path}:\n{exc}")
