"""History, replace, undo (compared by full dumps), export round trip, the CLI
contract and a real process killed mid-import."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer.data.importing import UndoError, list_imports, run_import, undo_import

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "import"
REPO = Path(__file__).resolve().parents[2]
HISTORY = ("imports", "import_replaced", "sqlite_sequence")


@pytest.fixture
def mini_store(mini_bundled_path, tmp_path):
    from explorer.data.db import Store

    return Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path)


@pytest.fixture
def real_store(bundled_path, tmp_path):
    """For subprocesses: the real bundled database, which the CLI will not try to rebuild."""
    from explorer.data.db import Store

    return Store(workspace=tmp_path / "cli.sqlite", bundled=bundled_path)


@pytest.fixture
def ws(mini_store):
    c = mini_store.connect()
    yield c
    c.close()


#: Derived from the data and refreshed by import and undo: planner statistics, the panes' rollup stamps.
DERIVED = ("sqlite_stat", "rollup_stamp", "ANALYZE ")


def data_dump(conn) -> list[str]:
    """The workspace's data, without the history tables (which record the undo itself) and
    without what is derived from the data (statistics, rollup stamps)."""
    return [line for line in conn.iterdump()
            if not any(f'"{t}"' in line for t in HISTORY) and not any(d in line for d in DERIVED)]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_replace_then_undo_restores_exactly(ws, tmp_path):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    before = data_dump(ws)
    full_before = "\n".join(ws.iterdump())
    revised = write(tmp_path / "revised.csv",
                    "period,reporter,partner,flow,commodity,value,unit,status,description\n"
                    "2023,China,Russia,total,,2500,hundred million USD,actual,revised\n"
                    "2024,China,Russia,total,,2450,hundred million USD,actual,new year\n")
    s = run_import(ws, revised)
    assert (s.added, s.replaced) == (1, 1)
    assert ws.execute("SELECT value FROM trade_figures WHERE period = '2023' AND flow = 'total'").fetchall() == [(2500.0,)]
    assert ws.execute("SELECT count(*) FROM import_replaced").fetchone()[0] == 1
    undo_import(ws, s.import_id)
    assert data_dump(ws) == before
    assert [(r["import_id"], r["status"]) for r in list_imports(ws)] == [(2, "undone"), (1, "active")]
    undo_import(ws, 1)
    assert ws.execute("SELECT count(*) FROM trade_figures").fetchone()[0] == 0
    assert "import_replaced" in full_before


def test_undo_refuses_when_a_later_import_replaced_its_rows(ws, tmp_path):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    run_import(ws, write(tmp_path / "r.csv", "period,reporter,partner,flow,value,unit\n"
                                               "2023,China,Russia,total,9,hundred million USD\n"))
    with pytest.raises(UndoError, match="undo that first"):
        undo_import(ws, 1)
    with pytest.raises(UndoError, match="no import 99"):
        undo_import(ws, 99)


def test_reimporting_the_same_file_skips_everything(ws):
    run_import(ws, CORPUS / "good_trade_utf8.csv")
    s = run_import(ws, CORPUS / "good_trade_utf8.csv")
    assert (s.added, s.skipped) == (0, 3)


def test_imported_rows_show_in_the_panes_with_provenance(ws):
    from explorer.data.query import iter_rows
    from explorer.data.filters import Filter
    from explorer.data.tables import TRADE

    run_import(ws, CORPUS / "good_trade_utf8.csv")
    rows = [r for r in ws.execute(TRADE.select_sql() + " WHERE _source_file IS NOT NULL")]
    assert len(rows) == 3
    horses = [r for r in iter_rows(ws, TRADE, Filter(text="horses"))]
    assert len(horses) == 1


def test_ids_never_collide_with_curated_ids(ws, mini_store):
    s = run_import(ws, CORPUS / "good_trade_utf8.csv")
    ids = [r[0] for r in ws.execute("SELECT figure_id FROM trade_figures")]
    assert ids and all(i.startswith(f"imp{s.import_id}-") for i in ids)


def test_export_of_each_pane_reimports_as_its_subject(ws, tmp_path):
    from explorer.data.export import export_all

    run_import(ws, CORPUS / "good_trade_utf8.csv")
    run_import(ws, CORPUS / "good_pipeline_tracker.xlsx")
    export_all(ws, tmp_path / "out")
    expected = {"trade": "trade", "energy": "energy", "corridors": "corridors", "institutions": "institutions"}
    for pane, dataset in expected.items():
        s = run_import(ws, tmp_path / "out" / f"{pane}.csv", dry_run=True)
        assert s.dataset == dataset
        assert s.added == 0 and s.skipped == s.rows_read > 0, (pane, s.text())


def test_export_edited_in_excel_imports_the_edit(ws, tmp_path):
    from explorer.data.export import export_all

    export_all(ws, tmp_path / "out")
    text = (tmp_path / "out" / "trade.csv").read_text(encoding="utf-8-sig").splitlines()
    edited = [text[0], text[1].replace(",hundred million USD,", ",billion USD,", 1)]
    path = write(tmp_path / "edited.csv", "\n".join(edited) + "\n")
    s = run_import(ws, path)
    assert s.added == 1


def run_cli(store, *args, timeout=60):
    env = dict(os.environ, AMUR_BUNDLED_DB=str(store.bundled), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "explorer", "--db", str(store.workspace), *args],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=timeout)


def test_cli_contract(real_store, tmp_path):
    mini_store = real_store
    bad = run_cli(mini_store, "import", str(CORPUS / "bad_text_in_numbers.csv"))
    assert bad.returncode == 1
    lines = [ln for ln in bad.stderr.strip().splitlines() if not ln.startswith("building bundled")]
    assert lines[0].startswith("bad_text_in_numbers.csv: row 2, column value: expected a number")
    assert lines[-1] == "bad_text_in_numbers.csv: not imported; nothing was written"
    dry = run_cli(mini_store, "import", str(CORPUS / "good_trade_utf8.csv"), "--dry-run")
    assert dry.returncode == 0 and "would add" in dry.stdout
    ok = run_cli(mini_store, "import", str(CORPUS / "good_pipeline_tracker.xlsx"), "--dataset", "energy")
    assert ok.returncode == 0 and "added 2" in ok.stdout, ok.stderr
    listed = run_cli(mini_store, "imports")
    assert "good_pipeline_tracker.xlsx" in listed.stdout and "good_trade_utf8.csv" not in listed.stdout
    tpl = run_cli(mini_store, "template", "trade", str(tmp_path / "t.xlsx"))
    assert tpl.returncode == 0 and (tmp_path / "t.xlsx").exists()
    tpl_csv = run_cli(mini_store, "template", "energy", str(tmp_path / "t.csv"))
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").startswith("asset,measure,value")
    undo = run_cli(mini_store, "undo-import", "1")
    assert undo.returncode == 0 and "undid import 1" in undo.stdout
    again = run_cli(mini_store, "undo-import", "1")
    assert again.returncode == 2 and "already undone" in again.stderr
    assert tpl_csv.returncode == 0


def test_mapping_file_from_history_reimports(real_store, tmp_path):
    ws = real_store.connect()
    s = run_import(ws, CORPUS / "good_trade_wide.csv")
    mapping = ws.execute("SELECT mapping_json FROM imports WHERE import_id = ?", (s.import_id,)).fetchone()[0]
    undo_import(ws, s.import_id)
    ws.close()
    mpath = write(tmp_path / "m.json", mapping)
    r = run_cli(real_store, "import", str(CORPUS / "good_trade_wide.csv"), "--mapping", str(mpath))
    assert r.returncode == 0 and f"added {s.added}" in r.stdout, r.stderr


@pytest.mark.slow
def test_killed_import_leaves_workspace_as_it_was(real_store, tmp_path):
    mini_store = real_store
    ws = mini_store.connect()
    run_import(ws, CORPUS / "good_pipeline_tracker.xlsx")
    before = "\n".join(ws.iterdump())
    ws.close()
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("period,reporter,partner,flow,commodity,value,unit\n")
        for i in range(400_000):
            fh.write(f"{1990 + i % 30}-{1 + i % 12:02d},China,Russia,export,{i:06d},{i}.5,USD\n")
    env = dict(os.environ, AMUR_BUNDLED_DB=str(mini_store.bundled))
    proc = subprocess.Popen([sys.executable, "-m", "explorer", "--db", str(mini_store.workspace), "import", str(big)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    import sqlite3

    # wait until the import's transaction has written to the WAL, then kill it
    wal = Path(str(mini_store.workspace) + "-wal")
    deadline = time.monotonic() + 60
    start_size = wal.stat().st_size if wal.exists() else 0
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 2_000_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after_conn = mini_store.connect()
    try:
        assert "\n".join(after_conn.iterdump()) == before
        assert after_conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 1
    finally:
        after_conn.close()
    assert isinstance(sqlite3.sqlite_version, str)


def test_imports_survive_a_new_bundled_database(mini_store, bundled_path):
    from explorer.data.db import Store

    conn = mini_store.connect()
    run_import(conn, CORPUS / "good_trade_gb18030.csv")
    conn.close()
    upgraded = Store(workspace=mini_store.workspace, bundled=bundled_path).connect()
    try:
        assert upgraded.execute("SELECT count(*) FROM all_trade_figures WHERE origin = 'workspace'").fetchone()[0] == 2
    finally:
        upgraded.close()


def test_the_sources_export_is_refused_with_a_reason(ws, tmp_path):
    from explorer.data.export import export_all
    from explorer.data.importing import ImportRejected

    export_all(ws, tmp_path / "out")
    with pytest.raises(ImportRejected, match="row 1, column \\(header\\): expected a subject that can be imported"):
        run_import(ws, tmp_path / "out" / "sources.csv")
