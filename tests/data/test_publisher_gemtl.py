"""Global Energy Monitor trackers and TimelineJS sheets imported as published: the real files'
values (../shared/real-files, SOURCES.md) in the panes' export, and small variants of each layout."""
from __future__ import annotations

from pathlib import Path

import pytest

from explorer.data.importing import ImportRejected, run_import
from explorer.data.importing.publishers.gem import release_in_file_name, tracker_in_file_name
from explorer.data.importing.publishers.timelinejs import plain_text
from tests.data.import_helpers import dump, exported_imports, write

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-files"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="the shared real files are not here")


def energy_row(rows: list[dict], asset: str) -> dict:
    found = [r for r in rows if r["asset"] == asset]
    assert len(found) == 1, (asset, [r["asset"] for r in rows if asset[:12] in r["asset"]])
    return found[0]


# -- GEM: the real files ----------------------------------------------------------------
@needs_real
def test_gem_pipelines_download_each_segment_its_own_asset_with_gem_status(conn, tmp_path):
    summary = run_import(conn, REAL / "gem_ggit_pipelines_RU_CN_MN.csv")
    assert (summary.dataset, summary.layout) == ("energy", "gem_tracker")
    rows = exported_imports(conn, tmp_path, "energy")
    tyumen = energy_row(rows, "Northern Tyumen Regions (SRTO)–Torzhok Gas Pipeline")
    assert (tyumen["value"], tyumen["unit"], tyumen["date"], tyumen["asset_status"], tyumen["status"]) == \
        ("28.5", "bcm/yr", "2006", "operating", "design")
    anyang = energy_row(rows, "Anyang-Luoyang gas pipeline")
    assert (anyang["value"], anyang["asset_status"]) == ("1.14", "operating")
    expansion = energy_row(rows, "Power of Siberia Gas Pipeline, Phase I Expansion")
    assert (expansion["value"], expansion["asset_status"]) == ("32", "cancelled")
    # the segments belong to their project, here the curated pipeline; none is the pipeline itself
    assert expansion["part_of"] == "Power of Siberia gas pipeline"
    assert {r["original_source"] for r in rows} == {"Global Energy Monitor, Global Gas Infrastructure Tracker"}


@needs_real
def test_gem_cancelled_expansion_never_lands_on_the_completed_curated_pipeline(conn, tmp_path):
    run_import(conn, REAL / "gem_ggit_pipelines_RU_CN_MN.csv")
    curated = conn.execute("SELECT asset_id FROM all_energy_assets WHERE name_en = 'Power of Siberia gas pipeline'"
                           ).fetchone()[0]
    imported = conn.execute("SELECT value, status FROM main.energy_figures WHERE asset_id = ?", (curated,)).fetchall()
    assert imported == []


@needs_real
def test_gem_map_workbook_units_from_the_capacity_text_and_release_from_the_file_name(conn, tmp_path):
    summary = run_import(conn, REAL / "gem_ggit_map_2024-10-08.xlsx")
    assert summary.layout == "gem_tracker"
    rows = exported_imports(conn, tmp_path, "energy")
    tyumen = energy_row(rows, "Northern Tyumen Regions (SRTO)–Torzhok Gas Pipeline")
    assert (tyumen["value"], tyumen["unit"], tyumen["date"], tyumen["asset_status"]) == \
        ("28.5", "bcm/yr", "2006", "operating")
    soyuz = energy_row(rows, "Power of Siberia 2 Gas Pipeline, Soyuz Vostok Gas Pipeline")
    assert (soyuz["value"], soyuz["date"], soyuz["asset_status"], soyuz["part_of"]) == \
        ("50", "2027", "proposed", "Power of Siberia 2 Gas Pipeline")
    assert energy_row(rows, "Power of Siberia Gas Pipeline, Phase I Expansion")["asset_status"] == "cancelled"
    fourchon = energy_row(rows, "Fourchon LNG Terminal, Phase 1")
    assert (fourchon["value"], fourchon["unit"], fourchon["asset_status"], fourchon["commodity"]) == \
        ("2", "Mt/yr", "cancelled", "lng")
    assert tyumen["original_source"] == "Global Energy Monitor, Global Gas Infrastructure Tracker, 2024-10-08"


# -- GEM: variants ------------------------------------------------------------------------
PIPES = ("ProjectID;Fuel;StartCountry;EndCountry;PipelineName;SegmentName;Status;StartYear1;Capacity;"
         "CapacityUnits;CapacityBcm/y\n")


def test_gem_segments_of_one_pipeline_are_assets_under_a_new_project(ws, tmp_path):
    path = write(tmp_path, "GEM-Pipelines-2023-12.csv", PIPES
                 + "P1;Gas;Russia;China;Amur Link;North;Operating;2019.0;10;bcm/year;--\n"
                 + "P2;Gas;Russia;China;Amur Link;South;Shelved;2019.0;5;bcm/y;5\n"
                 + "P3;Oil;Russia;China;Amur Oil Line;;Construction;;200;MMcf/d;--\n")
    run_import(ws, path)
    rows = exported_imports(ws, tmp_path, "energy")
    north, south = energy_row(rows, "Amur Link, North"), energy_row(rows, "Amur Link, South")
    assert (north["part_of"], north["value"], north["asset_status"], north["date"]) == \
        ("Amur Link", "10", "operating", "2019")
    assert (south["part_of"], south["value"], south["asset_status"]) == ("Amur Link", "5", "shelved")
    assert energy_row(rows, "Amur Oil Line")["original_source"] == \
        "Global Energy Monitor, Global Oil Infrastructure Tracker, 2023-12"
    assert energy_row(rows, "Amur Oil Line")["unit"] == "mmcf/d"
    project = ws.execute("SELECT kind, parent_id FROM energy_assets WHERE name_en = 'Amur Link'").fetchall()
    assert project == [("pipeline", None)]


@pytest.mark.parametrize("status, lands_on_curated", [("Operating", True), ("Cancelled", False),
                                                      ("Proposed", False), ("Shelved", False)])
def test_gem_row_named_like_a_completed_curated_pipeline_lands_on_it_only_when_built(
        conn, tmp_path, status, lands_on_curated):
    path = write(tmp_path, "pipes.csv", PIPES + f"P9;Gas;Russia;China;Power of Siberia Gas Pipeline;;{status};;"
                 "61;bcm/y;\n")
    run_import(conn, path)
    curated = conn.execute("SELECT asset_id FROM all_energy_assets WHERE name_en = 'Power of Siberia gas pipeline'"
                           ).fetchone()[0]
    on_curated = conn.execute("SELECT count(*) FROM main.energy_figures WHERE asset_id = ?", (curated,)).fetchone()[0]
    assert on_curated == (1 if lands_on_curated else 0)
    if not lands_on_curated:
        own = conn.execute("SELECT a.name_en, a.status FROM main.energy_figures f JOIN all_energy_assets a "
                           "ON a.asset_id = f.asset_id WHERE f.value = 61").fetchall()
        assert own == [(f"Power of Siberia Gas Pipeline ({status.lower()})", status.lower())]


def test_gem_capacity_column_named_with_its_unit(ws, tmp_path):
    path = write(tmp_path, "lng.csv", "TerminalID,TerminalName,UnitName,FacilityType,Status,CapacityInMtpa,Country\n"
                 "T1,Port LNG,Train 1,Export,Operating,1.5,Russia\n")
    run_import(ws, path)
    row = energy_row(exported_imports(ws, tmp_path, "energy"), "Port LNG, Train 1")
    assert (row["value"], row["unit"], row["part_of"], row["asset_status"]) == ("1.5", "Mt/yr", "Port LNG", "operating")
    kinds = ws.execute("SELECT name_en, kind FROM energy_assets ORDER BY name_en").fetchall()
    assert kinds == [("Port LNG", "project"), ("Port LNG, Train 1", "lng_terminal")]


def test_gem_reimport_adds_nothing_even_for_rows_without_a_capacity(ws, tmp_path):
    path = write(tmp_path, "pipes.csv", PIPES + "P1;Gas;Russia;China;Amur Link;North;Operating;2019;10;bcm/y;\n"
                 + "P2;Gas;Russia;China;Amur Link;South;Proposed;;;;--\n")
    first = run_import(ws, path)
    again = run_import(ws, path)
    assert first.added == 1 and again.added == 0


def test_gem_unit_tracker_with_the_unit_in_the_capacity_header(ws, tmp_path):
    path = write(tmp_path, "Global-Coal-Plant-Tracker-July-2024.csv",
                 "GEM unit/phase ID,Country/Area,Plant name,Unit name,Capacity (MW),Status,Start year\n"
                 "G1,Russia,Reftinskaya,Unit 1,300,operating,1970\n"
                 "G2,Russia,Reftinskaya,Unit 2,300,pre-construction,\n"
                 "G3,Russia,Reftinskaya,Unit 3,500,Pre-permit,\n"
                 "G4,Russia,Reftinskaya,Unit 4,500,Shelved - inferred 2 y,\n")
    run_import(ws, path)
    rows = exported_imports(ws, tmp_path, "energy")
    unit2 = energy_row(rows, "Reftinskaya, Unit 2")
    assert (unit2["value"], unit2["unit"], unit2["asset_status"], unit2["part_of"]) == \
        ("300", "MW", "planned", "Reftinskaya")
    assert unit2["original_source"] == "Global Energy Monitor, Global Coal Plant Tracker, July 2024"
    assert [energy_row(rows, f"Reftinskaya, Unit {n}")["asset_status"] for n in (1, 3, 4)] == \
        ["operating", "planned", "shelved"]


def test_gem_map_data_csv_in_utf16(ws, tmp_path):
    path = write(tmp_path, "ggit_map.csv",
                 "id\tname\tunit-name\tstatus\tareas\tcapacity\tstart-year\ttracker-acro\tcapacity-table\n"
                 "T1\tPort LNG\tTrain 1\tconstruction\tRussia\t1.5\t2026\tGGIT-lng\t1.5 mtpa of LNG\n",
                 encoding="utf-16")
    run_import(ws, path)
    row = energy_row(exported_imports(ws, tmp_path, "energy"), "Port LNG, Train 1")
    assert (row["value"], row["unit"], row["asset_status"], row["date"]) == ("1.5", "Mt/yr", "construction", "2026")


def test_gem_unknown_status_is_refused_by_row_and_nothing_written(ws, tmp_path):
    path = write(tmp_path, "pipes.csv", PIPES + "P1;Gas;Russia;China;Amur Link;;Dreaming;2019;10;bcm/y;\n")
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, path)
    assert "row 2" in str(exc.value) and "Status" in str(exc.value) and "dreaming" in str(exc.value)
    assert dump(ws) == before


@pytest.mark.parametrize("name, release", [
    ("gem_ggit_map_2024-10-08.xlsx", "2024-10-08"), ("GEM-GGIT-LNG-Terminals-2024-09.xlsx", "2024-09"),
    ("Global-Gas-Infrastructure-Tracker-May-2024.xlsx", "May 2024"), ("pipelines.csv", None)])
def test_gem_release_from_the_file_name(name, release):
    assert release_in_file_name(name) == release


@pytest.mark.parametrize("name, tracker", [
    ("gem_ggit_map_2024-10-08.xlsx", "Global Gas Infrastructure Tracker"),
    ("Global-Coal-Plant-Tracker-July-2024.xlsx", "Global Coal Plant Tracker"),
    ("GEM-GOIT-Oil-NGL-Pipelines-2024-03.xlsx", "Global Oil Infrastructure Tracker"), ("pipelines.csv", None)])
def test_gem_tracker_from_the_file_name(name, tracker):
    assert tracker_in_file_name(name) == tracker


# -- TimelineJS -------------------------------------------------------------------------
TL = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Type,Group\n"


@needs_real
@pytest.mark.parametrize("name, title, expected", [
    ("timelinejs_template_my-own-timeline.csv", "MY OWN CSV",
     [("Ada Lovelace", "1815-12-10", "1852-11-27"), ("...And the women who made it work", "1943-07", "1946"),
      ("Karen Spärck Jones makes search possible", "1972", "")]),
    ("timelinejs_women_in_computing.csv", "Women in Computing",
     [("Edith Clarke: Bucking the Trend", "1948-03-14", ""), ("Grace Hopper invents the compiler", "1952", ""),
      ("Contributions to space exploration", "1956", "1962")])])
def test_timelinejs_real_sheet_is_one_subject_named_by_its_title(conn, tmp_path, name, title, expected):
    summary = run_import(conn, REAL / name)
    assert summary.layout == "timeline"
    events = conn.execute("SELECT c.name_en, e.description, e.date, coalesce(e.date_end, '') FROM main.events e "
                          "JOIN all_corridors c ON c.corridor_id = e.subject_id").fetchall()
    assert {e[0] for e in events} == {title}
    for headline, start, end in expected:
        found = [e for e in events if e[1].split(" — ")[0] == headline]
        assert [(e[2], e[3]) for e in found] == [(start, end)], headline
    assert not any("<" in e[1] for e in events)           # HTML read as text
    assert len(events) == 10                               # the title row is no event


def test_timelinejs_corridor_given_replaces_the_title_and_era_rows_are_not_events(ws, tmp_path):
    path = write(tmp_path, "tl.csv", TL + ",,,,,,,,,My sheet,intro,,title,\n"
                 "2014,5,21,,,,,,,Gas deal <b>signed</b>,\"<p>A &amp; B</p>\",,,\n"
                 "2010,,,,2020,,,,,The decade,,,era,\n")
    run_import(ws, path, mapping={"constants": {"corridor": "Power of Siberia corridor"}})
    events = ws.execute("SELECT c.name_en, e.event, e.date, e.description FROM events e "
                        "JOIN all_corridors c ON c.corridor_id = e.subject_id").fetchall()
    assert events == [("Power of Siberia corridor", "signed", "2014-05-21", "Gas deal signed — A & B")]


def test_timelinejs_group_column_names_each_rows_corridor(ws, tmp_path):
    path = write(tmp_path, "tl.csv", TL + "2019,12,2,,,,,,,Pipeline opened,,,,East route\n"
                 "2022,,,,,,,,,Talks,,,,West route\n")
    run_import(ws, path, mapping={"constants": {"corridor": "Ignored when a group is given"}})
    got = ws.execute("SELECT c.name_en, e.date FROM events e JOIN all_corridors c ON c.corridor_id = e.subject_id "
                     "ORDER BY e.date").fetchall()
    assert got == [("East route", "2019-12-02"), ("West route", "2022")]


def test_timelinejs_without_group_title_or_corridor_asks_for_one(ws, tmp_path):
    path = write(tmp_path, "tl.csv", TL + "2019,12,2,,,,,,,Pipeline opened,,,,\n")
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, path)
    assert "column corridor" in str(exc.value) and "--set corridor=NAME" in str(exc.value)
    assert dump(ws) == before


def test_timelinejs_year_zero_is_refused_by_row_and_named(ws, tmp_path):
    # TimelineJS shows a Year 0 as '0': no calendar has one, and 1 BCE or 1 CE would be a guess
    path = write(tmp_path, "tl.csv", TL + ",,,,,,,,,Old,,,title,\n-500,,,,,,,,,Silk road,,,,\n0,,,,,,,,,Nothing,,,,\n")
    before = dump(ws)
    with pytest.raises(ImportRejected) as exc:
        run_import(ws, path)
    assert "row 4, column date" in str(exc.value) and "a year other than 0" in str(exc.value)
    assert dump(ws) == before


@pytest.mark.parametrize("html, text", [
    ('<p>Take <a href="x">Ada</a>: a&nbsp;b</p><p>Next</p>', "Take Ada: a b Next"),
    ("plain", "plain"), ("Line<br>break", "Line break"), ("", "")])
def test_html_is_read_as_plain_text(html, text):
    assert plain_text(html) == text


def test_cli_set_gives_the_corridor(bundled_path, tmp_path):
    from tests.test_cli import run

    path = write(tmp_path, "tl.csv", TL + "2019,12,2,,,,,,,Pipeline opened,,,,\n")
    refused = run(["import", str(path)], bundled_path, tmp_path)
    assert refused.returncode == 1 and "corridor" in refused.stderr and "Traceback" not in refused.stderr
    done = run(["import", str(path), "--set", "corridor=Eastern route"], bundled_path, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "added 1" in done.stdout
    bad = run(["import", str(path), "--set", "corridor"], bundled_path, tmp_path)
    assert bad.returncode != 0 and "FIELD=VALUE" in bad.stderr and "Traceback" not in bad.stderr
