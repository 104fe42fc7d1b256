"""The encoding of a text file is decided over the whole file, never by its length, and
text that only reads as mojibake is never stored: damaged cells are named by row, column
and bytes; a file whose encoding changes part-way is refused at the row where it does."""
from __future__ import annotations

import csv
import io

import pytest

from explorer.data.importing.read import detect
from tests.data.read_helpers import HEADER, cli, refused, seeded_workspace

ROW = "2023,China,Russia,total,1,USD,{}\n"


@pytest.fixture
def ws(tmp_path, mini_bundled_path):
    return seeded_workspace(tmp_path, mini_bundled_path)


def _write(tmp_path, name: str, data: bytes):
    src = tmp_path / name
    src.write_bytes(data)
    return src


def _descriptions(ws) -> list[str]:
    return [r[0] for r in ws.rows("SELECT description FROM trade_figures WHERE source_file != 'seed.csv' "
                                  "ORDER BY period")]


def test_a_short_utf8_file_with_one_stray_byte_is_utf8_with_that_cell_named(ws, tmp_path, monkeypatch, capsys):
    # before: one stray byte in a short file tipped the length-dependent guess to cp1251 ("РњВ")
    src = _write(tmp_path, "stray.csv", (HEADER + ROW.format("Хабаровск")).encode()
                 + b"2024,China,Russia,total,2,USD,\xd0\x9c\xff\xd0\xbe\n")
    assert refused(ws, src, monkeypatch, capsys) == [
        "stray.csv: row 3, column description: expected text in utf-8, "
        "found \"undecodable bytes 0xff in 'М\ufffdо'\""]


def test_a_cesu8_surrogate_is_reported_as_bad_utf8_bytes(ws, tmp_path, monkeypatch, capsys):
    src = _write(tmp_path, "cesu.csv", (HEADER + ROW.format("Хабаровск")).encode()
                 + b"2024,China,Russia,total,2,USD,x\xed\xa0\x80\xed\xb0\x80y\n")
    assert refused(ws, src, monkeypatch, capsys) == [
        "cesu.csv: row 3, column description: expected text in utf-8, "
        "found \"undecodable bytes 0xed 0xa0 0x80 0xed in 'x\ufffdy'\""]


def test_a_cp1251_file_with_utf8_lines_is_refused_at_the_first_utf8_row(ws, tmp_path, monkeypatch, capsys):
    data = (HEADER + "\n" + ROW.format("Хабаровский край") + ROW.format("Приморский край")).encode("cp1251") \
        + ROW.format("Амурская область").encode("utf-8") + ROW.format("Китай").encode("cp1251")
    src = _write(tmp_path, "mixed.csv", data)
    # line 5 is the fourth record: the blank line 2 is not counted
    assert refused(ws, src, monkeypatch, capsys) == [
        "mixed.csv: row 4 (line 5), column description: expected 8-bit text (cp1251, GBK…), as in the rows "
        "before, found 'UTF-8 text: the encoding changes part-way'"]


def test_a_utf8_file_with_cp1251_lines_is_refused_at_the_first_cp1251_row(ws, tmp_path, monkeypatch, capsys):
    data = (HEADER + ROW.format("Хабаровский край") + "2024,Китай,Russia,total,1,USD,x\n").encode("utf-8") \
        + "2025,Россия,Китай,total,1,USD,x\n".encode("cp1251")
    src = _write(tmp_path, "mixed.csv", data)
    assert refused(ws, src, monkeypatch, capsys) == [
        "mixed.csv: row 4, column reporter: expected UTF-8 text, as in the rows before, "
        "found '8-bit text (cp1251, GBK…): the encoding changes part-way'"]


def test_a_gbk_file_whose_words_happen_to_be_valid_utf8_is_still_gbk(ws, tmp_path, monkeypatch, capsys):
    # 陆路 ("overland") is C2BD C2B7 in GBK: valid UTF-8 ("½·") on its own line
    data = (HEADER + ROW.format("黑龙江省对俄贸易") + "2024,China,Russia,total,2,USD,陆路\n").encode("gbk")
    src = _write(tmp_path, "gbk.csv", data)
    assert detect(src).encoding == "gb18030"
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _descriptions(ws) == ["黑龙江省对俄贸易", "陆路"]


def test_shift_jis_is_read_as_japanese_never_as_cp1251(ws, tmp_path, monkeypatch, capsys):
    data = (HEADER + ROW.format("データ東京") + "2024,China,Russia,total,2,USD,日本の貿易統計\n").encode("shift_jis")
    src = _write(tmp_path, "sjis.csv", data)
    assert detect(src).encoding == "cp932"
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _descriptions(ws) == ["データ東京", "日本の貿易統計"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_detected(ws, tmp_path, monkeypatch, capsys, codec):
    src = _write(tmp_path, "u16.csv", (HEADER + ROW.format("Хабаровск 哈巴罗夫斯克")).encode(codec))
    assert detect(src).encoding == codec
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _descriptions(ws) == ["Хабаровск 哈巴罗夫斯克"]


def test_utf16_without_a_mark_that_does_not_decode_suggests_the_encoding(ws, tmp_path, monkeypatch, capsys):
    raw = (HEADER + ROW.format("ok")).encode("utf-16-le") + "\ud800".encode("utf-16-le", "surrogatepass") \
        + ",x\n".encode("utf-16-le")
    src = _write(tmp_path, "u16.csv", raw)
    assert refused(ws, src, monkeypatch, capsys) == [
        "u16.csv: row 1, column (file): expected text in one encoding (try --encoding utf-16-le), "
        "found 'text that looks like UTF-16 without a byte-order mark but does not decode as it'"]


def test_a_utf8_bom_with_a_cp1251_body_names_row_column_and_bytes(ws, tmp_path, monkeypatch, capsys):
    data = b"\xef\xbb\xbf" + (HEADER + "2023,China,Russia,total,1,USD,ok\n"
                              + "2024,Китай,Russia,total,1,USD,ok\n").encode("cp1251")
    src = _write(tmp_path, "bom.csv", data)
    assert refused(ws, src, monkeypatch, capsys) == [
        "bom.csv: row 3, column reporter: expected text in utf-8-sig, "
        "found \"undecodable bytes 0xca 0xe8 0xf2 0xe0 in '\ufffd'\""]


def test_an_ascii_file_with_a_stray_byte_between_digits_is_not_read_as_any_8bit_text(
        ws, tmp_path, monkeypatch, capsys):
    src = _write(tmp_path, "junk.csv", HEADER.encode() + b"2023,China,Russia,total,1\xff2,USD,ok\n")
    lines = refused(ws, src, monkeypatch, capsys)
    assert lines == ["junk.csv: row 2, column value: expected text in UTF-8 (or in cp1251, GB18030, Shift-JIS, "
                     "KOI8-R, Big5, cp1253, cp1252: none reads as sensible text; name it with --encoding), "
                     "found \"undecodable bytes 0xff in '1\ufffd2'\""]


@pytest.mark.parametrize("codec, text", [
    ("cp1251", "Хабаровский край, поставки угля"),
    ("cp1251", "МОСКВА КНР"),                    # all capitals: still cp1251, not KOI8-R
    ("koi8_r", "Приморский край"),
    ("gbk", "中国 俄"),                           # short: one two-character word is enough
    ("gb18030", "黑龙江省对俄贸易"),
    ("big5", "中國對俄羅斯貿易統計"),
    ("shift_jis", "東京都千代田区"),
    ("cp1252", "Größe café São Tomé"),
])
def test_8bit_and_east_asian_files_round_trip_whatever_their_length(tmp_path, codec, text):
    for n in (1, 2000):                           # the decision does not depend on the length
        src = _write(tmp_path, f"{codec}-{n}.csv", (HEADER + ROW.format(text) * n).encode(codec))
        info = detect(src)
        assert src.read_bytes().decode(info.encoding) == HEADER + ROW.format(text) * n, (n, info.encoding)


def test_a_stray_byte_late_in_a_long_utf8_file_is_found(ws, tmp_path, monkeypatch, capsys):
    body = "".join(ROW.replace("2023", str(1000 + i)).format("Хабаровск") for i in range(5000))
    src = _write(tmp_path, "long.csv", (HEADER + body).encode() + b"2999,China,Russia,total,1,USD,b\xe9d\n")
    assert refused(ws, src, monkeypatch, capsys) == [
        "long.csv: row 5002, column description: expected text in utf-8, found \"undecodable bytes 0xe9 "
        "in 'b\ufffdd'\""]


def test_a_file_in_an_unlisted_code_page_is_refused_and_imports_once_named(ws, tmp_path, monkeypatch, capsys):
    src = _write(tmp_path, "pl.csv", (HEADER + ROW.format("Łódź województwo łódzkie")).encode("cp1250"))
    lines = refused(ws, src, monkeypatch, capsys)
    assert lines[0].startswith(
        "pl.csv: row 2, column description: expected text in UTF-8 (or in cp1251, GB18030, Shift-JIS, KOI8-R, Big5, "
        "cp1253, cp1252: none reads as sensible text; name it with --encoding")
    assert lines[0].endswith("found \"undecodable bytes 0xa3 0xf3 0x9f 0xf3 in '\ufffdd\ufffd "
                             "wojew\ufffddztwo \ufffddzkie'\"")
    code, out, err = cli(ws, "import", str(src), "--encoding", "cp1250", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _descriptions(ws) == ["Łódź województwo łódzkie"]


def _rows(cells: list[str]) -> str:
    """The header and one row per description cell, quoted as csv writes them."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([2001 + i, "China", "Russia", "total", 1, "USD", cell]
                                                   for i, cell in enumerate(cells))
    return HEADER + out.getvalue()


# Valid files from the import fuzz test (tests/faults/test_fuzz_import.py) that the whole-file decision
# refused or stored as mojibake: one line of real text, other cells short, mixing scripts or repeating
# one letter, which swung file-wide shares of vowels, capitals and letters glued to Latin ones.
@pytest.mark.parametrize("codec, cells", [
    # refused: "none reads as sensible text"
    ("gb18030", ["中俄贸易口岸统计", "0.(贸 贸0贸.X;)@+易中;Y", "Z贸0Y"]),
    # refused as damaged UTF-8: the GBK pairs D0B6 and C3B3 are well-formed UTF-8 ('ж', 'ó') by chance
    ("gb18030", ["中俄贸易口岸统计", "贸"]),
    # stored as KOI8-R mojibake ('жп╤МцЁрв©з', 'жпжпжп')
    ("gb18030", ["中俄贸易口岸统计", "中中中", '口1c.a=)))9Z0%1贸-.."贸9', "@9", ".'贸'易+-1;c1-YY贸%",
                 "@ @ -@@-@  -@@-@@ -@"]),
    # stored as KOI8-R mojibake ('рНПЦНБКЪ Я йХРЮЕЛ', 'ПППП')
    ("cp1251", ["Торговля с Китаем, млн долл.", "аZ", "рррррррррррррррррррр", "ййййййййййййййййййййййй"]),
    # refused: "none reads as sensible text" (no vowels, all capitals, letters glued to Latin ones)
    ("cp1251", ["Торговля с Китаем, млн долл.", "нннннннннннннннннннннннн", "КККК", "аКа", "Xа0и;К"]),
])
def test_one_line_of_real_text_decides_however_short_and_mixed_the_other_cells_are(
        ws, tmp_path, monkeypatch, capsys, codec, cells):
    src = _write(tmp_path, "fuzz.csv", _rows(cells).encode(codec))
    assert detect(src).encoding == codec
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _descriptions(ws) == cells


def test_a_gbk_row_that_is_also_valid_utf8_is_no_change_of_encoding(ws, tmp_path, monkeypatch, capsys):
    # before: refused, "the encoding changes part-way" at the row 'X贸' (58 C3 B3, UTF-8 'Xó')
    src = _write(tmp_path, "gbk.csv", _rows(["中俄贸易口岸统计", "X贸", "口岸"]).encode("gb18030"))
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert _descriptions(ws) == ["中俄贸易口岸统计", "X贸", "口岸"]


def test_a_gbk_file_with_a_utf8_chinese_row_is_refused_at_that_row(ws, tmp_path, monkeypatch, capsys):
    data = _rows(["中俄贸易口岸统计", "黑龙江省"]).encode("gb18030") + "2009,China,Russia,total,1,USD,对俄贸易\n".encode()
    src = _write(tmp_path, "mixed.csv", data)
    assert refused(ws, src, monkeypatch, capsys) == [
        "mixed.csv: row 4, column description: expected 8-bit text (cp1251, GBK…), as in the rows before, "
        "found 'UTF-8 text: the encoding changes part-way'"]


@pytest.mark.parametrize("codec, text", [
    ("cp1251", "Україна, Київ"),                  # Ukrainian letters are cp1251 text too
    ("cp1251", "угля"),                           # one word of rarer letters
    ("koi8_r", "угля"),
    ("gbk", "GDP增长"),                            # Chinese glued to a Latin code
    ("big5", "臺灣"),                              # trail bytes 'O', 'W': not Western accents glued to letters
    ("gbk", "珲春口岸"),                           # 珲 (Hunchun) is a rarer, second-level character
])
def test_short_texts_in_each_script_are_read_in_their_encoding(tmp_path, codec, text):
    src = _write(tmp_path, "short.csv", (HEADER + ROW.format(text)).encode(codec))
    assert src.read_bytes().decode(detect(src).encoding) == HEADER + ROW.format(text)


def test_a_cp1251_file_with_a_koi8r_row_is_refused_not_stored_as_mojibake(ws, tmp_path, monkeypatch, capsys):
    # each code page reads the other's row as mojibake ('пРИМОРСКИЙ' in cp1251, 'уЮАЮПНБЯЙХИ' in KOI8-R):
    # neither may be chosen by a majority of words
    data = _rows(["Хабаровский край", "Амурская область"]).encode("cp1251") \
        + "2009,China,Russia,total,1,USD,Приморский край\n".encode("koi8_r")
    src = _write(tmp_path, "two.csv", data)
    lines = refused(ws, src, monkeypatch, capsys)
    assert lines[0].startswith("two.csv: row 2, column description: expected text in UTF-8 (or in cp1251, GB18030, "
                               "Shift-JIS, KOI8-R, Big5, cp1253, cp1252: none reads as sensible text")
