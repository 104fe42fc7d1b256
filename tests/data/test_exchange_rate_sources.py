"""The bundled exchange rates against the publisher's file they were copied from.

Every rate marked external must equal, digit for digit, the value printed in
the kept copy of the World Bank WDI file (db/sources/wdi_pa_nus_fcrf/); the
document-implied 2023 yuan rate stays the document's and says so; a year the
file leaves empty has no rate, so a figure of that year is not converted."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from explorer.data.trade import growth_checks
from explorer.data.trade_series import bilateral, fetch_figures
from explorer.data.units import Rates, convert, rate_rows

REPO = Path(__file__).resolve().parents[2]
SOURCE_DIR = REPO / "db" / "sources" / "wdi_pa_nus_fcrf"
SOURCE_FILE = SOURCE_DIR / "API_PA.NUS.FCRF_DS2_en_csv_v2_22859.trimmed.csv"
COUNTRY_OF = {"CNY": "CHN", "RUB": "RUS"}
EXTERNAL = "External to the documents: World Bank, World Development Indicators, indicator PA.NUS.FCRF"


def wdi_values() -> dict[tuple[int, str], str]:
    """(year, currency) -> the value as the file prints it (empty cells left out)."""
    with SOURCE_FILE.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["Data Source", "World Development Indicators"]
    assert rows[2][:2] == ["Last Updated Date", "2025-07-01"]
    header = rows[4]
    out = {}
    for row in rows[5:]:
        assert row[2:4] == ["Official exchange rate (LCU per US$, period average)", "PA.NUS.FCRF"]
        currency = {v: k for k, v in COUNTRY_OF.items()}[row[1]]
        for year_text, value in zip(header[4:], row[4:]):
            if year_text and value:
                out[(int(year_text), currency)] = value
    return out


def curated_rates() -> list[dict]:
    with (REPO / "db" / "exchange_rates.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_external_rate_is_the_value_printed_in_the_source_file():
    source = wdi_values()
    external = [r for r in curated_rates() if r["source"].startswith(EXTERNAL)]
    assert len(external) == 18                      # CNY 2015–2022, 2024; RUB 2015–2023
    for r in external:
        key = (int(r["year"]), r["currency"])
        assert r["per_usd"] == source[key], key      # the text itself: no rounding, no reformatting
        assert "d90bf9f42e7959aa1a3078608e920be70b01b565" in r["source"]
        assert "Last Updated Date 2025-07-01" in r["source"]


def test_the_bundled_database_holds_the_same_numbers(conn):
    source = wdi_values()
    bundled = {(r.year, r.currency): r for r, _ in rate_rows(conn) if r.origin == "bundled"}
    for (year, currency), value in source.items():
        if 2015 <= year <= 2024 and (year, currency) != (2023, "CNY"):
            assert bundled[(year, currency)].per_usd == float(value)


def test_the_document_implied_2023_rate_stays_and_says_so(conn):
    rate = Rates.load(conn).get(2023, "CNY")
    assert rate.per_usd == 7.3139
    assert rate.source.startswith("Implied by the document's own conversion, not an official annual average")
    assert wdi_values()[(2023, "CNY")] in rate.source        # the official figure it stands in for is named


def test_a_year_the_file_leaves_empty_has_no_rate(conn):
    assert (2024, "RUB") not in wdi_values()
    got = convert(100.0, "billion RUB", "2024", "USD bn", Rates.load(conn))
    assert got.value is None and got.note == "no RUB rate for 2024 — cannot convert"


def test_cny_bars_of_2021_2022_and_2024_convert_at_the_official_annual_average(conn):
    rates = Rates.load(conn)
    data = bilateral(fetch_figures(conn), growth_checks(conn), "CNY bn", rates)
    bars = {b.figure.key: b for bars in data.series.values() for b in bars}
    # 1905.7 hundred million USD = 190.57 USD bn, at 6.73715811237119 CNY per USD (WDI 2022)
    assert bars["tf-cn-ru-trade-2022"].converted.value == pytest.approx(190.57 * 6.73715811237119, rel=1e-12)
    assert bars["tf-cn-ru-trade-2021"].converted.value == pytest.approx(146.88 * 6.44897518024316, rel=1e-12)
    assert bars["tf-cn-ru-trade-2024"].converted.value == pytest.approx(244.8195 * 7.19749110789917, rel=1e-12)
    assert bars["tf-cn-ru-trade-2022"].converted.rates[0].source.startswith(EXTERNAL)
    assert not [b for b in data.not_converted if b.figure.key.startswith("tf-cn-ru-trade-")]


def test_a_charts_rate_note_names_each_publisher_once(conn):
    from explorer.data.units import rates_note

    rates = Rates.load(conn)
    used = [rates.get(y, "CNY") for y in (2021, 2022, 2023, 2024)] + [rates.get(2022, "CNY")]
    assert rates_note(used) == (
        "Rates, CNY per USD: 2021 6.44898, 2022 6.73716, 2024 7.19749 (World Bank, World Development "
        "Indicators, indicator PA.NUS.FCRF; external to the documents); 2023 7.3139 (implied by a document's "
        "own conversion). Full citations: Exchange rates…")
    assert rates_note([]) == ""
