"""``amur-explorer screenshot DIR``: every pane as a PNG."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("screenshot", help="render the window on every pane to PNG files in DIR")
    p.add_argument("dir", type=Path, metavar="DIR")
    p.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT (default 1280x800)")
    p.add_argument("--theme", choices=("light", "dark", "system"),
                   help="draw in this theme (default: the one chosen in View → Theme)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.app import UsageError, open_store
    from explorer.ui.render import ensure_platform, render_panes

    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size expects WIDTHxHEIGHT such as 1280x800, got {args.size!r}") from None
    ensure_platform()
    for path in render_panes(open_store(args), args.dir, (width, height), theme=args.theme):
        print(path)
    return 0
