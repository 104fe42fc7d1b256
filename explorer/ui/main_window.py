"""The main window only assembles: panes (from PANES), menus, status bar."""
from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QTabWidget

from explorer import APP_NAME, settings
from explorer.data.export import export_table
from explorer.ui.context import AppContext
from explorer.ui.dialogs.about import show_about
from explorer.ui.panes import PANES
from explorer.ui.panes.base import TablePane


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(APP_NAME)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.panes: list[TablePane] = [cls(ctx) for cls in PANES]
        for pane in self.panes:
            self.tabs.addTab(pane, pane.spec.title)
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self._build_status_bar()
        self.tabs.currentChanged.connect(self._update_status)
        ctx.bus.data_changed.connect(self.refresh_all)
        self.resize(1280, 800)

    # -- panes -------------------------------------------------------------------
    def pane(self, name: str) -> TablePane:
        for pane in self.panes:
            if pane.spec.name == name:
                return pane
        raise KeyError(f"no pane {name!r}; panes are {', '.join(p.spec.name for p in self.panes)}")

    def current_pane(self) -> TablePane:
        return self.panes[self.tabs.currentIndex()]

    def show_pane(self, name: str) -> TablePane:
        pane = self.pane(name)
        self.tabs.setCurrentWidget(pane)
        return pane

    def refresh_all(self) -> None:
        for pane in self.panes:
            pane.refresh()
        self._update_status()

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
        self._action(file_menu, "&Export table as CSV…", self.export_current, "Ctrl+E")
        from explorer.ui.dialogs.import_history import install as install_import

        install_import(self, file_menu)      # Import… (Ctrl+I), history/undo, template, drag-and-drop
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        view = self.menuBar().addMenu("&View")
        self.view_menu = view
        for i, pane in enumerate(self.panes):
            self._action(view, pane.spec.title, lambda _c=False, n=pane.spec.name: self.show_pane(n), f"Ctrl+{i + 1}")
        view.addSeparator()
        self._action(view, "&Filter", lambda: self.current_pane().filter_edit.setFocus(), "Ctrl+F")
        self._action(view, "&Search everywhere…", self.open_search, "Ctrl+K")
        help_menu = self.menuBar().addMenu("&Help")
        self.help_menu = help_menu
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/")
        self._action(help_menu, f"&About {APP_NAME}", lambda: show_about(self.ctx, self))

    def open_search(self):
        from explorer.ui.dialogs.search_dialog import open_search

        return open_search(self)

    def show_shortcuts(self):
        from explorer.ui.dialogs.shortcuts import show_shortcuts

        return show_shortcuts(self)

    def export_current(self) -> None:
        pane = self.current_pane()
        path, _ = QFileDialog.getSaveFileName(self, "Export table", f"{pane.spec.name}.csv", "CSV (*.csv)")
        if path:
            from pathlib import Path

            n = export_table(self.ctx.conn, pane.spec, Path(path), pane.model.filter, pane.model.order)
            self.statusBar().showMessage(f"Exported {n} rows to {path}", 5000)

    # -- status bar -------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self._update_status()

    def _update_status(self) -> None:
        pane = self.current_pane()
        imported = self.ctx.conn.execute(
            "SELECT count(*) FROM imports WHERE status = 'active'").fetchone()[0]
        self.db_label.setText(
            f"{pane.spec.title}: {pane.model.rowCount():,} rows  ·  workspace {self.ctx.store.workspace.name}"
            f" ({imported} import{'s' if imported != 1 else ''})  ·  bundled {self.ctx.store.bundled.name}"
        )
        self.db_label.setToolTip(f"workspace: {self.ctx.store.workspace}\nbundled: {self.ctx.store.bundled}")

    # -- state ---------------------------------------------------------------------
    def restore_state(self, pane_override: str | None = None) -> None:
        geometry = settings.get(settings.WINDOW_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        name = pane_override or settings.get(settings.LAST_PANE)
        try:
            self.show_pane(str(name))
        except KeyError:
            if pane_override:
                raise
            self.show_pane("trade")

    def closeEvent(self, event) -> None:  # noqa: N802
        settings.put(settings.WINDOW_GEOMETRY, self.saveGeometry())
        settings.put(settings.LAST_PANE, self.current_pane().spec.name)
        super().closeEvent(event)
