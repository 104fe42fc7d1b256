"""More real publisher files found in public repositories (round PROBE; the table of every
file tried and its outcome is tests/fixtures/import/heldout/PROBE-2026-12-01.md), imported as
published and read back through the panes' export."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from tests.data.import_helpers import dump, exported_imports

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "heldout"
NBS = "National Bureau of Statistics of China"


def trade(rows: list[dict], reporter: str, partner: str, flow: str, commodity: str, period: str) -> list[tuple]:
    """(value, unit, precision, description) of the exported trade rows with this key."""
    return [(r["value"], r["unit"], r["period_precision"], r["description"]) for r in rows
            if (r["reporter"], r["partner"], r["flow"], r["commodity"], r["period"])
            == (reporter, partner, flow, commodity, period)]


def indicator(rows: list[dict], name: str, place: str, period: str) -> list[tuple]:
    """(value, unit, publisher) of the exported indicator rows with this key."""
    return [(r["value"], r["unit"], r["publisher"]) for r in rows
            if (r["indicator"], r["place"], r["period"]) == (name, place, period)]


# -- China NBS: a table turned with the years down the rows under the corner '指标' --------------

def test_nbs_years_down_the_rows_under_an_indicator_corner_are_periods_not_places(ws, tmp_path):
    s = run_import(ws, HELDOUT / "nbs" / "nbs_annual_vehicles_years_down_rows.csv")
    assert (s.layout, s.added) == ("nbs", 5 * 14)
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "民用汽车拥有量", "China", "2023") == [("32911.55", "万辆", NBS)]
    assert indicator(rows, "民用重型载货汽车拥有量", "China", "2021") == [("907.09", "万辆", NBS)]
    assert indicator(rows, "机动车驾驶员人数", "China", "2019") == [("43636.74", "ten thousand persons", NBS)]
    # every row is a year: none of them became a place or an indicator
    assert {r["period"] for r in rows} == {"2019", "2020", "2021", "2022", "2023"}


def test_nbs_turned_table_keeps_each_columns_own_unit(ws, tmp_path):
    s = run_import(ws, HELDOUT / "nbs" / "nbs_annual_accidents_years_down_rows.csv")
    assert (s.layout, s.added) == ("nbs", 9 * 3)
    rows = exported_imports(ws, tmp_path, "indicators")
    assert indicator(rows, "交通事故发生数总计", "China", "2015") == [("187781", "起", NBS)]
    assert indicator(rows, "交通事故死亡人数总计", "China", "2015") == [("58022", "persons", NBS)]
    assert indicator(rows, "交通事故直接财产损失总计", "China", "2023") == [("117933", "ten thousand CNY", NBS)]


# -- UN Comtrade classic: a column subset without Reporter and Partner ----------------------------

def test_comtrade_classic_subset_without_reporter_or_partner_asks_for_them_once(ws, tmp_path):
    path = HELDOUT / "comtrade" / "comtrade_classic_subset_no_reporter_partner.csv"
    before = dump(ws)
    with pytest.raises(ImportRejected) as refused:
        run_import(ws, path)
    report = refused.value.report()
    # the file is recognised by its 'Trade Value (US$)': it asks for what it lacks, not for a 'value'
    assert "--set reporter=" in report and "--set partner=" in report
    assert "'value'" not in report
    assert dump(ws) == before
    s = run_import(ws, path, mapping={"constants": {"reporter": "Bangladesh", "partner": "World"}})
    assert (s.layout, s.added) == ("comtrade_classic", 54)
    rows = exported_imports(ws, tmp_path, "trade")
    assert trade(rows, "Bangladesh", "World", "import", "5208", "2012") == [(
        "1447049838", "USD", "year",
        "Woven fabrics of cotton, containing 85% or more by weight of cotton, weighing not more than 200 g/m2")]
    assert trade(rows, "Bangladesh", "World", "export", "5208", "1989") == [(
        "146952", "USD", "year", "Woven cotton fabric, >85% cotton, < 200g/m2")]
