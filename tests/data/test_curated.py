"""The curated data: every row cites its document with a verbatim quote."""
from __future__ import annotations

import csv

import pytest

from explorer.data.schema import CURATED_TABLES, curated_columns
from tests.conftest import REPO, SEEDS

DB_DIR = REPO / "db"
CITED_TABLES = ("trade_figures", "corridors", "corridor_places", "energy_assets", "energy_figures",
                "institutions", "institution_relations", "events", "conflicts", "places")


def _rows(table: str) -> list[dict]:
    path = DB_DIR / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_curated_file_matches_the_schema():
    files = sorted(DB_DIR.glob("*.csv"))
    assert files, "no curated CSV files in db/"
    for path in files:
        assert path.stem in CURATED_TABLES, f"{path.name} is not a table of the schema"
        with path.open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == list(curated_columns(path.stem)), path.name


def test_five_documents_are_described():
    docs = {r["doc_id"]: r for r in _rows("documents")}
    assert len(docs) == 5
    if SEEDS.exists():
        assert set(docs) == {p.name for p in SEEDS.glob("*.txt")}
    assert all(r["title"] and r["publisher"] and r["published"] and r["published_precision"] for r in docs.values())


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the checkout")
@pytest.mark.parametrize("table", CITED_TABLES)
def test_every_quote_is_verbatim_from_its_document(table):
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    bad = []
    for row in _rows(table):
        if table == "places" and not row.get("quote"):
            continue
        doc, quote = row.get("doc_id"), row.get("quote")
        if not doc or not quote or doc not in texts or quote not in texts[doc]:
            bad.append((next(iter(row.values())), doc, (quote or "")[:60]))
    assert not bad, f"{len(bad)} {table} rows whose quote is not in their document: {bad[:5]}"


@pytest.mark.parametrize("table", ["trade_figures", "energy_figures", "events"])
def test_dates_are_iso_at_their_precision(table):
    import re

    date_col, prec_col = ("period", "period_precision") if table == "trade_figures" else ("date", "date_precision")
    shapes = {"year": r"\d{4}", "quarter": r"\d{4}-Q[1-4]", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}"}
    for row in _rows(table):
        value, precision = row[date_col], row[prec_col]
        if not value:
            continue
        assert precision in shapes, (table, row)
        shape = shapes[precision]
        assert re.fullmatch(f"{shape}(/{shape})?", value), (table, value, precision)


def test_figures_have_units_and_status():
    for row in _rows("trade_figures"):
        assert row["unit"] and row["status"] and row["measure"], row["figure_id"]
    for row in _rows("energy_figures"):
        assert row["unit"] and row["measure"], row["figure_id"]


def test_places_have_three_scripts_and_coordinates():
    rows = _rows("places")
    assert len(rows) >= 30
    for row in rows:
        assert row["name_en"] and row["name_ru"] and row["name_zh"], row["place_id"]
        if row["kind"] in ("city", "port", "border_crossing"):
            assert row["lat"] and row["lon"] and row["coord_source"], row["place_id"]
