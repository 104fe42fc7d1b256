"""Entry point: ``amur-explorer`` / ``python -m explorer``.

Start-up path discipline: nothing heavy is imported here. Each subcommand
lives in ``explorer.commands.<name>`` and imports what it needs when it runs;
the window imports Qt only when it opens.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from explorer import APP_ID, __version__

#: Subcommand modules, in the order ``--help`` lists them. Each defines
#: ``register(subparsers)`` which sets ``func`` on its parser.
COMMAND_MODULES: tuple[str, ...] = (
    "screenshot",
    "export",
    "check",
    "selftest",
    "import_",
    "templates",
    "imports",
    "undo_import",
    "publish",
    "backup",
)


#: Each command word and the module that registers it (a run of one command imports only that one).
COMMAND_WORDS: dict[str, str] = {
    "screenshot": "screenshot", "export": "export", "check": "check", "selftest": "selftest",
    "import": "import_", "template": "templates", "imports": "imports", "undo-import": "undo_import",
    "publish": "publish", "backup": "backup", "backups": "backup", "restore-backup": "backup",
}


class UsageError(Exception):
    """Bad arguments or unusable files: the message is for the user, exit 2."""


#: Options of the window that take a value (their value is not a command word).
_VALUE_OPTIONS = ("--db", "--pane", "--open")


def wants_a_command(argv: list[str]) -> bool:
    """True when the arguments name a command or ask for help (the parser then needs
    every command module); False for the window, which then imports none of them."""
    return _first_word(argv) is not None


def _first_word(argv: list[str]) -> str | None:
    """The first argument that is neither an option nor an option's value (or -h)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return arg
    return None


def commands_for(argv: list[str]) -> bool | str:
    """What ``build_parser`` needs for these arguments: False for the window, a known
    command's word for that command alone, True (every command) for help or anything else."""
    word = _first_word(argv)
    if word is None:
        return False
    return word if word in COMMAND_WORDS else True


def build_parser(commands: bool | str = True) -> argparse.ArgumentParser:
    """The command line (``commands=False``: the window's options only, for a faster start;
    a command's word: that command's module only)."""
    parser = argparse.ArgumentParser(
        prog=APP_ID,
        description="Amur Explorer: China–Russia economic cooperation in the Russian Far East, "
        "Siberia and Northeast China, with every figure cited.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="use this workspace file instead of the one in your user data folder")
    parser.add_argument("--pane", metavar="NAME", help="open on this pane (trade, corridors, …)")
    parser.add_argument("--open", dest="open_file", type=Path, metavar="FILE",
                        help="open the window with the import wizard on FILE (also: amur-explorer FILE)")
    parser.add_argument("--exit-after-paint", action="store_true",
                        help="quit right after the window's first paint (start-up benchmarks)")
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="quit once the shown pane's charts are drawn (start-up benchmarks)")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = COMMAND_MODULES if commands is True else (COMMAND_WORDS[commands],)
    for name in modules:
        importlib.import_module(f"explorer.commands.{name}").register(sub)
    return parser


def open_store(args: argparse.Namespace, *, build_bundled: bool = True):
    """The Store for this run, building the bundled database first in a source checkout
    (``build_bundled=False``: the caller does it with :func:`ensure_bundled` before the
    store is connected; the window does, after its first paint)."""
    from explorer.data.db import default_store

    store = default_store(args.db)
    if build_bundled:
        ensure_bundled(store)
    return store


def ensure_bundled(store) -> None:
    """In a source checkout, (re)build the bundled database when its curated inputs changed.
    Only the checkout's own bundled file is (re)built on demand; a file named by
    AMUR_BUNDLED_DB is used as it is, or reported missing. (The check imports the builder
    and hashes the curated files: tens of milliseconds a window need not wait for.)"""
    from explorer.paths import IS_FROZEN

    if IS_FROZEN or "AMUR_BUNDLED_DB" in os.environ:
        return
    from explorer.data.build import build, is_stale
    from explorer.paths import curated_dir

    if (curated_dir() / "documents.csv").exists() and is_stale(store.bundled):
        print(f"building bundled database {store.bundled} …", file=sys.stderr)
        build(store.bundled)


#: Commands that change the workspace only inside a transaction: interrupted, they wrote nothing.
TRANSACTIONAL_COMMANDS = ("import", "undo-import")
#: Exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    """Run the command (or the window); every failure ends as one line on stderr, never a traceback."""
    command = None
    saved_hook, sys.excepthook = sys.excepthook, _one_line_excepthook   # e.g. a Qt slot failing in `screenshot`
    try:
        argv = sys.argv[1:] if argv is None else argv
        parser = build_parser(commands=commands_for(argv))
        args = parser.parse_args(_file_as_open(argv, parser))
        command = args.command
        return _run(args)
    except KeyboardInterrupt:
        nothing = "; nothing was written" if command in TRANSACTIONAL_COMMANDS else ""
        print(f"{APP_ID}: interrupted{nothing}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:             # `amur-explorer check | head`: the reader has gone
        _silence_stdout()
        return 1
    except Exception as exc:            # noqa: BLE001 — a bug or an unforeseen environment
        from explorer import errors

        print(f"{APP_ID}: error: {errors.user_message(exc)}", file=sys.stderr)
        return 1
    finally:
        if sys.excepthook is _one_line_excepthook:       # the window installs its own
            sys.excepthook = saved_hook


def _file_as_open(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """``amur-explorer FILE`` (a desktop's "Open with": ``Exec=amur-explorer %f``) is ``--open FILE``.

    Only an existing path that is not a command's name: a mistyped command stays a usage error.
    """
    commands = next((a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {})
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--db", "--pane", "--open"):
            i += 2
        elif arg.startswith("-"):
            i += 1
        elif arg in commands or not Path(arg).exists():
            return argv
        else:
            return [*argv[:i], "--open", arg, *argv[i + 1:]]
    return argv


def _one_line_excepthook(exc_type, exc, tb) -> None:
    """For exceptions that escape a Qt slot while a command renders offscreen."""
    if exc is None:
        return sys.__excepthook__(exc_type, exc, tb)
    if isinstance(exc, KeyboardInterrupt):
        print(f"{APP_ID}: interrupted", file=sys.stderr)
        qt = sys.modules.get("PySide6.QtCore")
        if qt is not None:
            qt.QCoreApplication.exit(EXIT_INTERRUPTED)
        return None
    from explorer import errors

    print(f"{APP_ID}: error: {errors.user_message(exc.with_traceback(tb))}", file=sys.stderr)
    return None


def _run(args: argparse.Namespace) -> int:
    from explorer.data.db import DatabaseError

    try:
        if args.command is None:
            from explorer.ui.launch import run_window

            # the window is painted before the bundled database is checked (and built if stale)
            return run_window(args, lambda a: open_store(a, build_bundled=False), prepare=ensure_bundled)
        return int(args.func(args) or 0)
    except (UsageError, DatabaseError) as exc:
        print(f"{APP_ID}: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # sqlite3.OperationalError, imported lazily
        from explorer.errors import workspace_condition

        message = workspace_condition(exc)
        if message is None:
            raise
        print(f"{APP_ID}: error: {message}", file=sys.stderr)
        return 3


def _silence_stdout() -> None:
    # Python would report the broken pipe again when it flushes stdout at exit
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
