"""Eurostat's layouts, all into the indicators dataset:

- the bulk TSV, old (``unit,geo\\time<TAB>2003 <TAB>…``) and 2023+ (``freq,unit,geo\\TIME_PERIOD``):
  the first column packs the dimensions, the other columns are periods, values carry
  trailing spaces and flags (``628 e``) and ``:`` is "not available";
- SDMX-CSV (``DATAFLOW,LAST UPDATE,freq,…,TIME_PERIOD,OBS_VALUE,OBS_FLAG``, and SDMX-CSV 2.0's
  ``STRUCTURE,STRUCTURE_ID,…``), one observation per row;
- the Data Browser XLSX sheet (a preamble naming the fixed dimensions, ``TIME`` header,
  ``GEO (Labels)`` under it, a legend of special values at the foot).

The unit and geo dimensions become the unit and place; every other dimension is part of
the indicator's identity (``nrg_ti_gas: siec=G3000, partner=RU``), so that two series that
differ in any dimension are never merged.
"""
from __future__ import annotations

import functools
import re
from pathlib import PurePath

from explorer.data.importing import layouts as _layouts
from explorer.data.importing.datasets import get_dataset, norm

PUBLISHER = "Eurostat"

#: Eurostat writes Greece and the United Kingdom with codes outside ISO 3166-1 alpha-2
#: (its "country codes" glossary); every other country code is ISO's.
_GEO_TO_ISO = {"EL": "GR", "UK": "GB"}

#: Eurostat unit codes (its 'unit' code list) for the units the vocabulary has; an unlisted
#: code is kept as written (an indicator's unit describes it, it never refuses it).
_UNIT_CODES = {
    "MIO_EUR": "million EUR", "THS_EUR": "thousand EUR", "EUR": "EUR", "BIO_EUR": "billion EUR",
    "PC_GDP": "% of GDP", "PC": "%", "PCH_PRE": "%", "PCH_SM": "%", "PCH_PRE_PER": "%",
    "TJ": "TJ", "TJ_GCV": "TJ", "TJ_NCV": "TJ", "GWH": "GWh", "MW": "MW", "KTOE": "ktoe",
    "THS_T": "thousand t", "T": "t", "MIO_T": "Mt", "MIO_M3": "million m3", "NR": "count",
    "THS_PER": "thousand persons", "PER": "persons",
    # national accounts: the price basis rides in the unit's words ('current …', 'chain-linked …'),
    # where the indicators builder keeps it apart as the series' price basis
    "CP_MEUR": "current million EUR", "CP_EUR_HAB": "current EUR", "CP_MNAC": "current million national currency",
    "CLV05_MEUR": "chain-linked volumes 2005 million EUR", "CLV10_MEUR": "chain-linked volumes 2010 million EUR",
    "CLV15_MEUR": "chain-linked volumes 2015 million EUR", "CLV20_MEUR": "chain-linked volumes 2020 million EUR",
    "CLV10_EUR_HAB": "chain-linked volumes 2010 EUR", "CLV15_EUR_HAB": "chain-linked volumes 2015 EUR",
    "MIO_NAC": "million national currency", "MIO_PPS": "million PPS", "PPS_HAB": "PPS",
    "PC_ACT": "% of active population", "PC_POP": "% of population", "PC_TOT": "%",
    "KTOE": "ktoe", "MIO_TOE": "Mtoe", "TOE": "toe", "GWH": "GWh", "MWH": "MWh", "THS_TJ": "thousand TJ",
    "MIO_M3": "million m3", "THS_M3": "thousand m3", "KG_HAB": "kg per person", "T_HAB": "t per person",
    "THS_T_CO2E": "thousand t CO2", "MIO_T_CO2E": "Mt CO2",
}

#: Eurostat period codes: 2020, 2020Q1 / 2020-Q1, 2020M01 / 2020-01, 2020-01-31.
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-?M(\d{2})$")
_PERIOD = re.compile(r"^\d{4}(?:-?Q[1-4]|-?M\d{2}|-\d{2}(?:-\d{2})?)?$")


def period(code: str) -> str:
    """An Eurostat period code as the importer reads periods: '2020Q1' -> '2020-Q1', '2020M03' -> '2020-03'."""
    text = str(code).strip()
    m = _QUARTER.match(text)
    if m:
        return f"{m.group(1)}-Q{m.group(2)}"
    m = _MONTH.match(text)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    return text


def is_period(header: str) -> bool:
    return bool(_PERIOD.match(str(header).strip()))


def unit(code: str) -> str:
    text = str(code).strip()
    return _UNIT_CODES.get(text.upper(), text)


def place_name(geo: str) -> str:
    """The country a geo code stands for, named as ISO 3166 (pycountry) names it ('EL' -> 'Greece',
    'UK' -> 'United Kingdom'); aggregates and regions (EU27_2020, EA19, DE1) as written."""
    code = str(geo).strip()
    iso = _GEO_TO_ISO.get(code.upper(), code.upper())
    if len(iso) != 2 or not iso.isalpha():
        return code
    return _country_name(iso) or code


@functools.lru_cache(maxsize=512)
def _country_name(alpha2: str) -> str | None:
    import pycountry  # its tables load on first use, off the start-up path

    country = pycountry.countries.get(alpha_2=alpha2)
    return getattr(country, "common_name", None) or (country.name if country else None)


def _code(cell) -> str:
    """'DE: Germany' (SDMX-CSV with labels) -> 'DE'; a plain code as it is."""
    text = "" if cell is None else str(cell).strip()
    return text.split(":", 1)[0].strip() if ":" in text and not text.startswith(":") else text


class _Dimensions:
    """The transform of a row into indicator fields from its dimensions (named by ``names``,
    in file order): geo -> place, unit -> unit, the rest -> the indicator's identity, prefixed
    by the dataset (its code from the file name or the DATAFLOW column)."""

    def __init__(self, names: list[str]) -> None:
        self.names = [n.strip().lower() for n in names]
        self.dataset = ""                      # set from the file name by read_preamble

    def read_preamble(self, file_name: str, _rows: list[list]) -> None:
        stem = PurePath(file_name).name.split(".")[0]
        self.dataset = re.sub(r"^(?:e(?:uro)?stat)_", "", stem, flags=re.I)   # estat_teina200.tsv, as downloaded

    def fields(self, values: list[str], dataset: str = "") -> dict:
        out: dict = {"publisher": PUBLISHER}
        rest = []
        for name, value in zip(self.names, values):
            value = _code(value)
            if name == "geo":
                out["place_code"], out["place"] = value, place_name(value)
            elif name == "unit":
                out["unit"] = unit(value)
            elif name != "freq":
                # the frequency is the period's precision already (2020, 2020-Q1): leaving it out
                # gives one series whether it came in the old TSV (no freq), the 2023+ one or SDMX-CSV
                rest.append(f"{name}={value}")
        name = dataset or self.dataset or "Eurostat"
        out["indicator"] = name + (": " + ", ".join(rest) if rest else "")
        out["indicator_code"] = name
        return out


def bulk_tsv(header, idx) -> "_layouts.Layout | None":
    """``unit,geo\\time<TAB>2003 …`` or ``freq,unit,geo\\TIME_PERIOD<TAB>2003 …``."""
    first = str(header[0]).strip() if header else ""
    dims, sep, time = first.rpartition("\\")
    if not sep or norm(time) not in ("time", "timeperiod") or "geo" not in dims.lower().split(","):
        return None
    series = [(i, {"period": period(h)}) for i, h in enumerate(header) if i and is_period(h)]
    if not series:
        return None
    rows = _Dimensions(dims.split(","))

    def transform(raw: dict) -> dict | None:
        packed = str(raw.get("indicator") or "").strip()
        if not packed:
            return None
        return rows.fields(packed.split(","))

    layout = _layouts.Layout("eurostat_tsv", get_dataset("indicators"), {"indicator": 0}, header=header,
                             series=series, transform=transform, constants={"publisher": PUBLISHER})
    layout.read_preamble = rows.read_preamble
    return layout


#: SDMX-CSV columns that are not dimensions of the observation.
_SDMX_NOT_DIMENSIONS = {"dataflow", "structure", "structureid", "structurename", "action", "lastupdate",
                        "timeperiod", "obsvalue", "obsflag", "confstatus", "obsstatus", "conf_status"}


#: An SDMX concept id ('freq', 'geo', 'TIME_PERIOD'), as opposed to a label column's header.
_SDMX_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _is_label(header: str) -> bool:
    """A label column's header is the concept's name, capitalised ('Time', 'Sex'); Eurostat's
    dimension ids are lower case ('freq', 'geo') and its measures all capitals ('OBS_VALUE')."""
    return header[:1].isupper() and not header.isupper()


def sdmx_csv(header, idx) -> "_layouts.Layout | None":
    """SDMX-CSV: one observation per row, a column per dimension (``geo`` or ``geo: Geopolitical entity``)."""
    keys = {norm(_code(h)): i for i, h in enumerate(header)}
    flow = keys.get("dataflow", keys.get("structureid"))
    if flow is None or "timeperiod" not in keys or "obsvalue" not in keys:
        return None
    # SDMX-CSV 2.0 'with labels' follows each code column with its label column, headed by the
    # concept's name ('freq,Time frequency,…,OBS_FLAG,Observation status (Flag) V2 structure'):
    # a label is no dimension of its own (a flag's label would split a series by its flag)
    dims = [(i, _code(h)) for i, h in enumerate(header)
            if norm(_code(h)) not in _SDMX_NOT_DIMENSIONS and _SDMX_ID.fullmatch(_code(h))
            and not _is_label(_code(h))]
    rows = _Dimensions([name for _, name in dims])
    columns = {"period": keys["timeperiod"], "value": keys["obsvalue"], "indicator_code": flow}
    if "obsflag" in keys:
        columns["flag"] = keys["obsflag"]
    columns.update({f"dim{n}": i for n, (i, _) in enumerate(dims)})

    def transform(raw: dict) -> dict | None:
        out = rows.fields([raw.get(f"dim{n}") for n in range(len(dims))], _dataflow(raw.get("indicator_code")))
        out["period"] = period(raw.get("period") or "")
        out["value"] = raw.get("value")
        flag = _code(raw.get("flag"))                      # 'p: provisional' (with labels) -> 'p'
        if flag:
            out["flag"] = flag
        return out

    return _layouts.Layout("eurostat_sdmx", get_dataset("indicators"), columns, header=header,
                           transform=transform, constants={"publisher": PUBLISHER})


def _dataflow(cell) -> str:
    """'ESTAT:TEINA200(1.0)' -> 'teina200'."""
    text = str(cell or "").strip()
    text = text.split(":", 1)[-1]
    return text.split("(", 1)[0].strip().lower()


#: Data Browser sheets end with a legend of special values and flags: not data.
_LEGEND = {"special value", "special value:", "observation flags", "observation flags:", "flags", ":"}


def data_browser_sheet(header, idx) -> "_layouts.Layout | None":
    """A Data Browser XLSX sheet: ``TIME, 2011, 2012, …`` past a preamble whose lines
    ('Unit of measure', 'Geopolitical entity (partner)', …) fix the sheet's other dimensions."""
    if not header or norm(header[0]) != "time":
        return None
    series = [(i, {"period": period(h)}) for i, h in enumerate(header) if i and is_period(h)]
    if len(series) < 1:
        return None
    sheet = _Sheet()
    # the next two columns are read too: a workbook's later sheets bring their own preamble
    # ('Dataset: | …', 'Unit of measure | | Terajoule …') in the rows the import reads
    columns = {"place": 0, **{f"_cell{i}": i for i in (1, 2) if i < len(header)}}
    layout = _layouts.Layout("eurostat_xlsx", get_dataset("indicators"), columns, header=header,
                             series=series, transform=sheet.transform, constants={"publisher": PUBLISHER})
    layout.read_preamble = sheet.read_preamble
    return layout


def label_place(label: str) -> str:
    """A Data Browser geo label as a place: 'Germany (until 1990 former territory of the FRG)' is
    Germany; a label that names no country without its note stays whole ('European Union -
    27 countries (from 2020)' is an aggregate, and its period of composition is part of it)."""
    short = re.sub(r"\s*\([^()]*\)\s*$", "", label).strip()
    if short == label or not short:
        return label
    return short if _is_country(short) else label


@functools.lru_cache(maxsize=512)
def _is_country(name: str) -> bool:
    import pycountry

    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


#: 'Imports of natural gas by partner country [NRG_TI_GAS__custom_2437435]' -> NRG_TI_GAS
_DATASET_CODE = re.compile(r"\[([A-Za-z0-9_]+?)(?:__custom_\d+)?\]\s*$")


class _Sheet:
    def __init__(self) -> None:
        self.fixed: dict = {}
        self.in_legend = False
        self.preamble: list[list] | None = None         # rows of a later sheet's preamble, being read

    def read_preamble(self, _file_name: str, rows: list[list]) -> None:
        """'Dataset: | Imports of natural gas … [NRG_TI_GAS…]', 'Unit of measure | | Terajoule …',
        'Geopolitical entity (partner) | | Russia' -> the sheet's unit and indicator."""
        dataset, parts, found_unit = "", [], None
        for row in rows:
            cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
            if len(cells) < 2:
                continue
            label, value = cells[0].rstrip(": "), cells[-1]
            low = label.lower()
            if low == "dataset":
                dataset = value
            elif low.startswith("unit"):
                found_unit = value
            elif low in ("time frequency", "last updated", "data extracted on"):
                continue
            else:
                parts.append(f"{label}: {value}")
        name = dataset or "Eurostat"
        self.fixed = {"indicator": name + (" — " + "; ".join(parts) if parts else "")}
        code = _DATASET_CODE.search(dataset)
        if code:
            self.fixed["indicator_code"] = code.group(1).lower()
        if found_unit:
            self.fixed["unit"] = _sheet_unit(found_unit)

    def transform(self, raw: dict) -> dict | None:
        place = str(raw.get("place") or "").strip()
        if place.startswith("Data extracted on"):          # the next sheet of the workbook
            self.preamble, self.in_legend = [], False
            return None
        if self.preamble is not None:
            if norm(place) == "time":
                self.read_preamble("", self.preamble)
                self.preamble = None
            else:
                self.preamble.append([place, raw.get("_cell1"), raw.get("_cell2")])
            return None
        if self.in_legend or place.lower() in _LEGEND:
            self.in_legend = True
            return None
        if not place or norm(place) == "geolabels":
            return None
        return {"place": label_place(place), **self.fixed}


def _sheet_unit(text: str) -> str:
    """'Terajoule (gross calorific value - GCV)' -> 'TJ (gross calorific value - GCV)'."""
    head, _, rest = text.partition("(")
    known = {"terajoule": "TJ", "million euro": "million EUR", "euro": "EUR", "percentage of gross domestic product (gdp)": "% of GDP",
             "thousand tonnes": "thousand t", "gigawatt-hour": "GWh", "megawatt": "MW", "percentage": "%",
             "thousand tonnes of oil equivalent": "ktoe", "million cubic metres": "million m3"}
    found = known.get(head.strip().lower()) or known.get(text.strip().lower())
    if found is None:
        return text.strip()
    return found if found == known.get(text.strip().lower()) or not rest else f"{found} ({rest.rstrip(')')})"


#: The probes layouts.PUBLISHERS tries, and the layout names a saved mapping uses.
PROBES = (bulk_tsv, sdmx_csv, data_browser_sheet)
BY_NAME = {"eurostat_tsv": bulk_tsv, "eurostat_sdmx": sdmx_csv, "eurostat_xlsx": data_browser_sheet}
