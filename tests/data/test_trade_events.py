"""The events on the Trade chart's time axis (explorer.data.trade_view, no Qt): each is
named by its event_id and document, and an event a recorded conflict names carries that
conflict's mark with its worst severity; an event no conflict names carries none."""
from __future__ import annotations

from explorer.data.conflicts import load_conflicts, worst_severity
from explorer.data.query import Filter
from explorer.data.trade_view import trade_view

BRIDGE_DONE = "ev-tongjiang-bridge-doc001-completed"        # cf-tongjiang-bridge-date (error)
MEMO_2019 = "ev-memo2018-signed-doc001"                     # two conflicts, info and warning


def _named(conn) -> dict[str, list]:
    out: dict[str, list] = {}
    for c in load_conflicts(conn):
        for ref in c.refs:
            if ref.table == "events":
                out.setdefault(ref.row_id, []).append(c)
    return out


def test_events_a_conflict_names_carry_its_mark_and_only_they(conn):
    events = {e.event_id: e for e in trade_view(conn, Filter(), "USD bn", events=True).events}
    named = _named(conn)
    assert {BRIDGE_DONE, MEMO_2019} <= set(events)
    assert events[BRIDGE_DONE].mark.severity == "error"
    assert events[MEMO_2019].mark.severity == "warning"
    assert events[MEMO_2019].mark.text.count("Recorded conflict") == 2
    clean = [e for k, e in events.items() if k not in named]
    assert clean and all(e.mark is None for e in clean)
    for key, event in events.items():
        if key in named:
            assert event.mark.severity == worst_severity(named[key])
        assert event.key == f"events:{key}"
    assert events[BRIDGE_DONE].doc_id and events[BRIDGE_DONE].quote


def test_without_the_overlay_no_event_is_read(conn):
    assert trade_view(conn, Filter(), "USD bn").events == ()
