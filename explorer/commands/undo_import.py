"""``amur-explorer undo-import ID``: restore the state before an import."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("undo-import", help="undo an import (see `imports` for ids)")
    p.add_argument("import_id", type=int, metavar="ID")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.app import UsageError, open_store
    from explorer.data.importing import UndoError, undo_import

    conn = open_store(args).connect()
    try:
        removed = undo_import(conn, args.import_id)
    except UndoError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        conn.close()
    detail = ", ".join(f"{n} from {t}" for t, n in removed.items()) or "no rows"
    print(f"undid import {args.import_id}: removed {detail}; replaced rows restored")
    return 0
