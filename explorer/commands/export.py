"""``amur-explorer export DIR``: every pane's table as CSV."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write every pane's table to one CSV per pane in DIR")
    p.add_argument("dir", type=Path, metavar="DIR")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.commands.on_store import on_store
    from explorer.data.export import export_all
    from explorer.data.output_files import OutputError

    written = on_store(args, lambda conn: export_all(conn, args.dir), refusals=(OutputError,))
    for name, n in written.items():
        print(f"{args.dir / name}: {n} rows")
    return 0
