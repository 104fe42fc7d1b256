"""Where the Institutions pane's graph puts each institution: a deterministic
layout in which every institution is drawn, no two labels overlap, and names
stay legible (no Qt here; the UI passes its font metrics as ``measure``).
Units are pixels at scale 1.

Institutions are grouped by level, left to right: plans and agreements, the
intergovernmental bodies, government, banks and funds, forums and expos,
media, research, other. The groups flow down newspaper columns of one height,
chosen so the whole graph fits the view at the largest scale (up to 1). When
that scale would draw names smaller than ``min_scale`` (a small window), the
columns are instead as many as fit the view's width at that scale, and the
drawing is taller than the view: the UI scrolls it rather than shrink the text. In a
group, what relates to other institutions comes first, ordered by where its
neighbours are (fewer crossings), a framework above what was established
within it; the unrelated follow by side and name."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from explorer.data.institutions import SIDES, Institution, Relation, kind_group

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
    layer: int = -1         # the newspaper column it is in (0 = leftmost)
    col_right: float = 0.0  # right edge of its column: edges leave from here
    level: str = ""         # the group it is drawn in ("Plans and agreements", …)

    def label_rect(self) -> tuple[float, float, float, float]:
        return self.label_x, self.label_y, self.label_w, self.label_h


@dataclass
class GraphLayout:
    nodes: dict[str, NodeBox]
    edges: list[tuple[Relation, list[tuple[float, float]]]]     # relation, polyline
    headers: list[tuple[str, float, float]]                     # group title, x, y (its top left)
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


#: The groups of the graph, left to right: (title, kind groups or kinds it holds).
LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Plans and agreements", ("plan", "agreement")),
    ("Intergovernmental bodies", ("body",)),
    ("Government", ("government",)),
    ("Banks, funds and companies", ("finance",)),
    ("Forums and expos", ("forum", "expo", "event_series")),
    ("Media and journals", ("media",)),
    ("Research", ("research",)),
    ("Other", ("other",)),
)
CONTINUED = " (continued)"


def level_of(inst: Institution) -> str:
    """The title of the group an institution is drawn in (its kind, then its kind group)."""
    for title, members in LEVELS:
        if inst.kind in members:
            return title
    group = kind_group(inst.kind)
    return next((title for title, members in LEVELS if group in members), LEVELS[-1][0])


def elide_label(text: str, max_chars: int = 34) -> str:
    """One line: the name whole when it fits, else cut at a word and ended with "…"."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    if text[max_chars - 1] != " " and " " in cut[max_chars // 2:]:     # mid-word: back to the last space
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-(") + "…"


def _initial_order(groups: list[tuple[str, list[str]]], edges: list[Relation],
                   institutions: dict[str, Institution]) -> tuple[list[tuple[str, list[str]]], dict[str, int]]:
    """Each group's members: the related first (a parent above its child within the
    group, then by name), the unrelated after them by side and name. Also returns
    each related institution's depth below its parents in the same group."""
    related = {r.from_id for r in edges} | {r.to_id for r in edges}
    group_of = {i: title for title, ids in groups for i in ids}
    inner_parents: dict[str, list[str]] = {}
    for r in edges:
        if group_of[r.from_id] == group_of[r.to_id]:
            inner_parents.setdefault(r.from_id, []).append(r.to_id)
    depth = _layers(sorted(related), inner_parents)
    side_rank = {s: k for k, s in enumerate(SIDES)}

    def by_name(i: str) -> tuple:
        return institutions[i].name_en.casefold(), i

    def lone_key(i: str) -> tuple:
        return (side_rank.get(institutions[i].side, len(SIDES)), institutions[i].side or "") + by_name(i)

    ordered = [(t, sorted((i for i in ids if i in related), key=lambda i: (depth[i],) + by_name(i))
                + sorted((i for i in ids if i not in related), key=lone_key)) for t, ids in groups]
    return ordered, depth


def _by_neighbours(groups: list[tuple[str, list[str]]], edges: list[Relation], depth: dict[str, int],
                   y: dict[str, float]) -> list[tuple[str, list[str]]]:
    """The related members of each group re-ordered by the mean height of their
    neighbours (parents still above their children); the unrelated stay as they are."""
    near: dict[str, list[float]] = {}
    for r in edges:
        near.setdefault(r.from_id, []).append(y[r.to_id])
        near.setdefault(r.to_id, []).append(y[r.from_id])
    return [(t, sorted((i for i in ids if i in near),
                       key=lambda i: (depth[i], sum(near[i]) / len(near[i]), y[i]))
             + [i for i in ids if i not in near]) for t, ids in groups]


def _flow(groups: list[tuple[str, list[str]]], rows: int) -> list[list[tuple[str, str]]]:
    """The groups poured down columns of ``rows`` rows: ("header", title) and
    ("node", inst_id) cells. A header never ends a column; a group that runs on
    into the next column is headed there "… (continued)"."""
    columns: list[list[tuple[str, str]]] = [[]]
    for title, ids in groups:
        if len(columns[-1]) > max(0, rows - 2):         # no room for a header and a node
            columns.append([])
        columns[-1].append(("header", title))
        for i in ids:
            if len(columns[-1]) >= rows:
                columns.append([("header", title + CONTINUED)])
            columns[-1].append(("node", i))
    return [c for c in columns if c]


@dataclass(frozen=True)
class _Metrics:
    marker: float
    row_h: float
    header_h: float
    hgap: float
    pad: float


def _place(columns: list[list[tuple[str, str]]], labels: dict[str, str], levels: dict[str, str],
           sizes: dict[str, tuple[float, float]], title_w: dict[str, float], m: _Metrics
           ) -> tuple[dict[str, NodeBox], list[tuple[str, float, float]], float, float]:
    nodes: dict[str, NodeBox] = {}
    headers: list[tuple[str, float, float]] = []
    x = m.hgap / 2                          # room on the left for edges within the first column
    height = 0.0
    for k, col in enumerate(columns):
        width = max([m.marker + m.pad + sizes[i][0] for kind, i in col if kind == "node"]
                    + [title_w[t] for kind, t in col if kind == "header"])
        y = 0.0
        for kind, value in col:
            if kind == "header":
                headers.append((value, x, y + 2))
                y += m.header_h
                continue
            w, h = sizes[value]
            cx, cy = x + m.marker / 2, y + m.row_h / 2
            nodes[value] = NodeBox(value, cx, cy, labels[value], cx + m.pad, cy - h / 2, w, h, layer=k,
                                   col_right=x + width, level=levels[value])
            y += m.row_h
        height = max(height, y)
        x += width + m.hgap
    return nodes, headers, x - m.hgap + m.hgap / 2, height


def graph_layout(institutions: dict[str, Institution], relations: Sequence[Relation],
                 ids: Iterable[str] | None = None, *, measure: Measure = estimate_text_size,
                 viewport: tuple[float, float] = (1250.0, 420.0), marker: float = 13.0,
                 hgap: float = 44.0, vgap: float = 3.0, label_chars: int = 34, sweeps: int = 4,
                 min_scale: float = 0.0) -> GraphLayout:
    """Every institution (of ``ids``) in its level's group, the groups poured down
    columns whose height makes the whole fit ``viewport`` (pixels) at the largest
    scale up to 1; names on one line, whole or cut at a word with "…". If that
    scale is below ``min_scale``, the columns fit the viewport's width at
    ``min_scale`` (the fewest rows that do; one column if none does) and the
    drawing runs below the viewport."""
    wanted = set(institutions) if ids is None else set(ids) & set(institutions)
    if not wanted:
        return GraphLayout({}, [], [], 0.0, 0.0, marker)
    edges = sorted((r for r in relations if r.from_id in wanted and r.to_id in wanted and r.from_id != r.to_id),
                   key=lambda r: r.relation_id)
    levels = {i: level_of(institutions[i]) for i in wanted}
    groups = [(t, sorted(i for i in wanted if levels[i] == t)) for t, _members in LEVELS]
    groups = [(t, g) for t, g in groups if g]
    labels = {i: elide_label(institutions[i].name_en, label_chars) for i in wanted}
    sizes = {i: measure(labels[i]) for i in wanted}
    line_h = max(h for _w, h in sizes.values())
    title_w = {}
    for t, _g in groups:
        for title in (t, t + CONTINUED):
            title_w[title] = measure(title)[0] * 1.15          # drawn bold
    m = _Metrics(marker, max(marker, line_h) + vgap, measure("X")[1] + 4, hgap, marker * 0.5 + 6)
    vw, vh = viewport

    def laid_out(order: list[tuple[str, list[str]]], rows: int):
        nodes, headers, width, height = _place(_flow(order, rows), labels, levels, sizes, title_w, m)
        lines = _edge_lines(edges, nodes, marker, hgap)
        # an edge routed under the columns it skips is part of the drawing's height
        height = max([height] + [y + 2 for _r, points in lines for _x, y in points])
        return GraphLayout(nodes, lines, headers, width, height, marker)

    def scale(lay: GraphLayout) -> float:
        return min(vw / max(lay.width, 1.0), vh / max(lay.height, 1.0), 1.0)

    order, depth = _initial_order(groups, edges, institutions)
    total = sum(len(g) + 1 for _t, g in order)
    # the column height at which the whole graph is drawn largest (the shortest of equals)
    rows = max(range(2, total + 2), key=lambda n: (round(scale(laid_out(order, n)), 9), -n))
    if scale(laid_out(order, rows)) < min_scale:
        rows = _rows_for_width(lambda n: laid_out(order, n).width, vw / min_scale, total)
    best = laid_out(order, rows)
    crossings = edge_crossings(best)
    best_order, candidate = order, best
    for _ in range(sweeps):                 # barycentre sweeps; the layout with fewest crossings wins
        order = _by_neighbours(order, edges, depth, {k: n.y for k, n in candidate.nodes.items()})
        candidate = laid_out(order, rows)
        if (n := edge_crossings(candidate)) < crossings:
            best, crossings, best_order = candidate, n, order
    related = {r.from_id for r in edges} | {r.to_id for r in edges}
    for _ in range(sweeps):                 # then swap neighbours in a group while that removes crossings
        improved = False
        for g, (_title, ids) in enumerate(best_order):
            for k in range(len(ids) - 1):
                a, b = ids[k], ids[k + 1]
                if a not in related or b not in related or depth[a] != depth[b]:
                    continue
                swapped = ids[:k] + [b, a] + ids[k + 2:]
                trial_order = best_order[:g] + [(best_order[g][0], swapped)] + best_order[g + 1:]
                trial = laid_out(trial_order, rows)
                if (n := edge_crossings(trial)) < crossings:
                    best, crossings, best_order, ids, improved = trial, n, trial_order, swapped, True
        if not improved:
            break
    return best


def _rows_for_width(width_at: Callable[[int], float], max_width: float, total: int) -> int:
    """The fewest rows per column whose drawing is no wider than ``max_width``
    (width falls as the columns grow taller); all in one column if none is."""
    for rows in range(2, total + 2):
        if width_at(rows) <= max_width:
            return rows
    return total + 1


def _edge_lines(edges: list[Relation], nodes: dict[str, NodeBox], marker: float, hgap: float) -> list:
    """Between neighbouring columns an edge leaves the left node's name on the right,
    runs along its row to the end of its column, then crosses the gap to the other
    node's marker. An edge that skips columns goes down the gap after the left column,
    under the columns between (below their last name), and up the gap before the right
    one: it never passes under a name. Within a column it is a bracket in the gap on
    the left, each bracket of a column a little further out."""
    lines = []
    brackets: dict[int, int] = {}
    bottoms: dict[int, float] = {}
    column_left: dict[int, float] = {}
    for n in nodes.values():
        bottoms[n.layer] = max(bottoms.get(n.layer, 0.0), n.label_y + n.label_h, n.y + marker / 2)
        column_left[n.layer] = min(column_left.get(n.layer, n.x), n.x - marker / 2)
    long_edges = 0
    for r in edges:
        a, b = nodes[r.to_id], nodes[r.from_id]
        if a.layer != b.layer:
            left, right = (a, b) if a.layer < b.layer else (b, a)
            points = [(left.label_x + left.label_w + 3, left.y), (left.col_right + 4, left.y)]
            if right.layer - left.layer > 1:
                step = (long_edges % 4) * (hgap / 16)       # side by side, a few pixels apart
                long_edges += 1
                under = max(bottoms[k] for k in range(left.layer + 1, right.layer)) + 3 + step * 0.6
                down_x = left.col_right + hgap / 2 - step
                up_x = column_left[right.layer] - hgap / 2 + step
                points += [(down_x, left.y), (down_x, under), (up_x, under), (up_x, right.y)]
            points.append((right.x - marker / 2 - 1, right.y))
        else:
            k = brackets.get(a.layer, 0)
            brackets[a.layer] = k + 1
            out = a.x - marker / 2 - 6 - (k % 4) * (hgap / 10)
            points = [(a.x - marker / 2 - 1, a.y), (out, a.y), (out, b.y), (b.x - marker / 2 - 1, b.y)]
        lines.append((r, points))
    return lines


def _segments_cross(p1, p2, q1, q2) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0


def _box(points) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _boxes_meet(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def edge_crossings(layout: GraphLayout) -> int:
    """How many pairs of edges cross (edges that share an institution are not counted)."""
    segs = [(r, _box(points), [(p, q, _box((p, q))) for p, q in zip(points, points[1:])])
            for r, points in layout.edges]
    count = 0
    for i, (r, box_r, a) in enumerate(segs):
        ends = {r.from_id, r.to_id}
        for q, box_q, b in segs[i + 1:]:
            if q.from_id in ends or q.to_id in ends or not _boxes_meet(box_r, box_q):
                continue
            if any(_boxes_meet(ba, bb) and _segments_cross(p1, p2, q1, q2)
                   for p1, p2, ba in a for q1, q2, bb in b):
                count += 1
    return count
