"""Which layout a file is in, recognised from its header: a publisher's
(UN Comtrade, a pipeline tracker sheet, Our World in Data, a timeline sheet),
the app's own export/template, or a user's saved mapping; long or wide."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from explorer.data.importing.datasets import SUBJECTS, Dataset, get_dataset, norm
from explorer.data.importing.errors import ImportRejected
from explorer.data.importing.indicator_cells import split_indicator_header
from explorer.data.importing.parse import looks_like_period, unit_from_header
from explorer.data.importing.publishers import gem, timelinejs


@dataclass
class Layout:
    """How one file's columns become one subject's fields."""

    name: str                                   # comtrade|gem_tracker|owid|timeline|own|mapping
    dataset: Dataset
    columns: dict[str, int]                     # field -> column index
    constants: dict[str, object] = field(default_factory=dict)
    series: list[tuple[int, dict]] = field(default_factory=list)   # wide: (column, fields it implies)
    transform: Callable[[dict], dict] | None = None
    #: the bulk path of ``transform`` (same fields for the same cells): called with the row's cells
    #: (no dict built per row), it returns None for a row that is no data, else ``(shared, own)``:
    #: ``shared`` a dict it returns again, the same object unchanged, for every row whose repeated
    #: cells are the same (the engine converts it once), ``own`` the fields of this row alone
    transform_cells: Callable[[list], tuple[dict, dict] | None] | None = None
    header: list[str] = field(default_factory=list)
    decimal: str | dict[str, str] = "auto"       # one mark, or a mark per column (see decimal_marks)
    places: dict[str, str] = field(default_factory=dict)       # place name as written -> place_id
    units: dict[str, str] = field(default_factory=dict)        # unit as written -> a known unit
    header_row: int = 0                         # 0-based row of the header (past a preamble)
    #: a publisher whose preamble fixes a dimension (Eurostat's sheets, NBS's '指标：…') reads it here:
    #: called with the file's name and the rows above the header before any row is imported
    read_preamble: Callable[[str, list[list]], None] | None = None
    with_file_name: Callable[[str], None] | None = None   # told the file's name (a release date in it)
    asks: dict[str, str] = field(default_factory=dict)         # field the file lacks -> what to give
    #: a publisher whose file is not one table (a workbook of one year table per sheet) reads its
    #: rows itself: called with the file's SourceInfo, yields (row number, cells) under this header
    records: Callable[[object], Iterable[tuple[int, list]]] | None = None
    sheet_asked: str | None = None              # the sheet the user chose (--sheet), if any
    #: what a publisher's transform left out while reading (rows of a variable it cannot read), for the summary
    left_out: list[str] = field(default_factory=list)

    @property
    def wide(self) -> bool:
        return bool(self.series)

    @property
    def ignored(self) -> list[str]:
        used = set(self.columns.values()) | {i for i, _ in self.series}
        return [h for i, h in enumerate(self.header) if i not in used and str(h).strip()] + self.left_out

    def mapping(self) -> dict:
        """The mapping as saved in the history and reusable with ``--mapping``."""
        out = {"dataset": self.dataset.name, "layout": self.name,
               "columns": {f: self.header[i] for f, i in self.columns.items()},
               "constants": self.constants, "decimal": self.decimal,
               "time": "columns" if self.series else "rows"}
        if self.places:
            out["places"] = self.places
        if self.units:
            out["units"] = self.units
        if self.header_row:
            out["header_row"] = self.header_row + 1      # 1-based, as --header-row takes it
        if self.series:
            out["series"] = [self.header[i] for i, _ in self.series]
        return out

    def mapping_json(self) -> str:
        return json.dumps(self.mapping(), ensure_ascii=False, sort_keys=True, default=str)


def _index(header: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, h in enumerate(header):
        out.setdefault(norm(h), i)
    for i, h in enumerate(header):       # 'value (billion USD)' also answers to 'value'
        if unit_from_header(str(h)) is not None:
            out.setdefault(norm(_UNIT_SUFFIX.sub("", str(h))), i)
    return out


#: A unit in brackets closing a header: 'value (billion USD)'.
_UNIT_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")


def _unit_in_value_header(layout: "Layout") -> None:
    """A file with no unit column whose value column names its unit ('value (billion USD)'):
    that unit is every row's, as if the mapping gave it."""
    i = layout.columns.get("value")
    if i is None or "unit" in layout.columns or "unit" in layout.constants:
        return
    if "unit" not in {f.name for f in layout.dataset.fields}:
        return
    unit = unit_from_header(str(layout.header[i]))
    if unit is not None:
        layout.constants["unit"] = unit


def _own_columns(ds: Dataset, idx: dict[str, int]) -> dict[str, int]:
    cols = {}
    for f in ds.fields:
        for name in (f.name, *f.aliases):
            if norm(name) in idx:
                cols[f.name] = idx[norm(name)]
                break
    return cols


def _wide_series(ds: Dataset, header: list[str], cols: dict[str, int]) -> list[tuple[int, dict]]:
    used = set(cols.values())
    time_field = next((f.name for f in ds.fields if f.kind == "period"), None)
    if time_field is None or "value" not in {f.name for f in ds.fields}:
        return []
    found = [(i, {time_field: str(h).strip()}) for i, h in enumerate(header)
             if i not in used and str(h).strip() and looks_like_period(str(h).strip())]
    return found if len(found) >= 2 else []


# -- publisher layouts ------------------------------------------------------------


#: Columns of an OWID grapher CSV that annotate the entity rather than measure it.
_OWID_ANNOTATIONS = {"continent", "worldregionsaccordingtoowid", "owidregion", "region"}
#: Words of an annotating column's name (OWID writes "World regions according to OWID",
#: "World region according to OWID", "Continent", "Income group"…); such a column holds text.
_OWID_ANNOTATION_WORDS = ("region", "continent", "incomegroup")


def _is_owid_annotation(header: str) -> bool:
    """An OWID column that describes the entity or another column, never a series of numbers:
    a region/continent column (a unit in parentheses would make it an indicator, e.g.
    "Share of region's GDP (%)"), or the text notes OWID writes beside a series
    ("<indicator> (annotations)")."""
    text = str(header).strip()
    key = norm(text)
    if key in _OWID_ANNOTATIONS or text.lower().endswith("(annotations)"):
        return True
    return "(" not in text and any(word in key for word in _OWID_ANNOTATION_WORDS)


def _owid(header, idx) -> Layout | None:
    """Our World in Data grapher CSV: ``Entity,Code,Year,<indicator (unit)>…``, one series per column."""
    time = next((t for t in ("year", "day") if t in idx), None)     # 'Day' in daily series (ISO dates)
    if not (time and "entity" in idx and len(header) >= 4 and norm(header[0]) == "entity"):
        return None
    fixed = {idx["entity"], idx[time], idx.get("code", -1)}
    series = []
    for i, h in enumerate(header):
        if i in fixed or _is_owid_annotation(h):
            continue
        name, unit = split_indicator_header(h) if str(h).strip() else (None, None)
        # a blank header gives no name: the import asks for one (a constant 'indicator')
        series.append((i, {k: v for k, v in (("indicator", name), ("unit", unit)) if v}))
    cols = {"place": idx["entity"], "period": idx[time]}
    if "code" in idx:
        cols["place_code"] = idx["code"]
    return Layout("owid", get_dataset("indicators"), cols, header=header, series=series,
                  constants={"publisher": "Our World in Data"})


def _owid_dataset(header, idx) -> Layout | None:
    """Our World in Data's full datasets (owid-co2-data.csv, owid-energy-data.csv):
    ``country,year,iso_code,<variable>…``, one series per variable, named as the file names it
    (the units are in OWID's codebook, not in the file)."""
    if not {"country", "year", "isocode"} <= idx.keys():
        return None
    fixed = {idx["country"], idx["year"], idx["isocode"]}
    series = [(i, {"indicator": str(h).strip()}) for i, h in enumerate(header)
              if i not in fixed and str(h).strip()]
    if not series:
        return None
    return Layout("owid_dataset", get_dataset("indicators"), {
        "place": idx["country"], "period": idx["year"], "place_code": idx["isocode"]},
        header=header, series=series, constants={"publisher": "Our World in Data"})


def _split_indicator(raw: dict) -> dict:
    """The unit inside an indicator's name: 'GDP (current US$)' -> indicator 'GDP', unit 'current US$'."""
    name = str(raw.get("indicator") or "").strip()
    if name and not str(raw.get("unit") or "").strip():
        raw["indicator"], raw["unit"] = split_indicator_header(name)
    return raw


def _wdi(header, idx) -> Layout | None:
    """World Bank WDI bulk CSV (``Country Name,Country Code,Indicator Name,Indicator Code,1960,…``,
    found past its preamble) and the DataBank download (``Series Name,…,2015 [YR2015]``)."""
    cols = _world_bank_columns(idx)
    if cols is None:
        return None
    series = [(i, {"period": year}) for i, h in enumerate(header)
              if i not in cols.values() and (year := _year_column(h))]
    if not series:
        return None
    return Layout("wdi", get_dataset("indicators"), cols, header=header, series=series,
                  transform=_split_indicator,
                  constants={"publisher": "World Bank, World Development Indicators"})


def _world_bank_columns(idx: dict[str, int]) -> dict[str, int] | None:
    """The country and series columns of a World Bank file: names required, codes where the
    download kept them (DataBank lets the analyst leave 'Country Code' or 'Series Code' out)."""
    names = {"place": ("countryname",), "place_code": ("countrycode",),
             "indicator": ("indicatorname", "seriesname"), "indicator_code": ("indicatorcode", "seriescode")}
    cols = {}
    for field_name, options in names.items():
        found = next((idx[o] for o in options if o in idx), None)
        if found is not None:
            cols[field_name] = found
    return cols if {"place", "indicator"} <= cols.keys() else None


def _databank_long(header, idx) -> Layout | None:
    """World Bank DataBank with series and time down the rows: ``Country Name,[Country Code,]
    Series Name,[Series Code,]Time,[Time Code,]Value`` (and its footer lines, which name no country)."""
    cols = _world_bank_columns(idx)
    if cols is None or not {"time", "value"} <= idx.keys():
        return None
    cols.update(period=idx["time"], value=idx["value"])
    return Layout("databank_long", get_dataset("indicators"), cols, header=header,
                  transform=_split_indicator,
                  constants={"publisher": "World Bank, World Development Indicators"})


_SERIES_COLUMN = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$")


def _databank_by_time(header, idx) -> Layout | None:
    """World Bank DataBank with time down the rows: ``Time,Time Code,Country Name,Country Code,
    GDP (current US$) [NY.GDP.MKTP.CD],…``; each series column names its unit and code."""
    if not {"time", "countryname"} <= idx.keys():
        return None
    fixed = {idx["time"], idx.get("timecode", -1), idx["countryname"], idx.get("countrycode", -1)}
    series = []
    for i, h in enumerate(header):
        m = _SERIES_COLUMN.match(str(h))
        if i in fixed or not m:
            continue
        name, unit = split_indicator_header(m.group(1))
        extra = {"indicator": name, "indicator_code": m.group(2).strip()}
        if unit:
            extra["unit"] = unit
        series.append((i, extra))
    if not series:
        return None
    cols = {"place": idx["countryname"], "period": idx["time"]}
    if "countrycode" in idx:
        cols["place_code"] = idx["countrycode"]
    return Layout("databank", get_dataset("indicators"), cols, header=header, series=series,
                  constants={"publisher": "World Bank, World Development Indicators"})


_YEAR_COLUMN = re.compile(r"^(\d{4})(?:\s*\[YR\d{4}\])?$")


def _year_column(header: str) -> str | None:
    """'1960' or DataBank's '2015 [YR2015]' -> the year; else None."""
    m = _YEAR_COLUMN.match(str(header).strip())
    return m.group(1) if m else None


from explorer.data.importing.publishers import eurostat, nbs  # noqa: E402  (they build Layouts)

from explorer.data.importing.publishers import comtrade  # noqa: E402 - its layouts build on Layout
from explorer.data.importing.publishers import energyinstitute, rosstat  # noqa: E402 (year tables)

PUBLISHERS = (*comtrade.LAYOUTS, gem.gem_tracker, _owid, _owid_dataset, _wdi, _databank_by_time, timelinejs.timeline)
PUBLISHERS += eurostat.PROBES + nbs.PROBES
PUBLISHERS += energyinstitute.PROBES + rosstat.PROBES
PUBLISHER_BY_NAME = {"comtrade": comtrade.comtrade_plus, "comtrade_classic": comtrade.comtrade_classic,
                     "gacc": comtrade.gacc, "gem_tracker": gem.gem_tracker, "owid": _owid,
                     "owid_dataset": _owid_dataset, "wdi": _wdi, "databank": _databank_by_time,
                     "timeline": timelinejs.timeline, "pipeline_tracker": gem.gem_tracker}
PUBLISHER_BY_NAME.update(energyinstitute.BY_NAME | rosstat.BY_NAME)
PUBLISHER_BY_NAME.update(eurostat.BY_NAME | nbs.BY_NAME)
from explorer.data.importing.publishers import eia, faostat  # noqa: E402  (they build Layouts)
PUBLISHERS += faostat.PROBES + eia.PROBES
PUBLISHER_BY_NAME.update(faostat.BY_NAME | eia.BY_NAME)
from explorer.data.importing.publishers import gem_extraction  # noqa: E402  (it builds Layouts)
# before the general GEM tracker layout: a coal mine tracker is read with its production and reserves
_GEM_AT = PUBLISHERS.index(gem.gem_tracker)
PUBLISHERS = PUBLISHERS[:_GEM_AT] + gem_extraction.PROBES + PUBLISHERS[_GEM_AT:]
PUBLISHER_BY_NAME.update(gem_extraction.BY_NAME)
# World Bank DataBank with series and time down the rows (after the wide layouts it never matches)
PUBLISHERS += (_databank_long,)
PUBLISHER_BY_NAME["databank_long"] = _databank_long


#: How far down a file a publisher's header is looked for (WDI has a four-line preamble).
HEADER_SEARCH_ROWS = 30


def find_header(rows: Iterable[list], at: int | None = None) -> tuple[int, list] | None:
    """(0-based row number, cells) of the header: row ``at`` (1-based) when the analyst says
    where it is (``--header-row``), else the first row a publisher's layout recognises within
    the first HEADER_SEARCH_ROWS rows, else the first non-empty row."""
    if at is not None:
        return next(((n, row) for n, row in enumerate(rows) if n == at - 1), None)
    first: list = []
    try:
        found = _publisher_header(rows, first)
    except ImportRejected:
        # a broken record (an open quote) below the first row: that is the import's to report,
        # with its row and column; the header is the first row, as it would be without a preamble
        if not first:
            raise
        found = None
    return found or (first[0] if first else None)


def has_publisher_header(rows: Iterable[list]) -> bool:
    """Whether a publisher's layout recognises a row within the first HEADER_SEARCH_ROWS rows (a
    workbook's sheet worth reading before its 'About' or 'ReadMe' sheet)."""
    try:
        return _publisher_header(rows, []) is not None
    except ImportRejected:
        return False


def _publisher_header(rows: Iterable[list], first: list) -> tuple[int, list] | None:
    """The first row a publisher's layout recognises; ``first`` is given the first non-empty row."""
    for n, row in enumerate(rows):
        if not any(str(c).strip() for c in row):
            continue
        if not first:
            first.append((n, row))
        if n >= HEADER_SEARCH_ROWS:
            break
        header = [str(h).strip() for h in row]
        idx = _index(header)
        if any(probe(header, idx) for probe in PUBLISHERS):
            return n, row
    return None


def recognise(header: list, dataset: str | None = None, mapping: dict | None = None) -> Layout:
    """The layout of a file with this header (KeyError names what is missing)."""
    header = [str(h).strip() for h in header]
    idx = _index(header)
    if not dataset and {"docid", "title", "publisher"} <= idx.keys():
        raise KeyError("a subject that can be imported (" + ", ".join(d.name for d in SUBJECTS)
                       + "); the Sources pane lists the curated documents, which are not imported")
    if not dataset and not mapping:
        _refuse_milestones_export(idx)
    if mapping and (mapping.get("columns") or mapping.get("layout") in PUBLISHER_BY_NAME):
        return from_mapping(header, mapping, dataset)
    layout = _recognise(header, idx, dataset or (mapping or {}).get("dataset"))
    if mapping:            # a partial mapping (constants, places, decimal) on a recognised layout
        layout.constants.update(mapping.get("constants", {}))
    if layout.name == "own":
        _unit_in_value_header(layout)
    return layout


def _refuse_milestones_export(idx: dict[str, int]) -> None:
    """An export's milestones file (trade_milestones.csv…) names each event's subject by its
    description or name, not as a corridor: read as corridor milestones, it made every trade or
    energy subject a new corridor. It is the dated events of subjects already in the database;
    the pane's own table is the file that imports back."""
    from explorer.data.panes import milestone_specs

    for spec in milestone_specs():
        if {norm(k) for k in spec.keys if k != "numeric_notes"} <= idx.keys():
            raise KeyError("a file of figures, such as a pane's own exported table (trade.csv, energy.csv); "
                           "an export's …_milestones.csv lists dated milestones of subjects already in "
                           "the database and is not imported")


def _recognise(header: list[str], idx: dict[str, int], dataset: str | None) -> Layout:
    for probe in PUBLISHERS:
        layout = probe(header, idx)
        if layout and (dataset is None or get_dataset(dataset) is layout.dataset):
            return layout
    candidates = [get_dataset(dataset)] if dataset else list(SUBJECTS)
    best, best_score = None, None
    for ds in candidates:
        cols = _own_columns(ds, idx)
        series = _wide_series(ds, header, cols)
        satisfied = sum(1 for f in ds.fields if f.required and (f.name in cols or (series and f.kind in ("period", "number"))))
        score = satisfied * 100 + len(cols) - sum(1 for f in ds.fields if f.required) * 100
        if best_score is None or score > best_score:
            best, best_score = Layout("own", ds, cols, header=header, series=series), score
    return best


def from_mapping(header: list[str], mapping: dict, dataset: str | None = None) -> Layout:
    """A layout from a saved mapping ({"dataset", "columns": {field: header}, "constants", ...})."""
    ds = get_dataset(dataset or mapping["dataset"])
    idx = _index(header)
    probe = PUBLISHER_BY_NAME.get(mapping.get("layout", ""))
    pub = probe(header, idx) if probe else None
    if pub is not None and pub.dataset is ds:
        # a publisher's layout keeps its own reading of the columns; the mapping may set constants
        pub.constants.update(mapping.get("constants", {}))
        pub.decimal = mapping.get("decimal", pub.decimal)
        if pub.transform is None and not pub.series and mapping.get("columns"):
            pub.columns = {f: idx[norm(h)] for f, h in mapping["columns"].items() if h and norm(h) in idx}
        return pub
    cols = {}
    for f, h in mapping.get("columns", {}).items():
        if h is None or h == "":
            continue
        if norm(h) not in idx:
            raise KeyError(f"column {h!r} named in the mapping for {f!r}")
        cols[f] = idx[norm(h)]
    series = []
    if mapping.get("time") == "columns":
        names = mapping.get("series")
        series = ([(idx[norm(h)], {"period" if ds.name == "trade" else "date": h}) for h in names if norm(h) in idx]
                  if names else _wide_series(ds, header, cols))
    return Layout(mapping.get("layout", "mapping"), ds, cols, dict(mapping.get("constants", {})),
                  series, header=header, decimal=mapping.get("decimal", "auto"))
