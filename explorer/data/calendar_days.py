"""Days of any year, BCE included, for placing dates on a time axis.

The app stores a date as ISO 8601 text at its precision. A year before the common era is an
ISO 8601 *expanded* year in astronomical numbering: year 0 is 1 BCE, -0499 is 500 BCE (as XML
Schema 1.1, EDTF and ISO 8601-2 write it). Python's ``datetime.date`` stops at year 1, so a
day is counted here through the Gregorian calendar's 400-year cycle: any year moved by whole
cycles into ``date``'s range keeps its weekday, month lengths and leap days, and the cycle's
146,097 days are taken off again.
"""
from __future__ import annotations

from datetime import date

#: One cycle of the proleptic Gregorian calendar: 400 years, exactly 146,097 days.
_CYCLE_YEARS, _CYCLE_DAYS = 400, 146_097
_EPOCH = date(1970, 1, 1).toordinal()
DAY_SECONDS = 86_400


def _cycles_to_shift(year: int) -> int:
    """Whole 400-year cycles that bring ``year`` to 1 or later."""
    return 0 if year >= 1 else (1 - year) // _CYCLE_YEARS + 1


def day_number(year: int, month: int = 1, day: int = 1) -> int:
    """Days from 1 January 1970 to this day of the proleptic Gregorian calendar (astronomical
    year: 0 is 1 BCE). Raises ValueError for a day the month does not have."""
    k = _cycles_to_shift(year)
    return date(year + k * _CYCLE_YEARS, month, day).toordinal() - k * _CYCLE_DAYS - _EPOCH


def civil_day(number: int) -> tuple[int, int, int]:
    """(astronomical year, month, day) of a day counted from 1 January 1970 (day_number's inverse)."""
    ordinal = number + _EPOCH
    k = 0 if ordinal >= 1 else (1 - ordinal) // _CYCLE_DAYS + 1
    d = date.fromordinal(ordinal + k * _CYCLE_DAYS)
    return d.year - k * _CYCLE_YEARS, d.month, d.day


def stamp(year: int, month: int = 1, day: int = 1) -> float:
    """Seconds from 1970-01-01 UTC to the start of that day: the time axis' x (as a Unix
    timestamp for a year of the common era, and on the same line before it)."""
    return float(day_number(year, month, day) * DAY_SECONDS)


def civil_of_stamp(seconds: float) -> tuple[int, int, int]:
    """(astronomical year, month, day) of the day an x of the time axis falls in."""
    return civil_day(int(seconds // DAY_SECONDS))


def is_valid_day(year: int, month: int, day: int) -> bool:
    """Whether the calendar has this day (29 February only in a leap year, of any era)."""
    try:
        day_number(year, month, day)
    except ValueError:
        return False
    return True


def year_label(year: int, *, era: bool = False) -> str:
    """An astronomical year as a reader writes it: -0499 is '500 BCE', 0 is '1 BCE'; a year of
    the common era is '2023', or '2023 CE' with ``era`` (beside BCE years on one axis)."""
    if year <= 0:
        return f"{1 - year} BCE"
    return f"{year} CE" if era else str(year)
