"""``amur-explorer publish DIR``: the workspace as a Datasette-ready database with metadata."""
from __future__ import annotations

import argparse

from explorer.commands.on_store import add_folder_command, on_store


def register(sub: argparse._SubParsersAction) -> None:
    add_folder_command(sub, "publish", "write the workspace (curated and imported data) as a Datasette-ready "
                                       "SQLite database with metadata.json in DIR", run)


def run(args: argparse.Namespace) -> int:
    from explorer.data.output_files import OutputError
    from explorer.data.publish import DB_NAME, publish

    counts = on_store(args, lambda conn: publish(conn, args.dir), refusals=(OutputError,))
    for table, n in counts.items():
        print(f"{table}: {n} rows")
    print(f"wrote {args.dir / (DB_NAME + '.db')} and {args.dir / 'metadata.json'}")
    print(f"serve it with: datasette {args.dir}")
    return 0
