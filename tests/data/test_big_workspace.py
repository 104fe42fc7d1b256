"""A workspace with 200,000 imported (SYNTHETIC) monthly trade rows: the Sources
counts are exact, the Trade chart's monthly series reads the rollup table and
gives the exact query's rows, and the chart data never loads the big table
into Python. No timing here: bench/ measures speed."""
from __future__ import annotations

import math

import pytest

from bench.synthetic import PROVINCES, SOURCE_FILE, generate
from explorer.data import indexes
from explorer.data import trade_rollups as rollups
from explorer.data import trade_series as ts
from explorer.data.db import Store
from explorer.data.entries import drawn_from
from explorer.data.query import fetch_rows
from explorer.data.filters import Filter
from explorer.data.tables import SOURCES, TRADE

N = 200_000


@pytest.fixture(scope="module")
def big_store(tmp_path_factory, bundled_path):
    """Generated once for the module: 200k SYNTHETIC rows, a few of them drawn from
    a curated document, some imported annual rows, then indexes and rollups."""
    root = tmp_path_factory.mktemp("big")
    store = Store(workspace=root / "ws.sqlite", bundled=bundled_path)
    conn = store.connect()
    generate(conn, N)
    with conn:
        doc = conn.execute("SELECT doc_id FROM bundled.documents ORDER BY doc_id").fetchone()[0]
        # imported rows citing a curated document: the Sources counts must include them
        conn.execute("UPDATE main.trade_figures SET doc_id = ? WHERE rowid % 5000 = 0", (doc,))
        # imported annual figures (drawn one by one, not rolled up)
        conn.executemany(
            "INSERT INTO main.trade_figures(figure_id, topic, measure, reporter, partner, flow, period,"
            " period_precision, value, unit, status, source_file, source_row) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(f"syn-annual-{i}", "trade", "value", PROVINCES[i % 3], "russia", "export", str(2015 + i),
              "year", 100.0 + i, "million USD", "actual", SOURCE_FILE, N + i) for i in range(8)])
    indexes.build_all(conn)
    conn.close()
    return store


@pytest.fixture
def big(big_store):
    conn = big_store.connect(readonly_workspace=True)
    yield conn
    conn.close()


def test_sources_counts_are_the_exact_counts(big):
    rows = fetch_rows(big, SOURCES)
    keys = SOURCES.keys
    assert rows
    tables = ("trade_figures", "corridors", "energy_figures", "institutions", "events", "places")
    seen_imported = False
    for row in rows:
        doc_id = row[0]
        values = dict(zip(keys, row[1:1 + len(keys)]))
        exact = {t: big.execute(f"SELECT count(*) FROM all_{t} WHERE doc_id = ?", (doc_id,)).fetchone()[0]
                 for t in tables}
        assert values["rows_drawn"] == sum(exact.values())
        assert values["figures"] == exact["trade_figures"] + exact["energy_figures"]
        imported = big.execute("SELECT count(*) FROM main.trade_figures WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        seen_imported |= imported > 0
    assert seen_imported                    # the workspace side is counted, not only the bundled one


def test_sources_listing_of_a_document_matches_its_counts(big):
    doc_id, drawn, figures = big.execute(
        "SELECT doc_id, (SELECT count(*) FROM all_events e WHERE e.doc_id = d.doc_id), "
        "(SELECT count(*) FROM all_trade_figures f WHERE f.doc_id = d.doc_id) "
        "FROM all_documents d ORDER BY doc_id").fetchone()
    groups = dict((label, len(entries)) for label, entries in drawn_from(big, doc_id))
    assert groups.get("Trade figures", 0) == figures
    assert groups.get("Milestones and events", 0) == drawn


FACETS = [
    {},
    {"reporter": PROVINCES[3]},
    {"reporter": (PROVINCES[1], PROVINCES[7])},
    {"flow": "export"},
    {"flow": "import", "status": "actual"},
    {"partner": "Russia"},                          # a place shown by its English name
    {"partner": "Russia", "reporter": PROVINCES[0], "flow": "export"},
    {"measure": "value", "reporter": PROVINCES[5]},
    {"measure": "growth"},                          # no monthly values at all
    {"reporter": "no-such-reporter"},
]


def _same(a: list[tuple], b: list[tuple]) -> bool:
    """Same years, reporters, units and month counts; sums equal to rounding
    (the rollup adds partial sums, the exact query adds rows)."""
    return len(a) == len(b) and all(
        x[:3] == y[:3] and x[4] == y[4] and math.isclose(x[3], y[3], rel_tol=1e-9, abs_tol=1e-6)
        for x, y in zip(a, b))


@pytest.mark.parametrize("facets", FACETS, ids=repr)
def test_monthly_series_from_the_rollup_equals_the_exact_query(big, facets, monkeypatch):
    flt = Filter(facets=facets)
    exact = rollups.monthly_rollup_exact(big, flt)
    assert indexes.rollups_fresh(big, "trade_figures")
    used = []
    real = indexes.monthly_rollup
    monkeypatch.setattr(indexes, "monthly_rollup", lambda c, f: used.append(f) or real(c, f))
    got = rollups.monthly_rollup(big, flt)
    assert used, "the fresh rollup should answer these facets"
    assert _same(got, exact)
    if not facets:
        assert sum(r[4] for r in got) == N         # every imported monthly value is in the series


def test_monthly_series_falls_back_to_the_exact_query(big, monkeypatch):
    # a facet the rollup does not hold, and free text: exact SQL
    for flt in (Filter(facets={"commodity": "SYN0001"}), Filter(text="syn0000 export")):
        rows = rollups.monthly_rollup(big, flt)
        assert rows and _same(rows, rollups.monthly_rollup_exact(big, flt))
    # a stale rollup is never read
    monkeypatch.setattr(indexes, "rollups_fresh", lambda conn, table: False)
    monkeypatch.setattr(indexes, "monthly_rollup", lambda c, f: pytest.fail("read a stale rollup"))
    assert _same(rollups.monthly_rollup(big, Filter(facets={"flow": "export"})),
                 rollups.monthly_rollup_exact(big, Filter(facets={"flow": "export"})))


class _Rows(list):
    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return list(self)


class _Counting:
    """A connection that counts the rows each query hands to Python."""

    def __init__(self, conn) -> None:
        self.conn, self.rows = conn, 0

    def execute(self, sql, params=()):
        rows = _Rows(self.conn.execute(sql, params).fetchall())
        self.rows += len(rows)
        return rows

    def __getattr__(self, name):
        return getattr(self.conn, name)


@pytest.mark.parametrize("flt", [Filter(), Filter(facets={"reporter": PROVINCES[2]}),
                                 Filter(facets={"flow": "export"}), Filter(text="china")], ids=repr)
def test_chart_data_never_fetches_the_big_table(big, flt):
    counting = _Counting(big)
    figures = ts.fetch_figures(counting, flt)
    series = rollups.monthly_rollup(counting, flt)
    # the charts draw curated rows and imported annual ones; monthly rows arrive summed by year
    assert counting.rows <= ts.ROW_LIMIT + 2_000
    assert not [f for f in figures if f.period_precision == "month" and f.key.startswith("syn-")]
    assert len(series) <= 10 * len(PROVINCES) * 2


def test_chart_figures_are_the_filtered_rows_less_imported_monthly_ones(big):
    for flt in (Filter(), Filter(facets={"reporter": PROVINCES[1]}), Filter(text="china")):
        got = [f.key for f in ts.fetch_figures(big, flt)]
        where, params = flt.where(TRADE)
        expected = [r[0] for r in big.execute(
            f"SELECT _key FROM ({TRADE.select_sql()}){where + (' AND ' if where else ' WHERE ')}"
            "NOT (_origin = 'workspace' AND _key IN (SELECT figure_id FROM main.trade_figures "
            "WHERE period_precision = 'month')) ORDER BY period, _key", params)]
        assert got == expected[:ts.ROW_LIMIT]
    annual = [f for f in ts.fetch_figures(big, Filter(facets={"reporter": PROVINCES[1]}))]
    assert [f.key for f in annual] == ["syn-annual-1", "syn-annual-4", "syn-annual-7"]


def test_the_pane_knows_when_the_series_needs_the_rows_themselves(big, monkeypatch):
    # the Trade pane's facets are answered by the rollup; text and other columns sum the rows
    assert rollups.rollup_is_quick(big, Filter(facets={"reporter": "Russia", "flow": "export", "status": "actual",
                                                  "measure": "value", "partner": "China"}))
    assert not rollups.rollup_is_quick(big, Filter(text="export"))
    assert not rollups.rollup_is_quick(big, Filter(facets={"commodity": "SYN0001"}))
    monkeypatch.setattr(indexes, "rollups_fresh", lambda conn, table: False)
    assert not rollups.rollup_is_quick(big, Filter())
