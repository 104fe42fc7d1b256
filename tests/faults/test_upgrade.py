"""Upgrades: a workspace written by the previous schema version is migrated on
open with every imported row intact; a newer bundled database (a new release)
leaves the imports as they were."""
from __future__ import annotations

import csv
import shutil
import sqlite3

import pytest

from explorer.data.db import WORKSPACE_SCHEMA_VERSION, Store
from explorer.data.importing import list_imports, run_import, undo_import
from tests.faults.conftest import CORPUS, REPO, data_dump, full_dump

MINI = REPO / "tests" / "fixtures" / "mini_curated"
#: Columns the previous workspace version did not have.
LATER = {"trade_figures": ("approx", "inferred", "original_source"),
         "energy_figures": ("approx",),
         "imports": ("mapping_json", "encoding", "layout", "undone_at")}


def make_previous_version(path, bundled) -> dict[str, list[tuple]]:
    """A workspace as the previous version left it: user_version 0, no indexes or rollups,
    tables without the LATER columns. Returns each table's rows (old columns, by rowid)."""
    conn = Store(path, bundled).connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    run_import(conn, CORPUS / "good_energy.csv")
    conn.execute("UPDATE trade_figures SET value = 2500 WHERE period = '2023' AND flow = 'total'")
    conn.close()
    raw = sqlite3.connect(path)
    raw.isolation_level = None
    for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall():
        raw.execute(f'DROP INDEX "{name}"')
    for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rollup_%'").fetchall():
        raw.execute(f'DROP TABLE "{name}"')
    for table, cols in LATER.items():
        for col in cols:
            raw.execute(f'ALTER TABLE "{table}" DROP COLUMN "{col}"')
    raw.execute("PRAGMA user_version = 0")
    rows = {}
    for table in ("trade_figures", "energy_figures", "energy_assets", "imports", "import_replaced"):
        cols = [r[1] for r in raw.execute(f'PRAGMA table_info("{table}")')]
        rows[table] = raw.execute(f'SELECT rowid, {", ".join(cols)} FROM "{table}" ORDER BY rowid').fetchall()
        rows[table + ".columns"] = cols
    raw.close()
    return rows


def test_previous_version_workspace_is_migrated_with_every_row_intact(mini_bundled_path, tmp_path, tally):
    ws = tmp_path / "old.sqlite"
    old = make_previous_version(ws, mini_bundled_path)
    assert old["trade_figures"] and old["imports"]
    conn = Store(ws, mini_bundled_path).connect()
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == WORKSPACE_SCHEMA_VERSION
        checked = 0
        for table, cols in LATER.items():
            have = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            assert set(cols) <= set(have), table
            old_cols = old[table + ".columns"]
            now = conn.execute(f'SELECT rowid, {", ".join(old_cols)} FROM "{table}" ORDER BY rowid').fetchall()
            assert now == old[table], table
            assert conn.execute(f'SELECT count(*) FROM "{table}" WHERE '
                                + " OR ".join(f'"{c}" IS NOT NULL' for c in cols)).fetchone()[0] == 0
            checked += len(now)
        shown = conn.execute("SELECT count(*) FROM all_trade_figures WHERE origin = 'workspace'").fetchone()[0]
        assert shown == len(old["trade_figures"])
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # and the history still works on the migrated rows
        assert [r["import_id"] for r in list_imports(conn)] == [2, 1]
        undo_import(conn, 2)
        s = run_import(conn, CORPUS / "good_trade_tab.tsv")
        assert s.import_id == 3
    finally:
        conn.close()
    again = Store(ws, mini_bundled_path).connect()       # a second open changes nothing more
    again.close()
    tally.record(rows_checked=checked)


def _curated_copy(dest, change_value: float | None = None, extra_row: bool = False):
    shutil.copytree(MINI, dest)
    path = dest / "trade_figures.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    if change_value is not None:
        rows[0]["value"] = str(change_value)
    if extra_row:
        new = dict(rows[0], figure_id="tf-2099-target", period="2099", value="9999", status="target")
        rows.append(new)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fields)
        w.writeheader()
        w.writerows(rows)
    return dest


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory):
    from explorer.data.build import build

    base = tmp_path_factory.mktemp("releases")
    old = base / "old.sqlite"
    new = base / "new.sqlite"
    build(old, _curated_copy(base / "csv-old"))
    build(new, _curated_copy(base / "csv-new", change_value=1470.0, extra_row=True))
    return old, new


def test_a_new_bundled_release_leaves_imports_intact(two_releases, tmp_path, tally):
    old, new = two_releases
    ws = tmp_path / "ws.sqlite"
    conn = Store(ws, old).connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    run_import(conn, CORPUS / "good_trade_gb18030.csv")
    s = run_import(conn, CORPUS / "good_energy.csv")
    undo_import(conn, s.import_id)
    before_data = data_dump(conn)
    workspace_rows = conn.execute("SELECT * FROM all_trade_figures WHERE origin = 'workspace' "
                                  "ORDER BY figure_id").fetchall()
    bundled_before = conn.execute("SELECT count(*) FROM bundled.trade_figures").fetchone()[0]
    conn.close()
    before = full_dump(ws)
    conn = Store(ws, new).connect()                # the app updated: same workspace, new bundled file
    try:
        assert data_dump(conn) == before_data
        assert conn.execute("SELECT * FROM all_trade_figures WHERE origin = 'workspace' "
                            "ORDER BY figure_id").fetchall() == workspace_rows
        assert conn.execute("SELECT count(*) FROM bundled.trade_figures").fetchone()[0] == bundled_before + 1
        assert [(r["import_id"], r["status"]) for r in list_imports(conn)] == [(3, "undone"), (2, "active"),
                                                                              (1, "active")]
        undo_import(conn, 2)                       # history still usable after the upgrade
    finally:
        conn.close()
    assert full_dump(ws) != before
    tally.record(rows_checked=len(workspace_rows))
