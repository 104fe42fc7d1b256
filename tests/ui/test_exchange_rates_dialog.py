"""The official annual rates as an analyst meets them: the Trade pane's "CNY bn"
draws the 2021, 2022 and 2024 bars, and the Exchange rates dialog lists each
rate with what it rests on and its citation."""
from __future__ import annotations

import pytest

from tests.conftest import dispose_window


@pytest.fixture
def trade(qtbot, store):
    from explorer.ui.launch import create_window

    win = create_window(store, "trade")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    pane = win.pane("trade")
    qtbot.waitUntil(lambda: pane.is_ready, timeout=15000)
    yield pane
    dispose_window(win)


def _bilateral_tips(pane) -> dict[str, str]:
    return {h.key: h.tip for h in pane.charts.bilateral.hits
            if h.key.startswith("tf-cn-ru-trade-") and h.rect is not None}      # bars, not growth points


def test_cny_unit_draws_every_annual_bar(qtbot, trade):
    trade.set_unit("CNY bn")
    qtbot.waitUntil(lambda: not trade._redraw_timer.isActive(), timeout=5000)
    qtbot.waitUntil(lambda: "tf-cn-ru-trade-2024" in _bilateral_tips(trade), timeout=5000)
    tips = _bilateral_tips(trade)
    assert set(tips) == {"tf-cn-ru-trade-2021", "tf-cn-ru-trade-2022", "tf-cn-ru-trade-2023",
                         "tf-cn-ru-trade-2024"}
    bar = next(h for h in trade.charts.bilateral.hits if h.key == "tf-cn-ru-trade-2022")
    # 190.57 USD bn × 6.73715811237119 CNY per USD (World Bank WDI, 2022) = 1,283.9 CNY bn
    assert bar.rect.height() == pytest.approx(190.57 * 6.73715811237119, rel=1e-12)


def test_dialog_lists_each_rate_with_its_basis_and_citation(qtbot, trade):
    from explorer.ui.dialogs.exchange_rates import HEADERS

    dialog = trade.edit_rates()
    qtbot.addWidget(dialog)
    col = {name: HEADERS.index(name) for name in HEADERS}
    rows = {(dialog.table.item(r, col["Year"]).text(), dialog.table.item(r, col["Currency"]).text()):
            {name: dialog.table.item(r, i).text() for name, i in col.items()}
            for r in range(dialog.table.rowCount())}
    cny22 = rows[("2022", "CNY")]
    assert cny22["Per USD"] == "6.73715811237119"
    assert cny22["Basis"] == "external to the documents (official annual average)"
    assert "World Bank, World Development Indicators, indicator PA.NUS.FCRF" in cny22["Source"]
    assert rows[("2023", "RUB")]["Per USD"] == "85.1620083333333"
    assert rows[("2023", "CNY")]["Basis"] == "implied by a document's own conversion"
    assert ("2024", "RUB") not in rows              # the publisher's file has no 2024 value
    dialog.close()
