"""An imported row never passes as curated (issue 14).

The README's "export, edit, import back" workflow gives a row that names a
bundled document and carries a quote of the user's own. Before: the row was
stored with that document's doc_id, drawn as the document's series over the
curated bar, pulled into the document's growth check, and Copy citation
attributed the user's quote to the paper."""
from __future__ import annotations

import sqlite3

import pytest

from explorer.data.check import WARNING, run_checks
from explorer.data.citations import format_citation
from explorer.data.db import Store
from explorer.data.importing.engine import run_import
from explorer.data.query import fetch_rows
from explorer.data.filters import Filter
from explorer.data.citations import citation_for
from explorer.data.tables import PROVENANCE, SOURCES, TRADE
from explorer.data.trade import growth_checks
from explorer.data import trade_series as ts
from explorer.data.units import Rates

DOC003 = "003_5cf011a87278cc00.txt"
HEADER = "period,measure,reporter,partner,flow,value,unit,status,topic,quote,document\n"
INVENTED = "Trade reached a record 240.11 billion dollars"


@pytest.fixture
def mini(tmp_path, mini_bundled_path) -> sqlite3.Connection:
    conn = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()
    yield conn
    conn.close()


def _import(conn, tmp_path, body: str, name: str = "edited.csv", **kw):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return run_import(conn, path, dataset="trade", **kw)


def _edited_row(document: str = "Sino-Russian Sub-Regional Cooperation") -> str:
    return f"2023,value,China,Russia,total,2401.1,hundred million USD,actual,trade,{INVENTED},{document}\n"


@pytest.mark.parametrize("named", ["Sino-Russian Sub-Regional Cooperation", DOC003, "003_5cf011a87278cc00"])
def test_a_named_document_is_stored_as_the_rows_claim(mini, tmp_path, named):
    _import(mini, tmp_path, _edited_row(named))
    row = mini.execute("SELECT doc_id, claimed_doc, quote, source_file, source_row FROM main.trade_figures").fetchone()
    assert row == (None, DOC003, INVENTED, "edited.csv", 2)


def test_a_document_name_no_document_has_is_kept_as_written(mini, tmp_path):
    _import(mini, tmp_path, _edited_row("My own notes, p. 4").replace("My own notes, p. 4", '"My own notes, p. 4"'))
    assert mini.execute("SELECT doc_id, claimed_doc FROM main.trade_figures").fetchone() == (None, "My own notes, p. 4")


def test_the_sources_pane_counts_no_imported_row_for_the_document(mini, tmp_path):
    def drawn() -> int:
        (row,) = [r for r in fetch_rows(mini, SOURCES) if r[0] == DOC003]
        return row[1 + SOURCES.keys.index("rows_drawn")]

    before = drawn()
    _import(mini, tmp_path, _edited_row())
    assert drawn() == before


def test_the_citation_names_the_file_row_and_claim_and_marks_the_quote(mini, tmp_path):
    _import(mini, tmp_path, _edited_row())
    (row,) = [r for r in fetch_rows(mini, TRADE) if str(r[0]).startswith("imp")]
    prov = dict(zip(PROVENANCE, row[1 + len(TRADE.columns):]))
    c = citation_for(mini, prov)
    assert format_citation(c, "plain") == (
        "Imported from edited.csv, row 2 (claims: “Sino-Russian Sub-Regional Cooperation”).\n"
        f"Quote as given in the import: “{INVENTED}”\n"
        "Figure: 2401.1 hundred million USD, 2023")
    assert format_citation(c, "chicago").startswith("Imported from edited.csv, row 2 (claims:")
    assert "Arctic Institute" not in format_citation(c, "chicago")
    assert c.as_text() == "Imported from edited.csv, row 2 (claims: “Sino-Russian Sub-Regional Cooperation”)."


def test_a_file_row_is_cited_as_imported_even_if_it_carries_a_doc_id(mini):
    """A row written by an older version (doc_id set) is still cited as its file's."""
    c = citation_for(mini, {"doc_id": DOC003, "quote": "q", "source_file": "old.csv", "source_row": 7})
    assert c.title is None and c.claimed_doc == DOC003
    assert format_citation(c).startswith("Imported from old.csv, row 7 (claims: “Sino-Russian")


def test_the_bilateral_chart_draws_the_import_as_its_own_series(mini, tmp_path):
    rates = Rates.load(mini)
    before = ts.bilateral(ts.fetch_figures(mini), growth_checks(mini), "USD bn", rates)
    _import(mini, tmp_path, _edited_row())
    after = ts.bilateral(ts.fetch_figures(mini), growth_checks(mini), "USD bn", rates)
    assert list(after.series) == ["Sino-Russian Sub-Regional Cooperation", "imported: edited.csv"]
    assert after.is_imported("imported: edited.csv") and not after.is_imported("Sino-Russian Sub-Regional Cooperation")
    assert [(b.figure.year, b.converted.value) for b in after.series["imported: edited.csv"]] == [(2023, 240.11)]
    # the document's own series and growth line are exactly what they were
    assert after.series["Sino-Russian Sub-Regional Cooperation"] == before.series["Sino-Russian Sub-Regional Cooperation"]
    assert [(g.year, g.reported, g.computed) for g in after.growth] == \
        [(g.year, g.reported, g.computed) for g in before.growth]
    # and the disagreement is flagged, both values given
    (conflict,) = after.conflicts
    assert (conflict.year, conflict.curated.converted.value, conflict.imported.converted.value) == (2023, 232.0, 240.11)


def test_growth_checks_never_pair_an_import_with_a_document(mini, tmp_path):
    before = {(g.period, g.value_id, g.growth_id, round(g.computed_pct, 4)) for g in growth_checks(mini)}
    _import(mini, tmp_path, _edited_row() + "2023,growth,China,Russia,total,1.9,%,actual,trade,,"
                                           "Sino-Russian Sub-Regional Cooperation\n")
    after = {(g.period, g.value_id, g.growth_id, round(g.computed_pct, 4)) for g in growth_checks(mini)}
    assert after == before


def test_a_file_of_its_own_gets_its_own_growth_check(mini, tmp_path):
    _import(mini, tmp_path, "2030,value,China,Russia,total,100,billion USD,actual,trade,,\n"
                            "2031,value,China,Russia,total,150,billion USD,actual,trade,,\n"
                            "2031,growth,China,Russia,total,20,%,actual,trade,,\n", name="mine.csv")
    (g,) = [g for g in growth_checks(mini) if g.source_file == "mine.csv"]
    assert (g.period, g.computed_pct, g.reported_pct, g.source) == ("2031", 50.0, 20.0, "imported: mine.csv")


def test_check_flags_the_curated_and_imported_values_as_a_conflict(mini, tmp_path):
    _import(mini, tmp_path, _edited_row())
    found = [f for f in run_checks(mini) if f.code == "import_conflict"]
    assert [(f.severity, f.message) for f in found] == [(
        WARNING, "China–Russia total value 2023: imported 2,401.1 hundred million USD (edited.csv, row 2) "
                 f"but the curated data gives 2,320 ({DOC003}); both are shown")]


def test_the_same_value_imported_again_is_no_conflict(mini, tmp_path):
    _import(mini, tmp_path, "2023,value,China,Russia,total,2320,hundred million USD,actual,trade,,\n")
    assert not [f for f in run_checks(mini) if f.code == "import_conflict"]


def test_an_exported_trade_table_imports_back_without_a_document_id(mini, tmp_path):
    from explorer.data.export import export_table

    _import(mini, tmp_path, _edited_row())
    out = tmp_path / "trade.csv"
    export_table(mini, TRADE, out)
    summary = run_import(mini, out, dataset="trade")
    assert summary.added == 0                         # every row is already there
    assert mini.execute("SELECT count(*) FROM main.trade_figures WHERE doc_id IS NOT NULL").fetchone()[0] == 0


def test_opening_an_older_workspace_turns_its_imported_documents_into_claims(tmp_path, mini_bundled_path):
    """A workspace written before claimed_doc existed: its imported rows' doc_id become claims."""
    from explorer.data.db import WORKSPACE_ONLY_SQL
    from explorer.data.schema import schema_sql

    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript(schema_sql().replace(", claimed_doc TEXT", "") + WORKSPACE_ONLY_SQL)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO trade_figures(figure_id, topic, measure, reporter, partner, period, value, unit, status, "
                "doc_id, quote, import_id, source_file, source_row) VALUES ('imp1-2', 'trade', 'value', 'china', "
                "'russia', '2023', 2401.1, 'hundred million USD', 'actual', ?, 'mine', 1, 'edited.csv', 2)", (DOC003,))
    old.execute("INSERT INTO imports(import_id, file_name, dataset, imported_at) VALUES (1, 'edited.csv', 'trade', "
                "'2026-01-01'), (2, 'again.csv', 'trade', '2026-01-02')")
    old.execute("INSERT INTO import_replaced(import_id, table_name, row_json) VALUES (2, 'trade_figures', ?)",
                (f'{{"figure_id": "imp1-3", "import_id": 1, "source_file": "edited.csv", "doc_id": "{DOC003}"}}',))
    old.commit()
    old.close()
    conn = Store(path, mini_bundled_path).connect()
    try:
        assert conn.execute("SELECT doc_id, claimed_doc FROM main.trade_figures").fetchone() == (None, DOC003)
        assert conn.execute("SELECT json_extract(row_json, '$.doc_id'), json_extract(row_json, '$.claimed_doc') "
                            "FROM import_replaced").fetchone() == (None, DOC003)
        assert [f.series_name for f in ts.fetch_figures(conn, Filter(facets={"period": "2023"}))
                if f.imported] == ["imported: edited.csv"]
    finally:
        conn.close()


def test_every_trade_figure_the_curated_data_gives_otherwise_is_paired(mini, tmp_path):
    _import(mini, tmp_path, _edited_row() + "2022,growth,China,Russia,total,30.1,%,actual,trade,,\n"
                                            "2022,value,China,Russia,total,1905.7,hundred million USD,actual,trade,,\n")
    pairs = ts.conflicts_with_curated(ts.fetch_figures(mini))
    assert sorted((i.period, i.measure, i.value, c.key) for i, c in pairs) == [
        ("2022", "growth", 30.1, "tf-2022-growth"), ("2023", "value", 2401.1, "tf-2023-value")]
