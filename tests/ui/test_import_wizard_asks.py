"""The wizard asks once for what a recognised layout's file lacks (a customs export's flow)
and cannot go on without it; the answer is each row's value."""
from __future__ import annotations


from tests.ui.wizard_helpers import leave_file_page

GACC = ('"数据年月","商品编码","商品名称","贸易伙伴编码","贸易伙伴名称","贸易方式名称","美元",\r\n'
        '"202301","27011100","无烟煤","143","俄罗斯联邦","一般贸易","2,000,000",\r\n'
        '"202301","27011100","无烟煤","344","Hong Kong，China","一般贸易","1,234,567",\r\n')

def test_wizard_asks_for_the_flow_a_customs_export_lacks(qtbot, window, tmp_path):
    path = tmp_path / "customs.csv"
    path.write_bytes(GACC.encode("gbk"))
    action = next(a for a in window.parts.actions("import") if a.text() == "&Import…")
    action.trigger()
    wizard = window.parts.get("import_wizard")
    qtbot.waitUntil(wizard.isVisible)
    wizard.file_page.path_edit.setText(str(path))
    leave_file_page(qtbot, wizard)                 # -> preview
    assert "Layout: gacc" in wizard.preview_page.format_label.text()
    qtbot.waitUntil(lambda: wizard.preview_page.preview is not None, timeout=30000)
    assert not wizard.next_imports()               # the flow is not given yet
    wizard.adjust_columns()                        # -> mapping, with the one question
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    assert list(page.asks) == ["flow"]
    assert not page.isComplete()                   # no flow, no going on
    flow = page.asks["flow"]
    flow.setCurrentIndex(flow.findData("export"))
    assert page.isComplete()
    wizard.next()                                  # -> check
    qtbot.waitUntil(lambda: wizard.check_page.done, timeout=30000)
    assert "would add 2" in wizard.check_page.report.toPlainText(), wizard.check_page.report.toPlainText()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=30000)
    rows = window.ctx.conn.execute("SELECT partner, flow, commodity, period, value FROM trade_figures "
                                   "WHERE source_file = 'customs.csv' ORDER BY source_row").fetchall()
    assert rows == [("russia", "export", "HS:27011100 · 一般贸易", "2023-01", 2000000.0),
                    ("Hong Kong", "export", "HS:27011100 · 一般贸易", "2023-01", 1234567.0)]
    wizard.accept()


def test_the_preview_page_asks_for_the_flow_once_and_imports_in_one_click(qtbot, window, store, tmp_path):
    """Asked on the first page that shows the file; given, the file imports from there, and the
    command line's --set flow=export stores the same rows."""
    from tests.ui.test_import_wizard import open_wizard
    from tests.ui.test_import_wizard_preview import cli_rows, history_mapping, import_now, to_preview, wait_preview

    path = tmp_path / "customs.csv"
    path.write_bytes(GACC.encode("gbk"))
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    assert page.format_label.text().startswith("Recognised: China Customs (GACC) statistics export (")
    assert list(page.asks) == ["flow"]
    assert not page.isComplete() and not wizard.next_imports()
    flow = page.asks["flow"]
    flow.setCurrentIndex(flow.findData("export"))
    assert page.isComplete()
    wait_preview(qtbot, page)
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    sql = ("SELECT period, reporter, partner, flow, value, unit FROM trade_figures WHERE source_file = ? "
           "ORDER BY source_row")
    rows = window.ctx.conn.execute(sql, (path.name,)).fetchall()
    assert [(r[2], r[3], r[4]) for r in rows] == [("russia", "export", 2000000.0), ("Hong Kong", "export", 1234567.0)]
    assert history_mapping(window.ctx.conn)["constants"]["flow"] == "export"
    assert cli_rows(store, tmp_path, path, "--set", "flow=export") == rows
    wizard.accept()


def test_the_preview_page_asks_for_the_corridor_of_a_timeline_sheet(qtbot, window, tmp_path):
    from tests.ui.test_import_wizard import open_wizard
    from tests.ui.test_import_wizard_preview import import_now, to_preview, wait_preview

    path = tmp_path / "timeline.csv"
    path.write_text("Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
                    "Type,Group\n2019,12,2,,,,,,,Pipeline opened,<p>First gas</p>,,,\n", encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    assert list(page.asks) == ["corridor"]
    assert page.preview.problems and not wizard.next_imports()      # no title row names one
    page.asks["corridor"].setText("Eastern route")
    wait_preview(qtbot, page)
    done = import_now(qtbot, wizard)
    assert done.ok, done.report.toPlainText()
    got = window.ctx.conn.execute("SELECT c.name_en, e.date FROM events e JOIN all_corridors c "
                                  "ON c.corridor_id = e.subject_id WHERE e.source_file = 'timeline.csv'").fetchall()
    assert got == [("Eastern route", "2019-12-02")]
    wizard.accept()
