"""A TimelineJS sheet with its Group column empty and no title row: the wizard asks once for the
corridor of the whole sheet (the CLI's --set corridor=NAME), and every event lands on it."""
from __future__ import annotations

from tests.ui.test_import_wizard import advance_to_check, dump, open_wizard
from tests.ui.wizard_helpers import to_columns

SHEET = ("Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Type,Group\n"
         "2019,12,2,,,,,,,Pipeline opened,<p>First gas</p>,,,\n"
         "2014,5,21,,,,,,,Contract signed,,,,\n")


def test_wizard_asks_for_the_corridor_a_timeline_sheet_lacks(qtbot, window, tmp_path):
    path = tmp_path / "timeline.csv"
    path.write_text(SHEET, encoding="utf-8")
    before = dump(window.ctx.conn)
    wizard = open_wizard(qtbot, window, path)
    check = advance_to_check(qtbot, wizard)
    assert "corridor" in check.report.toPlainText() and not check.isComplete()
    assert dump(window.ctx.conn) == before
    wizard.back()
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.mapping_page.corridor_edit.isVisibleTo(wizard.mapping_page)
    wizard.mapping_page.corridor_edit.setText("Eastern route")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.done, timeout=30000)
    assert "would add 2" in wizard.check_page.report.toPlainText(), wizard.check_page.report.toPlainText()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=30000)
    got = window.ctx.conn.execute("SELECT c.name_en, e.date, e.description FROM events e "
                                  "JOIN all_corridors c ON c.corridor_id = e.subject_id ORDER BY e.date").fetchall()
    assert got == [("Eastern route", "2014-05-21", "Contract signed"),
                   ("Eastern route", "2019-12-02", "Pipeline opened — First gas")]
    wizard.accept()


def test_wizard_hides_the_corridor_field_for_other_subjects(qtbot, window, tmp_path):
    path = tmp_path / "pipes.csv"
    path.write_text("ProjectID;PipelineName;Status;Capacity;CapacityUnits\nP1;Amur Link;Operating;10;bcm/y\n",
                    encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    to_columns(qtbot, wizard)
    assert not wizard.mapping_page.corridor_edit.isVisibleTo(wizard.mapping_page)
    wizard.reject()
