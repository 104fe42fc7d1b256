"""Global Energy Monitor's Global Oil and Gas Extraction Tracker (GOGET), into the energy dataset.

Two layouts of it:

- the map file (``Oil & Gas Extraction-map-file-2025-02-26.csv``): ``country/area,wiki-name,status,…,
  production-start-year,…,unit-id,…,production---oil-(million-bbl/y),production-year---oil,
  production---gas-(million-m³/y),production-year---gas,production---total-(oil,-gas-and-
  hydrocarbons)-(million-boe/y)``: one row per extraction unit (a field), each fuel's latest
  production with its own year;
- the tracker's production (and reserves) table: ``Unit ID,[Unit name,][Production/reserves,]
  Fuel description,…,Quantity (converted),Units (converted),Data year`` (``Data Year`` in the
  2026 'Field-level production data' sheet), one figure per row.

Each unit is its own asset (its name, or its GEM id where a table gives no name; two units under
one name are told apart by their ids); GEM's status is the asset's lifecycle status; a figure's
measure is "production" or "reserves" of its fuel, dated by the year GEM gives it. The map file's
total in million boe/y is GEM's sum of the fuels, not a figure of its own: not imported, and said so.
The source is "Global Energy Monitor, Global Oil and Gas Extraction Tracker, <release>".
"""
from __future__ import annotations

import re
from pathlib import PurePath

from explorer.data.importing.datasets import get_dataset, norm
from explorer.data.importing.publishers import cell_text as _text
from explorer.data.importing.publishers import gem
from explorer.data.importing.publishers.faostat import FLAG_COLUMN

TRACKER = "Global Oil and Gas Extraction Tracker"
#: a figure column: 'production---oil-(million-bbl/y)' (the map file; its year 'production-year---oil'),
#: 'Production - Oil (Million bbl/y)' (the regional downloads' sheet; its year 'Production Year - Oil')
_MAP_FIGURE = re.compile(r"^(production|reserves)\W+([a-z]+)\W*\((.+)\)$")
#: what the asset of a unit is called (an oil or gas field, or a unit of one)
_KIND = "field"
#: the value cell of a unit the file gives no figure for
_NO_FIGURE = "no figure"
#: the fields of the records the map layout hands the engine, then one value column per fuel
_FIELDS = ("asset", "asset_status", "from_place", "commodity", "date", "measure", "unit", "original_source",
           "description", "kind", "inferred")
_YEAR_CELL = re.compile(r"^\d{4}$")


def _source(release: str | None) -> str:
    return ", ".join(x for x in ("Global Energy Monitor", TRACKER, release) if x)


def _status(text: str) -> str | None:
    """GEM's extraction statuses as asset statuses: 'shut_in' is idle, 'decommissioned' retired."""
    return gem.status_of(text.replace("_", " "))


# -- the map file ------------------------------------------------------------------------------

def map_probe(header, idx):
    """A GOGET map file: a unit id, a wiki name, a status and production columns by fuel."""
    from explorer.data.importing import layouts as _layouts

    if not {"wikiname", "unitid", "status"} <= idx.keys():
        return None
    figures = _map_figures(header)
    if not figures:
        return None
    value_header = [str(header[i]).strip() for _kind, _fuel, _unit, i, _year in figures]   # as the file names them
    status_only = len(_FIELDS) + len(figures)
    layout = _layouts.Layout("gem_extraction_map", get_dataset("energy"),
                             {f: i for i, f in enumerate(_FIELDS)}, decimal=".",
                             header=[*_FIELDS, *value_header, "status only"],
                             # each fuel's column says what its figures measure, in which unit
                             series=[(len(_FIELDS) + k, {"measure": f"{kind} of {fuel}", "unit": unit})
                                     for k, (kind, fuel, unit, _i, _year) in enumerate(figures)]
                             # a unit with no figure: its value cell says so, and the engine's flag of
                             # "no figure" (FAOSTAT's M) leaves the value out: the asset alone is described
                             + [(status_only, {FLAG_COLUMN: (status_only, frozenset({_NO_FIGURE}))})])
    state = {"release": None}
    cols = {name: idx.get(name) for name in ("wikiname", "unitid", "status", "countryarea", "productionstartyear")}
    if cols["countryarea"] is None:
        cols["countryarea"] = idx.get("country")          # the regional downloads' 'Country'
    cols["url"] = idx.get("wikiurl", idx.get("url"))
    layout.left_out += [str(h) for i, h in enumerate(header)
                        if norm(h).startswith(("production", "reserves")) and i not in {f[3] for f in figures}
                        and i not in {f[4] for f in figures} and norm(h) != "productionstartyear"]

    def with_file_name(file_name: str) -> None:
        state["release"] = gem.release_in_file_name(file_name)

    def records(info):
        return _map_records(info, header, cols, figures, state["release"], layout)

    layout.with_file_name = with_file_name
    layout.records = records
    return layout


def _map_figures(header: list) -> list[tuple[str, str, str, int, int]]:
    """(production|reserves, fuel, unit, value column, year column) of each figure the file gives
    with its own year column; a figure without one (GEM's total) is none."""
    by_words = {_words(h): i for i, h in enumerate(header)}
    out = []
    for i, h in enumerate(header):
        m = _MAP_FIGURE.match(str(h).strip().lower())
        if not m:
            continue
        kind, fuel, unit = m.groups()
        year = by_words.get(f"{kind} year {fuel}")
        if year is not None:
            out.append((kind, fuel, unit.replace("-", " "), i, year))
    return out


def _words(header) -> str:
    """A header's words: 'production-year---oil' and 'Production Year - Oil' -> 'production year oil'."""
    return " ".join(re.sub(r"[^a-z]+", " ", str(header).lower()).split())


def _map_records(info, header: list, cols: dict, figures: list, release: str | None, layout):
    """One record per unit and year: a unit whose fuels' figures are of different years is two
    records (the same row, each with its year's figures); a unit with a status and no figure, one
    record that describes the asset only."""
    from explorer.data.importing.read import iter_records

    rows = iter_records(info)
    names = [str(h).strip() for h in header]
    for _n, cells in rows:                 # past any preamble, to the header the probe read
        if [str(c).strip() for c in cells] == names:
            break
    first_id: dict[str, str] = {}
    without = 0
    for row_no, cells in rows:
        if not any(str(c).strip() for c in cells):
            continue
        cell = _cells(cells)
        by_year: dict[str, list[int]] = {}
        for k, (_kind, _fuel, _unit, value_i, year_i) in enumerate(figures):
            if not gem.missing(cell(value_i)):
                by_year.setdefault(cell(year_i), []).append(k)
        name, unit_id = cell(cols["wikiname"]), cell(cols["unitid"])
        if unit_id and first_id.setdefault(name.lower(), unit_id) != unit_id:
            name = f"{name} [{unit_id}]"      # two units under one name are two assets
        status = _status(cell(cols["status"]))
        if not by_year:
            if status is None:
                without += 1                  # neither a figure nor a status: nothing to record
                continue
            # the unit with its lifecycle status only ('discovered', 'in development'): an asset, no figure
            yield row_no, [name, status, cell(cols["countryarea"]) or None, None, None, None, None,
                           _source(release), None, _KIND, None] + [""] * len(figures) + [_NO_FIGURE]
            continue
        start = cell(cols["productionstartyear"])
        about = "; ".join(x for x in (f"GEM id {unit_id}" if unit_id else "",
                                      f"production start {start}" if start else "") if x)
        fuels = " and ".join(dict.fromkeys(figures[k][1] for ks in by_year.values() for k in ks))
        for year, ks in by_year.items():       # one record a year: the fuels' figures of that year
            dated = bool(_YEAR_CELL.match(year))
            # a year GEM did not state ('not stated', '-1'): the figures stay, undated, and say so
            kinds = " and ".join(dict.fromkeys(figures[k][0] for k in ks))
            slip = None if dated or not year else f"{kinds} year as published: {year!r}"
            out = [name, status, cell(cols["countryarea"]) or None, fuels, year if dated else None,
                   None, None, _source(release), about or None, _KIND, slip]
            values = [""] * (len(figures) + 1)
            for k in ks:
                values[k] = cell(figures[k][3])
            yield row_no, out + values
    if without:
        layout.left_out.append(f"{without} units with neither a production figure nor a status in the file "
                               "(no asset made of them)")


def _cells(cells: list):
    def cell(i: int | None) -> str:
        return _text(cells[i]) if i is not None and i < len(cells) else ""
    return cell


# -- the tracker's production and reserves table ------------------------------------------------

_UNIT_NAME = ("unitname", "fieldname", "projectname")
_YEAR = ("datayear", "year")


def table_probe(header, idx):
    """GOGET's production (and reserves) table: ``Unit ID,…,Fuel description,…,Quantity (converted),
    Units (converted),Data year``."""
    from explorer.data.importing import layouts as _layouts

    ids = next((idx[c] for c in ("unitid", "gemunitid", "projectid") if c in idx), None)
    year = next((idx[c] for c in _YEAR if c in idx), None)
    if ids is None or year is None or not {"fueldescription", "quantityconverted", "unitsconverted"} <= idx.keys():
        return None
    cols = {"unit_id": ids, "fuel": idx["fueldescription"], "value": idx["quantityconverted"],
            "unit": idx["unitsconverted"], "date": year}
    for name, options in (("name", _UNIT_NAME), ("kind_of_figure", ("productionreserves",)),
                          ("classification", ("reservesclassificationoriginal", "reservesclassification")),
                          ("status", ("status",)), ("place", ("countryarea", "country"))):
        found = next((idx[o] for o in options if o in idx), None)
        if found is not None:
            cols[name] = found
    state = {"release": None, "reserves": "classification" in cols and "kind_of_figure" not in cols}
    first_id: dict[str, str] = {}

    def transform(raw: dict) -> dict | None:
        unit_id, name = _text(raw.get("unit_id")), _text(raw.get("name"))
        if not unit_id and not name:
            return None
        asset = name or unit_id
        if name and unit_id and first_id.setdefault(name.lower(), unit_id) != unit_id:
            asset = f"{name} [{unit_id}]"
        fuel = _text(raw.get("fuel")).lower()
        kind = _text(raw.get("kind_of_figure")).lower() or ("reserves" if state["reserves"] else "production")
        classification = _text(raw.get("classification"))
        measure = f"{kind} of {fuel}" if fuel else kind
        if kind.startswith("reserve") and classification:
            measure += f" ({classification})"      # 1P and 2P reserves of one field are two figures
        value = _text(raw.get("value"))
        if gem.missing(value):
            return None                    # a unit's row with no quantity: no figure, never 0
        return {"asset": asset, "asset_status": _status(_text(raw.get("status"))) if raw.get("status") else None,
                "from_place": _text(raw.get("place")) or None, "commodity": fuel or None, "kind": _KIND,
                "measure": measure, "value": value,
                "unit": _text(raw.get("unit")) or None, "date": _text(raw.get("date")) or None,
                "status": "actual", "original_source": _source(state["release"]),
                "description": f"GEM id {unit_id}" if unit_id else None}

    def with_file_name(file_name: str) -> None:
        state["release"] = gem.release_in_file_name(file_name)
        stem = PurePath(file_name).stem.lower()
        state["reserves"] = state["reserves"] or ("reserves" in stem and "production" not in stem)

    layout = _layouts.Layout("gem_extraction", get_dataset("energy"), cols, header=header, transform=transform,
                             decimal=".")
    layout.with_file_name = with_file_name
    return layout


#: The probes layouts.PUBLISHERS tries, and the layout names a saved mapping uses.
PROBES = (map_probe, table_probe)
BY_NAME = {"gem_extraction_map": map_probe, "gem_extraction": table_probe}
