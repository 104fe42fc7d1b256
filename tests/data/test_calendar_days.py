"""explorer.data.calendar_days: days of any year on one line with Unix time."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from explorer.data.calendar_days import civil_day, civil_of_stamp, day_number, is_valid_day, stamp, year_label


@pytest.mark.parametrize("year, month, day", [(1970, 1, 1), (2022, 11, 25), (1, 1, 1), (1815, 12, 10), (9999, 12, 31)])
def test_a_day_of_the_common_era_is_where_unix_time_puts_it(year, month, day):
    assert stamp(year, month, day) == datetime(year, month, day, tzinfo=timezone.utc).timestamp()


def test_days_run_on_without_a_gap_through_1_bce_and_past_9999():
    assert day_number(1, 1, 1) - day_number(0, 12, 31) == 1             # 31 Dec 1 BCE, then 1 Jan 1 CE
    assert day_number(0, 1, 1) - day_number(-1, 12, 31) == 1
    assert day_number(10000, 1, 1) - day_number(9999, 12, 31) == 1      # a padded axis runs past 9999
    for number in (*range(-2_000_000, 2_000_000, 9973), -5 * 10**12, 10**12):
        assert day_number(*civil_day(number)) == number
    epoch = date(1970, 1, 1).toordinal()
    for ordinal in range(1, date(9999, 12, 31).toordinal(), 997):
        d = date.fromordinal(ordinal)
        assert civil_day(ordinal - epoch) == (d.year, d.month, d.day)
    assert civil_of_stamp(stamp(-13_799_999_999) + 3600) == (-13_799_999_999, 1, 1)


def test_leap_days_follow_the_proleptic_gregorian_rule_in_astronomical_years():
    assert is_valid_day(0, 2, 29) and is_valid_day(-400, 2, 29) and is_valid_day(-4, 2, 29)      # 1, 401, 5 BCE
    assert not is_valid_day(-100, 2, 29) and not is_valid_day(-499, 2, 29)


def test_a_year_is_written_as_a_reader_counts_it():
    assert [year_label(y) for y in (-499, 0, 1, 2023)] == ["500 BCE", "1 BCE", "1", "2023"]
    assert year_label(500, era=True) == "500 CE"
