"""``amur-explorer import FILE``: validate and import a CSV/XLSX file, all or nothing."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


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
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", dest="constants",
                   help="a value the whole file lacks, for every row (e.g. --set flow=import for a customs "
                        "query export); may be given more than once")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.app import UsageError, open_store
    from explorer.data.importing import ImportRejected, run_import
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
    if args.constants:
        mapping = {**(mapping or {}), "constants": {**(mapping or {}).get("constants", {}),
                                                    **_constants(args.constants)}}
    conn = open_store(args).connect()
    try:
        summary = run_import(conn, args.file, dataset=args.dataset, mapping=mapping,
                             encoding=args.encoding, sheet=args.sheet, dry_run=args.dry_run)
    except ImportRejected as exc:
        return _refused(args, exc)
    except (KeyError, LookupError) as exc:
        raise UsageError(str(exc.args[0] if exc.args else exc)) from exc
    finally:
        conn.close()
    print(summary.text())
    if args.dry_run:
        print("dry run: nothing was written")
    return 0


def _constants(pairs: list[str]) -> dict[str, str]:
    """['flow=import'] -> {'flow': 'import'}."""
    from explorer.app import UsageError

    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"--set takes FIELD=VALUE (like flow=import), not {pair!r}")
        out[name.strip()] = value.strip()
    return out


def _refused(args: argparse.Namespace, exc: Exception) -> int:
    print(exc.report(), file=sys.stderr)
    print(f"{args.file.name}: not imported; nothing was written", file=sys.stderr)
    return 1
