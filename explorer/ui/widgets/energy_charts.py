"""Charts of the Energy pane: capacity bars per commodity and unit (never
summed across units), an optional common-energy view with its conversion
factors printed beside it, and volumes/effects as their own list.

Imported only from ``EnergyPane.build_deferred`` (after first paint):
pyqtgraph comes in through ``plot.pg()``.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QFrame, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QScrollArea, QSizePolicy, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from explorer import settings
from explorer.data import energy
from explorer.data.conflicts import MARK, Conflict, worst_severity
from explorer.data.energy import COMMON_UNIT, ConversionFactor, EnergyFigure
from explorer.data.formatting import format_number
from explorer.ui.severity_icon import severity_icon
from explorer.ui.widgets.conflict_marks import severity_colour, with_conflicts
from explorer.ui.widgets.export_sheet import ChartArea, ExportSheet
from explorer.ui.widgets.plot import Hit, HitPlot, pg

#: Colour of each capacity kind (same in every plot and the legend).
KIND_COLOURS = {
    "design_capacity": "#1f77b4",
    "expanded_capacity": "#ff7f0e",
    "planned_capacity": "#9467bd",
    "achieved_max_capacity": "#2ca02c",
}
BAR_HEIGHT = 0.5     # of a row; the asset · kind label sits above the bar
BAR_OFFSET = 0.17    # bar centre below the row centre, leaving room for the label
ROW_PX = 42          # height of one bar row, room allowing
ROW_MIN_PX = 34      # and at the least (a 640 px high window): the label's line, a bar, a gap
SCROLL_AFTER_PX = 300  # the capacity plots' height at the most before they scroll
PLOT_CHROME_PX = 54  # axis and margins of one stacked plot


def factor_setting(factor: ConversionFactor) -> settings.Setting:
    """The QSettings key and default of one conversion factor."""
    slug = f"{factor.commodity}_{factor.unit}".replace("/", "_per_").replace(" ", "_").lower()
    return settings.ENERGY_FACTOR._replace(key=settings.ENERGY_FACTOR.key.format(slug=slug), default=factor.factor)


#: Every setting this module persists, declared once.
SHOW_COMMON = settings.ENERGY_SHOW_COMMON
FACTOR_SETTINGS = {f.key: factor_setting(f) for f in energy.DEFAULT_FACTORS}


def load_factors() -> tuple[ConversionFactor, ...]:
    """The default factors with any value the analyst saved."""
    factors = energy.DEFAULT_FACTORS
    for f in energy.DEFAULT_FACTORS:
        try:
            value = float(settings.get(FACTOR_SETTINGS[f.key]))
        except (TypeError, ValueError):
            continue
        if value > 0:
            factors = energy.with_factor(factors, f.key, value)
    return factors


def save_factors(factors: tuple[ConversionFactor, ...]) -> None:
    for f in factors:
        if f.key in FACTOR_SETTINGS:
            settings.put(FACTOR_SETTINGS[f.key], f.factor)


class BarPlot(HitPlot):
    """Horizontal bars, one row per figure, labelled with value and unit. Each row (its
    bar and its name) is a hit of the shared plot base: hover shows the figure, a click
    says ``picked`` with its figure_id."""

    def __init__(self, axis_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.axis_label = axis_label
        self.plot.setMinimumHeight(60)
        self.plot.setMinimumWidth(200)
        # the plot alone in its layout: no margin around it, every pixel to the rows
        self.plot.ci.layout.setContentsMargins(0, 0, 0, 0)
        self.plot.ci.layout.setSpacing(0)
        item = self.item
        item.setLabel("bottom", axis_label)
        item.showGrid(x=True, y=False, alpha=0.25)
        item.getViewBox().invertY(True)
        # names are written above the bars, full width, so no left axis; a fixed
        # margin keeps the bars of stacked plots aligned
        item.hideAxis("left")
        item.layout.setContentsMargins(12, 4, 16, 6)    # room under the axis title
        item.getAxis("bottom").setHeight(46)     # tick labels and the axis title, whole
        self.rows: list[tuple[EnergyFigure, float, str]] = []   # figure, drawn value, bar label
        self.conflicts: dict[str, list[Conflict]] = {}          # figure_id -> recorded conflicts
        self.conflict_marked: set[str] = set()                 # bars drawn with a conflict mark

    def set_rows(self, rows: list[tuple[EnergyFigure, float, str]],
                 conflicts: dict[str, list[Conflict]] | None = None) -> None:
        """Draw the bars; one whose figure is in a recorded conflict (``conflicts``:
        figure_id -> conflicts) is outlined and labelled "⚠ …" in the severity's colour."""
        p = pg()
        self.rows = rows
        self.conflicts = {k: v for k, v in (conflicts or {}).items() if v}
        self.conflict_marked = {f.figure_id for f, _v, _l in rows if f.figure_id in self.conflicts}
        self.clear()
        item = self.item
        if not rows:
            self.show_message("No capacity figures under this filter")
            return
        ys = list(range(len(rows)))
        values = [v for _f, v, _l in rows]
        colour = self.palette().text().color()
        brushes = [p.mkBrush(KIND_COLOURS.get(f.measure, "#7f7f7f")) for f, _v, _l in rows]
        pens = [p.mkPen(self._mark_colour(f), width=3) if f.figure_id in self.conflict_marked
                else p.mkPen(None) for f, _v, _l in rows]
        item.addItem(p.BarGraphItem(x0=[0] * len(rows), y=[y + BAR_OFFSET for y in ys], height=BAR_HEIGHT,
                                    width=values, brushes=brushes, pens=pens))
        top = max(values) or 1.0
        for y, (f, v, label) in zip(ys, rows):
            marked = f.figure_id in self.conflict_marked
            value_text = p.TextItem(f"{MARK} {label}" if marked else label, anchor=(0, 0.5),
                                    color=self._mark_colour(f) if marked else colour)
            value_text.setPos(v, y + BAR_OFFSET)
            item.addItem(value_text)
            name = p.TextItem(html=f"<span style='color:{colour.name()}'>{escape(f.asset)} · "
                                   f"<b>{escape(f.kind_label)}</b></span>", anchor=(0, 1))
            name.setPos(0, y + BAR_OFFSET - BAR_HEIGHT / 2 + 0.03)
            item.addItem(name)
            # the whole row answers: the bar, its name above it and its label beside it
            self.add_hit(Hit(item.vb, f.figure_id, self.hover_text(f), rect=QRectF(0, y - 0.5, top * 1.45, 1.0)))
        item.setXRange(0, top * 1.45, padding=0)
        item.setYRange(-0.62, len(rows) - 0.45, padding=0)     # room for the first name above its bar

    def _mark_colour(self, f: EnergyFigure) -> str:
        return severity_colour(worst_severity(self.conflicts.get(f.figure_id, [])))

    def hover_text(self, f: EnergyFigure) -> str:
        return with_conflicts(f.hover_text(), self.conflicts.get(f.figure_id))

    def bar_center(self, figure_id: str) -> QPointF | None:
        """Where a figure's bar is, in the plot widget's coordinates (for tests and keyboard)."""
        for y, (f, v, _l) in enumerate(self.rows):
            if f.figure_id == figure_id:
                scene = self.item.vb.mapViewToScene(QPointF(v / 2, y + BAR_OFFSET))
                return QPointF(self.plot.mapFromScene(scene))
        return None


class OtherFiguresList(QTreeWidget):
    """Cumulative volumes, stated effects and other non-capacity figures, by asset."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Volumes and effects", "Value", "Date"])
        self.headerItem().setToolTip(0, "Cumulative volumes and stated effects: not capacities, never charted with them")
        self.setAlternatingRowColors(True)
        self.setIndentation(12)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.itemClicked.connect(self._on_item)
        self.conflict_marked: set[str] = set()      # figures listed with a conflict mark

    def _on_item(self, item: QTreeWidgetItem, _column: int) -> None:
        figure_id = item.data(0, Qt.ItemDataRole.UserRole)
        if figure_id:
            self.picked.emit(figure_id)

    def set_figures(self, figures: list[EnergyFigure], conflicts: dict[str, list[Conflict]] | None = None) -> None:
        """List the figures by asset; one in a recorded conflict gets the tables' severity icon."""
        conflicts = conflicts or {}
        self.clear()
        self.conflict_marked = set()
        parents: dict[str, QTreeWidgetItem] = {}
        for f in figures:
            parent = parents.get(f.asset)
            if parent is None:
                parent = parents[f.asset] = QTreeWidgetItem([f.asset])
                self.addTopLevelItem(parent)
                parent.setFirstColumnSpanned(True)
            item = QTreeWidgetItem(parent, [f.kind_label, f.value_label(), f.date or ""])
            item.setData(0, Qt.ItemDataRole.UserRole, f.figure_id)
            found = conflicts.get(f.figure_id)
            for col in range(3):
                item.setToolTip(col, with_conflicts(f.hover_text(), found))
            if found:
                item.setIcon(0, severity_icon(worst_severity(found)))
                self.conflict_marked.add(f.figure_id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.expandAll()
        if not figures:
            self.addTopLevelItem(QTreeWidgetItem(["No volumes or effects under this filter"]))

    def items(self) -> dict[str, QTreeWidgetItem]:
        """figure_id -> its row."""
        out = {}
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                out[top.child(j).data(0, Qt.ItemDataRole.UserRole)] = top.child(j)
        return out

    def figure_ids(self) -> list[str]:
        return list(self.items())


class FactorsDialog(QDialog):
    """Edit the conversion factors; each shown with what it stands for and its source."""

    def __init__(self, factors: tuple[ConversionFactor, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conversion factors")
        self.spins: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        for f in factors:
            spin = QDoubleSpinBox(decimals=4, minimum=0.0001, maximum=1000.0, singleStep=0.01)
            spin.setValue(f.factor)
            spin.setSuffix(f" {COMMON_UNIT} per {f.unit}")
            note = QLabel(f"{f.basis}<br><small>{f.source}. External to the documents.</small>")
            note.setWordWrap(True)
            box = QVBoxLayout()
            box.addWidget(spin)
            box.addWidget(note)
            form.addRow(f"{f.commodity} ({f.unit})", box)
            self.spins[f.key] = spin
        self._factors = factors
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def restore_defaults(self) -> None:
        for f in energy.DEFAULT_FACTORS:
            if f.key in self.spins:
                self.spins[f.key].setValue(f.factor)

    def factors(self) -> tuple[ConversionFactor, ...]:
        out = self._factors
        for key, spin in self.spins.items():
            out = energy.with_factor(out, key, spin.value())
        return out


class EnergyCharts(QWidget):
    """Capacity plots (native units or common energy) beside the volumes/effects list."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: list[EnergyFigure] = []
        self.conflicts: dict[str, list[Conflict]] = {}      # figure_id -> recorded conflicts
        self.factors = load_factors()
        self.plots: dict[tuple[str, str], BarPlot] = {}
        self.converted: list[energy.Converted] = []

        self.common_toggle = QCheckBox(f"Common energy ({COMMON_UNIT})")
        self.common_toggle.setToolTip("Convert capacities with the approximate factors shown; "
                                      "capacities without a factor stay unconverted")
        self.common_toggle.setChecked(str(settings.get(SHOW_COMMON)).lower() == "true")
        self.common_toggle.toggled.connect(self._on_toggle)
        self.factors_button = QPushButton("Conversion factors…")
        self.factors_button.clicked.connect(self.edit_factors)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)   # one line when it fits
        controls.addWidget(self.heading, 1)
        controls.addWidget(self.common_toggle)
        controls.addWidget(self.factors_button)

        # chart_area is what a PNG/SVG export captures: every plot, whole (export_widget)
        self.chart_area = ChartArea(self.export_widget)
        self._sheet: ExportSheet | None = None
        # one plot per (commodity, unit), stacked in a scroll area: hundreds of imported
        # pipelines (a Global Energy Monitor tracker) scroll instead of making the window
        # thousands of pixels tall
        self.plots_box = QWidget()
        self.plot_row = QVBoxLayout(self.plots_box)
        self.plot_row.setContentsMargins(0, 0, 0, 0)
        self.plot_row.setSpacing(2)
        self.factor_label = QLabel()
        self.factor_label.setObjectName("energy-factors")
        self.factor_label.setWordWrap(True)
        self.factor_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.others = OtherFiguresList()
        self.others.picked.connect(self.picked)
        self.others.setMinimumWidth(260)
        self.legend_label = QLabel()
        self.legend_label.setWordWrap(True)        # a long legend wraps; it never widens the window
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        self.plots_scroll = QScrollArea()
        self.plots_scroll.setWidgetResizable(True)
        self.plots_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.plots_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.plots_scroll.setWidget(self.plots_box)
        left.addWidget(self.plots_scroll, 1)
        left.addWidget(self.legend_label)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.others, 1)
        right.addWidget(self.factor_label)
        area = QHBoxLayout(self.chart_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.addLayout(left, 5)
        area.addLayout(right, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.chart_area, 1)

    # -- data ----------------------------------------------------------------------
    def set_figures(self, figures: list[EnergyFigure], conflicts: dict[str, list[Conflict]] | None = None) -> None:
        """Chart these figures, marking those in a recorded conflict (figure_id -> conflicts)."""
        self.figures = figures
        self.conflicts = dict(conflicts or {})
        self.redraw()

    @property
    def common(self) -> bool:
        return self.common_toggle.isChecked()

    def _on_toggle(self, checked: bool) -> None:
        settings.put(SHOW_COMMON, bool(checked))
        self.redraw()

    def edit_factors(self) -> None:
        dialog = FactorsDialog(self.factors, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_factors(dialog.factors())

    def set_factors(self, factors: tuple[ConversionFactor, ...]) -> None:
        self.factors = factors
        save_factors(factors)
        self.redraw()

    # -- drawing ---------------------------------------------------------------------
    def _clear_plots(self) -> None:
        for plot in self.plots.values():
            self.plot_row.removeWidget(plot)
            plot.hide()
            plot.deleteLater()
        self.plots = {}

    def _add_plot(self, key: tuple[str, str], title: str, n_rows: int) -> BarPlot:
        plot = BarPlot(title)
        plot.picked.connect(self.picked)
        plot.setMinimumHeight(PLOT_CHROME_PX + ROW_MIN_PX * max(1, n_rows))
        self.plot_row.addWidget(plot, PLOT_CHROME_PX // 10 + 3 * max(1, n_rows))
        self.plots[key] = plot
        return plot

    def redraw(self) -> None:
        self._clear_plots()
        self.others.set_figures(energy.other_figures(self.figures), self.conflicts)
        if self.common:
            self._draw_common()
        else:
            self._draw_native()
        # the plots ask for their whole height up to a cap: a few pipelines show without a
        # scroll bar (the table gives way), hundreds scroll
        needed = sum(p.minimumHeight() for p in self.plots.values()) + self.plot_row.spacing() * (len(self.plots) - 1)
        self.plots_scroll.setMinimumHeight(min(needed, SCROLL_AFTER_PX))

    def _draw_native(self) -> None:
        self.converted = []
        groups = energy.capacity_groups(self.figures)
        for (commodity, unit), figs in groups.items():
            plot = self._add_plot((commodity, unit), f"{commodity.capitalize()} capacity ({unit})", len(figs))
            plot.set_rows([(f, f.value, f.value_label()) for f in figs], self.conflicts)
        if not groups:
            self._add_plot(("", ""), "", 1).set_rows([])
        self.heading.setText("<b>Capacity by asset and kind</b>, each in its unit as stated (never added across units)")
        self.legend_label.setText(self._legend_html())
        self.factor_label.setText("")
        self.factor_label.hide()

    def _draw_common(self) -> None:
        self.converted = energy.convert_capacities(self.figures, self.factors)
        rows = [(c.figure, c.value, f"{format_number(round(c.value, 2))} {COMMON_UNIT} "
                 f"(= {c.figure.value_label()})") for c in self.converted if c.value is not None]
        plot = self._add_plot(("common", COMMON_UNIT), f"Capacity in common energy units ({COMMON_UNIT}, "
                              "approximate)", len(rows))
        plot.set_rows(rows, self.conflicts)
        self.heading.setText(f"<b>Capacity by asset and kind</b>, converted to {COMMON_UNIT} "
                             "with the approximate factors listed at right")
        lines = ["<b>Converted with</b> (external to the documents, approximate; "
                 "edit with “Conversion factors…”):"]
        used = {c.factor.key for c in self.converted if c.factor}
        for f in self.factors:
            mark = "" if f.key in used else " (not used under this filter)"
            lines.append(f"• <span title='{escape(f.basis)}. {escape(f.source)}'>{escape(f.label())}</span> "
                         f"— {escape(f.short_source)}{mark}")
        for c in self.converted:
            if c.factor is None:
                lines.append(f"• <b>Not converted:</b> {c.figure.asset} · {c.figure.kind_label} "
                             f"{c.figure.value_label()} — {c.note}")
        self.legend_label.setText(self._legend_html())
        self.factor_label.setText("<br>".join(lines))
        self.factor_label.show()

    def _legend_html(self) -> str:
        present = [m for m in energy.CAPACITY_MEASURES if any(f.measure == m for f in self.figures)]
        swatches = " ".join(
            f"<span style='color:{KIND_COLOURS[m]}'>■</span> {energy.CAPACITY_MEASURES[m]}" for m in present)
        legend = f"Capacity kind: {swatches}" if swatches else ""
        if any(plot.conflict_marked for plot in self.plots.values()) or self.others.conflict_marked:
            legend += (f"{'. ' if legend else ''}<span style='color:{severity_colour('error')}'>{MARK}</span> "
                       "outlined: recorded conflict")
        return legend

    # -- for the pane and tests --------------------------------------------------------
    def export_widget(self) -> QWidget:
        """What a chart export draws: every capacity plot at its whole height (not only the
        part scrolled into view) and the legend beneath (the footer cites the conversion
        factors, so their list beside the plots is left out, as is the volumes list)."""
        if self._sheet is None:
            self._sheet = ExportSheet(self)
        return self._sheet.set_parts([p.plot for p in self.plots.values()] + [self.legend_label])

    def plotted(self) -> dict[str, tuple[float, str]]:
        """figure_id -> (value drawn, bar label) over every plot."""
        return {f.figure_id: (v, label) for plot in self.plots.values() for f, v, label in plot.rows}

    @property
    def conflict_marked(self) -> set[str]:
        """Figures drawn or listed with a conflict mark."""
        return set().union(*(p.conflict_marked for p in self.plots.values())) | self.others.conflict_marked

    def plot_for(self, figure_id: str) -> BarPlot | None:
        for plot in self.plots.values():
            if any(f.figure_id == figure_id for f, _v, _l in plot.rows):
                return plot
        return None

    def footer(self) -> list[str]:
        lines = []
        if self.common:
            lines += [f"Conversion: {f.label()} ({f.source}; approximate)" for f in self.factors]
        return lines
