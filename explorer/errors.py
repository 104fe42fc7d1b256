"""What the user sees of a failure nobody wrote a message for.

Every expected problem (a bad file, a busy or read-only workspace) has its own
message where it happens. Anything else is a bug or an environment we did not
foresee: the user gets one line saying what happened and where the details
are, and the traceback goes to a log file in the user's log folder (or to
stderr, with ``AMUR_DEBUG=1``). The command line and the window share this.
Qt-free, and light: the entry point imports it.
"""
from __future__ import annotations

import os
import traceback
from datetime import datetime, timezone
from pathlib import Path

from explorer import APP_ID

#: Set to 1 to get tracebacks on stderr instead of in the log file.
DEBUG_ENV = "AMUR_DEBUG"
LOG_NAME = "errors.log"
#: The log is started afresh past this size: it holds recent failures, not a history.
MAX_LOG_BYTES = 1_000_000


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip() not in ("", "0")


def log_dir() -> Path:
    """The user's log folder for this app (``~/.local/state/amur-explorer/log`` on Linux)."""
    import platformdirs

    return platformdirs.user_log_path(APP_ID, appauthor=False)


#: Our exceptions whose message is written for the user (the class names, matched on the MRO:
#: importing them here would load the data layer at start-up).
USER_ERRORS = ("DatabaseError", "BackupError", "UsageError", "UndoError", "ImportRejected")


def _damaged_input(exc: BaseException) -> str | None:
    """What a damaged compressed input looks like to the user (the reader normally names the
    file and row itself; this is the backstop when a reader lets one through)."""
    kind = f"{type(exc).__module__}.{type(exc).__name__}"
    if kind == "gzip.BadGzipFile":
        return f"the file is not a readable gzip file ({exc})"
    if kind == "builtins.EOFError" and "compressed file ended" in str(exc).lower():
        return "the compressed file is cut short: it ends before its end-of-stream marker"
    if kind == "zlib.error":
        return f"the compressed data is damaged ({exc})"
    if kind == "zipfile.BadZipFile":
        return f"the file is not a readable .xlsx (zip) file ({exc})"
    return None


def workspace_condition(exc: BaseException) -> str | None:
    """The message for a database error that is the workspace's condition (a full disk, a
    busy or read-only file), not a bug; None for any other exception."""
    if type(exc).__name__ != "OperationalError":
        return None
    text = str(exc)
    if "full" in text:
        return (f"the disk holding the workspace is full ({exc}). Nothing was written; "
                "free some space and try again.")
    if "locked" in text:
        return (f"the workspace is busy: another Amur Explorer window or command is writing to it ({exc}). "
                "Nothing was written; try again when it has finished.")
    if "readonly" in text:
        return f"the workspace is read-only ({exc}); nothing was written."
    return None


def is_for_the_user(exc: BaseException) -> bool:
    """True for an expected problem that carries its own message (no traceback needed)."""
    if isinstance(exc, OSError) and exc.strerror:
        return True
    if _damaged_input(exc) is not None or workspace_condition(exc) is not None:
        return True
    return any(c.__module__.startswith("explorer.") and c.__name__ in USER_ERRORS for c in type(exc).__mro__)


def describe(exc: BaseException) -> str:
    """One line saying what happened, in the user's terms where we can."""
    plain = _damaged_input(exc) or workspace_condition(exc)
    if plain is not None:
        return plain
    if is_for_the_user(exc) and not isinstance(exc, OSError):
        report = getattr(exc, "report", None)
        return report() if callable(report) else str(exc)
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return f"unexpected {type(exc).__name__}" + (f": {first}" if first else "")


def traceback_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def write_log(exc: BaseException) -> Path | None:
    """Append the traceback to the log file; its path, or None when it cannot be written."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        mode = "w" if path.exists() and path.stat().st_size > MAX_LOG_BYTES else "a"
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with path.open(mode, encoding="utf-8") as fh:
            fh.write(f"--- {stamp} {APP_ID} ---\n{traceback_text(exc)}\n")
        return path
    except OSError:
        return None


def report(exc: BaseException) -> str:
    """The one line for the user; the traceback goes to the log (or stderr when debugging)."""
    if debugging():
        import sys

        print(traceback_text(exc), file=sys.stderr, end="")
        return describe(exc)
    log = write_log(exc)
    where = f"details in {log}" if log else f"run again with {DEBUG_ENV}=1 for details"
    return f"{describe(exc)} ({where})"


def user_message(exc: BaseException) -> str:
    """What to show for ``exc``: its own message when it has one, else :func:`report`'s line."""
    return describe(exc) if is_for_the_user(exc) else report(exc)
