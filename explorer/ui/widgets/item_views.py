"""The few ways dialogs and panes set up their plain item views, built in one place so that a
list of backups, of exchange rates, of search results and of a document's entries behave alike
(read-only, one row selected at a time, the last column taking the room left)."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTabWidget, QTreeWidget,
                               QWidget)


def wrapped_label(text: str = "") -> QLabel:
    """A label whose text wraps to the width it is given (a note above a list)."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def read_only_table(headers: Sequence[str]) -> QTableWidget:
    """A table of whole rows the user selects one at a time and cannot edit, with no row numbers."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


def detail_tree(name: str, headers: Sequence[str], first_width: int) -> QTreeWidget:
    """A tree of an item and its detail: the first column ``first_width`` wide (the user may
    resize it), the last column stretched to the tree's width."""
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(list(headers))
    tree.setUniformRowHeights(True)
    tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    tree.header().setStretchLastSection(True)
    tree.setColumnWidth(0, first_width)
    return tree


def tabs(name: str, pages: Sequence[tuple[QWidget, str]]) -> QTabWidget:
    """A tab widget holding ``pages`` (widget, tab title) in order."""
    out = QTabWidget()
    out.setObjectName(name)
    for page, title in pages:
        out.addTab(page, title)
    return out
