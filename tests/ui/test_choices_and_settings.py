"""A facet chosen in a combo box is applied at once (the debounce is for typing),
and the window's state is written with one sync of the settings file on quit."""
from __future__ import annotations


def test_a_facet_choice_applies_without_the_typing_delay(window):
    pane = window.pane("trade")
    box = pane.facet_boxes["flow"]
    assert box.count() > 1
    value = box.itemData(1)
    before = pane.model.rowCount()
    box.setCurrentIndex(1)                      # what a click in the popup does; no event loop turn
    assert pane.model.filter.facets.get("flow") == value
    assert not pane._filter_timer.isActive()
    assert pane.model.rowCount() <= before


def test_typing_still_waits_for_the_pause(window):
    pane = window.pane("trade")
    pane.filter_edit.setText("russia")
    assert pane.model.filter.text == ""         # not yet: the analyst may type on
    assert pane._filter_timer.isActive()


def test_closing_the_window_writes_the_settings_once(window, monkeypatch):
    from explorer import settings

    syncs = []
    real = settings.qsettings

    def counting():
        s = real()
        original = s.sync
        s.sync = lambda: (syncs.append(1), original())[1]
        return s

    monkeypatch.setattr(settings, "qsettings", counting)
    window.save_state()
    assert len(syncs) == 1
    assert settings.get(settings.LAST_PANE) == window.current_pane().spec.name
    assert settings.get(settings.for_pane(settings.PANE_FILTER, "trade")) is not None
