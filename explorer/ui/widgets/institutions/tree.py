"""The hierarchy view: frameworks at the top, what relates to them beneath."""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from explorer.data.conflicts import Conflict, worst_severity
from explorer.data.institutions import SIDES, InstitutionData, TreeNode, format_date, hierarchy
from explorer.ui.severity_icon import severity_icon
from explorer.ui.widgets.conflict_marks import with_conflicts
from explorer.ui.widgets.export_sheet import ExportSheet, offscreen_twin
from explorer.ui.widgets.institutions.styles import INST_ROLE, RELATION_ROLE, side_colour


class InstitutionTree(QTreeWidget):
    """Frameworks at the top, what was established within them, implements them
    or is signed by them underneath: one branch per relation."""

    picked = Signal(str)      # the inst_id of the institution the analyst chose
    COLUMNS = ("Institution", "Relation to parent", "Kind", "Side", "Established / signed", "Valid")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("institution-tree")
        self.setColumnCount(len(self.COLUMNS))
        self.setHeaderLabels(list(self.COLUMNS))
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        char = self.fontMetrics().averageCharWidth()
        for col, chars in enumerate((66, 22, 18, 10, 20)):
            self.setColumnWidth(col, chars * char)
        self.currentItemChanged.connect(self._on_current)
        self.conflicts: dict[str, list[Conflict]] = {}     # inst_id -> recorded conflicts it is in
        self._syncing = False
        self._data: InstitutionData | None = None
        self._ids: list[str] = []
        self._sheet: ExportSheet | None = None

    def populate(self, data: InstitutionData, ids: Iterable[str],
                 conflicts: dict[str, list[Conflict]] | None = None) -> None:
        """One branch per relation; an institution in a recorded conflict (inst_id -> conflicts)
        gets the tables' severity icon and the conflict in its tooltip."""
        self.conflicts = {k: v for k, v in (conflicts or {}).items() if v}
        ids = list(ids)
        self._data, self._ids = data, ids
        names = {i: data.institutions[i].name_en for i in ids}
        roots = hierarchy(ids, data.relations, names)
        self._syncing = True
        try:
            self.clear()
            groups: dict[str, QTreeWidgetItem] = {}
            order = {s: k for k, s in enumerate(SIDES)}
            for side in sorted({data.institutions[r.inst_id].side for r in roots},
                               key=lambda s: (order.get(s, len(order)), s)):
                group = QTreeWidgetItem([f"{side}"])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setForeground(0, QBrush(QColor(side_colour(side))))
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[side] = group
            self.addTopLevelItems(list(groups.values()))
            for root in roots:
                groups[data.institutions[root.inst_id].side].addChild(self._item(data, root))
            for group in groups.values():
                n = group.childCount()
                group.setText(0, f"{group.text(0)} — {n} top-level {'entry' if n == 1 else 'entries'}")
            self.expandAll()
        finally:
            self._syncing = False

    def _item(self, data: InstitutionData, node: TreeNode) -> QTreeWidgetItem:
        inst = data.institutions[node.inst_id]
        valid = f"{format_date(inst.valid_from)}–{format_date(inst.valid_to)}" if inst.valid_from or inst.valid_to else ""
        item = QTreeWidgetItem([
            inst.name_en, node.relation.label if node.relation else "", inst.kind.replace("_", " "), inst.side,
            format_date(inst.established, inst.established_precision), valid,
        ])
        item.setData(0, INST_ROLE, inst.inst_id)
        item.setData(0, RELATION_ROLE, node.relation.relation_id if node.relation else None)
        tip = " / ".join(n for n in (inst.name_en, inst.name_ru, inst.name_zh) if n)
        found = self.conflicts.get(inst.inst_id)
        item.setToolTip(0, with_conflicts(tip, found))
        if found:
            item.setIcon(0, severity_icon(worst_severity(found)))
        if node.relation is not None and node.relation.quote:
            item.setToolTip(1, f"“{node.relation.quote}”")
        item.setForeground(3, QBrush(QColor(side_colour(inst.side))))
        for child in node.children:
            item.addChild(self._item(data, child))
        return item

    def export_widget(self) -> QWidget:
        """What File → Export view draws: every branch, expanded, each column wide enough
        for its longest entry, never only the rows scrolled into view."""
        twin = InstitutionTree()
        twin.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        twin.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if self._data is not None:
            twin.populate(self._data, self._ids, self.conflicts)
        offscreen_twin(twin, self.width(), self.height())
        for col in range(twin.columnCount()):
            twin.setColumnWidth(col, max(twin.columnWidth(col), twin.sizeHintForColumn(col),
                                         twin.header().sectionSizeHint(col)))
        twin.select(self.selected_inst())
        twin.scrollToTop()
        frame = 2 * twin.frameWidth()
        last = list(twin.iter_items())[-1:] or [None]
        rows = twin.visualItemRect(last[0]).bottom() + 1 if last[0] is not None else 0
        twin.resize(max(self.width(), twin.header().length() + frame),
                    twin.header().height() + rows + frame)
        if self._sheet is None:
            self._sheet = ExportSheet(self)
        return self._sheet.set_parts([twin], twin=twin)

    def iter_items(self) -> Iterable[QTreeWidgetItem]:
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            yield item
            stack[0:0] = [item.child(i) for i in range(item.childCount())]

    def items_for(self, inst_id: str) -> list[QTreeWidgetItem]:
        return [it for it in self.iter_items() if it.data(0, INST_ROLE) == inst_id]

    def branch_relation_ids(self) -> set[str]:
        return {it.data(0, RELATION_ROLE) for it in self.iter_items() if it.data(0, RELATION_ROLE)}

    def selected_inst(self) -> str | None:
        item = self.currentItem()
        return item.data(0, INST_ROLE) if item is not None else None

    def select(self, inst_id: str | None) -> None:
        """Make the first (shallowest) item of this institution current, without echoing it."""
        if inst_id is not None and self.selected_inst() == inst_id:
            return
        items = self.items_for(inst_id) if inst_id else []
        self._syncing = True
        try:
            if items:
                self.setCurrentItem(items[0])
                self.scrollToItem(items[0])
            else:
                self.setCurrentItem(None)
        finally:
            self._syncing = False

    def _on_current(self, current: QTreeWidgetItem | None, _previous) -> None:
        if self._syncing or current is None:
            return
        inst_id = current.data(0, INST_ROLE)
        if inst_id:
            self.picked.emit(inst_id)
