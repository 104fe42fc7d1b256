"""``amur-explorer imports``: the import history."""
from __future__ import annotations

import argparse

from explorer.commands.on_store import on_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("imports", help="list the import history")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.data.importing import list_imports

    rows = on_store(args, list_imports)
    if not rows:
        print("no imports yet")
        return 0
    print(f"{'id':>4}  {'when':25}  {'status':7}  {'dataset':12}  {'layout':16}  {'added':>7}  {'replaced':>8}  file")
    for r in rows:
        print(f"{r['import_id']:>4}  {r['imported_at']:25}  {r['status']:7}  {r['dataset']:12}  "
              f"{r['layout'] or '':16}  {r['rows_added']:>7}  {r['rows_replaced']:>8}  {r['file_name']}")
    return 0
