from pathlib import Path
import pytest
from tests.ui.test_import_wizard import open_wizard
from tests.ui.test_import_wizard_preview import to_preview, wait_preview

OUT = Path("/tmp/indicators-shots"); OUT.mkdir(exist_ok=True)
SIZES = [(900, 620), (1000, 584), (780, 520)]

def shot(w, name):
    for W, H in SIZES:
        w.resize(W, H)
        from PySide6.QtWidgets import QApplication
        QApplication.processEvents()
        w.grab().save(str(OUT / f"{name}-{W}x{H}.png"))

def test_shots(qtbot, window, tmp_path):
    wizard = open_wizard(qtbot, window, Path("/work/shared/real-files/gem_ggit_pipelines_RU_CN_MN.csv"))
    page = to_preview(qtbot, wizard)
    shot(wizard, "gem-preview")
    wizard.reject()
    path = tmp_path / "units.csv"
    path.write_text("period,reporter,partner,flow,value\n" + "".join(
        f"{2015 + i},Rossiya,China,export,{i}.5\n" for i in range(4)), encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    page = to_preview(qtbot, wizard)
    page.asks["unit"].setEditText("bcm/d")
    wait_preview(qtbot, page)
    shot(wizard, "nounit-preview")
    page.tabs.setCurrentIndex(2)
    shot(wizard, "nounit-units-tab")
    wizard.next(); wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.done, timeout=30000)
    shot(wizard, "nounit-check")
    wizard.reject()
    wizard = open_wizard(qtbot, window, Path("/work/shared/real-files/comtradeplus_TradeData_CHN_imports_2022.csv"))
    page = to_preview(qtbot, wizard)
    shot(wizard, "comtrade-preview")
    wizard.import_button.click()
    qtbot.waitUntil(lambda: wizard.import_page.done, timeout=60000)
    shot(wizard, "comtrade-done")
    wizard.accept()

def test_shots_more(qtbot, window, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("period,reporter,partner,flow,value,unit\n" + "".join(
        f"{2015 + i},Rossiya,China,export,{i}.5,bcm/d\n" for i in range(4)), encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    shot(wizard, "file-page")
    page = to_preview(qtbot, wizard)
    shot(wizard, "units-preview")
    page.tabs.setCurrentIndex(2)
    shot(wizard, "units-tab")
    wizard.next()
    shot(wizard, "mapping-page")
    wizard.reject()
