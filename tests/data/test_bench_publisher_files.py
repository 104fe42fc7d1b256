"""The files bench_publisher_import measures are what it says they are (not timed here): each
publisher file is recognised as that publisher's layout, its twin as the app's own layout, and
both store exactly the same rows — a benchmark of a wrong import would measure nothing."""
from __future__ import annotations

import sqlite3

import pytest

from bench.bench_publisher_import import CASES, same_rows, stored_rows, write_pair
from explorer.data.db import Store
from explorer.data.importing import run_import

VALUES = 600


def _import(bundled, ws_path, path):
    conn = Store(workspace=ws_path, bundled=bundled).connect()
    try:
        return run_import(conn, path)
    finally:
        conn.close()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_publisher_file_and_its_own_layout_twin_store_the_same_rows(case, mini_bundled_path, tmp_path):
    pub, own = write_pair(case, VALUES, tmp_path)
    pub_ws, own_ws = tmp_path / "pub.sqlite", tmp_path / "own.sqlite"
    from_pub, from_own = _import(mini_bundled_path, pub_ws, pub), _import(mini_bundled_path, own_ws, own)
    assert (from_pub.layout, from_own.layout) == (case.layout, "own")
    assert from_pub.added == from_own.added > VALUES // 3
    assert same_rows(pub_ws, own_ws, case.query) is None
    assert len(stored_rows(pub_ws, case.query)) >= from_pub.added // 2    # energy: a figure per asset


def test_a_stored_value_that_differs_is_reported(mini_bundled_path, tmp_path):
    case = next(c for c in CASES if c.name == "owid")
    pub, own = write_pair(case, 60, tmp_path)
    pub_ws, own_ws = tmp_path / "pub.sqlite", tmp_path / "own.sqlite"
    _import(mini_bundled_path, pub_ws, pub)
    _import(mini_bundled_path, own_ws, own)
    with sqlite3.connect(own_ws) as conn:
        conn.execute("UPDATE main.indicators SET value = value + 1 WHERE rowid = (SELECT min(rowid) FROM main.indicators)")
    assert "differs" in (same_rows(pub_ws, own_ws, case.query) or "")
