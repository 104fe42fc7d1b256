"""Property test of the decimal mark: random figures written the way a locale writes
them (a decimal point or comma; thousands grouped by nothing, the other mark, a space,
a no-break space or an apostrophe; '-', '−' or '(…)' for negatives) in a file with any
delimiter. The import stores every value exactly, or — only when every marked cell
reads two ways ('1,234') — refuses naming the column, and then stores them exactly
with the mark given in the mapping. It never stores a wrong value."""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.data.importing import ImportRejected, run_import
from explorer.data.importing.decimal_marks import UnclearDecimalMark
from tests.faults.conftest import data_dump
from tests.faults import test_fuzz_import
from tests.faults.test_fuzz_import import EXAMPLES, fresh

template = test_fuzz_import.template     # the workspace fixture, shared

GROUPING = {".": [None, ",", " ", "\u00a0", "'"], ",": [None, ".", " ", "\u00a0"]}
#: A cell that reads both ways: one to three digits (not starting with 0), a mark, three digits.
TWO_WAY = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")


def amounts():
    """Whole numbers and numbers with one to four decimals, up to a billion either way."""
    return st.one_of(st.integers(-10**9, 10**9).map(Decimal),
                     *[st.decimals(min_value=-10**9, max_value=10**9, places=p, allow_nan=False,
                                   allow_infinity=False) for p in (1, 2, 3, 4)])


def written(value: Decimal, mark: str, group: str | None, negative: str) -> str:
    """``value`` as the locale writes it."""
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    if group:
        whole = f"{int(whole):,}".replace(",", group)
    body = whole + (mark + fraction if fraction else "")
    if value < 0:
        return {"-": "-" + body, "−": "\u2212" + body, "()": f"({body})"}[negative]
    return body


@st.composite
def files(draw):
    values = draw(st.lists(amounts(), min_size=1, max_size=15))
    mark = draw(st.sampled_from([".", ","]))
    group = draw(st.sampled_from(GROUPING[mark]))
    negative = draw(st.sampled_from(["-", "−", "()"]))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    cells = [written(v, mark, group, negative) for v in values]
    return values, cells, mark, delimiter


def render(cells: list[str], delimiter: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(["period", "reporter", "partner", "value", "unit"])
    for i, cell in enumerate(cells):
        w.writerow([f"{2000 + i // 12}-{i % 12 + 1:02d}", "China", "Russia", cell, "million USD"])
    return buf.getvalue().encode("utf-8")


def stored(conn, import_id: int) -> list[float]:
    return [r[0] for r in conn.execute("SELECT value FROM trade_figures WHERE import_id = ? ORDER BY source_row",
                                       (import_id,))]


def reads_two_ways(cells: list[str]) -> bool:
    """No cell settles the mark: every cell with a mark is like '1,234' or '1.234'."""
    marked = [re.sub(r"[\s'()\-\u2212]", "", c) for c in cells if "," in c or "." in c]
    return bool(marked) and all(TWO_WAY.fullmatch(c) for c in marked)


@settings(max_examples=EXAMPLES * 3)
@given(case=files())
def test_figures_in_any_locale_are_stored_exactly_or_the_column_is_asked_about(
        template, mini_bundled_path, case, tally):
    values, cells, mark, delimiter = case
    expected = [float(v) for v in values]
    with fresh(template, mini_bundled_path) as (conn, folder):
        src = folder / "figures.csv"
        src.write_bytes(render(cells, delimiter))
        before = data_dump(conn)
        if reads_two_ways(cells):
            with pytest.raises(ImportRejected) as info:
                run_import(conn, src)
            assert [type(p) for p in info.value.problems] == [UnclearDecimalMark], info.value.report()
            assert info.value.problems[0].column == "value"
            assert data_dump(conn) == before
            s = run_import(conn, src, mapping={"decimal": {"value": mark}})
        else:
            s = run_import(conn, src)
        assert stored(conn, s.import_id) == expected, (cells, delimiter)
    tally.record(faults=1, rows_checked=len(values))
