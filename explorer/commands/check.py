"""``amur-explorer check``: integrity and data-quality report; non-zero when damaged."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="integrity and data-quality report (exit 1 when the data is damaged)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.app import open_store
    from explorer.data.check import damage, run_checks, summary
    from explorer.data.db import read_only_reason

    store = open_store(args)
    conn = store.connect()
    read_only = read_only_reason(conn)       # checked as it is: reading needs no write access
    try:
        findings = run_checks(conn)
        errors = damage(findings)
        if not errors:
            print("contents: " + ", ".join(f"{n} {t}" for t, n in summary(conn).items()))
    finally:
        conn.close()
    print(f"workspace: {store.workspace}" + (f" (read-only: {read_only})" if read_only else ""))
    print(f"bundled:   {store.bundled}")
    for f in findings:
        print(f)
    warnings = len(findings) - len(errors)
    recorded_errors = sum(f.recorded and f.severity == "error" for f in findings)
    serious = (f" ({recorded_errors} recorded as error: conflicts in the documents, not damage to the data)"
               if recorded_errors else "")
    print(f"{len(errors)} error(s), {warnings} flagged conflict(s) or warning(s){serious}")
    return 1 if errors else 0
