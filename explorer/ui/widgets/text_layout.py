"""Where every piece of text on a chart lands, and which pieces collide.

A chart is report-grade only when no label prints over another and none is
cut by the edge of its plot. ``text_boxes`` collects, for one graphics view,
the rectangle of every visible text item (pyqtgraph TextItem and the labels of
InfiniteLines, LabelItem titles and legends, axis titles and axis tick labels)
in the view's own pixel coordinates, with the rectangle it must stay inside
(the ViewBox that clips it, else the view). ``text_problems`` turns that into
sentences naming the texts. The tests run it over every chart at several
window sizes and states; a chart may also use it to thin its own labels.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView

#: Overlaps and overhangs smaller than this (pixels) are anti-aliasing, not a collision.
SLACK = 1.5


@dataclass(frozen=True)
class TextBox:
    text: str
    rect: QRectF        # the text's ink box, in the view's viewport pixels
    bounds: QRectF      # what it must lie inside, same coordinates


def _shown(item: QGraphicsItem) -> bool:
    return item.isVisible() and item.effectiveOpacity() > 0.01


def _clip_rect(item: QGraphicsItem) -> QRectF | None:
    """The scene rectangle of the nearest ancestor that clips its children (a ViewBox)."""
    parent = item.parentItem()
    while parent is not None:
        if parent.flags() & QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape:
            return parent.sceneBoundingRect()
        parent = parent.parentItem()
    return None


def _to_view(view: QGraphicsView, scene_rect: QRectF) -> QRectF:
    return QRectF(view.mapFromScene(scene_rect).boundingRect())


def _text_of(item: QGraphicsItem) -> str:
    if isinstance(item, QGraphicsTextItem):
        return item.toPlainText().strip()
    return item.text().strip()


def _ink_rect(item: QGraphicsItem) -> QRectF:
    """The text's box without the document margin Qt puts around rich text."""
    rect = item.boundingRect()
    if isinstance(item, QGraphicsTextItem):
        m = item.document().documentMargin()
        rect = rect.adjusted(m, m, -m, -m)
    return item.mapRectToScene(rect)


def _axis_boxes(view: QGraphicsView, viewport: QRectF) -> list[TextBox]:
    """Tick labels of every shown pyqtgraph axis, as the axis itself lays them out."""
    from explorer.ui.widgets.plot import pg

    axis_type = pg().AxisItem
    boxes = []
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    for item in view.scene().items():
        if not isinstance(item, axis_type) or not _shown(item) or not item.style.get("showValues", True):
            continue
        painter = QPainter(image)
        try:
            if item.style.get("tickFont"):
                painter.setFont(item.style["tickFont"])
            specs = item.generateDrawSpecs(painter)
        finally:
            painter.end()
        if specs is None:
            continue
        for rect, _flags, text in specs[2]:
            if text and text.strip():
                boxes.append(TextBox(text.strip(), _to_view(view, item.mapRectToScene(rect)), viewport))
    return boxes


def text_boxes(view: QGraphicsView) -> list[TextBox]:
    """Every visible text on this view, with the rectangle it must stay inside."""
    viewport = QRectF(view.viewport().rect())
    boxes = []
    for item in view.scene().items():
        if not isinstance(item, (QGraphicsTextItem, QGraphicsSimpleTextItem)) or not _shown(item):
            continue
        text = _text_of(item)
        if not text:
            continue
        rect = _to_view(view, _ink_rect(item))
        clip = _clip_rect(item)
        bounds = viewport if clip is None else _to_view(view, clip).intersected(viewport)
        if not rect.intersects(bounds):
            continue        # wholly scrolled or clipped out of sight: nothing of it shows
        boxes.append(TextBox(text, rect, bounds))
    return boxes + _axis_boxes(view, viewport)


def _overlap(a: QRectF, b: QRectF) -> bool:
    inter = a.intersected(b)
    return inter.width() > SLACK and inter.height() > SLACK


def _inside(rect: QRectF, bounds: QRectF) -> bool:
    return (rect.left() >= bounds.left() - SLACK and rect.right() <= bounds.right() + SLACK
            and rect.top() >= bounds.top() - SLACK and rect.bottom() <= bounds.bottom() + SLACK)


def text_problems(view: QGraphicsView, where: str = "") -> list[str]:
    """Sentences naming each pair of texts that overlap and each text cut by its plot's edge."""
    boxes = text_boxes(view)
    prefix = f"{where}: " if where else ""
    problems = [f"{prefix}{b.text!r} leaves its plot ({_fmt(b.rect)} outside {_fmt(b.bounds)})"
                for b in boxes if not _inside(b.rect, b.bounds)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if _overlap(a.rect, b.rect):
                problems.append(f"{prefix}{a.text!r} {_fmt(a.rect)} overlaps {b.text!r} {_fmt(b.rect)}")
    return problems


def _fmt(r: QRectF) -> str:
    return f"[{r.left():.0f},{r.top():.0f} {r.width():.0f}×{r.height():.0f}]"


# -- keeping a chart's own labels apart ---------------------------------------------------------

def _view_of(item) -> QGraphicsView | None:
    scene = item.scene()
    views = scene.views() if scene is not None else []
    return views[0] if views else None


def _rect_in_view(view: QGraphicsView, item) -> QRectF:
    item.updateTransform(force=True)
    return _to_view(view, _ink_rect(item.textItem))


def label_rects(items: list) -> list[QRectF]:
    """The view rectangles of these shown TextItems (obstacles for ``place_labels``)."""
    view = next((v for v in map(_view_of, items) if v is not None), None)
    return [] if view is None else [_rect_in_view(view, i) for i in items if i.isVisible()]


def place_labels(movable: list, offsets: tuple[float, ...], placed: list[QRectF],
                 floor: float | None = None) -> list:
    """Move each of ``movable`` (pyqtgraph TextItems, in order of importance) by the first
    offset in ``offsets`` (multiples of its own height, along y: negative is up) at which it
    stays inside its plot and clear of every rectangle in ``placed``; hide those with no
    such place; with ``floor`` (a y value in the label's own plot) a label must stay above
    it. Each placed label's rectangle is added to ``placed``; the layout can be redone
    after a resize. Returns the hidden items."""
    view = next((v for v in map(_view_of, movable) if v is not None), None)
    if view is None:
        return []
    hidden = []
    for item in movable:
        vb = item.getViewBox()
        item.setVisible(True)
        item.shift = 0.0                # back at its anchor point: no shift left from a last layout
        item.updateTextPos()
        if vb is None:
            continue
        vb.prepareForPaint()            # a new range reaches the view's transform only at paint
        base = _rect_in_view(view, item)
        bounds = _to_view(view, vb.sceneBoundingRect())
        if floor is not None:
            bounds.setBottom(min(bounds.bottom(), view.mapFromScene(vb.mapViewToScene(QPointF(0, floor))).y()))
        spot = next((base.height() * k for k in offsets
                     if _inside(base.translated(0, base.height() * k), bounds)
                     and not any(_overlap(base.translated(0, base.height() * k), r) for r in placed)), None)
        if spot is None:
            item.setVisible(False)
            hidden.append(item)
            continue
        # shifted in the label's own units, which are pixels: a later change of the plot's
        # scale keeps the label the same distance from its point (see ShiftedText)
        item.shift = spot
        item.updateTextPos()
        placed.append(base.translated(0, spot))
    return hidden


def shifted_text_class():
    """pyqtgraph's TextItem, kept ``shift`` pixels down (up when negative) from its anchor
    whenever pyqtgraph re-anchors it (at every rescale of its plot)."""
    from explorer.ui.widgets.plot import pg

    global _SHIFTED
    if _SHIFTED is None:
        class ShiftedText(pg().TextItem):
            shift = 0.0

            def updateTextPos(self):  # noqa: N802 (pyqtgraph name)
                super().updateTextPos()
                if self.shift:
                    self.textItem.setPos(self.textItem.pos() + QPointF(0, self.shift))

        _SHIFTED = ShiftedText
    return _SHIFTED


_SHIFTED = None


def elide_middle(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut in the middle so both ends still tell items apart."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2 + (limit - 1) % 2
    return text[:head].rstrip() + "…" + text[len(text) - (limit - 1 - head):].lstrip()
