"""Legacy Excel .xls (BIFF8) workbooks, real downloads (tests/fixtures/import/xls/SOURCE.md):
recognised by the same layouts as .xlsx and CSV, stored with the values the file shows; a
damaged one is one line naming the file, with nothing written."""
from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from explorer.data.export import export_all
from explorer.data.importing import ImportRejected, run_import
from explorer.data.importing.read import detect, iter_records
from explorer.data.importing.xls import date_as_shown
from explorer.data.importing.xlsx import sheet_names
from tests.data.read_helpers import refused, seeded_workspace

XLS = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "xls"
NBS = XLS / "分省年度数据.xls"
ROSSTAT = XLS / "innovations_1.xls"
DATES = XLS / "CPI.xls"


@pytest.fixture
def conn(mini_bundled_path, tmp_path):
    from explorer.data.db import Store

    c = Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path).connect()
    yield c
    c.close()


def exported(conn, tmp_path: Path) -> list[dict]:
    """The Indicators pane's rows as `amur-explorer export` writes them."""
    export_all(conn, tmp_path / "out")
    with (tmp_path / "out" / "indicators.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def one(rows: list[dict], **want) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in want.items())]
    assert len(found) == 1, (want, found[:3])
    return found[0]


def test_nbs_provincial_xls_download_imports_with_the_values_it_shows(conn, tmp_path):
    summary = run_import(conn, NBS)
    assert (summary.dataset, summary.layout) == ("indicators", "nbs")
    rows = exported(conn, tmp_path)
    hebei = one(rows, place="河北省", period="2018")
    assert (hebei["value"], hebei["indicator"], hebei["unit"]) == ("32494.61", "地区生产总值", "hundred million CNY")
    assert hebei["publisher"] == "National Bureau of Statistics of China" and hebei["document"] == NBS.name
    assert one(rows, place="河北省", period="2017")["value"] == "34016.32"
    assert one(rows, place="河北省", period="2015")["value"] == "29806.11"
    assert one(rows, place="北京市", period="2018")["value"] == "33105.97"
    # 2019 is empty in the download: no row, never 0; footnotes and the source line are not places
    assert not [r for r in rows if r["period"] == "2019"]
    assert not [r for r in rows if r["place"].startswith(("注", "数据来源", "\u3000"))]
    assert len(rows) == 31 * 4


def test_rosstat_xls_workbook_reads_its_tables_past_the_contents_sheet(conn, tmp_path):
    summary = run_import(conn, ROSSTAT)
    assert (summary.dataset, summary.layout) == ("indicators", "rosstat")
    rows = exported(conn, tmp_path)
    russia = one(rows, place_code="RU", period="2010")
    assert (russia["value"], russia["publisher"]) == ("9.5", "Rosstat (Federal State Statistics Service)")
    assert russia["description"] == "sheet '1', row 6"
    assert one(rows, place_code="RU-BEL", period="2012")["value"] == "9.2"


def test_sheets_are_listed_and_chosen_as_in_an_xlsx(conn, tmp_path):
    assert sheet_names(ROSSTAT) == [("Содержание", True), ("1", True), ("2", True), ("3", True)]
    info = detect(ROSSTAT, sheet="2")
    first = next(iter(iter_records(info)))
    assert (info.sheet, first) == ("2", (1, ["К содержанию"]))
    by_number = detect(ROSSTAT, sheet="3")
    list(iter_records(by_number))
    assert by_number.sheet == "3"
    with pytest.raises(ImportRejected) as err:
        list(iter_records(detect(ROSSTAT, sheet="9")))
    assert "a sheet name or number 1–4" in err.value.report()


def test_cells_arrive_typed_as_from_an_xlsx(tmp_path):
    """Dates from the serials in the workbook's date system, numbers as numbers (whole ones as
    ints, as openpyxl gives them: a year header is 2019, not 2019.0), text as text, empty as ''."""
    info = detect(DATES)
    rows = dict(iter_records(info))
    assert info.kind == "xlsx" and info.sheet == "MACHINACPI"
    assert rows[1][0] == "截止日期_EndDt"
    assert rows[2] == [date(1987, 1, 31), 105.1, "", 105.1]
    assert rows[457] == [date(2024, 12, 31), "", "", "", 0]
    nbs = dict(iter_records(detect(NBS)))
    assert nbs[4] == ["地区", "2019年", "2018年", "2017年", "2016年", "2015年"]
    assert nbs[5] == ["北京市", "", 33105.97, 28014.94, 25669.13, 23014.59]


def test_a_date_keeps_the_precision_its_format_shows_in_either_date_system():
    assert date_as_shown(45413.0, "day", 0) == date(2024, 5, 1)
    assert date_as_shown(45413.0, "month", 0) == "2024-05"          # 'mmm yyyy': no invented day
    assert date_as_shown(45413.0, "year", 0) == "2024"
    assert date_as_shown(43951.0, "day", 1) == date(2024, 5, 1)     # the Mac 1904 system
    assert str(date_as_shown(45413.5, "day", 0)) == "2024-05-01 12:00:00"


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_truncated_xls_is_one_line_naming_the_file_and_nothing_is_written(tmp_path, mini_bundled_path,
                                                                          monkeypatch, capsys, keep):
    ws = seeded_workspace(tmp_path, mini_bundled_path)
    data = NBS.read_bytes()
    src = tmp_path / "年度数据.xls"
    src.write_bytes(data[: int(len(data) * keep)])
    assert refused(ws, src, monkeypatch, capsys) == [
        "年度数据.xls: row 1, column (file): expected an Excel .xls workbook, found 'a damaged or truncated "
        ".xls workbook (an incomplete download?)'"]


def test_xlrd_is_not_imported_at_start_up():
    code = ("import sys, explorer.app, explorer.data.importing, explorer.data.importing.read; "
            "print('xlrd' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _patched(tmp_path: Path, name: str, at: bytes, offset: int, new: bytes) -> Path:
    """The real NBS .xls with ``new`` written ``offset`` bytes after the first ``at``."""
    data = bytearray(NBS.read_bytes())
    i = data.index(at) + offset
    data[i:i + len(new)] = new
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


#: the workbook globals' BOF record (BIFF8, dt=5): the record after it is where Excel writes FILEPASS
_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"


@pytest.mark.parametrize("name, at, offset, new, found", [
    # a FILEPASS record (0x002F) where a password-protected workbook has it, right after the BOF
    ("protected.xls", _BOF, 20, b"\x2f\x00", "a password-protected workbook (remove the password in Excel)"),
    # the compound file holds no 'Workbook' stream: an encrypted .xlsx or another Office file
    ("secret.xlsx", "Workbook".encode("utf-16-le"), 0, "X".encode("utf-16-le"),
     "an Office file holding no .xls workbook (a password-protected .xlsx?)"),
])
def test_a_protected_or_foreign_ole2_file_is_one_line_and_nothing_is_written(
        tmp_path, mini_bundled_path, monkeypatch, capsys, name, at, offset, new, found):
    ws = seeded_workspace(tmp_path, mini_bundled_path)
    src = _patched(tmp_path, name, at, offset, new)
    assert refused(ws, src, monkeypatch, capsys) == [
        f"{name}: row 1, column (file): expected an Excel .xls workbook, found '{found}'"]


def test_years_past_a_break_in_the_header_are_named_not_dropped_silently(conn, tmp_path):
    """Sheet '1' heads 2017 twice (two editions of the Oslo Manual) with a blank between: only the
    run up to the break is read, and the summary names the years left unread."""
    summary = run_import(conn, ROSSTAT)
    assert ("sheet '1': years 2018–2024 (the header's years break off after 2017: a blank or repeated "
            "year; only 2010–2017 read)") in summary.text()
    periods = {r["period"] for r in exported(conn, tmp_path) if r["place_code"] == "RU"}
    assert "2018" not in periods and "2017" in periods
