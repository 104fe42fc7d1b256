"""The one flow layout (toolbars and legends): items wrap onto new lines inside the
width they are given, margins kept, never wider than the widest item."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from explorer.ui.widgets.wrap_bar import WrapBar


def _bar(qtbot, margins=(0, 0, 0, 0), words=12):
    host = QWidget()
    qtbot.addWidget(host)
    bar = WrapBar(host)
    bar.setContentsMargins(*margins)
    labels = [QLabel(f"entry number {i}") for i in range(words)]
    for label in labels:
        bar.addWidget(label)
    return host, bar, labels


def test_items_wrap_inside_the_width_and_keep_the_margins(qtbot):
    host, bar, labels = _bar(qtbot, margins=(4, 2, 4, 3))
    widest = max(label.sizeHint().width() for label in labels)
    host.resize(widest * 3, bar.heightForWidth(widest * 3))
    host.show()
    qtbot.waitExposed(host)
    rows = {label.geometry().top() for label in labels}
    assert len(rows) > 1                                         # wrapped
    assert all(label.geometry().left() >= 4 and label.geometry().right() <= host.width() - 4 for label in labels)
    assert min(rows) == 2
    assert max(label.geometry().bottom() for label in labels) <= host.height() - 3
    assert bar.minimumSize().width() == widest + 8                # one a line at the narrowest
    assert bar.heightForWidth(widest + 8) > bar.heightForWidth(widest * 3)


def test_a_stretched_widget_takes_the_room_left_on_its_line(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    bar = WrapBar(host)
    edit, label = QLineEdit(), QLabel("9 rows")
    bar.addWidget(edit, 1)
    bar.addWidget(label)
    host.resize(900, 40)
    host.show()
    qtbot.waitExposed(host)
    assert edit.geometry().top() == label.geometry().top()
    assert edit.width() + label.width() + bar.spacing() == 900
