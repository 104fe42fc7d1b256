"""The one flow layout: widgets left to right at their natural width, a new line
when the width runs out. A pane's toolbar wraps with it, so that a narrow window
(1024 px) never has to squeeze a filter box to "Fil…" or refuse to shrink (a
widget added with a stretch, the filter box, takes the room left on its line);
a chart's legend of icon + word pairs wraps with it and never widens the window."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class WrapBar(QLayout):
    """Like a QHBoxLayout (``addWidget``, ``insertWidget``, ``itemAt``), but wrapping."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, int] = {}        # id(item) -> stretch
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # -- the QHBoxLayout calls the panes use ---------------------------------------------
    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802
        self.insertWidget(len(self._items), widget, stretch)

    def insertWidget(self, index: int, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802
        self.addChildWidget(widget)
        item = QWidgetItem(widget)
        self._items.insert(max(0, min(index, len(self._items))), item)
        if stretch:
            self._stretch[id(item)] = stretch
        self.invalidate()

    # -- QLayout ---------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self._stretch.pop(id(item), None)
            return item
        return None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        m = self.contentsMargins()
        inner = self._arrange(QRect(0, 0, width - m.left() - m.right(), 0), move=False)
        return inner + m.top() + m.bottom()

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect.marginsRemoved(self.contentsMargins()), move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """All on one line (the width it would like; it wraps in less)."""
        width = sum(i.sizeHint().width() for i in self._shown()) + self.spacing() * max(0, len(self._shown()) - 1)
        height = max((i.sizeHint().height() for i in self._shown()), default=0)
        return self._with_margins(QSize(width, height))

    def minimumSize(self) -> QSize:  # noqa: N802
        """As narrow as its widest widget: one a line."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return self._with_margins(size)

    def _with_margins(self, size: QSize) -> QSize:
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            w = item.sizeHint().width()
            if lines[-1] and used + self.spacing() + w > width:
                lines.append([])
                used = 0
            used += (self.spacing() if lines[-1] else 0) + w
            lines[-1].append(item)
        return lines

    def _arrange(self, rect: QRect, move: bool) -> int:
        y = rect.y()
        for line in self._lines(rect.width()):
            if not line:
                continue
            widths = [min(i.sizeHint().width(), rect.width()) for i in line]
            spare = rect.width() - sum(widths) - self.spacing() * (len(line) - 1)
            stretch = [self._stretch.get(id(i), 0) for i in line]
            if spare > 0 and sum(stretch):
                widths = [w + spare * s // sum(stretch) for w, s in zip(widths, stretch)]
            height = max(i.sizeHint().height() for i in line)
            x = rect.x()
            for item, w in zip(line, widths):
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(w, height)))
                x += w + self.spacing()
            y += height + self.spacing()
        return max(0, y - self.spacing() - rect.y())
