"""The mark a chart element carries when it is involved in a recorded conflict
(explorer.data.conflicts): a ring round the element with a warning triangle at
its upper right, in the colour of the conflict's severity, and a line per
conflict in its tooltip. The same colours and words as the tables' marks and
the citation panel, so a mark reads the same everywhere.

A mark is a scatter symbol, not text: it never collides with a chart's labels.
Imported only where pyqtgraph is (charts are built after first paint)."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainterPath, QPolygonF

from explorer.data.conflicts import MARK, Conflict, worst_severity

SEVERITY_COLOURS = {"error": "#c62828", "warning": "#e65100", "info": "#1565c0"}
#: The mark's size in pixels: the ring fits round a marker of about 12 px.
MARK_SIZE = 30
LEGEND_TEXT = "recorded conflict (ring and ⚠: select to read both statements)"


def severity_colour(severity: str | None) -> str:
    return SEVERITY_COLOURS.get(severity or "", SEVERITY_COLOURS["warning"])


def conflict_lines(conflicts: list[Conflict]) -> str:
    """One line per conflict, as a tooltip ends: '⚠ Recorded conflict (error): …'."""
    return "\n".join(f"{MARK} Recorded conflict ({c.severity}): {c.description}" for c in conflicts)


def with_conflicts(tooltip: str, conflicts: list[Conflict] | None) -> str:
    return f"{tooltip}\n\n{conflict_lines(conflicts)}" if conflicts else tooltip


@lru_cache(maxsize=1)
def mark_symbol() -> QPainterPath:
    """A ring (radius 0.3 of the symbol) with a filled triangle at its upper right, all
    inside the unit square pyqtgraph draws a symbol in (y grows downwards)."""
    ring = QPainterPath()
    ring.addEllipse(QPointF(0, 0), 0.31, 0.31)
    hole = QPainterPath()
    hole.addEllipse(QPointF(0, 0), 0.25, 0.25)
    triangle = QPainterPath()
    triangle.addPolygon(QPolygonF([QPointF(0.31, -0.5), QPointF(0.12, -0.15), QPointF(0.5, -0.15),
                                   QPointF(0.31, -0.5)]))
    return ring.subtracted(hole).united(triangle)


def mark_spots(points: list[tuple[float, float, str, list[Conflict]]], pg) -> list[dict]:
    """Scatter spots for (x, y, key, conflicts): data is the key, coloured by the worst severity."""
    return [severity_spot(x, y, key, worst_severity(conflicts), pg) for x, y, key, conflicts in points]


def severity_spot(x: float, y: float, key: str, severity: str | None, pg) -> dict:
    """One mark's scatter spot at (x, y), its data the key, in the severity's colour."""
    colour = QColor(severity_colour(severity))
    return dict(pos=(x, y), data=key, symbol=mark_symbol(), size=MARK_SIZE,
                pen=pg.mkPen(colour, width=1), brush=pg.mkBrush(colour))


def mark_item(points: list[tuple[float, float, str, list[Conflict]]], pg, tip=None):
    """A ScatterPlotItem of conflict marks (above the markers it rings); ``tip(key)`` its tooltip."""
    return spots_item(mark_spots(points, pg), pg, tip)


def spots_item(spots: list[dict], pg, tip=None):
    """A ScatterPlotItem of these marks' spots, above the markers they ring."""
    item = pg.ScatterPlotItem(spots=spots, hoverable=tip is not None,
                              tip=(lambda x, y, data: tip(data)) if tip else None)
    item.setZValue(15)
    return item


def legend_sample(pg):
    """A legend swatch of the mark."""
    colour = QColor(SEVERITY_COLOURS["error"])
    return pg.ScatterPlotItem(symbol=mark_symbol(), size=18, pen=pg.mkPen(colour), brush=pg.mkBrush(colour))
