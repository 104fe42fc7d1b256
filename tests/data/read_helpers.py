"""Shared by the reading-layer tests: a workspace holding one earlier import (so that a
refused import would have had something to back up), a CLI run in-process, and the
proof that a refusal wrote nothing: the workspace file is byte-identical and, for files
refused before any row is read (file checks, encoding, workbook checks), no backup was
taken either. (A refusal found while rows stream, such as an open quote, happens inside
the write transaction; whether a backup precedes that is the restore-point work's part.)"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

HEADER = "period,reporter,partner,flow,value,unit,description\n"
SEED = HEADER + "1999,China,Russia,total,7,USD,seed row\n"


@dataclass
class Workspace:
    path: Path
    bundled: Path

    def digest(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def backups(self) -> list[str]:
        from explorer.data import backup

        return sorted(b.path.name for b in backup.list_backups(self.path))

    def connect(self):
        from explorer.data.db import Store

        return Store(workspace=self.path, bundled=self.bundled).connect()

    def rows(self, sql: str) -> list[tuple]:
        conn = self.connect()
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()


def seeded_workspace(tmp_path: Path, bundled: Path) -> Workspace:
    from explorer.data.importing import run_import

    ws = Workspace(tmp_path / "ws.sqlite", bundled)
    seed = tmp_path / "seed.csv"
    seed.write_text(SEED, encoding="utf-8")
    conn = ws.connect()
    try:
        run_import(conn, seed)
    finally:
        conn.close()
    return ws


def cli(ws: Workspace, *args: str, monkeypatch, capsys) -> tuple[int, str, str]:
    """``amur-explorer --db WS ARGS…`` in this process: (exit code, stdout, stderr)."""
    from explorer.app import main

    monkeypatch.setenv("AMUR_BUNDLED_DB", str(ws.bundled))
    capsys.readouterr()
    code = main(["--db", str(ws.path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def refused(ws: Workspace, src: Path, monkeypatch, capsys, *extra: str, before_rows: bool = True) -> list[str]:
    """Import ``src`` through the CLI, assert it was refused with nothing written (and, when
    ``before_rows``, no backup taken), and return the report's lines without the closing one."""
    before, backups = ws.digest(), ws.backups()
    code, out, err = cli(ws, "import", str(src), *extra, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1, (out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[-1] == f"{src.name}: not imported; nothing was written"
    assert ws.digest() == before
    if before_rows:
        assert ws.backups() == backups
    return lines[:-1]
