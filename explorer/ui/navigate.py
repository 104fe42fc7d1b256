"""Open an entry (a search result, a row drawn from a document) in its pane."""
from __future__ import annotations

from explorer.data.entries import Entry


def open_entry(window, entry: Entry) -> bool:
    """Switch ``window`` to the entry's pane and select it; True if a row was selected.

    An entry without a row of its own (a place) filters the pane by its name
    instead. If the pane's text filter hides the row, the filter is cleared.
    """
    pane = window.show_pane(entry.pane)
    if entry.key is not None:
        if pane.select_key(entry.key):
            return True
        if pane.filter_edit.text():
            pane.filter_edit.setText("")
            pane.apply_filter()
            if pane.select_key(entry.key):
                return True
    if entry.filter_text:
        pane.filter_edit.setText(entry.filter_text)
        pane.apply_filter()       # now, not after the typing delay
        if pane.model.rowCount():
            pane.table.selectRow(0)
            return True
    return False
