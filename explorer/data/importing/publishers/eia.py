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
  name of the indicators indented under them;
- indented rows with an ``INTL.…`` code carry the figures; an indicator's unit is in brackets at
  the end of its name (``Dry natural gas production (bcf)``).

``--``, ``NA``, ``(s)`` (less than half the unit shown), ``W`` (withheld) and blank cells are no
figure (no row). Aggregates (World, Asia & Oceania, OPEC, Former U.S.S.R.) stay themselves.

The other layout, "country, indicator, unit" with the years across, reads one row per series.
"""
from __future__ import annotations

import re

from explorer.data.importing import layouts as _layouts
from explorer.data.importing.datasets import get_dataset, norm
from explorer.data.importing.indicator_cells import split_indicator_header
from explorer.data.importing.errors import CellError
from explorer.data.importing.parse import looks_like_period, parse_unit

PUBLISHER = "U.S. Energy Information Administration, International Energy Statistics"

#: EIA's unit spellings whose meaning is EIA's own (its 'M' is a thousand, 'MM' a million):
#: read into the vocabulary's units; every other unit is kept as EIA writes it.
_UNITS = {
    "mb/d": "thousand bbl/d", "tb/d": "thousand bbl/d", "mmb/d": "million bbl/d",
    "mst": "thousand short tons", "mmst": "million short tons",
    "mmtonnes co2": "Mt CO2", "mmmt co2": "Mt CO2", "mmt co2": "Mt CO2",
    "quad btu": "Quad Btu", "quadrillion btu": "Quad Btu",
    "billion kwh": "TWh", "bcf": "bcf", "tcf": "tcf", "million kw": "GW",
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


def _period_column(header: str) -> bool:
    text = str(header).strip()
    return bool(_YEAR.match(text)) or (bool(text) and text[0].isdigit() and looks_like_period(text))


def _is_note(text: str) -> bool:
    return str(text).strip().lower().startswith(_NOTES)


def browser(header, idx) -> "_layouts.Layout | None":
    """``API,"","1980",…`` or ``,"","1980",…``: a code column, a name column, then years."""
    if len(header) < 4 or norm(header[0]) not in ("api", "") or str(header[1]).strip():
        return None
    series = [(i, {"period": str(h).strip()}) for i, h in enumerate(header) if i >= 2 and _period_column(h)]
    others = [h for i, h in enumerate(header) if i >= 2 and str(h).strip() and not _period_column(h)]
    if len(series) < 2 or others:
        return None
    tree = _Tree()
    # the code and name columns, and each year's cell (to tell a heading row from a row of figures)
    columns = {"indicator_code": 0, "indicator": 1} | {f"year {header[i]}": i for i, _ in series}
    layout = _layouts.Layout("eia", get_dataset("indicators"), columns, header=header, series=series,
                             transform=tree.transform, constants={"publisher": PUBLISHER})
    layout.read_preamble = tree.read_preamble
    return layout


class _Tree:
    """Reads the indented tree of the browser download one row at a time."""

    def __init__(self) -> None:
        self.heading: dict = {}           # what the rows under the current heading share
        self.heading_is_place = False
        self.groups: list[tuple[int, str, str | None]] = []     # (indent, name, unit) of open groups

    def read_preamble(self, _file_name: str, rows: list[list]) -> None:
        """A title line naming an indicator with its unit is the heading of the first rows."""
        for row in rows:
            line = next((str(c).strip() for c in row if c is not None and str(c).strip()), "")
            if split_indicator_header(line)[1] and not _is_note(line):
                self._set_heading(line)

    def _set_heading(self, text: str) -> None:
        name, unit_text = split_indicator_header(text)
        self.groups = []
        if unit_text:
            self.heading, self.heading_is_place = {"indicator": name, "unit": unit(unit_text)}, False
        else:
            self.heading, self.heading_is_place = {"place": name}, True

    def transform(self, raw: dict) -> dict | None:
        code = str(raw.get("indicator_code") or "").strip()
        cell = str(raw.get("indicator") or "")
        name = cell.strip()
        indent = len(cell) - len(cell.lstrip())
        blank = all(not str(v or "").strip() for k, v in raw.items() if k.startswith("year "))
        if not name:
            return None if blank else {"indicator_code": code}   # figures with no name: refused by row
        if blank and (not code or _is_note(code)):
            if _is_note(name) or _is_note(code):
                return None
            if indent == 0 or not self.heading:
                self._set_heading(name)
            else:
                self._open_group(indent, name)
            return None
        return self._row(code, name, indent)

    def _open_group(self, indent: int, name: str) -> None:
        while self.groups and self.groups[-1][0] >= indent:
            self.groups.pop()
        base, unit_text = split_indicator_header(name)
        self.groups.append((indent, base, unit(unit_text)))

    def _row(self, code: str, name: str, indent: int) -> dict:
        while self.groups and self.groups[-1][0] >= indent:
            self.groups.pop()
        out: dict = {"publisher": PUBLISHER, **({"indicator_code": code} if code else {})}
        iso = place_code(code)
        if iso:
            out["place_code"] = iso
        if not self.heading:
            # figures before any country or indicator heading: nothing says what they are
            out["indicator"] = None
            return out
        base, unit_text = split_indicator_header(name)
        if self.heading_is_place:
            group_unit = next((u for _, _, u in reversed(self.groups) if u), None)
            if unit_text is None and group_unit is not None:
                # an indicator with its unit above rows without one: those rows are countries
                # under an indicator, not indicators of the heading's country: unsure, so refused
                out["indicator"] = None
                return out
            out["indicator"] = " — ".join([g for _, g, _ in self.groups] + [base])
            out["place"] = self.heading["place"]
            if unit_text:
                out["unit"] = unit(unit_text)
        else:
            if unit_text is not None and _known_unit(unit_text):
                # an indicator row under an indicator heading: the tree is not one we can read
                out["indicator"] = None
                return out
            out.update(self.heading)
            if self.groups:
                out["indicator"] = " — ".join([self.heading["indicator"]] + [g for _, g, _ in self.groups])
            out["place"] = name
        return out


def _known_unit(text: str) -> bool:
    """A unit EIA or the vocabulary knows (brackets in a country's name, 'Congo (Kinshasa)', are none)."""
    if " ".join(text.lower().split()) in _UNITS:
        return True
    try:
        parse_unit(text)
    except CellError:
        return False
    return True


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


#: The probes layouts.PUBLISHERS tries, and the layout names a saved mapping uses.
PROBES = (browser, table)
BY_NAME = {"eia": browser, "eia_table": table, "indicator_table": table}
