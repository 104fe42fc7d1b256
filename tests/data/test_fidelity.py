"""Issue 16: document 001's date, the sources and items added, the conflicts
revised and recorded, check's one line per mismatch, citations that say what
was inferred, and exports that carry everything the window knows."""
from __future__ import annotations

import csv

import pytest

from explorer.data.check import ERROR, damage, growth, run_checks
from explorer.data.citations import chicago, plain
from explorer.data.conflicts import RowRef, load_conflicts, marks, pane_rows, statements
from explorer.data.export import NOTES_COLUMN, export_all, export_pane
from explorer.data.query import fetch_rows
from explorer.data.filters import Filter, Order
from explorer.data.citations import citation_for
from explorer.data.panes import spec_named
from explorer.data.tables import PROVENANCE, TRADE

DOC001 = "001_4906a8975da5dd6e.txt"


def one(conn, sql, *params):
    return conn.execute(sql, params).fetchone()


# -- document 001 ---------------------------------------------------------------------------------

def test_document_001_is_dated_september_2019_with_its_reasons(conn):
    published, precision, inferred = one(
        conn, "SELECT published, published_precision, inferred FROM all_documents WHERE doc_id = ?", DOC001)
    assert (published, precision) == ("2019-09", "month")
    for reason in ("2018 growth in trade", "and Arctic", "The regional capital is Vladivostok",
                   "27 years", "signed yesterday", "September 2019"):
        assert reason in inferred


@pytest.mark.parametrize("sql, expected", [
    ("SELECT date FROM all_events WHERE event_id = 'ev-memo2018-signed-doc001'", "2019-09"),
    ("SELECT date FROM all_events WHERE event_id = 'ev-pm-meeting-moscow-2019-09'", "2019-09"),
    ("SELECT date FROM all_events WHERE event_id = 'ev-li-putin-meeting-2019-09'", "2019-09"),
    ("SELECT date FROM all_events WHERE event_id = 'ev-tongjiang-bridge-doc001-completed'", "2019-09"),
    ("SELECT date FROM all_events WHERE event_id = 'ev-cn-ru-trade-target-200bn-5y'", "2024"),
    ("SELECT period FROM all_trade_figures WHERE figure_id = 'tf-cn-ru-target-200bn-5y'", "2024"),
    ("SELECT period FROM all_trade_figures WHERE figure_id = 'tf-cn-ru-target-growth-20pa'", "2020/2024"),
    ("SELECT period FROM all_trade_figures WHERE figure_id = 'tf-rfe-share-fdi'", "2019"),
])
def test_rows_inheriting_document_001s_date_are_redated(conn, sql, expected):
    assert one(conn, sql)[0] == expected


def test_no_row_of_document_001_keeps_the_old_date(conn):
    for table, column in (("events", "date"), ("trade_figures", "period"), ("institutions", "established")):
        old = conn.execute(f"SELECT count(*) FROM all_{table} WHERE doc_id = ? AND {column} LIKE '2018-11%'",
                           (DOC001,)).fetchone()[0]
        assert old == 0, table
        notes = [n for (n,) in conn.execute(f"SELECT inferred FROM all_{table} WHERE doc_id = ?", (DOC001,)) if n]
        assert not [n for n in notes if "⇒ November 2018" in n or "Nov 2018, inferred" in n], table


# -- conflicts --------------------------------------------------------------------------------------

def conflict(conn, cid):
    return {c.conflict_id: c for c in load_conflicts(conn)}.get(cid)


def test_conflicts_built_on_the_old_date_are_revised(conn):
    assert conflict(conn, "cf-doc001-2018-growth-before-year-end") is None
    assert "September 2019" in conflict(conn, "cf-tongjiang-bridge-date").description
    arithmetic = conflict(conn, "cf-20pct-vs-200bn-in-5-years")
    assert "2019→2024" in arithmetic.description and "2020–2024" in arithmetic.description
    assert RowRef("trade_figures", "tf-cn-ru-trade-2024") in arithmetic.refs


def test_the_two_missing_contradictions_are_recorded(conn):
    memo = conflict(conn, "cf-memorandum-signing-date")
    assert memo.severity == "warning"
    assert {RowRef("events", "ev-memo2018-signed-doc001"), RowRef("events", "ev-memo2018-signed-doc003")} <= set(memo.refs)
    quotes = {s.quote for s in statements(conn, memo)}
    assert "according to a memorandum signed yesterday by the two countries" in quotes
    assert any("signed together with the Development Plan (2018-2024)" in (q or "") for q in quotes)
    ropeway = conflict(conn, "cf-ropeway-operation-vs-main-construction")
    assert RowRef("corridors", "heihe-blagoveshchensk-ropeway") in ropeway.refs


def test_the_ropeway_is_not_marked_operating(conn):
    assert one(conn, "SELECT status FROM all_corridors WHERE corridor_id = 'heihe-blagoveshchensk-ropeway'")[0] != "operating"
    events = {e for (e,) in conn.execute(
        "SELECT event FROM all_events WHERE subject_id = 'heihe-blagoveshchensk-ropeway'")}
    assert "operating" not in events


@pytest.mark.parametrize("event_id, item", [
    ("ev-nizhneleninskoye-tongjiang-bridge-status-2025-04", "the Nizhneleninskoye – Tongjiang Railway Bridge"),
    ("ev-heihe-blagoveshchensk-ropeway-status-2025-04", "the Heihe-Blagoveshchensk Cross-Border Ropeway"),
])
def test_april_2025_status_rows_quote_the_clause_naming_their_item(conn, event_id, item):
    quote = one(conn, "SELECT quote FROM all_events WHERE event_id = ?", event_id)[0]
    assert quote.startswith("As of April 2025") and item in quote


# -- sources and items ------------------------------------------------------------------------------

@pytest.mark.parametrize("sql, words", [
    ("SELECT original_source FROM all_events WHERE event_id = 'ev-harbin-fair-2023-06-15'", ("TASS", "Stupnitsky")),
    ("SELECT original_source FROM all_events WHERE event_id = 'ev-shenyang-conference-2023-10'", ("Chinese state media",)),
    ("SELECT original_source FROM all_institutions WHERE inst_id = 'arctic-policy-2020'", ("SIPRI", "6 April 2020")),
    ("SELECT original_source FROM all_institutions WHERE inst_id = 'arctic-policy-2035'", ("SIPRI", "accessed 12 April 2025")),
    ("SELECT original_source FROM all_events WHERE event_id = 'ev-joint-statement-released-2025-05-09'",
     ("Ministry of Foreign Affairs", "footnote 6", "accessed 14 May 2025")),
    ("SELECT original_source FROM all_corridors WHERE corridor_id = 'china-russia-cross-border-transport-corridor'",
     ("Ministry of Foreign Affairs",)),
    ("SELECT original_source FROM all_trade_figures WHERE figure_id = 'tf-cn-ru-trade-2023'",
     ("MOFCOM", "accessed 30 April 2025")),
    ("SELECT original_source FROM all_trade_figures WHERE figure_id = 'tf-liaoning-export-growth-2023-01-09'", ("Reuters",)),
    ("SELECT original_source FROM all_trade_figures WHERE figure_id = 'tf-primorye-china-share-export-2022'",
     ("RT News", "BRICS Information Portal")),
])
def test_original_sources_are_on_their_rows(conn, sql, words):
    source = one(conn, sql)[0]
    assert all(w in source for w in words), source


@pytest.mark.parametrize("sql", [
    "SELECT 1 FROM all_events WHERE event_id = 'ev-primorye-seeks-chinese-partners-2023-06' AND date = '2023-06'",
    "SELECT 1 FROM all_places WHERE quote = 'The regional capital is Vladivostok.'",
    "SELECT 1 FROM all_institutions WHERE quote LIKE '%free land use rights to investors using fallow arable land%'",
    "SELECT 1 FROM all_events WHERE quote LIKE 'During the six years of the implementation%'",
    "SELECT 1 FROM all_events WHERE event_id = 'ev-russia-turn-east-2022' AND date = '2022'",
    "SELECT 1 FROM all_places WHERE place_id = 'liaoning' AND quote LIKE '%comprising the provinces of Liaoning%'",
])
def test_items_not_recorded_before_are_there(conn, sql):
    assert one(conn, sql) is not None


def test_the_three_northeast_provinces_belong_to_northeast_china(conn):
    parents = dict(conn.execute(
        "SELECT place_id, parent_id FROM all_places WHERE place_id IN ('liaoning', 'heilongjiang', 'jilin-province')"))
    assert parents == dict.fromkeys(("liaoning", "heilongjiang", "jilin-province"), "northeast-china")


# -- check ------------------------------------------------------------------------------------------

def test_each_growth_mismatch_is_printed_once_with_one_sign_and_severity(conn):
    found = [f for f in run_checks(conn) if f.code == "growth_mismatch"]
    for year in ("2022", "2023", "2024"):
        lines = [f for f in found if f"for {year}" in f.message or f" {year}:" in f.message]
        assert len(lines) == 1, (year, lines)
        assert "percentage points" not in lines[0].message and "+" not in lines[0].message.split("computed =")[1][:3]
    assert not growth(conn)          # every computed mismatch is a recorded conflict already


def test_conflicts_recorded_as_error_print_as_errors_but_are_not_damage(conn):
    findings = run_checks(conn)
    recorded_errors = {f.message.split(":")[0] for f in findings if f.recorded and f.severity == ERROR}
    assert {"cf-table-growth-2023", "cf-table-growth-2024", "cf-tongjiang-bridge-date"} <= recorded_errors
    assert damage(findings) == []


# -- citations --------------------------------------------------------------------------------------

def citation_of(conn, spec_name, key):
    spec = spec_named(spec_name)
    row = next(r for r in fetch_rows(conn, spec, Filter(), Order()) if r[0] == key)
    at = 1 + len(spec.columns)
    return citation_for(conn, dict(zip(PROVENANCE, row[at:at + len(PROVENANCE)])))


def test_copied_citation_says_the_date_was_inferred_and_names_the_figure(conn):
    c = citation_of(conn, "trade", "tf-cn-ru-target-200bn-5y")
    for text in (plain(c), chicago(c)):
        assert "(inferred: document undated" in text
        assert "Figure: US$200 billion (200 billion USD), 2024 (inferred: target year" in text
    assert "September 2019 (inferred:" in chicago(c) and "2019-09 (inferred:" in plain(c)


def test_chicago_has_no_nested_double_quotes_and_no_affiliation_as_author(conn):
    c = citation_of(conn, "trade", "tf-cn-ru-trade-2023")
    text = chicago(c).split("\n")[0]
    assert text.startswith("Li Xiaoning. “Sino-Russian Sub-Regional Cooperation")
    assert "From ‘Border Economic Belt’ to ‘Strategic Cooperation Engine’.”" in text
    assert text.count("“") == 1 and "Ocean University" not in text
    assert "Figure: 2320 hundred million USD, 2023" in chicago(c)


# -- exports ----------------------------------------------------------------------------------------

def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_carries_milestones_of_institutions_and_energy(conn, tmp_path):
    export_all(conn, tmp_path)
    institutions = {(r["date"], r["subject"]) for r in read_csv(tmp_path / "institutions_milestones.csv")}
    assert ("2023-06-15", "Harbin International Economic and Trade Fair") in institutions
    assert ("2024-11-25", "China-Russia Arctic Shipping Lanes Cooperation Sub-committee") in institutions
    energy = {(r["date"], r["event"]) for r in read_csv(tmp_path / "energy_milestones.csv")}
    assert ("2024-12-02", "completed") in energy


def test_trade_export_keeps_wording_source_precision_and_hedge(conn, tmp_path):
    export_all(conn, tmp_path)
    rows = {r["value_text"]: r for r in read_csv(tmp_path / "trade.csv")}
    assert rows["nearly a third"]["approx"] == "nearly" and rows["nearly a third"]["value"] == "33.3"
    assert "rose strongly" in rows
    table = next(r for r in rows.values() if r["period"] == "2023" and r["value"] == "2320")
    assert "MOFCOM" in table["original_source"] and table["period_precision"] == "year"
    target = next(r for r in rows.values() if r["value_text"] == "US$200 billion")
    assert target["period"] == "2024" and target["inferred"].startswith("target year")


def test_numeric_columns_of_an_export_hold_numbers_only(conn, tmp_path):
    export_all(conn, tmp_path)
    rows = read_csv(tmp_path / "trade.csv")
    numeric = [c.key for c in TRADE.columns if c.numeric]
    for r in rows:
        for key in numeric:
            if r[key]:
                float(r[key])
    noted = [r for r in rows if r[NOTES_COLUMN]]
    assert noted and all(r["value_normalised"] == "" for r in noted)
    assert any("cannot convert" in r[NOTES_COLUMN] for r in noted)


@pytest.mark.parametrize("pane", ["trade", "corridors", "energy", "institutions", "sources"])
def test_every_pane_exports_xlsx(conn, tmp_path, pane):
    from openpyxl import load_workbook

    path = tmp_path / f"{pane}.xlsx"
    written = export_pane(conn, spec_named(pane), path)
    assert written[path] > 0
    book = load_workbook(path)
    assert book.worksheets[0].max_row == written[path] + 1
    if pane in ("energy", "institutions"):
        assert any(s.title.endswith("milestones") for s in book.worksheets)


def test_csv_pane_export_writes_milestones_beside_it(conn, tmp_path):
    written = export_pane(conn, spec_named("institutions"), tmp_path / "inst.csv")
    assert set(written) == {tmp_path / "inst.csv", tmp_path / "inst_milestones.csv"}


# -- marks -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("pane, key", [
    ("trade", "tf-cn-ru-trade-growth-2023"), ("corridors", "ev-tongjiang-bridge-doc001-completed"),
    ("energy", "ef-power-of-siberia-38-plan"), ("institutions", "memo-investment-offices-2018"),
    ("sources", "002_752a1cf9cab4cb1c.txt"),
])
def test_every_pane_has_conflicted_rows(conn, pane, key):
    assert key in marks(conn)[pane]


def test_every_conflict_reaches_a_pane_row(conn):
    unreachable = [c.conflict_id for c in load_conflicts(conn)
                   if not any(pane_rows(conn, r) for r in c.refs)]
    assert unreachable == []


# -- gazetteer --------------------------------------------------------------------------------------

def test_city_coordinates_cite_a_geonames_id(conn):
    import re

    cited = dict(conn.execute("SELECT place_id, coord_source FROM all_places WHERE kind = 'city'"))
    by_id = {p: re.search(r"geonameid (\d+)", s or "") for p, s in cited.items()}
    assert by_id["heihe"].group(1) == "2036973" and by_id["vladivostok"].group(1) == "2013348"
    assert by_id["blagoveshchensk"].group(1) == "2026609"        # the Amur city, not the one in Bashkortostan
    assert sum(m is not None for m in by_id.values()) >= 20
    assert "general gazetteer knowledge" not in cited["heihe"]


def test_chart_footers_say_the_document_date_was_inferred(conn):
    from explorer.data.corridors import citation_footer

    (line,) = citation_footer(conn, {DOC001})
    assert line.startswith("Source: Chris Devonshire-Ellis, “Russia’s Far East Opens Up")
    assert "2019-09 (date inferred from the document's text)" in line
    assert "2019-09 (date inferred" in citation_for(conn, {"doc_id": DOC001}).as_text()
    assert "inferred" not in citation_footer(conn, {"000_d5b8911d7a96517b.txt"})[0]   # a dated document


def test_check_command_prints_recorded_errors_as_errors_and_exits_zero(bundled_path, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "AMUR_BUNDLED_DB": str(bundled_path), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("AMUR_WORKSPACE", None)
    result = subprocess.run([sys.executable, "-m", "explorer", "--db", str(tmp_path / "ws.sqlite"), "check"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "[error] growth_mismatch: cf-table-growth-2023:" in out
    assert "[info] growth_mismatch: cf-table-growth-2022:" in out
    assert out.count("2023 2320") + out.count("2023: reported") <= 1
    assert sum("4.9%" in line and "growth_mismatch" in line for line in out.splitlines()) == 1
    assert out.rstrip().splitlines()[-1].startswith("0 error(s)")


def test_every_place_with_coordinates_names_its_geonames_id_or_says_why_not(conn):
    """Not only the cities: a country, province, town, port or region with a point on the map
    cites its GeoNames id, or says why it has none; none rests on 'general knowledge'."""
    import re

    rows = conn.execute("SELECT place_id, kind, coord_source FROM all_places WHERE lat IS NOT NULL").fetchall()
    unexplained = [p for p, _, s in rows
                   if not re.search(r"GeoNames geonameid \d+", s or "") and not (s or "").startswith("no GeoNames id: ")]
    assert unexplained == []
    assert not [p for p, _, s in rows if "general gazetteer knowledge" in (s or "")]
    ids = {p: re.search(r"geonameid (\d+)", s or "") for p, _, s in rows}
    assert ids["china"].group(1) == "1814991" and ids["russia"].group(1) == "2017370"
    assert ids["heilongjiang"].group(1) == "2036965" and ids["primorsky-krai"].group(1) == "2017623"
    assert ids["suifenhe"].group(1) == "2034657"
    assert all(ids[p] for p, kind, _ in rows if kind in ("country", "province", "krai", "oblast"))


def test_published_pane_tables_hold_numbers_only_and_carry_the_milestones(conn, tmp_path):
    """The published database's pane tables follow the exports: a numeric column holds numbers
    (the 2030 rouble figure's 'no rate … cannot convert' goes to numeric_notes) and each pane's
    milestones are a table of their own (pane_energy_milestones has the 2 December 2024 completion)."""
    import json
    import sqlite3

    from explorer.data.publish import DB_NAME, publish

    publish(conn, tmp_path / "pub")
    db = sqlite3.connect(tmp_path / "pub" / f"{DB_NAME}.db")
    for key in [c.key for c in TRADE.columns if c.numeric]:
        assert db.execute(f'SELECT count(*) FROM pane_trade WHERE typeof("{key}") = \'text\'').fetchone()[0] == 0, key
    note = db.execute(f"SELECT {NOTES_COLUMN} FROM pane_trade WHERE value_text = '91 billion rubles'").fetchone()[0]
    assert note.startswith("value_normalised: no rate for 2030") 
    assert db.execute("SELECT count(*) FROM pane_energy_milestones WHERE date = '2024-12-02'").fetchone()[0] >= 1
    assert db.execute("SELECT count(*) FROM pane_institutions_milestones WHERE date = '2023-06-15' "
                      "AND subject = 'Harbin International Economic and Trade Fair'").fetchone()[0] == 1
    tables = json.loads((tmp_path / "pub" / "metadata.json").read_text(encoding="utf-8"))["databases"][DB_NAME]["tables"]
    assert tables["pane_trade_milestones"]["title"] and NOTES_COLUMN in tables["pane_trade"]["columns"]


def test_exports_name_the_recorded_conflicts_of_each_row(conn, tmp_path):
    """What the window marks, the export says: the conflicts column of a row in a recorded
    conflict names it with its severity; other rows leave it empty."""
    from explorer.data.export import CONFLICTS_COLUMN

    export_all(conn, tmp_path)
    trade = {(r["period"], r["measure"], r["value"]): r[CONFLICTS_COLUMN] for r in read_csv(tmp_path / "trade.csv")}
    assert trade[("2023", "growth", "4.9")].startswith("cf-table-growth-2023 (error, growth mismatch): Doc 003")
    assert trade[("2018", "growth", "25")] == ""            # the 2018-growth conflict no longer holds
    milestones = {r["description"]: r[CONFLICTS_COLUMN] for r in read_csv(tmp_path / "institutions_milestones.csv")}
    signed = next(v for k, v in milestones.items() if k.startswith("Memorandum on mutually opening"))
    assert "cf-memorandum-signing-date (warning, date conflict)" in signed
    corridors = [r for r in read_csv(tmp_path / "corridors.csv") if r["date"] == "2019-09"]
    assert corridors and all("cf-tongjiang-bridge-date (error" in r[CONFLICTS_COLUMN] for r in corridors)
    marked = sum(bool(r[CONFLICTS_COLUMN]) for r in read_csv(tmp_path / "trade.csv"))
    assert marked == len(marks(conn)["trade"])


def test_exports_give_each_rows_document_date_and_say_when_it_was_inferred(conn, tmp_path):
    """An undated document's inferred date reaches every export row drawn from it, marked as
    inferred ('2019-09 (date inferred from the document's text)'); a dated one is given as is."""
    from explorer.data.export import DOCUMENT_DATE_COLUMN

    export_all(conn, tmp_path)
    energy = read_csv(tmp_path / "energy.csv")
    assert {r[DOCUMENT_DATE_COLUMN] for r in energy} == {"2025 (date inferred from the document's text)"}
    trade = {r["value_text"]: r[DOCUMENT_DATE_COLUMN] for r in read_csv(tmp_path / "trade.csv")}
    assert trade["about 25%"] == "2019-09 (date inferred from the document's text)"
    assert trade["over 57%"] == "2023-06-16"
    milestones = read_csv(tmp_path / "institutions_milestones.csv")
    harbin = next(r for r in milestones if r["date"] == "2023-06-15")
    assert harbin[DOCUMENT_DATE_COLUMN] == "2023-06-16"
    assert DOCUMENT_DATE_COLUMN not in read_csv(tmp_path / "sources.csv")[0]     # there it is its own columns
