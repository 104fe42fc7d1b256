"""A UN Comtrade file in the Trade pane's commodity stack: each code's description in the legend,
the TOTAL row and the World partner not stacked on their own parts."""
from __future__ import annotations

import pytest

from tests.conftest import open_window

HEADER = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
          "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,classificationCode,cmdCode,cmdDesc,"
          "aggrLevel,isLeaf,primaryValue,isAggregate\n")
ROWS = [("643", "RUS", "Russia", "TOTAL", "All Commodities", 9_000_000_000),
        ("643", "RUS", "Russia", "27", "Mineral fuels, mineral oils", 6_000_000_000),
        ("0", "W00", "World", "27", "Mineral fuels, mineral oils", 8_000_000_000),
        ("643", "RUS", "Russia", "44", "Wood and articles of wood", 1_000_000_000)]


@pytest.fixture
def pane(qtbot, mini_bundled_path, tmp_path):
    from explorer.data.db import Store
    from explorer.data.importing import run_import

    store = Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path)
    path = tmp_path / "TradeData.csv"
    path.write_text(HEADER + "".join(f"C,A,2022,2022,52,2022,156,CHN,China,M,Import,{code},{iso},{name},H6,"
                                     f"{cmd},{desc!r},2,False,{v},False\n".replace("'", '"')
                                     for code, iso, name, cmd, desc, v in ROWS), encoding="utf-8")
    conn = store.connect()
    run_import(conn, path)
    conn.close()
    with open_window(qtbot, store, "trade") as win:
        yield win.pane("trade")


def test_commodity_legend_names_each_code_and_leaves_aggregates_out(qtbot, pane):
    qtbot.waitUntil(lambda: pane.charts.tabs.isTabVisible(4), timeout=15000)
    pane.charts.tabs.setCurrentIndex(4)
    chart = pane.charts.commodities
    qtbot.waitUntil(lambda: chart.stack is not None, timeout=15000)
    labels = [label.text for _item, label in chart.legend.items]
    assert labels == ["H6:27 Mineral fuels, mineral oils", "H6:44 Wood and articles of wood"]
    assert chart.stack.total(2022) == pytest.approx(7.0)          # USD bn: 6 + 1, never + 9 (TOTAL) + 8 (World)
