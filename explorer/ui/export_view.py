"""File → Export view… (Ctrl+Shift+E): the current pane as the analyst sees
it, into one folder — the table as CSV (filtered and sorted as shown,
formula-looking cells neutralised), each chart shown as PNG and SVG with a
citation footer, and citations.txt naming every document behind the rows in
plain and Chicago form. Every file is renamed into place from a new temporary
file: a link planted in the folder is replaced, never written through.

Charts come from the pane's ``chart_widgets()``; their footer from the
pane's ``chart_footer()`` where it has one, else from the documents behind
the rows.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from explorer.data.citations import source_lines
from explorer.data.export import export_pane
from explorer.data.output_files import output_folder, replacing, write_text
from explorer.data.view_citations import citations_text, sources_behind

CITATIONS_FILE = "citations.txt"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def generic_footer(pane, chart_name: str) -> list[str]:
    """'Amur Explorer — Pane (chart), n rows, date' and one line per document behind the rows."""
    conn, spec, flt = pane.ctx.conn, pane.model.spec, pane.model.filter
    lines = [f"Amur Explorer — {pane.spec.title} ({chart_name}), {pane.model.rowCount():,} rows shown, "
             f"exported {date.today().isoformat()}"]
    behind = sources_behind(conn, spec, flt)
    files: dict[str, list] = {Path(str(f)).name: [] for d, f, _n in behind if f and not d}
    return lines + source_lines(conn, [d for d, _f, _n in behind], files)


def chart_footer(pane, chart_name: str) -> list[str]:
    footer = getattr(pane, "chart_footer", None)
    if callable(footer):
        try:
            lines = list(footer())
        except (AttributeError, TypeError):      # charts not drawn yet
            lines = []
        if lines:
            return lines
    return generic_footer(pane, chart_name)


def _redraw_now(pane) -> None:
    """Let a theme change reach the pane's charts before they are drawn into a file."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    redraw = getattr(pane, "redraw", None)
    if callable(redraw):
        redraw()
    else:
        pane.on_filter_changed()
    for _ in range(3):
        QApplication.processEvents()


@contextmanager
def report_style(pane):
    """Charts exported in the light report style, whatever the window's theme: a dark
    chart pasted into a white report page reads as a hole. Back to the theme afterwards."""
    from explorer.ui import theme

    manager = theme.manager()
    if not manager.dark:
        yield
        return
    forced = manager.forced
    manager.forced = "light"
    try:
        manager.apply()
        _redraw_now(pane)
        yield
    finally:
        manager.forced = forced
        manager.apply()
        _redraw_now(pane)


def export_view(pane, folder: Path) -> list[Path]:
    """Write the pane's table, charts and citations into ``folder``; returns the files written."""
    from explorer.ui.widgets.plot import export_chart

    folder = output_folder(Path(folder))
    name = pane.spec.name
    table = folder / f"{name}.csv"
    # the table and, beside it, its subjects' milestones (trade_milestones.csv…), as the exports write them
    written = list(export_pane(pane.ctx.conn, pane.model.spec, table, pane.model.filter, pane.model.order))
    with report_style(pane):
        for chart_name, widget in pane.chart_widgets():
            footer = chart_footer(pane, chart_name)
            for suffix in ("png", "svg"):
                chart = folder / f"{name}-{_slug(chart_name)}.{suffix}"
                with replacing(chart) as tmp:       # a link planted under the chart's name is replaced, not followed
                    export_chart(widget, tmp, footer)
                written.append(chart)
            release = getattr(widget, "release", None)   # a whole view drawn off screen for the export
            if callable(release):
                release()
    citations = write_text(folder / CITATIONS_FILE,
                           citations_text(pane.ctx.conn, pane.model.spec, pane.model.filter,
                                          title=pane.spec.title, files=[p.name for p in written]))
    written.append(citations)
    return written


def ask_and_export_view(window) -> list[Path]:
    pane = window.current_pane()
    folder = QFileDialog.getExistingDirectory(window, f"Export the {pane.spec.title} view into a folder")
    if not folder:
        return []
    try:
        written = export_view(pane, Path(folder))
    except (OSError, ValueError) as exc:
        QMessageBox.warning(window, "Export failed", f"Could not export the view into {folder}:\n{exc}")
        return []
    window.statusBar().showMessage(
        f"Exported {pane.spec.title}: {', '.join(p.name for p in written)} to {folder}", 8000)
    return written
