"""``amur-explorer import FILE``: validate and import a CSV/XLSX file, all or nothing."""
from __future__ import annotations

import argparse
import signal
import sqlite3
import sys
from pathlib import Path
from types import FrameType

#: SQLite virtual-machine steps between two looks at Ctrl-C while a statement runs
#: (an index rebuild or rollup takes seconds; this keeps the answer within milliseconds).
CTRL_C_STEPS = 50_000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import updated figures from a CSV/TSV/XLSX file (all or nothing)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--dataset", metavar="NAME",
                   help="trade, energy, corridors, institutions, relations, places, exchange_rates, indicators "
                        "(default: recognised from the header)")
    p.add_argument("--mapping", type=Path, metavar="FILE", help="a JSON column mapping (as saved in the history)")
    p.add_argument("--encoding", metavar="E", help="the file's text encoding (default: detected)")
    p.add_argument("--sheet", metavar="NAME|N",
                   help="the workbook sheet to read, by name or number from 1 "
                        "(default: the first visible sheet holding data)")
    p.add_argument("--header-row", type=int, metavar="N",
                   help="the row the column names are on, counting from 1 (default: found past any title lines)")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help="a value the whole file lacks, for every row (--set corridor=NAME, --set flow=import); "
                        "may be given more than once")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.app import UsageError, open_store
    from explorer.data.importing import ImportRejected, run_import
    from explorer.data.importing.errors import ImportCancelled
    from explorer.data.importing.mapping_file import MappingError, load_mapping
    from explorer.data.importing.source import check_readable

    if not args.file.exists() and not args.file.is_symlink():
        raise UsageError(f"no such file: {args.file}")
    mapping = None
    try:
        check_readable(args.file)          # a folder, a pipe, no permission: said before any work
        if args.mapping:
            mapping = load_mapping(args.mapping, args.dataset)
    except ImportRejected as exc:
        return _refused(args, exc)
    except MappingError as exc:
        raise UsageError(str(exc)) from exc
    if args.header_row is not None:
        if args.header_row < 1:
            raise UsageError("--header-row counts from 1")
        mapping = {**(mapping or {}), "header_row": args.header_row}
    if args.set:
        mapping = {**(mapping or {}), "constants": {**(mapping or {}).get("constants", {}), **_constants(args.set)}}
    with _CtrlC() as ctrl_c:
        conn = ctrl_c.conn = open_store(args).connect()
        conn.set_progress_handler(ctrl_c.stops_sqlite, CTRL_C_STEPS)
        try:
            summary = run_import(conn, args.file, dataset=args.dataset, mapping=mapping,
                                 encoding=args.encoding, sheet=args.sheet, dry_run=args.dry_run,
                                 cancelled=ctrl_c.cancelled, may_commit=ctrl_c.may_commit)
        except ImportRejected as exc:
            return _refused(args, exc)
        except (KeyError, LookupError) as exc:
            raise UsageError(str(exc.args[0] if exc.args else exc)) from exc
        except (ImportCancelled, sqlite3.OperationalError):
            if ctrl_c.pressed and not ctrl_c.committed:     # rolled back: main() says "nothing was written"
                raise KeyboardInterrupt from None
            raise
        finally:
            conn.set_progress_handler(None, 0)
            conn.close()
        if ctrl_c.pressed and not ctrl_c.committed:        # a dry run stopped in its last step
            raise KeyboardInterrupt
    print(summary.text())
    if args.dry_run:
        print("dry run: nothing was written")
    elif ctrl_c.pressed:
        print("amur-explorer: Ctrl-C came after the import was written; it is complete (see above)",
              file=sys.stderr)
    return 0


class _CtrlC:
    """Ctrl-C (SIGINT) during an import, handled whatever the process inherited: a shell
    that starts a job in the background passes SIGINT on as *ignored*, and Python then keeps
    it ignored, so Ctrl-C (or ``kill -INT``) left the import to finish and exit 0.

    Before the import's transaction a press raises KeyboardInterrupt at once (nothing is
    written yet). Inside it, a press is only recorded: a KeyboardInterrupt raised while
    SQLite runs a Python callback (a user function, the progress handler) is swallowed by
    the sqlite3 module, so the import instead stops on the flag — the progress handler ends
    the statement running, the row loop asks :meth:`cancelled` between batches, and
    :meth:`may_commit` is the last word before COMMIT. Once that has said yes, a press is
    too late: the import completes and says so."""

    def __init__(self) -> None:
        self.conn: sqlite3.Connection | None = None
        self.pressed = False
        self.committed = False
        self._saved = None

    def __enter__(self) -> "_CtrlC":
        self._saved = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *_exc) -> None:
        signal.signal(signal.SIGINT, self._saved)

    def _on_sigint(self, _signum: int, _frame: FrameType | None) -> None:
        self.pressed = True
        if self.committed or (self.conn is not None and self.conn.in_transaction):
            return
        raise KeyboardInterrupt

    def stops_sqlite(self) -> int:
        """The connection's progress handler: non-zero ends the statement running."""
        return int(self.pressed and not self.committed)

    def cancelled(self) -> bool:
        return self.pressed

    def may_commit(self) -> bool:
        if self.pressed:
            return False
        self.committed = True
        return True


def _refused(args: argparse.Namespace, exc: Exception) -> int:
    print(exc.report(), file=sys.stderr)
    print(f"{args.file.name}: not imported; nothing was written", file=sys.stderr)
    return 1


def _constants(pairs: list[str]) -> dict[str, str]:
    """``--set field=value`` arguments as a mapping's constants."""
    from explorer.app import UsageError

    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"--set takes FIELD=VALUE (like --set corridor=Power of Siberia), not {pair!r}")
        out[name.strip()] = value.strip()
    return out
