"""Open the window: QApplication, excepthook, the store, first paint."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from explorer import APP_ID, APP_NAME, ORG_NAME, __version__


def make_app() -> QApplication:
    quicker_pyside_import_check()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    # Lets desktops (Wayland especially) match the window to its launcher and icon.
    app.setDesktopFileName(APP_ID)
    from PySide6.QtGui import QIcon

    from explorer.paths import app_icon_path

    icon = app_icon_path()
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def quicker_pyside_import_check() -> None:
    """PySide6 asks of every module imported after it whether its source names "PySide6"
    (for ``from __feature__ import …``), by ``inspect.getsource``: ~0.15 ms a module, ~55 ms
    over the ~370 modules the window imports (pyqtgraph's mostly). The same question,
    answered by reading the file's bytes, costs a fraction of that. Any module that is
    not a plain .py file, or a PySide6 without this hook, keeps PySide6's own answer."""
    feature = sys.modules.get("shibokensupport.feature")
    own = getattr(feature, "_mod_uses_pyside", None)
    if own is None or getattr(own, "quicker", False):
        return

    def mod_uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return own(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return own(module)

    mod_uses_pyside.quicker = True
    mod_uses_pyside.pyside_own = own
    feature._mod_uses_pyside = mod_uses_pyside


def create_window(store, pane: str | None = None, skeleton: bool = False):
    """A MainWindow on this store (the caller shows it). ``skeleton``: the workspace is not
    opened yet and the shown pane and File menu parts are not built: ``open_workspace(window)``
    then ``window.finish_building()`` after the first paint. Otherwise the window is complete."""
    from explorer.ui.context import AppContext, DataBus
    from explorer.ui.main_window import MainWindow

    if not skeleton:
        conn, recovered = _connect(store)        # a damaged workspace: asked before any window
    ctx = AppContext(store=store, conn=None, bus=DataBus())
    window = MainWindow(ctx, skeleton=True)
    window.restore_state(pane)
    if not skeleton:
        _workspace_opened(window, conn, recovered)
        window.finish_building()
    return window


def open_workspace(window) -> None:
    """Open the skeleton window's workspace (offering a backup or a fresh one when it is
    damaged: DatabaseError when the analyst declines); once only."""
    if window.ctx.conn is None:
        _workspace_opened(window, *_connect(window.ctx.store))


def _connect(store):
    from explorer.data.db import DatabaseError

    try:
        return store.connect(), ""
    except DatabaseError as exc:      # a damaged workspace: offer a backup or a fresh one
        from explorer.ui.dialogs.recovery import recover

        outcome = recover(store, exc)
        if outcome is None:
            raise
        return outcome


def _workspace_opened(window, conn, recovered: str) -> None:
    from explorer.data.db import read_only_reason

    window.ctx.conn = conn
    window.workspace_opened()
    read_only = read_only_reason(conn)
    if recovered:
        window.statusBar().showMessage(recovered)
    elif read_only:
        # the reason is long (a folder path): it is in the workspace label's tooltip
        window.statusBar().showMessage("Read-only workspace: you can browse and export, but not import or undo.")


#: What opening a workspace imports (``Store.connect``: its checks, indexes and backups).
WORKSPACE_MODULES = ("explorer.data.backup", "explorer.data.indexes", "explorer.data.aliases")


def say_moment(what: str) -> None:
    """For the start-up benchmarks (``--exit-after-paint``, ``--exit-when-ready``): the moment
    reached, on stdout, as seconds since the epoch; the benchmark times the app to it, not
    to the end of the process (closing the window, saving its layout, Python's teardown)."""
    import time

    print(f"{what} at {time.time():.6f}", flush=True)


class _FirstPaint(QObject):
    """Calls back once the window has painted for the first time."""

    def __init__(self, callback) -> None:
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


def run_window(args: argparse.Namespace, open_store: Callable[[argparse.Namespace], Any],
               prepare: Callable[[Any], object] | None = None) -> int:
    """Open the window; ``open_store(args)`` gives the workspace (the command layer's, passed
    down: the window never imports the layer above it) and ``prepare(store)`` is what must be
    done before it is connected (in a source checkout: the bundled database built if stale),
    run off the UI thread after the first paint, and again (at little cost, or to meet its
    error where it is shown) just before the workspace opens."""
    from explorer.ui.display import no_display_reason

    if reason := no_display_reason():      # Qt would abort (134) blaming xcb-cursor0
        print(f"{APP_ID}: error: {reason}", file=sys.stderr)
        return 1
    app = make_app()
    from explorer.ui import errors

    errors.install()        # from here on, an uncaught exception is one dialog, not a traceback
    from explorer.data.db import DatabaseError

    try:
        window = create_window(open_store(args), args.pane, skeleton=True)
    except DatabaseError:
        raise                   # already shown in a dialog by the recovery step; main() prints the line
    except Exception as exc:    # noqa: BLE001 — started from a desktop, there is no terminal to read
        errors.show_now(exc)
        return 1

    failed: list[BaseException] = []

    def open_once() -> bool:
        """The workspace, opened after the first paint (or sooner, for a file handed to the
        app); False when it cannot be, and the app is then quitting."""
        if failed:
            return False
        try:
            if prepare is not None and window.ctx.conn is None:
                prepare(window.ctx.store)
            open_workspace(window)
            return True
        except Exception as exc:    # noqa: BLE001 — DatabaseError: main() prints it; else a dialog
            failed.append(exc)
            window.ctx.closing = True
            window.remember_state = False
            if not isinstance(exc, DatabaseError):
                errors.show_now(exc)
            app.quit()
            return False

    def after_first_paint() -> None:
        if args.exit_after_paint:
            say_moment("painted")
            window.ctx.closing = True      # nothing queued behind the paint is built
            app.quit()
            return
        from explorer.ui.preload import import_then

        # the workspace's modules (opening it imported them here) load off the UI thread with
        # the shown pane's, and the store is prepared there too; then the rest, here
        shown = window.slots[window.tabs.currentIndex()].entry.module
        store = window.ctx.store
        import_then((*WORKSPACE_MODULES, shown), open_and_finish, window,
                    work=None if prepare is None else lambda: prepare(store))

    def open_and_finish() -> None:
        if window.ctx.closing or not open_once():
            return
        # the shown pane is built in a turn of its own: opening the workspace, building the
        # pane and painting it in one turn would keep the window from answering for ~50 ms.
        # Not 0: a zero-delay shot is run in the same batch as the work queued before it.
        QTimer.singleShot(1, window, finish)

    def finish() -> None:
        if window.ctx.closing:
            return

        def when_shown_pane_built(pane) -> None:
            if args.exit_when_ready:
                def ready() -> None:
                    say_moment("ready")
                    QTimer.singleShot(0, app.quit)

                if pane.is_ready:
                    ready()
                else:
                    pane.ready.connect(ready)

        window.finish_building(chunked=True, then=when_shown_pane_built)
        if getattr(args, "open_file", None):    # `amur-explorer FILE`: a double-click on a CSV/XLSX file
            from explorer.ui.dialogs.import_history import open_import_wizard

            QTimer.singleShot(0, lambda: open_import_wizard(window, args.open_file.resolve()))

    watcher = _FirstPaint(after_first_paint)
    window.installEventFilter(watcher)
    window.show()
    from explorer.ui import file_open

    file_open.install(app, window, before=open_once)     # macOS: a file double-clicked in Finder
    code = app.exec()
    if failed:
        if isinstance(failed[0], DatabaseError):
            raise failed[0]             # already shown in a dialog by the recovery step; main() prints the line
        return 1
    return code
