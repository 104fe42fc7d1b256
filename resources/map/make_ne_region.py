"""Make ``ne_110m_region.json``: the coastlines and land borders the Corridors
map draws under its routes. Run once by hand; the app never runs it and needs
no network.

Source: Natural Earth 1:110m Admin 0 countries (public domain), as shipped in
the ``naturalearth_lowres`` shapefile of the geopandas 0.12.2 wheel on PyPI.
How this file was made::

    pip download --no-deps -d /tmp/ne geopandas==0.12.2 pyshp
    cd /tmp/ne && unzip -q geopandas-0.12.2-py3-none-any.whl 'geopandas/datasets/*' \
        && unzip -q pyshp-*.whl shapefile.py
    PYTHONPATH=/tmp/ne python resources/map/make_ne_region.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Only the region around the corridors is kept (see BBOX). A polygon edge that
two countries share is a land border; any other edge is coastline. Neither
geopandas nor pyshp is a dependency of the app.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

BBOX = (88.0, 28.0, 152.0, 66.0)        # lon_min, lat_min, lon_max, lat_max (with margin)
#: Country outlines kept (ISO 3166-1 alpha-3 -> the code places.country uses).
COUNTRIES = {"CHN": "CN", "RUS": "RU", "MNG": "MN", "PRK": "KP", "KOR": "KR", "JPN": "JP", "KAZ": "KZ"}
#: Where each country's name is written on the map (lon, lat), chosen by hand
#: to sit inside the country and clear of the corridors.
LABELS = {"CN": (119.5, 44.0), "RU": (122.0, 54.5), "MN": (113.5, 47.3), "KP": (126.6, 40.3),
          "KR": (128.0, 36.3), "JP": (140.5, 38.5)}
ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com"
OUT = Path(__file__).with_name("ne_110m_region.json")


def _inside(p) -> bool:
    return BBOX[0] <= p[0] <= BBOX[2] and BBOX[1] <= p[1] <= BBOX[3]


def _key(p) -> tuple[float, float]:
    return (round(p[0], 4), round(p[1], 4))


def _chain(segments: list[tuple]) -> list[list[list[float]]]:
    """Join segments that meet end to start into polylines."""
    lines: list[list] = []
    for a, b in segments:
        if lines and lines[-1][-1] == a:
            lines[-1].append(b)
        else:
            lines.append([a, b])
    return [[[round(x, 3), round(y, 3)] for x, y in line] for line in lines]


def convert(shp: Path) -> dict:
    import shapefile  # pyshp, only for this script

    reader = shapefile.Reader(str(shp))
    fields = [f.name for f in reader.fields[1:]]
    edges: dict[tuple, list[tuple]] = defaultdict(list)    # undirected edge -> [(country, a, b)]
    rings: list[tuple[str, list]] = []
    for shape, record in zip(reader.shapes(), reader.records()):
        iso = COUNTRIES.get(dict(zip(fields, record))["iso_a3"])
        if iso is None:
            continue
        bounds = list(shape.parts) + [len(shape.points)]
        for start, end in zip(bounds, bounds[1:]):
            ring = [_key(p) for p in shape.points[start:end]]
            rings.append((iso, ring))
            for a, b in zip(ring, ring[1:]):
                edges[frozenset((a, b))].append(iso)
    coast_segments: list[tuple] = []
    border_segments: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for iso, ring in rings:
        for a, b in zip(ring, ring[1:]):
            if not (_inside(a) or _inside(b)):
                continue
            owners = edges[frozenset((a, b))]
            if len(owners) == 1:
                coast_segments.append((a, b))
            elif owners[0] == iso:            # draw a shared edge once, from its first owner
                pair = tuple(sorted(set(owners)))
                border_segments[pair].append((a, b))
    return {
        "attribution": ATTRIBUTION,
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via geopandas 0.12.2 naturalearth_lowres",
        "bbox": list(BBOX),
        "coastlines": _chain(coast_segments),
        "borders": [{"between": list(pair), "lines": _chain(segs)} for pair, segs in sorted(border_segments.items())],
        "labels": [{"country": c, "lon": lon, "lat": lat} for c, (lon, lat) in LABELS.items()],
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    data = convert(Path(argv[1]))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    n = sum(len(line) for line in data["coastlines"]) + sum(len(line) for b in data["borders"] for line in b["lines"])
    print(f"wrote {OUT} ({n} points, {OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
