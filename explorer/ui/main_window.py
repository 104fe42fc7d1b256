"""The main window only assembles: panes (from explorer.data.panes), menus, status bar.

Start-up draws a skeleton first: the frame, the tab bar, the status bar and the
empty page of the pane to show. Each pane is built the first time it is shown
(its module imported then), and the File menu's parts are installed after the
first paint (``finish_building``); a window made for tests or pictures builds them
at once. So nothing the first paint does not show is imported or queried before it.
"""
from __future__ import annotations

import importlib

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from explorer import APP_NAME, settings
from explorer.data.db import active_imports, read_only_reason
from explorer.ui.context import AppContext
from explorer.ui.panes import PaneEntry, pane_entries
from explorer.ui.parts import FILE_MENU_PARTS, WindowParts


class PaneSlot(QWidget):
    """A tab's page: empty until its pane is built into it."""

    def __init__(self, entry: PaneEntry) -> None:
        super().__init__()
        self.entry = entry
        self.pane = None
        self.setObjectName(f"slot-{entry.name}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, skeleton: bool = False) -> None:
        """``skeleton``: leave the File menu's parts for :meth:`finish_building` (after the
        first paint); otherwise the window is complete when this returns."""
        super().__init__()
        self.ctx = ctx
        self.parts = WindowParts()          # what dialogs add: actions, open dialogs, by name
        from explorer.ui import theme

        self.theme = theme.manager()
        self.theme.apply()          # before the panes read the palette
        self.setWindowTitle(APP_NAME)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.slots: list[PaneSlot] = [PaneSlot(entry) for entry in pane_entries()]
        for slot in self.slots:
            self.tabs.addTab(slot, slot.entry.title)
        self.setCentralWidget(self.tabs)
        self._restoring = False             # panes built later take their remembered state
        self._pane_focus: dict[str, object] = {}
        self._finished = False
        self._deferring = True              # no pane is built until one is shown
        self._build_menus()
        self._build_status_bar()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        ctx.bus.data_changed.connect(self.refresh_all)
        self.watcher = None
        if ctx.conn is not None:
            self.workspace_opened()
        self.theme.changed.connect(self._on_theme_changed)     # a bound slot: gone with the window
        self.resize(1280, 800)
        if not skeleton:
            self.finish_building()

    def workspace_opened(self) -> None:
        """``ctx.conn`` is set: watch the workspace for another process's imports."""
        from explorer.ui.workspace_watch import WorkspaceWatcher

        self.watcher = WorkspaceWatcher(self.ctx.conn, self.ctx.bus, self)

    def finish_building(self, chunked: bool = False, then=None) -> None:
        """What a skeleton's first paint does not show: the shown pane, then the File menu's
        parts (import, recent imports, backups, drag-and-drop). Called once, after the first
        paint. ``chunked``: the shown pane's module is imported off the UI thread and the
        parts are installed in a later turn of the event loop, so the window keeps answering;
        ``then(pane)`` is called once the shown pane is built."""
        if self._finished:
            return
        self._finished = True

        def build_shown() -> None:
            self._deferring = False
            self._on_tab_changed(self.tabs.currentIndex())
            if then is not None:
                then(self.current_pane())

        if not chunked:
            build_shown()
            self._install_file_parts()
            return
        from explorer.ui.preload import import_then

        def next_steps() -> None:
            if self.ctx.closing:
                return
            build_shown()
            QTimer.singleShot(0, self, self._install_file_parts)

        import_then([self.slots[self.tabs.currentIndex()].entry.module], next_steps, self)

    def _install_file_parts(self) -> None:
        anchor = self._file_parts_anchor
        for module in FILE_MENU_PARTS:
            importlib.import_module(module).install(self, self.file_menu)
        # the parts append to File: move Quit (and its separator) back to the end
        for action in anchor:
            self.file_menu.removeAction(action)
            self.file_menu.addAction(action)

    # -- panes -------------------------------------------------------------------
    @property
    def panes(self) -> list:
        """Every pane, in tab order (builds those not shown yet)."""
        return [self._build(slot) for slot in self.slots]

    def built_panes(self) -> list:
        """The panes built so far (the others read the workspace afresh when built)."""
        return [slot.pane for slot in self.slots if slot.pane is not None]

    def _slot(self, name: str) -> PaneSlot:
        for slot in self.slots:
            if slot.entry.name == name:
                return slot
        raise KeyError(f"no pane {name!r}; panes are {', '.join(s.entry.name for s in self.slots)}")

    def pane(self, name: str):
        return self._build(self._slot(name))

    def current_pane(self):
        return self._build(self.slots[self.tabs.currentIndex()])

    def show_pane(self, name: str):
        slot = self._slot(name)
        pane = self._build(slot)
        self.tabs.setCurrentWidget(slot)
        return pane

    def _build(self, slot: PaneSlot):
        """The slot's pane, built (and given its remembered state) the first time it is asked for."""
        if slot.pane is None:
            pane = slot.entry.load()(self.ctx)
            slot.pane = pane
            slot.layout().addWidget(pane)
            if self._restoring:
                pane.restore(load_pane_state(slot.entry.name))
            # the count follows the filter, not only the tab
            pane.model.modelReset.connect(self._update_status)
            pane.model.count_changed.connect(self._update_status)
        return slot.pane

    def _on_tab_changed(self, index: int) -> None:
        if index < 0 or self._deferring:
            return
        self._build(self.slots[index])
        self._update_status()
        self._focus_pane()

    def _on_theme_changed(self, _dark: bool) -> None:
        # widgets take the new palette as its change events arrive: redraw after them
        QTimer.singleShot(0, self, self._redraw_charts)

    def _redraw_charts(self) -> None:
        if not self.isVisible():       # closed (its connection may be too)
            return
        # labels drawn with the palette's colours baked in (html text) are redrawn, not recoloured
        for pane in self.built_panes():
            if pane.is_ready:
                pane.on_filter_changed()

    def refresh_all(self) -> None:
        for pane in self.built_panes():
            pane.refresh()
        self._update_status()

    def refresh_now(self) -> None:
        """View → Refresh (F5): read the workspace again, whoever changed it."""
        self.refresh_all()
        self.watcher.mark_seen()
        self.statusBar().showMessage("Refreshed from the workspace", 3000)

    # -- menus ---------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.file_menu = file_menu
        self._action(file_menu, "&Export table (CSV or XLSX)…", self.export_current, "Ctrl+E")
        self._action(file_menu, "Export &view…", self.export_view, "Ctrl+Shift+E")
        # FILE_MENU_PARTS go above these (finish_building)
        self._file_parts_anchor = [file_menu.addSeparator(),
                                   self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)]
        view = self.menuBar().addMenu("&View")
        self.view_menu = view
        for i, slot in enumerate(self.slots):
            self._action(view, slot.entry.title, lambda _c=False, n=slot.entry.name: self.show_pane(n), f"Ctrl+{i + 1}")
        view.addSeparator()
        self._action(view, "&Filter", lambda: self.current_pane().filter_edit.setFocus(), "Ctrl+F")
        self._action(view, "&Search everywhere…", self.open_search, "Ctrl+K")
        self.refresh_action = self._action(view, "&Refresh", self.refresh_now, "F5")
        view.addSeparator()
        self._build_theme_menu(view.addMenu("&Theme"))
        self._action(view, "&Reset layout", self.reset_layout)
        help_menu = self.menuBar().addMenu("&Help")
        self.help_menu = help_menu
        self._action(help_menu, "&Guide to the panes", self.show_guide, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/")
        self._action(help_menu, f"&About {APP_NAME}", self.show_about)

    def _build_theme_menu(self, menu) -> None:
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for mode, text in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            action = self._action(menu, text, lambda _c=False, m=mode: self.theme.set_mode(m))
            action.setCheckable(True)
            action.setChecked(self.theme.mode() == mode)
            group.addAction(action)
            self.theme_actions[mode] = action

    def show_about(self):
        from explorer.ui.dialogs.about import show_about

        return show_about(self.ctx, self)

    def show_guide(self):
        from explorer.ui.dialogs.guide import show_guide

        return show_guide(self)

    def export_view(self):
        from explorer.ui.export_view import ask_and_export_view

        return ask_and_export_view(self)

    def open_search(self):
        from explorer.ui.dialogs.search_dialog import open_search

        return open_search(self)

    def show_shortcuts(self):
        from explorer.ui.dialogs.shortcuts import show_shortcuts

        return show_shortcuts(self)

    def export_current(self) -> None:
        """The current pane's table as CSV or XLSX (every pane), with its subjects' milestones."""
        pane = self.current_pane()
        path, chosen = QFileDialog.getSaveFileName(self, "Export table", f"{pane.spec.name}.csv",
                                                   "CSV (*.csv);;Excel workbook (*.xlsx)")
        if path:
            from pathlib import Path

            from explorer.data.export import export_pane

            target = Path(path)
            if target.suffix.lower() not in (".csv", ".xlsx"):
                target = target.with_suffix(".xlsx" if "xlsx" in chosen else ".csv")
            written = export_pane(self.ctx.conn, pane.model.spec, target, pane.model.filter, pane.model.order,
                                  footer=pane.table_footer())
            self.statusBar().showMessage(
                "Exported " + ", ".join(f"{n} rows to {p.name}" for p, n in written.items()), 5000)

    # -- status bar -------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self._update_status()

    def _update_status(self) -> None:
        if self._deferring:         # a skeleton: no pane to count yet
            return
        pane = self.current_pane()
        imported = active_imports(self.ctx.conn)
        read_only = read_only_reason(self.ctx.conn)
        self.db_label.setText(
            f"{pane.spec.title}: {pane.model.rowCount():,} rows  ·  workspace {self.ctx.store.workspace.name}"
            f" ({imported} import{'s' if imported != 1 else ''}{', read-only' if read_only else ''})"
            f"  ·  bundled {self.ctx.store.bundled.name}"
        )
        self.db_label.setToolTip(f"workspace: {self.ctx.store.workspace}"
                                 + (f"\nread-only: {read_only}" if read_only else "")
                                 + f"\nbundled: {self.ctx.store.bundled}")

    # -- state ---------------------------------------------------------------------
    def restore_state(self, pane_override: str | None = None) -> None:
        geometry = settings.get(settings.WINDOW_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = settings.get(settings.WINDOW_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self._restoring = True
        for pane in self.built_panes():
            pane.restore(load_pane_state(pane.spec.name))
        name = pane_override or settings.get(settings.LAST_PANE)
        try:
            slot = self._slot(str(name))
        except KeyError:
            if pane_override:
                raise
            slot = self.slots[0]
        self.tabs.setCurrentWidget(slot)         # a skeleton builds the pane after its first paint
        self._on_tab_changed(self.tabs.currentIndex())

    def _focus_pane(self, _index: int = -1) -> None:
        """The keyboard goes where it was when the analyst left this pane, else to its filter
        box (or its table)."""
        pane = self.current_pane()
        target = self._pane_focus.get(pane.spec.name)
        if target is None or not pane.isAncestorOf(target) or not target.isVisibleTo(pane):
            target = pane.focus_widget()
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_focus_changed(self, old, new) -> None:
        # remember where the focus was in a pane the analyst is leaving
        left = self._pane_of(old)
        if left is not None and left is not self._pane_of(new):
            self._pane_focus[left.spec.name] = old

    def _pane_of(self, widget):
        if widget is None:
            return None
        return next((p for p in self.built_panes() if p.isAncestorOf(widget)), None)

    def reset_layout(self) -> None:
        """View → Reset layout: forget the remembered layout and show the panes as built."""
        settings.clear_layout()         # panes not built yet will find nothing remembered
        for pane in self.built_panes():
            pane.reset_layout()
        self.resize(1280, 800)
        self.statusBar().showMessage("Layout, filters and chart options reset to their defaults", 5000)

    def save_state(self) -> None:
        # one write of the settings file for the whole window (not one per setting); a pane
        # never built this run keeps what was remembered of it
        settings.put_many([(settings.WINDOW_GEOMETRY, self.saveGeometry()),
                           (settings.WINDOW_STATE, self.saveState()),
                           (settings.LAST_PANE, self.slots[self.tabs.currentIndex()].entry.name),
                           *(item for pane in self.built_panes()
                             for item in pane_state_items(pane.spec.name, pane.state()))])

    #: False for a window drawn for pictures (screenshot, selftest): its facets and pane
    #: are the command's, never the analyst's next start-up
    remember_state = True

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.remember_state:
            self.save_state()
        super().closeEvent(event)


def load_pane_state(name: str) -> dict:
    return {
        "header": settings.get(settings.for_pane(settings.PANE_HEADER, name)),
        "splitters": settings.get(settings.for_pane(settings.PANE_SPLITTERS, name)),
        "filter": settings.get(settings.for_pane(settings.PANE_FILTER, name)),
        "options": settings.get(settings.for_pane(settings.PANE_OPTIONS, name)),
    }


def pane_state_items(name: str, state: dict) -> list[tuple]:
    return [(settings.for_pane(template, name), state.get(part, template.default))
            for template, part in ((settings.PANE_HEADER, "header"), (settings.PANE_SPLITTERS, "splitters"),
                                   (settings.PANE_FILTER, "filter"), (settings.PANE_OPTIONS, "options"))]
