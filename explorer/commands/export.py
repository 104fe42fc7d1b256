"""``amur-explorer export DIR``: every pane's table as CSV."""
from __future__ import annotations

import argparse

from explorer.commands.on_store import add_folder_command, on_store


def register(sub: argparse._SubParsersAction) -> None:
    add_folder_command(sub, "export", "write every pane's table to one CSV per pane in DIR", run)


def run(args: argparse.Namespace) -> int:
    from explorer.data.export import export_all
    from explorer.data.output_files import OutputError

    written = on_store(args, lambda conn: export_all(conn, args.dir), refusals=(OutputError,))
    for name, n in written.items():
        print(f"{args.dir / name}: {n} rows")
    return 0
