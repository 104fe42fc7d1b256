"""Import and undo keep the workspace's rollups (facet lists, chart roll-ups) fresh, in the
same transaction as the rows, without touching planner statistics for small imports."""
from __future__ import annotations

import pytest

from explorer.data import indexes
from explorer.data.importing import run_import, undo_import

MONTHLY = ("period,reporter,partner,flow,commodity,value,unit\n"
           + "".join(f"2022-{m:02d},{rep},Russia,export,{m:04d},{m * 10},USD\n"
                     for m in range(1, 13) for rep in ("Heilongjiang", "Jilin")))


def _reporters(conn) -> set:
    return {r[0] for r in conn.execute("SELECT DISTINCT reporter FROM main.trade_figures")}


def test_after_an_import_the_rollups_are_fresh_and_list_the_imported_reporters(ws, tmp_path):
    src = tmp_path / "monthly.csv"
    src.write_text(MONTHLY, encoding="utf-8")
    s = run_import(ws, src)
    assert s.added == 24
    assert indexes.rollups_fresh(ws, "trade_figures")
    reporters = _reporters(ws)
    assert len(reporters) == 2
    assert set(indexes.facet_values(ws, "reporter")) == reporters
    # the monthly roll-up of the Trade charts holds every imported month's value
    totals = {(y, rep): (t, n) for y, rep, _unit, t, n in indexes.monthly_rollup(ws, {})}
    assert {y for y, _ in totals} == {"2022"}
    assert sorted(totals.values()) == [(780.0, 12), (780.0, 12)]
    # top commodities of the year, from its rollup
    assert indexes.top_commodities(ws, "2022", limit=1)[0][2] == 240.0


def test_after_undo_the_rollups_are_fresh_and_forget_the_reporters(ws, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text("period,reporter,partner,flow,value,unit\n2021-05,Heihe,Russia,export,5,USD\n", encoding="utf-8")
    run_import(ws, first)
    kept = set(indexes.facet_values(ws, "reporter"))
    src = tmp_path / "monthly.csv"
    src.write_text(MONTHLY, encoding="utf-8")
    s = run_import(ws, src)
    assert len(indexes.facet_values(ws, "reporter")) == len(kept) + 2
    undo_import(ws, s.import_id)
    assert indexes.rollups_fresh(ws, "trade_figures")
    assert set(indexes.facet_values(ws, "reporter")) == kept == _reporters(ws)
    assert [r[0] for r in indexes.monthly_rollup(ws, {})] == ["2021"]


def test_a_small_import_leaves_planner_statistics_alone(ws, tmp_path):
    src = tmp_path / "monthly.csv"
    src.write_text(MONTHLY, encoding="utf-8")
    run_import(ws, src)
    tables = {r[0] for r in ws.execute("SELECT name FROM main.sqlite_master WHERE name LIKE 'sqlite_stat%'")}
    if "sqlite_stat1" in tables:
        assert ws.execute("SELECT count(*) FROM main.sqlite_stat1 WHERE tbl = 'trade_figures'").fetchone()[0] == 0


def test_a_dry_run_leaves_the_rollups_as_they_were(ws, tmp_path):
    src = tmp_path / "monthly.csv"
    src.write_text(MONTHLY, encoding="utf-8")
    before = "\n".join(ws.iterdump())
    run_import(ws, src, dry_run=True)
    assert "\n".join(ws.iterdump()) == before


def test_analyze_runs_only_when_a_table_crossed_the_threshold(ws, monkeypatch):
    monkeypatch.setattr(indexes, "ANALYZE_ROWS", 50)
    ws.executemany("INSERT INTO main.trade_figures(figure_id, topic, measure, status, period, value) "
                   "VALUES (?, 'trade', 'value', 'actual', '2020', 1)", [(f"x{i}",) for i in range(40)])
    assert not indexes.analyze_if_resized(ws, "trade_figures")
    ws.executemany("INSERT INTO main.trade_figures(figure_id, topic, measure, status, period, value) "
                   "VALUES (?, 'trade', 'value', 'actual', '2020', 1)", [(f"y{i}",) for i in range(40)])
    assert indexes.analyze_if_resized(ws, "trade_figures")          # 80 rows, no statistics yet
    assert not indexes.analyze_if_resized(ws, "trade_figures")      # statistics describe it now


def _schema(conn) -> list:
    return conn.execute("SELECT type, name, sql FROM main.sqlite_master ORDER BY name").fetchall()


def test_a_big_import_rebuilds_the_indexes_it_dropped_and_a_failed_one_keeps_them(ws, tmp_path, monkeypatch):
    from explorer.data.importing import ImportRejected, engine

    monkeypatch.setattr(engine, "BIG_IMPORT_ROWS", 10)
    monkeypatch.setattr(engine, "BATCH", 7)
    schema = _schema(ws)
    assert any(name == "ix_trade_reporter" for _t, name, _s in schema)
    src = tmp_path / "monthly.csv"
    src.write_text(MONTHLY, encoding="utf-8")
    s = run_import(ws, src)
    assert s.added == 24
    assert _schema(ws) == schema
    plan = " ".join(r[3] for r in ws.execute(
        "EXPLAIN QUERY PLAN SELECT figure_id FROM main.trade_figures WHERE reporter = ? ORDER BY period", ("x",)))
    assert "ix_trade_reporter" in plan
    assert ws.execute("PRAGMA main.integrity_check").fetchone()[0] == "ok"
    # a big file with a bad last row: nothing written, the indexes as they were
    bad = tmp_path / "bad.csv"
    bad.write_text(MONTHLY.replace("2022-", "2023-") + "2023-12,Jilin,Russia,export,9999,oops,USD\n", encoding="utf-8")
    before = "\n".join(ws.iterdump())
    with pytest.raises(ImportRejected, match="row 26, column value"):
        run_import(ws, bad)
    assert "\n".join(ws.iterdump()) == before
    assert _schema(ws) == schema
    undo_import(ws, s.import_id)
    assert _schema(ws) == schema


KILL_CHILD = """
import sys
from pathlib import Path
from explorer.data.db import Store
from explorer.data.importing import engine, run_import
engine.BIG_IMPORT_ROWS = 2_000          # the indexes are dropped early in this import
conn = Store(workspace=Path(sys.argv[1]), bundled=Path(sys.argv[2])).connect()
def progress(n):
    if n >= 15_000:
        print("dropped", flush=True)
        sys.stdin.readline()            # wait here, inside the transaction, to be killed
run_import(conn, Path(sys.argv[3]), progress=progress)
"""


def test_a_killed_big_import_leaves_the_workspace_and_its_indexes_as_before(mini_bundled_path, tmp_path):
    import signal
    import subprocess
    import sys

    from explorer.data.db import Store
    from tests.faults.conftest import full_dump

    store = Store(workspace=tmp_path / "kill.sqlite", bundled=mini_bundled_path)
    store.connect().close()
    src = tmp_path / "big.csv"
    src.write_text("period,reporter,partner,flow,commodity,value,unit\n"
                   + "".join(f"2020-{1 + i % 12:02d},China,Russia,export,{i:06d},{i},USD\n" for i in range(30_000)),
                   encoding="utf-8")
    before = full_dump(store.workspace)
    child = subprocess.Popen([sys.executable, "-c", KILL_CHILD, str(store.workspace), str(mini_bundled_path), str(src)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "dropped"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert full_dump(store.workspace) == before
    conn = store.connect()
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM main.sqlite_master WHERE name = 'ix_trade_reporter'").fetchone()[0] == 1
    finally:
        conn.close()


@pytest.mark.parametrize("big_after", [5, 10**9], ids=["indexes-rebuilt", "indexes-kept"])
def test_a_figure_given_twice_is_refused_by_row_whether_or_not_the_import_rebuilt_its_indexes(
        ws, tmp_path, monkeypatch, big_after):
    """An import bringing most of a table's rows first looks for a repeated key in one pass
    over the rebuilt key index; the refusal must name the same rows as the row-by-row probe,
    blank key parts (no partner) matching only each other."""
    from explorer.data.importing import ImportRejected, engine

    monkeypatch.setattr(engine, "BIG_IMPORT_ROWS", big_after)
    dump = "\n".join(ws.iterdump())
    rows = [f"2022-{m:02d},Heilongjiang,Russia,export,{m:04d},{m},USD" for m in range(1, 13)]
    rows += ["2022-03,Heilongjiang,,n/a,,7,USD", "2022-03,Heilongjiang,,n/a,,8,USD",    # rows 14 and 15
             "2022-05,Heilongjiang,Russia,export,0005,99,USD",                           # row 16 repeats row 6
             "2022-05,Heilongjiang,Russia,export,0005,98,USD"]                           # ... and row 17
    src = tmp_path / "twice.csv"
    src.write_text("period,reporter,partner,flow,commodity,value,unit\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        run_import(ws, src)
    assert [(p.row, p.expected, p.found) for p in caught.value.problems] == [
        (17, "a figure not already given in row 6",
         "the same measure/reporter/partner/flow/commodity/period/unit again (3 times)"),
        (15, "a figure not already given in row 14",
         "the same measure/reporter/partner/flow/commodity/period/unit again")]
    assert "\n".join(ws.iterdump()) == dump
    src.write_text("period,reporter,partner,flow,commodity,value,unit\n" + "\n".join(rows[:13]) + "\n",
                   encoding="utf-8")
    assert run_import(ws, src).added == 13          # a blank partner is not a repeat of a filled one
