"""``amur-explorer selftest``: open both databases, render every pane offscreen, run check,
and check that an installed font draws Chinese and Cyrillic names (not boxes)."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

#: Scripts the bundled data is written in: (name, sample from the data, what to install).
#: The package names are Debian's; Windows and macOS ship fonts for both.
SCRIPTS: tuple[tuple[str, str, str], ...] = (
    ("Chinese", "中俄黑龙江哈尔滨", "fonts-wqy-microhei (or fonts-noto-cjk)"),
    ("Cyrillic", "РоссияХабаровск", "fonts-dejavu-core"),
)
#: An unassigned code point: every font draws it as its "missing glyph" box.
NOT_A_CHARACTER = "\u0378"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help="open both databases, render every pane offscreen, run check")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from explorer.app import open_store
    from explorer.data.check import damage, run_checks
    from explorer.ui.render import render_panes

    try:
        store = open_store(args)
        conn = store.connect()
        try:
            errors = damage(run_checks(conn))
        finally:
            conn.close()
        with tempfile.TemporaryDirectory() as tmp:
            pictures = render_panes(store, Path(tmp))
            empty = [p.name for p in pictures if p.stat().st_size < 2000]
        missing_fonts = font_gaps()
    except Exception as exc:  # the reason is the product of a selftest
        print(f"selftest FAILED: {type(exc).__name__}: {exc}")
        return 1
    if errors or empty or missing_fonts:
        for f in errors:
            print(f"selftest FAILED: {f}")
        for name in empty:
            print(f"selftest FAILED: {name} rendered empty")
        for gap in missing_fonts:
            print(f"selftest FAILED: {gap}")
        return 1
    print(f"selftest ok: workspace {store.workspace}, bundled {store.bundled}, {len(pictures)} panes rendered, check clean")
    return 0


def font_gaps() -> list[str]:
    """One message per script that the window's font (with Qt's fallbacks) draws as boxes.

    Linux and the BSDs only: there fonts are packages a system may lack. Windows and
    macOS always ship Chinese and Cyrillic fonts, and Qt's offscreen platform there
    may not see the system's fallback fonts the way the real window does.
    """
    if sys.platform.startswith(("win", "darwin")):
        return []
    from explorer.ui.launch import make_app

    font = make_app().font()
    gaps = []
    for name, sample, package in SCRIPTS:
        boxed = [ch for ch in sample if not _draws(font, ch)]
        if boxed:
            gaps.append(f"no installed font covers {name} ({''.join(boxed)} would draw as boxes); "
                        f"install {package}")
    return gaps


def _draws(font, ch: str) -> bool:
    """True when some installed font has a glyph for ``ch``: fontconfig says so, and the
    rendering is not the missing-glyph box (a font can claim a character it lacks)."""
    from PySide6.QtGui import QFontMetrics

    return QFontMetrics(font).inFontUcs4(ord(ch)) and _pixels(font, ch) != _pixels(font, NOT_A_CHARACTER)


def _pixels(font, text: str) -> bytes:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(48, 48, QImage.Format.Format_Grayscale8)
    image.fill(255)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor(0, 0, 0))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return bytes(image.constBits())
