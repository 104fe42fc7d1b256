"""Inputs that crashed with a traceback, or were called "no such file", are one-line
refusals naming the file, exit non-zero, with nothing written: damaged gzip files, a
file that may not be read, a folder or a pipe given as FILE, a damaged .xls, and every
malformed shape of a ``--mapping`` file."""
from __future__ import annotations

import gzip
import json
import os

import pytest

from explorer.data.importing import ImportRejected
from explorer.data.importing.read import detect
from tests.data.read_helpers import HEADER, cli, refused, seeded_workspace

BODY = HEADER + "".join(f"{2000 + i},China,Russia,total,{i},USD,row {i}\n" for i in range(200))


@pytest.fixture
def ws(tmp_path, mini_bundled_path):
    return seeded_workspace(tmp_path, mini_bundled_path)


def test_a_truncated_gzip_file_is_refused(ws, tmp_path, monkeypatch, capsys):
    packed = gzip.compress(BODY.encode())
    src = tmp_path / "cut.csv.gz"
    src.write_bytes(packed[: len(packed) // 2])
    assert refused(ws, src, monkeypatch, capsys) == [
        "cut.csv.gz: row 1, column (file): expected a complete gzip-compressed file, "
        "found 'the gzip file cut short (an incomplete download?)'"]


def test_a_gzip_file_failing_its_checksum_is_refused(ws, tmp_path, monkeypatch, capsys):
    packed = bytearray(gzip.compress(BODY.encode()))
    packed[-8] ^= 0xFF                       # the stored CRC-32
    src = tmp_path / "crc.csv.gz"
    src.write_bytes(bytes(packed))
    lines = refused(ws, src, monkeypatch, capsys)
    assert len(lines) == 1
    assert lines[0].startswith("crc.csv.gz: row 1, column (file): expected a complete gzip-compressed file, "
                               "found 'a damaged gzip file (CRC check failed")


def test_a_good_gzip_file_still_imports(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "ok.csv.gz"
    src.write_bytes(gzip.compress(BODY.encode()))
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ws.rows("SELECT count(*) FROM trade_figures WHERE source_file = 'ok.csv.gz'") == [(200,)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_read_permission_is_refused(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "locked.csv"
    src.write_text(BODY, encoding="utf-8")
    src.chmod(0)
    try:
        assert refused(ws, src, monkeypatch, capsys) == [
            "locked.csv: row 1, column (file): expected a file you may read, found 'no read permission'"]
    finally:
        src.chmod(0o644)


def test_a_permission_error_on_open_is_refused_not_a_traceback(ws, tmp_path, monkeypatch, capsys):
    # running as root, chmod does not stop reads: make the open fail as it would for a user
    src = tmp_path / "locked.csv"
    src.write_text(BODY, encoding="utf-8")
    real_open = type(src).open

    def no_read(self, *args, **kwargs):
        if self.name == "locked.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(src), "open", no_read)
    assert refused(ws, src, monkeypatch, capsys) == [
        "locked.csv: row 1, column (file): expected a file you may read, found 'no read permission'"]


def test_a_folder_given_as_file_is_named_a_folder(ws, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data.csv"
    folder.mkdir()
    assert refused(ws, folder, monkeypatch, capsys) == [
        "data.csv: row 1, column (file): expected a file, found 'a folder'"]


def test_a_fifo_given_as_file_is_refused_without_blocking(ws, tmp_path, monkeypatch, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert refused(ws, fifo, monkeypatch, capsys) == [
        "pipe.csv: row 1, column (file): expected a regular file, found 'a pipe (FIFO)'"]


def test_a_missing_file_is_still_no_such_file(ws, tmp_path, monkeypatch, capsys):
    code, out, err = cli(ws, "import", str(tmp_path / "nope.csv"), monkeypatch=monkeypatch, capsys=capsys)
    assert (code, err.strip()) == (2, f"amur-explorer: error: no such file: {tmp_path / 'nope.csv'}")


@pytest.mark.parametrize("name", ["old.xls", "renamed.xlsx", "data.csv"])
def test_an_old_xls_workbook_is_recognised_by_its_bytes_whatever_its_name(ws, tmp_path, monkeypatch, capsys,
                                                                          name):
    """Read as an .xls by its OLE2 signature (tests/data/test_import_xls.py reads real ones); these
    bytes are the signature and nothing else: a damaged workbook, one line, nothing written."""
    src = tmp_path / name
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert refused(ws, src, monkeypatch, capsys) == [
        f"{name}: row 1, column (file): expected an Excel .xls workbook, found 'a damaged or truncated .xls "
        "workbook (an incomplete download?)'"]


def test_detect_refuses_a_folder_for_the_wizard_too(tmp_path):
    with pytest.raises(ImportRejected) as err:
        detect(tmp_path)
    assert err.value.report() == f"{tmp_path.name}: row 1, column (file): expected a file, found 'a folder'"


MAPPINGS = {
    "not json": ('{"dataset": "trade",', "not valid JSON (line 1, column 21: Expecting property name enclosed "
                                         "in double quotes)"),
    "a list": ('[["period", "Year"]]', 'expected a JSON object like {"dataset": "trade", "columns": '
                                       '{"period": "Year", "value": "Trade value"}}, found a list'),
    "columns a list": ('{"dataset": "trade", "columns": ["period", "value"]}',
                       '"columns" must be an object {field: column header}, found a list'),
    "a column mapped to a number": ('{"dataset": "trade", "columns": {"value": 5}}',
                                    "\"columns\" maps 'value' to a number 5; expected a column header (text)"),
    "an unknown field": ('{"dataset": "trade", "columns": {"price": "value"}}',
                         "\"columns\" names 'price', not a field of trade (fields: approx, commodity, description, "
                         "document, flow, inferred, measure, original_source, partner, period, quote, reporter, "
                         "status, topic, unit, value, value_text)"),
    "an unknown dataset": ('{"dataset": "tariffs", "columns": {"value": "v"}}',
                           "unknown dataset 'tariffs'; choose one of trade, energy, corridors, institutions, "
                           "relations, places, exchange_rates, indicators"),
    "constants a string": ('{"dataset": "trade", "constants": "USD"}',
                           '"constants" must be an object {field: value}, found a string'),
    "a bad decimal": ('{"dataset": "trade", "decimal": ";"}', '"decimal" must be one of "auto", ".", ",", '
                                                              "found ';'"),
}


@pytest.mark.parametrize("shape", sorted(MAPPINGS))
def test_a_malformed_mapping_is_one_message_naming_the_mapping_file(ws, tmp_path, monkeypatch, capsys, shape):
    text, why = MAPPINGS[shape]
    mapping = tmp_path / "m.json"
    mapping.write_text(text, encoding="utf-8")
    src = tmp_path / "t.csv"
    src.write_text(BODY, encoding="utf-8")
    before, backups = ws.digest(), ws.backups()
    code, out, err = cli(ws, "import", str(src), "--mapping", str(mapping), monkeypatch=monkeypatch, capsys=capsys)
    assert (code, err.strip()) == (2, f"amur-explorer: error: mapping {mapping}: {why}")
    assert (ws.digest(), ws.backups()) == (before, backups)


def test_a_saved_mapping_still_imports(ws, tmp_path, monkeypatch, capsys):
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"dataset": "trade", "columns": {"period": "Year", "value": "Amount"},
                                   "constants": {"reporter": "China", "partner": "Russia", "flow": "total",
                                                 "unit": "USD"}}), encoding="utf-8")
    src = tmp_path / "t.csv"
    src.write_text("Year,Amount\n2021,5\n", encoding="utf-8")
    code, out, err = cli(ws, "import", str(src), "--mapping", str(mapping), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ws.rows("SELECT period, value, unit FROM trade_figures WHERE source_file = 't.csv'") == [
        ("2021", 5.0, "USD")]


def test_a_gzip_bomb_is_stopped_early(ws, tmp_path, monkeypatch, capsys):
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)        # gzip framing
    src = tmp_path / "bomb.csv.gz"
    with src.open("wb") as fh:
        fh.write(packer.compress(b"period,value\n"))
        block = b"1," * (1 << 20)
        for _ in range(160):                                  # 320 MiB of text from about 0.3 MiB
            fh.write(packer.compress(block))
        fh.write(packer.flush())
    lines = refused(ws, src, monkeypatch, capsys)
    assert len(lines) == 1
    assert lines[0].startswith("bomb.csv.gz: row 1, column (file): expected a gzip-compressed text file of a "
                               "readable size, found 'over 25")
    assert lines[0].endswith("(a gzip bomb?)'")


@pytest.mark.parametrize("members, found", [
    ({"API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv": "a,b\n", "Metadata_Country.csv": "x\n"},
     "expected an Excel .xlsx workbook or a CSV file (unzip it and import the CSV), found 'a zip archive holding "
     "API_NY.GDP.MKTP.CD_DS2_en_csv_v2.csv, Metadata_Country.csv'"),
    ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
     "expected an Excel .xlsx workbook (save it as .xlsx or CSV), found 'an OpenDocument file (.ods)'"),
    ({"[Content_Types].xml": "<x/>", "xl/workbook.bin": "\x00"},
     "expected an Excel .xlsx workbook (open it in Excel and save it as .xlsx), found 'an Excel binary workbook "
     "(.xlsb)'"),
])
def test_zip_files_that_are_not_workbooks_are_named(ws, tmp_path, monkeypatch, capsys, members, found):
    import zipfile

    src = tmp_path / "download.xlsx"
    with zipfile.ZipFile(src, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    assert refused(ws, src, monkeypatch, capsys) == [f"download.xlsx: row 1, column (file): {found}"]


def test_a_csv_saved_with_an_xlsx_name_is_read_as_text(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "export.xlsx"
    src.write_text(HEADER + "2021,China,Russia,total,3,USD,named xlsx\n", encoding="utf-8")
    code, out, err = cli(ws, "import", str(src), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ws.rows("SELECT description FROM trade_figures WHERE source_file = 'export.xlsx'") == [("named xlsx",)]


def test_an_encoding_override_that_would_store_mojibake_is_refused(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "u8.csv"
    src.write_text(HEADER + "2021,China,Russia,total,3,USD,Амурская\n", encoding="utf-8")
    assert refused(ws, src, monkeypatch, capsys, "--encoding", "cp1251") == [
        "u8.csv: row 2, column description: expected text in cp1251, as --encoding says (but the file is UTF-8: "
        "leave --encoding out), found 'РђРјСѓСЂСЃРєР°СЏ'"]


def test_a_right_encoding_override_imports(ws, tmp_path, monkeypatch, capsys):
    src = tmp_path / "w.csv"
    src.write_bytes((HEADER + "2021,China,Russia,total,3,USD,Амурская\n").encode("cp1251"))
    code, out, err = cli(ws, "import", str(src), "--encoding", "cp1251", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert ws.rows("SELECT description FROM trade_figures WHERE source_file = 'w.csv'") == [("Амурская",)]
