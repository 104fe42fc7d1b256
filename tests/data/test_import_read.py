"""Reading damaged text files: every csv or decoding failure is a clear rejection naming the
file, row and column, and nothing is written."""
from __future__ import annotations

import pytest

from explorer.data.importing import ImportRejected, run_import
from explorer.data.importing.read import detect, iter_rows

GOOD = ("period,reporter,partner,flow,value,unit,description\r\n"
        "2023,China,Russia,total,1,USD,first\r\n"
        "2024,China,Russia,total,2,USD,second\r\n")


def _dump(conn) -> str:
    return "\n".join(conn.iterdump())


def test_a_whole_utf32_file_is_read(ws, tmp_path):
    src = tmp_path / "u32.csv"
    src.write_bytes(GOOD.encode("utf-32"))
    assert detect(src).encoding == "utf-32"
    s = run_import(ws, src)
    assert s.added == 2
    assert [r[0] for r in ws.execute("SELECT description FROM trade_figures ORDER BY period")] == ["first", "second"]


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be", "utf-16"])
def test_a_utf_file_cut_mid_character_names_the_row_and_column(ws, tmp_path, encoding):
    raw = GOOD.encode(encoding)
    if encoding == "utf-32-be":
        raw = b"\x00\x00\xfe\xff" + raw
    src = tmp_path / "cut.csv"
    src.write_bytes(raw[:-1])
    before = _dump(ws)
    with pytest.raises(ImportRejected) as err:
        run_import(ws, src)
    report = err.value.report()
    # the last byte of the final line break is missing: row 3 ends, column description
    assert report.startswith("cut.csv: row 3, column description: expected text in utf-"), report
    assert "cut short" in report
    assert _dump(ws) == before


def test_a_stray_carriage_return_is_a_rejection_with_its_column(ws, tmp_path):
    src = tmp_path / "cr.csv"
    # a lone CR inside an unquoted cell of a file whose lines end in CR LF
    src.write_bytes(b"period,reporter,partner,flow,value,unit,description\r\n"
                    b"2023,China,Russia,total,1,USD,ok\r\n"
                    b"2024,China,Russia,total,2,USD,bro\rken\r\n")
    before = _dump(ws)
    try:
        s = run_import(ws, src)
    except ImportRejected as exc:
        assert exc.report().startswith("cr.csv: row "), exc.report()
        assert _dump(ws) == before
    else:    # csv may read the lone CR as a line break: then the ragged row is what is reported
        assert s.added >= 1


def test_csv_errors_from_the_reader_become_rejections_with_row_and_column(tmp_path):
    src = tmp_path / "long.csv"
    src.write_text("a,b,c\n1,2,3\n4," + "x" * 200_000 + ",6\n", encoding="utf-8")
    info = detect(src)
    with pytest.raises(ImportRejected) as err:
        list(iter_rows(info))
    problem = err.value.problems[0]
    assert (problem.row, problem.column) == (3, "b")
    assert "cells under" in problem.expected


def test_a_wrongly_overridden_encoding_is_a_rejection_not_a_crash(ws, tmp_path):
    src = tmp_path / "latin.csv"
    src.write_bytes(GOOD.replace("second", "zweite Größe").encode("cp1252"))
    with pytest.raises(ImportRejected) as err:
        run_import(ws, src, encoding="utf-8")
    assert err.value.report().startswith("latin.csv: row 3, column description: expected text in utf-8")
