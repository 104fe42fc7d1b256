"""Institutions without Qt: reads, hierarchy, dates at their precision, the
graph layout (no overlapping labels) and timeline lanes. Runs on a small
fixture with known relations and on the real bundled database."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from explorer.data.db import Store
from explorer.data.institution_layout import LEVELS, edge_crossings, graph_layout, level_of, rects_overlap
from explorer.data.institutions import (
    InstitutionData, date_span, filtered_ids, format_date, hierarchy, pack_lanes, timeline_entries, tree_branches,
    validity_span,
)
from explorer.data.filters import Filter

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "institutions_curated"


@pytest.fixture(scope="session")
def inst_bundled_path(tmp_path_factory) -> Path:
    from explorer.data.build import build

    out = tmp_path_factory.mktemp("inst") / "inst.sqlite"
    build(out, FIXTURE)
    return out


@pytest.fixture
def inst_conn(inst_bundled_path, tmp_path):
    c = Store(workspace=tmp_path / "ws.sqlite", bundled=inst_bundled_path).connect()
    yield c
    c.close()


@pytest.fixture(params=["fixture", "bundled"])
def any_data(request, inst_conn, conn) -> InstitutionData:
    return InstitutionData.load(inst_conn if request.param == "fixture" else conn)


def test_every_relation_is_a_branch_of_the_hierarchy(any_data):
    trees = hierarchy(any_data.institutions, any_data.relations)
    valid = {r.relation_id for r in any_data.relations
             if r.from_id in any_data.institutions and r.to_id in any_data.institutions and r.from_id != r.to_id}
    assert valid <= tree_branches(trees)


def test_every_institution_is_in_the_hierarchy(any_data):
    seen = set()
    stack = list(hierarchy(any_data.institutions, any_data.relations))
    while stack:
        node = stack.pop()
        seen.add(node.inst_id)
        stack.extend(node.children)
    assert seen == set(any_data.institutions)


def test_child_sits_under_its_framework(inst_conn):
    data = InstitutionData.load(inst_conn)
    trees = {t.inst_id: t for t in hierarchy(data.institutions, data.relations)}
    pm = trees["pm-meetings"]
    assert [(c.inst_id, c.relation.relation) for c in pm.children] == [("arctic-subcommittee", "established_within")]
    assert "arctic-subcommittee" not in trees          # it has a parent, so it is not a root
    # the memorandum is signed by two ministries: it appears under both
    assert any(c.inst_id == "mou-offices" for c in trees["mofcom"].children)
    assert any(c.inst_id == "mou-offices" for c in trees["minvostok"].children)


def test_a_cycle_does_not_recurse_forever():
    from explorer.data.institutions import Relation

    rels = [Relation("a", "x", "part_of", "y", None, None), Relation("b", "y", "part_of", "x", None, None)]
    trees = hierarchy(["x", "y"], rels)
    assert tree_branches(trees) == {"a", "b"}


@pytest.mark.parametrize("text, precision, span", [
    ("2018", "year", (2018.0, 2019.0)),
    ("2018-11", "month", (2018 + 304 / 365, 2018 + 334 / 365)),
    ("2024-11-25", "day", (2024 + 329 / 366, 2024 + 330 / 366)),
    ("2023-Q2", "quarter", (2023.25, 2023.5)),
    ("2023-01/2023-09", None, (2023.0, 2023 + 273 / 365)),
])
def test_a_date_covers_the_period_its_precision_says(text, precision, span):
    got = date_span(text, precision)
    assert got == pytest.approx(span)


@pytest.mark.parametrize("text, precision, shown", [
    ("2018-11", "month", "Nov 2018"), ("2018", None, "2018"), ("2024-11-25", "day", "25 Nov 2024"),
    ("2018-11-01", "month", "Nov 2018"),
])
def test_dates_are_written_no_finer_than_their_precision(text, precision, shown):
    assert format_date(text, precision) == shown


def test_plan_spans_match_their_validity_years(any_data):
    plans = [i for i in any_data.institutions.values() if i.valid_from and i.valid_to]
    assert plans, "the documents give validity periods for the plans"
    entries = {e.inst_id: e for e in timeline_entries(any_data)}
    for inst in plans:
        start, end = entries[inst.inst_id].span
        assert start == int(inst.valid_from[:4])
        assert end == int(inst.valid_to[:4]) + 1        # to the end of the last year
        assert entries[inst.inst_id].span_text == f"{inst.valid_from[:4]}–{inst.valid_to[:4]}"


def test_fixture_plans_2009_2018_and_2018_2024(inst_conn):
    data = InstitutionData.load(inst_conn)
    assert validity_span(data.institutions["outline-2009"]) == (2009.0, 2019.0)
    assert validity_span(data.institutions["dev-plan-2018"]) == (2018.0, 2025.0)


def test_timeline_holds_every_dated_institution_and_its_meetings(any_data):
    entries = {e.inst_id: e for e in timeline_entries(any_data)}
    dated = {i.inst_id for i in any_data.institutions.values() if i.established or i.valid_from or i.valid_to}
    dated |= {e.inst_id for e in any_data.events if e.date and e.inst_id in any_data.institutions}
    assert set(entries) == dated
    for ev in any_data.events:
        if ev.inst_id in entries and ev.date:
            marks = entries[ev.inst_id].marks
            span = entries[ev.inst_id].span
            s, e = date_span(ev.date, ev.date_precision)
            assert any(m.start == s for m in marks) or (span and span[0] <= s and e <= span[1]), ev


def test_lanes_never_overlap():
    from explorer.data.institutions import TimelineEntry

    entries = [TimelineEntry(str(k), f"e{k}", "China", "plan", (2000 + k % 5, 2004 + k % 5), "", []) for k in range(12)]
    n = pack_lanes(entries, lambda e: e.span)
    assert n < len(entries)
    for a, b in itertools.combinations(entries, 2):
        if a.lane == b.lane:
            assert a.span[1] <= b.span[0] or b.span[1] <= a.span[0]


def test_graph_has_every_relation_as_an_edge_and_no_overlapping_labels(any_data):
    lay = graph_layout(any_data.institutions, any_data.relations)
    assert set(lay.nodes) == set(any_data.institutions)
    drawn = {r.relation_id for r, _ in lay.edges}
    assert drawn == {r.relation_id for r in any_data.relations
                     if r.from_id in any_data.institutions and r.to_id in any_data.institutions
                     and r.from_id != r.to_id}
    boxes = [n.label_rect() for n in lay.nodes.values()]
    for a, b in itertools.combinations(boxes, 2):
        assert not rects_overlap(a, b)


def test_graph_layout_is_deterministic(any_data):
    a = graph_layout(any_data.institutions, any_data.relations)
    b = graph_layout(any_data.institutions, any_data.relations)
    assert {k: (n.x, n.y) for k, n in a.nodes.items()} == {k: (n.x, n.y) for k, n in b.nodes.items()}


def test_every_institution_is_drawn_in_its_level_and_levels_run_left_to_right(any_data):
    lay = graph_layout(any_data.institutions, any_data.relations)
    titles = [t for t, _kinds in LEVELS]
    assert {n.level for n in lay.nodes.values()} <= set(titles)
    assert all(n.level == level_of(any_data.institutions[k]) for k, n in lay.nodes.items())
    assert not any("no recorded relation" in h for h, _x, _y in lay.headers)     # nobody is parked apart
    nodes = sorted(lay.nodes.values(), key=lambda n: (n.layer, n.y))
    ranks = [titles.index(n.level) for n in nodes]
    assert ranks == sorted(ranks), "read down each column, then the next, the levels come in order"
    # each group is headed where it starts (and "(continued)" at the top of a column it runs on into)
    for col in {n.layer for n in nodes}:
        first = min((n for n in nodes if n.layer == col), key=lambda n: n.y)
        head = [h for h, x, y in lay.headers if abs(x - (first.x - lay.marker / 2)) < 1e-6 and y < first.y]
        assert head and head[0].startswith(first.level)


def test_within_a_level_a_framework_is_above_what_was_established_within_it(inst_conn):
    data = InstitutionData.load(inst_conn)
    lay = graph_layout(data.institutions, data.relations)
    inner = [r for r in data.relations if lay.nodes[r.from_id].level == lay.nodes[r.to_id].level]
    assert inner                            # the fixture's committee and its council, the two plans
    for r in inner:
        parent, child = lay.nodes[r.to_id], lay.nodes[r.from_id]
        assert (parent.layer, parent.y) < (child.layer, child.y), r


def test_labels_are_one_line_whole_or_cut_at_a_word_with_an_ellipsis(conn):
    data = InstitutionData.load(conn)
    lay = graph_layout(data.institutions, data.relations, label_chars=34)
    for k, n in lay.nodes.items():
        name = " ".join(data.institutions[k].name_en.split())
        assert "\n" not in n.label and len(n.label) <= 34
        if len(name) <= 34:
            assert n.label == name
        else:
            assert n.label.endswith("…") and name.startswith(n.label[:-1])
            # cut between words, unless one long word (a code such as AAAA-A21-…) fills the second half
            assert name[len(n.label) - 1] in " ,;:–-(" or " " not in n.label[17:], n.label
            kept = n.label[:-1]
            following = name[len(kept):].strip(" ,;:–-(").split(" ")[0]
            assert len(kept) + 1 + len(following) >= 34 - 1, "as many whole words as fit are kept"


def test_reordering_by_neighbours_never_adds_crossings(any_data):
    by_name = graph_layout(any_data.institutions, any_data.relations, sweeps=0)
    swept = graph_layout(any_data.institutions, any_data.relations, sweeps=4)
    assert edge_crossings(swept) <= edge_crossings(by_name)
    assert {k: n.level for k, n in swept.nodes.items()} == {k: n.level for k, n in by_name.nodes.items()}


def test_crossings_are_counted_between_edges_that_share_no_institution():
    from explorer.data.institution_layout import GraphLayout, NodeBox
    from explorer.data.institutions import Relation

    def rel(rid, a, b):
        return Relation(rid, a, "part_of", b, None, None)

    nodes = {k: NodeBox(k, 0, 0, k, 0, 0, 1, 1) for k in "abcde"}
    edges = [(rel("1", "a", "b"), [(0, 0), (10, 10)]), (rel("2", "c", "d"), [(0, 10), (10, 0)]),
             (rel("3", "a", "e"), [(0, 5), (10, 5)])]
    # 1 crosses 2; 3 crosses 2 as well; 1 and 3 share "a" and are not counted
    assert edge_crossings(GraphLayout(nodes, edges, [], 10, 10, 1)) == 2


def test_the_columns_fit_the_view_at_the_largest_scale(conn):
    data = InstitutionData.load(conn)
    lay = graph_layout(data.institutions, data.relations, viewport=(1250.0, 330.0))
    scale = min(1250.0 / lay.width, 330.0 / lay.height)
    assert scale >= 0.8, "names drawn at four fifths of their font size or more at 1280×800"
    assert len(lay.nodes) == len(data.institutions)


@pytest.mark.parametrize("text, expected", [
    ("министерство", {"minvostok"}),           # Russian, typed in lower case
    ("Министерство", {"minvostok"}),           # … and capitalised
    ("北极", {"arctic-subcommittee"}),          # Chinese
    ("arctic shipping", {"arctic-subcommittee"}),
])
def test_search_by_english_russian_or_chinese_name(inst_conn, text, expected):
    assert set(filtered_ids(inst_conn, Filter(text=text))) == expected


def test_side_and_kind_facets(inst_conn):
    assert set(filtered_ids(inst_conn, Filter(facets={"side": "China"}))) == {"cdb", "gacc", "mofcom"}
    assert set(filtered_ids(inst_conn, Filter(facets={"kind": "plan"}))) == {"outline-2009", "dev-plan-2018"}


def test_an_empty_selection_lays_out_to_nothing(any_data):
    lay = graph_layout(any_data.institutions, any_data.relations, [])
    assert lay.nodes == {} and lay.edges == []
    assert timeline_entries(any_data, []) == []


def _segment_meets_rect(p, q, rect) -> bool:
    """Whether the segment p–q passes through the rectangle (x, y, w, h), sampled finely."""
    x, y, w, h = rect
    steps = 200
    for i in range(steps + 1):
        t = i / steps
        px, py = p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t
        if x < px < x + w and y < py < y + h:
            return True
    return False


def test_no_edge_passes_under_another_institutions_name(any_data):
    """An edge that skips columns went straight through the names between (issue 18); it
    now runs in the gaps and under the columns between, so every name stays readable."""
    lay = graph_layout(any_data.institutions, any_data.relations)
    assert lay.edges
    for r, points in lay.edges:
        for inst_id, node in lay.nodes.items():
            if inst_id in (r.from_id, r.to_id):
                continue
            for p, q in zip(points, points[1:]):
                assert not _segment_meets_rect(p, q, node.label_rect()), (r.relation_id, inst_id, node.label)
        assert max(y for _x, y in points) <= lay.height          # the routing is inside the drawing


@pytest.mark.parametrize("viewport", [(560.0, 260.0), (300.0, 200.0)])
def test_a_small_view_keeps_names_legible_and_the_columns_within_its_width(conn, viewport):
    """At 1024×640 fitting the whole graph drew names at ~6 px (issue 18): below the
    legible scale the columns fit the width at that scale and the drawing runs on below."""
    data = InstitutionData.load(conn)
    vw, vh = viewport
    fitted = graph_layout(data.institutions, data.relations, viewport=viewport)
    assert min(vw / fitted.width, vh / fitted.height) < 0.8          # fitting whole would be too small
    lay = graph_layout(data.institutions, data.relations, viewport=viewport, min_scale=0.8)
    columns = {n.layer for n in lay.nodes.values()}
    assert lay.width * 0.8 <= vw or columns == {0}
    assert lay.height * 0.8 > vh                                       # it scrolls down instead
    assert len(lay.nodes) == len(data.institutions)
    rects = [n.label_rect() for n in lay.nodes.values()]
    assert not any(rects_overlap(a, b) for i, a in enumerate(rects) for b in rects[i + 1:])
    # a view that the whole fits keeps the fitted layout
    roomy = graph_layout(data.institutions, data.relations, viewport=(1250.0, 330.0), min_scale=0.8)
    fitted_roomy = graph_layout(data.institutions, data.relations, viewport=(1250.0, 330.0))
    assert (roomy.width, roomy.height) == (fitted_roomy.width, fitted_roomy.height)
