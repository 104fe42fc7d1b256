"""Institutions and how they relate: reads, the hierarchy, dates at their
precision, and the layouts the Institutions pane draws (no Qt here).

A relation row ``(from_id, relation, to_id)`` reads "from *relation* to":
"the sub-committee *established within* the prime ministers' meetings". In
the hierarchy and the graph ``to_id`` is the parent (the framework, the plan,
the signatory) and ``from_id`` the child, so every relation is one branch.
"""
from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from explorer.data.query import Filter
from explorer.data.tables import INSTITUTIONS

SIDES: tuple[str, ...] = ("China", "Russia", "bilateral", "other")

#: How a relation reads from the child (from_id) to the parent (to_id).
RELATION_LABELS: dict[str, str] = {
    "established_within": "established within",
    "part_of": "part of",
    "subordinate_to": "subordinate to",
    "implements": "implements",
    "platform_of": "platform of",
    "signed_by": "signed by",
    "signed_with": "signed with",
    "approved_by": "approved by",
    "participated_in": "participated in",
    "succeeds": "succeeds",
}

#: Kinds drawn with one shape, so that the graph's legend stays short.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "body": ("committee", "sub_committee", "council", "meeting_mechanism"),
    "government": ("ministry", "agency", "customs"),
    "finance": ("bank", "fund", "company"),
    "platform": ("forum", "expo", "event_series", "media"),
    "plan": ("plan", "policy", "programme"),
    "agreement": ("memorandum", "agreement", "joint_statement"),
    "research": ("research_centre", "university"),
}
_GROUP_OF_KIND = {kind: group for group, kinds in KIND_GROUPS.items() for kind in kinds}


def kind_group(kind: str | None) -> str:
    """The shape group of a kind ('other' for kinds not listed)."""
    return _GROUP_OF_KIND.get(kind or "", "other")


def relation_label(relation: str) -> str:
    return RELATION_LABELS.get(relation, relation.replace("_", " "))


# -- reads ---------------------------------------------------------------------
@dataclass(frozen=True)
class Institution:
    inst_id: str
    name_en: str
    name_ru: str | None
    name_zh: str | None
    kind: str
    side: str
    established: str | None
    established_precision: str | None
    valid_from: str | None
    valid_to: str | None
    description: str | None
    doc_id: str | None
    quote: str | None
    original_source: str | None
    source_file: str | None
    source_row: int | None
    origin: str | None

    def provenance(self) -> dict:
        return {"doc_id": self.doc_id, "quote": self.quote, "original_source": self.original_source,
                "source_file": self.source_file, "source_row": self.source_row, "origin": self.origin}


@dataclass(frozen=True)
class Relation:
    relation_id: str
    from_id: str
    relation: str
    to_id: str
    doc_id: str | None
    quote: str | None

    @property
    def label(self) -> str:
        return relation_label(self.relation)


@dataclass(frozen=True)
class InstitutionEvent:
    event_id: str
    inst_id: str
    event: str
    date: str | None
    date_precision: str | None
    date_end: str | None
    date_end_precision: str | None
    status: str | None
    description: str | None
    doc_id: str | None
    quote: str | None


_INST_COLS = ", ".join(Institution.__dataclass_fields__)


def load_institutions(conn: sqlite3.Connection) -> list[Institution]:
    """Every institution (curated and imported), by English name."""
    rows = conn.execute(f"SELECT {_INST_COLS} FROM all_institutions ORDER BY name_en, inst_id")
    return [Institution(*r) for r in rows]


def load_relations(conn: sqlite3.Connection) -> list[Relation]:
    rows = conn.execute(
        "SELECT relation_id, from_id, relation, to_id, doc_id, quote FROM all_institution_relations "
        "ORDER BY relation_id")
    return [Relation(*r) for r in rows]


def load_events(conn: sqlite3.Connection) -> list[InstitutionEvent]:
    """Dated happenings whose subject is an institution (meetings, signings, expiry)."""
    rows = conn.execute(
        "SELECT event_id, subject_id, event, date, date_precision, date_end, date_end_precision, status, "
        "description, doc_id, quote FROM all_events WHERE subject_type = 'institution' "
        "ORDER BY date, event_id")
    return [InstitutionEvent(*r) for r in rows]


def filtered_ids(conn: sqlite3.Connection, flt: Filter = Filter()) -> list[str]:
    """Keys of the institutions the pane's table shows under this filter."""
    where, params = flt.where(INSTITUTIONS)
    rows = conn.execute(f"SELECT _key FROM ({INSTITUTIONS.select_sql()}){where} ORDER BY _key", params)
    return [str(r[0]) for r in rows]


@dataclass
class InstitutionData:
    """Everything the pane's three views draw, read once."""

    institutions: dict[str, Institution]
    relations: list[Relation]
    events: list[InstitutionEvent]

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "InstitutionData":
        return cls({i.inst_id: i for i in load_institutions(conn)}, load_relations(conn), load_events(conn))

    def relations_of(self, inst_id: str) -> tuple[list[Relation], list[Relation]]:
        """(outgoing, incoming): relations where this institution is the child / the parent."""
        out = [r for r in self.relations if r.from_id == inst_id]
        inc = [r for r in self.relations if r.to_id == inst_id]
        return out, inc


# -- hierarchy -------------------------------------------------------------------
@dataclass
class TreeNode:
    inst_id: str
    relation: Relation | None = None          # how this node relates to its parent
    children: list["TreeNode"] = field(default_factory=list)


def hierarchy(ids: Iterable[str], relations: Sequence[Relation],
              names: dict[str, str] | None = None) -> list[TreeNode]:
    """The browsable hierarchy as a list of root trees. Each relation among
    ``ids`` is a branch from its parent (to_id) to its child (from_id); an
    institution with several parents appears under each. Roots are the
    institutions with no parent among ``ids`` (the caller groups them); a
    cycle is shown once and not descended into."""
    idset = set(ids)
    names = names or {}

    def key(i: str) -> tuple[str, str]:
        return names.get(i, i).casefold(), i

    children: dict[str, list[Relation]] = {}
    has_parent: set[str] = set()
    for r in relations:
        if r.from_id in idset and r.to_id in idset and r.from_id != r.to_id:
            children.setdefault(r.to_id, []).append(r)
            has_parent.add(r.from_id)

    reached: set[str] = set()

    def grow(node: TreeNode, path: frozenset[str]) -> TreeNode:
        reached.add(node.inst_id)
        for r in sorted(children.get(node.inst_id, []), key=lambda r: (key(r.from_id), r.relation)):
            child = TreeNode(r.from_id, r)
            node.children.append(child if r.from_id in path else grow(child, path | {r.from_id}))
            reached.add(r.from_id)
        return node

    trees = [grow(TreeNode(i), frozenset({i})) for i in sorted(idset, key=key) if i not in has_parent]
    for i in sorted(idset, key=key):        # a cycle with no root above it still needs a place
        if i not in reached:
            trees.append(grow(TreeNode(i), frozenset({i})))
    return trees


def tree_branches(trees: Iterable[TreeNode]) -> set[str]:
    """Relation ids that appear as a branch somewhere in these trees."""
    found: set[str] = set()
    stack = list(trees)
    while stack:
        n = stack.pop()
        if n.relation is not None:
            found.add(n.relation.relation_id)
        stack.extend(n.children)
    return found


# -- dates at their precision -------------------------------------------------------
_DATE_RE = re.compile(r"^\s*(\d{4})(?:-(Q[1-4]|\d{1,2}))?(?:-(\d{1,2}))?\s*$", re.IGNORECASE)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _day_of_year(y: int, m: int, d: int) -> int:
    days = sum(_DAYS_IN_MONTH[: m - 1]) + d - 1
    return days + (1 if _leap(y) and m > 2 else 0)


def date_span(text: str | None, precision: str | None = None) -> tuple[float, float] | None:
    """The period a date covers, as fractional years [start, end): '2018' is the
    whole year 2018.0–2019.0, '2018-11' is November, '2024-11-25' one day.
    An ISO interval 'a/b' covers from the start of a to the end of b."""
    if not text:
        return None
    if "/" in text:
        a, b = text.split("/", 1)
        sa, sb = date_span(a), date_span(b)
        return (sa[0], sb[1]) if sa and sb else (sa or sb)
    m = _DATE_RE.match(text)
    if not m:
        return None
    year = int(m.group(1))
    part, day = m.group(2), m.group(3)
    if precision == "year" or part is None:
        return float(year), float(year + 1)
    if part.upper().startswith("Q"):
        q = int(part[1])
        return year + (q - 1) / 4, year + q / 4
    month = int(part)
    if not 1 <= month <= 12:
        return float(year), float(year + 1)
    ylen = 366 if _leap(year) else 365
    if precision == "month" or day is None:
        start = _day_of_year(year, month, 1)
        length = _DAYS_IN_MONTH[month - 1] + (1 if month == 2 and _leap(year) else 0)
        return year + start / ylen, year + (start + length) / ylen
    start = _day_of_year(year, month, min(int(day), 31))
    return year + start / ylen, year + (start + 1) / ylen


def precision_of(text: str | None, precision: str | None = None) -> str | None:
    """The stated precision, or the one the text's shape implies."""
    if precision:
        return precision
    if not text:
        return None
    m = _DATE_RE.match(text.split("/")[0])
    if not m:
        return None
    if m.group(2) is None:
        return "year"
    if m.group(2).upper().startswith("Q"):
        return "quarter"
    return "month" if m.group(3) is None else "day"


def format_date(text: str | None, precision: str | None = None) -> str:
    """A date as a reader writes it, no finer than its precision ('Nov 2018', not 2018-11-01)."""
    if not text:
        return ""
    if "/" in text:
        a, b = text.split("/", 1)
        return f"{format_date(a)}–{format_date(b)}"
    m = _DATE_RE.match(text)
    if not m:
        return text
    prec = precision_of(text, precision)
    year, part, day = m.group(1), m.group(2), m.group(3)
    if prec == "year" or part is None:
        return year
    if prec == "quarter":
        return f"{part.upper()} {year}"
    month = int(part)
    if not 1 <= month <= 12:
        return text
    if prec == "month" or day is None:
        return f"{_MONTHS[month - 1]} {year}"
    return f"{int(day)} {_MONTHS[month - 1]} {year}"


def validity_span(inst: Institution) -> tuple[float, float] | None:
    """A plan's or agreement's validity, from the start of valid_from to the end of valid_to."""
    start = date_span(inst.valid_from)
    end = date_span(inst.valid_to)
    if start and end:
        return start[0], end[1]
    return None


# -- timeline ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Mark:
    """One dated thing on an institution's timeline row."""

    what: str                  # established | meeting | signed | expired | … (event names)
    start: float
    end: float
    precision: str | None
    text: str                  # the date as written at its precision
    event_id: str | None = None
    description: str | None = None


@dataclass
class TimelineEntry:
    inst_id: str
    label: str
    side: str
    kind: str
    span: tuple[float, float] | None            # validity period (plans, agreements)
    span_text: str
    marks: list[Mark]
    lane: int = 0

    @property
    def start(self) -> float:
        return min([m.start for m in self.marks] + ([self.span[0]] if self.span else []))

    @property
    def end(self) -> float:
        return max([m.end for m in self.marks] + ([self.span[1]] if self.span else []))


def timeline_entries(data: InstitutionData, ids: Iterable[str] | None = None) -> list[TimelineEntry]:
    """One entry per institution with any date: its validity span and its dated marks."""
    wanted = set(data.institutions) if ids is None else set(ids)
    events: dict[str, list[InstitutionEvent]] = {}
    for e in data.events:
        events.setdefault(e.inst_id, []).append(e)
    entries = []
    for inst in data.institutions.values():
        if inst.inst_id not in wanted:
            continue
        marks = []
        est = date_span(inst.established, inst.established_precision)
        if est:
            marks.append(Mark("established", est[0], est[1], precision_of(inst.established, inst.established_precision),
                              format_date(inst.established, inst.established_precision)))
        for e in events.get(inst.inst_id, []):
            span = date_span(e.date, e.date_precision)
            if not span:
                continue
            end = date_span(e.date_end, e.date_end_precision)
            text = format_date(e.date, e.date_precision)
            if end:
                span = (span[0], end[1])
                text += "–" + format_date(e.date_end, e.date_end_precision)
            if any(m.what == "established" and (m.start, m.end) == span for m in marks):
                marks = [m for m in marks if not (m.what == "established" and (m.start, m.end) == span)]
            marks.append(Mark(e.event, span[0], span[1], precision_of(e.date, e.date_precision), text,
                              e.event_id, e.description))
        span = validity_span(inst)
        if not marks and not span:
            continue
        span_text = f"{format_date(inst.valid_from)}–{format_date(inst.valid_to)}" if span else ""
        entries.append(TimelineEntry(inst.inst_id, inst.name_en, inst.side, inst.kind, span, span_text,
                                     sorted(marks, key=lambda m: (m.start, m.what))))
    entries.sort(key=lambda t: (t.start, t.label.casefold(), t.inst_id))
    return entries


def pack_lanes(entries: Sequence[TimelineEntry], extent: Callable[[TimelineEntry], tuple[float, float]],
               gap: float = 0.0) -> int:
    """Put entries on as few lanes as possible so that no two extents (which
    include their labels) overlap; sets ``entry.lane``, returns the lane count.
    Greedy in start order, first lane that is free: deterministic."""
    lane_end: list[float] = []
    for entry in sorted(entries, key=lambda t: (extent(t)[0], t.label.casefold(), t.inst_id)):
        lo, hi = extent(entry)
        for i, end in enumerate(lane_end):
            if lo >= end + gap:
                entry.lane = i
                lane_end[i] = hi
                break
        else:
            entry.lane = len(lane_end)
            lane_end.append(hi)
    return len(lane_end)


# -- graph layout ------------------------------------------------------------------------------
Measure = Callable[[str], tuple[float, float]]


def estimate_text_size(text: str) -> tuple[float, float]:
    """A Qt-free guess of a label's size in pixels (the UI passes real font metrics)."""
    lines = text.split("\n")
    return max(len(s) for s in lines) * 7.0, 16.0 * len(lines)


def wrap_label(text: str, width: int = 26, max_lines: int = 2) -> str:
    """Wrap a name on word boundaries; elide what does not fit in ``max_lines``."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for w in words:
        if current and len(current) + 1 + len(w) > width:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}".strip()
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: width - 1].rstrip() + "…") if len(last) >= width else last + " …"
    return "\n".join(lines)


@dataclass
class NodeBox:
    inst_id: str
    x: float                # marker centre
    y: float
    label: str              # wrapped label
    label_x: float          # label box, left/top in layout units (pixels at scale 1)
    label_y: float
    label_w: float
    label_h: float
    layer: int = -1         # column in its component; -1 for unrelated institutions
    col_right: float = 0.0  # right edge of its column: edges leave from here

    def label_rect(self) -> tuple[float, float, float, float]:
        return self.label_x, self.label_y, self.label_w, self.label_h


@dataclass
class GraphLayout:
    nodes: dict[str, NodeBox]
    edges: list[tuple[Relation, list[tuple[float, float]]]]     # relation, polyline
    headers: list[tuple[str, float, float]]                     # group title, x, y (unrelated institutions)
    width: float
    height: float
    marker: float


def rects_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def _layers(ids: list[str], parents: dict[str, list[str]]) -> dict[str, int]:
    """Longest-path layering: a node sits one column right of its deepest parent."""
    layer: dict[str, int] = {}
    visiting: set[str] = set()

    def depth(n: str) -> int:
        if n in layer:
            return layer[n]
        visiting.add(n)
        d = 0
        for p in parents.get(n, []):
            if p not in visiting:           # ignore the edge that closes a cycle
                d = max(d, depth(p) + 1)
        visiting.discard(n)
        layer[n] = d
        return d

    for n in ids:
        depth(n)
    return layer


def _components(ids: list[str], edges: list[Relation]) -> list[list[str]]:
    adj: dict[str, set[str]] = {i: set() for i in ids}
    for r in edges:
        adj[r.from_id].add(r.to_id)
        adj[r.to_id].add(r.from_id)
    seen: set[str] = set()
    comps = []
    for i in ids:
        if i in seen:
            continue
        stack, comp = [i], []
        seen.add(i)
        while stack:
            n = stack.pop()
            comp.append(n)
            for m in sorted(adj[n]):
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        comps.append(comp)
    return comps


@dataclass
class _Block:
    """A rectangle of layout to be packed: a connected component or a group of unrelated institutions."""

    nodes: list[NodeBox]
    width: float
    height: float
    headers: list[tuple[str, float, float]] = field(default_factory=list)

    def shift(self, dx: float, dy: float) -> None:
        for n in self.nodes:
            n.x += dx
            n.y += dy
            n.label_x += dx
            n.label_y += dy
            n.col_right += dx
        self.headers = [(t, x + dx, y + dy) for t, x, y in self.headers]


def _component_block(comp: list[str], edges: list[Relation], labels: dict[str, str], measure: Measure,
                     marker: float, hgap: float, vgap: float) -> _Block:
    parents: dict[str, list[str]] = {}
    kids: dict[str, list[str]] = {}
    for r in edges:
        parents.setdefault(r.from_id, []).append(r.to_id)
        kids.setdefault(r.to_id, []).append(r.from_id)
    layer = _layers(sorted(comp, key=lambda i: (labels[i].casefold(), i)), parents)
    nlayers = max(layer.values()) + 1
    columns: list[list[str]] = [[] for _ in range(nlayers)]
    for n in sorted(comp, key=lambda i: (labels[i].casefold(), i)):
        columns[layer[n]].append(n)
    # Barycentre sweeps: order each column by the mean position of its neighbours.
    for _ in range(4):
        for li in list(range(1, nlayers)) + list(range(nlayers - 2, -1, -1)):
            pos = {n: k for col in columns for k, n in enumerate(col)}

            def bary(n: str) -> float:
                near = [pos[m] for m in parents.get(n, []) + kids.get(n, []) if layer[m] != li]
                return sum(near) / len(near) if near else pos[n]

            columns[li].sort(key=lambda n: (bary(n), pos[n]))
    sizes = {n: measure(labels[n]) for n in comp}
    pad = marker * 0.5 + 6
    col_w = [max(marker + 6 + sizes[n][0] for n in col) for col in columns]
    col_x = [sum(col_w[:k]) + hgap * k for k in range(nlayers)]
    height_of = {n: max(marker, sizes[n][1]) for n in comp}
    centre: dict[str, float] = {}

    def place(col: list[str], desired: Callable[[str], float | None]) -> None:
        y = 0.0
        for n in col:
            want = desired(n)
            top = y if want is None else max(y, want - height_of[n] / 2)
            centre[n] = top + height_of[n] / 2
            y = top + height_of[n] + vgap

    def mean_of(others: dict[str, list[str]]) -> Callable[[str], float | None]:
        def f(n: str) -> float | None:
            ys = [centre[m] for m in others.get(n, []) if m in centre]
            return sum(ys) / len(ys) if ys else None
        return f

    place(columns[0], lambda n: None)
    for col in columns[1:]:
        place(col, mean_of(parents))
    for col in reversed(columns[:-1]):          # centre parents on their children
        place(col, mean_of(kids))
    for col in columns[1:]:
        place(col, mean_of(parents))
    nodes = []
    for k, col in enumerate(columns):
        for n in col:
            w, h = sizes[n]
            x = col_x[k] + marker / 2
            nodes.append(NodeBox(n, x, centre[n], labels[n], x + pad, centre[n] - h / 2, w, h, layer=k,
                                 col_right=col_x[k] + col_w[k]))
    width = col_x[-1] + col_w[-1]
    height = max(n.y + max(marker, n.label_h) / 2 for n in nodes)
    return _Block(nodes, width, height)


def _group_block(title: str, ids: list[str], labels: dict[str, str], measure: Measure, marker: float,
                 hgap: float, vgap: float, max_width: float, header_h: float) -> _Block:
    sizes = {n: measure(labels[n]) for n in ids}
    pad = marker * 0.5 + 6
    cell_w = max(marker + 6 + sizes[n][0] for n in ids)
    cell_h = max(max(marker, sizes[n][1]) for n in ids)
    ncols = max(1, min(len(ids), int((max_width + hgap) // (cell_w + hgap))))
    nrows = math.ceil(len(ids) / ncols)
    nodes = []
    for k, n in enumerate(ids):
        col, row = divmod(k, nrows)          # fill down the columns: reads like a list
        x = col * (cell_w + hgap) + marker / 2
        y = header_h + row * (cell_h + vgap) + cell_h / 2
        w, h = sizes[n]
        nodes.append(NodeBox(n, x, y, labels[n], x + pad, y - h / 2, w, h))
    width = ncols * cell_w + (ncols - 1) * hgap
    height = header_h + nrows * cell_h + (nrows - 1) * vgap
    return _Block(nodes, width, height, [(title, 0.0, 0.0)])


def graph_layout(institutions: dict[str, Institution], relations: Sequence[Relation],
                 ids: Iterable[str] | None = None, *, measure: Measure = estimate_text_size,
                 aspect: float = 2.6, marker: float = 14.0, hgap: float = 48.0, vgap: float = 8.0,
                 wrap: int = 26) -> GraphLayout:
    """A deterministic layout in which no two labels overlap.

    Related institutions are drawn as layered components (frameworks left,
    what was established within / implements / is signed by them to the
    right); institutions with no relation are listed in a block per side.
    Units are pixels at scale 1 for the ``measure`` given; blocks are packed in
    shelves to approach ``aspect`` (width / height) so the whole graph fits a
    view of that shape."""
    wanted = set(institutions) if ids is None else set(ids) & set(institutions)
    order = sorted(wanted, key=lambda i: (institutions[i].name_en.casefold(), i))
    labels = {i: wrap_label(institutions[i].name_en, wrap) for i in order}
    edges = [r for r in relations if r.from_id in wanted and r.to_id in wanted and r.from_id != r.to_id]
    related = {r.from_id for r in edges} | {r.to_id for r in edges}
    blocks: list[_Block] = []
    comps = _components([i for i in order if i in related], edges)
    for comp in sorted(comps, key=lambda c: (-len(c), min(labels[i].casefold() for i in c))):
        comp_edges = [r for r in edges if r.from_id in comp]
        blocks.append(_component_block(comp, comp_edges, labels, measure, marker, hgap, vgap))
    # Target width from the total area, so the packed result approaches ``aspect``.
    lone = [i for i in order if i not in related]
    area = sum(b.width * b.height for b in blocks)
    area += sum((marker + 6 + measure(labels[i])[0] + hgap) * (max(marker, measure(labels[i])[1]) + vgap)
                for i in lone)
    target = max([math.sqrt(area * aspect)] + [b.width for b in blocks])
    header_h = measure("X")[1] + 4
    for side in list(SIDES) + sorted({institutions[i].side for i in lone} - set(SIDES)):
        group = [i for i in lone if institutions[i].side == side]
        if group:
            blocks.append(_group_block(f"{side} — no recorded relation", group, labels, measure, marker,
                                       hgap, vgap, target, header_h))
    # Shelf packing, in order: left to right, a new shelf when the row is full.
    x = y = shelf_h = 0.0
    width = 0.0
    bgap = hgap
    for b in blocks:
        if x > 0 and x + b.width > target:
            x, y = 0.0, y + shelf_h + bgap
            shelf_h = 0.0
        b.shift(x, y)
        x += b.width + bgap
        shelf_h = max(shelf_h, b.height)
        width = max(width, x - bgap)
    height = y + shelf_h
    nodes = {n.inst_id: n for b in blocks for n in b.nodes}
    headers = [h for b in blocks for h in b.headers]
    return GraphLayout(nodes, _edge_lines(edges, nodes, marker), headers, width, height, marker)


def _edge_lines(edges: list[Relation], nodes: dict[str, NodeBox], marker: float) -> list:
    """Each edge leaves the parent's label on the right, runs along the parent's
    own row to the end of its column (where no other label is), then to the
    child's marker across the gap between columns."""
    lines = []
    for r in edges:
        parent, child = nodes[r.to_id], nodes[r.from_id]
        if child.layer > parent.layer >= 0:
            points = [(parent.label_x + parent.label_w + 3, parent.y), (parent.col_right + 4, parent.y),
                      (child.x - marker / 2 - 1, child.y)]
        else:                                   # an edge that closes a cycle or runs leftwards
            points = [(parent.x, parent.y + marker / 2), (child.x, child.y + marker / 2)]
        lines.append((r, points))
    return lines
