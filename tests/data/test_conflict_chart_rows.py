"""Which pipeline on the Energy map a recorded conflict marks (explorer.data.conflicts):
an asset whose figures are in a conflict, and the parent of a segment that is."""
from __future__ import annotations

from explorer.data.conflicts import energy_asset_conflicts, load_conflicts, marks


def test_assets_and_their_parents_carry_the_conflicts_of_their_figures(conn):
    by_figure = marks(conn)["energy"]
    assets = energy_asset_conflicts(conn, by_figure)
    # Power of Siberia's 38 bcm/yr figures (design and achieved) are in two recorded conflicts
    first, found = assets["power-of-siberia"]
    assert first in by_figure and first.startswith("ef-power-of-siberia-38")
    assert {c.conflict_id for c in found} == {"cf-power-of-siberia-38-status", "cf-power-of-siberia-completion-garbled"}
    # … and the Eastern Route project it is a segment of carries them too, with its own figure's
    parent_ids = {c.conflict_id for c in assets["china-russia-eastern-route-project"][1]}
    assert {"cf-power-of-siberia-38-status", "cf-power-of-siberia-completion-garbled"} <= parent_ids
    # an asset with no conflicted figure is not there
    assert "sakhalin-khabarovsk-vladivostok" not in assets and "espo" not in assets


def test_no_conflicts_mark_no_asset(conn):
    assert load_conflicts(conn)                 # the bundled data records some, none given here
    assert energy_asset_conflicts(conn, {}) == {}
