"""Issue 16: Copy citation of a row in a recorded conflict says so (the conflict's severity,
kind and description after the figure), in both styles; a row in none copies no such line."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.conftest import show_and_wait


def test_copied_citation_of_a_conflicted_figure_names_its_conflict(qtbot, window):
    pane = show_and_wait(qtbot, window, "trade")
    assert pane.select_key("tf-cn-ru-trade-growth-2023")
    for style in ("plain", "chicago"):
        pane.citation.copy_as(style)
        text = QApplication.clipboard().text()
        assert "Figure: 4.9%" in text
        assert ("\nRecorded conflict (error, growth mismatch) cf-table-growth-2023: Doc 003's table reports 4.9% "
                "growth for 2023") in text
    assert pane.select_key("tf-cn-ru-growth-2018")
    pane.citation.copy_as("plain")
    assert "Recorded conflict" not in QApplication.clipboard().text()
