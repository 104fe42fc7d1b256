"""Institutions and how they relate: reads, the hierarchy, dates at their
precision, and the layouts the Institutions pane draws (no Qt here).

A relation row ``(from_id, relation, to_id)`` reads "from *relation* to":
"the sub-committee *established within* the prime ministers' meetings". In
the hierarchy and the graph ``to_id`` is the parent (the framework, the plan,
the signatory) and ``from_id`` the child, so every relation is one branch.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from explorer.data import formatting
from explorer.data.filters import Filter
from explorer.data.subject_reads import SubjectEvent, filtered_keys, subject_events
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
class InstitutionEvent(SubjectEvent):
    @property
    def inst_id(self) -> str:
        return self.subject_id


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
    return subject_events(conn, "institution", InstitutionEvent)


def filtered_ids(conn: sqlite3.Connection, flt: Filter = Filter()) -> list[str]:
    """Keys of the institutions the pane's table shows under this filter."""
    return filtered_keys(conn, INSTITUTIONS, flt)


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
    return formatting.format_date(text, precision, style="short")


def validity_span(inst: Institution) -> tuple[float, float] | None:
    """A plan's or agreement's validity, from the start of valid_from (or, when the
    documents give only an end, of its adoption) to the end of valid_to."""
    start = date_span(inst.valid_from) or date_span(inst.established, inst.established_precision)
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
    status: str | None = None              # actual | planned | target | forecast


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
            marks.append(Mark(e.event, span[0], span[1], precision_of(e.date, e.date_precision), text,
                              e.event_id, e.description, e.status))
        span = validity_span(inst)
        if inst.valid_to and not span:
            end = date_span(inst.valid_to)
            if end:
                marks.append(Mark("valid until", end[0], end[1], precision_of(inst.valid_to), format_date(inst.valid_to)))
        marks = _distinct_marks(marks, span)
        if not marks and not span:
            continue
        span_text = ""
        if span:
            begin = inst.valid_from or inst.established
            span_text = f"{format_date(begin, None if inst.valid_from else inst.established_precision)}–{format_date(inst.valid_to)}"
        entries.append(TimelineEntry(inst.inst_id, inst.name_en, inst.side, inst.kind, span, span_text,
                                     sorted(marks, key=lambda m: (m.start, m.what))))
    entries.sort(key=lambda t: (t.start, t.label.casefold(), t.inst_id))
    return entries


def _distinct_marks(marks: list[Mark], span: tuple[float, float] | None) -> list[Mark]:
    """Drop marks that repeat another (an 'established' date that is also an
    'approved' event, an event recorded twice, an 'effective' period that is the
    validity bar itself)."""
    out: list[Mark] = []
    events_at = {(m.start, m.end) for m in marks if m.event_id}
    for m in marks:
        if m.what == "established" and not m.event_id and (m.start, m.end) in events_at:
            continue
        if span and m.event_id and (m.start, m.end) == span:
            continue
        if any((o.what, o.start, o.end) == (m.what, m.start, m.end) for o in out):
            continue
        out.append(m)
    return out


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
