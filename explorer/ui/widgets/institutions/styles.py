"""How the institution views draw what they draw: the shape of each kind group,
the colour and dash of each relation, the colour of each side, and the
widget's own text and base colours (light or dark theme)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from explorer.ui.widgets.plot import PALETTE

INST_ROLE = Qt.ItemDataRole.UserRole
RELATION_ROLE = Qt.ItemDataRole.UserRole + 1

#: Shape of each kind group (pyqtgraph symbol names).
GROUP_SYMBOLS = {
    "body": "o", "government": "s", "finance": "d", "platform": "star", "plan": "t1",
    "agreement": "p", "research": "h", "other": "t3",
}
#: Colour and dash of each relation: structural relations solid, roles dashed, signatures dotted.
_DASH = Qt.PenStyle
RELATION_STYLES: dict[str, tuple[str, Qt.PenStyle]] = {
    "established_within": ("#2ca02c", _DASH.SolidLine),
    "part_of": ("#17becf", _DASH.SolidLine),
    "subordinate_to": ("#8c564b", _DASH.SolidLine),
    "implements": ("#ff7f0e", _DASH.DashLine),
    "platform_of": ("#e377c2", _DASH.DashLine),
    "participated_in": ("#bcbd22", _DASH.DashLine),
    "signed_by": ("#8a8a8a", _DASH.DotLine),      # mid grey: reads on light and dark
    "signed_with": ("#9467bd", _DASH.DotLine),
    "approved_by": ("#1f77b4", _DASH.DotLine),
    "succeeds": ("#d62728", _DASH.DashDotLine),
}
_OTHER_RELATION = ("#7f7f7f", _DASH.DashDotDotLine)


def relation_style(relation: str) -> tuple[str, Qt.PenStyle]:
    return RELATION_STYLES.get(relation, _OTHER_RELATION)


def side_colour(side: str | None) -> str:
    return PALETTE.get(side or "other", PALETTE["other"])


def text_colour(widget: QWidget) -> QColor:
    return widget.palette().color(widget.foregroundRole())


def base_colour(widget: QWidget) -> QColor:
    return widget.palette().color(widget.palette().ColorRole.Base)
