"""``amur-explorer screenshot DIR``: every pane as a PNG."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    from explorer.ui.render import MAX_SIDE     # light: no Qt at import time

    p = sub.add_parser("screenshot", help="render the window on every pane to PNG files in DIR")
    p.add_argument("dir", type=Path, metavar="DIR")
    p.add_argument("--size", default="1280x800",
                   help=f"window size, WIDTHxHEIGHT, each at most {MAX_SIDE} (default 1280x800)")
    p.add_argument("--theme", choices=("light", "dark", "system"),
                   help="draw in this theme (default: the one chosen in View → Theme)")
    p.add_argument("--pane", action="append", metavar="NAME",
                   help="draw only this pane (trade, corridors, energy, institutions, sources…); repeatable")
    p.add_argument("--facet", action="append", default=[], metavar="KEY=VALUE",
                   help="choose a facet before drawing, on every pane drawn that offers it, e.g. reporter=China "
                        "or commodity=gas (a value or a label, any case); repeatable")
    p.add_argument("--events", action="store_true",
                   help="draw the Trade chart with its Events overlay on")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from explorer.app import UsageError, open_store
    from explorer.data.output_files import OutputError
    from explorer.ui.render import RenderError, ensure_platform, parse_facet, parse_size, render_panes

    try:
        size = parse_size(args.size)
        facets = [parse_facet(f) for f in args.facet]
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    ensure_platform()
    try:
        written = render_panes(open_store(args), args.dir, size, theme=args.theme,
                               panes=args.pane, events=args.events, facets=facets)
    except (OutputError, RenderError) as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        print(path)
    return 0
