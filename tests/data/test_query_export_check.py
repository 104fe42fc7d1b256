"""Filtering, sorting, export and check on the tiny curated set (exact counts)."""
from __future__ import annotations

import csv
import sqlite3

import pytest

from explorer.data.check import ERROR, WARNING, run_checks
from explorer.data.db import Store
from explorer.data.export import export_all, neutralise
from explorer.data.query import count_rows, fetch_rows, row_number_of
from explorer.data.filters import Filter, Order
from explorer.data.panes import exported_specs
from explorer.data.tables import TRADE
from explorer.data.trade import growth_checks


@pytest.fixture
def mini(tmp_path, mini_bundled_path) -> sqlite3.Connection:
    conn = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()
    yield conn
    conn.close()


@pytest.mark.parametrize("text, expected", [("", 5), ("growth", 2), ("2022", 2), ("2022 growth", 1),
                                             ("Россия", 5), ("俄罗斯", 5), ("nothing-like-this", 0), ("100%", 0)])
def test_text_filter_narrows_rows(mini, text, expected):
    assert count_rows(mini, TRADE, Filter(text=text)) == expected


def test_facets_and_order(mini):
    flt = Filter(facets={"measure": "value"})
    rows = fetch_rows(mini, TRADE, flt, Order("value", descending=True))
    values = [r[1 + TRADE.keys.index("value")] for r in rows]
    assert values == [2320.0, 1905.7, 1468.8]
    assert row_number_of(mini, TRADE, "tf-2021-value", flt, Order("value", descending=True)) == 2
    assert count_rows(mini, TRADE, Filter(facets={"measure": ("value", "growth")})) == 5


def test_export_shows_names_not_ids_and_precise_dates(mini, tmp_path):
    written = export_all(mini, tmp_path / "out")
    assert set(written) == {f"{s.name}.csv" for s in exported_specs()}
    with open(tmp_path / "out" / "trade.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["reporter"] for r in rows} == {"China"}
    assert all(r["document"] == "Sino-Russian Sub-Regional Cooperation" for r in rows)
    assert {r["value"] for r in rows if r["period"] == "2023" and r["measure"] == "value"} == {"2320"}
    with open(tmp_path / "out" / "corridors.csv", encoding="utf-8-sig") as fh:
        corridor = next(csv.DictReader(fh))
    assert corridor["date"] == "2022-06" and corridor["precision"] == "month"
    assert corridor["route"] == "Heihe – Blagoveshchensk"


@pytest.mark.parametrize("cell, out", [("=1+1", "'=1+1"), ("+7", "'+7"), ("@x", "'@x"), ("-a", "'-a"),
                                       ("ok", "ok"), (-5.0, -5), (1.5, 1.5),
                                       # a BCE year in ISO 8601's expanded form is a number, not a formula;
                                       # with a month it would be a sum to a spreadsheet
                                       ("-0499", "-0499"), ("-0499-03", "'-0499-03"), ("-", "'-")])
def test_exported_cells_never_start_a_formula(cell, out):
    assert neutralise(cell) == out


def test_growth_reconciliation_uses_the_volumes(mini):
    checks = {g.period: g for g in growth_checks(mini)}
    assert checks["2022"].computed_pct == pytest.approx((1905.7 / 1468.8 - 1) * 100, abs=0.01)
    assert checks["2023"].computed_pct == pytest.approx(21.74, abs=0.01)
    assert checks["2023"].mismatch and checks["2023"].serious
    assert checks["2022"].mismatch and not checks["2022"].serious   # 29.3 reported vs 29.7


def test_check_flags_the_growth_mismatch_and_finds_no_errors(mini):
    findings = run_checks(mini)
    assert not [f for f in findings if f.severity == ERROR]
    assert any(f.code == "growth_mismatch" and f.severity == WARNING and "2023" in f.message for f in findings)


def test_check_reports_dangling_references(mini):
    with mini:
        mini.execute("INSERT INTO corridor_places(corridor_id, seq, place_id, source_file) VALUES ('nope', 1, 'heihe', 'x.csv')")
    assert any(f.severity == ERROR and "nope" in f.message for f in run_checks(mini))


def test_check_reports_computed_growth_rounded_once(mini):
    """1905.7 / 1468.8 gives 29.745 %: one rounding says 29.7, rounding twice said 29.8."""
    from explorer.data.check import growth

    (finding,) = [f for f in growth(mini) if "2022" in f.message]
    assert "give 29.7%" in finding.message
