"""Import modules off the UI thread, then carry on on it.

A module's first import runs its whole body; pyqtgraph's is ~0.5 s and a pane's
module with its data layer tens of milliseconds. Imported in a background thread
(the shared runner, explorer.ui.jobs) the window keeps answering meanwhile; the
work that needs them runs on the UI thread once they are loaded. A module imported
again on the UI thread meanwhile waits for the thread's import (Python's import
lock), so calling code that needs it at once stays correct.
"""
from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject


def import_then(modules: Iterable[str], then: Callable[[], object], owner: QObject,
                work: Callable[[], object] | None = None) -> None:
    """Import ``modules`` in a background thread, and run ``work()`` there after them,
    then call ``then()`` on the UI thread; at once when there is nothing to do. A failure
    is not reported here: ``then`` imports them again (and does the work again, which must
    cost little once done) and meets the error where it is handled."""
    missing = [m for m in modules if m not in sys.modules]
    if not missing and work is None:
        then()
        return
    from explorer.ui.jobs import Runner

    runner = Runner(lambda: sqlite3.connect(":memory:"), name="amur-import", keep_connection=False,
                    interrupt=False)
    runner.setParent(owner)             # kept alive by the owner until it is done

    def finish(_outcome: object) -> None:
        runner.setParent(None)
        runner.deleteLater()
        then()

    def load(_job) -> None:
        # the UI thread gets the interpreter back sooner while this thread imports: it asks
        # for it at every heartbeat of the window (a paint, a timer), and waits up to the
        # switch interval each time (5 ms by default)
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, 0.001))
        try:
            for module in missing:
                importlib.import_module(module)
            if work is not None:
                work()
        finally:
            sys.setswitchinterval(interval)

    runner.run(load, done=finish, failed=finish)
