"""The Bilateral chart keeps its items from draw to draw (issue 19: creating them was most
of a draw): a redraw with other figures shows the new values on the same items, and leaves
no point, label or message of the last draw in the plot."""
from __future__ import annotations

from tests.ui import test_trade_pane
from tests.ui.test_trade_pane import _wait_redrawn

pane = test_trade_pane.pane     # the fixture, shared

# the mini database's China–Russia volumes, in USD bn, as the bars' labels give them
VALUE_2021, VALUE_2023 = "146.88", "232"


def _texts(chart) -> list[str]:
    """Every text in the chart's scene: shown or not, a stale one would be found here."""
    return [item.toPlainText() for item in chart.plot.scene().items() if hasattr(item, "toHtml")
            and item.toPlainText()]


def _own_texts(chart) -> list[str]:
    """The texts of the chart's own items shown in its plot (labels, flags, notes, the message)."""
    return [i.textItem.toPlainText() for i in [*chart.item.items, *chart.growth_vb.addedItems]
            if hasattr(i, "textItem") and i.isVisible()]


def _growth_points(chart) -> set[tuple[float, float]]:
    return {(round(h.point.x(), 3), round(h.point.y(), 3)) for h in chart.hits if h.point is not None}


def _marker_points(chart) -> set[tuple[float, float]]:
    """Where the rings, squares and diamonds are drawn (none when their item is not in the plot)."""
    if not chart._markers.isVisible():
        return set()
    return {(round(p.pos().x(), 3), round(p.pos().y(), 3)) for p in chart._markers.points()}


def test_a_redraw_shows_the_new_figures_on_the_same_items(qtbot, pane):  # noqa: F811
    chart = pane.charts.bilateral
    first_labels = list(chart._value_labels)
    assert any(VALUE_2021 in t for t in _texts(chart)) and any(VALUE_2023 in t for t in _texts(chart))
    assert _marker_points(chart) and _marker_points(chart) <= _growth_points(chart)

    pane.set_year_range(2023, 2023)
    _wait_redrawn(qtbot, pane)
    texts = _texts(chart)
    assert any(VALUE_2023 in t for t in texts)
    assert not any(VALUE_2021 in t for t in texts)              # no label of a year filtered out
    assert {round(h.point.x()) for h in chart.hits if h.point is not None} == {2023}
    assert _marker_points(chart) <= _growth_points(chart)         # no ring or square left at 2021–2022
    # the labels drawn are the last draw's items, given their new text
    assert chart._value_labels and all(label in first_labels for label in chart._value_labels)
    bar_x = sorted(x for bars in chart._bar_items.in_use() for x in bars.opts["x0"])
    assert bar_x and all(2022.5 < x < 2023.5 for x in bar_x)

    pane.set_year_range(None, None)
    _wait_redrawn(qtbot, pane)
    assert any(VALUE_2021 in t for t in _texts(chart))
    assert len(chart._value_texts.items) == len(first_labels)     # no item made anew


def test_no_figures_leaves_only_the_message_and_reuses_it(qtbot, pane):  # noqa: F811
    chart = pane.charts.bilateral
    pane.set_facet("reporter", "Primorsky Krai")
    _wait_redrawn(qtbot, pane)
    message = chart.message
    assert _own_texts(chart) == ["No China–Russia annual trade figures match the filter."]
    assert not any(VALUE_2023 in t for t in _texts(chart))
    assert _marker_points(chart) == set() and chart.hits == [] and chart.legend.items == []
    pane.set_facet("reporter", None)
    _wait_redrawn(qtbot, pane)
    assert chart.message is None and any(VALUE_2023 in t for t in _texts(chart))
    pane.set_facet("reporter", "Primorsky Krai")
    _wait_redrawn(qtbot, pane)
    assert chart.message is message and message.isVisible()
