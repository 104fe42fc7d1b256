"""Unit normalisation and the growth columns, without Qt."""
from __future__ import annotations

import pytest

from explorer.data.query import fetch_rows
from explorer.data.tables import TRADE
from explorer.data.units import Rate, Rates, convert, money_unit, normalised_sql, year_of

NO_RATES = Rates()
CNY_2023 = Rates({(2023, "CNY"): Rate(2023, "CNY", 7.3139, "test rate")})


@pytest.mark.parametrize("value, unit, target, expected", [
    (1905.7, "hundred million USD", "USD bn", 190.57),
    (2320, "hundred million USD", "USD bn", 232.0),
    (7.5, "billion USD", "hundred million USD", 75.0),
    (200, "billion USD", "USD bn", 200.0),
    (5830, "million USD", "USD bn", 5.83),
])
def test_usd_scales_convert_exactly(value, unit, target, expected):
    got = convert(value, unit, "2023", target, NO_RATES)
    assert got.ok and got.value == pytest.approx(expected, abs=1e-12)
    assert got.unit == target


def test_cny_needs_the_rate_of_the_figures_year():
    # 42.64 billion yuan at 7.3139 CNY/USD = 5.830 USD bn (hand-computed: 42.64 / 7.3139 = 5.82999...)
    got = convert(42.64, "billion yuan", "2023-01/2023-09", "USD bn", CNY_2023)
    assert got.value == pytest.approx(42.64 / 7.3139)
    assert got.rates[0].source == "test rate"
    back = convert(5.83, "billion USD", "2023", "CNY bn", CNY_2023)
    assert back.value == pytest.approx(5.83 * 7.3139)


def test_missing_rate_says_so_and_never_guesses():
    got = convert(1905.7, "hundred million USD", "2022", "CNY bn", CNY_2023)
    assert got.value is None
    assert got.note == "no CNY rate for 2022 — cannot convert"


@pytest.mark.parametrize("unit", ["%", "count", "Mt/yr"])
def test_percent_and_counts_are_never_converted(unit):
    got = convert(29.3, unit, "2022", "USD bn", CNY_2023)
    assert got.value is None and "not money" in got.note
    assert convert(29.3, unit, "2022", "as reported", CNY_2023).value == 29.3


def test_helpers():
    assert money_unit("Hundred Million USD") == ("USD", 1e8)
    assert money_unit("%") is None
    assert year_of("2023-01/2023-09") == 2023 and year_of("n.d.") is None


def _normalised(conn, target, *, unit, value, period):
    expr = normalised_sql(target, "v.value", "v.unit", "v.period")
    sql = f"SELECT {expr} FROM (SELECT ? AS value, ? AS unit, ? AS period) v"
    return conn.execute(sql, (value, unit, period)).fetchone()[0]


def test_sql_matches_python(mini_store_conn):
    conn = mini_store_conn
    assert _normalised(conn, "USD bn", unit="hundred million USD", value=1905.7, period="2022") == 190.57
    assert _normalised(conn, "CNY bn", unit="hundred million USD", value=1905.7, period="2022") == \
        "no rate for 2022 — cannot convert"
    with conn:
        conn.execute("INSERT INTO exchange_rates(year, currency, per_usd, source) VALUES (2023, 'CNY', 7.3139, 't')")
    assert _normalised(conn, "USD bn", unit="billion yuan", value=42.64, period="2023-01/2023-09") == \
        pytest.approx(convert(42.64, "billion yuan", "2023", "USD bn", Rates.load(conn)).value)
    assert _normalised(conn, "USD bn", unit="%", value=4.9, period="2023") is None


def test_table_shows_normalised_value_and_both_growth_rates(mini_store_conn):
    keys = TRADE.keys
    rows = {r[0]: dict(zip(keys, r[1:1 + len(keys)])) for r in fetch_rows(mini_store_conn, TRADE)}
    assert rows["tf-2022-value"]["value_normalised"] == 190.57
    # computed growth of each year from the volumes: 2320 / 1905.7 - 1 = 21.74 %, 1905.7 / 1468.8 - 1 = 29.75 %
    assert rows["tf-2023-value"]["growth_computed"] == round((2320 / 1905.7 - 1) * 100, 2) == 21.74
    assert rows["tf-2022-growth"]["growth_computed"] == round((1905.7 / 1468.8 - 1) * 100, 2)
    assert rows["tf-2023-growth"]["growth_reported"] == 4.9
    assert rows["tf-2023-value"]["growth_reported"] == 4.9
    assert rows["tf-2021-value"]["growth_computed"] is None        # no 2020 volume


@pytest.fixture
def mini_store_conn(mini_bundled_path, tmp_path):
    from explorer.data.db import Store

    conn = Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path).connect()
    yield conn
    conn.close()


def test_workspace_rate_overrides_the_bundled_one_and_needs_a_source(conn):
    from explorer.data.units import rate_rows, save_rate

    bundled = conn.execute("SELECT year, currency FROM bundled.exchange_rates LIMIT 1").fetchone()
    with pytest.raises(ValueError):
        save_rate(conn, 2022, "CNY", 6.7, "  ")
    if bundled is None:
        pytest.skip("no bundled rate to override")
    year, currency = bundled
    save_rate(conn, year, currency, 1.2345, "my own source")
    rate = Rates.load(conn).get(year, currency)
    assert rate.per_usd == 1.2345 and rate.origin == "workspace"
    used = {(r.origin, ok) for r, ok in rate_rows(conn) if (r.year, r.currency) == (year, currency.upper())}
    assert used == {("bundled", False), ("workspace", True)}
