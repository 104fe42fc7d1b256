"""Global Energy Monitor trackers: the pipeline downloads (``ProjectID;…;PipelineName;SegmentName;
…;Status;StartYear1;…;Capacity;CapacityUnits``), the LNG terminal workbooks (``TerminalName``,
``UnitName``), the unit-level trackers (``Project Name``, ``Unit Name``, ``Capacity (MW)``) and the
map-data files (``id,url,name,unit-name,status,…,capacity,start-year,…,tracker-acro,capacity-table``).

Each segment or unit is its own asset, part of its project; GEM's status is the asset's lifecycle
status (the figure is a design capacity); the source is "Global Energy Monitor, <tracker>, <release>"."""
from __future__ import annotations

import functools
import re

from explorer.data.importing.datasets import get_dataset, norm
from explorer.data.importing.indicator_cells import split_indicator_header
from explorer.data.importing.publishers import cell_text as _text

#: Column name options (as ``datasets.norm`` writes them), first found wins.
_NAME = ("pipelinename", "terminalname", "projectname", "plantname", "facilityname", "coalterminalname",
         "minename", "nameenglish", "plantnameenglish", "assetnameenglish", "name", "project")
_PART = ("segmentname", "unitname", "phase", "trainname", "unit")
#: the most specific first: the LNG workbook's ProjectID is a number within its terminal (0, 1), its
#: ComboID the train's own id (T053801)
_ID = ("comboid", "gemunitphaseid", "gemunitid", "gemmineid", "gemassetid", "unitid", "projectid", "terminalid", "id")
_START = ("startyear1", "startyear", "start_year", "openingyear", "startdate", "year")
_OTHER = {"commodity": ("fuel", "fueltype"), "from_place": ("startcountry", "country", "countryarea", "areas"),
          "to_place": ("endcountry",), "units_column": ("capacityunits", "unitsofcapacity"),
          "capacity_bcm": ("capacitybcmy", "capacityinbcmy"), "capacity_text": ("capacitytable",),
          "tracker": ("trackeracro", "trackercustom"), "facility": ("facilitytype", "trackerdisplay"),
          "release": ("release", "dataversion", "version"),
          # the hydropower tracker's binational plants: the second country and each side's share
          "place_2": ("country2",), "share_1": ("country1capacitymw",), "share_2": ("country2capacitymw",)}
#: GEM's power-plant map data ('country,url,plant,unit,…,capacity,status,year'): its capacity is in
#: MW, as in every GEM power tracker, though no header says so.
_POWER_MAP = {"unit", "capacity", "status", "parent", "url"}
#: A column only GEM's files have: without one, a 'name,status,capacity' sheet is not taken for GEM's.
_GEM_MARKS = {"pipelinename", "segmentname", "terminalname", "unitname", "trackeracro", "projectid",
              "gemunitid", "gemunitphaseid", "comboid", "wiki", "startyear1", "capacitytable",
              # the map files of the other trackers (coal terminals, geothermal, iron ore mines)
              "gemterminalid", "gemlocationid", "gemmineid", "gemassetid", "locationaccuracy", "coordinateaccuracy"}

_TRACKERS = {"ggit": "Global Gas Infrastructure Tracker", "ggitlng": "Global Gas Infrastructure Tracker",
             "goit": "Global Oil Infrastructure Tracker", "gogpt": "Global Oil and Gas Plant Tracker",
             "gcpt": "Global Coal Plant Tracker", "gcmt": "Global Coal Mine Tracker",
             "gwpt": "Global Wind Power Tracker", "gspt": "Global Solar Power Tracker",
             "goget": "Global Oil and Gas Extraction Tracker", "gbpt": "Global Bioenergy Power Tracker",
             "gnpt": "Global Nuclear Power Tracker", "ghpt": "Global Hydropower Tracker",
             "ggpt": "Global Geothermal Power Tracker", "gctt": "Global Coal Terminals Tracker",
             "giomt": "Global Iron Ore Mines Tracker", "gist": "Global Iron and Steel Tracker"}
#: the map files' names ('Geothermal-map-file-2025-03-18.csv', 'Oil & Gas Extraction-map-file-…'):
#: the words before '-map-file' name the tracker
_MAP_FILE_TRACKERS = {"geothermal": "ggpt", "coal terminals": "gctt", "oil gas extraction": "goget",
                      "iron steel": "gist", "coal plants": "gcpt", "coal mines": "gcmt", "bioenergy": "gbpt",
                      "oil gas plants": "gogpt", "solar": "gspt", "wind": "gwpt", "nuclear": "gnpt",
                      "hydropower": "ghpt", "lng terminals": "ggit", "gas pipelines": "ggit",
                      "oil pipelines": "goit"}
_OIL = {"oil", "crude oil", "ngl", "oil products", "refined products"}
#: GEM's statuses beyond the app's asset_status words (the rest match as written).
_STATUS = {"pre-construction": "planned", "preconstruction": "planned", "permitted": "planned",
           "pre-permit": "planned", "pre-permit development": "planned",
           "announced": "proposed", "discovered": "proposed", "in development": "planned",
           "operating pre-fid": "operating",
           # the extraction tracker's (GOGET): a field shut in produces nothing for now, one converted
           # to underground gas storage (UGS) or abandoned extracts no more
           "shut in": "idle", "decommissioned": "retired", "abandoned": "retired", "ugs": "retired",
           "exploration": "proposed", "not found": "", "unknown": "",
           # the iron and steel tracker's: a plant announced to retire still operates
           "operating pre-retirement": "operating", "operating_pre-retirement": "operating"}
#: Releases in a file name: 2024-10-08, 2024-10, May 2024 / May-2024, 2024 May.
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_RELEASE = (re.compile(r"(?<!\d)((?:19|20)\d\d-[01]\d(?:-[0-3]\d)?)(?!\d)"),
            re.compile(rf"(?i)(?<![a-z])((?:{_MONTHS})[a-z]*[ _-]+(?:19|20)\d\d)(?!\d)"),
            re.compile(rf"(?i)(?<!\d)((?:19|20)\d\d[ _-]+(?:{_MONTHS})[a-z]*)(?![a-z])"))
_CAPACITY_TEXT = re.compile(r"^\s*[\d.,]+\s*(\S+)")


def release_in_file_name(file_name: str) -> str | None:
    """The release a GEM file's name carries ('gem_ggit_map_2024-10-08.xlsx' -> '2024-10-08')."""
    for pattern in _RELEASE:
        m = pattern.search(file_name)
        if m:
            found = m.group(1)
            return found if found[:1].isdigit() and found[4] == "-" else re.sub(r"[ _-]+", " ", found)
    return None


def tracker_in_file_name(file_name: str) -> str | None:
    """The tracker a GEM file's name names ('Global-Coal-Plant-Tracker-July-2024.xlsx',
    'GEM-GGIT-LNG-Terminals-2024-09.xlsx', 'gem_ggit_map_2024-10-08.xlsx'), or None."""
    words = re.sub(r"[^a-z]+", " ", file_name.lower()).split()
    text = " ".join(words)
    for acro, name in _TRACKERS.items():
        if acro in words or name.lower() in text:
            return name
    if "map file" in text:
        before = text.split("map file")[0].strip()
        acro = _MAP_FILE_TRACKERS.get(before)
        return _TRACKERS[acro] if acro else None
    return None


def _first(idx: dict[str, int], options: tuple[str, ...]) -> int | None:
    return next((idx[o] for o in options if o in idx), None)


#: Capacity columns whose name carries the unit (a file with no plain 'Capacity' column).
_CAPACITY_IN = {"capacitybcmy": "bcm/y", "capacityinbcmy": "bcm/y", "capacitymtpa": "mtpa",
                "capacityinmtpa": "mtpa", "capacitymw": "MW", "capacitybpd": "bpd"}


def _capacity_column(header: list[str], idx: dict[str, int]) -> tuple[int, str | None] | None:
    """The capacity column, and the unit its header names ('Capacity (MW)' -> MW)."""
    # a bare 'Capacity' column (its unit in another column); idx also answers 'capacity' for
    # 'Capacity (MW)', whose unit is in the header itself
    if "capacity" in idx and norm(header[idx["capacity"]]) == "capacity":
        return idx["capacity"], None
    for i, h in enumerate(header):
        if norm(h).startswith("capacity") and "(" in h:
            return i, split_indicator_header(h)[1]
    for i, h in enumerate(header):
        # 'unit-capacity-(mw)' (geothermal), 'design-capacity-(ttpa)' (iron ore mines)
        if norm(h).endswith(("capacitymw", "capacityttpa", "capacitymtpa", "capacitymt")) and "(" in h:
            return i, split_indicator_header(h)[1]
    return next(((idx[name], unit) for name, unit in _CAPACITY_IN.items() if name in idx), None)


def gem_tracker(header: list[str], idx: dict[str, int]):
    """A GEM tracker file, or None."""
    from explorer.data.importing.layouts import Layout    # layouts registers this module

    # the power trackers' map data: 'plant' (coal) or 'project' (oil and gas plants) names the plant
    power_map = _POWER_MAP <= idx.keys() and ("plant" in idx or "project" in idx)
    name = _first(idx, _NAME) if not power_map else idx.get("plant", idx.get("project"))
    status = idx.get("status", idx.get("operatingstatus"))      # the iron ore mines' 'Operating status'
    capacity = _capacity_column(header, idx)
    if name is None or status is None or capacity is None or not (_GEM_MARKS & idx.keys() or power_map):
        return None
    cols = {"asset": name, "asset_status": status, "value": capacity[0]}
    # a map file that joins trackers names each row in its own column ('terminalname' for an LNG
    # terminal, 'pipelinename' for a pipeline) and gives its capacity in that tracker's column
    other_name = next((idx[o] for o in _NAME if o in idx and idx[o] != name and o.endswith("name")), None)
    if other_name is not None:
        cols["asset_alt"] = other_name
    other_capacity = next((idx[o] for o in ("capacityinbcmy", "capacitybcmy") if o in idx
                           and idx[o] != capacity[0]), None)
    if other_capacity is not None and capacity[1] == "bcm/y":
        cols["value_alt"] = other_capacity
    for field_name, options in (("part", _PART), ("gem_id", _ID), ("date", _START), *_OTHER.items()):
        found = _first(idx, options)
        if found is not None and found not in cols.values():
            cols[field_name] = found
    header_unit = capacity[1] or ("MW" if power_map and not _first(idx, _OTHER["units_column"]) else None)
    # a pipeline or terminal download names no tracker: GEM's infrastructure trackers publish them
    infrastructure = norm(header[name]) in ("pipelinename", "terminalname")
    named = norm(header[name])
    kind = _KIND_OF_NAME.get(named)
    state: dict[str, str | None] = {"release": None, "tracker": None}
    first_id: dict[str, str] = {}         # asset name -> the GEM id first seen under it
    first_status: dict[str, str] = {}     # asset name (rows with no GEM id) -> its first status as written
    seen: set[tuple] = set()              # the figures read, to know a row GEM lists twice
    repeats = [0, 0]                      # rows read once (GEM's twice-listed units), rows with nothing to record

    def transform(raw: dict) -> dict | None:
        out = _row(raw, header_unit, state, infrastructure, kind)
        if out["value"] is None and out["asset_status"] is None:
            # a row naming an asset and nothing else (a pipeline listed again with '--' capacity and no
            # status, in the LNG map file): nothing to record, and the summary says so
            if not repeats[1]:
                layout.left_out.append("rows naming an asset with neither a capacity nor a status "
                                       "(nothing to record)")
            repeats[1] += 1
            return None
        # two GEM ids under one name (a terminal listed twice, a network's twin segments) are two
        # assets: the later one is told apart by its id
        gem_id = _text(raw.get("gem_id"))
        if gem_id and first_id.setdefault(out["asset"].lower(), gem_id) != gem_id:
            out["asset"] = f"{out['asset']} [{gem_id}]"
        elif not gem_id:
            # one name listed again with another status and no id to tell them apart (the LNG map's
            # Yingkou terminal, under construction and proposed; a steel plant's capacity operating and
            # 'operating_pre-retirement'): two assets, never one asset with two statuses
            written = " ".join(_text(raw.get("asset_status")).lower().replace("_", " ").split())
            if first_status.setdefault(out["asset"].lower(), written) != written:
                out["asset"] = f"{out['asset']} ({written or 'no status'})"
        key = (out["asset"], out["value"], out["unit"], out["date"], out["asset_status"])
        if key in seen:
            repeats[0] += 1               # GEM lists the unit twice, alike in every figure: read once
            if repeats[0] == 1:
                layout.left_out.append("rows that repeat an earlier row's unit, status and figure exactly "
                                       "(GEM lists some units twice): read once")
            return None
        seen.add(key)
        return out

    def with_file_name(file_name: str) -> None:
        state["release"] = release_in_file_name(file_name)
        state["tracker"] = tracker_in_file_name(file_name)

    # GEM writes English numbers: '1,200' is twelve hundred (the iron ore mines' map data)
    layout = Layout("gem_tracker", get_dataset("energy"), cols, header=header, transform=transform,
                    constants={"measure": "design_capacity", "status": "design"}, decimal=".")
    layout.with_file_name = with_file_name
    return layout


def _row(raw: dict, header_unit: str | None, named: dict, infrastructure: bool, kind: str | None) -> dict:
    """One GEM row as the energy subject's fields; ``named``: the release and tracker the file's name gives."""
    name, part = _text(raw.get("asset")), _text(raw.get("part"))
    if _missing(name) and not _missing(_text(raw.get("asset_alt"))):
        name = _text(raw.get("asset_alt"))
        kind = _ALT_KIND.get(kind, kind)
    if part.lower() in ("", "none", "nan", "-", "--"):
        part = ""
    fuel = _text(raw.get("commodity")) or _fuel_of_tracker(_text(raw.get("tracker")))
    out = {"asset": f"{name}, {part}" if part else name, "part_of": name if part else None,
           "asset_status": _status(_text(raw.get("asset_status"))),
           "commodity": fuel.lower() or None, "from_place": _text(raw.get("from_place")) or None,
           "to_place": _text(raw.get("to_place")) or None, "kind": _kind(raw, part, kind)}
    out["value"], out["unit"] = _capacity(raw, header_unit)
    out["date"] = _year(raw.get("date"))
    if out["date"] is not None and int(out["date"][:4]) < _FIRST_DATED_YEAR:
        # an old mine's opening ('1512'): kept as written, not as a date of the figure
        out["date"], out["inferred"] = None, f"start year {out['date']} as published"
    elif out["date"] is None and not _missing(_text(raw.get("date"))):
        # GEM's maps carry the odd slip ('1' for a start year): kept as a note, not taken for a date
        out["inferred"] = f"start year {_text(raw.get('date'))!r} as published is not a year"
    tracker = _tracker(raw, fuel, infrastructure, named["tracker"])
    edition = _text(raw.get("release")) or named["release"]
    out["original_source"] = ", ".join(x for x in ("Global Energy Monitor", tracker, edition) if x)
    gem_id = _text(raw.get("gem_id"))
    if gem_id and out["value"]:
        out["description"] = f"GEM id {gem_id}"        # the figure's row in GEM's own tables
    if out["from_place"] and "," in out["from_place"]:
        out["from_place"] = None            # 'Russia, Mongolia, China': several areas, no one start
    _binational(raw, out)
    return out


def _binational(raw: dict, out: dict) -> None:
    """A plant on a border ('country' China, 'country_2' North Korea, 315 MW each of 630 MW) is
    no one country's: its whole capacity under the first country would count the other's share
    as China's. The place is left open, as for a pipeline through several countries, and the
    two countries and their shares are kept in the figure's description."""
    second = _text(raw.get("place_2"))
    first = out["from_place"]
    if _missing(second) or not first or second == first:
        return
    shares = [(place, _text(raw.get(share))) for place, share in ((first, "share_1"), (second, "share_2"))]
    parts = [f"{place} {share} MW" if not _missing(share) else place for place, share in shares]
    note = "binational: " + ", ".join(parts)
    out["description"] = f"{out['description']}; {note}" if out.get("description") else note
    out["from_place"] = None


#: The first year a figure's date may be (the energy subject's periods start in 1800).
_FIRST_DATED_YEAR = 1800

#: The kind of a row named in the other name column of a joined map file.
_ALT_KIND = {"pipeline": "lng_terminal", "lng_terminal": "pipeline"}


def _fuel_of_tracker(acro: str) -> str:
    """The map's 'GGIT' carries gas, its 'GGIT-lng' LNG; the others name no one fuel."""
    low = acro.lower()
    return "LNG" if low.startswith("ggit-lng") else "gas" if low.startswith("ggit") else ""


@functools.lru_cache(maxsize=1024)       # a file has a few statuses and years
def _status(text: str) -> str | None:
    """GEM's status as the app's asset status ('Shelved - inferred 2 y' -> shelved)."""
    low = re.split(r"\s+-\s+|\s*\(", text.strip().lower())[0]
    low = re.sub(r"[ _]pre-retirement$", "", low)      # the steel tracker's 'mothballed_pre-retirement'
    return _STATUS.get(low, low) or None


def status_of(text: str) -> str | None:
    """GEM's status as the app's asset status (for every GEM tracker module)."""
    return _status(text)


def missing(cell: str) -> bool:
    """GEM's ways of writing no figure ('', '--', 'n/a', 'TBD', 'unknown'…)."""
    return _missing(cell)


#: the kind of asset a tracker's name column says its rows are
_KIND_OF_NAME = {"pipelinename": "pipeline", "terminalname": "lng_terminal", "minename": "mine",
                 "coalterminalname": "coal_terminal"}


def _kind(raw: dict, part: str, kind: str | None) -> str:
    """A pipeline's segment, an LNG terminal (or its train), a mine, a coal terminal, or a plant's unit."""
    if kind in ("mine", "coal_terminal"):
        return kind
    facility = _text(raw.get("facility")).lower()
    if kind == "lng_terminal" or "lng" in facility or "terminal" in facility \
            or "lng" in _text(raw.get("tracker")).lower():
        return "lng_terminal"
    if kind == "pipeline" or "pipeline" in facility or _text(raw.get("tracker")).lower() in ("ggit", "goit"):
        return "segment" if part else "pipeline"
    return "unit" if part else "plant"


def _capacity(raw: dict, header_unit: str | None) -> tuple[str | None, str | None]:
    """(value as written, unit): the unit column, the header's unit, or the map's 'capacity-table'
    text ('28.5 bcm/y of gas'); GEM's bcm/y conversion where the capacity itself is blank."""
    value = _text(raw.get("value"))
    if _missing(value):
        value = _text(raw.get("value_alt"))
    unit = _text(raw.get("units_column")) or header_unit
    if not unit:
        m = _CAPACITY_TEXT.match(_text(raw.get("capacity_text")))
        unit = m.group(1) if m else None
    if not unit and "lng" in _text(raw.get("tracker")).lower():
        unit = "mtpa"
    if _missing(value):
        bcm = _text(raw.get("capacity_bcm"))
        value, unit = (bcm, "bcm/y") if not _missing(bcm) else (None, None)
    return value, unit if value else None


#: How GEM's cells say "no value" (a set: asked several times a row).
_MISSING = frozenset(("", "--", "-", "*", ">0", "n/a", "na", "n.a.", "none", "nan", "tbd", "to be determined", "undetermined",
                      "unknown", "not found", "not available", "?"))


def _missing(cell: str) -> bool:
    return cell.strip().lower() in _MISSING


@functools.lru_cache(maxsize=1024)       # a file has a few statuses and years
def _year(cell) -> str | None:
    """'2019.0' -> '2019'; blanks, GEM's 'TBD' and what is no year -> None."""
    text = _text(cell)
    if _missing(text):
        return None
    m = re.fullmatch(r"(\d{4})(?:\.0+)?", text)
    if m:
        return m.group(1)
    # a start date at its own precision ('2024-05', '2006-04-30': the iron ore mines' 'Start date')
    return text if re.fullmatch(r"\d{4}-[01]\d(?:-[0-3]\d)?", text) else None


def _tracker(raw: dict, fuel: str, infrastructure: bool, named: str | None) -> str:
    """The tracker's name: the map's 'tracker-acro' ('GGIT-lng'), the file's name, or what the layout implies."""
    return _tracker_of(_text(raw.get("tracker")), fuel, infrastructure, named)


@functools.lru_cache(maxsize=256)        # the same few cells on every row of a file
def _tracker_of(tracker: str, fuel: str, infrastructure: bool, named: str | None) -> str:
    acro = norm(tracker.split(" ")[0])
    if acro in _TRACKERS:
        return _TRACKERS[acro]
    if named or not infrastructure:
        return named or ""
        return ""
    return _TRACKERS["goit"] if fuel.lower() in _OIL else _TRACKERS["ggit"]
