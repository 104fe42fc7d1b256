"""Plausibility warnings on imports (issue 14): never a refusal, always said.

On the mini curated set: China–Russia total 2023 is 2320 hundred million USD
(document 003), Power of Siberia's design capacity 38 bcm/yr."""
from __future__ import annotations

import sqlite3

import pytest

from explorer.data.check import run_checks
from explorer.data.db import Store
from explorer.data.importing.engine import run_import

TRADE_HEADER = "period,measure,reporter,partner,flow,value,unit,status,topic\n"
ENERGY_HEADER = "asset,measure,value,unit,date,status\n"


@pytest.fixture
def mini(tmp_path, mini_bundled_path) -> sqlite3.Connection:
    conn = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()
    yield conn
    conn.close()


def _file(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _trade_2023(tmp_path, value: str, name: str = "f.csv"):
    return _file(tmp_path, name, TRADE_HEADER + f"2023,value,China,Russia,total,{value},hundred million USD,actual,trade\n")


@pytest.mark.parametrize("value, times", [("23200", "10×"), ("232000", "100×"), ("2320000", "1000×"),
                                          ("232", "1/10"), ("2.32", "1/1000"), ("23650", "10×"),
                                          ("22750", "10×")])
def test_a_value_ten_hundred_or_thousand_times_the_curated_one_is_a_warning(mini, tmp_path, value, times):
    summary = run_import(mini, _trade_2023(tmp_path, value), dataset="trade")
    assert summary.added == 1                                   # imported all the same
    (warning,) = summary.warnings
    assert warning.startswith(f"row 2: China–Russia total value 2023: {float(value):,.6g} hundred million USD "
                              f"is {times} the curated 2,320 (003_5cf011a87278cc00.txt)")
    assert warning in summary.text()


@pytest.mark.parametrize("value", ["2401.1", "11600", "23780", "22500", "4640"])    # 5×, 10.25×, 9.7×, 2×
def test_a_value_not_a_power_of_ten_away_is_no_warning(mini, tmp_path, value):
    assert run_import(mini, _trade_2023(tmp_path, value), dataset="trade").warnings == []


def test_a_dry_run_warns_and_writes_nothing(mini, tmp_path):
    summary = run_import(mini, _trade_2023(tmp_path, "23200"), dataset="trade", dry_run=True)
    assert len(summary.warnings) == 1 and "1 warning(s) (would be imported all the same" in summary.text()
    assert mini.execute("SELECT count(*) FROM main.trade_figures").fetchone()[0] == 0


def test_a_value_replacing_an_earlier_import_by_a_power_of_ten_is_a_warning(mini, tmp_path):
    run_import(mini, _file(tmp_path, "a.csv", TRADE_HEADER + "2030,value,China,Russia,total,2401.1,"
                                                             "hundred million USD,actual,trade\n"), dataset="trade")
    summary = run_import(mini, _file(tmp_path, "b.csv", TRADE_HEADER + "2030,value,China,Russia,total,24011,"
                                                                       "hundred million USD,actual,trade\n"),
                         dataset="trade")
    assert summary.replaced == 1
    assert summary.warnings == ["row 2: China–Russia total value 2030: 24,011 hundred million USD is 10× the "
                                "2,401.1 it replaces (imported from a.csv) — a decimal mark or unit slip?"]


@pytest.mark.parametrize("value, warned", [("380", True), ("100.5", True), ("100", False), ("38", False)])
def test_a_pipeline_capacity_above_100_bcm_is_a_warning(mini, tmp_path, value, warned):
    summary = run_import(mini, _file(tmp_path, "e.csv", ENERGY_HEADER
                                     + f"Power of Siberia,design_capacity,{value},bcm/yr,2030,design\n"),
                         dataset="energy")
    expected = [f"row 2: Power of Siberia design_capacity 2030: {float(value):,.6g} bcm/yr is above 100 bcm/yr, "
                "more than any pipeline carries — a decimal mark or unit slip?"]
    assert summary.warnings == (expected if warned else [])


def test_a_capacity_ten_times_the_curated_one_is_a_warning(mini, tmp_path):
    summary = run_import(mini, _file(tmp_path, "e.csv", ENERGY_HEADER + "Power of Siberia,design_capacity,3.8,"
                                                                         "bcm/yr,,design\n"), dataset="energy")
    assert summary.warnings == ["row 2: Power of Siberia design_capacity: 3.8 bcm/yr is 1/10 the curated 38 "
                                "(003_5cf011a87278cc00.txt) — a decimal mark or unit slip?"]


@pytest.mark.parametrize("value, warned", [("1500", True), ("1000", False), ("-99", False)])
def test_a_growth_rate_above_1000_percent_is_a_warning(mini, tmp_path, value, warned):
    summary = run_import(mini, _file(tmp_path, "g.csv", TRADE_HEADER + f"2031,growth,China,Russia,total,{value},"
                                                                       "%,actual,trade\n"), dataset="trade")
    expected = [f"row 2: China–Russia total growth 2031: growth of {float(value):,.6g}% is above 1000% — a decimal "
                "mark slip, or a value given as growth?"]
    assert summary.warnings == (expected if warned else [])


def test_check_reports_the_warnings_of_every_active_import(mini, tmp_path):
    from explorer.data.importing.history import undo_import

    first = run_import(mini, _trade_2023(tmp_path, "23200"), dataset="trade")
    implausible = [f.message for f in run_checks(mini) if f.code == "implausible"]
    assert implausible == ["f.csv, " + first.warnings[0]]
    undo_import(mini, first.import_id)
    assert not [f for f in run_checks(mini) if f.code == "implausible"]


def test_many_slips_are_listed_up_to_a_cap(mini, tmp_path):
    from explorer.data.importing.plausibility import SHOWN

    rows = "".join(f"{2100 + i},growth,China,Russia,total,{5000 + i},%,actual,trade\n" for i in range(SHOWN + 5))
    summary = run_import(mini, _file(tmp_path, "many.csv", TRADE_HEADER + rows), dataset="trade")
    assert len(summary.warnings) == SHOWN + 1
    assert summary.warnings[-1].startswith("… and more like these")
