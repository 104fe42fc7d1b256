"""The bundled database build and the two-database store (no Qt)."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from explorer.data.build import CuratedDataError, build, is_stale
from explorer.data.db import DatabaseError, Store, WORKSPACE_SCHEMA_VERSION, init_workspace
from tests.conftest import MINI


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_counts_match_the_csv_files(tmp_path):
    counts = build(tmp_path / "b.sqlite", MINI)
    assert counts["trade_figures"] == 5
    assert counts["places"] == 4
    assert not is_stale(tmp_path / "b.sqlite", MINI)


def test_build_rejects_a_csv_whose_header_does_not_match_the_schema(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "places.csv").write_text("place_id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(CuratedDataError, match="places.csv: header"):
        build(tmp_path / "b.sqlite", src)
    assert not (tmp_path / "b.sqlite").exists()


def test_codes_with_leading_zeros_stay_text(tmp_path, mini_bundled_path):
    store = Store(tmp_path / "ws.sqlite", mini_bundled_path)
    conn = store.connect()
    conn.execute(
        "INSERT INTO trade_figures(figure_id, topic, measure, commodity, status, source_file)"
        " VALUES ('x', 'trade', 'value', '0422', 'actual', 'f.csv')")
    assert conn.execute("SELECT commodity FROM all_trade_figures WHERE figure_id='x'").fetchone() == ("0422",)


def test_bundled_database_is_read_only_and_never_modified(tmp_path, mini_bundled_path):
    before = _sha(mini_bundled_path)
    conn = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("INSERT INTO bundled.places(place_id, name_en) VALUES ('x', 'X')")
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM bundled.trade_figures")
    conn.close()
    assert _sha(mini_bundled_path) == before


def test_views_present_curated_and_imported_rows_as_one(tmp_path, mini_bundled_path):
    store = Store(tmp_path / "ws.sqlite", mini_bundled_path)
    conn = store.connect()
    with conn:
        conn.execute("INSERT INTO places(place_id, name_en, source_file, source_row) VALUES ('harbin', 'Harbin', 'my.csv', 2)")
    rows = dict(conn.execute("SELECT place_id, origin FROM all_places"))
    assert rows["harbin"] == "workspace" and rows["heihe"] == "bundled"
    conn.close()
    # a new release replaces the bundled file; the user's rows survive
    newer = tmp_path / "newer.sqlite"
    build(newer, MINI)
    conn = Store(tmp_path / "ws.sqlite", newer).connect()
    assert conn.execute("SELECT name_en FROM all_places WHERE place_id='harbin'").fetchone() == ("Harbin",)


def test_old_workspace_is_migrated_not_discarded(tmp_path, mini_bundled_path):
    ws = tmp_path / "old.sqlite"
    old = sqlite3.connect(ws)
    old.execute("CREATE TABLE places (place_id TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ru TEXT, name_zh TEXT,"
                " kind TEXT, country TEXT, parent_id TEXT, lat REAL, lon REAL, coord_source TEXT, doc_id TEXT,"
                " quote TEXT, import_id INTEGER, source_file TEXT, source_row INTEGER)")
    old.execute("INSERT INTO places(place_id, name_en, source_file) VALUES ('mine', 'Mine', 'a.csv')")
    old.commit()
    old.close()
    conn = Store(ws, mini_bundled_path).connect()
    assert conn.execute("PRAGMA main.user_version").fetchone()[0] == WORKSPACE_SCHEMA_VERSION
    assert conn.execute("SELECT name_en FROM all_places WHERE place_id='mine'").fetchone() == ("Mine",)
    assert conn.execute("SELECT count(*) FROM imports").fetchone() == (0,)


def test_garbage_workspace_gives_a_clear_error(tmp_path, mini_bundled_path):
    ws = tmp_path / "junk.sqlite"
    ws.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="cannot open workspace"):
        Store(ws, mini_bundled_path).connect()
    assert ws.read_bytes().startswith(b"this is not a database")


def test_missing_bundled_database_is_named(tmp_path):
    with pytest.raises(DatabaseError, match="bundled database not found"):
        Store(tmp_path / "ws.sqlite", tmp_path / "nope.sqlite").connect()


def test_init_workspace_is_idempotent(tmp_path):
    conn = sqlite3.connect(tmp_path / "w.sqlite")
    init_workspace(conn)
    init_workspace(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == WORKSPACE_SCHEMA_VERSION


def test_opening_a_current_workspace_needs_no_write_lock(tmp_path, mini_bundled_path):
    """A second window must open while an import holds the write lock."""
    store = Store(tmp_path / "ws.sqlite", mini_bundled_path)
    store.connect().close()                      # create and initialise
    writer = sqlite3.connect(tmp_path / "ws.sqlite", timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO places(place_id, name_en, source_file) VALUES ('w', 'W', 'w.csv')")
    try:
        reader = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()  # would wait 10 s, then fail
        reader.execute("PRAGMA busy_timeout = 0")
        assert reader.execute("SELECT count(*) FROM all_places").fetchone()[0] == 4
        reader.close()
    finally:
        writer.rollback()
        writer.close()


def test_a_changed_schema_is_applied_on_open(tmp_path, mini_bundled_path):
    store = Store(tmp_path / "ws.sqlite", mini_bundled_path)
    conn = store.connect()
    with conn:
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'schema_sha256'")
        conn.execute("DROP INDEX IF EXISTS ix_trade_period")
    conn.close()
    conn = store.connect()
    names = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'index'")}
    assert "ix_trade_period" in names
    conn.close()


def test_a_copy_of_the_bundled_database_is_refused_as_a_workspace_and_left_unchanged(tmp_path, mini_bundled_path):
    """Opened as a workspace, a copy of the bundled file showed every curated row several times
    over (the union views read it as imports) and got workspace tables written into it."""
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(mini_bundled_path.read_bytes())
    before = _sha(copy)
    with pytest.raises(DatabaseError, match="copy of Amur Explorer's bundled database"):
        Store(copy, mini_bundled_path).connect()
    with pytest.raises(DatabaseError, match="copy of Amur Explorer's bundled database"):
        Store(copy, mini_bundled_path).connect(readonly_workspace=True)
    assert _sha(copy) == before


def test_the_bundled_file_itself_is_refused_as_the_workspace(mini_bundled_path):
    before = _sha(mini_bundled_path)
    with pytest.raises(DatabaseError, match="it is the bundled database itself"):
        Store(mini_bundled_path, mini_bundled_path).connect()
    assert _sha(mini_bundled_path) == before


def test_another_sqlite_database_is_refused_and_nothing_is_written_to_it(tmp_path, mini_bundled_path):
    other = tmp_path / "sales.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE sales (region TEXT, amount REAL)")
    conn.execute("INSERT INTO sales VALUES ('Amur', 1.5)")
    conn.commit()
    conn.close()
    before = _sha(other)
    with pytest.raises(DatabaseError, match="not an Amur Explorer workspace"):
        Store(other, mini_bundled_path).connect()
    assert _sha(other) == before
    tables = [r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == ["sales"]
