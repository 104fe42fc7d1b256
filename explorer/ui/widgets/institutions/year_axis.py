"""Integer-year ticks for the institution timeline's fractional-year axis."""
from __future__ import annotations

from explorer.ui.widgets.plot import pg


class YearAxis:
    """Integer-year ticks for a fractional-year axis (built lazily: pyqtgraph)."""

    @staticmethod
    def make():
        p = pg()

        class _Axis(p.AxisItem):
            def tickStrings(self, values, scale, spacing):  # noqa: N802
                return [str(int(round(v))) if abs(v - round(v)) < 1e-6 else "" for v in values]

            def tickSpacing(self, minVal, maxVal, size):  # noqa: N802,N803
                span = maxVal - minVal
                major = 1 if span <= 25 else 2 if span <= 50 else 5
                return [(major, 0)]

        return _Axis(orientation="bottom")
