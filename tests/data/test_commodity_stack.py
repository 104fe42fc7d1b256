"""The top-N-commodities stacked view on a small generated workspace (synthetic
figures, never bundled): its yearly totals equal the SQL sums, by the exact
GROUP BY and from the rollup alike, and the period range narrows the years."""
from __future__ import annotations

import random

import pytest

from explorer.data import indexes
from explorer.data import trade_rollups as rollups
from explorer.data import trade_series as ts
from explorer.data.filters import Filter
from explorer.data.units import Rates


def generate(conn, commodities=12, years=(2021, 2022, 2023)):
    rnd = random.Random(7)
    rows = []
    for c in range(commodities):
        for y in years:
            for m in range(1, 13, 3):
                unit = "million USD" if (c + m) % 2 else "billion USD"
                rows.append((f"syn-{c}-{y}-{m}", "trade", "value", "china", "russia", "import", f"{y}-{m:02d}",
                             "month", round(rnd.uniform(1, 500), 3), unit, "actual", f"HS{c:02d} synthetic"))
    with conn:
        conn.executemany("INSERT INTO trade_figures(figure_id, topic, measure, reporter, partner, flow, period, "
                         "period_precision, value, unit, status, commodity) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def sql_sums(conn, where=""):
    return dict(conn.execute(
        "SELECT CAST(substr(period, 1, 4) AS INTEGER), sum(value * CASE unit WHEN 'million USD' THEN 0.001 "
        f"ELSE 1 END) FROM main.trade_figures WHERE commodity IS NOT NULL AND measure = 'value'{where} GROUP BY 1"))


@pytest.mark.parametrize("rolled_up", [False, True])
def test_stacked_totals_equal_the_sql_sums(conn, rolled_up):
    generate(conn)
    if rolled_up:
        with conn:
            indexes.refresh_rollups(conn, ["trade_figures"], analyze=False)
    assert rollups.commodity_rollup_is_quick(conn, Filter()) is rolled_up
    assert rollups.has_commodities(conn)
    stack = ts.commodity_stack(rollups.commodity_rollup(conn, Filter()), "USD bn", Rates(), top=5)
    assert len(stack.groups) == 6 and stack.groups[-1][0] == "other (7 commodities)"
    expected = sql_sums(conn)
    assert stack.years == sorted(expected)
    for year, total in expected.items():
        assert stack.total(year) == pytest.approx(total, rel=1e-9)
    assert stack.rows[2022] == 12 * 4
    ranged = ts.commodity_stack(rollups.commodity_rollup(conn, Filter(ranges={"period": ("2022", "2022")})),
                                "USD bn", Rates(), top=5)
    assert ranged.years == [2022] and ranged.total(2022) == pytest.approx(expected[2022], rel=1e-9)
    # a facet the rollup does not hold: the exact GROUP BY, same sums
    exact = ts.commodity_stack(rollups.commodity_rollup(conn, Filter(facets={"status": "actual"})), "USD bn", Rates())
    assert exact.total(2023) == pytest.approx(expected[2023], rel=1e-9)


def test_no_commodity_rows_no_view(conn):
    assert not rollups.has_commodities(conn)
    assert rollups.commodity_rollup(conn, Filter()) == []


def test_a_breakdown_is_never_stacked_on_its_whole():
    """Comtrade rows by mode of transport ('H2:252310 · Sea') beside the all-modes row of the same
    code were stacked on top of it: the sea figure counted twice. A breakdown of a total is no
    commodity; breakdowns with no whole row beside them are the code's parts and stack."""
    rows = [(2022, "H2:252310", "USD", 100.0, 1), (2022, "H2:252310 · Sea", "USD", 60.0, 1),
            (2022, "H2:TOTAL", "USD", 500.0, 1), (2022, "H2:TOTAL · Sea", "USD", 300.0, 1),
            (2022, "H2:2701 · General trade", "USD", 7.0, 1), (2022, "H2:2701 · Processing trade", "USD", 3.0, 1),
            (2022, "H2:27", "USD", 10.0, 1), (2022, "H2:2710 · Sea", "USD", 2.0, 1)]
    assert sorted(r[1] for r in ts.leaf_commodities(rows)) == [
        "H2:252310", "H2:2701 · General trade", "H2:2701 · Processing trade", "H2:2710 · Sea"]
