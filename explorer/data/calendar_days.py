"""Days of any year, BCE included, for placing dates on a time axis.

The app stores a date as ISO 8601 text at its precision. A year before the common era is an
ISO 8601 *expanded* year in astronomical numbering: year 0 is 1 BCE, -0499 is 500 BCE (as XML
Schema 1.1, EDTF and ISO 8601-2 write it). Python's ``datetime.date`` holds years 1 to 9999
only, so a day is counted here through the Gregorian calendar's 400-year cycle: any year moved
by whole cycles into years 1-400 keeps its month lengths and leap days, and the cycles' 146,097
days each are added back (a time axis padded past 9999 is read the same way).
"""
from __future__ import annotations

from datetime import date

#: One cycle of the proleptic Gregorian calendar: 400 years, exactly 146,097 days.
_CYCLE_YEARS, _CYCLE_DAYS = 400, 146_097
_EPOCH = date(1970, 1, 1).toordinal()
DAY_SECONDS = 86_400


def day_number(year: int, month: int = 1, day: int = 1) -> int:
    """Days from 1 January 1970 to this day of the proleptic Gregorian calendar (astronomical
    year: 0 is 1 BCE), for any year. Raises ValueError for a day the month does not have."""
    cycles = (year - 1) // _CYCLE_YEARS          # whole cycles that bring the year to 1..400
    return date(year - cycles * _CYCLE_YEARS, month, day).toordinal() + cycles * _CYCLE_DAYS - _EPOCH


def civil_day(number: int) -> tuple[int, int, int]:
    """(astronomical year, month, day) of a day counted from 1 January 1970 (day_number's
    inverse), for any day."""
    ordinal = number + _EPOCH
    cycles = (ordinal - 1) // _CYCLE_DAYS         # whole cycles that bring the day into years 1..400
    d = date.fromordinal(ordinal - cycles * _CYCLE_DAYS)
    return d.year + cycles * _CYCLE_YEARS, d.month, d.day


def stamp(year: int, month: int = 1, day: int = 1) -> float:
    """Seconds from 1970-01-01 UTC to the start of that day: the time axis' x (as a Unix
    timestamp for a year of the common era, and on the same line before it)."""
    return float(day_number(year, month, day) * DAY_SECONDS)


def civil_of_stamp(seconds: float) -> tuple[int, int, int]:
    """(astronomical year, month, day) of the day an x of the time axis falls in (a finite x)."""
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
