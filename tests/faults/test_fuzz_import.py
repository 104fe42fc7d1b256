"""Property-based tests of the import path.

* Random valid trade tables (any delimiter, encoding, Cyrillic/Chinese text,
  leading-zero codes, negative and fractional values) round-trip exactly:
  import, then ``export`` gives the same figures.
* Random corruptions of valid files (truncation, flipped bytes, wrong
  encoding, inserted delimiters, huge cells, formula-looking cells, NaN/inf,
  dates out of range) end in a correct import or a clear ImportRejected with
  the workspace unchanged (``iterdump()``) — never another exception, a hang
  or a partial write. An accepted file must also undo back to the state before.
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
import signal
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from explorer.data.db import Store
from explorer.data.importing import ImportRejected, run_import, undo_import
from tests.faults.conftest import CORPUS, data_dump

HEADER = ["period", "reporter", "partner", "flow", "commodity", "value", "unit", "status", "description"]
PLACES = ["China", "Russia", "Heihe", "Blagoveshchensk"]
FLOWS = ["total", "export", "import", "turnover", "re-export", "re-import"]
UNITS = ["USD", "thousand USD", "million USD", "billion USD", "hundred million USD", "CNY", "billion RUB"]
STATUSES = ["actual", "target", "forecast", "estimate"]
ASCII = list("abcXYZ 019,;\"'.-=+@()%")
CYRILLIC, CHINESE = list("Китайграница"), list("中俄贸易口岸")
#: Encodings and the text each can carry (a legacy code page is only detected from text in its script).
ENCODINGS = {"utf-8": ASCII + CYRILLIC + CHINESE, "utf-8-sig": ASCII + CYRILLIC + CHINESE,
             "utf-16": ASCII + CYRILLIC + CHINESE, "gb18030": ASCII + CHINESE, "cp1251": ASCII + CYRILLIC}
EXAMPLES = int(os.environ.get("AMUR_FUZZ_EXAMPLES", "20"))
#: A line of text such a file would carry (the detection needs a few words of the script).
LEGACY = {"cp1251": "Торговля с Китаем, млн долл.", "gb18030": "中俄贸易口岸统计"}
HANG_SECONDS = 60


def periods():
    year = st.integers(1950, 2099)
    return st.one_of(year.map(str), st.tuples(year, st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
                     st.tuples(year, st.integers(1, 4)).map(lambda t: f"{t[0]}-Q{t[1]}"))


def values():
    return st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False, allow_infinity=False)


trade_row = st.fixed_dictionaries({
    "period": periods(), "reporter": st.sampled_from(PLACES), "partner": st.sampled_from(PLACES),
    "flow": st.sampled_from(FLOWS),
    "commodity": st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=2, max_size=6)),
    "value": values(), "unit": st.sampled_from(UNITS), "status": st.sampled_from(STATUSES),
    "description": st.just(""),
})
KEY = ("period", "reporter", "partner", "flow", "commodity", "unit", "status")


def text_in(alphabet: list[str]):
    return st.text(alphabet=st.sampled_from(alphabet), max_size=24).map(str.strip).filter(
        lambda s: not s.startswith("'"))


@st.composite
def tables(draw, encoding: str = "utf-8"):
    rows = draw(st.lists(trade_row, min_size=1, max_size=25, unique_by=lambda r: tuple(r[k] for k in KEY)))
    for r in rows:
        r["description"] = draw(text_in(ENCODINGS[encoding]))
    if encoding in LEGACY:      # a legacy code page is told from its script only given some text in it
        rows[0]["description"] = LEGACY[encoding]
    return rows


@st.composite
def encoded_tables(draw):
    encoding = draw(st.sampled_from(sorted(ENCODINGS)))
    return encoding, draw(tables(encoding))


def render(rows: list[dict], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(HEADER)
    for r in rows:
        value = format(r["value"], "f")
        if delimiter == ";":            # a semicolon file is read as a decimal-comma locale's
            value = value.replace(".", ",")
        w.writerow([r["period"], r["reporter"], r["partner"], r["flow"], r["commodity"], value, r["unit"],
                    r["status"], r["description"]])
    return buf.getvalue().encode(encoding)


def unclear_marks(rows: list[dict]) -> bool:
    """Every value written like '5.100' (one to three digits, a mark, three digits): a column
    no cell settles, as a thousands group and as three decimals both fit."""
    return all(re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", format(r["value"], "f")) for r in rows)


@pytest.fixture(scope="module")
def template(mini_bundled_path, tmp_path_factory):
    """A workspace that already holds an import (so 'unchanged' means something)."""
    path = tmp_path_factory.mktemp("fuzz") / "template.sqlite"
    conn = Store(path, mini_bundled_path).connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@contextmanager
def fresh(template: Path, bundled: Path):
    with tempfile.TemporaryDirectory() as d:
        ws = Path(d) / "ws.sqlite"
        shutil.copyfile(template, ws)
        conn = Store(ws, bundled).connect()
        try:
            yield conn, Path(d)
        finally:
            conn.close()


@contextmanager
def no_hang(seconds: int = HANG_SECONDS):
    def boom(*_):
        raise TimeoutError(f"import still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def exported_trade(conn, folder: Path, file_name: str) -> set[tuple]:
    from explorer.data.export import export_all

    export_all(conn, folder / "out")
    with (folder / "out" / "trade.csv").open(encoding="utf-8-sig", newline="") as fh:
        return {(r["period"], r["reporter"], r["partner"], r["flow"], r["commodity"], float(r["value"]),
                 r["unit"], r["status"], r["description"])
                for r in csv.DictReader(fh) if r["document"] == file_name}


@settings(max_examples=EXAMPLES)
@given(table=encoded_tables(), delimiter=st.sampled_from([",", ";", "\t"]))
def test_random_valid_tables_round_trip_exactly(template, mini_bundled_path, table, delimiter, tally):
    from explorer.data.export import neutralise

    encoding, rows = table
    with fresh(template, mini_bundled_path) as (conn, folder):
        src = folder / "figures.csv"
        src.write_bytes(render(rows, delimiter, encoding))
        with no_hang():
            if unclear_marks(rows):
                # every value reads two ways ('5,100': 5100 or 5.1): refused, then read as the mapping says
                with pytest.raises(ImportRejected, match="column value: expected a decimal mark the cells settle"):
                    run_import(conn, src)
                s = run_import(conn, src, mapping={"decimal": {"value": "," if delimiter == ";" else "."}})
            else:
                s = run_import(conn, src)
        assert s.added == len(rows), s.text()
        expected = {(r["period"], r["reporter"], r["partner"], r["flow"], r["commodity"], float(r["value"]),
                     r["unit"], r["status"], str(neutralise(r["description"])) if r["description"] else "")
                    for r in rows}
        assert exported_trade(conn, folder, src.name) == expected
    tally.record(rows_checked=len(rows))


# -- corruptions --------------------------------------------------------------------------------

def _truncate(data, b, draw):
    return b[:draw(st.integers(0, max(0, len(b) - 1)))]


def _flip(data, b, draw):
    b = bytearray(b)
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(b) - 1))
        b[i] ^= draw(st.integers(1, 255))
    return bytes(b)


def _wrong_encoding(data, b, draw):
    text = b.decode("utf-8")
    enc = draw(st.sampled_from(["utf-16-le", "utf-16-be", "cp1251", "koi8-r", "latin-1", "utf-32"]))
    raw = text.encode(enc, errors="replace")
    return raw[: len(raw) - draw(st.integers(0, 1))]      # maybe half a UTF-16 unit at the end


def _insert_delimiters(data, b, draw):
    b = bytearray(b)
    for _ in range(draw(st.integers(1, 6))):
        b.insert(draw(st.integers(0, len(b))), ord(draw(st.sampled_from([",", ";", "\t", '"', "\n", "\r"]))))
    return bytes(b)


def _cell(data, b, draw, make):
    lines = b.decode("utf-8").split("\r\n")
    body = [i for i, ln in enumerate(lines) if i > 0 and ln]
    i = draw(st.sampled_from(body))
    cells = next(csv.reader([lines[i]]))
    j = draw(st.integers(0, len(cells) - 1))
    cells[j] = make(j)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[i] = out.getvalue()
    return "\r\n".join(lines).encode("utf-8")


def _huge(data, b, draw):
    size = draw(st.sampled_from([70_000, 200_000, 1_500_000]))
    return _cell(data, b, draw, lambda j: draw(st.sampled_from(["9", "x", "Ж", ","])) * size)


FORMULAS = ["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "=2023", "\t=1", "\r=1", "=-1"]


def _formula(data, b, draw):
    return _cell(data, b, draw, lambda j: draw(st.sampled_from(FORMULAS)))


def _nonfinite(data, b, draw):
    return _cell(data, b, draw, lambda j: draw(st.sampled_from(
        ["NaN", "nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e308", "∞", "#N/A", "#DIV/0!"])))


def _date_out_of_range(data, b, draw):
    return _cell(data, b, draw, lambda j: draw(st.sampled_from(
        ["0000", "0000-01", "9999-12", "10000", "-1", "2023-13", "2023-00", "2023-02-30", "1899-12-31",
         "2023-Q5", "31.02.2023", "2023年13月", "99999999", "2023-01/1999-01"])))


MUTATIONS = {"truncate": _truncate, "flip bytes": _flip, "wrong encoding": _wrong_encoding,
             "insert delimiters": _insert_delimiters, "huge cell": _huge, "formula cell": _formula,
             "NaN/inf": _nonfinite, "date out of range": _date_out_of_range}


def _check_accepted(conn, before_data, s) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    bad = conn.execute("SELECT count(*) FROM trade_figures WHERE import_id = ? AND value IS NOT NULL AND "
                       "(value > 1.7e308 OR value < -1.7e308 OR value != value)", (s.import_id,)).fetchone()[0]
    assert bad == 0, "an infinite or NaN value was stored"
    undo_import(conn, s.import_id)
    assert data_dump(conn) == before_data


@settings(max_examples=EXAMPLES * 3)
@given(rows=tables(), how=st.sampled_from(sorted(MUTATIONS)), data=st.data())
def test_corrupted_files_import_correctly_or_are_rejected_with_nothing_written(
        template, mini_bundled_path, rows, how, data, tally):
    raw = render(rows)
    bad = MUTATIONS[how](data, raw, data.draw)
    assume(bad != raw)
    with fresh(template, mini_bundled_path) as (conn, folder):
        src = folder / "corrupt.csv"
        src.write_bytes(bad)
        before = "\n".join(conn.iterdump())
        before_data = data_dump(conn)
        try:
            with no_hang():
                s = run_import(conn, src)
        except ImportRejected as exc:
            report = exc.report()
            assert report.startswith(("corrupt.csv: row ", "corrupt.csv: rows ")) and "expected" in report, report
            assert "\n".join(conn.iterdump()) == before
        else:
            _check_accepted(conn, before_data, s)
    tally.record(faults=1, rows_checked=len(rows))


@pytest.mark.parametrize("cell", ["NaN", "nan", "inf", "-inf", "Infinity", "∞", "#N/A", "1e308",
                                  "1e400", "-1e400"])
def test_nan_and_infinity_never_become_figures(template, mini_bundled_path, tally, cell):
    """Each non-finite spelling in a value cell: rejected, or (if accepted) no NaN/inf stored."""
    with fresh(template, mini_bundled_path) as (conn, folder):
        src = folder / "nonfinite.csv"
        src.write_text(f"period,reporter,partner,flow,value,unit\n2023,China,Russia,total,{cell},USD\n",
                       encoding="utf-8")
        before = "\n".join(conn.iterdump())
        try:
            run_import(conn, src)
        except ImportRejected as exc:
            assert "row 2, column value" in exc.report()
            assert "\n".join(conn.iterdump()) == before
        else:
            stored = conn.execute("SELECT value FROM trade_figures WHERE source_file = ?", (src.name,)).fetchone()[0]
            assert stored is None or math.isfinite(stored), (cell, stored)
    tally.record(faults=1)


def test_a_partial_write_cannot_happen_when_the_last_row_is_bad(template, mini_bundled_path, tmp_path):
    """Thousands of good rows then one bad one: nothing of the good rows is kept."""
    lines = ["period,reporter,partner,flow,commodity,value,unit"]
    lines += [f"2020-{1 + i % 12:02d},China,Russia,export,{i:06d},{i},USD" for i in range(12_000)]
    lines.append("2020-01,China,Russia,export,999999,not-a-number,USD")
    with fresh(template, mini_bundled_path) as (conn, folder):
        src = folder / "late.csv"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        before = "\n".join(conn.iterdump())
        with pytest.raises(ImportRejected, match="row 12002, column value"):
            run_import(conn, src)
        assert "\n".join(conn.iterdump()) == before
        assert conn.execute("SELECT count(*) FROM sqlite_sequence WHERE name = 'imports'").fetchone()[0] in (0, 1)


def test_sqlite_errors_are_not_swallowed_into_partial_states(template, mini_bundled_path):
    """An SQLite failure in the middle of the write rolls everything back."""
    with fresh(template, mini_bundled_path) as (conn, folder):
        before = "\n".join(conn.iterdump())
        conn.execute("CREATE TEMP TRIGGER boom BEFORE INSERT ON main.trade_figures "
                     "WHEN NEW.source_row = 40 BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        src = folder / "ok.csv"
        src.write_text("period,reporter,partner,flow,commodity,value,unit\n"
                       + "".join(f"2021,China,Russia,export,{i:04d},{i},USD\n" for i in range(100)), encoding="utf-8")
        with pytest.raises(sqlite3.IntegrityError, match="injected failure"):
            run_import(conn, src)
        conn.execute("DROP TRIGGER boom")
        assert "\n".join(conn.iterdump()) == before


def test_a_short_chinese_word_in_a_gbk_file_is_not_turned_into_mojibake(template, mini_bundled_path):
    with fresh(template, mini_bundled_path) as (conn, folder):
        src = folder / "gbk.csv"
        src.write_bytes("period,reporter,partner,flow,value,unit,description\n"
                        "2023,China,Russia,total,1,USD,中俄\n".encode("gb18030"))
        run_import(conn, src)
        assert conn.execute("SELECT description FROM trade_figures WHERE source_file = 'gbk.csv'").fetchone()[0] == "中俄"


@pytest.mark.parametrize("size", [200_000, 1_500_000])
def test_a_cell_over_128_kib_is_rejected_clearly_or_imported(template, mini_bundled_path, size):
    with fresh(template, mini_bundled_path) as (conn, folder):
        src = folder / "huge.csv"
        src.write_text("period,reporter,partner,flow,value,unit,description\n"
                       f"2023,China,Russia,total,1,USD,{'x' * size}\n", encoding="utf-8")
        before = "\n".join(conn.iterdump())
        try:
            with no_hang():
                run_import(conn, src)
        except ImportRejected as exc:
            assert "row 2" in exc.report()
            assert "\n".join(conn.iterdump()) == before


def test_a_utf32_file_cut_short_is_rejected_clearly(template, mini_bundled_path):
    raw = render([{"period": "1950", "reporter": "China", "partner": "China", "flow": "total", "commodity": "",
                   "value": 0, "unit": "USD", "status": "actual", "description": ""}])
    with fresh(template, mini_bundled_path) as (conn, folder):
        src = folder / "cut.csv"
        src.write_bytes(raw.decode("utf-8").encode("utf-32")[:-1])
        before = "\n".join(conn.iterdump())
        try:
            with no_hang():
                run_import(conn, src)
        except ImportRejected as exc:
            assert exc.report().startswith(("cut.csv: row ", "cut.csv: rows "))
            assert "\n".join(conn.iterdump()) == before
