"""``amur-explorer screenshot --pane --facet --events`` (issue 18): the states an analyst
needs to look at, drawn without touching the analyst's remembered layout."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QImage


def test_one_pane_with_a_facet_and_the_events_overlay(qtbot, store, tmp_path):
    from explorer.ui.render import render_panes

    written = render_panes(store, tmp_path / "shots", (1024, 640), theme="dark", panes=["trade"],
                           events=True, facets=[("reporter", "primorsky krai")])
    assert [p.name for p in written] == ["01-trade.png"]
    image = QImage(str(written[0]))
    assert (image.width(), image.height()) == (1024, 640)


def test_the_pictures_state_is_never_remembered(qtbot, store, tmp_path):
    from explorer import settings
    from explorer.ui.main_window import load_pane_state
    from explorer.ui.render import render_panes

    before = (load_pane_state("trade"), settings.get(settings.LAST_PANE))
    render_panes(store, tmp_path / "shots", (1280, 800), panes=["trade", "energy"],
                 facets=[("reporter", "China")])
    assert (load_pane_state("trade"), settings.get(settings.LAST_PANE)) == before


@pytest.mark.parametrize("kw, message", [
    (dict(panes=["nope"]), "--pane nope: there is no such pane; panes are trade, corridors"),
    (dict(facets=[("reporter", "zzqx")]), "--facet reporter=zzqx: the Trade pane has no single reporter matching 'zzqx'"),
    (dict(facets=[("colour", "red")]), "--facet colour=red: no pane has a facet 'colour'; facets are "),
])
def test_a_wrong_pane_or_facet_is_a_clear_message(qtbot, store, tmp_path, kw, message):
    from explorer.ui.render import RenderError, render_panes

    with pytest.raises(RenderError) as err:
        render_panes(store, tmp_path / "shots", (1024, 640), **kw)
    assert message in str(err.value)
    assert not list((tmp_path / "shots").glob("*.png"))


def test_facet_text_is_checked_before_any_window(qtbot):
    from explorer.ui.render import parse_facet

    assert parse_facet(" reporter = China ") == ("reporter", "China")
    with pytest.raises(ValueError, match="--facet expects KEY=VALUE"):
        parse_facet("reporter")


def test_a_facet_of_many_values_is_chosen_on_the_indicators_pane(qtbot, store, tmp_path):
    """The Indicators pane's facets take several values (a checklist, not a combo box): --facet
    chose nothing there and ended in an unexpected error."""
    from pathlib import Path

    from explorer.data.importing import run_import
    from explorer.ui.render import RenderError, render_panes

    real = Path(__file__).resolve().parents[3] / "shared" / "real-files" / "owid_trade-as-share-of-gdp.csv"
    conn = store.connect()
    run_import(conn, real)
    conn.close()
    written = render_panes(store, tmp_path / "shots", (1024, 640), panes=["indicators"],
                           facets=[("place", "Russia")])
    assert [p.name for p in written] == ["06-indicators.png"]
    with pytest.raises(RenderError, match="the Indicators pane has no single place matching 'zzqx'"):
        render_panes(store, tmp_path / "shots2", (1024, 640), panes=["indicators"], facets=[("place", "zzqx")])


def test_the_corridors_and_institutions_facets_are_chosen_on_the_panes_drawn(qtbot, store, tmp_path):
    """Their facets are the spec's declared ones, so --facet reaches them; a key two panes
    share (kind) is chosen on the panes drawn that offer the value."""
    from explorer.ui.render import RenderError, render_panes

    written = render_panes(store, tmp_path / "shots", (1024, 640), panes=["corridors"],
                           facets=[("kind", "bridge"), ("region", "Heilongjiang")])
    assert [p.name for p in written] == ["02-corridors.png"]
    written = render_panes(store, tmp_path / "shots", (1024, 640), panes=["institutions"],
                           facets=[("side", "China"), ("kind", "bank")])
    assert [p.name for p in written] == ["04-institutions.png"]
    with pytest.raises(RenderError, match="the Corridors pane has no single kind matching 'bank'"):
        render_panes(store, tmp_path / "shots2", (1024, 640), panes=["corridors"], facets=[("kind", "bank")])


def test_a_key_two_panes_share_is_chosen_where_the_value_is_offered(qtbot, window):
    from explorer.ui.render import RenderError, apply_facets

    corridors, institutions = window.pane("corridors"), window.pane("institutions")
    apply_facets(window, [("kind", "bridge")])
    assert corridors.facets() == {"kind": "bridge"} and institutions.facets() == {}
    apply_facets(window, [("kind", "bank")])
    assert corridors.facets() == {"kind": "bridge"} and institutions.facets() == {"kind": "bank"}
    with pytest.raises(RenderError, match="the Corridors pane has no single kind matching 'zzqx'"):
        apply_facets(window, [("kind", "zzqx")])
