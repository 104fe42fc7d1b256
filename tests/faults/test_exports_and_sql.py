"""Exports never emit a live spreadsheet formula (CSV and XLSX), and names and
paths that come from files (file names, headers, cells) never reach SQL other
than as parameters."""
from __future__ import annotations

import csv
import shutil
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.data.importing import ImportRejected, list_imports, run_import, undo_import
from tests.faults.conftest import CORPUS, cli, data_dump

PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NASTY = ["=HYPERLINK(\"http://evil\",\"click\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "=1+1",
         "\t=1", "\r=1", "=\"x\"&\"y\""]
INJECT_NAME = "x'); DROP TABLE trade_figures;--.csv"
INJECT_HEADERS = ['x"); DROP TABLE imports;--', "'; DELETE FROM trade_figures; --", 'quo"te\'s']


def _live(cell: str) -> bool:
    if not cell.startswith(PREFIXES):
        return False
    try:
        float(cell)                 # a negative number is a number, not a formula
        return False
    except ValueError:
        return True


def assert_csv_inert(folder) -> int:
    n = 0
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not _live(cell), (path.name, cell)
                    n += 1
    return n


def assert_xlsx_inert(path) -> int:
    from openpyxl import load_workbook

    n = 0
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (path.name, c.coordinate, c.value)
                if isinstance(c.value, str) and _live(c.value):
                    # shown exactly as stored, as a text cell Excel keeps as text even when edited
                    assert c.data_type == "s" and c.quotePrefix, (path.name, c.coordinate, c.value)
                n += 1
    return n


def formula_file(folder, texts: list[str]):
    path = folder / "formulas.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["period", "reporter", "partner", "flow", "commodity", "value", "unit", "status", "description",
                    "quote"])
        for i, t in enumerate(texts):
            w.writerow([2000 + i, t, "Russia", "export", "", -5 - i, "USD", "actual", t, t])
    return path


def export_everything(conn, out):
    from explorer.data.export import export_all, export_xlsx
    from explorer.data.tables import ENERGY, TRADE

    export_all(conn, out)
    export_xlsx(conn, TRADE, out / "trade.xlsx", footer=["=evil footer", "Source: x"])
    export_xlsx(conn, ENERGY, out / "energy.xlsx")


def test_formula_looking_text_is_exported_inert_in_csv_and_xlsx(mini_store, tmp_path, tally):
    conn = mini_store.connect()
    try:
        s = run_import(conn, formula_file(tmp_path, NASTY))
        assert s.added == len(NASTY)
        stored = {r[0] for r in conn.execute("SELECT description FROM trade_figures")}
        assert {t.strip() for t in NASTY} <= stored         # kept as the analyst's text
        export_everything(conn, tmp_path / "out")
    finally:
        conn.close()
    n = assert_csv_inert(tmp_path / "out")
    n += assert_xlsx_inert(tmp_path / "out" / "trade.xlsx") + assert_xlsx_inert(tmp_path / "out" / "energy.xlsx")
    cli_out = cli(mini_store, "export", tmp_path / "cli")
    assert cli_out.returncode == 0, cli_out.stderr
    assert assert_csv_inert(tmp_path / "cli") > 0
    tally.record(faults=len(NASTY), rows_checked=n)


@settings(max_examples=15)
@given(texts=st.lists(st.builds(lambda p, rest: (p + rest).strip() or p, st.sampled_from(["=", "+", "-", "@"]),
                                st.text(alphabet="=+-@()!|'\"AB1 ,;Ж中", max_size=12)),
                      min_size=1, max_size=6, unique_by=str.strip))
def test_any_formula_prefixed_text_exports_inert(mini_bundled_path, tmp_path_factory, texts):
    from explorer.data.db import Store

    folder = tmp_path_factory.mktemp("fx")
    conn = Store(folder / "ws.sqlite", mini_bundled_path).connect()
    try:
        try:
            run_import(conn, formula_file(folder, texts))
        except ImportRejected:
            pass                    # a place name the mapping cannot take is fine; what is exported matters
        export_everything(conn, folder / "out")
    finally:
        conn.close()
    assert_csv_inert(folder / "out")
    assert_xlsx_inert(folder / "out" / "trade.xlsx")


def test_names_from_files_never_reach_sql_unparameterised(mini_store, tmp_path, tally):
    src = tmp_path / INJECT_NAME
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["period", "reporter", "partner", "flow", "value", "unit", "description", *INJECT_HEADERS])
        w.writerow(["2023", "China", "Russia", "total", "7", "USD", "Robert'); DROP TABLE documents;--",
                    "a", "b", "c"])
        w.writerow(["2024", "x' OR '1'='1", "Russia", "total", "8", "USD", "quo\"te", "a", "b", "c"])
    conn = mini_store.connect()
    seen: list[tuple] = []

    def authorizer(action, arg1, arg2, dbname, source):
        # every table, column and function a prepared statement touches: an interpolated
        # name would show up here as an identifier, an interpolated statement as a DROP/DELETE
        seen.append((action, arg1, arg2, dbname, source))
        return sqlite3.SQLITE_OK

    conn.set_authorizer(authorizer)
    try:
        before_tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        s = run_import(conn, src)
        assert s.added == 2
        assert conn.execute("SELECT reporter, description FROM trade_figures WHERE source_file = ? ORDER BY period",
                            (INJECT_NAME,)).fetchall() == [("china", "Robert'); DROP TABLE documents;--"),
                                                          ("x' OR '1'='1", 'quo"te')]
        undo_import(conn, s.import_id)
    finally:
        conn.set_authorizer(None)
    try:
        drops = {sqlite3.SQLITE_DROP_TABLE, sqlite3.SQLITE_DROP_INDEX, sqlite3.SQLITE_DROP_VIEW,
                 sqlite3.SQLITE_DROP_TRIGGER, sqlite3.SQLITE_DROP_TEMP_TABLE}
        assert not [a for a in seen if a[0] in drops]
        assert not [a for a in seen if a[0] == sqlite3.SQLITE_DELETE and a[1] in ("documents", "imports")]
        for needle in ("DROP", "DELETE", "'1'='1", 'quo"te', "Robert", *INJECT_HEADERS):
            assert not [a for a in seen if any(needle in str(x) for x in a if x)], needle
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master")} == before_tables
        [row] = [r for r in list_imports(conn) if r["import_id"] == s.import_id]
        assert row["file_name"] == INJECT_NAME and row["status"] == "undone"
        assert conn.execute("SELECT count(*) FROM bundled.documents").fetchone()[0] > 0
    finally:
        conn.close()
    tally.record(faults=len(INJECT_HEADERS) + 2)


def test_injection_through_the_command_line(mini_store, tmp_path):
    src = tmp_path / INJECT_NAME
    shutil.copyfile(CORPUS / "good_trade_utf8.csv", src)
    done = cli(mini_store, "import", src)
    assert done.returncode == 0, done.stderr
    bad_ds = cli(mini_store, "import", src, "--dataset", "trade_figures; DROP TABLE imports")
    assert bad_ds.returncode != 0 and "Traceback" not in bad_ds.stderr, bad_ds.stderr
    listed = cli(mini_store, "imports")
    assert INJECT_NAME in listed.stdout
    conn = mini_store.connect()
    try:
        assert conn.execute("SELECT count(*) FROM trade_figures").fetchone()[0] == 3
        assert data_dump(conn)
    finally:
        conn.close()
