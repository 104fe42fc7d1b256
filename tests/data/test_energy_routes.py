"""The Power of Siberia route on the Energy map comes from Global Energy Monitor's
Global Gas Infrastructure Tracker, kept byte for byte in db/sources/: the route
drawn is exactly the kept file's geometry, it is said to be external, and none of
GEM's figures replaces a document's."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from explorer.data.energy_routes import (
    GEM_ROUTES, KEPT_FILE, POWER_OF_SIBERIA, RouteGeometryError, external_links, linestring_points,
)

REPO = Path(__file__).resolve().parents[2]
KEPT = REPO / "db" / KEPT_FILE


def _kept_rows() -> dict[str, dict[str, str]]:
    with KEPT.open(encoding="utf-8", newline="") as fh:
        return {row["ProjectID"]: row for row in csv.DictReader(fh, delimiter=";")}


def test_the_kept_file_is_the_publishers_header_and_line():
    lines = KEPT.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("ProjectID;Fuel;StartCountry;") and lines[0].endswith(";WKTFormat")
    assert [line.split(";")[0] for line in lines[1:]] == ["P2352"]
    row = _kept_rows()["P2352"]
    assert (row["PipelineName"], row["SegmentName"]) == ("Power of Siberia Gas Pipeline", "Phase I")
    assert (row["StartLocation"], row["EndLocation"]) == ("Yakutia", "Blagoveshchensk")
    assert row["Source"] == "Chayandinskoye field"         # (the file's own column, as GEM wrote it)
    assert (KEPT.parent / "SOURCE.md").is_file()


@pytest.mark.parametrize("route", GEM_ROUTES, ids=lambda r: r.project_id)
def test_each_route_is_the_kept_files_geometry_verbatim(route):
    row = _kept_rows()[route.project_id]
    assert route.wkt == row["WKTFormat"]
    assert (route.pipeline, route.segment, route.start, route.end) == (
        row["PipelineName"], row["SegmentName"], row["StartLocation"], row["EndLocation"])
    # read independently of the module: every "lon lat" pair of the file, in order
    body = row["WKTFormat"].removeprefix("LINESTRING (").removesuffix(")")
    expected = [tuple(float(n) for n in pair.split()) for pair in body.split(", ")]
    assert route.points() == expected
    assert len(expected) == 21 and expected[0] == (127.967698, 50.237342)


def test_the_citation_is_gems_and_says_external():
    from explorer.data.citations import format_citation

    c = POWER_OF_SIBERIA.citation()
    assert c.publisher == "Global Energy Monitor"
    assert "Global Gas Infrastructure Tracker" in c.title and "external to the documents" in c.title
    assert c.doc_id is None and c.quote is None            # no document, no document's quote
    text = format_citation(c, "plain")
    assert "muratk5n/thirdwave" in text and "4fe1a0eb221fcf106022b637f6ef72fca001e719" in text
    assert "release" in text and KEPT_FILE in text
    assert "capacity and status are not used" in text


@pytest.mark.parametrize("wkt", [
    "MULTILINESTRING ((1 2, 3 4))", "LINESTRING (127.9 50.2)", "LINESTRING (127.9 50.2 10, 128 51 10)",
    "LINESTRING (50.2 127.9, 51 128)", "POINT (1 2)", "",
])
def test_a_geometry_that_is_not_a_lon_lat_linestring_is_refused(wkt):
    with pytest.raises(RouteGeometryError):
        linestring_points(wkt)


def test_the_route_is_drawn_for_the_curated_asset_with_the_documents_capacity(conn):
    links = {link.asset_id: link for link in external_links(conn)}
    assert set(links) == {"power-of-siberia"}
    link = links["power-of-siberia"]
    name, = conn.execute("SELECT name_en FROM all_energy_assets WHERE asset_id = 'power-of-siberia'").fetchone()
    assert link.name == name
    # the largest capacity the documents state for it, not GEM's
    top = conn.execute("SELECT max(value) FROM all_energy_figures WHERE asset_id = 'power-of-siberia' "
                       "AND measure LIKE '%capacity'").fetchone()[0]
    assert link.capacity == top
    assert link.figure_id in {r[0] for r in conn.execute(
        "SELECT figure_id FROM all_energy_figures WHERE asset_id = 'power-of-siberia'")}
