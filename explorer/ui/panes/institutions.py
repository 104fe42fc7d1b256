"""The Institutions pane: committees, ministries, banks, forums, plans and
agreements as a graph, a hierarchy and a timeline above the table. The four
show the same filtered set; picking an institution in any one picks it in all
and shows its citation and its relations."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel, QListWidget, QListWidgetItem, QSizePolicy, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from explorer.data.citations import citation_for
from explorer.data.tables import INSTITUTIONS
from explorer.ui.panes.base import TablePane


class InstitutionsPane(TablePane):
    spec = INSTITUTIONS
    guide = ("Committees, sub-committees, ministries, banks, forums, funds, plans and agreements, "
             "their side (China, Russia, bilateral) and how they relate. Browse them as a graph, a "
             "hierarchy or a timeline; selecting one anywhere selects it everywhere and lists its "
             "relations under the citation.")

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.filter_edit.setPlaceholderText("Filter institutions — name in English, Russian or Chinese, or any word")

        # The relations of the selected institution, under the table: the citation keeps the
        # whole height of the side panel, down to its quote (at 1280×800 too)
        self.relations_list = QListWidget()
        self.relations_list.setObjectName("institution-relations")
        self.relations_list.setMinimumHeight(3 * self.fontMetrics().lineSpacing())
        self.relations_list.itemActivated.connect(self._on_relation_item)
        self.relations_list.itemClicked.connect(self._on_relation_item)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        self.relations_title = QLabel("<b>Relations</b>")
        # a long name wraps: it never widens its panel nor squeezes the table
        self.relations_title.setWordWrap(True)
        self.relations_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        # at most two lines (the whole name is its tooltip): a wrapped title asks for the height of
        # its narrowest width, which would push the splitter and squeeze the table to a few rows
        self.relations_title.setMaximumHeight(2 * self.fontMetrics().lineSpacing() + 4)
        box_layout.addWidget(self.relations_title)
        box_layout.addWidget(self.relations_list)
        self.table_and_relations = left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("institutions-table-and-relations")
        self.lower.insertWidget(0, left)
        left.addWidget(self.table)               # moves the table out of the lower splitter
        left.addWidget(box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        self.lower.setStretchFactor(0, 3)
        self.lower.setStretchFactor(1, 1)
        self.lower.setSizes([860, 400])

        self.data = None
        self.views: QTabWidget | None = None
        self.graph = self.tree = self.timeline = None
        self.visible_ids: list[str] = []
        self.current_inst: str | None = None
        self._syncing = False
        self.row_selected.connect(lambda key: self.select_institution(key, origin="table"))

    # -- the three views ------------------------------------------------------------------
    def build_deferred(self) -> None:
        from explorer.data.institutions import InstitutionData
        from explorer.ui.widgets.institutions import InstitutionGraph, InstitutionTimeline, InstitutionTree

        self.data = InstitutionData.load(self.ctx.conn)
        self.graph = InstitutionGraph()
        self.tree = InstitutionTree()
        self.timeline = InstitutionTimeline()
        self.views = QTabWidget()
        self.views.setObjectName("institution-views")
        self.views.addTab(self.graph, "Graph")
        self.views.addTab(self.tree, "Hierarchy")
        self.views.addTab(self.timeline, "Timeline")
        for view in (self.graph, self.tree, self.timeline):
            view.picked.connect(lambda inst_id, v=view: self.select_institution(inst_id, origin=v))
        self.add_upper(self.views, stretch=3)
        total = sum(self.splitter.sizes()) or 700
        # the views above, room below for a citation down to its quote (at 1280×800 too)
        self.splitter.setSizes([int(total * 0.55), total - int(total * 0.55)])
        width = sum(self.lower.sizes()) or 1260
        self.lower.setSizes([int(width * 0.66), width - int(width * 0.66)])
        height = sum(self.table_and_relations.sizes()) or 300
        # most of it for the table; the relations (a few lines) beneath
        self.table_and_relations.setSizes([int(height * 0.72), height - int(height * 0.72)])
        self._redraw_views()

    def on_filter_changed(self) -> None:
        if self.views is not None:
            self._redraw_views()

    def refresh(self) -> None:
        if self.views is not None:
            from explorer.data.institutions import InstitutionData

            self.data = InstitutionData.load(self.ctx.conn)
        super().refresh()

    def _redraw_views(self) -> None:
        from explorer.data.institutions import filtered_ids

        self.visible_ids = filtered_ids(self.ctx.conn, self.current_filter())
        self.graph.populate(self.data, self.visible_ids, self.conflicts)
        self.tree.populate(self.data, self.visible_ids, self.conflicts)
        self.timeline.populate(self.data, self.visible_ids, self.conflicts)
        current = self.current_inst if self.current_inst in self.visible_ids else None
        self.select_institution(current, origin=None) if current else self._show_relations(None)

    def chart_widgets(self) -> list:
        """The view shown above the table: graph, hierarchy or timeline (File → Export view);
        a view that scrolls gives its whole drawing (``export_widget``)."""
        if self.views is None:
            return []
        view = self.views.currentWidget()
        whole = getattr(view, "export_widget", None)
        return [(self.views.tabText(self.views.currentIndex()).lower(), whole() if callable(whole) else view)]

    # -- selection everywhere -------------------------------------------------------------------
    def select_institution(self, inst_id: str | None, origin=None) -> None:
        """Select one institution in the table, tree, graph and timeline, and show its
        citation and relations. ``origin`` is the view the choice came from."""
        if self._syncing:
            return
        self._syncing = True
        try:
            self.current_inst = inst_id
            if origin != "table" and inst_id is not None:
                if not self.select_key(inst_id) and self.data and inst_id in self.data.institutions:
                    self.table.clearSelection()
                    self.citation.show_citation(citation_for(self.ctx.conn, self.data.institutions[inst_id].provenance()))
            if self.views is not None:
                if origin is not self.tree:
                    self.tree.select(inst_id)
                if origin is not self.graph:
                    self.graph.select(inst_id)
                if origin is not self.timeline:
                    self.timeline.select(inst_id)
            self._show_relations(inst_id)
        finally:
            self._syncing = False

    def _show_relations(self, inst_id: str | None) -> None:
        self.relations_list.clear()
        if not inst_id or self.data is None or inst_id not in self.data.institutions:
            self.relations_title.setText("<b>Relations</b>")
            return
        names = self.data.institutions
        outgoing, incoming = self.data.relations_of(inst_id)
        self.relations_title.setText(f"<b>Relations</b> of {names[inst_id].name_en}")
        self.relations_title.setToolTip(names[inst_id].name_en)
        for rel in outgoing:
            other = names[rel.to_id].name_en if rel.to_id in names else rel.to_id
            self._add_relation(f"{rel.label} → {other}", rel, rel.to_id)
        for rel in incoming:
            other = names[rel.from_id].name_en if rel.from_id in names else rel.from_id
            self._add_relation(f"← {other} ({rel.label} this)", rel, rel.from_id)
        if not outgoing and not incoming:
            item = QListWidgetItem("No relation recorded in the documents")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.relations_list.addItem(item)

    def _add_relation(self, text: str, rel, other_id: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, other_id)
        item.setToolTip(f"“{rel.quote}” ({rel.doc_id})" if rel.quote else rel.relation)
        self.relations_list.addItem(item)

    def relation_texts(self) -> list[str]:
        return [self.relations_list.item(i).text() for i in range(self.relations_list.count())]

    def _on_relation_item(self, item: QListWidgetItem) -> None:
        other = item.data(Qt.ItemDataRole.UserRole)
        if other and self.data and other in self.data.institutions:
            self.select_institution(other, origin=None)
