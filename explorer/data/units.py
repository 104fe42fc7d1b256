"""Money units: what a unit string means, and converting a figure to the unit
the analyst chose (USD bn, CNY bn, hundred million USD).

Scale changes within one currency are exact. Between currencies a figure
needs the annual rate for its year from the ``exchange_rates`` table (which
carries its own citation); with no rate the figure is *not* converted and
the answer says so. Percentages, counts and physical units are never
converted.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

#: Unit strings as the curated data and imports write them -> (currency, size of one unit).
MONEY_UNITS: dict[str, tuple[str, float]] = {
    "usd": ("USD", 1.0),
    "thousand usd": ("USD", 1e3),
    "million usd": ("USD", 1e6),
    "hundred million usd": ("USD", 1e8),
    "billion usd": ("USD", 1e9),
    "trillion usd": ("USD", 1e12),
    "cny": ("CNY", 1.0),
    "yuan": ("CNY", 1.0),
    "million cny": ("CNY", 1e6),
    "million yuan": ("CNY", 1e6),
    "hundred million cny": ("CNY", 1e8),
    "hundred million yuan": ("CNY", 1e8),
    "billion cny": ("CNY", 1e9),
    "billion yuan": ("CNY", 1e9),
    "trillion yuan": ("CNY", 1e12),
    "rub": ("RUB", 1.0),
    "million rub": ("RUB", 1e6),
    "billion rub": ("RUB", 1e9),
    "billion rubles": ("RUB", 1e9),
}

AS_REPORTED = "as reported"


@dataclass(frozen=True)
class TargetUnit:
    name: str           # shown in the unit switch and column headers
    currency: str | None
    scale: float


#: The choices of the pane's unit switch, in menu order.
TARGETS: dict[str, TargetUnit] = {
    AS_REPORTED: TargetUnit(AS_REPORTED, None, 1.0),
    "USD bn": TargetUnit("USD bn", "USD", 1e9),
    "CNY bn": TargetUnit("CNY bn", "CNY", 1e9),
    "hundred million USD": TargetUnit("hundred million USD", "USD", 1e8),
}
DEFAULT_TARGET = "USD bn"


def money_unit(unit: str | None) -> tuple[str, float] | None:
    """(currency, scale) of a money unit, or None for %, counts, tonnes…"""
    if not unit:
        return None
    return MONEY_UNITS.get(unit.strip().lower())


def year_of(period: str | None) -> int | None:
    """The (first) calendar year of a period: '2023', '2023-03', '2023-01/2023-09'."""
    if period and len(period) >= 4 and period[:4].isdigit():
        return int(period[:4])
    return None


@dataclass(frozen=True)
class Rate:
    year: int
    currency: str
    per_usd: float
    source: str
    origin: str = "bundled"     # 'bundled' (read-only) or 'workspace' (the analyst's own)


class Rates:
    """The annual rate table (bundled rows, overridden by the user's own)."""

    def __init__(self, rates: dict[tuple[int, str], Rate] | None = None) -> None:
        self._rates = dict(rates or {})

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Rates":
        """Bundled rates, then the workspace's: a workspace row for the same year and
        currency overrides the bundled one (as the table's SQL conversion does)."""
        rates: dict[tuple[int, str], Rate] = {}
        for origin in ("bundled", "workspace"):
            for y, c, r, s in conn.execute(
                    "SELECT year, currency, per_usd, source FROM all_exchange_rates WHERE origin = ? "
                    "ORDER BY year, currency", (origin,)):
                rates[(int(y), c.upper())] = Rate(int(y), c.upper(), float(r), s, origin)
        return cls(rates)

    def get(self, year: int | None, currency: str) -> Rate | None:
        if currency == "USD":
            return Rate(year or 0, "USD", 1.0, "")
        return None if year is None else self._rates.get((year, currency))

    def all(self) -> list[Rate]:
        return [self._rates[k] for k in sorted(self._rates)]


#: How a bundled rate's source begins, by what it rests on (db/exchange_rates.csv).
EXTERNAL_PREFIX = "External to the documents"
IMPLIED_PREFIX = "Implied by the document"


def rate_basis(rate: Rate) -> str:
    """What a rate rests on, in words for the rate table: an official series
    external to the documents, a document's own conversion, or the analyst."""
    if rate.origin == "workspace":
        return "your own"
    if rate.source.startswith(EXTERNAL_PREFIX):
        return "external to the documents (official annual average)"
    if rate.source.startswith(IMPLIED_PREFIX):
        return "implied by a document's own conversion"
    return "bundled"


def short_source(rate: Rate) -> str:
    """The publisher of a rate in a few words, for a chart's note (the full
    citation is in the rate table and in exports)."""
    if rate.origin == "bundled" and rate.source.startswith(EXTERNAL_PREFIX + ": "):
        publisher = rate.source[len(EXTERNAL_PREFIX) + 2:].split(", ")[:3]
        return ", ".join(publisher) + "; external to the documents"
    if rate.origin == "bundled" and rate.source.startswith(IMPLIED_PREFIX):
        return "implied by a document's own conversion"
    return rate.source if len(rate.source) <= 80 else rate.source[:79] + "…"


def rates_note(used: Iterable[Rate]) -> str:
    """'Rates, CNY per USD: 2021 6.44898, 2022 6.73716 (World Bank, …); 2023 7.3139 (implied …).'
    — the rates a chart converted with, grouped by who publishes them."""
    groups: dict[tuple[str, str], list[Rate]] = {}
    for r in sorted(set(used), key=lambda r: (r.currency, r.year)):
        groups.setdefault((r.currency, short_source(r)), []).append(r)
    if not groups:
        return ""
    parts = []
    for currency in sorted({c for c, _ in groups}):
        cited = [", ".join(f"{r.year} {r.per_usd:g}" for r in rs) + f" ({who})"
                 for (c, who), rs in groups.items() if c == currency]
        parts.append(f"{currency} per USD: " + "; ".join(cited))
    return "Rates, " + "; ".join(parts) + ". Full citations: Exchange rates…"


def rate_rows(conn: sqlite3.Connection) -> list[tuple[Rate, bool]]:
    """Every rate row of both origins (year, currency order), each with whether it is
    in use (False: a bundled rate the workspace overrides)."""
    rows = [Rate(int(y), c.upper(), float(r), s, o) for y, c, r, s, o in conn.execute(
        "SELECT year, currency, per_usd, source, origin FROM all_exchange_rates "
        "ORDER BY year, upper(currency), origin = 'workspace'")]
    mine = {(r.year, r.currency) for r in rows if r.origin == "workspace"}
    return [(r, r.origin == "workspace" or (r.year, r.currency) not in mine) for r in rows]


def rate_gaps(conn: sqlite3.Connection) -> list[str]:
    """Why a year has no rate, one sentence per currency with gaps: the years inside the
    table's span (its first to its last year, any currency) that a currency has no rate
    for, and what that currency's series rests on. The rate table lists only the rates
    there are; without this a missing year (RUB 2024: empty in the World Bank's file)
    would pass unseen."""
    in_use = [r for r, used in rate_rows(conn) if used]
    if not in_use:
        return []
    first, last = min(r.year for r in in_use), max(r.year for r in in_use)
    by_currency: dict[str, dict[int, Rate]] = {}
    for r in in_use:
        by_currency.setdefault(r.currency, {})[r.year] = r
    lines = []
    for currency, rates in sorted(by_currency.items()):
        missing = [y for y in range(first, last + 1) if y not in rates]
        if not missing:
            continue
        sources = sorted({short_source(r) for r in rates.values()})
        lines.append(f"No {currency} rate for {', '.join(map(str, missing))}: not in the bundled series "
                     f"({'; '.join(sources)}) nor among your own rates. A {currency} figure for "
                     f"{'that year' if len(missing) == 1 else 'those years'} is not converted (its cell says "
                     f"'no rate … — cannot convert'); add a rate with its source below to convert it.")
    return lines


def save_rate(conn: sqlite3.Connection, year: int, currency: str, per_usd: float, source: str) -> Rate:
    """Add or replace the workspace's rate for a year and currency (it overrides a
    bundled one). A source citation is required; ValueError says what is wrong."""
    currency = (currency or "").strip().upper()
    source = (source or "").strip()
    if not source:
        raise ValueError("A source citation is required for an exchange rate.")
    if not (len(currency) == 3 and currency.isalpha()) or currency == "USD":
        raise ValueError("The currency must be a three-letter code other than USD (e.g. CNY, RUB).")
    if not (1800 <= int(year) <= 2100):
        raise ValueError(f"{year} is not a plausible year.")
    if not per_usd or per_usd <= 0:
        raise ValueError("The rate must be a positive number of currency units per US dollar.")
    with conn:
        conn.execute("INSERT OR REPLACE INTO main.exchange_rates(year, currency, per_usd, source) "
                     "VALUES (?, ?, ?, ?)", (int(year), currency, float(per_usd), source))
    return Rate(int(year), currency, float(per_usd), source, "workspace")


@dataclass(frozen=True)
class Converted:
    """A figure in the chosen unit, or why it could not be converted."""

    value: float | None
    unit: str
    note: str = ""              # 'no rate for 2022 — cannot convert', 'not money'
    rates: tuple[Rate, ...] = ()

    @property
    def ok(self) -> bool:
        return self.value is not None


def convert(value: float | None, unit: str | None, period: str | None,
            target: str, rates: Rates) -> Converted:
    """``value`` (in ``unit``, for ``period``) expressed in the target unit."""
    tgt = TARGETS[target]
    if tgt.currency is None or value is None:
        return Converted(value, unit or "")
    src = money_unit(unit)
    if src is None:
        return Converted(None, unit or "", f"{unit or 'no unit'} — not money, not converted")
    currency, scale = src
    if currency == tgt.currency:
        return Converted(value * scale / tgt.scale, tgt.name)
    year = year_of(period)
    r_from, r_to = rates.get(year, currency), rates.get(year, tgt.currency)
    missing = [c for c, r in ((currency, r_from), (tgt.currency, r_to)) if r is None]
    if missing:
        return Converted(None, tgt.name, f"no {'/'.join(missing)} rate for {year or period} — cannot convert")
    usd = value * scale / r_from.per_usd
    used = tuple(r for r in (r_from, r_to) if r.currency != "USD")
    return Converted(usd * r_to.per_usd / tgt.scale, tgt.name, rates=used)


def _rate_sql(currency_expr: str, period_expr: str) -> str:
    return (f"(SELECT x.per_usd FROM all_exchange_rates x WHERE x.currency = {currency_expr} "
            f"AND x.year = CAST(substr({period_expr}, 1, 4) AS INTEGER) "
            f"ORDER BY (x.origin = 'workspace') DESC LIMIT 1)")


def normalised_sql(target: str, value: str = "f.value", unit: str = "f.unit",
                   period: str = "f.period") -> str:
    """A SQL expression giving the figure in the target unit.

    Where a rate is missing the expression yields the text 'no rate for YEAR —
    cannot convert'; non-money units yield NULL. Mirrors :func:`convert`."""
    tgt = TARGETS[target]
    if tgt.currency is None:
        return value
    norm_unit = f"lower(trim({unit}))"
    same, other = [], []
    for name, (currency, scale) in MONEY_UNITS.items():
        # multiply, then divide: 1905.7 * 1e8 / 1e9 is exactly 190.57, 1905.7 * 0.1 is not
        scaled = f"{value} * {scale!r} / {tgt.scale!r}"
        if currency == tgt.currency:
            same.append(f"WHEN '{name}' THEN {scaled}")
        else:
            src_rate = "1.0" if currency == "USD" else _rate_sql(f"'{currency}'", period)
            dst_rate = "1.0" if tgt.currency == "USD" else _rate_sql(f"'{tgt.currency}'", period)
            conv = f"{scaled} / {src_rate} * {dst_rate}"
            missing = (f"'no rate for ' || coalesce(substr({period}, 1, 4), '?') || "
                       f"' — cannot convert'")
            other.append(f"WHEN '{name}' THEN coalesce({conv}, {missing})")
    return (f"(CASE WHEN {value} IS NULL THEN NULL ELSE CASE {norm_unit} "
            f"{' '.join(same + other)} ELSE NULL END END)")
