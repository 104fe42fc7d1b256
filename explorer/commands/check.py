"""``amur-explorer check``: integrity and data-quality report; non-zero when damaged."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="integrity and data-quality report (exit 1 when the data is damaged)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.app import open_store
    from explorer.data.check import ERROR, run_checks, summary
    from explorer.data.db import read_only_reason

    store = open_store(args)
    conn = store.connect()
    read_only = read_only_reason(conn)       # checked as it is: reading needs no write access
    try:
        findings = run_checks(conn)
        errors = [f for f in findings if f.severity == ERROR]
        if not errors:
            print("contents: " + ", ".join(f"{n} {t}" for t, n in summary(conn).items()))
    finally:
        conn.close()
    print(f"workspace: {store.workspace}" + (f" (read-only: {read_only})" if read_only else ""))
    print(f"bundled:   {store.bundled}")
    for f in findings:
        print(f)
    warnings = len(findings) - len(errors)
    print(f"{len(errors)} error(s), {warnings} flagged conflict(s) or warning(s)")
    return 1 if errors else 0
