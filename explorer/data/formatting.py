"""How figures and dates are written for a reader: one number formatter and one
date-at-precision formatter, used by tables, charts, exports and citations.

A date is never written finer than its precision: a month-level date is
"November 2022", never a made-up first day. A year before the common era is stored as an
ISO 8601 expanded year in astronomical numbering ('-0499', see explorer.data.calendar_days)
and written for a reader as '500 BCE'.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from explorer.data.calendar_days import year_label

DateStyle = Literal["stated", "short", "citation"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_RANK = {"year": 0, "quarter": 1, "month": 2, "day": 3}
# '2022', '2022-Q3' (or '2022Q3'), '2022-11', '2022-11-25'; '-0499', '-0499-03': 500 BCE
_DATE_RE = re.compile(r"^\s*(-\d{4,}|\d{4})(?:-?[Qq]([1-4])|-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def format_number(value: float | int | None, *, none: str = "", decimals: int = 3) -> str:
    """A number as the app shows it: grouped thousands, at most ``decimals`` decimals (three;
    the Trade charts write two), and at least three significant digits below 1 (a small
    non-zero value never shows as 0)."""
    if value is None:
        return none
    if isinstance(value, int) or float(value).is_integer():
        return f"{value:,.0f}"
    if 0 < abs(value) < 1:
        decimals = min(15, max(decimals, 2 - math.floor(math.log10(abs(value)))))
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def sql_number_text(expr: str) -> str:
    """SQL for a REAL as the analyst writes it, in text built by SQLite (search text,
    citations' figure line): 2320, not 2320.0."""
    return (f"(CASE WHEN {expr} IS NULL THEN NULL WHEN {expr} = CAST({expr} AS INTEGER) "
            f"THEN CAST(CAST({expr} AS INTEGER) AS TEXT) ELSE CAST({expr} AS TEXT) END)")


@dataclass(frozen=True)
class DateParts:
    """A date as far as it is known: ``precision`` says which of the parts count."""

    year: int
    quarter: int
    month: int
    day: int
    precision: str


def date_parts(text: str | None, precision: str | None = None) -> DateParts | None:
    """The parts of '2022' / '2022-Q3' / '2022-11' / '2022-11-25', at the precision the
    text gives, or the stated one when it is coarser (a '2022-06-01' stated to be month
    precision is June). None for anything else."""
    m = _DATE_RE.match(text or "")
    if not m:
        return None
    year, quarter, month, day = m.groups()
    implied = "day" if day else "month" if month else "quarter" if quarter else "year"
    prec = precision if precision in _RANK and _RANK[precision] < _RANK[implied] else implied
    mo = int(month) if month else 0
    if month and not 1 <= mo <= 12 or day and not 1 <= int(day) <= 31:
        return None
    q = int(quarter) if quarter else (mo - 1) // 3 + 1 if mo else 0
    return DateParts(int(year), q, mo, int(day) if day else 0, prec)


def format_date(text: str | None, precision: str | None = None, *, style: DateStyle = "stated") -> str:
    """A date written no finer than its precision, in one of three styles:

    ``stated``: '2030 (year precision)', 'Q3 2022 (quarter precision)', 'November 2022 (month
    precision)', '25 November 2019' — where the precision is the point (milestones);
    ``short``: '2030', 'Q3 2022', 'Nov 2018', '25 Nov 2018' — for tight places (timelines);
    ``citation``: '2023', 'June 2023', 'June 5, 2023' — as a reference gives a document's date.

    An interval 'a/b' is written as both ends; text that is not a date is returned as it is."""
    if not text:
        return "undated" if style == "stated" else ""
    if "/" in text:
        a, _, b = text.partition("/")
        joint = " to " if style == "stated" else "–"
        return f"{format_date(a, style=style)}{joint}{format_date(b, style=style)}"
    parts = date_parts(text, precision)
    if parts is None:
        return text
    return _WRITERS[style](parts)


def _stated(p: DateParts) -> str:
    year = year_label(p.year)
    if p.precision == "year":
        return f"{year} (year precision)"
    if p.precision == "quarter":
        return f"Q{p.quarter} {year} (quarter precision)"
    if p.precision == "month":
        return f"{_MONTHS[p.month - 1]} {year} (month precision)"
    return f"{p.day} {_MONTHS[p.month - 1]} {year}"


def _short(p: DateParts) -> str:
    year = year_label(p.year)
    if p.precision == "year":
        return year
    if p.precision == "quarter":
        return f"Q{p.quarter} {year}"
    month = _MONTHS[p.month - 1][:3]
    return f"{month} {year}" if p.precision == "month" else f"{p.day} {month} {year}"


def _citation(p: DateParts) -> str:
    year = year_label(p.year)
    if p.precision == "year":
        return year
    if p.precision == "quarter":
        return f"{year}-Q{p.quarter}" if p.year > 0 else f"Q{p.quarter} {year}"
    month = _MONTHS[p.month - 1]
    return f"{month} {year}" if p.precision == "month" else f"{month} {p.day}, {year}"


def _before_common_era(text: str) -> bool:
    """'-0499…' or '0000…' (1 BCE): a stored date before the common era."""
    return text[:1] == "-" or text[:4] == "0000"


def table_date(text: str | None) -> str | None:
    """A stored date as a table cell shows it: ISO text of the common era as it is ('2022-11'),
    a date before it as a reader writes it ('-0499' -> '500 BCE', '-0499-03' -> 'Mar 500 BCE'),
    since '-0499' reads to most as the year 499 or 500 BCE alike."""
    if not text or not _before_common_era(text):
        return text
    parts = date_parts(text)
    return text if parts is None else _short(parts)


def sql_date_text(expr: str) -> str:
    """SQL for a stored date as a reader finds it in text built by SQLite (search text, the
    citation's figure line): the ISO text of the common era as it is, a BCE date as
    '500 BCE', 'Mar 500 BCE', '15 Mar 500 BCE', 'Q2 500 BCE' (table_date's words)."""
    year = f"(1 - CAST({expr} AS INTEGER)) || ' BCE'"
    rest = f"substr({expr}, instr(substr({expr}, 2), '-') + 2)"      # '03', '03-15' or 'Q2' after the year
    month = f"substr('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * CAST(substr({rest}, 1, 2) AS INTEGER) - 2, 3)"
    day = f"CASE WHEN length({rest}) > 3 THEN CAST(substr({rest}, 4) AS INTEGER) || ' ' ELSE '' END"
    dated = (f"CASE WHEN instr(substr({expr}, 2), '-') = 0 THEN {year} "
             f"WHEN {rest} GLOB '[Qq]*' THEN upper({rest}) || ' ' || {year} "
             f"ELSE {day} || {month} || ' ' || {year} END")
    return (f"(CASE WHEN ({expr} GLOB '-[0-9][0-9][0-9][0-9]*' OR {expr} GLOB '0000*') "
            f"AND instr({expr}, '/') = 0 THEN {dated} ELSE {expr} END)")


def sql_date_order(expr: str, direction: str = "ASC") -> str:
    """SQL ordering stored dates in time, BCE included: text order is time order for the
    common era's four-digit years, but '-0499' (500 BCE) sorts after '-0099' (100 BCE) as text.
    The year as a number comes first (SQLite's CAST reads the leading signed integer:
    '-0499-03' -> -499, '2022-11' -> 2022), then the text within one year."""
    return f"CAST({expr} AS INTEGER) {direction}, {expr} {direction}"


_WRITERS = {"stated": _stated, "short": _short, "citation": _citation}
