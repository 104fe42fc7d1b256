"""The U.S. Energy Information Administration's International Data Browser (International
Energy Statistics) CSV download, into the indicators dataset.

The download opens with a preamble (``Report generated on: 02-17-2023 10:42:09``, sometimes a
title line), then a header ``API,"","1980","1981",…`` (or ``,"","1980",…``): an API series code
column, a name column and one column per year. Below it the table is a tree written with
indentation:

- a heading row at the margin with no code and no figures names what the rows under it share:
  a country or region (``China``, ``Former U.S.S.R.``, ``World``) whose indicator rows follow,
  or an indicator with its unit (``Total energy production (quad Btu)``) whose countries follow;
- indented rows with no code and no figures group indicators (``    Coal``): they are part of the
  name of the indicators indented under them; a known country or region indented under its
  region (``World`` > ``    Asia & Oceania``) is a heading of its own;
- indented rows with an ``INTL.…`` code carry the figures; an indicator's unit is in brackets at
  the end of its name (``Dry natural gas production (bcf)``).

The 2019 download (``"International_data"``, the browser's URL, the date, ``"Source: U.S. Energy
Information Administration"``, then ``,,,1980,…``) has no indentation and a third column with each
row's unit: ``"","Nuclear","Million Kw"`` heads the countries' rows under it, ``"","Capacity",""``
groups indicators, ``"","China",""`` heads a country's indicator rows. A heading that is neither a
known country nor a group of indicators, above figures, is not guessed: those rows are refused, as
are rows whose series code names another country than their heading.

``--``, ``NA``, ``(s)`` (less than half the unit shown), ``W`` (withheld) and blank cells are no
figure (no row). Aggregates (World, Asia & Oceania, OPEC, Former U.S.S.R.) stay themselves.

The other layout, "country, indicator, unit" with the years across, reads one row per series.
"""
from __future__ import annotations

import functools
import re

from explorer.data.importing import layouts as _layouts
from explorer.data.importing.datasets import get_dataset, norm
from explorer.data.importing.indicator_cells import split_indicator_header
from explorer.data.importing.parse import is_unit, looks_like_period

PUBLISHER = "U.S. Energy Information Administration, International Energy Statistics"

#: EIA's unit spellings whose meaning is EIA's own (its 'M' is a thousand, 'MM' a million):
#: read into the vocabulary's units; every other unit is kept as EIA writes it.
_UNITS = {
    "mb/d": "thousand bbl/d", "tb/d": "thousand bbl/d", "mmb/d": "million bbl/d",
    "mst": "thousand short tons", "mmst": "million short tons",
    "mmtonnes co2": "Mt CO2", "mmmt co2": "Mt CO2", "mmt co2": "Mt CO2",
    "quad btu": "Quad Btu", "quadrillion btu": "Quad Btu", "mbbl/d": "thousand bbl/d", "mmbbl/d": "million bbl/d",
    "billion kwh": "TWh", "bcf": "bcf", "tcf": "tcf", "million kw": "GW",
    "billion kilowatthours": "TWh", "million kilowatthours": "GWh", "thousand megawatthours": "GWh",
}

#: The series code: INTL.<product>-<activity>-<country or region>-<unit>.<frequency>
_API_CODE = re.compile(r"^INTL\.[\w.]+-[\w.]+-([A-Z0-9]{2,5})-[\w]+\.[A-Z]$", re.I)
_YEAR = re.compile(r"^\d{4}$")
#: lines under the table that are notes or the source, not data
_NOTES = ("source", "sources", "note", "notes", "(s) =", "w =", "na =", "--", "report generated")


def unit(text: str | None) -> str | None:
    """EIA's unit as the vocabulary names it ('Mb/d' -> 'thousand bbl/d'); else as written."""
    if text is None:
        return None
    return _UNITS.get(" ".join(str(text).lower().split()), str(text).strip())


def place_code(api_code: str) -> str | None:
    """The ISO alpha-3 code in a series code ('INTL.44-1-CHN-QBTU.A' -> 'CHN'); None for EIA's
    own region codes (WORL, ASOC, OPEC…), which name aggregates, not countries."""
    m = _API_CODE.match(str(api_code).strip())
    if not m or len(m.group(1)) != 3 or not m.group(1).isalpha():
        return None
    return m.group(1).upper()


def _region(api_code: str) -> str | None:
    """The country or region part of a series code ('INTL.44-1-WORL-QBTU.A' -> 'WORL')."""
    m = _API_CODE.match(str(api_code).strip())
    return m.group(1).upper() if m else None


def _period_column(header: str) -> bool:
    text = str(header).strip()
    return bool(_YEAR.match(text)) or (bool(text) and text[0].isdigit() and looks_like_period(text))


def _is_note(text: str) -> bool:
    return str(text).strip().lower().startswith(_NOTES)


def browser(header, idx) -> "_layouts.Layout | None":
    """``API,"","1980",…`` or ``,"","1980",…`` (a code column, a name column, then years), and the
    2019 download's ``,,,1980,…`` (a third column holding each row's unit)."""
    first_year = next((i for i, h in enumerate(header) if _period_column(h)), None)
    if first_year not in (2, 3) or norm(header[0]) not in ("api", "") or any(
            str(h).strip() for h in header[1:first_year]):
        return None
    series = [(i, {"period": str(h).strip()}) for i, h in enumerate(header) if i >= first_year and _period_column(h)]
    others = [h for i, h in enumerate(header) if i >= first_year and str(h).strip() and not _period_column(h)]
    if len(series) < 2 or others:
        return None
    # EIA's name only where the file shows it is EIA's: its 'API' header, its preamble or its INTL. codes
    tree = _Tree(PUBLISHER if norm(header[0]) == "api" else None)
    # the code and name columns, and each year's cell (to tell a heading row from a row of figures)
    columns = {"indicator_code": 0, "indicator": 1} | {f"year {header[i]}": i for i, _ in series}
    if first_year == 3:
        columns["unit"] = 2
    # the blank headers named for messages ('row 9, column name: …'): the file leaves them blank
    shown = [str(h).strip() for h in header]
    shown[0] = shown[0] or "API"
    shown[1] = "name (country or indicator)"
    if first_year == 3:
        shown[2] = "unit"
    layout = _layouts.Layout("eia", get_dataset("indicators"), columns, header=shown, series=series,
                             transform=tree.transform)
    layout.read_preamble = tree.read_preamble
    return layout


#: preamble lines that say the file is EIA's
_EIA_PREAMBLE = re.compile(r"energy information administration|eia\.gov|^report generated on", re.I)

#: EIA's countries and regions that ISO 3166 (pycountry) does not name as EIA writes them
_EIA_PLACES = {
    "world", "africa", "asia & oceania", "asia and oceania", "central & south america", "central and south america",
    "eurasia", "europe", "middle east", "north america", "oecd", "non-oecd", "opec", "non-opec", "persian gulf",
    "russia", "korea, south", "korea, north", "south korea", "north korea", "burma", "macau", "iran", "syria",
    "laos", "vietnam", "venezuela", "bolivia", "tanzania", "moldova", "brunei", "turkey", "czechia",
    "congo-kinshasa", "congo-brazzaville", "gambia, the", "bahamas, the", "cote d'ivoire", "côte d'ivoire",
    "palestinian territories", "saint vincent/grenadines", "virgin islands, u.s.", "virgin islands, british",
    "u.s. virgin islands", "u.s. territories", "u.s. pacific islands", "hawaiian trade zone", "wake island",
    "netherlands antilles", "germany, east", "germany, west", "micronesia", "swaziland", "eswatini", "cabo verde",
    "cape verde", "reunion", "timor-leste (east timor)", "falkland islands", "saint helena", "taiwan",
    "hong kong", "antarctica", "kosovo", "north macedonia", "macedonia", "european union", "g7", "g20",
    "australia and new zealand", "asia", "oceania", "south america", "central america", "caribbean",
}
#: words of EIA's groups of indicators ('Electricity', 'Capacity', 'Non-Hydroelectric Renewables')
_GROUP_WORDS = re.compile(
    r"\b(?:energy|electric|capacity|generation|consumption|production|renewable|nuclear|coal|gas|petroleum|oil|"
    r"liquid|fuel|solar|wind|tide|wave|hydro|geotherm|biomass|waste|imports?|exports?|reserves|emissions|"
    r"co2|carbon|population|gdp|intensity|refin|distillate|gasoline|kerosene|jet|lpg|coke|biofuel|ethanol|"
    r"storage|losses|demand|supply|stocks|prices?)", re.I)


@functools.lru_cache(maxsize=4096)
def _known_place(name: str) -> bool:
    """A country or region EIA names: ISO's, EIA's own, or a former one ('Former U.S.S.R.');
    a name with words of an indicator group ('Non-Hydroelectric Renewables') is none."""
    text = " ".join(name.lower().split())
    if text in _EIA_PLACES or _iso_known(name):
        return True
    return not _GROUP_WORDS.search(name) and text.startswith(("former ", "non-", "oecd ", "ieo "))


def _iso_known(name: str) -> bool:
    import pycountry  # loads its tables on first use, off the start-up path

    try:
        pycountry.countries.lookup(name.strip())
    except LookupError:
        return False
    return True


class _Tree:
    """Reads the download's tree one row at a time: each heading row (no figures) says whether
    the rows of figures under it are the indicators of one country or the countries of one
    indicator."""

    def __init__(self, publisher: str | None) -> None:
        self.publisher = publisher
        self.place: str | None = None                 # the country heading rows of figures share
        self.indicator: dict | None = None            # or the indicator heading they share
        self.mode: str | None = None                  # 'place' or 'indicator': the latest heading
        self.unsure = False                           # a heading row we cannot tell, above figures
        self.indented = False                         # the file draws its tree with indentation
        self.groups: list[tuple[int, str]] = []       # (indent, name) of open indented groups
        self.region: str | None = None                # the series code's region under the place heading

    def read_preamble(self, _file_name: str, rows: list[list]) -> None:
        """A title line naming an indicator with its unit is the heading of the first rows."""
        for row in rows:
            line = next((str(c).strip() for c in row if c is not None and str(c).strip()), "")
            if _EIA_PREAMBLE.search(line):
                self.publisher = PUBLISHER
            name, unit_text = split_indicator_header(line)
            if unit_text and not _is_note(line):
                self.indicator, self.mode = {"indicator": name, "unit": unit(unit_text)}, "indicator"

    def transform(self, raw: dict) -> dict | None:
        code = str(raw.get("indicator_code") or "").strip()
        cell = str(raw.get("indicator") or "")
        name, unit_text = split_indicator_header(cell.strip())
        unit_text = str(raw.get("unit") or "").strip() or unit_text
        indent = len(cell) - len(cell.lstrip())
        self.indented = self.indented or indent > 0
        blank = all(not str(v or "").strip() for k, v in raw.items() if k.startswith("year "))
        if not name:
            return None if blank else {"indicator_code": code or None, "indicator": None}
        if blank and (not code or _is_note(code)):
            if not (_is_note(name) or _is_note(code)):
                self._heading(name, unit_text, indent)
            return None
        return self._row(code, name, unit_text, indent)

    def _heading(self, name: str, unit_text: str | None, indent: int) -> None:
        while self.groups and self.groups[-1][0] >= indent:
            self.groups.pop()
        if unit_text and self.mode == "indicator" and _known_place(name):
            return                       # a country with no figures at all under its indicator ('"","Aruba","Million Kw"')
        if unit_text:
            self.indicator, self.mode, self.unsure = {"indicator": name, "unit": unit(unit_text)}, "indicator", False
            if indent:
                self.groups.append((indent, name))
        elif _known_place(name) or (not indent and self.indented and not _GROUP_WORDS.search(name)):
            # a country or region, at the margin or indented under its region ('World' > '    Africa')
            self.place, self.mode, self.unsure, self.groups, self.region = name, "place", False, [], None
        elif indent:
            self.groups.append((indent, name))                  # a group of the indicators under it
        elif _GROUP_WORDS.search(name):
            pass                                                # 'Electricity', 'Capacity': a group
        else:
            self.unsure = True          # a new country we do not know, or a group: figures under it are refused

    def _row(self, code: str, name: str, unit_text: str | None, indent: int) -> dict:
        while self.groups and self.groups[-1][0] >= indent:
            self.groups.pop()
        if code.upper().startswith("INTL."):
            self.publisher = PUBLISHER
        out: dict = {"publisher": self.publisher, **({"indicator_code": code} if code else {})}
        iso = place_code(code)
        if iso:
            out["place_code"] = iso
        if self.mode is None or self.unsure:
            out["indicator"] = None       # nothing (or nothing sure) says what these figures are
            return out
        if self.mode == "place":
            region = _region(code)
            if self.region is None:
                self.region = region
            if _known_place(name) or (region and region != self.region):
                # a country's row under a country, or series of two countries under one heading:
                # the tree is not one we can read, and a figure given to the wrong country is worse than none
                out["indicator"] = None
                return out
            out["indicator"] = " — ".join([g for _, g in self.groups] + [name])
            out["place"] = self.place
        else:
            if unit_text and not self._same_unit(unit_text) and _known_unit(unit_text):
                out["indicator"] = None   # an indicator's row under an indicator: not a tree we can read
                return out
            out.update(self.indicator)
            out["place"] = name
        if unit_text:
            out["unit"] = unit(unit_text)
        return out

    def _same_unit(self, unit_text: str) -> bool:
        return bool(self.indicator) and unit(unit_text) == self.indicator.get("unit")


def _known_unit(text: str) -> bool:
    """A unit EIA or the vocabulary knows (brackets in a country's name, 'Congo (Kinshasa)', are none)."""
    return " ".join(text.lower().split()) in _UNITS or is_unit(text)


# -- "country, indicator, unit" with the years across -------------------------------

_PLACE_COLUMNS = ("country", "countryname", "countryregion", "countryregionname", "countryorarea",
                  "countryorregion", "region", "regionname")
_INDICATOR_COLUMNS = ("indicator", "indicatorname", "series", "seriesname", "activity", "product",
                      "productname", "activityname", "variable")
_UNIT_COLUMNS = ("unit", "units", "unitname")
_CODE_COLUMNS = ("api", "seriesid", "seriescode", "sourcekey", "code")


def table(header, idx) -> "_layouts.Layout | None":
    """``Country,Indicator,Unit,1980,1981,…`` (an ``API`` code column too, in EIA's downloads)."""
    place = next((idx[c] for c in _PLACE_COLUMNS if c in idx), None)
    indicator = next((idx[c] for c in _INDICATOR_COLUMNS if c in idx), None)
    if place is None or indicator is None:
        return None
    cols = {"place": place, "indicator": indicator}
    unit_col = next((idx[c] for c in _UNIT_COLUMNS if c in idx), None)
    if unit_col is not None:
        cols["unit"] = unit_col
    code = next((idx[c] for c in _CODE_COLUMNS if c in idx), None)
    if code is not None:
        cols["indicator_code"] = code
    series = [(i, {"period": str(h).strip()}) for i, h in enumerate(header)
              if i not in cols.values() and _period_column(h)]
    if len(series) < 2:
        return None
    eia = code is not None and norm(header[code]) == "api"

    def transform(raw: dict) -> dict | None:
        name = str(raw.get("indicator") or "").strip()
        where = str(raw.get("place") or "").strip()
        if not name and not where:
            return None
        if _is_note(where) and not name:
            return None
        out = {"place": where or None, "indicator": name or None}
        written = str(raw.get("unit") or "").strip()
        if name and not written:
            out["indicator"], written = split_indicator_header(name)
        if written:
            out["unit"] = unit(written)
        series_code = str(raw.get("indicator_code") or "").strip()
        if series_code:
            out["indicator_code"] = series_code
            iso = place_code(series_code)
            if iso:
                out["place_code"] = iso
        if eia or series_code.upper().startswith("INTL."):
            out["publisher"] = PUBLISHER
        return out

    return _layouts.Layout("eia_table" if eia else "indicator_table", get_dataset("indicators"), cols,
                           header=header, series=series, transform=transform)


# -- the API v2 (api.eia.gov/v2/…/data, saved as CSV, or its JSON 'data' list as a table) -----
#
# One figure per row: ``period``, each facet as an id and a name (``productId,productName,
# activityId,activityName,countryRegionId,countryRegionName,countryRegionTypeId,
# countryRegionTypeName,dataFlagId,dataFlagDescription,unit,unitName,value`` for the international
# route; ``period,duoarea,area-name,product,product-name,process,process-name,series,
# series-description,value,units`` for the petroleum and gas routes; ``period,stateid,
# stateDescription,sectorid,sectorName,sales,sales-units`` for electricity).

#: the place's name, first found wins
_V2_PLACE = ("countryregionname", "areaname", "statedescription", "statename", "countryname", "regionname",
             "respondentname", "duoareaname")
#: named facets that are not part of the indicator's name (the place's own, flags, units)
_V2_NOT_INDICATOR = {"countryregiontypename", "dataflagdescription", "unitname", "statedescription",
                     "frequencyname"}
#: EIA's words for "no figure" in a v2 value: besides the shared markers, 'ie' (insufficient data)
_V2_NO_FIGURE = {"ie", "--", "na", "(s)", "w", "nan", "none", "null", ""}
#: EIA's international unit codes (the ``unit`` column) as the vocabulary names them, where the
#: file has no ``unitName``
_V2_UNIT_CODES = {"tbpd": "thousand bbl/d", "qbtu": "Quad Btu", "bkwh": "TWh", "mk": "GW", "bcm": "bcm",
                  "bcf": "bcf", "tcf": "tcf", "mmtcd": "Mt CO2", "mmst": "million short tons",
                  "mst": "thousand short tons", "mt": "thousand t", "mmt": "Mt", "tj": "TJ"}


def _v2_value_column(header: list[str], idx: dict[str, int]) -> tuple[int, int | None] | None:
    """(value column, its own units column): ``value`` (units in ``unitName``/``unit``), or a
    data column named beside its ``<name>-units`` column (``sales``, ``sales-units``)."""
    for i, h in enumerate(header):
        units = idx.get(norm(str(h) + "units"))
        if units is not None and units != i and norm(h) not in ("", "unit"):
            return i, units
    if "value" in idx:
        return idx["value"], next((idx[c] for c in ("units", "valueunits") if c in idx), None)
    return None


def api_v2(header, idx) -> "_layouts.Layout | None":
    """A table of EIA API v2 data: ``period`` first, facets as id and name columns, a value."""
    # saved from pandas with its row index, the table has a first column of row numbers ('' or 'Unnamed: 0')
    at = 1 if len(header) > 1 and norm(header[0]) in ("", "unnamed0") else 0
    if len(header) <= at or norm(header[at]) != "period":
        return None
    value = _v2_value_column(header, idx)
    place = next((idx[c] for c in _V2_PLACE if c in idx), None)
    names = [i for i, h in enumerate(header) if norm(h).endswith(("name", "description"))
             and i != place and norm(h) not in _V2_NOT_INDICATOR]
    national = place is None and "msn" in idx       # the total-energy route: the United States' own series
    if value is None or (place is None and not national) or not names:
        return None
    cols = {"period": at, "value": value[0]}
    if place is not None:
        cols["place"] = place
    # a route's own data column ('sales', 'generation'…) names what is counted; 'value' says nothing
    measured = "" if norm(header[value[0]]) == "value" else str(header[value[0]]).strip()
    cols |= {f"name {header[i]}": i for i in names}
    for field_name, options in (("unit_name", ("unitname",)), ("unit_code", ("unit",)),
                                ("place_id", ("countryregionid", "duoarea", "stateid")), ("place_type", ("countryregiontypeid",)),
                                ("product_id", ("productid",)), ("activity_id", ("activityid",)),
                                ("series_id", ("series", "seriesid", "msn")), ("flag", ("dataflagid",))):
        found = next((idx[o] for o in options if o in idx), None)
        if found is not None and found not in cols.values():
            cols[field_name] = found
    if value[1] is not None:
        cols["units"] = value[1]

    described_at = next((i for i in names if norm(header[i]) == "seriesdescription"), None)

    def transform(raw: dict) -> dict | None:
        where = "United States" if national else str(raw.get("place") or "").strip()
        if where.upper() == "NA":         # the petroleum routes' area with no name: its code names it
            where = str(raw.get("place_id") or "").strip()
        parts = [str(raw.get(f"name {header[i]}") or "").strip() for i in names]
        if not where and not any(parts):
            return None
        # a route's series description names the whole series ('U.S. Field Production of Crude Oil
        # (Thousand Barrels per Day)'): the facets' names beside it only repeat it
        described = str(raw.get(f"name {header[described_at]}") or "").strip() if described_at is not None else ""
        name, unit_in_name = split_indicator_header(described) if described else (None, None)
        out = {"publisher": publisher, "place": where or None,
               "indicator": name or " — ".join(p for p in (measured, *parts) if p) or None,
               "period": str(raw.get("period") or "").strip(), "unit": _v2_unit(raw, unit_in_name)}
        cell = str(raw.get("value") or "").strip()
        out["value"] = "" if cell.lower() in _V2_NO_FIGURE else cell
        # an empty field is no field (the engine skips None and '')
        out["place_code"] = "USA" if national else _v2_place_code(raw)
        out["indicator_code"] = _v2_series(raw, out["period"])
        out["flag"] = str(raw.get("flag") or "").strip()
        return out

    # the international route is the International Energy Statistics the Data Browser downloads too
    publisher = PUBLISHER if "countryregionid" in idx else V2_PUBLISHER
    return _layouts.Layout("eia_api_v2", get_dataset("indicators"), cols, header=header, transform=transform,
                           constants={"publisher": publisher})


#: The API's publisher: its routes are EIA's open data, not only International Energy Statistics.
V2_PUBLISHER = "U.S. Energy Information Administration, Open Data (API v2)"


def _v2_unit(raw: dict, in_name: str | None = None) -> str | None:
    """The unit's name (``unitName``: 'billion cubic meters' -> bcm), its own ``<value>-units``,
    or EIA's unit code ('TBPD' -> thousand bbl/d); kept as EIA writes it when the vocabulary lacks it."""
    from explorer.data.importing.errors import CellError
    from explorer.data.importing.parse import parse_unit

    written = next((str(raw.get(k) or "").strip() for k in ("unit_name", "units") if str(raw.get(k) or "").strip()),
                   "")
    if written:
        try:
            return parse_unit(written)
        except CellError:
            return unit(written)
    code = str(raw.get("unit_code") or "").strip()
    if code:
        return _V2_UNIT_CODES.get(code.lower(), unit(code))
    return unit(in_name) if in_name else None


def _v2_place_code(raw: dict) -> str | None:
    """A country's ISO alpha-3 (``countryRegionId`` of a row typed 'c'); EIA's region codes (WORL,
    OECD, ASOC) are aggregates, never a country's code."""
    code = str(raw.get("place_id") or "").strip().upper()
    kind = str(raw.get("place_type") or "").strip().lower()
    if "place_type" in raw and len(code) == 3 and code.isalpha() and kind in ("", "c", "country"):
        return code
    if code in _US_AREAS or str(raw.get("place") or "").strip() in _US_NAMES:
        return "USA"          # the domestic routes' national total ('NUS', 'U.S.', 'U.S. Total')
    return None


_US_AREAS = {"NUS", "US", "USA"}
_US_NAMES = {"U.S.", "U.S. Total", "United States", "USA"}


def _v2_series(raw: dict, period: str) -> str | None:
    """The series' code: the route's own (``series``), or the international series code the API v1
    and the Data Browser name it by ('INTL.26-1-CHN-BCM.A'), for a yearly figure."""
    own = str(raw.get("series_id") or "").strip()
    if own:
        return own
    parts = [str(raw.get(k) or "").strip() for k in ("product_id", "activity_id", "place_id", "unit_code")]
    if all(parts) and _YEAR.match(period):
        return f"INTL.{parts[0]}-{parts[1]}-{parts[2]}-{parts[3]}.A"
    return None


#: The probes layouts.PUBLISHERS tries, and the layout names a saved mapping uses.
PROBES = (browser, api_v2, table)
BY_NAME = {"eia": browser, "eia_table": table, "indicator_table": table, "eia_api_v2": api_v2}
