"""A TimelineJS sheet with years before the common era in the Corridors pane: the timeline draws
them in time order before the common era, the axis names BCE years, the table reads '500 BCE'."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from explorer.data.importing import run_import
from tests.conftest import open_window
from tests.corridors_data import build_corridor_db

SHEET = Path(__file__).resolve().parents[1] / "fixtures" / "timelinejs" / "roads_across_eurasia_bce.csv"


@pytest.fixture(scope="module")
def corridor_db(tmp_path_factory):
    return build_corridor_db(tmp_path_factory.mktemp("corridors-bce"))


@pytest.fixture
def pane(qtbot, corridor_db, tmp_path):
    from explorer.data.db import Store

    store = Store(workspace=tmp_path / "ws.sqlite", bundled=corridor_db)
    conn = store.connect()
    run_import(conn, SHEET)
    conn.close()
    with open_window(qtbot, store, "corridors") as win:
        yield win.pane("corridors")


def _event_of(pane, headline: str) -> str:
    return pane.ctx.conn.execute("SELECT event_id FROM all_events WHERE description LIKE ?",
                                 (headline + "%",)).fetchone()[0]


def test_the_timeline_draws_bce_milestones_in_time_order_before_the_common_era(pane):
    glyphs = pane.timeline.glyphs
    x = {h: glyphs[_event_of(pane, h)].x for h in (
        "Early settlement", "Wheeled carts", "Royal Road", "Han envoys", "The last year before",
        "The first year of", "Western Roman", "Ada Lovelace")}
    assert list(x.values()) == sorted(x.values()) and len(set(x.values())) == len(x)
    assert x["Royal Road"] < x["Han envoys"] < x["Ada Lovelace"]         # 500 BCE < 100 BCE < 1815
    assert "March 500 BCE (month precision)" in glyphs[_event_of(pane, "Royal Road")].tooltip
    # the whole story is in view: from before 8000 BCE (its bar) to today
    lo, hi = pane.timeline.full_range()
    assert lo < glyphs[_event_of(pane, "Early settlement")].x0 and hi > pane.timeline.today


def test_the_axis_names_bce_years_and_has_no_year_zero(pane):
    axis = pane.timeline.plot.getAxis("bottom")
    lo, hi = pane.timeline.full_range()
    (_spacing, values), = axis.tickValues(lo, hi, 1200)
    labels = axis.tickStrings(values, 1, _spacing)
    assert labels and all(label.endswith((" BCE", " CE")) for label in labels)
    assert "8000 BCE" in labels and "1 CE" in labels
    assert not any(label.startswith(("0", "-")) for label in labels)
    years = [int(label.split()[0]) * (-1 if label.endswith("BCE") else 1) for label in labels]
    assert years == sorted(years)                                          # left to right in time
    # zoomed in on the years round the era: 2 BCE, 1 BCE, 1 CE, 2 CE, no year 0
    from explorer.data.calendar_days import stamp
    (_spacing, values), = axis.tickValues(stamp(-2), stamp(3), 1200)
    assert axis.tickStrings(values, 1, _spacing) == ["3 BCE", "2 BCE", "1 BCE", "1 CE", "2 CE", "3 CE"]


def test_the_table_reads_bce_dates_in_words_in_time_order(qtbot, pane):
    model = pane.model
    date_col = model.spec.keys.index("date")
    qtbot.waitUntil(lambda: model.rowCount() and model.data(model.index(0, 0)) is not None, timeout=5000)
    shown = [model.data(model.index(r, date_col)) for r in range(model.rowCount())
             if model.data(model.index(r, 0)) == "Roads across Eurasia"]
    assert shown == ["8000 BCE", "3000 BCE", "Mar 500 BCE", "100 BCE", "1 BCE", "0001", "0476-09-04", "1815-12-10"]
    until = model.spec.keys.index("date_end")
    first = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "Roads across Eurasia")
    assert model.data(model.index(first, until)) == "5000 BCE"
    assert model.data(model.index(first, date_col), Qt.ItemDataRole.EditRole) == "-7999"     # stored as ISO


@pytest.mark.parametrize("dates", [["-13799999999", "-64999999", "-0499", "1815"], ["-999999", "2020"]])
def test_a_sheet_of_cosmic_history_draws_and_its_axis_reads_any_year(qtbot, dates):
    # the axis' range padded past the year 9999 raised inside Qt's paint and took the app down
    from explorer.data.corridors import Corridor, Milestone
    from explorer.ui.widgets.timeline import TimelineWidget

    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    corridor = Corridor("c1", "History", None, None, "corridor", None)
    milestones = [Milestone(f"e{i}", "c1", "opened", d, None, None, None, "actual", None, None, None, None, None)
                  for i, d in enumerate(dates)]
    widget.set_data([corridor], milestones)
    widget.show()
    qtbot.waitExposed(widget)
    assert not widget.grab().isNull()
    xs = [widget.glyphs[f"e{i}"].x for i in range(len(dates))]
    assert xs == sorted(xs)
    axis = widget.plot.getAxis("bottom")
    lo, hi = widget.full_range()
    (spacing, values), = axis.tickValues(lo, hi, 1000)
    labels = axis.tickStrings(values, 1, spacing)
    assert 2 <= len(labels) <= 20 and labels[0].endswith(" BCE")
