"""The window on a laptop (issue 18): it shrinks to 1024×640 on every pane with a
readable filter box, the status bar's row count follows the filter, and small
values never show as 0."""
from __future__ import annotations

import pytest

from tests.conftest import open_window, show_and_wait


@pytest.mark.parametrize("name", ["trade", "corridors", "energy", "institutions", "sources", "indicators"])
def test_every_pane_fits_1024_by_640_with_a_readable_filter(qtbot, store, name):
    with open_window(qtbot, store, "trade", size=(1024, 640)) as win:
        pane = show_and_wait(qtbot, win, name)
        qtbot.wait(10)
        hint = win.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 640, (name, hint)
        assert (win.width(), win.height()) == (1024, 640)
        # the filter is never squeezed to "Fil…": at least 24 average characters wide
        assert pane.filter_edit.width() >= 24 * pane.filter_edit.fontMetrics().averageCharWidth()
        # every toolbar widget lies inside the pane (wrapped to a second line where needed)
        for i in range(pane.toolbar.count()):
            widget = pane.toolbar.itemAt(i).widget()
            if widget is not None and widget.isVisible():
                right = widget.mapTo(pane, widget.rect().topRight()).x()
                assert right <= pane.width(), (name, type(widget).__name__, right, pane.width())


def test_the_status_bar_count_follows_the_filter(qtbot, window):
    pane = show_and_wait(qtbot, window, "trade")
    total = pane.model.rowCount()
    assert f"Trade: {total:,} rows" in window.db_label.text()
    qtbot.keyClicks(pane.filter_edit, "zzqx-no-such-thing")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0, timeout=3000)
    assert "Trade: 0 rows" in window.db_label.text()
    pane.filter_edit.clear()
    qtbot.waitUntil(lambda: pane.model.rowCount() == total, timeout=3000)
    assert f"Trade: {total:,} rows" in window.db_label.text()


@pytest.mark.parametrize("value, shown", [
    (0.0000812345, "0.0000812"), (0.00123, "0.00123"), (-0.000456, "-0.000456"), (0.5, "0.5"),
    (146.8812, "146.881"), (1468.8, "1,468.8"), (0.0, "0"), (3.0, "3"),
])
def test_small_values_keep_three_significant_digits(value, shown):
    from explorer.ui.models.sql_table import format_value

    assert format_value(value, numeric=True) == shown


@pytest.mark.parametrize("name", ["trade", "corridors", "energy", "institutions", "sources"])
def test_table_headers_are_never_clipped(qtbot, window, name):
    pane = show_and_wait(qtbot, window, name)
    header = pane.table.horizontalHeader()
    fm = header.fontMetrics()
    for i, col in enumerate(pane.model.spec.columns):
        if pane.table.isColumnHidden(i) or i == header.count() - 1:     # the last one stretches
            continue
        assert pane.table.columnWidth(i) >= fm.horizontalAdvance(col.header) + 12, (name, col.header)


def test_import_history_reads_local_times_and_undoes_only_what_is_in_effect(qtbot, window):
    from datetime import datetime
    from pathlib import Path

    from explorer.data.importing import run_import
    from explorer.ui.dialogs.import_history import open_import_history

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "good_pipeline_tracker.xlsx"
    run_import(window.ctx.conn, fixture)
    stamp = window.ctx.conn.execute("SELECT imported_at FROM imports").fetchone()[0]
    dialog = open_import_history(window)
    when = dialog.table.item(0, 1)
    local = datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    assert when.text() == local and "T" not in when.text() and stamp in when.toolTip()
    assert dialog.undo_button.isEnabled()
    dialog.undo_button.click()
    assert dialog.table.item(0, 2).text() == "undone"
    assert not dialog.undo_button.isEnabled()       # an undone row cannot be undone again
    dialog.reject()


def test_local_time_reads_utc_stamps_and_leaves_other_text_alone():
    from datetime import datetime, timezone

    from explorer.ui.dialogs.import_history import local_time

    utc = datetime(2026, 12, 1, 0, 57, tzinfo=timezone.utc)
    expected = utc.astimezone().strftime("%Y-%m-%d %H:%M")
    assert local_time("2026-12-01T00:57:27+00:00") == expected
    assert local_time("2026-12-01T00:57:27Z") == expected
    assert local_time("2026-12-01 00:57:27") == expected          # naive: recorded in UTC
    assert local_time("yesterday") == "yesterday" and local_time(None) == ""


def test_a_long_institution_name_never_squeezes_the_table(qtbot, window):
    pane = show_and_wait(qtbot, window, "institutions")
    qtbot.wait(10)
    table_before = pane.table.width()
    names = pane.data.institutions
    longest = max(names, key=lambda k: len(names[k].name_en))
    assert len(names[longest].name_en) > 80
    pane.select_institution(longest)
    assert names[longest].name_en in pane.relations_title.text()
    qtbot.wait(10)
    assert pane.table.width() >= table_before - 2
    # nothing in the side panel asks for more room than a 1024 px window has
    assert window.minimumSizeHint().width() <= 1024


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_corridor_timeline_legend_is_a_few_lines_not_a_third_of_the_panel(qtbot, store, size):
    with open_window(qtbot, store, "corridors", size=size) as win:
        timeline = show_and_wait(qtbot, win, "corridors").timeline
        qtbot.wait(10)
        shown = {timeline._milestones[e].event for e in timeline.glyphs}
        assert shown and shown <= set(timeline.legend.texts)      # every milestone shape drawn is named
        # the legend wraps to a few short lines under the chart; the rows keep the height
        assert timeline.legend.height() <= 0.2 * timeline.height(), (timeline.legend.height(), timeline.height())
        assert timeline.legend.isVisible() and timeline.legend.width() <= timeline.width()
