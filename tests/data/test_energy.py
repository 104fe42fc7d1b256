"""Energy figures: capacities by commodity and unit, conversion only with a
stated factor, volumes and effects kept apart, exports."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from explorer.data import energy
from explorer.data.export import export_xlsx
from explorer.data.filters import Filter
from explorer.data.tables import ENERGY

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini_curated"
DOC = "003_5cf011a87278cc00.txt"

PLACES = [
    ("taishet", "Taishet", 55.94, 98.0),
    ("skovorodino", "Skovorodino", 53.98, 123.94),
    ("kozmino", "Kozmino", 42.73, 133.03),
]
ASSETS = [
    # asset_id, name, kind, commodity, parent, from, to, status
    ("espo", "Eastern Siberia–Pacific Ocean oil pipeline", "pipeline", "oil", "", "taishet", "kozmino", "operating"),
    ("espo-1", "Taishet–Skovorodino section", "segment", "oil", "espo", "taishet", "skovorodino", "operating"),
    ("espo-2", "Skovorodino–Kozmino section", "segment", "oil", "espo", "skovorodino", "kozmino", "operating"),
    ("pos", "Power of Siberia", "pipeline", "gas", "", "", "", "operating"),
    ("skv", "Sakhalin–Khabarovsk–Vladivostok", "pipeline", "gas", "", "", "", "operating"),
    ("east", "China–Russia Eastern Route", "pipeline", "gas", "", "", "", "completed"),
    ("lng-x", "Test LNG plant", "project", "gas", "", "russia", "china", "proposed"),
]
FIGURES = [
    # figure_id, asset, measure, value, unit, approx, date, status
    ("ef-espo1-80", "espo-1", "expanded_capacity", "80", "Mt/yr", "", "", "planned"),
    ("ef-espo2-50", "espo-2", "expanded_capacity", "50", "Mt/yr", "", "", "planned"),
    ("ef-pos-38", "pos", "design_capacity", "38", "bcm/yr", "", "", "design"),
    ("ef-pos-max", "pos", "achieved_max_capacity", "38", "bcm/yr", "", "2024-12", "actual"),
    ("ef-skv-28", "skv", "design_capacity", "28.04", "bcm/yr", "", "", "design"),
    ("ef-lng-5", "lng-x", "planned_capacity", "5", "Mt LNG/yr", "", "", "planned"),
    ("ef-east-cum", "east", "cumulative_volume", "90", "bcm", "exceeded", "2025-02-25", "actual"),
    ("ef-east-co2", "east", "emissions_avoided", "164", "Mt CO2/yr", "", "", "actual"),
    ("ef-east-so2", "east", "emissions_avoided", "1.82", "Mt SO2/yr", "", "", "actual"),
]
QUOTE = "Power of Siberia"


def write_energy_curated(dest: Path) -> Path:
    """mini_curated with a fuller set of energy rows (test data, not the documents)."""
    shutil.copytree(MINI, dest)
    places = (dest / "places.csv").read_text(encoding="utf-8")
    # countries with centroids: a pipeline between two countries must still not be drawn
    places = places.replace("china,China,Китай,中国,country,CN,,,,", "china,China,Китай,中国,country,CN,,35.86,104.2,")
    places = places.replace("russia,Russia,Россия,俄罗斯,country,RU,,,,", "russia,Russia,Россия,俄罗斯,country,RU,,61.5,105.3,")
    (dest / "places.csv").write_text(places, encoding="utf-8")
    with (dest / "places.csv").open("a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        for pid, name, lat, lon in PLACES:
            w.writerow([pid, name, "", "", "city", "RU", "", lat, lon, "test", "", ""])
    with (dest / "energy_assets.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["asset_id", "name_en", "name_ru", "name_zh", "kind", "commodity", "parent_id",
                    "from_place", "to_place", "status", "description", "doc_id", "quote", "original_source"])
        for a in ASSETS:
            w.writerow([a[0], a[1], "", "", a[2], a[3], a[4], a[5], a[6], a[7], "", DOC, QUOTE, ""])
    with (dest / "energy_figures.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["figure_id", "asset_id", "measure", "value", "value_text", "unit", "approx", "date",
                    "date_precision", "status", "description", "inferred", "doc_id", "quote",
                    "original_source"])
        for f in FIGURES:
            prec = {0: "", 7: "month", 10: "day"}[len(f[6])]
            w.writerow([f[0], f[1], f[2], f[3], f"{f[3]} as written", f[4], f[5], f[6], prec, f[7], "", "",
                        DOC, f"quote of {f[0]}", ""])
    return dest


@pytest.fixture(scope="session")
def energy_bundled(tmp_path_factory) -> Path:
    from explorer.data.build import build

    src = write_energy_curated(tmp_path_factory.mktemp("energy") / "curated")
    out = src.parent / "energy.sqlite"
    build(out, src)
    return out


@pytest.fixture
def econn(energy_bundled, tmp_path):
    from explorer.data.db import Store

    c = Store(workspace=tmp_path / "ws.sqlite", bundled=energy_bundled).connect()
    yield c
    c.close()


def test_capacities_grouped_by_commodity_and_unit_never_mixed(econn):
    groups = energy.capacity_groups(energy.fetch_figures(econn))
    assert set(groups) == {("oil", "Mt/yr"), ("gas", "bcm/yr"), ("gas", "Mt LNG/yr")}
    assert {f.figure_id for f in groups[("oil", "Mt/yr")]} == {"ef-espo1-80", "ef-espo2-50"}
    assert all(f.unit == "bcm/yr" for f in groups[("gas", "bcm/yr")])
    every_capacity = {f[0] for f in FIGURES if f[2].endswith("capacity")}
    assert {f.figure_id for g in groups.values() for f in g} == every_capacity


def test_volumes_and_effects_are_not_capacities(econn):
    others = energy.other_figures(energy.fetch_figures(econn))
    assert {f.figure_id for f in others} == {"ef-east-cum", "ef-east-co2", "ef-east-so2"}
    cum = next(f for f in others if f.figure_id == "ef-east-cum")
    assert cum.value_label() == "exceeded 90 bcm"
    assert "2025-02-25" in cum.hover_text()
    assert "As written: “90 as written”" in cum.hover_text()


def test_conversion_uses_the_given_factor_and_never_guesses(econn):
    caps = energy.fetch_figures(econn)
    factors = energy.with_factor(energy.DEFAULT_FACTORS, "gas|bcm/yr", 0.5)
    conv = {c.figure.figure_id: c for c in energy.convert_capacities(caps, factors)}
    assert conv["ef-skv-28"].value == pytest.approx(28.04 * 0.5)
    assert conv["ef-espo1-80"].value == pytest.approx(80 * 1.0)
    assert conv["ef-lng-5"].value is None
    assert conv["ef-lng-5"].note == "no conversion factor for Mt LNG/yr"
    assert "ef-east-cum" not in conv           # volumes are never converted as capacities


def test_every_default_factor_is_cited_as_external_and_approximate():
    for f in energy.DEFAULT_FACTORS:
        assert "Statistical Review of World Energy" in f.source
        assert "approximate" in f.basis


def test_facet_filter_narrows_figures(econn):
    oil = energy.fetch_figures(econn, Filter(facets={"commodity": "oil"}))
    assert {f.figure_id for f in oil} == {"ef-espo1-80", "ef-espo2-50"}


def test_pipeline_links_have_coordinates_and_capacity(econn):
    links = {link.asset_id: link for link in energy.pipeline_links(econn)}
    assert set(links) == {"espo-1", "espo-2"}          # the parent is drawn as its segments
    assert links["espo-1"].capacity == 80 and links["espo-1"].unit == "Mt/yr"
    lon0, lat0, lon1, lat1 = energy.extent_of(links.values())
    assert lon0 < 98.0 and lon1 > 133.03 and lat0 < 42.73 and lat1 > 55.94
    assert links["espo-1"].from_lonlat == (98.0, 55.94)
    assert links["espo-1"].figure_id == "ef-espo1-80"
    widths = energy.line_widths(links.values())
    assert widths["espo-1"] > widths["espo-2"]
    assert "Power of Siberia" in energy.unplaced_assets(econn)
    assert "Test LNG plant" in energy.unplaced_assets(econn)       # countries are not ends on a map


def test_xlsx_export_neutralises_formulas(econn, tmp_path):
    econn.execute(
        "INSERT INTO main.energy_figures(figure_id, asset_id, measure, value, unit, description, source_file,"
        " source_row) VALUES ('imp-1', 'pos', 'design_capacity', 1, 'bcm/yr', '=HYPERLINK(\"x\")', 'x.csv', 2)")
    n = export_xlsx(econn, ENERGY, tmp_path / "energy.xlsx")
    assert n == len(FIGURES) + 1
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "energy.xlsx").active
    rows = list(ws.iter_rows())
    assert rows[0][0].value == "asset"
    column = [c.value for c in rows[0]].index("description")
    [evil] = [r[column] for r in rows[1:] if r[column].value == '=HYPERLINK("x")']   # the text, no apostrophe
    assert evil.data_type == "s" and evil.quotePrefix                               # a text cell, not a formula
    lines = energy.plotted_documents(econn, energy.fetch_figures(econn))
    assert any("Sino-Russian" in line for line in lines)
    assert "Source: imported from x.csv" in lines          # one format for every footer (explorer.data.citations)


def test_an_imported_capitalised_commodity_joins_the_curated_one(econn, tmp_path):
    """A pipeline file writing "Gas" (or " GAS ") gives no second gas chart, facet value or
    map colour: one commodity vocabulary, folded when read (issue 18)."""
    from explorer.data.importing.engine import run_import
    from explorer.data.query import distinct_values

    path = tmp_path / "pipelines.csv"
    path.write_text("asset,commodity,measure,value,unit,date,status\n"
                    "Test Gas Line,Gas,design_capacity,10,bcm/yr,2024,planned\n"
                    "Other Gas Line, GAS ,design_capacity,12,bcm/yr,2024,planned\n", encoding="utf-8")
    run_import(econn, path, dataset="energy")
    figures = energy.fetch_figures(econn)
    imported = [f for f in figures if f.asset in ("Test Gas Line", "Other Gas Line")]
    assert [f.commodity for f in imported] == ["gas", "gas"]
    groups = energy.capacity_groups(figures)
    assert set(groups) == {("oil", "Mt/yr"), ("gas", "bcm/yr"), ("gas", "Mt LNG/yr")}
    assert {"Test Gas Line", "Other Gas Line"} <= {f.asset for f in groups[("gas", "bcm/yr")]}
    assert distinct_values(econn, ENERGY, "commodity") == ["gas", "oil"]
    gas = energy.fetch_figures(econn, Filter(facets={"commodity": "gas"}))
    assert {"Test Gas Line", "Other Gas Line"} <= {f.asset for f in gas}
    assert energy.commodity_name("  Natural   GAS ") == "natural gas" and energy.commodity_name("") is None
