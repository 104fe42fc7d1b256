"""Integer-year ticks for a fractional-year axis (the institution timeline, the
indicator chart): a month or quarter sits between its years, the axis says only
years ("2021", never "2021.2")."""
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
                # whole years, as many as leave each label about 40 px
                span = max(maxVal - minVal, 1e-9)
                room = max(size, 1.0) / 40.0
                major = next((m for m in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500) if span / m <= room), 1000)
                return [(major, 0)]

        return _Axis(orientation="bottom")
