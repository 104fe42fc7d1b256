"""``amur-explorer template DATASET FILE``: a blank import template (CSV or XLSX)."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("template", help="write a blank import template for a subject (.csv or .xlsx)")
    p.add_argument("dataset", metavar="DATASET")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.app import UsageError
    from explorer.data.importing.templates import write_template

    try:
        columns = write_template(args.dataset, args.file)
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from exc
    except OSError as exc:      # a missing folder, a full disk: say which file, not a traceback
        raise UsageError(str(exc) if exc.errno is None else f"could not write {args.file}: {exc.strerror}") from None
    print(f"{args.file}: template for {args.dataset} with columns {', '.join(columns)}")
    return 0
