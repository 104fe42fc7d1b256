"""explorer.data.formatting: the one number and date-at-precision formatter."""
from __future__ import annotations

import pytest

import sqlite3

from explorer.data.formatting import format_date, format_number, sql_date_order, sql_date_text, table_date


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
    # before the common era: ISO 8601 expanded years, astronomically numbered (0000 is 1 BCE)
    ("-0499", "year", "500 BCE (year precision)", "500 BCE", "500 BCE"),
    ("-0499-03", "month", "March 500 BCE (month precision)", "Mar 500 BCE", "March 500 BCE"),
    ("-0499-03-01", "month", "March 500 BCE (month precision)", "Mar 500 BCE", "March 500 BCE"),
    ("-0043-03-15", "day", "15 March 44 BCE", "15 Mar 44 BCE", "March 15, 44 BCE"),
    ("0000", "year", "1 BCE (year precision)", "1 BCE", "1 BCE"),
    ("-11999", "year", "12000 BCE (year precision)", "12000 BCE", "12000 BCE"),
    ("-0220/-0205", None, "221 BCE (year precision) to 206 BCE (year precision)", "221 BCE–206 BCE",
     "221 BCE–206 BCE"),
])
def test_a_date_is_written_no_finer_than_its_precision_in_each_style(text, precision, stated, short, citation):
    assert format_date(text, precision) == stated
    assert format_date(text, precision, style="short") == short
    assert format_date(text, precision, style="citation") == citation


@pytest.mark.parametrize("stored, cell", [
    ("-0499", "500 BCE"), ("-0499-03", "Mar 500 BCE"), ("-0499-03-15", "15 Mar 500 BCE"), ("0000", "1 BCE"),
    ("-0499-Q2", "Q2 500 BCE"), ("2022-11", "2022-11"), ("0476", "0476"), ("2023-01/2023-09", "2023-01/2023-09"),
])
def test_a_table_and_sqlite_write_a_bce_date_in_words_and_leave_the_common_eras_iso_text(stored, cell):
    assert table_date(stored) == cell
    # the citation's figure line and the search text are built by SQLite: the same words
    with sqlite3.connect(":memory:") as db:
        assert db.execute(f"SELECT {sql_date_text('d')} FROM (SELECT ? AS d)", (stored,)).fetchone()[0] == cell


def test_dates_sort_in_time_in_sqlite_bce_before_the_common_era_and_500_bce_before_100_bce():
    in_time = ["-11999", "-0499", "-0499-03", "-0499-03-15", "-0099", "0000", "0001", "0476", "1815-12-10", "2022"]
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE TABLE t (d TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [(d,) for d in reversed(in_time)])
        assert [r[0] for r in db.execute(f"SELECT d FROM t ORDER BY {sql_date_order('d')}")] == in_time
        assert [r[0] for r in db.execute(f"SELECT d FROM t ORDER BY {sql_date_order('d', 'DESC')}")] \
            == in_time[::-1]
        # as text, 500 BCE would follow 100 BCE: the order above is not the text order
        assert [r[0] for r in db.execute("SELECT d FROM t ORDER BY d")] != in_time
