"""Light and dark: follow the system's colour scheme (Qt 6.5+ QStyleHints),
or the analyst's View → Theme override, charts included.

Dark uses the Fusion style with a dark palette (the platform style may not
have one); light on a dark desktop uses Fusion with its light palette. After
a change every pyqtgraph view already drawn is recoloured: backgrounds, axes,
titles and labels that used the old foreground or background take the new
ones; data colours are left alone (they are chosen to read on both).
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractGraphicsShapeItem, QApplication, QGraphicsSimpleTextItem, QStyleFactory, QWidget,
)

from explorer import settings

SYSTEM, LIGHT, DARK = settings.THEMES
_ROLE = QPalette.ColorRole
_GROUP = QPalette.ColorGroup


def dark_palette() -> QPalette:
    pal = QPalette()
    colours = {
        _ROLE.Window: "#2b2d30", _ROLE.WindowText: "#e6e6e6", _ROLE.Base: "#1f2023",
        _ROLE.AlternateBase: "#2a2b2f", _ROLE.ToolTipBase: "#3a3c40", _ROLE.ToolTipText: "#f0f0f0",
        _ROLE.PlaceholderText: "#8a8d93", _ROLE.Text: "#e6e6e6", _ROLE.Button: "#35373b",
        _ROLE.ButtonText: "#e6e6e6", _ROLE.BrightText: "#ff6b6b", _ROLE.Light: "#4a4c50",
        _ROLE.Midlight: "#3e4044", _ROLE.Mid: "#8a8d93", _ROLE.Dark: "#1a1b1d", _ROLE.Shadow: "#000000",
        _ROLE.Highlight: "#3d7bd9", _ROLE.HighlightedText: "#ffffff", _ROLE.Link: "#6cb4ff",
        _ROLE.LinkVisited: "#b48cff",
    }
    for role, colour in colours.items():
        pal.setColor(role, QColor(colour))
    for role, colour in ((_ROLE.WindowText, "#7a7d82"), (_ROLE.Text, "#7a7d82"),
                         (_ROLE.ButtonText, "#7a7d82"), (_ROLE.HighlightedText, "#b0b0b0")):
        pal.setColor(_GROUP.Disabled, role, QColor(colour))
    return pal


def is_dark(palette: QPalette | None = None) -> bool:
    pal = palette or QApplication.palette()
    return pal.color(_ROLE.Window).lightness() < 128


def _scheme():
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown


class ThemeManager(QObject):
    """Owns the application's look; one per QApplication (see ``manager()``)."""

    changed = Signal(bool)          # dark?

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.forced: str | None = None          # set by `screenshot --theme`, never saved
        self._native_style = app.style().name()
        self._overridden = False
        self.dark = self._native_dark = is_dark()
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_system_change)

    def mode(self) -> str:
        mode = self.forced or settings.get(settings.THEME)
        return mode if mode in settings.THEMES else SYSTEM

    def set_mode(self, mode: str) -> None:
        """The analyst's choice (View → Theme), remembered."""
        if mode not in settings.THEMES:
            raise ValueError(f"theme must be one of {', '.join(settings.THEMES)}, not {mode!r}")
        settings.put(settings.THEME, mode)
        self.apply()

    def wants_dark(self) -> bool:
        """Dark for this mode; System asks Qt's colour scheme, else what the platform palette is."""
        mode = self.mode()
        if mode != SYSTEM:
            return mode == DARK
        scheme = _scheme()
        if scheme == Qt.ColorScheme.Unknown:
            return self._native_dark
        return scheme == Qt.ColorScheme.Dark

    def apply(self) -> None:
        old_fg, old_bg = _chart_colours()
        dark = self.wants_dark()
        if self._overridden and dark != self.dark:      # back to the platform's own look first
            self._set_style(self._native_style)
            self.app.setPalette(QPalette())
            self._overridden = False
        if dark != is_dark():      # the platform's look is not the one wanted: Fusion, own palette
            self._set_style("Fusion")
            self.app.setPalette(dark_palette() if dark else self.app.style().standardPalette())
            self._overridden = True
        changed = dark != self.dark
        self.dark = dark
        recolour_charts(old_fg, old_bg)
        if changed:
            self.changed.emit(dark)

    def _set_style(self, name: str) -> None:
        if self.app.style().name().lower() != name.lower():
            style = QStyleFactory.create(name)
            if style is not None:
                self.app.setStyle(style)

    def _on_system_change(self, _scheme) -> None:
        if self.mode() == SYSTEM:
            self.apply()


def manager(app: QApplication | None = None) -> ThemeManager:
    app = app or QApplication.instance()
    found = app.findChild(ThemeManager)
    return found if found is not None else ThemeManager(app)


def _chart_colours() -> tuple[QColor, QColor]:
    pal = QApplication.palette()
    return QColor(pal.color(_ROLE.Text)), QColor(pal.color(_ROLE.Base))


def _same(a, b: QColor) -> bool:
    try:
        return QColor(a).rgb() == b.rgb()
    except (TypeError, ValueError):
        return False


def recolour_charts(old_fg: QColor, old_bg: QColor, roots: list[QWidget] | None = None) -> int:
    """Give every pyqtgraph view the palette's colours where it used the old ones; returns views."""
    pg = sys.modules.get("pyqtgraph")
    if pg is None or getattr(getattr(pg, "__spec__", None), "_initializing", False):
        # no chart drawn yet: plot.pg() reads the palette when it first loads. A module still
        # being imported by the start-up preload thread is in sys.modules half-built
        # ("partially initialized module 'pyqtgraph'"), and no chart exists before it is done.
        return 0
    fg, bg = _chart_colours()
    pg.setConfigOptions(background=bg, foreground=fg)
    views = 0
    for root in roots if roots is not None else QApplication.topLevelWidgets():
        for view in root.findChildren(pg.GraphicsView):
            views += 1
            background = getattr(view, "_background", "default")
            if background == "default" or _same(background, old_bg):
                view.setBackground(bg)
            for item in view.scene().items():
                _recolour_item(pg, item, old_fg, fg, old_bg, bg)
            view.viewport().update()
    return views


def _recolour_item(pg, item, old_fg: QColor, fg: QColor, old_bg: QColor, bg: QColor) -> None:
    if isinstance(item, pg.AxisItem):
        if _same(item.pen().color(), old_fg):
            item.setPen(fg)
        if item._textPen is None or _same(item._textPen.color(), old_fg):
            item.setTextPen(fg)
    elif isinstance(item, pg.LabelItem):
        colour = item.opts.get("color")
        if colour is None or _same(colour, old_fg):
            item.setText(item.text, color=fg.name())
    elif isinstance(item, pg.TextItem):       # html text items keep their own colours
        if _same(item.textItem.defaultTextColor(), old_fg):
            item.setColor(fg)
    elif isinstance(item, QGraphicsSimpleTextItem):
        if _same(item.brush().color(), old_fg):
            item.setBrush(fg)
    elif isinstance(item, QAbstractGraphicsShapeItem):      # opaque label backgrounds
        colour = item.brush().color()
        if item.brush().style() == Qt.BrushStyle.SolidPattern and _same(colour, old_bg):
            new = QColor(bg)
            new.setAlpha(colour.alpha())
            item.setBrush(new)
