"""explorer.data.formatting: the one number and date-at-precision formatter."""
from __future__ import annotations

import pytest

from explorer.data.formatting import format_date, format_number


@pytest.mark.parametrize("value, shown", [
    (1234567, "1,234,567"), (2401.1, "2,401.1"), (1234.56789, "1,234.568"), (0.0004, "0.0004"),
    (0.01234, "0.0123"), (-0.5, "-0.5"), (3.0, "3"), (None, ""),
])
def test_numbers_keep_three_significant_digits_below_one_and_never_show_a_small_value_as_zero(value, shown):
    assert format_number(value) == shown



@pytest.mark.parametrize("value, shown", [
    (3879.628, "3,879.63"), (1234567.0, "1,234,567"), (0.004, "0.004"), (0.0123, "0.0123"), (None, "—"),
])
def test_trade_charts_write_two_decimals_by_the_same_formatter_and_a_small_share_not_as_zero(value, shown):
    # before, the Trade charts' own formatter rounded 0.004 (a small commodity, USD bn) to "0"
    from explorer.data.trade_types import num

    assert num(value) == shown

@pytest.mark.parametrize("text, precision, stated, short, citation", [
    ("2030", "year", "2030 (year precision)", "2030", "2030"),
    ("2022-Q3", None, "Q3 2022 (quarter precision)", "Q3 2022", "2022-Q3"),
    ("2022-11", "month", "November 2022 (month precision)", "Nov 2022", "November 2022"),
    ("2022-11-01", "month", "November 2022 (month precision)", "Nov 2022", "November 2022"),   # no invented day
    ("2018-11-01", "quarter", "Q4 2018 (quarter precision)", "Q4 2018", "2018-Q4"),
    ("2019-11-25", "day", "25 November 2019", "25 Nov 2019", "November 25, 2019"),
    ("2019-13", None, "2019-13", "2019-13", "2019-13"),                                        # not a date: as written
    ("2023-01/2023-09", None, "January 2023 (month precision) to September 2023 (month precision)",
     "Jan 2023–Sep 2023", "January 2023–September 2023"),
])
def test_a_date_is_written_no_finer_than_its_precision_in_each_style(text, precision, stated, short, citation):
    assert format_date(text, precision) == stated
    assert format_date(text, precision, style="short") == short
    assert format_date(text, precision, style="citation") == citation
