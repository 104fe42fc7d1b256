"""Where the Institutions pane's graph puts each institution: a deterministic
layout in which no two labels overlap (no Qt here; the UI passes its font
metrics as ``measure``). Units are pixels at scale 1."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from explorer.data.institutions import SIDES, Institution, Relation

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
                 hgap: float, vgap: float, max_height: float, header_h: float) -> _Block:
    """Institutions with no relation, in as many columns as keep the block under ``max_height``."""
    sizes = {n: measure(labels[n]) for n in ids}
    pad = marker * 0.5 + 6
    cell_w = max(marker + 6 + sizes[n][0] for n in ids)
    cell_h = max(max(marker, sizes[n][1]) for n in ids)
    rows_fit = max(1, int((max_height - header_h + vgap) // (cell_h + vgap)))
    ncols = max(1, min(len(ids), math.ceil(len(ids) / rows_fit)))
    nrows = math.ceil(len(ids) / ncols)
    nodes = []
    for k, n in enumerate(ids):
        col, row = divmod(k, nrows)          # fill down the columns: reads like a list
        x = col * (cell_w + hgap) + marker / 2
        y = header_h + row * (cell_h + vgap) + cell_h / 2
        w, h = sizes[n]
        nodes.append(NodeBox(n, x, y, labels[n], x + pad, y - h / 2, w, h))
    width = max(ncols * cell_w + (ncols - 1) * hgap, measure(title)[0] * 1.15)   # the title is bold
    height = header_h + nrows * cell_h + (nrows - 1) * vgap
    return _Block(nodes, width, height, [(title, 0.0, 0.0)])


def _pack(blocks: list[_Block], target: float, gap: float) -> tuple[float, float]:
    """Skyline packing, tallest first: each block goes where it sits highest
    (then leftmost) within ``target`` width. Deterministic."""
    sky: list[list[float]] = [[0.0, max(target, max(b.width for b in blocks)) + gap, 0.0]]   # x, width, top
    width = height = 0.0
    for b in sorted(blocks, key=lambda b: (-b.height, -b.width)):
        need = b.width + gap
        best: tuple[float, float] | None = None
        for seg in sky:
            x = seg[0]
            if x + need > sky[-1][0] + sky[-1][1] + 1e-6:
                break
            top = max(s[2] for s in sky if s[0] < x + need - 1e-9 and s[0] + s[1] > x + 1e-9)
            if best is None or (top, x) < (best[1], best[0]):
                best = (x, top)
        x, top = best if best else (0.0, max(s[2] for s in sky))
        b.shift(x, top)
        width, height = max(width, x + b.width), max(height, top + b.height)
        sky = _raise(sky, x, need, top + b.height + gap)
    return width, height


def _raise(sky: list[list[float]], x: float, w: float, top: float) -> list[list[float]]:
    """The skyline with [x, x + w) raised to ``top``."""
    out: list[list[float]] = []
    for sx, sw, st in sky:
        end = sx + sw
        if end <= x or sx >= x + w:
            out.append([sx, sw, st])
            continue
        if sx < x:
            out.append([sx, x - sx, st])
        if end > x + w:
            out.append([x + w, end - x - w, st])
    out.append([x, w, top])
    out.sort()
    merged: list[list[float]] = []
    for seg in out:
        if merged and abs(merged[-1][2] - seg[2]) < 1e-9 and abs(merged[-1][0] + merged[-1][1] - seg[0]) < 1e-9:
            merged[-1][1] += seg[1]
        else:
            merged.append(seg)
    return merged


def graph_layout(institutions: dict[str, Institution], relations: Sequence[Relation],
                 ids: Iterable[str] | None = None, *, measure: Measure = estimate_text_size,
                 viewport: tuple[float, float] = (1250.0, 420.0), marker: float = 13.0,
                 hgap: float = 32.0, vgap: float = 3.0, wrap: int = 22, lone_chars: int = 24) -> GraphLayout:
    """A deterministic layout in which no two labels overlap.

    Related institutions are drawn as layered components (frameworks and plans
    left; what was established within, implements, is a platform of or is
    signed by them to the right), with names wrapped on two lines.
    Institutions with no relation are listed, one line each, in a block per
    side. Blocks are packed in shelves; of several shelf widths the one whose
    result fits ``viewport`` (pixels) at the largest scale is kept."""
    wanted = set(institutions) if ids is None else set(ids) & set(institutions)
    if not wanted:
        return GraphLayout({}, [], [], 0.0, 0.0, marker)
    order = sorted(wanted, key=lambda i: (institutions[i].name_en.casefold(), i))
    edges = [r for r in relations if r.from_id in wanted and r.to_id in wanted and r.from_id != r.to_id]
    related = {r.from_id for r in edges} | {r.to_id for r in edges}
    labels = {i: wrap_label(institutions[i].name_en, wrap) if i in related
              else wrap_label(institutions[i].name_en, lone_chars, 1) for i in order}
    comps = sorted(_components([i for i in order if i in related], edges),
                   key=lambda c: (-len(c), min(labels[i].casefold() for i in c)))
    lone = [i for i in order if i not in related]
    groups = [(side, [i for i in lone if institutions[i].side == side])
              for side in list(SIDES) + sorted({institutions[i].side for i in lone} - set(SIDES))]
    groups = [(side, g) for side, g in groups if g]
    header_h = measure("X")[1] + 2
    lone_gap = hgap / 2

    def build(target: float) -> tuple[list[_Block], float, float]:
        blocks = [_component_block(c, [r for r in edges if r.from_id in c], labels, measure, marker, hgap, vgap)
                  for c in comps]
        blocks += [_group_block(f"{side} — no recorded relation", g, labels, measure, marker, lone_gap, vgap,
                                target * vh / vw, header_h) for side, g in groups]
        width, height = _pack(blocks, target, hgap)
        return blocks, width, height

    vw, vh = viewport
    widest = max([measure(labels[i])[0] + marker + 6 for i in order] + [1.0])
    comp_widths = [b.width for b in build(widest)[0][: len(comps)]]
    lo = max(comp_widths + [widest])
    hi = max(sum(comp_widths) + hgap * len(comp_widths) + widest * len(lone) * 0.5, lo * 1.01)
    best = None
    for k in range(40):                      # shelf widths in geometric steps from lo to hi
        target = lo * (hi / lo) ** (k / 39)
        blocks, width, height = build(target)
        scale = min(vw / max(width, 1.0), vh / max(height, 1.0))
        if best is None or scale > best[0] + 1e-9:
            best = (scale, blocks, width, height)
    _scale, blocks, width, height = best
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
