"""The facets a spec declares: what each offers, and the filter a choice makes
(explorer.data.facets, behind every pane's drop-downs)."""
from __future__ import annotations

import pytest

from explorer.data import corridors as cd
from explorer.data.facets import choices, narrowing
from explorer.data.filters import Filter
from explorer.data.tables import CORRIDORS, INSTITUTIONS, Facet, TableSpec
from tests.corridors_data import build_corridor_db


@pytest.fixture(scope="module")
def cconn(tmp_path_factory):
    from explorer.data.db import Store

    tmp = tmp_path_factory.mktemp("facets")
    conn = Store(workspace=tmp / "ws.sqlite", bundled=build_corridor_db(tmp)).connect()
    yield conn
    conn.close()


def _facet(spec: TableSpec, key: str) -> Facet:
    return next(f for f in spec.facets if f.key == key)


def test_the_corridor_kinds_are_offered_in_the_timelines_order_with_their_labels(cconn):
    offered = choices(cconn, CORRIDORS, _facet(CORRIDORS, "kind"))
    present = {k for (k,) in cconn.execute("SELECT DISTINCT kind FROM all_corridors") if k}
    assert [k for _label, k in offered] == [k for k in cd.KIND_ORDER if k in present]
    assert ("Sea route", "sea_route") in offered or "sea_route" not in present
    assert dict(offered)["Rail"] == "rail"


def test_a_region_offers_countries_first_and_keeps_the_corridors_touching_it(cconn):
    offered = choices(cconn, CORRIDORS, _facet(CORRIDORS, "region"))
    assert offered[:2] == [("China", "china"), ("Russia", "russia")]
    assert ("Test Krai", "test-krai-ru") in offered
    facets = narrowing(cconn, CORRIDORS, {"region": "test-krai-ru", "kind": "rail"})
    assert facets == {"corridor": ("Test Rail Link", "Test Seaport"), "kind": "rail"}
    assert cd.visible_keys(cconn, Filter(facets=facets)) == {"ev-t-agreed", "ev-t-build", "ev-t-done"}


def test_a_plain_facet_offers_the_columns_values_and_keeps_that_value(conn):
    kind = _facet(INSTITUTIONS, "kind")
    values = {v for (v,) in conn.execute("SELECT DISTINCT kind FROM all_institutions") if v is not None}
    offered = choices(conn, INSTITUTIONS, kind)
    assert len(values) > 1 and {v for _label, v in offered} == values
    assert all(label == v.replace("_", " ") for label, v in offered)
    assert narrowing(conn, INSTITUTIONS, {"kind": "plan"}) == {"kind": "plan"}
    assert narrowing(conn, INSTITUTIONS, {}) == {}
