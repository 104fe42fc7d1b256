"""The skeleton most commands share: open the workspace the command line names, do one thing
on it, close it; a refusal the user can act on is one line (``UsageError``), never a traceback."""
from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def on_store(args, work: Callable[[sqlite3.Connection], T],
             refusals: tuple[type[Exception], ...] = ()) -> T:
    """``work(conn)`` on the workspace ``args`` names; one of ``refusals`` becomes a UsageError
    carrying its message (the CLI prints it on one line and exits 2). The connection is closed
    whatever happens."""
    from explorer.app import UsageError, open_store

    conn = open_store(args).connect()
    try:
        return work(conn)
    except refusals as exc:
        raise UsageError(str(exc)) from None
    finally:
        conn.close()


def add_folder_command(sub: argparse._SubParsersAction, name: str, help_text: str,
                       run: Callable[[argparse.Namespace], int]) -> None:
    """Register ``amur-explorer NAME DIR``: a command that writes into the folder DIR."""
    p = sub.add_parser(name, help=help_text)
    p.add_argument("dir", type=Path, metavar="DIR")
    p.set_defaults(func=run)
