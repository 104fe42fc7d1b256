"""FAOSTAT (the Food and Agriculture Organization's statistics) CSV files, into the indicators dataset.

Three layouts:

- the bulk "Normalized" file: ``Area Code,Area Code (M49),Area,Item Code,Item Code (CPC),Item,
  Element Code,Element,Year Code,Year,Unit,Value,Flag[,Note]``, M49 and CPC codes written with a
  leading apostrophe (``'156``, ``'01211.01``) so that spreadsheets keep their zeros;
- the website's download (``FAOSTAT_data_en_*.csv``): ``Domain Code,Domain,Area Code (M49)|(ISO3)|
  (FAO),Area,Element Code,Element,Item Code (CPC)|(FAO),Item,Year Code,Year[,Months Code,Months],
  Unit,Value,Flag,Flag Description[,Note]``;
- the bulk wide file: ``Area Code,[Area Code (M49),]Area,Item Code,…,Element,Unit,Y1961,Y1961F,
  [Y1961N,]Y1962,…`` (a value, its flag and its note per year).

Each (Item, Element) pair is its own indicator ("Wheat — Production", unit t); any further
dimension a domain has (Sex, Source, Indicator…) is part of the indicator's name, so series that
differ in it are never merged. Codes are kept as text, without the apostrophe. FAO's "China"
(area 351) is the sum of mainland China, Hong Kong, Macao and Taiwan: it is kept as that
aggregate, never merged with "China, mainland" (area 41, M49 156, which is China).
Flag "M" (missing) or a blank value is no figure; every other flag is kept.
"""
from __future__ import annotations

import functools
import operator
import re

from explorer.data.importing import layouts as _layouts
from explorer.data.importing.datasets import get_dataset, norm

PUBLISHER = "FAO, FAOSTAT"

#: FAO's China (area code 351, M49 159 in FAOSTAT): mainland, Hong Kong, Macao and Taiwan
#: together. Named so that it never resolves to China (the mainland, FAO's "China, mainland").
CHINA_AGGREGATE = "China (FAO aggregate: mainland, Hong Kong, Macao, Taiwan)"
_CHINA_AGGREGATE_CODES = {"351", "159", "F351"}
_CHINA_MAINLAND_CODES = {"41", "F41"}

#: Months Code -> month; 7021 is the annual value.
_MONTH_CODES = {str(7000 + m): m for m in range(1, 13)}
_MONTH_NAMES = {name: m for m, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}

#: columns that annotate a figure or repeat another column, not a dimension of the series
_ANNOTATIONS = {"domaincode", "domain", "yearcode", "flagdescription", "note", "monthscode", "months",
                "elementcode", "itemcode", "itemcodecpc", "itemcodefao", "itemcodesitc", "itemcodehs",
                "areacode", "areacodem49", "areacodeiso3", "areacodeiso2", "areacodefao", "flag",
                "value", "unit", "year", "area", "item", "element"}
#: codes that name a place as ISO 3166 or M49 do. FAO's own area codes are not among them: they
#: collide with ISO numeric codes of other countries (FAO 100 is India, ISO 100 Bulgaria)
_AREA_CODES = ("areacodeiso3", "areacodem49", "areacodeiso2")
_ITEM_CODES = ("itemcodecpc", "itemcode", "itemcodefao", "itemcodesitc", "itemcodehs")
_YEAR_COLUMN = re.compile(r"^Y(\d{4})$")
_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_NOT_AVAILABLE_FLAGS = {"m"}
_NOT_AVAILABLE_FLAG_CELLS = frozenset({"M", "m"})


def code(cell) -> str:
    """A code as FAOSTAT means it: "'01211.01" -> '01211.01' (the apostrophe only keeps the zeros)."""
    text = "" if cell is None else str(cell).strip()
    return text[1:] if text.startswith("'") else text


def place(name: str, area_code: str = "", fao_code: str = "") -> tuple[str, str | None]:
    """(place, place code) of a FAOSTAT area. FAO's China aggregate gets a name of its own and no
    code (the ISO3 download codes it 'CHN'); China, mainland (area 41, ISO3 'F41') is China, M49 156."""
    text = str(name).strip()
    codes = {code(area_code), code(fao_code)} - {""}
    if text == "China" or codes & _CHINA_AGGREGATE_CODES:
        return CHINA_AGGREGATE, None
    if text == "China, mainland" or codes & _CHINA_MAINLAND_CODES:
        return text, "156"
    return text, code(area_code) or None


def period(year: str, month: str = "", month_code: str = "") -> str:
    """'2021' -> '2021'; '2000-2002' (a three-year average) -> '2000/2002'; a month of
    FAOSTAT's monthly domains -> '2021-03'."""
    text = str(year).strip()
    m = _RANGE.match(text)
    if m:
        return f"{m.group(1)}/{m.group(2)}"
    month_no = _MONTH_CODES.get(code(month_code)) or _MONTH_NAMES.get(str(month).strip().lower())
    if month_no and re.fullmatch(r"\d{4}", text):
        return f"{text}-{month_no:02d}"
    return text


@functools.lru_cache(maxsize=4096)      # a file holds a few dozen years (or months)
def _period_of_cells(year, month, month_code) -> str:
    return period(str(year or ""), str(month or ""), str(month_code or ""))


#: Distinct series whose fields a normalized file's import keeps at once (see ``normalized``).
_SERIES_SEEN_MAX = 65_536
_UNSEEN = object()


def _indicator(item: str, element: str, extra: list[str]) -> str:
    name = " — ".join(p for p in (str(item).strip(), str(element).strip()) if p)
    return name + (" (" + ", ".join(extra) + ")" if extra else "")


def _columns(header: list[str], idx: dict[str, int]) -> dict[str, int]:
    cols = {"area": idx["area"], "item": idx["item"], "element": idx["element"]}
    for names, field in ((_AREA_CODES, "area_code"), (_ITEM_CODES, "item_code")):
        found = next((idx[n] for n in names if n in idx), None)
        if found is not None:
            cols[field] = found
    fao_area = idx.get("areacode", idx.get("areacodefao"))
    if fao_area is not None:
        cols["fao_area_code"] = fao_area
    for name in ("elementcode", "unit", "flag", "note", "months", "monthscode"):
        if name in idx:
            cols[name] = idx[name]
    return cols


def _dimensions(header: list[str], used: set[int]) -> dict[str, int]:
    """Columns this layout does not know (Sex, Source, Indicator…): each a dimension of the series."""
    return {f"dim {h}": i for i, h in enumerate(header)
            if i not in used and str(h).strip() and norm(h) not in _ANNOTATIONS
            and not _YEAR_COLUMN.match(str(h).strip()) and not re.match(r"^Y\d{4}[FN]$", str(h).strip())
            and not norm(h).endswith("code")}


def _row_fields(raw: dict) -> dict | None:
    area = str(raw.get("area") or "").strip()
    item = str(raw.get("item") or "").strip()
    if not area and not item:
        return None
    extra = [f"{k[4:]}: {str(v).strip()}" for k, v in raw.items() if k.startswith("dim ") and str(v or "").strip()]
    where, where_code = place(area, raw.get("area_code", ""), raw.get("fao_area_code", ""))
    out = {"publisher": PUBLISHER, "place": where, "indicator": _indicator(item, str(raw.get("element") or ""), extra)}
    if where_code:
        out["place_code"] = where_code
    item_code = code(raw.get("item_code"))
    element_code = code(raw.get("elementcode"))
    if item_code:
        out["indicator_code"] = item_code + (f"/{element_code}" if element_code else "")
    unit = str(raw.get("unit") or "").strip()
    if unit:
        out["unit"] = unit
    note = str(raw.get("note") or "").strip()
    if note:
        out["description"] = note
    return out


def normalized(header, idx) -> "_layouts.Layout | None":
    """One figure per row: the bulk Normalized file and the website's download."""
    if not {"area", "item", "element", "year", "value"} <= idx.keys():
        return None
    cols = _columns(header, idx)
    cols |= {"year": idx["year"], "value": idx["value"]}
    cols |= _dimensions(header, set(cols.values()) | {idx[n] for n in _ANNOTATIONS if n in idx})

    # a series' fields (place, indicator, codes, unit) are read once per series, not once per year:
    # every cell but the year, value and flag is the key of what _row_fields made of them
    series_key = operator.itemgetter(*[k for k in cols if k not in ("year", "value", "flag")])
    seen: dict[object, dict | None] = {}

    def transform(raw: dict) -> dict | None:
        key = series_key(raw)
        fields = seen.get(key, _UNSEEN)
        if fields is _UNSEEN:
            if len(seen) >= _SERIES_SEEN_MAX:     # memory stays flat on the biggest bulk file
                seen.clear()
            fields = seen[key] = _row_fields(raw)
        if fields is None:
            return None
        out = dict(fields)
        flag = str(raw.get("flag") or "").strip()
        if flag.lower() in _NOT_AVAILABLE_FLAGS:
            return {**out, "value": ""}        # FAO's "missing value": no figure, never 0
        if flag:
            out["flag"] = flag
        out["period"] = _period_of_cells(raw.get("year"), raw.get("months"), raw.get("monthscode"))
        out["value"] = raw.get("value")
        return out

    layout = _layouts.Layout("faostat", get_dataset("indicators"), cols, header=header,
                             transform=transform, constants={"publisher": PUBLISHER})
    layout.transform_cells = _on_cells(cols)
    return layout


def _on_cells(cols: dict[str, int]):
    """The normalized file's transform reading cells by index (Layout.transform_cells): a series'
    fields made once (the shared dict), the year's period, value and flag beside them — the same
    fields as ``transform`` for the same cells."""
    at = [i for k, i in cols.items() if k not in ("year", "value", "flag")]
    series_key = operator.itemgetter(*at) if len(at) > 1 else (lambda cells: (cells[at[0]],))
    year_i, value_i = cols["year"], cols["value"]
    flag_i, months_i, months_code_i = cols.get("flag"), cols.get("months"), cols.get("monthscode")
    seen: dict[object, dict | None] = {}

    flags: dict[object, tuple[str, bool]] = {}     # flag cell -> (flag, "no figure"): a file has a handful
    periods: dict[object, str] = {}              # year cell, or (year, month, month code) cells -> period

    last: list = [None, None]                     # the previous row's series key and fields

    def transform(cells: list) -> tuple[dict, dict] | None:
        key = series_key(cells)
        if key == last[0]:                        # a series' years follow one another: no lookup
            fields = last[1]
        else:
            fields = seen.get(key, _UNSEEN)
            if fields is _UNSEEN:
                if len(seen) >= _SERIES_SEEN_MAX:     # memory stays flat on the biggest bulk file
                    seen.clear()
                fields = seen[key] = _row_fields({name: cells[i] for name, i in cols.items()})
            last[0], last[1] = key, fields
        if fields is None:
            return None
        flag_cell = cells[flag_i] if flag_i is not None else None
        found = flags.get(flag_cell)
        if found is None:
            flag = str(flag_cell or "").strip()
            found = (flag, flag.lower() in _NOT_AVAILABLE_FLAGS)
            if len(flags) < 256:
                flags[flag_cell] = found
        flag, no_figure = found
        if no_figure:
            return fields, {"value": ""}          # FAO's "missing value": no figure, never 0
        when = (cells[year_i] if months_i is None and months_code_i is None else
                (cells[year_i], None if months_i is None else cells[months_i],
                 None if months_code_i is None else cells[months_code_i]))
        period = periods.get(when)
        if period is None:
            period = _period_of_cells(*when) if type(when) is tuple else _period_of_cells(when, None, None)
            if len(periods) < 4096:
                periods[when] = period
        own = {"period": period, "value": cells[value_i]}
        if flag:
            own["flag"] = flag
        return fields, own
    return transform


def wide(header, idx) -> "_layouts.Layout | None":
    """The bulk wide file: ``…,Element,Unit,Y1961,Y1961F,Y1961N,Y1962,…``."""
    if not {"area", "item", "element"} <= idx.keys():
        return None
    years = {m.group(1): i for i, h in enumerate(header) if (m := _YEAR_COLUMN.match(str(h).strip()))}
    if len(years) < 1:
        return None
    flags = {str(h).strip()[1:5]: i for i, h in enumerate(header) if re.match(r"^Y\d{4}F$", str(h).strip())}
    cols = _columns(header, idx)
    cols |= _dimensions(header, set(cols.values()) | set(years.values()) | set(flags.values()))
    cols |= {f"flag {header[i]}": i for i in flags.values()}   # read with each year's value (not 'ignored')
    series = []
    for year, i in years.items():
        extra: dict = {"period": year}
        if year in flags:      # read by the engine: this year's flag column, and the flags that mean no figure
            extra[FLAG_COLUMN] = (flags[year], _NOT_AVAILABLE_FLAG_CELLS)
        series.append((i, extra))
    return _layouts.Layout("faostat_wide", get_dataset("indicators"), cols, header=header, series=series,
                           transform=_row_fields, constants={"publisher": PUBLISHER})


#: A series' extra naming the column of its values' flags (the engine reads it per row).
FLAG_COLUMN = "flag_column"

#: The probes layouts.PUBLISHERS tries, and the layout names a saved mapping uses.
PROBES = (normalized, wide)
BY_NAME = {"faostat": normalized, "faostat_wide": wide}
