"""Issue 16: a pane's own Export ▾ (Table as CSV/XLSX) carries the milestones of its
subjects, as File ▸ Export does: the Harbin fair of 15 June 2023 and the Eastern Route
pipeline's full-line completion of 2 December 2024 are in no pane table otherwise."""
from __future__ import annotations

import csv

import pytest

from tests.conftest import open_window, show_and_wait


@pytest.mark.parametrize("pane, stem, subject, date", [
    ("institutions", "inst", "Harbin International Economic and Trade Fair", "2023-06-15"),
    ("energy", "energy", None, "2024-12-02"),
    ("trade", "trade", None, None),
])
def test_pane_csv_export_writes_its_milestones_beside_the_table(qtbot, store, tmp_path, pane, stem, subject, date):
    with open_window(qtbot, store, pane) as win:
        win.pane(pane).export(tmp_path / f"{stem}.csv")
    beside = tmp_path / f"{stem}_milestones.csv"
    with open(beside, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    if date:
        assert any(r["date"] == date and (subject is None or r["subject"] == subject) for r in rows)


def test_pane_xlsx_export_has_a_milestones_sheet_and_keeps_its_sources_sheet(qtbot, store, tmp_path):
    from openpyxl import load_workbook

    with open_window(qtbot, store, "trade") as win:
        win.pane("trade").export(tmp_path / "trade.xlsx")
        show_and_wait(qtbot, win, "energy")
        win.pane("energy").export(tmp_path / "energy.xlsx")
    book = load_workbook(tmp_path / "trade.xlsx")
    titles = [s.title for s in book.worksheets]
    assert any(t.endswith("milestones") for t in titles) and "Sources" in titles
    sheet = next(s for s in load_workbook(tmp_path / "energy.xlsx").worksheets if s.title.endswith("milestones"))
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    dates = {row[header.index("date")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "2024-12-02" in dates
