"""``publish``: curated and imported rows together in one Datasette-ready
database with metadata, served by a real Datasette on loopback."""
from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest

from explorer.data.db import Store
from explorer.data.publish import DB_NAME, publish

IMPORTED = ("imp-1", "trade", "value", "heihe", "blagoveshchensk", "export", "2024", 12.5, "billion USD",
            "actual", 1, "mine.csv", 2)


@pytest.fixture
def published(tmp_path, mini_bundled_path):
    conn = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()
    with conn:
        conn.execute(
            "INSERT INTO trade_figures (figure_id, topic, measure, reporter, partner, flow, period, value, unit, "
            "status, import_id, source_file, source_row) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", IMPORTED)
    curated = conn.execute("SELECT count(*) FROM bundled.trade_figures").fetchone()[0]
    out = tmp_path / "pub"
    counts = publish(conn, out)
    conn.close()
    return out, counts, curated


def test_published_database_holds_curated_and_imported_rows(published):
    out, counts, curated = published
    db = sqlite3.connect(out / f"{DB_NAME}.db")
    assert counts["trade_figures"] == curated + 1
    assert dict(db.execute("SELECT origin, count(*) FROM trade_figures GROUP BY origin")) == {
        "bundled": curated, "workspace": 1}
    assert db.execute("SELECT value, unit, source_file FROM trade_figures WHERE figure_id = 'imp-1'").fetchone() \
        == (12.5, "billion USD", "mine.csv")
    # real tables, not views; the pane's table as the analyst sees it (names, not ids)
    kinds = dict(db.execute("SELECT name, type FROM sqlite_master WHERE name IN ('trade_figures', 'pane_trade')"))
    assert kinds == {"trade_figures": "table", "pane_trade": "table"}
    assert db.execute("SELECT reporter, partner FROM pane_trade WHERE value = 12.5").fetchone() == (
        "Heihe", "Blagoveshchensk")


def test_metadata_describes_every_table_and_column(published):
    out, _counts, _ = published
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"][DB_NAME]["tables"]
    db = sqlite3.connect(out / f"{DB_NAME}.db")
    for table in ("documents", "trade_figures", "places", "pane_trade"):
        info = tables[table]
        assert info["title"] and info["description"] and info["license"] and info["source"]
    assert "mine.csv" in tables["trade_figures"]["source"]
    title = db.execute("SELECT title FROM documents").fetchone()[0]
    assert title in tables["trade_figures"]["source"]
    columns = tables["trade_figures"]["columns"]
    trade_cols = [r[1] for r in db.execute("PRAGMA table_info(trade_figures)")]
    assert set(trade_cols) <= set(columns)       # every column described
    assert "unit" in columns["value"]
    assert tables["places"]["units"] == {"lat": "degree", "lon": "degree"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=2) as response:
        return json.loads(response.read().decode("utf-8"))


def test_datasette_serves_the_published_folder(published):
    pytest.importorskip("datasette")
    out, _counts, curated = published
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(out), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        rows = None
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"datasette exited: {proc.stdout.read().decode(errors='replace')}")
            try:
                rows = _get_json(f"{base}/{DB_NAME}/trade_figures.json?_shape=array&_size=max")
                break
            except OSError:
                time.sleep(0.2)      # bounded by the deadline above; the server is still starting
        assert rows is not None, "datasette did not answer within 60 s"
        assert len(rows) == curated + 1
        imported = next(r for r in rows if r["figure_id"] == "imp-1")
        assert (imported["origin"], imported["value"], imported["source_file"]) == ("workspace", 12.5, "mine.csv")
        meta = _get_json(f"{base}/-/metadata.json")
        assert meta["databases"][DB_NAME]["tables"]["trade_figures"]["title"] == "Trade figures"
        # full-text search from Datasette's own search box
        found = _get_json(f"{base}/{DB_NAME}/places.json?_search={quote('Благовещенск')}&_shape=array")
        assert [r["place_id"] for r in found] == ["blagoveshchensk"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        proc.stdout.close()
