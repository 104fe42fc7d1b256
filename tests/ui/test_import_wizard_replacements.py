"""Issue 14: the wizard's check page lists every imported row the import would replace,
old value -> new, before anything is written; the summary page lists what it replaced."""
from __future__ import annotations

from pathlib import Path

from explorer.data.importing import run_import
from tests.ui.test_import_wizard import advance_to_check, dump, open_wizard

HEAD = "period,reporter,partner,flow,commodity,value,unit\n"


def test_check_page_lists_the_rows_it_would_replace(qtbot, window, tmp_path: Path):
    first = tmp_path / "first.csv"
    first.write_text(HEAD + "2017-01,China,Russia,import,27,3159813913,USD\n"
                            "2017-01,China,Russia,export,27,10,USD\n", encoding="utf-8")
    run_import(window.ctx.conn, first)
    revised = tmp_path / "revised.csv"
    revised.write_text(HEAD + "2017-01,China,Russia,import,27,1000,USD\n"
                              "2017-01,China,Russia,export,27,10,USD\n", encoding="utf-8")
    before = dump(window.ctx.conn)
    wizard = open_wizard(qtbot, window, revised)
    page = advance_to_check(qtbot, wizard)
    assert page.isComplete()
    assert page.replaced_label.text() == "This import would replace 1 row imported earlier:"
    table = page.replaced_table
    assert not table.isHidden() and table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(4)] == [
        "2", "measure value, reporter china, partner russia, flow import, commodity 27, period 2017-01, unit USD, "
        "status actual", "3159813913", "1000"]
    assert dump(window.ctx.conn) == before                 # the check wrote nothing
    wizard.next()
    done = wizard.import_page
    qtbot.waitUntil(lambda: done.done, timeout=30000)
    assert done.replaced_label.text() == "This import replaced 1 row imported earlier:"
    assert window.ctx.conn.execute("SELECT value FROM trade_figures WHERE flow = 'import'").fetchall() == [(1000.0,)]
    wizard.accept()


def test_check_page_shows_no_list_when_nothing_is_replaced(qtbot, window):
    wizard = open_wizard(qtbot, window, Path(__file__).resolve().parent.parent / "fixtures" / "import"
                         / "good_trade_utf8.csv")
    page = advance_to_check(qtbot, wizard)
    assert page.isComplete() and page.replaced_table.isHidden() and page.replaced_label.isHidden()
    wizard.reject()
