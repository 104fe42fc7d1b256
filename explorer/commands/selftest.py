"""``amur-explorer selftest``: open both databases, render every pane offscreen, run check."""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help="open both databases, render every pane offscreen, run check")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from explorer.app import open_store
    from explorer.data.check import damage, run_checks
    from explorer.ui.render import render_panes

    try:
        store = open_store(args)
        conn = store.connect()
        try:
            errors = damage(run_checks(conn))
        finally:
            conn.close()
        with tempfile.TemporaryDirectory() as tmp:
            pictures = render_panes(store, Path(tmp))
            empty = [p.name for p in pictures if p.stat().st_size < 2000]
    except Exception as exc:  # the reason is the product of a selftest
        print(f"selftest FAILED: {type(exc).__name__}: {exc}")
        return 1
    if errors or empty:
        for f in errors:
            print(f"selftest FAILED: {f}")
        for name in empty:
            print(f"selftest FAILED: {name} rendered empty")
        return 1
    print(f"selftest ok: workspace {store.workspace}, bundled {store.bundled}, {len(pictures)} panes rendered, check clean")
    return 0
