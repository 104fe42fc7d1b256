"""``amur-explorer undo-import ID``: restore the state before an import."""
from __future__ import annotations

import argparse

from explorer.commands.on_store import on_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("undo-import", help="undo an import (see `imports` for ids)")
    p.add_argument("import_id", type=int, metavar="ID")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.data.importing import UndoError, undo_import

    removed = on_store(args, lambda conn: undo_import(conn, args.import_id), refusals=(UndoError,))
    detail = ", ".join(f"{n} from {t}" for t, n in removed.items()) or "no rows"
    print(f"undid import {args.import_id}: removed {detail}; replaced rows restored")
    return 0
