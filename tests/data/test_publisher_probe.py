"""More real publisher files found in public repositories (round PROBE; the table of every
file tried and its outcome is tests/fixtures/import/heldout/PROBE-2026-12-01.md), imported as
published and read back through the panes' export."""
from __future__ import annotations

from pathlib import Path

from explorer.data.importing import run_import
from tests.data.import_helpers import exported_imports

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "heldout"
NBS = "National Bureau of Statistics of China"


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
