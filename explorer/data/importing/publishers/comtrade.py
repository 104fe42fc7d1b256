"""UN Comtrade (classic and Plus) and China Customs (GACC) layouts of bilateral trade.

A commodity's identity is its classification and its code, stored together as
``S4:03`` or ``H5:61`` (SITC ``01`` is not HS ``01``); codes stay text. Countries
are read from what the file holds — an ISO alpha-3, a name, or only the numeric
code (Comtrade Plus API files leave ISO and names blank) — and named as ISO 3166
names them, so that the database's places resolve them. Aggregates stay
aggregates: partner World, ``TOTAL`` and shorter codes are kept as written and
the Trade pane's commodity stack leaves them out (trade_series.leaf_commodities)."""
from __future__ import annotations

import functools
import operator
import re
from typing import Callable

from explorer.data.importing import countries
from explorer.data.importing.datasets import get_dataset
from explorer.data.importing.layouts import Layout

#: Comtrade's flow codes (Plus: letters; classic: numbers) -> the trade dataset's flows.
_FLOW = {"x": "export", "m": "import", "rx": "re-export", "rm": "re-import",
         "dx": "domestic export", "fm": "foreign import", "mip": "import for inward processing",
         "xip": "export after inward processing", "mop": "import after outward processing",
         "xop": "export for outward processing",
         "1": "import", "2": "export", "3": "re-export", "4": "re-import",
         "import": "import", "export": "export", "re-export": "re-export", "re-import": "re-import",
         "进口": "import", "出口": "export"}

#: Comtrade's own reporter codes where they differ from ISO 3166 numeric (M49): Comtrade
#: keeps trade areas as their customs territories declared them (its "Reporters" reference).
_COMTRADE_TO_M49 = {"842": "840", "251": "250", "579": "578", "757": "756", "699": "356", "381": "380",
                    "711": "710"}
#: Comtrade's codes of the world and of areas that are no country (kept as written).
_WORLD = {"0", "w00", "wld", "world"}
#: Comtrade's own codes of areas that are no country, named as its reference tables name them
#: (an API file leaves the names blank: '490' alone would be a place called '490').
_AREAS = {"490": "Other Asia, nes", "899": "Areas, nes", "97": "EU-28", "837": "Bunkers", "838": "Free Zones",
          "839": "Special Categories", "568": "Other Europe, nes", "577": "Other Africa, nes",
          "527": "Oceania, nes", "636": "Rest of America, nes", "879": "Western Asia, nes"}

_CLASSIFICATION = re.compile(r"^(H[0-9]|HS|S[1-4]|ST|SITC|B[EC]|EB)", re.I)


def _text(cell) -> str:
    """A cell as text; a number read from a workbook without its '.0' ('156', not '156.0')."""
    if type(cell) is str:          # a CSV's cells, 15 a row: the common case first
        text = cell.strip()
        return text[:-2] if text[-2:] == ".0" and text[:-2].isdigit() else text
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = str(cell).strip()
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


@functools.lru_cache(maxsize=2048)
def place_name(iso: str, code: str, name: str) -> str | None:
    """The place a Comtrade row names, as ISO 3166 names it when it is a country
    ('Russian Federation', 'United States'); 'World' for the world; else the name
    (or code) as written — areas such as 'Other Asia, nes' are no country."""
    iso, code, name = iso.strip(), _text(code), name.strip()
    if iso.lower() in _WORLD or code in _WORLD or name.lower() == "world":
        return "World"
    found = None
    if len(iso) == 3 and iso.isalpha():
        found = countries.country(iso)
    if found is None and code.isdigit():
        found = countries.country(_COMTRADE_TO_M49.get(code, code))
    if found is None and name:
        found = countries.country(name)
    if found is not None:
        return countries.display_name(found)
    return name or _AREAS.get(code) or iso or code or None


@functools.lru_cache(maxsize=8192)       # a file repeats its codes on every partner, flow and period
def commodity_key(classification: str, code) -> str | None:
    """'S4' + '03' -> 'S4:03'. An HS code of odd length lost its leading zero on the way
    (a spreadsheet read '01' as 1): HS codes have 2, 4, 6 or 8 digits, so it is restored."""
    code = _text(code)
    if not code:
        return None
    classification = classification.strip().upper()
    if code.isdigit() and len(code) % 2 == 1 and (classification.startswith("H") or not classification):
        code = "0" + code
    return f"{classification}:{code}" if classification else code


@functools.lru_cache(maxsize=1024)       # a file holds a few periods: the patterns run once each
def _period(year: str, period: str, freq: str) -> str | None:
    """'2022' for a year; '2022-01' for a monthly period written 202201."""
    period, year = _text(period), _text(year)
    if re.fullmatch(r"\d{6}", period) and (freq.upper() == "M" or period[4:] != "52"):
        return f"{period[:4]}-{period[4:]}"
    m = re.fullmatch(r"(\d{4})[/.](\d{1,2})", period)          # '2023/01', as a customs export may write it
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return period or year or None


def _trade_layout(name: str, header: list[str], columns: dict[str, int], transform, constants=None,
                  asks=None) -> Layout:
    layout = Layout(name, get_dataset("trade"), columns, header=header, transform=transform,
                    constants={"unit": "USD", "topic": "trade", "measure": "value", "status": "actual",
                               **(constants or {})})
    if asks:
        layout.asks.update(asks)
    return layout


def _pick(idx: dict[str, int], *names: str) -> int | None:
    return next((idx[n] for n in names if n in idx), None)


def _key_columns(cols: dict[str, int]) -> dict[str, int]:
    """The columns that a blank reporter, partner, commodity or period is reported against (and
    that make the engine refuse a row whose place no column names: the ISO code first)."""
    out = dict(cols)
    for side in ("reporter", "partner"):
        found = next((cols[f"{side}_{k}"] for k in ("iso", "code", "name") if f"{side}_{k}" in cols), None)
        if found is not None:
            out[side] = found
    for field_name, options in (("commodity", ("cmd",)), ("period", ("per", "year"))):
        found = next((cols[o] for o in options if o in cols), None)
        if found is not None:
            out[field_name] = found
    return out


# -- UN Comtrade Plus: typeCode,freqCode,…,reporterCode,reporterISO,…,cmdCode,…,primaryValue ----------

def comtrade_plus(header: list[str], idx: dict[str, int]) -> Layout | None:
    """Comtrade Plus: the website download (Latin-1, all quoted, a trailing comma), the API's
    CSV (floats, True/False, ISO and descriptions possibly blank) and the XLSX download."""
    if not ("cmdcode" in idx and {"primaryvalue", "fobvalue", "cifvalue"} & idx.keys()
            and {"flowcode", "flowdesc"} & idx.keys()):
        return None
    if not ({"reporteriso", "reportercode"} & idx.keys() and {"partneriso", "partnercode"} & idx.keys()
            and {"refyear", "period"} & idx.keys()):
        return None
    wanted = {"reporter_iso": "reporteriso", "reporter_code": "reportercode", "reporter_name": "reporterdesc",
              "partner_iso": "partneriso", "partner_code": "partnercode", "partner_name": "partnerdesc",
              "flow": "flowcode", "flow_name": "flowdesc", "cmd": "cmdcode", "description": "cmddesc",
              "classification": "classificationcode", "value": "primaryvalue", "year": "refyear",
              "per": "period", "freq": "freqcode", "month": "refmonth"}
    cols = {f: idx[h] for f, h in wanted.items() if h in idx}
    cols.update(_breakdown_columns(idx))
    if "value" not in cols:
        return _plus_by_valuation(header, idx, cols)

    def transform(raw: dict) -> dict:
        get = raw.get
        return _row(raw, _text(get("classification")),
                    _plus_period(get("year"), get("per"), get("freq"), get("month")))

    layout = _trade_layout("comtrade", header, _key_columns(cols), transform, {"original_source": "UN Comtrade"})
    layout.transform_cells = _on_cells(cols, lambda raw: (
        _text(raw.get("classification")),
        _plus_period(raw.get("year"), raw.get("per"), raw.get("freq"), raw.get("month"))))
    return layout


#: The valuation of a flow's primary value in Comtrade: imports at CIF, exports at FOB.
_PRIMARY_VALUATION = {"import": "cif", "re-import": "cif", "foreign import": "cif",
                      "export": "fob", "re-export": "fob", "domestic export": "fob"}


def _plus_by_valuation(header: list[str], idx: dict[str, int], cols: dict[str, int]) -> Layout:
    """A Plus download cut to a few columns with 'Fobvalue' or 'Cifvalue' and no 'primaryValue':
    each row's figure is the valuation Comtrade takes as its primary value (FOB for an export,
    CIF for an import). A row whose valuation the file left out has no figure there: it is
    refused by row, never filled from the other valuation."""
    cols.update({v: idx[v + "value"] for v in ("fob", "cif") if v + "value" in idx})

    def transform(raw: dict) -> dict:
        get = raw.get
        out = _row(raw, _text(get("classification")),
                   _plus_period(get("year"), get("per"), get("freq"), get("month")))
        valuation = _PRIMARY_VALUATION.get(out["flow"] or "")
        if valuation is None or valuation not in cols:
            # no column for it: no figure and no description, so the row is refused as lacking
            # its value (a description alone would be stored as a figure without a number)
            out.update(value=None, description=None, not_available=None)
            return out
        out["value"] = get(valuation)
        out["not_available"] = True if not _text(get(valuation)) else None
        return out

    return _trade_layout("comtrade", header, _key_columns(cols), transform, {"original_source": "UN Comtrade"})


@functools.lru_cache(maxsize=1024)       # keyed on the cells as read: a file holds a few periods
def _plus_period(year, period, freq, month) -> str | None:
    """A Comtrade Plus row's period: its 'period' cell, or refYear + refMonth in a monthly file."""
    year, period, freq, month = _text(year), _text(period), _text(freq), _text(month)
    if not period and freq.upper() == "M" and month.isdigit():     # refYear + refMonth
        period = f"{year}{int(month):02d}"
    return _period(year, period, freq)


@functools.lru_cache(maxsize=2048)       # keyed on the cells as read: a file repeats them on every row
def _place_of_cells(iso, code, name) -> str | None:
    return place_name(_text(iso), _text(code), _text(name))


@functools.lru_cache(maxsize=256)
def _flow_of_cells(code, name) -> str | None:
    return _FLOW.get(_text(code).lower()) or _FLOW.get(_text(name).lower()) or code


#: The cells of a Comtrade row that repeat over thousands of rows (one reporter, partner, flow and
#: period per block of commodities); the rest (commodity, description, value) differ row by row.
_REPEATED = ("reporter_iso", "reporter_code", "reporter_name", "partner_iso", "partner_code", "partner_name",
             "flow", "flow_name", "classification", "year", "per", "freq", "month")
#: Distinct combinations of those cells remembered (a bound on memory, not on correctness).
_REPEATED_KEPT = 65_536


#: A row's breakdown below the commodity, as Plus and the classic download name its columns:
#: (field of the code, field of the name, the code of the total). A row by mode of transport
#: ('Sea'), customs procedure ('Clearance for home use') or second partner is a part of the row
#: of 'All MOTs', 'All CPCs', 'World': it is its own series, never the same figure twice.
_BREAKDOWNS = (("mot_code", "mot_name", "0"), ("customs_code", "customs_name", "C00"),
               ("partner2_code", "partner2_name", "0"))
_BREAKDOWN_COLUMNS = {"mot_code": ("motcode", "modeoftransportcode"), "mot_name": ("motdesc", "modeoftransport"),
                      "customs_code": ("customscode", "customsproccode"), "customs_name": ("customsdesc", "customs"),
                      "partner2_code": ("partner2code", "2ndpartnercode"),
                      "partner2_name": ("partner2desc", "2ndpartner")}


def _breakdown_columns(idx: dict[str, int]) -> dict[str, int]:
    return {f: idx[h] for f, names in _BREAKDOWN_COLUMNS.items() for h in names[:2] if h in idx}


def _breakdown(get: Callable[[str], object]) -> str:
    """' · Sea', ' · Clearance for home use', ' · 2nd partner Germany'; '' for a total row."""
    parts = []
    for code_field, name_field, total in _BREAKDOWNS:
        code = _text(get(code_field))
        if not code or code.upper() == total or code == "-1":
            continue
        name = _text(get(name_field)) or code
        parts.append(f"2nd partner {name}" if code_field == "partner2_code" else name)
    return "".join(f" · {p}" for p in parts)


@functools.lru_cache(maxsize=1024)       # a file holds a few modes, procedures and second partners
def _breakdown_of_cells(fields: tuple[str, ...], cells: tuple) -> str:
    named = dict(zip(fields, cells))
    return _breakdown(named.get)


def _on_cells(cols: dict[str, int], class_and_period: Callable[[dict], tuple]) -> Callable[[list], tuple]:
    """The transform of :func:`_row` reading the row's cells by index (Layout.transform_cells): the
    fields made of the repeated cells (places, flow, period) are worked out once per distinct
    combination and handed back as one shared dict; the row's own fields beside it. Together
    they are exactly what ``_row`` gives for the same cells."""
    names = [n for n in _REPEATED if n in cols]
    at = [cols[n] for n in names]
    repeated = operator.itemgetter(*at) if len(at) > 1 else (lambda cells: (cells[at[0]],))
    cmd_i, value_i, desc_i = cols.get("cmd"), cols.get("value"), cols.get("description")
    part_fields = tuple(f for f in _BREAKDOWN_COLUMNS if f in cols)
    part_cells = operator.itemgetter(*(cols[f] for f in part_fields)) if part_fields else None
    known: dict[tuple, tuple[str, dict]] = {}

    def shared_of(key: tuple) -> tuple[str, dict]:
        raw = dict(zip(names, key))
        classification, period = class_and_period(raw)
        out = _row(raw, classification, period)
        found = (classification, {"reporter": out["reporter"], "partner": out["partner"], "flow": out["flow"],
                                  "period": period})
        if len(known) < _REPEATED_KEPT:
            known[key] = found
        return found

    def transform(cells: list) -> tuple[dict, dict]:
        key = repeated(cells)
        classification, shared = known.get(key) or shared_of(key)
        value = cells[value_i] if value_i is not None else None
        commodity = commodity_key(classification, cells[cmd_i] if cmd_i is not None else None)
        if part_cells is not None and commodity:
            got = part_cells(cells)
            commodity += _breakdown_of_cells(part_fields, got if len(part_fields) > 1 else (got,))
        own = {"commodity": commodity, "value": value, "description": cells[desc_i] if desc_i is not None else None}
        if not (type(value) is str and value.strip()) and not _text(value):
            own["not_available"] = True    # a blank trade value is no figure (never 0): no row
        return shared, own
    return transform


def _commodity_of(raw: dict, classification: str) -> str | None:
    commodity = commodity_key(classification, raw.get("cmd"))
    return commodity + _breakdown(raw.get) if commodity else commodity


def _row(raw: dict, classification: str, period) -> dict:
    """The trade fields of one Comtrade row (Plus and classic name their cells alike here)."""
    get = raw.get
    return {"reporter": _place_of_cells(get("reporter_iso"), get("reporter_code"), get("reporter_name")),
           "partner": _place_of_cells(get("partner_iso"), get("partner_code"), get("partner_name")),
           "flow": _flow_of_cells(get("flow"), get("flow_name")),
           "commodity": _commodity_of(raw, classification),
           "period": period, "value": raw.get("value"), "description": raw.get("description"),
           # a blank trade value is no figure (never 0): read by build_rows.trade, no row
           "not_available": True if not _text(get("value")) else None}


# -- UN Comtrade classic: Classification,Year,Period,…,Commodity Code,Commodity,…,Trade Value (US$) ---

#: The sides of a classic row, by the columns that can give each, and what to ask for when a
#: column subset has none of them.
_CLASSIC_SIDES = {
    "reporter": ({"reporter_iso", "reporter_code", "reporter_name"},
                 "the reporter of the whole file: this Comtrade download has no Reporter column; "
                 "give it, e.g. --set reporter=China"),
    "partner": ({"partner_iso", "partner_code", "partner_name"},
                "the partner of the whole file: this Comtrade download has no Partner column; "
                "give it, e.g. --set partner=World"),
    "flow": ({"flow", "flow_name"},
             "the flow of the whole file (import or export): this Comtrade download has no Trade Flow "
             "column; give it, e.g. --set flow=import"),
    "period": ({"year", "per"},
               "the year of the whole file: this Comtrade download has no Year or Period column; "
               "give it, e.g. --set period=2021")}


def comtrade_classic(header: list[str], idx: dict[str, int]) -> Layout | None:
    """comtrade.un.org's 'Download CSV' (35 columns) and any subset of its columns that keeps
    a reporter, a partner, a flow, a year, a commodity code and the trade value."""
    if not {"commoditycode", "tradevalueus"} <= idx.keys():
        return None
    names = {"reporter_iso": "reporteriso", "reporter_code": "reportercode", "reporter_name": "reporter",
             "partner_iso": "partneriso", "partner_code": "partnercode", "partner_name": "partner",
             "flow": "tradeflowcode", "flow_name": "tradeflow", "cmd": "commoditycode",
             "description": "commodity", "classification": "classification", "value": "tradevalueus",
             "year": "year", "per": "period"}
    cols = {f: idx[h] for f, h in names.items() if h in idx}
    cols.update(_breakdown_columns(idx))
    # a subset the analyst cut may leave out a side the whole file shares (one reporter, one
    # partner, one flow, one year): it is asked once (--set reporter=…), never guessed
    asks = {name: what for name, (side, what) in _CLASSIC_SIDES.items() if not side & cols.keys()}

    def transform(raw: dict) -> dict:
        get = raw.get
        return _row(raw, _text(get("classification")), _period(_text(get("year")), _text(get("per")), ""))

    layout = _trade_layout("comtrade_classic", header, _key_columns(cols), transform,
                           {"original_source": "UN Comtrade"}, asks=asks)
    layout.transform_cells = _on_cells(cols, lambda raw: (
        _text(raw.get("classification")), _period(_text(raw.get("year")), _text(raw.get("per")), "")))
    return layout


# -- China Customs (GACC) statistics query export -------------------------------------------------

#: GACC's column names, Chinese and English, per field.
_GACC = {"cmd": ("商品编码", "commoditycode", "hscode"),
         "description": ("商品名称", "commodityname", "commodity"),
         "partner_code": ("贸易伙伴编码", "tradingpartnercode", "partnercode"),
         "partner_name": ("贸易伙伴名称", "tradingpartnername", "tradingpartner", "贸易伙伴", "国家地区",
                          "countryregion"),
         "mode": ("贸易方式名称", "trademodename", "trademode", "贸易方式"),
         "province": ("注册地名称", "registrationplacename", "registrationplace", "注册地",
                      "收发货人注册地名称", "收发货人注册地", "境内目的地货源地名称", "境内目的地货源地"),
         "per": ("数据年月", "dateofdata", "date", "年月", "时间", "month", "period", "统计年月", "统计年份", "年份",
                 "year"),
         "usd": ("美元", "金额美元", "美元值", "美元元", "usdollar", "usdollars", "valueusd", "usd", "us"),
         "cny": ("人民币", "金额人民币", "人民币值", "人民币元", "rmb", "renminbi", "valuecny", "yuan", "cny", "rmbyuan",
                 "renminbiyuan", "yuanrmb", "valuermb", "rmbvalue")}


def gacc(header: list[str], idx: dict[str, int]) -> Layout | None:
    """stats.customs.gov.cn's query export: 8-digit HS codes, partners by GACC code and name,
    trade mode and province of registration, the value in US dollars or yuan. It has no flow
    column: the query was for imports or exports, which the analyst gives (``--set flow=import``)."""
    cols = {}
    for field_name, options in _GACC.items():
        found = _pick(idx, *options)
        if found is not None:
            cols[field_name] = found
    if not ({"cmd", "partner_name"} <= cols.keys() and ({"usd", "cny"} & cols.keys())):
        return None
    asks = {"flow": "the flow of the whole file (import or export): the customs query export has no "
                    "flow column; give it, e.g. --set flow=import"}
    if "per" not in cols:          # a query for one period may leave its date out of the rows
        asks["period"] = "the period of the whole file (the query's month or year), e.g. --set period=2023-01"
    unit = "USD" if "usd" in cols else "CNY"
    if "usd" in cols:
        cols["value"] = cols.pop("usd")
        cols.pop("cny", None)
    else:
        cols["value"] = cols.pop("cny")

    def transform(raw: dict) -> dict:
        g = lambda k: _text(raw.get(k))        # noqa: E731 - one cell as text
        partner = g("partner_name").replace("，", ", ")       # 'Hong Kong，China'
        mode = g("mode")
        code = g("cmd")
        out = {"reporter": g("province") or "China",
               "partner": place_name("", "", partner) if partner else None,
               "commodity": commodity_key("HS", code.zfill(8) if code.isdigit() and len(code) > 6 else code)
               + (f" · {mode}" if mode else ""),
               "period": _period("", g("per"), "M") or None, "value": _gacc_value(g("value")),
               "description": g("description") or None}
        if out["value"] is None:
            out["not_available"] = True         # read by build_rows.trade: no row
        return out

    layout = _trade_layout("gacc", header, _key_columns(cols), transform,
                           {"unit": unit, "original_source": "General Administration of Customs of China"},
                           asks=asks)
    # GACC groups thousands with commas ('634,583') and never writes a decimal comma: a file whose
    # values all have one thousands group must not be asked which mark it uses (a re-saved Comtrade
    # file may well use decimal commas, so Comtrade's layouts keep deciding from the cells)
    layout.decimal = "."
    return layout


def _gacc_value(text: str) -> str | None:
    """'1,234,567' -> '1234567' (GACC writes thousands separators, never decimal commas); '?' or '-'
    means nothing there."""
    text = text.replace(",", "").strip()
    return None if text in ("", "?", "-", "--") else text


LAYOUTS = (comtrade_plus, comtrade_classic, gacc)
