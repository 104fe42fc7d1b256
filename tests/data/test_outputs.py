"""What ``export``, the XLSX export and ``publish`` leave in the folder they
write to: never a write through a link planted there, never a half-written
file under a final name, never a live formula, never an undone import; a file
given as the folder, or a full disk, is a message."""
from __future__ import annotations

import csv
import errno
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.data.db import Store
from explorer.data.export import (FORMULA_PREFIXES, REPLACEMENT, export_all, export_xlsx, inert_sql, inert_text,
                                  tsv_cell)
from explorer.data.importing import run_import, undo_import
from explorer.data.output_files import OutputError
from explorer.data.publish import DB_NAME, INERT_NOTE, publish
from explorer.data.panes import exported_specs
from explorer.data.tables import ENERGY, TRADE

FORMULAS = ['=HYPERLINK("http://evil","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "=1+1"]
VICTIM_TEXT = "the analyst's own file, outside the output folder\n"


@pytest.fixture
def ws(tmp_path, mini_bundled_path):
    conn = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()
    yield conn
    conn.close()


def _trade_file(path: Path, texts: list[str], first_year: int = 2000) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["period", "reporter", "partner", "flow", "value", "unit", "status", "description"])
        for i, text in enumerate(texts):
            w.writerow([first_year + i, "China", "Russia", "export", -5 - i, "USD", "actual", text])
    return path


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "elsewhere" / "precious.txt"
    victim.parent.mkdir()
    victim.write_text(VICTIM_TEXT, encoding="utf-8")
    return victim


def _plant(folder: Path, names: list[str], target: Path) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).symlink_to(target)


def _leftovers(folder: Path, expected: set[str]) -> set[str]:
    return {p.name for p in folder.iterdir()} - expected


# -- links planted in the output folder --------------------------------------------------------

@pytest.mark.parametrize("planted", [["trade.csv.part"], ["trade.csv"], ["trade.csv", "trade.csv.part"]])
def test_export_replaces_planted_links_and_leaves_their_targets_alone(ws, tmp_path, planted):
    victim = _victim(tmp_path)
    out = tmp_path / "out"
    _plant(out, planted, victim)
    written = export_all(ws, out)
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    trade = out / "trade.csv"
    assert not trade.is_symlink() and written["trade.csv"] > 0
    with trade.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == written["trade.csv"] + 1
    assert _leftovers(out, {f"{s.name}.csv" for s in exported_specs()} | set(planted) - {"trade.csv"}) == set()


@pytest.mark.parametrize("planted", [["metadata.json"], [f"{DB_NAME}.db"], [f".{DB_NAME}.db.tmp"],
                                     [f".{DB_NAME}.db.tmp-journal"]])
def test_publish_replaces_planted_links_and_leaves_their_targets_alone(ws, tmp_path, planted):
    victim = _victim(tmp_path)
    out = tmp_path / "pub"
    _plant(out, planted, victim)
    publish(ws, out)
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    for name in ("metadata.json", f"{DB_NAME}.db"):
        assert not (out / name).is_symlink()
    assert sqlite3.connect(out / f"{DB_NAME}.db").execute("SELECT count(*) FROM trade_figures").fetchone()[0] > 0


def test_xlsx_export_replaces_a_planted_link(ws, tmp_path):
    victim = _victim(tmp_path)
    _plant(tmp_path / "x", ["energy.xlsx", "energy.xlsx.part"], victim)
    export_xlsx(ws, ENERGY, tmp_path / "x" / "energy.xlsx")
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    assert not (tmp_path / "x" / "energy.xlsx").is_symlink()


def test_outputs_are_as_readable_as_any_saved_file(ws, tmp_path):
    mask = os.umask(0o022)
    try:
        export_all(ws, tmp_path / "out")
    finally:
        os.umask(mask)
    assert (tmp_path / "out" / "trade.csv").stat().st_mode & 0o777 == 0o644


# -- a file where the folder should be; a full disk ---------------------------------------------

@pytest.mark.parametrize("write", [export_all, publish])
def test_a_file_given_as_the_folder_is_a_message(ws, tmp_path, write):
    afile = tmp_path / "notes.txt"
    afile.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match=r"notes\.txt is a file, not a folder"):
        write(ws, afile)
    assert afile.read_text(encoding="utf-8") == "keep me"


class _FullDisk:
    """A file whose disk fills up after ``room`` bytes."""

    def __init__(self, fh, room: int):
        self._fh, self._room = fh, room

    def write(self, data):
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


def test_a_full_disk_is_a_message_and_the_previous_export_survives(ws, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "trade.csv").write_text("yesterday's export\n", encoding="utf-8")
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **kw: _FullDisk(real_fdopen(*a, **kw), room=200))
    with pytest.raises(OutputError) as err:
        export_all(ws, out)
    assert str(err.value) == f"could not write {out / 'trade.csv'}: the disk is full; nothing was written there"
    assert (out / "trade.csv").read_text(encoding="utf-8") == "yesterday's export\n"
    assert _leftovers(out, {"trade.csv"}) == set()          # no temporary file left behind


# -- no live formulas -------------------------------------------------------------------------------

def test_xlsx_shows_formula_text_exactly_as_text_and_control_characters_visibly(ws, tmp_path):
    from openpyxl import load_workbook

    assert run_import(ws, _trade_file(tmp_path / "f.csv", FORMULAS)).added == len(FORMULAS)
    with ws:        # control characters XML cannot hold (an import keeps them; so may a curated quote)
        ws.execute("INSERT INTO trade_figures(figure_id, topic, measure, reporter, period, value, unit, status, "
                   "description) VALUES ('ctl', 'trade', 'value', 'china', '1999', -1.5, 'USD', 'actual', "
                   "'bell' || char(7) || 'vt' || char(11) || 'nul' || char(0) || 'end')")
    n = export_xlsx(ws, TRADE, tmp_path / "t.xlsx", footer=["=evil footer"])
    assert n == ws.execute("SELECT count(*) FROM all_trade_figures").fetchone()[0]
    book = load_workbook(tmp_path / "t.xlsx")
    rows = list(book["Trade"].iter_rows())
    keys = [c.value for c in rows[0]]
    by_desc = {r[keys.index("description")].value: r for r in rows[1:]}
    for text in FORMULAS:
        cell = by_desc[text][keys.index("description")]         # exactly the text: no apostrophe shown
        assert cell.data_type == "s" and cell.quotePrefix, text  # a text cell that stays text when edited
        value = by_desc[text][keys.index("value")]
        assert value.data_type == "n" and value.value < 0        # numbers stay numbers
    assert f"bell{REPLACEMENT}vt{REPLACEMENT}nul{REPLACEMENT}end" in by_desc
    assert by_desc[f"bell{REPLACEMENT}vt{REPLACEMENT}nul{REPLACEMENT}end"][keys.index("value")].value == -1.5
    footer = book["Sources"]["A1"]
    assert footer.value == "=evil footer" and footer.data_type == "s" and footer.quotePrefix


def _live(cell: object) -> bool:
    return isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES)


def test_published_database_holds_no_live_formulas(ws, tmp_path):
    assert run_import(ws, _trade_file(tmp_path / "f.csv", FORMULAS)).added == len(FORMULAS)
    publish(ws, tmp_path / "pub")
    db = sqlite3.connect(tmp_path / "pub" / f"{DB_NAME}.db")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE '%_fts%'")]
    checked = 0
    for table in tables:
        for row in db.execute(f'SELECT * FROM "{table}"'):
            assert not [c for c in row if _live(c)], (table, row)
            checked += len(row)
    assert checked > 500
    stored = dict(db.execute("SELECT description, value FROM trade_figures WHERE source_file = 'f.csv'"))
    assert stored == {"'" + t: float(-5 - i) for i, t in enumerate(FORMULAS)}     # text inert, numbers numeric
    assert {r[0] for r in db.execute("SELECT typeof(value) FROM trade_figures WHERE source_file = 'f.csv'")} \
        == {"real"}
    pane = {r[0] for r in db.execute("SELECT description FROM pane_trade WHERE document = 'f.csv'")}
    assert pane == {"'" + t for t in FORMULAS}
    meta = (tmp_path / "pub" / "metadata.json").read_text(encoding="utf-8")
    assert INERT_NOTE in meta


def test_published_import_history_lists_only_imports_in_effect(ws, tmp_path):
    kept = run_import(ws, _trade_file(tmp_path / "kept.csv", ["kept row"]))
    gone = run_import(ws, _trade_file(tmp_path / "gone.csv", ["undone row"], first_year=2010))
    undo_import(ws, gone.import_id)
    with ws:        # a row left behind by an undone import (undo deletes them) is still never published
        ws.execute("INSERT INTO trade_figures(figure_id, topic, measure, reporter, period, value, unit, status, "
                   "description, import_id, source_file) VALUES ('stray', 'trade', 'value', 'china', '2011', 1, "
                   "'USD', 'actual', 'undone row', ?, 'gone.csv')", (gone.import_id,))
    publish(ws, tmp_path / "pub")
    db = sqlite3.connect(tmp_path / "pub" / f"{DB_NAME}.db")
    assert db.execute("SELECT import_id, file_name FROM imports").fetchall() == [(kept.import_id, "kept.csv")]
    assert db.execute("SELECT count(*) FROM trade_figures WHERE source_file = 'gone.csv' "
                      "OR description = 'undone row'").fetchone()[0] == 0
    assert "gone.csv" not in (tmp_path / "pub" / "metadata.json").read_text(encoding="utf-8")


# -- one rule for every output --------------------------------------------------------------------

CELLS = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                  st.text(alphabet="=+-@\t\r\n '\"AB1,;Ж中", max_size=8))


@settings(max_examples=200)
@given(cell=CELLS)
def test_sql_and_python_neutralisers_agree(cell):
    db = sqlite3.connect(":memory:")
    [(out,)] = db.execute(f"SELECT {inert_sql('x')} FROM (SELECT ? AS x)", (cell,))
    assert out == (inert_text(cell) if isinstance(cell, str) else cell)


@pytest.mark.parametrize("value, shown, copied", [
    ("=1+1", "=1+1", "'=1+1"), ("-a", "-a", "'-a"), ("@x", "@x", "'@x"), ("\t=1", " =1", "' =1"),
    ("a\tb\nc\rd", "", "a b c d"), ("ok", "ok", "ok"),
    (-5.0, "-5", "-5"), (-1234.5, "-1,234.5", "-1,234.5"), (None, "", "")])
def test_a_copied_cell_is_inert_and_numbers_are_copied_as_shown(value, shown, copied):
    assert tsv_cell(value, shown) == copied


def test_datasette_csv_downloads_of_the_published_folder_are_inert(ws, tmp_path):
    """What the team downloads from Datasette as CSV opens in a spreadsheet without running anything."""
    pytest.importorskip("datasette")
    import io
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    run_import(ws, _trade_file(tmp_path / "f.csv", FORMULAS))
    publish(ws, tmp_path / "pub")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(tmp_path / "pub"),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        downloads = {}
        deadline = time.monotonic() + 60
        for table in ("trade_figures", "pane_trade", "imports"):
            while table not in downloads:
                assert time.monotonic() < deadline and proc.poll() is None, "datasette did not answer"
                try:
                    url = f"http://127.0.0.1:{port}/{DB_NAME}/{table}.csv?_size=max"
                    with urllib.request.urlopen(url, timeout=2) as response:
                        downloads[table] = list(csv.reader(io.StringIO(response.read().decode("utf-8"))))
                except OSError:
                    time.sleep(0.2)       # still starting; bounded by the deadline
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    header, *trade = downloads["trade_figures"]
    descriptions = [r[header.index("description")] for r in trade]
    assert {"'" + t for t in FORMULAS} <= set(descriptions)
    for table, rows in downloads.items():
        for row in rows[1:]:
            for cell in row:
                if cell.startswith(FORMULA_PREFIXES):
                    float(cell)           # only a number may start with a minus
