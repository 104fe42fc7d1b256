"""Curated ids across releases (issue 14): a release that renames a curated id
ships an alias, applied to the workspace when it is opened; check reports every
reference to an id that exists nowhere.

Two "releases" of the mini curated set: the first, with which the analyst
imported rows referring to its ids, and a second one that renamed heihe,
power-of-siberia, mofcom and the bridge corridor."""
from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest

from explorer.data.aliases import apply_aliases, dangling_references, read_aliases
from explorer.data.build import build
from explorer.data.check import ERROR, WARNING, run_checks
from explorer.data.db import Store
from explorer.data.importing.engine import run_import
from explorer.data.query import fetch_rows
from explorer.data.filters import Filter
from explorer.data.tables import ENERGY, TRADE
from tests.conftest import MINI

RENAMED = {"place": ("heihe", "heihe-city"), "asset": ("power-of-siberia", "power-of-siberia-1"),
           "institution": ("mofcom", "mofcom-prc"), "corridor": ("heihe-blagoveshchensk-bridge", "hb-highway-bridge")}
#: the id columns of each curated file
ID_COLUMNS = {"place": {("places", "place_id"), ("corridor_places", "place_id")},
              "asset": {("energy_assets", "asset_id"), ("energy_figures", "asset_id")},
              "institution": {("institutions", "inst_id")},
              "corridor": {("corridors", "corridor_id"), ("corridor_places", "corridor_id"),
                           ("events", "subject_id")}}


def _next_release(tmp_path: Path, aliases: list[tuple[str, str, str]]) -> Path:
    """The mini curated set with the ids in RENAMED renamed, and these alias rows."""
    src = tmp_path / "release2"
    shutil.copytree(MINI, src)
    for kind, (old, new) in RENAMED.items():
        for table, column in ID_COLUMNS[kind]:
            path = src / f"{table}.csv"
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                fields, rows = reader.fieldnames, list(reader)
            for row in rows:
                if row[column] == old:
                    row[column] = new
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fields)
                writer.writeheader()
                writer.writerows(rows)
    with (src / "id_aliases.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([("kind", "old_id", "new_id", "release"), *aliases])
    out = tmp_path / "release2.sqlite"
    build(out, src)
    return out


ALL_ALIASES = [(kind, old, new, "2.0") for kind, (old, new) in RENAMED.items()]


@pytest.fixture
def workspace(tmp_path, mini_bundled_path) -> Path:
    """A workspace whose imports refer to release 1's ids, by import and by hand-written rows."""
    path = tmp_path / "ws.sqlite"
    conn = Store(path, mini_bundled_path).connect()
    trade = tmp_path / "heihe.csv"
    trade.write_text("period,measure,reporter,partner,flow,value,unit,status,topic\n"
                     "2023,value,Heihe,Russia,total,5,billion USD,actual,trade\n", encoding="utf-8")
    run_import(conn, trade, dataset="trade")
    energy = tmp_path / "pos.csv"
    energy.write_text("asset,measure,value,unit,date,status\n"
                      "Power of Siberia,achieved_max_capacity,38.8,bcm/yr,2024,actual\n", encoding="utf-8")
    run_import(conn, energy, dataset="energy")
    with conn:
        conn.execute("INSERT INTO main.institution_relations(relation_id, from_id, relation, to_id, import_id, "
                     "source_file, source_row) VALUES ('imp9-2', 'mofcom', 'part_of', 'mofcom', 9, 'r.csv', 2)")
        conn.execute("INSERT INTO main.events(event_id, subject_type, subject_id, event, date, status, import_id, "
                     "source_file, source_row) VALUES ('imp9-3', 'corridor', 'heihe-blagoveshchensk-bridge', "
                     "'completed', '2022-05', 'actual', 9, 'r.csv', 3)")
        conn.execute("INSERT INTO main.corridor_places(corridor_id, seq, place_id, import_id, source_file, source_row) "
                     "VALUES ('heihe-blagoveshchensk-bridge', 3, 'heihe', 9, 'r.csv', 4)")
        conn.execute("INSERT INTO main.corridors(corridor_id, name_en, kind, provinces, import_id, source_file, "
                     "source_row) VALUES ('imp9-5', 'Amur ferry', 'passage', 'blagoveshchensk;heihe', 9, 'r.csv', 5)")
    conn.close()
    return path


def _references(conn) -> list[tuple]:
    return [conn.execute("SELECT reporter FROM main.trade_figures").fetchone()[0],
            conn.execute("SELECT asset_id FROM main.energy_figures").fetchone()[0],
            conn.execute("SELECT from_id, to_id FROM main.institution_relations").fetchone(),
            conn.execute("SELECT subject_id FROM main.events").fetchone()[0],
            conn.execute("SELECT corridor_id, place_id FROM main.corridor_places").fetchone(),
            conn.execute("SELECT provinces FROM main.corridors").fetchone()[0]]


def test_release_one_references_are_what_the_import_resolved(workspace, mini_bundled_path):
    conn = Store(workspace, mini_bundled_path).connect()
    try:
        assert _references(conn) == ["heihe", "power-of-siberia", ("mofcom", "mofcom"),
                                     "heihe-blagoveshchensk-bridge", ("heihe-blagoveshchensk-bridge", "heihe"),
                                     "blagoveshchensk;heihe"]
        assert dangling_references(conn) == []
    finally:
        conn.close()


def test_opening_with_a_release_that_ships_aliases_rewrites_every_reference(workspace, tmp_path):
    bundled = _next_release(tmp_path, ALL_ALIASES)
    conn = Store(workspace, bundled).connect()
    try:
        assert _references(conn) == ["heihe-city", "power-of-siberia-1", ("mofcom-prc", "mofcom-prc"),
                                     "hb-highway-bridge", ("hb-highway-bridge", "heihe-city"),
                                     "blagoveshchensk;heihe-city"]
        # the trade table names the place, the energy table still shows the imported figure
        reporters = [r[1 + TRADE.keys.index("reporter")] for r in fetch_rows(conn, TRADE)
                     if str(r[0]).startswith("imp")]
        assert reporters == ["Heihe"]
        energy = fetch_rows(conn, ENERGY, Filter(facets={"measure": "achieved_max_capacity"}))
        assert [(r[1 + ENERGY.keys.index("asset")], r[1 + ENERGY.keys.index("value")]) for r in energy] == \
            [("Power of Siberia", 38.8)]
        assert not [f for f in run_checks(conn) if f.code == "reference"]
        assert apply_aliases(conn) == {}          # applied once: the next opening only reads
    finally:
        conn.close()


def test_a_release_that_renames_without_an_alias_is_reported_by_check(workspace, tmp_path):
    bundled = _next_release(tmp_path, [])
    conn = Store(workspace, bundled).connect()
    try:
        found = sorted((f.severity, f.message) for f in run_checks(conn) if f.code == "reference")
    finally:
        conn.close()
    hint = " (a curated id a release renamed or removed?)"
    assert found == sorted([
        (ERROR, "1 imported row(s) of corridor_places: place_id = 'heihe' names no place" + hint),
        (ERROR, "1 imported row(s) of corridor_places: corridor_id = 'heihe-blagoveshchensk-bridge' names no "
                "corridor" + hint),
        (ERROR, "1 imported row(s) of energy_figures: asset_id = 'power-of-siberia' names no asset" + hint),
        (ERROR, "1 imported row(s) of institution_relations: from_id = 'mofcom' names no institution" + hint),
        (ERROR, "1 imported row(s) of institution_relations: to_id = 'mofcom' names no institution" + hint),
        (ERROR, "1 imported row(s) of events: subject_id = 'heihe-blagoveshchensk-bridge' names no corridor" + hint),
        (WARNING, "1 imported row(s) of trade_figures: reporter = 'heihe' names no place" + hint),
        (ERROR, "1 imported row(s) of corridors: provinces = 'heihe' names no place" + hint),
    ])


def test_an_alias_whose_old_id_still_exists_is_not_applied(workspace, tmp_path):
    bundled = _next_release(tmp_path, [("place", "russia", "russian-federation", "2.0")])
    conn = Store(workspace, bundled).connect()
    try:
        assert conn.execute("SELECT partner FROM main.trade_figures").fetchone()[0] == "russia"
    finally:
        conn.close()


def test_chained_aliases_lead_to_the_latest_id(tmp_path):
    bundled = _next_release(tmp_path, [("place", "heihe", "heihe-2", "2.0"), ("place", "heihe-2", "heihe-city", "3.0")])
    conn = sqlite3.connect(":memory:")
    conn.execute("ATTACH DATABASE ? AS bundled", (str(bundled),))
    assert read_aliases(conn) == {("place", "heihe"): "heihe-city", ("place", "heihe-2"): "heihe-city"}


def test_a_free_text_reporter_is_no_reference(tmp_path, mini_bundled_path):
    conn = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()
    try:
        path = tmp_path / "t.csv"
        path.write_text("period,measure,reporter,partner,flow,value,unit,status,topic\n"
                        "2023,value,Harbin trade fair exhibitors,Russia,total,5,billion USD,actual,trade\n",
                        encoding="utf-8")
        run_import(conn, path, dataset="trade")
        assert dangling_references(conn) == []
    finally:
        conn.close()


def test_a_pipeline_ending_abroad_as_its_tracker_writes_it_is_no_reference(tmp_path, mini_bundled_path):
    """GEM's pipeline ends are kept as written ('Italy', 'Türkiye', 'Novy Urengoy'); `check` and
    `selftest` called each such imported pipeline damage ("to_place = 'Italy' names no place")."""
    conn = Store(tmp_path / "ws.sqlite", mini_bundled_path).connect()
    try:
        path = tmp_path / "e.csv"
        path.write_text("asset,measure,value,unit,commodity,from_place,to_place,asset_status\n"
                        "Blue Stream,design_capacity,16,bcm/yr,gas,Russia,Türkiye,operating\n"
                        "Soyuz,design_capacity,26,bcm/yr,gas,Orenburg,Uzhgorod,operating\n",
                        encoding="utf-8")
        run_import(conn, path, dataset="energy")
        assert conn.execute("SELECT count(*) FROM main.energy_assets WHERE to_place IN ('Türkiye', 'Uzhgorod')"
                            ).fetchone()[0] == 2
        assert dangling_references(conn) == []
    finally:
        conn.close()
