"""What can be imported: each subject's fields, their types, and how a
checked row becomes rows of the schema's tables.

The column keys of ``amur-explorer export`` (explorer/data/tables.py) are
field names or aliases here, so an exported pane re-imports as its subject.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from explorer.data.importing.errors import CellError
from explorer.data.importing.parse import parse_number, parse_period, parse_unit

ENUMS = {
    "flow": ("total", "export", "import", "turnover", "re-export", "re-import", "n/a",
             "domestic export", "foreign import", "import for inward processing",   # UN Comtrade Plus
             "export after inward processing", "import after outward processing", "export for outward processing"),
    "trade_status": ("actual", "target", "forecast", "estimate"),
    "energy_status": ("actual", "planned", "target", "design"),
    "event_status": ("actual", "planned", "target", "forecast"),
    "side": ("China", "Russia", "bilateral", "other"),
    "asset_status": ("proposed", "planned", "construction", "operating", "completed",
                     "shelved", "cancelled", "mothballed", "retired", "idle"),
}
_ENUM_ALIASES = {"x": "export", "m": "import", "rx": "re-export", "rm": "re-import",
                 "exports": "export", "imports": "import", "экспорт": "export", "импорт": "import",
                 "出口": "export", "进口": "import", "in development": "planned",
                 "under construction": "construction", "operational": "operating", "cn": "China",
                 "ru": "Russia", "china": "China", "russia": "Russia"}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"          # text|code|number|int|period|unit|enum|place|asset|corridor|inst
    required: bool = False
    default: object = None
    choices: str = ""           # key of ENUMS for kind enum
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    name: str
    table: str                  # the table its main rows go to
    title: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]        # natural key: columns that say "the same figure"
    compare: tuple[str, ...]    # columns that say "and the same value"
    id_col: str
    aliases: tuple[str, ...] = ()
    template: tuple[str, ...] = field(default=())   # header of the blank template

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def norm(header: str) -> str:
    """Header compared case-, space- and punctuation-insensitively."""
    return re.sub(r"[\W_]+", "", str(header).lower())


_PROV = (Field("description"), Field("inferred"), Field("quote"), Field("original_source"),
         Field("document", aliases=("source", "doc_id")))

DATASETS: dict[str, Dataset] = {}


def _add(ds: Dataset) -> None:
    DATASETS[ds.name] = ds
    for alias in ds.aliases:
        DATASETS[alias] = ds


_add(Dataset(
    "trade", "trade_figures", "Trade figures",
    fields=(
        Field("period", "period", True, aliases=("year", "date", "month", "период", "год", "年份", "时间", "期间")),
        Field("measure", "text", default="value"),
        Field("reporter", "place", aliases=("country", "region", "reporter name", "страна", "регион")),
        Field("partner", "place", aliases=("partner country", "партнер", "伙伴")),
        Field("flow", "enum", default="total", choices="flow", aliases=("trade flow", "direction", "направление", "方向")),
        Field("commodity", "code", aliases=("hs", "hs code", "cmd code", "товар", "商品")),
        Field("value", "number", True, aliases=("amount", "figure", "значение", "金额", "数值")),
        Field("value_text"),
        Field("unit", "unit", aliases=("units", "единица", "单位")),   # or a % after the value
        Field("approx", aliases=("hedge",)),
        Field("status", "enum", default="actual", choices="trade_status"),
        Field("topic", default="trade"),
        *_PROV,
    ),
    key=("topic", "measure", "reporter", "partner", "flow", "commodity", "period", "unit", "status"),
    compare=("value",),
    id_col="figure_id",
    aliases=("trade_figures",),
))

_add(Dataset(
    "energy", "energy_figures", "Energy capacities and flows",
    fields=(
        Field("asset", "asset", True, aliases=("asset_id", "pipeline", "project", "name")),
        Field("measure", "text", default="design_capacity"),
        Field("value", "number", aliases=("capacity", "amount")),
        Field("value_text"),
        Field("unit", "unit", aliases=("units",)),
        Field("approx", aliases=("hedge",)),
        Field("date", "period", aliases=("year", "period")),
        Field("status", "enum", default="actual", choices="energy_status"),
        # describe the asset when it is new (the energy pane's export carries these)
        Field("part_of", "asset", aliases=("parent", "parent_id")),
        Field("commodity", aliases=("fuel",)),
        Field("from_place", "place", aliases=("from", "start country")),
        Field("to_place", "place", aliases=("to", "end country")),
        Field("asset_status", "enum", choices="asset_status"),
        Field("kind", default="pipeline"),
        *_PROV,
    ),
    key=("asset_id", "measure", "date", "unit", "status"),
    compare=("value",),
    id_col="figure_id",
    aliases=("energy_figures", "energy_assets"),
))

_add(Dataset(
    "corridors", "events", "Corridor milestones",
    fields=(
        Field("corridor", "corridor", True, aliases=("name", "subject", "project", "group")),
        Field("kind", default="corridor"),
        Field("event", aliases=("milestone",)),
        Field("date", "period"),
        Field("date_end", "period", aliases=("until", "end")),
        Field("precision", aliases=("date_precision",)),
        Field("status", default="actual"),
        Field("value", "number"),
        Field("unit", "unit"),
        Field("route"),
        *_PROV,
    ),
    key=("subject_type", "subject_id", "event", "date", "status"),
    compare=("date_end", "value", "unit"),
    id_col="event_id",
    aliases=("events", "timeline"),
))

_add(Dataset(
    "institutions", "institutions", "Institutions",
    fields=(
        Field("name", required=True, aliases=("name_en", "english")),
        Field("name_ru", aliases=("russian",)),
        Field("name_zh", aliases=("chinese",)),
        Field("kind", required=True),
        Field("side", "enum", True, choices="side"),
        Field("established", "period", aliases=("established / signed", "signed")),
        Field("valid_from", "period"),
        Field("valid_to", "period"),
        *_PROV,
    ),
    key=("name_en",),
    compare=("name_ru", "name_zh", "kind", "side", "established", "valid_from", "valid_to"),
    id_col="inst_id",
))

_add(Dataset(
    "relations", "institution_relations", "Institution relations",
    fields=(Field("from", "inst", True, aliases=("from_id",)), Field("relation", required=True),
            Field("to", "inst", True, aliases=("to_id",)), Field("quote"), Field("document")),
    key=("from_id", "relation", "to_id"), compare=(), id_col="relation_id",
    aliases=("institution_relations",),
))

_add(Dataset(
    "places", "places", "Places",
    fields=(
        Field("name_en", required=True, aliases=("name", "english")),
        Field("name_ru", aliases=("russian",)), Field("name_zh", aliases=("chinese",)),
        Field("kind"), Field("country"), Field("parent", "place", aliases=("parent_id",)),
        Field("lat", "number", aliases=("latitude",)), Field("lon", "number", aliases=("longitude", "lng")),
        Field("coord_source"), Field("quote"), Field("document"),
    ),
    key=("name_en",), compare=("name_ru", "name_zh", "kind", "country", "lat", "lon"), id_col="place_id",
))

_add(Dataset(
    "exchange_rates", "exchange_rates", "Exchange rates",
    fields=(Field("year", "int", True), Field("currency", required=True),
            Field("per_usd", "number", True, aliases=("rate",)), Field("source", required=True)),
    key=("year", "currency"), compare=("per_usd",), id_col="",
    aliases=("rates",),
))

_add(Dataset(
    "indicators", "indicators", "Indicators by country or region",
    fields=(
        Field("place", aliases=("entity", "country name", "area", "geo")),
        Field("place_code", "code", aliases=("code", "country code", "iso3", "area code")),
        # required, but a wide publisher layout takes it from its header instead of a column
        Field("indicator", required=True, aliases=("indicator name", "series name", "variable")),
        Field("indicator_code", "code", aliases=("indicator code", "series code")),
        # periods and values are read by the builder: OWID has years before 1800, and
        # publishers write '..', ':' or 'NA' where there is no value (no row, never 0)
        Field("period", required=True, aliases=("year", "time_period", "time")),
        Field("value", required=True, aliases=("obs_value",)),
        Field("unit", aliases=("units",)),
        Field("price_basis", aliases=("prices",)),
        Field("publisher"),
        Field("flag", aliases=("obs_flag", "flags")),
        Field("description"),
        Field("quote"),
        Field("document", aliases=("doc_id",)),
    ),
    key=("publisher", "indicator", "place", "period", "unit", "price_basis"),
    compare=("value",),
    id_col="figure_id",
))

#: Subjects in the order menus list them (no aliases).
SUBJECTS: tuple[Dataset, ...] = tuple(dict.fromkeys(DATASETS.values()))

for _ds in SUBJECTS:
    object.__setattr__(_ds, "template", tuple(f.name for f in _ds.fields))


def get_dataset(name: str) -> Dataset:
    try:
        return DATASETS[name.lower()]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; choose one of "
                       + ", ".join(d.name for d in SUBJECTS)) from None


def convert_enum(value: str, choices: str) -> str:
    allowed = ENUMS[choices]
    low = value.lower()
    for a in allowed:
        if a.lower() == low:
            return a
    alias = _ENUM_ALIASES.get(low)
    if alias in allowed:
        return alias
    raise CellError("one of " + ", ".join(allowed))


def convert_int(cell) -> int:
    value, _ = parse_number(cell, ".")
    if not float(value).is_integer():
        raise CellError("a whole number")
    return int(value)


__all__ = ["DATASETS", "SUBJECTS", "Dataset", "Field", "get_dataset", "norm", "parse_number",
           "parse_period", "parse_unit", "convert_enum", "convert_int"]
