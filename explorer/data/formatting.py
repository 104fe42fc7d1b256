"""How figures and dates are written for a reader: one number formatter and one
date-at-precision formatter, used by tables, charts, exports and citations.

A date is never written finer than its precision: a month-level date is
"November 2022", never a made-up first day.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

DateStyle = Literal["stated", "short", "citation"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_RANK = {"year": 0, "quarter": 1, "month": 2, "day": 3}
# '2022', '2022-Q3' (or '2022Q3'), '2022-11', '2022-11-25'
_DATE_RE = re.compile(r"^\s*(\d{4})(?:-?[Qq]([1-4])|-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


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
    if p.precision == "year":
        return f"{p.year} (year precision)"
    if p.precision == "quarter":
        return f"Q{p.quarter} {p.year} (quarter precision)"
    if p.precision == "month":
        return f"{_MONTHS[p.month - 1]} {p.year} (month precision)"
    return f"{p.day} {_MONTHS[p.month - 1]} {p.year}"


def _short(p: DateParts) -> str:
    if p.precision == "year":
        return str(p.year)
    if p.precision == "quarter":
        return f"Q{p.quarter} {p.year}"
    month = _MONTHS[p.month - 1][:3]
    return f"{month} {p.year}" if p.precision == "month" else f"{p.day} {month} {p.year}"


def _citation(p: DateParts) -> str:
    if p.precision == "year":
        return str(p.year)
    if p.precision == "quarter":
        return f"{p.year}-Q{p.quarter}"
    month = _MONTHS[p.month - 1]
    return f"{month} {p.year}" if p.precision == "month" else f"{month} {p.day}, {p.year}"


_WRITERS = {"stated": _stated, "short": _short, "citation": _citation}
