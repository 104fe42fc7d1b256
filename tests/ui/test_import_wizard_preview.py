"""The wizard's preview page, as issue 15 asks: the recognised publisher, the sheet and the header
row (editable), each column's first values exactly as they will be stored, fields for what the
whole file lacks, unknown units and places mapped (saved with the import, and the same mapping
given to the command line stores the same rows), problems grouped; a recognised real file
imports with one click."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from explorer.data.importing.preview import nearest_units
from tests.ui.test_import_wizard import dump, open_wizard
from tests.ui.wizard_helpers import leave_file_page

REAL = Path("/work/shared/real-files")
CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "import"
REPO = Path(__file__).resolve().parents[2]
TRADE = "SELECT period, reporter, partner, flow, value, unit FROM trade_figures WHERE source_file = ? ORDER BY source_row"


def to_preview(qtbot, wizard):
    leave_file_page(qtbot, wizard)
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.preview is not None, timeout=30000)
    return page


def wait_preview(qtbot, page):
    """Wait for the preview computed after the last change (changes start a new one after a pause)."""
    qtbot.waitUntil(lambda: page.preview is None or page._again.isActive(), timeout=5000)
    qtbot.waitUntil(lambda: page.preview is not None and not page._again.isActive(), timeout=30000)


def column_texts(page, header: str) -> list[str]:
    table = page.columns_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == header)
    return [table.item(row, c).text() for c in range(2, table.columnCount()) if table.item(row, c).text()]


def import_now(qtbot, wizard):
    """The one Next a recognised, complete file needs: the button says Import and leads to the import."""
    next_button = wizard.button(wizard.WizardButton.NextButton)
    assert wizard.next_imports() and next_button.isEnabled() and next_button.text().replace("&", "") == "Import"
    assert wizard.adjust_button.isVisible()              # the columns stay one button away
    next_button.click()
    page = wizard.import_page
    assert wizard.currentPage() is page
    qtbot.waitUntil(lambda: page.done, timeout=60000)
    return page


def history_mapping(conn) -> dict:
    return json.loads(conn.execute("SELECT mapping_json FROM imports ORDER BY import_id DESC").fetchone()[0])


def cli_rows(store, tmp_path, path: Path, *args: str) -> list[tuple]:
    """The rows the command line stores for ``path`` in a fresh workspace."""
    ws = tmp_path / f"cli-{len(list(tmp_path.glob('cli-*')))}.sqlite"
    run = subprocess.run([sys.executable, "-m", "explorer", "--db", str(ws), "import", str(path), *args],
                         capture_output=True, text=True, cwd=REPO, timeout=300,
                         env={**os.environ, "AMUR_BUNDLED_DB": str(store.bundled)})
    assert run.returncode == 0, run.stderr
    return sqlite3.connect(ws).execute(TRADE, (path.name,)).fetchall()


@pytest.mark.parametrize("name, sql, expected", [
    ("owid_trade-as-share-of-gdp.csv",
     "SELECT value, unit FROM indicators WHERE place = 'china' AND period = '2022'", [(37.44072, "% of GDP")]),
    ("comtradeplus_TradeData_CHN_imports_2022.csv",
     "SELECT value, unit FROM trade_figures WHERE reporter = 'china' AND partner = 'russia' AND flow = 'import' "
     "AND period = '2022'", [(114148970877.0, "USD")]),
])
def test_a_recognised_real_file_imports_with_one_click(qtbot, window, name, sql, expected):
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    assert page.preview.problems == [] and page.ready_to_import()
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    assert "added" in done.report.toPlainText()
    assert window.ctx.conn.execute(sql).fetchall() == expected
    wizard.accept()


def test_the_preview_names_the_publisher_and_shows_values_as_stored(qtbot, window):
    path = REAL / "gem_ggit_pipelines_RU_CN_MN.csv"
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    before = dump(window.ctx.conn)
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    label = page.format_label.text()
    assert label.startswith("Recognised: Global Energy Monitor tracker (") and "header on row 1" in label
    assert page.header_spin.value() == 1
    assert column_texts(page, "Capacity") == ["80 → 80 bcm/yr", "16 → 16 bcm/yr", "57.5 → 57.5 bcm/yr"]
    assert column_texts(page, "StartYear1")[0] == "2003.0 → 2003 (year)"
    assert dump(window.ctx.conn) == before                 # nothing imported by looking
    wizard.reject()


def test_the_header_row_can_be_given_and_is_saved_with_the_import(qtbot, window, tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text("Trade of China with Russia, as the ministry sent it\n"
                    "period,partner,note\n"
                    "period,reporter,partner,flow,value,unit\n"
                    "2023,China,Russia,export,1.5,billion USD\n", encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    assert not page.ready_to_import()                     # the title line is no header
    page.header_spin.setValue(3)
    page.header_spin.editingFinished.emit()
    assert not wizard.next_imports()               # the header is read again, off the UI thread
    qtbot.waitUntil(lambda: "header on row 3" in page.format_label.text(), timeout=30000)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=30000)
    assert column_texts(page, "value") == ["1.5 → 1.5 billion USD"]
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    assert window.ctx.conn.execute(TRADE, (path.name,)).fetchall() == [
        ("2023", "china", "russia", "export", 1.5, "billion USD")]
    assert history_mapping(window.ctx.conn)["header_row"] == 3
    wizard.accept()


def test_a_file_without_a_unit_is_given_one_for_the_whole_file(qtbot, window, store, tmp_path):
    path = tmp_path / "nounit.csv"
    path.write_text("period,reporter,partner,flow,value\n2023,Russia,China,export,28.5\n"
                    "2024,Russia,China,export,38\n", encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    assert list(page.asks) == ["unit"]
    assert not page.isComplete() and not wizard.next_imports()
    page.asks["unit"].setEditText("cubic furlongs")         # not a unit anyone knows: still asked
    assert not page.isComplete()
    page.asks["unit"].setEditText("bcm/year")
    assert page.isComplete()
    wait_preview(qtbot, page)
    assert column_texts(page, "value") == ["28.5 → 28.5 bcm/yr", "38 → 38 bcm/yr"]
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    rows = window.ctx.conn.execute(TRADE, (path.name,)).fetchall()
    assert rows == [("2023", "russia", "china", "export", 28.5, "bcm/yr"),
                    ("2024", "russia", "china", "export", 38.0, "bcm/yr")]
    assert history_mapping(window.ctx.conn)["constants"]["unit"] == "bcm/year"
    assert cli_rows(store, tmp_path, path, "--set", "unit=bcm/year") == rows
    wizard.accept()


def test_an_unknown_unit_is_mapped_to_a_near_one_and_the_cli_takes_the_saved_mapping(qtbot, window, store,
                                                                                     tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("period,reporter,partner,flow,value,unit\n" + "".join(
        f"{2015 + i},Russia,China,export,{i}.5,bcm/d\n" for i in range(4)), encoding="utf-8")
    before = dump(window.ctx.conn)
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    assert page.problems.toPlainText() == ("rows 2–5 (4 rows), column unit: unit 'bcm/d' not known — "
                                           "nearest: " + ", ".join(nearest_units("bcm/d")))
    assert not wizard.next_imports()
    assert page.units_table.item(0, 0).text() == "bcm/d  (4 rows)"
    combo = page.units_table.cellWidget(0, 1)
    near = nearest_units("bcm/d")
    assert near[0] == "bcm/yr"
    assert [combo.itemText(i) for i in range(1, 1 + len(near))] == [f"{u}  (near)" for u in near]
    combo.setCurrentIndex(combo.findData("bcm/yr"))
    wait_preview(qtbot, page)
    assert page.problems.toPlainText() == "" and page.ready_to_import()
    assert column_texts(page, "unit")[0] == "bcm/d → bcm/yr"
    assert dump(window.ctx.conn) == before
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    rows = window.ctx.conn.execute(TRADE, (path.name,)).fetchall()
    assert rows == [(str(2015 + i), "russia", "china", "export", i + 0.5, "bcm/yr") for i in range(4)]
    saved = history_mapping(window.ctx.conn)
    assert saved["units"] == {"bcm/d": "bcm/yr"}
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(json.dumps(saved), encoding="utf-8")
    assert cli_rows(store, tmp_path, path, "--mapping", str(mapping_file)) == rows
    wizard.accept()


def test_an_unknown_place_is_mapped_in_the_preview(qtbot, window, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("period,reporter,partner,flow,value,unit\n2023,Rossiya,China,export,1.5,billion USD\n",
                    encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    assert column_texts(page, "reporter") == ["Rossiya → Rossiya (not a known place: kept as written)"]
    assert page.places_table.item(0, 0).text() == "Rossiya  (1 row)"
    combo = page.places_table.cellWidget(0, 1)
    combo.setCurrentIndex(combo.findData("russia"))
    wait_preview(qtbot, page)
    assert column_texts(page, "reporter") == ["Rossiya → russia"]
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    assert window.ctx.conn.execute(TRADE, (path.name,)).fetchall() == [
        ("2023", "russia", "china", "export", 1.5, "billion USD")]
    assert history_mapping(window.ctx.conn)["places"] == {"Rossiya": "russia"}
    wizard.accept()


def test_the_check_page_groups_a_unit_problem_and_maps_the_unit(qtbot, window, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("period,reporter,partner,flow,value,unit\n" + "".join(
        f"{2015 + i},Russia,China,export,{i}.5,bcm/d\n" for i in range(3)), encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    to_preview(qtbot, wizard)
    assert not wizard.next_imports()
    wizard.next()                                    # -> columns (a unit problem: Next does not import)
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()                                    # -> check
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.done, timeout=30000)
    assert check.report.toPlainText() == ("units.csv: rows 2–4 (3 rows), column unit: unit 'bcm/d' not known — "
                                          "nearest: " + ", ".join(nearest_units("bcm/d")))
    combo = check.units_table.cellWidget(0, 1)
    combo.setCurrentIndex(combo.findData("bcm/yr"))
    check.units_button.click()
    qtbot.waitUntil(lambda: check.done, timeout=30000)
    assert check.ok and "would add 3" in check.report.toPlainText(), check.report.toPlainText()
    wizard.reject()


def test_a_refused_import_from_the_preview_can_go_back(qtbot, window, tmp_path):
    """The preview reads the first rows only; a bad cell further down refuses the import, which
    says so and lets the analyst go back."""
    path = tmp_path / "late.csv"
    path.write_text("period,reporter,partner,flow,value,unit\n" + "".join(
        f"{1950 + i},Russia,China,export,{i},USD\n" for i in range(60)) + "2020,Russia,China,export,n/a,USD\n",
        encoding="utf-8")
    before = dump(window.ctx.conn)
    wizard = open_wizard(qtbot, window, path)
    to_preview(qtbot, wizard)
    done = import_now(qtbot, wizard)
    assert not done.ok
    assert done.report.toPlainText().startswith("late.csv: row 62, column value: expected a number")
    assert dump(window.ctx.conn) == before
    assert wizard.button(wizard.WizardButton.BackButton).isVisible()
    wizard.back()
    assert wizard.currentPage() is wizard.preview_page
    wizard.reject()


def test_a_decimal_mark_the_first_rows_leave_open_is_decided_by_the_whole_file(qtbot, window, tmp_path):
    """'1,234' reads two ways; the preview (first rows only) says so but does not stop the import,
    which decides the column from all its cells: a later '2,5' makes the comma the decimal mark."""
    path = tmp_path / "marks.csv"
    path.write_text("period;reporter;partner;flow;value;unit\n" + "".join(
        f"{1950 + i};Russia;China;export;1,234;Mt\n" for i in range(60)) + "2020;Russia;China;export;2,5;Mt\n",
        encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    assert page.preview.problems and page.ready_to_import()
    assert column_texts(page, "value")[0] == "1,234 (1234 or 1.234: the whole file decides, or you do)"
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    values = [v for (v,) in window.ctx.conn.execute(
        "SELECT value FROM trade_figures WHERE source_file = 'marks.csv' ORDER BY source_row")]
    assert values == [1.234] * 60 + [2.5]
    wizard.accept()


def test_choices_made_for_one_file_do_not_carry_over_to_another(qtbot, window, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    for path in (first, second):
        path.write_text("period,reporter,partner,flow,value\n2023,Russia,China,export,28.5\n", encoding="utf-8")
    wizard = open_wizard(qtbot, window, first)
    page = to_preview(qtbot, wizard)
    page.asks["unit"].setEditText("bcm/yr")
    wait_preview(qtbot, page)
    wizard.back()                                            # the same file again: the answer is kept
    leave_file_page(qtbot, wizard)
    assert page.asks["unit"].currentText() == "bcm/yr"
    wizard.back()
    wizard.file_page.path_edit.setText(str(second))
    leave_file_page(qtbot, wizard)
    assert page.asks["unit"].currentText() == "" and not page.isComplete()
    wizard.reject()


def slow_detection(monkeypatch) -> threading.Event:
    """Detection that waits until the test lets it go (as a big file's encoding check would)."""
    from explorer.ui.dialogs import import_wizard

    release = threading.Event()
    real = import_wizard.detect_file

    def waiting(request):
        assert release.wait(30), "the test never let the detection go"
        return real(request)

    monkeypatch.setattr(import_wizard, "detect_file", waiting)
    return release


def test_a_slow_detection_leaves_the_wizard_responsive_and_goes_on_by_itself(qtbot, window, monkeypatch):
    release = slow_detection(monkeypatch)
    path = CORPUS / "good_comtrade.csv"
    wizard = open_wizard(qtbot, window, path)
    page = wizard.file_page
    wizard.next()
    qtbot.waitUntil(lambda: page.error.text() == f"Reading {path.name}…", timeout=5000)
    assert wizard.currentPage() is page and not page.isComplete()      # Next is not pressed twice
    ticked = []
    QTimer.singleShot(0, lambda: ticked.append(True))                   # the UI thread still runs its events
    qtbot.waitUntil(lambda: bool(ticked), timeout=5000)
    page.encoding_combo.showPopup()                                     # and answers the analyst
    page.encoding_combo.hidePopup()
    assert wizard.currentPage() is page
    release.set()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview_page, timeout=30000)
    assert page.error.text() == ""
    preview = wizard.preview_page
    assert "Layout: comtrade" in preview.format_label.text()
    assert preview.table.item(0, 14).text() == "0101"               # the first rows, read by the worker
    wizard.reject()


def test_a_detection_for_a_path_since_changed_is_dropped(qtbot, window, monkeypatch, tmp_path):
    release = slow_detection(monkeypatch)
    other = tmp_path / "other.csv"
    other.write_text("period,reporter,partner,flow,value,unit\n2023,China,Russia,export,1.5,USD\n",
                     encoding="utf-8")
    wizard = open_wizard(qtbot, window, CORPUS / "good_comtrade.csv")
    page = wizard.file_page
    wizard.next()
    assert page.reading is not None
    page.path_edit.setText(str(other))                                  # the analyst changes their mind
    release.set()
    flushed = []                       # a job after it: its outcome, if any were delivered, came first
    wizard.reader.run(lambda _job: None, done=flushed.append)
    qtbot.waitUntil(lambda: bool(flushed), timeout=30000)
    assert wizard.currentPage() is page and page.read is None and page.reading is None
    assert page.isComplete() and page.error.text() == ""
    leave_file_page(qtbot, wizard)                                      # Next reads the new path
    assert "other.csv" in wizard.preview_page.format_label.text()
    wizard.reject()


def test_a_detection_for_choices_since_changed_is_dropped(qtbot, window, monkeypatch):
    release = slow_detection(monkeypatch)
    wizard = open_wizard(qtbot, window, CORPUS / "good_comtrade.csv")
    page = wizard.file_page
    wizard.next()
    page.encoding_combo.setCurrentIndex(page.encoding_combo.findData("cp1251"))
    release.set()
    qtbot.waitUntil(lambda: page.reading is None, timeout=30000)
    assert wizard.currentPage() is page and page.read is None and page.isComplete()
    wizard.reject()


def test_a_real_file_is_read_off_the_ui_thread_with_its_first_rows(qtbot, window):
    path = REAL / "owid_trade-as-share-of-gdp.csv"
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    wizard = open_wizard(qtbot, window, path)
    leave_file_page(qtbot, wizard)
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.preview is not None, timeout=30000)
    assert page.format_label.text().startswith("Recognised: Our World in Data grapher CSV (")
    assert page.table.horizontalHeaderItem(3).text() == "Trade (% of GDP)"    # its rows read by the worker
    assert [page.table.item(0, c).text() for c in range(3)] == ["Afghanistan", "AFG", "2020"]
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    wizard.accept()


def test_a_file_that_cannot_be_read_is_said_on_the_first_page(qtbot, window, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    wizard.next()
    qtbot.waitUntil(lambda: "an empty file" in wizard.file_page.error.text(), timeout=30000)
    assert wizard.currentPage() is wizard.file_page and wizard.file_page.isComplete()
    wizard.reject()


def test_a_wizard_opened_on_a_file_starts_at_its_preview(qtbot, window):
    from explorer.ui.dialogs.import_history import open_import_wizard

    wizard = open_import_wizard(window, CORPUS / "good_comtrade.csv")
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview_page, timeout=30000)
    qtbot.waitUntil(wizard.next_imports, timeout=30000)
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    assert window.ctx.conn.execute("SELECT count(*) FROM trade_figures WHERE source_file = 'good_comtrade.csv'"
                                   ).fetchone()[0] == 2
    wizard.accept()


def test_adjust_columns_leads_a_recognised_file_through_the_columns_and_the_check(qtbot, window):
    wizard = open_wizard(qtbot, window, CORPUS / "good_comtrade.csv")
    to_preview(qtbot, wizard)
    qtbot.waitUntil(wizard.next_imports, timeout=30000)
    wizard.adjust_button.click()
    assert wizard.currentPage() is wizard.mapping_page
    assert not wizard.adjust_button.isVisible()
    assert wizard.button(wizard.WizardButton.NextButton).text().replace("&", "") != "Import"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.done, timeout=30000)
    assert "would add 2" in wizard.check_page.report.toPlainText()
    wizard.back()
    wizard.back()                                                       # the preview again: Next imports
    assert wizard.currentPage() is wizard.preview_page
    qtbot.waitUntil(wizard.next_imports, timeout=30000)
    assert wizard.button(wizard.WizardButton.NextButton).text().replace("&", "") == "Import"
    wizard.reject()


def test_a_header_row_past_the_end_is_said_and_the_found_one_kept(qtbot, window, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("period,reporter,partner,flow,value,unit\n2023,China,Russia,export,1.5,billion USD\n",
                    encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    page.header_spin.setValue(40)
    page.header_spin.editingFinished.emit()
    qtbot.waitUntil(lambda: page.preview is not None and "short.csv: row 1, column (header)" in page.status.text(),
                    timeout=30000)
    assert page.header_spin.value() == 1 and page.ready_to_import()
    assert wizard.current_mapping().get("header_row") is None
    wizard.reject()
