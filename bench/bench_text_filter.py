"""Typing a word into the 1,000,000-row (SYNTHETIC) Trade table's filter →
its first rows painted, against the bare ordered ``LIMIT 256`` SQL in the same
run (target ≤ 1.5×, and first rows ≤ 50 ms).

  A  what the pane does: ``SqlTableModel.set_filter`` on a view set up as the
     pane's table, then the view painted (``repaint()``) — the first rows on
     screen. The full order and count follow in the background, off the clock.
  B  the bare SQL of the first page: the workspace's rows whose text holds the
     word (``LIKE`` over the same columns, no joins), in the table's order, LIMIT 256.

Words: common ASCII ("export"), Cyrillic ("хабаровский") and Chinese ("黑龙江")
that only a few rows hold, mixed case ("SyN0042"), and a word no row holds.
Both sides are warmed before timing (each runs once untimed), A B A B …; the
min/median/max of the per-round ratio is printed, then A's absolute median.
"""
from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROWS = int(os.environ.get("AMUR_BENCH_ROWS", "1000000"))
ROUNDS = int(os.environ.get("AMUR_BENCH_ROUNDS", "5"))
WORDS = ("export", "хабаровский", "黑龙江", "SyN0042", "nowhere-word")
#: the Trade table's own text columns (the joined names are left out: B is the cheaper side)
_TEXT = " || ' ' || ".join(f"coalesce({c}, '')" for c in (
    "period", "measure", "reporter", "partner", "flow", "commodity", "value_text", "unit", "status", "topic",
    "description", "quote"))


def main() -> int:
    from PySide6.QtWidgets import QApplication, QTableView

    from bench.common import report_rounds
    from bench.synthetic import workspace
    from explorer.data.filters import Filter
    from explorer.data.tables import TRADE
    from explorer.ui.models.sql_table import SqlTableModel

    print(f"(SYNTHETIC data: {ROWS:,} generated rows, never bundled)")
    store = workspace(ROWS)
    app = QApplication.instance() or QApplication([])
    conn = store.connect(readonly_workspace=True)
    view = QTableView()
    view.resize(1200, 700)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    model = SqlTableModel(conn, TRADE)
    view.setModel(model)
    view.show()
    model.wait_ordered()

    def pane(word: str) -> float:
        model.set_filter(Filter())           # from the unfiltered table, as the analyst starts typing
        model.wait_ordered()
        app.processEvents()
        t = time.perf_counter()
        model.set_filter(Filter(text=word))
        view.repaint()
        dt = time.perf_counter() - t
        model.wait_ordered()                 # the background order, off the clock
        return dt

    def bare(word: str) -> float:
        t = time.perf_counter()
        conn.execute(f"SELECT rowid FROM main.trade_figures WHERE ({_TEXT}) LIKE ? "
                     "ORDER BY period, figure_id LIMIT 256", (f"%{word}%",)).fetchall()
        return time.perf_counter() - t

    ok = True
    for word in WORDS:
        pane(word), bare(word)               # warm both sides
        ta, tb = [], []
        for _ in range(ROUNDS):
            ta.append(pane(word))
            tb.append(bare(word))
        ok &= report_rounds(f"text filter {word!r} → first rows painted", ta, tb, 1.5, "bare LIMIT 256 SQL")
        first = sorted(ta)[len(ta) // 2]
        print(f"    first rows painted in {first * 1000:.0f} ms (target ≤ 50 ms) "
              f"[{'meets' if first <= 0.05 else 'MISSES'}]; {model.rowCount():,} rows match")
    model._orderer.stop()
    app.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
