"""Global Energy Monitor's extraction trackers, into the energy dataset: the Global Oil and Gas
Extraction Tracker (GOGET) and the Global Coal Mine Tracker (GCMT), whose figures each come with a
year of their own (a field's oil production of 2023 and gas production of 2021; a mine's capacity
since its opening year, its production of a year, its reserves recorded in a year).

GOGET's two layouts:

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

GCMT (``GEM Mine ID,…,Mine Name,…,Status,…,Capacity (Mtpa),Production (Mtpa),Year of Production,…``):
each mine an asset; its capacity a design capacity dated by its opening year, its production and
its proven and probable reserves figures as published, each dated by its own year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
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


def _source(release: str | None, tracker: str = TRACKER) -> str:
    return ", ".join(x for x in ("Global Energy Monitor", tracker, release) if x)


def _status(text: str) -> str | None:
    """GEM's extraction statuses as asset statuses: 'shut_in' is idle, 'decommissioned' retired."""
    return gem.status_of(text.replace("_", " "))


# -- tables of units whose figures each have a year column of their own --------------------------

@dataclass(frozen=True)
class _Figure:
    """One figure column of a unit's row and the column of its year."""

    measure: str                 # 'production of oil', 'design_capacity'
    unit: str                    # as GEM writes it ('million bbl/y', 'Mtpa'): the vocabulary reads it
    status: str                  # the figure's: 'actual', or 'design' for a design capacity
    value_i: int
    year_i: int | None
    fuel: str
    dated_by: str                # what its year is, for a year GEM did not state ('production year')


@dataclass(frozen=True)
class _Units:
    """Where a tracker's table keeps a unit's name, id, status and country, and what it calls them."""

    name: int
    unit_id: int | None
    status: int | None
    country: int | None
    start: int | None            # a start year noted with the figures (GOGET's production start)
    kind: str                    # 'field', 'mine'
    tracker: str


def map_probe(header, idx):
    """A GOGET map file (or a regional download's extraction sheet): a unit id, a wiki name, a
    status and production columns by fuel."""
    if not {"wikiname", "unitid", "status"} <= idx.keys():
        return None
    figures = _map_figures(header)
    if not figures:
        return None
    units = _Units(idx["wikiname"], idx["unitid"], idx["status"], idx.get("countryarea", idx.get("country")),
                   idx.get("productionstartyear"), "field", TRACKER)
    layout = _units_layout("gem_extraction_map", header, units, figures)
    layout.left_out += [str(h) for i, h in enumerate(header)
                        if norm(h).startswith(("production", "reserves")) and i not in {f.value_i for f in figures}
                        and i not in {f.year_i for f in figures} and norm(h) != "productionstartyear"]
    return layout


def mine_probe(header, idx):
    """GEM's Global Coal Mine Tracker: ``GEM Mine ID,…,Mine Name,…,Status,…,Capacity (Mtpa),
    Production (Mtpa),Year of Production,…,Total Reserves (Proven and Probable, Mt),Year of Total
    Reserves Recorded,…,Opening Year``: the capacity (dated by the opening year), the production
    and the reserves (each dated by its own year) of each mine."""
    if not {"gemmineid", "minename", "status", "capacitymtpa"} <= idx.keys():
        return None
    figures = [_Figure("design_capacity", "Mtpa", "design", idx["capacitymtpa"], idx.get("openingyear"), "coal",
                       "opening year")]
    for value, year, measure, unit in (("productionmtpa", "yearofproduction", "production", "Mtpa"),
                                       ("totalreservesprovenandprobablemt", "yearoftotalreservesrecorded",
                                        "reserves (proven and probable)", "Mt")):
        if value in idx:
            figures.append(_Figure(measure, unit, "actual", idx[value], idx.get(year), "coal", f"{measure} year"))
    units = _Units(idx["minename"], idx["gemmineid"], idx["status"], idx.get("countryarea", idx.get("country")),
                   None, "mine", "Global Coal Mine Tracker")
    return _units_layout("gem_coal_mines", header, units, figures)


def _units_layout(name: str, header: list, units: _Units, figures: list[_Figure]):
    from explorer.data.importing import layouts as _layouts

    value_header = [str(header[f.value_i]).strip() for f in figures]      # as the file names them
    status_only = len(_FIELDS) + len(figures)
    layout = _layouts.Layout(name, get_dataset("energy"), {f: i for i, f in enumerate(_FIELDS)}, decimal=".",
                             header=[*_FIELDS, *value_header, "status only"],
                             # each figure's column says what it measures, in which unit
                             series=[(len(_FIELDS) + k, {"measure": f.measure, "unit": f.unit, "status": f.status})
                                     for k, f in enumerate(figures)]
                             # a unit with no figure: its value cell says so, and the engine's flag of
                             # "no figure" (FAOSTAT's M) leaves the value out: the asset alone is described
                             + [(status_only, {FLAG_COLUMN: (status_only, frozenset({_NO_FIGURE}))})])
    state = {"release": None}

    def with_file_name(file_name: str) -> None:
        state["release"] = gem.release_in_file_name(file_name)

    def records(info):
        return _unit_records(info, header, units, figures, _source(state["release"], units.tracker), layout)

    layout.with_file_name = with_file_name
    layout.records = records
    return layout


def _map_figures(header: list) -> list[_Figure]:
    """Each figure the file gives with its own year column (production of oil, of gas); a figure
    without one (GEM's total) is none."""
    by_words = {_words(h): i for i, h in enumerate(header)}
    out = []
    for i, h in enumerate(header):
        m = _MAP_FIGURE.match(str(h).strip().lower())
        if not m:
            continue
        kind, fuel, unit = m.groups()
        year = by_words.get(f"{kind} year {fuel}")
        if year is not None:
            out.append(_Figure(f"{kind} of {fuel}", unit.replace("-", " "), "actual", i, year, fuel, f"{kind} year"))
    return out


def _words(header) -> str:
    """A header's words: 'production-year---oil' and 'Production Year - Oil' -> 'production year oil'."""
    return " ".join(re.sub(r"[^a-z]+", " ", str(header).lower()).split())


def _unit_records(info, header: list, units: _Units, figures: list[_Figure], source: str, layout):
    """One record per unit and year: a unit whose figures are of different years is several records
    (the same row, each with its year's figures); a unit with a status and no figure, one record that
    describes the asset only."""
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
        for k, f in enumerate(figures):
            if not gem.missing(cell(f.value_i)):
                year = cell(f.year_i)
                by_year.setdefault("" if gem.missing(year) else year, []).append(k)
        name, unit_id = cell(units.name), cell(units.unit_id)
        if unit_id and first_id.setdefault(name.lower(), unit_id) != unit_id:
            name = f"{name} [{unit_id}]"      # two units under one name are two assets
        status, country = _status(cell(units.status)), cell(units.country) or None
        if not by_year:
            if status is None:
                without += 1                  # neither a figure nor a status: nothing to record
                continue
            # the unit with its lifecycle status only ('discovered', 'in development'): an asset, no figure
            yield row_no, [name, status, country, None, None, None, None, source, None, units.kind, None] \
                + [""] * len(figures) + [_NO_FIGURE]
            continue
        start = cell(units.start)
        about = "; ".join(x for x in (f"GEM id {unit_id}" if unit_id else "",
                                      f"production start {start}" if start else "") if x)
        fuels = " and ".join(dict.fromkeys(figures[k].fuel for ks in by_year.values() for k in ks))
        for year, ks in by_year.items():       # one record a year: the figures of that year
            dated = bool(_YEAR_CELL.match(year))
            # a year GEM did not state ('not stated', '-1'): the figures stay, undated, and say so
            what = " and ".join(dict.fromkeys(figures[k].dated_by for k in ks))
            slip = None if dated or not year else f"{what} as published: {year!r}"
            out = [name, status, country, fuels, year if dated else None, None, None, source, about or None,
                   units.kind, slip]
            values = [""] * (len(figures) + 1)
            for k in ks:
                values[k] = cell(figures[k].value_i)
            yield row_no, out + values
    if without:
        layout.left_out.append(f"{without} units with neither a figure nor a status in the file "
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
        year = _text(raw.get("date"))
        dated = bool(_YEAR_CELL.match(year))
        slip = None if dated or gem.missing(year) else f"data year as published: {year!r}"
        return {"asset": asset, "asset_status": _status(_text(raw.get("status"))) if raw.get("status") else None,
                "from_place": _text(raw.get("place")) or None, "commodity": fuel or None, "kind": _KIND,
                "measure": measure, "value": value,
                "unit": _text(raw.get("unit")) or None, "date": year if dated else None, "inferred": slip,
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
PROBES = (map_probe, mine_probe, table_probe)
BY_NAME = {"gem_extraction_map": map_probe, "gem_coal_mines": mine_probe, "gem_extraction": table_probe}
