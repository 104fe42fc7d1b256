"""The wizard asks once for what a recognised layout's file lacks (a customs export's flow)
and cannot go on without it; the answer is each row's value."""
from __future__ import annotations

from pathlib import Path

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
    wizard.next()                                  # -> preview
    assert "Layout: gacc" in wizard.preview_page.format_label.text()
    wizard.next()                                  # -> mapping, with the one question
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
