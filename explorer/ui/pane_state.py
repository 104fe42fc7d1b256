"""What a pane remembers between runs, read from its widgets generically:
the text filter, every named combo box, checkable button and view tab
(the facets, unit switch, chart options), the table header (column widths,
order, sort) and every named splitter.

``capture(pane)`` gives a JSON-able dict; ``apply(pane, state)`` sets what
exists now and returns what does not exist yet (widgets and splitters that
the pane builds after its first paint), to be applied once they do.
"""
from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QAbstractButton, QComboBox, QSplitter, QTabWidget, QWidget


def _named(widgets) -> dict[str, QWidget]:
    # Qt's own children are called qt_*; unnamed widgets cannot be found again next run.
    return {w.objectName(): w for w in widgets if w.objectName() and not w.objectName().startswith("qt_")}


def option_widgets(pane: QWidget) -> dict[str, QWidget]:
    """The pane's named combo boxes, checkable buttons and tab widgets, by objectName."""
    found = _named(pane.findChildren(QComboBox))
    found.update(_named(b for b in pane.findChildren(QAbstractButton) if b.isCheckable()))
    found.update(_named(pane.findChildren(QTabWidget)))
    return found


def splitters(pane: QWidget) -> dict[str, QSplitter]:
    return _named(pane.findChildren(QSplitter))


def _json_safe(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def widget_value(widget: QWidget) -> Any:
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        if data is not None and _json_safe(data):
            return {"data": data}
        return {"text": widget.currentText()}
    if isinstance(widget, QAbstractButton):
        return {"checked": widget.isChecked()}
    if isinstance(widget, QTabWidget):
        return {"tab": widget.tabText(widget.currentIndex())}
    return None


def set_widget_value(widget: QWidget, value: Any) -> None:
    if not isinstance(value, dict):
        return
    if isinstance(widget, QComboBox):
        index = widget.findData(value["data"]) if "data" in value else widget.findText(str(value.get("text", "")))
        if index >= 0 and index != widget.currentIndex():
            widget.setCurrentIndex(index)
    elif isinstance(widget, QAbstractButton) and "checked" in value:
        if widget.isChecked() != bool(value["checked"]):
            widget.setChecked(bool(value["checked"]))
    elif isinstance(widget, QTabWidget) and "tab" in value:
        for i in range(widget.count()):
            # a tab this workspace hides (the monthly chart without monthly imports) stays unchosen:
            # made current, its page would show with no tab selected
            if widget.tabText(i) == value["tab"] and widget.isTabVisible(i):
                widget.setCurrentIndex(i)
                break


def header_state(pane) -> dict:
    header = pane.table.horizontalHeader()
    return {"columns": header.count(), "state": bytes(header.saveState().toHex()).decode()}


def restore_header(pane, saved: Any) -> bool:
    header = pane.table.horizontalHeader()
    # a release that adds or drops a column starts from its defaults
    if not isinstance(saved, dict) or saved.get("columns") != header.count():
        return False
    if not header.restoreState(QByteArray.fromHex(str(saved.get("state", "")).encode())):
        return False
    # restoreState draws the sort indicator but does not sort the model
    pane.table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
    return True


def capture(pane) -> dict:
    return {
        "filter": pane.filter_edit.text(),
        "options": {name: widget_value(w) for name, w in option_widgets(pane).items()},
        "header": header_state(pane),
        "splitters": {name: bytes(s.saveState().toHex()).decode() for name, s in splitters(pane).items()},
    }


def apply(pane, state: dict) -> dict:
    """Set what the pane has now; return the part it does not have yet."""
    pending: dict = {"options": {}, "splitters": {}}
    if "header" in state:
        restore_header(pane, state["header"])
    options = option_widgets(pane)
    for name, value in (state.get("options") or {}).items():
        if name in options:
            set_widget_value(options[name], value)
        else:
            pending["options"][name] = value
    found = splitters(pane)
    for name, hexed in (state.get("splitters") or {}).items():
        if name in found and isinstance(hexed, str):
            found[name].restoreState(QByteArray.fromHex(hexed.encode()))
        else:
            pending["splitters"][name] = hexed
    if "filter" in state and pane.filter_edit.text() != state["filter"]:
        pane.filter_edit.setText(str(state["filter"] or ""))
    return pending
