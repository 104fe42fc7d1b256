"""Rows are records as the user counts them: the header is row 1, blank lines are not
counted, and a record that starts on another physical line says so ("row 7 (line 9)").
A quote left open is a malformed file, refused at the line where it opened."""
from __future__ import annotations

import pytest

from explorer.data.importing.read import detect, iter_records
from tests.data.read_helpers import HEADER, cli, refused, seeded_workspace


@pytest.fixture
def ws(tmp_path, mini_bundled_path):
    return seeded_workspace(tmp_path, mini_bundled_path)


def rows(n: int, start: int = 2000) -> str:
    return "".join(f"{start + i},China,Russia,total,{i + 1},USD,row {i}\n" for i in range(n))


def test_a_quote_open_to_the_end_of_the_file_is_refused_at_its_line(ws, tmp_path, monkeypatch, capsys):
    # before: 95 of 100 rows went into one cell and the import said "rows read 5", exit 0
    src = tmp_path / "unclosed.csv"
    src.write_text(HEADER + rows(4) + '2004,China,Russia,total,5,USD,"broken\n' + rows(95, 1800), encoding="utf-8")
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        'unclosed.csv: row 6, column description: expected a closing quote (") for the quoted cell opened '
        "in line 6, found 'the end of the file'"]


def test_the_open_quote_is_named_by_its_line_after_blank_lines_and_a_multiline_cell(ws, tmp_path, monkeypatch,
                                                                                     capsys):
    src = tmp_path / "unclosed.csv"
    src.write_text(HEADER + "\n" + '2001,China,Russia,total,1,USD,"two\nlines"\n'
                   + '2002,China,Russia,total,2,"USD,desc\n' + rows(3), encoding="utf-8")
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        'unclosed.csv: row 3 (line 5), column unit: expected a closing quote (") for the quoted cell opened '
        "in line 5, found 'the end of the file'"]


def test_a_quote_closed_only_after_many_rows_is_refused(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "stray.csv"
    src.write_text(HEADER + rows(2) + '2002,China,Russia,total,3,USD,"stray\n' + rows(150, 1700)
                   + 'end",x\n', encoding="utf-8")
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        'stray.csv: row 4, column description: expected a closing quote (") for the quoted cell opened in '
        "line 4, found 'no closing quote within 100 lines'"]


def test_a_quote_that_swallows_a_few_rows_and_closes_is_refused(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "stray.csv"
    src.write_text(HEADER + rows(2) + '2002,China,Russia,total,3,USD,"stray\n' + rows(5, 1700)
                   + 'end"\n' + rows(2, 1900), encoding="utf-8")
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        'stray.csv: row 4, column description: expected a closing quote (") for the quoted cell opened in '
        "line 4, found 'a closing quote only 6 lines later, after 5 lines that look like rows'"]


def test_a_quote_open_past_the_cell_size_limit_is_refused_at_its_line(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "huge.csv"
    src.write_text(HEADER + rows(2) + '2002,"China,Russia,total,3,USD,x\n' + rows(5000, 1000), encoding="utf-8")
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        'huge.csv: row 4, column reporter: expected a closing quote (") for the quoted cell opened in '
        "line 4, found 'a cell over 128 KiB'"]


def test_a_quote_that_swallows_one_row_is_refused(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "stray.csv"
    src.write_text(HEADER + rows(2) + '2002,China,Russia,total,3,USD,"stray\n2003,China,Russia,total,4,USD,end"\n',
                   encoding="utf-8")
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        'stray.csv: row 4, column description: expected a closing quote (") for the quoted cell opened in '
        "line 4, found 'a closing quote only 1 line later, after 1 line that looks like rows'"]


def test_cells_with_line_breaks_still_import(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "notes.csv"
    src.write_text(HEADER + '2001,China,Russia,total,1,USD,"first line\nsecond, with a comma"\n'
                   + '2002,China,Russia,total,1,USD,"Lenin St 12, Khabarovsk, 680000, Russia, tel, fax\n'
                   + '2nd floor, room 5, desk 3, box 7, door 1, bell 9"\n' + rows(1),
                   encoding="utf-8")
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ws.rows("SELECT period, description FROM trade_figures WHERE source_file = 'notes.csv' "
                   "ORDER BY period") == [("2000", "row 0"), ("2001", "first line\nsecond, with a comma"),
                                          ("2002", "Lenin St 12, Khabarovsk, 680000, Russia, tel, fax\n"
                                                   "2nd floor, room 5, desk 3, box 7, door 1, bell 9")]


def test_blank_lines_do_not_shift_row_numbers_and_the_line_is_named(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "blank.csv"
    src.write_text(HEADER + "\n\n" + rows(3) + "\n" + "2010,China,Russia,total,x,USD,bad\n", encoding="utf-8")
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        "blank.csv: row 5 (line 8), column value: expected a number (like 1234.5, 1 234,5 or 12%), found 'x'"]


def test_a_record_after_a_multiline_cell_names_its_row_and_line(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "multi.csv"
    src.write_text(HEADER + '2023,China,Russia,total,1,USD,"a\nb\nc"\n2024,China,Russia,total,zz,USD,d\n',
                   encoding="utf-8")
    assert refused(ws, src, monkeypatch, capsys, before_rows=False) == [
        "multi.csv: row 3 (line 5), column value: expected a number (like 1234.5, 1 234,5 or 12%), found 'zz'"]


def test_imported_rows_record_the_record_number(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "blank.csv"
    src.write_text(HEADER + "\n" + rows(2), encoding="utf-8")
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ws.rows("SELECT source_row, figure_id LIKE '%-' || source_row FROM trade_figures "
                   "WHERE source_file = 'blank.csv' ORDER BY source_row") == [(2, 1), (3, 1)]


def test_iter_records_numbers_records_and_carries_lines(tmp_path):
    src = tmp_path / "r.csv"
    src.write_text("a,b\n\n1,2\n\"x\ny\",3\n4,5\n", encoding="utf-8")
    got = [(int(n), str(n), cells) for n, cells in iter_records(detect(src))]
    assert got == [(1, "1", ["a", "b"]), (2, "2 (line 3)", ["1", "2"]), (3, "3 (line 4)", ["x\ny", "3"]),
                   (4, "4 (line 6)", ["4", "5"])]
