"""``amur-explorer backup`` / ``backups`` / ``restore-backup ID|PATH``: the workspace's backups."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="back up the workspace now (kept beside it, newest kept)")
    p.set_defaults(func=run_backup)
    p = sub.add_parser("backups", help="list the workspace's backups, newest first")
    p.set_defaults(func=run_list)
    p = sub.add_parser("restore-backup", help="put a backup (id from `backups`, or a file) in the workspace's "
                                              "place; the current workspace is backed up or kept first")
    p.add_argument("backup", metavar="ID|PATH")
    p.set_defaults(func=run_restore)


def _workspace(args: argparse.Namespace):
    from explorer.paths import default_workspace_path

    return args.db or default_workspace_path()


def run_backup(args: argparse.Namespace) -> int:
    from explorer.app import UsageError
    from explorer.data.backup import BackupError, create_backup, problem

    ws = _workspace(args)
    bad = problem(ws)
    if bad:
        raise UsageError(f"cannot back up: {bad}")
    try:
        b = create_backup(ws, "manual")
    except BackupError as exc:
        raise UsageError(str(exc)) from exc
    print(f"{b.describe()}: {b.path}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from explorer.data.backup import backup_dir, list_backups

    ws = _workspace(args)
    backups = list_backups(ws)
    if not backups:
        print(f"no backups of {ws} yet (in {backup_dir(ws)})")
        return 0
    print(f"{'id':>4}  {'when (UTC)':19}  {'kind':9}  {'reason':14}  {'size':>9}  file")
    for b in backups:
        print(f"{b.id:>4}  {b.created:%Y-%m-%d %H:%M:%S}  {'automatic' if b.automatic else 'on demand':9}  "
              f"{b.reason:14}  {b.size // 1024:>6} KiB  {b.path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from explorer.app import UsageError
    from explorer.data.backup import BackupError, restore_backup

    ws = _workspace(args)
    try:
        r = restore_backup(ws, args.backup)
    except BackupError as exc:
        raise UsageError(str(exc)) from exc
    print(f"restored {r.backup.describe()} into {ws}")
    if r.safety:
        print(f"the workspace as it was is {r.safety.describe()}: {r.safety.path}")
    if r.kept:
        print(f"the damaged workspace was kept as {r.kept}")
    return 0
