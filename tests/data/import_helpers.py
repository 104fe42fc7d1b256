"""Shared by the publisher-layout tests: a file written as the publisher's bytes, the workspace
dumped (to prove a refusal wrote nothing), and a pane's rows as `amur-explorer export` writes
them (what a user sees). The workspace itself is the ``ws`` fixture of tests/data/conftest.py."""
from __future__ import annotations

import csv
from pathlib import Path

from explorer.data.export import export_all

#: The endings of an imported file's name, as an imported row's document names it.
_IMPORTED = (".csv", ".tsv", ".xlsx")


def dump(conn) -> str:
    """The whole workspace as SQL text (equal before and after a refused import)."""
    return "\n".join(conn.iterdump())


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def exported(conn, tmp_path: Path, pane: str = "indicators") -> list[dict]:
    """The pane's rows as `amur-explorer export` writes them."""
    export_all(conn, tmp_path / "out")
    with (tmp_path / "out" / f"{pane}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def exported_imports(conn, tmp_path: Path, pane: str) -> list[dict]:
    """The pane's exported rows that an import added (their document is the imported file)."""
    return [r for r in exported(conn, tmp_path, pane) if r.get("document", "").endswith(_IMPORTED)]


def one(rows: list[dict], **want) -> dict:
    """The single row whose cells are exactly the given values."""
    found = [r for r in rows if all(r[k] == v for k, v in want.items())]
    assert len(found) == 1, (want, found[:3])
    return found[0]


def one_like(rows: list[dict], **want) -> dict:
    """The single exported row with the given place, place code and period, whose other cells
    hold the given texts (case-insensitive substrings)."""
    exact = ("place", "place_code", "period")
    found = [r for r in rows if all(r[k] == v if k in exact else str(v).lower() in (r[k] or "").lower()
                                    for k, v in want.items())]
    assert len(found) == 1, (want, found[:3])
    return found[0]
