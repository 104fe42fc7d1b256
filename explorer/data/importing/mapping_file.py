"""A saved column mapping (``--mapping FILE``), checked before it is used: every way the
JSON can be wrong is one message naming the file and what is wrong, never a traceback."""
from __future__ import annotations

import json
from pathlib import Path

from explorer.data.importing.datasets import get_dataset

DECIMALS = ("auto", ".", ",")
TIMES = ("rows", "columns")
EXAMPLE = '{"dataset": "trade", "columns": {"period": "Year", "value": "Trade value"}}'


class MappingError(ValueError):
    """The mapping file cannot be used; the message says why."""


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def load_mapping(path: Path, dataset: str | None = None) -> dict:
    """The mapping in ``path``, checked against the subject it maps to (``dataset`` overrides
    the one it names). Raises MappingError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise MappingError(f"cannot read mapping {path}: {reason}") from None
    try:
        mapping = json.loads(text)
    except ValueError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}" if hasattr(exc, "lineno") else str(exc)
        raise MappingError(f"mapping {path}: not valid JSON ({where})") from None
    problem = mapping_problem(mapping, dataset)
    if problem:
        raise MappingError(f"mapping {path}: {problem}")
    return mapping


def mapping_problem(mapping: object, dataset: str | None = None) -> str | None:
    """What is wrong with a decoded mapping, or None."""
    if not isinstance(mapping, dict):
        return f"expected a JSON object like {EXAMPLE}, found {_kind(mapping)}"
    for key, kind, check in (("columns", "an object {field: column header}", dict),
                             ("constants", "an object {field: value}", dict),
                             ("places", "an object {place as written: place id}", dict),
                             ("units", "an object {unit as written: known unit}", dict),
                             ("series", "a list of column headers", list),
                             ("dataset", "a subject name", str), ("layout", "a layout name", str)):
        if key in mapping and mapping[key] is not None and not isinstance(mapping[key], check):
            return f'"{key}" must be {kind}, found {_kind(mapping[key])}'
    decimal = mapping.get("decimal", "auto")
    if not isinstance(decimal, dict) and decimal not in DECIMALS:     # a dict: a mark per column
        return f'"decimal" must be one of "auto", ".", ",", found {mapping["decimal"]!r}'
    if mapping.get("time", "rows") not in TIMES:
        return f'"time" must be "rows" or "columns", found {mapping["time"]!r}'
    for written, unit in (mapping.get("units") or {}).items():
        if not isinstance(unit, str) or not _known_unit(unit):
            return f'"units" maps {written!r} to {unit!r}; expected a known unit (like USD, bcm/yr, Mt)'
    name = dataset or mapping.get("dataset")
    if not name:
        if mapping.get("columns"):
            return 'no "dataset" named (add "dataset": "trade", or pass --dataset)'
        return None
    try:
        ds = get_dataset(name)
    except KeyError as exc:
        return str(exc.args[0])
    fields = {f.name for f in ds.fields}
    # a publisher's layout names its columns its own way ('units_column', 'reporter_iso'): the
    # history keeps them so; they are read by that layout, not as the subject's fields
    for section in ("constants",) if _publisher_layout(mapping) else ("columns", "constants"):
        for field, value in (mapping.get(section) or {}).items():
            if field not in fields:
                return (f'"{section}" names {field!r}, not a field of {ds.name} '
                        f'(fields: {", ".join(sorted(fields))})')
            if section == "columns" and value is not None and not isinstance(value, str):
                return f'"columns" maps {field!r} to {_kind(value)} {value!r}; expected a column header (text)'
    for header in mapping.get("series") or []:
        if not isinstance(header, str):
            return f'"series" must list column headers (text), found {_kind(header)} {header!r}'
    for written, place in (mapping.get("places") or {}).items():
        if not isinstance(place, str):
            return f'"places" maps {written!r} to {_kind(place)}; expected a place id (text)'
    return None


def _known_unit(unit: str) -> bool:
    from explorer.data.importing.parse import is_unit

    return is_unit(unit)


def _publisher_layout(mapping: dict) -> bool:
    from explorer.data.importing.layouts import PUBLISHER_BY_NAME

    return mapping.get("layout") in PUBLISHER_BY_NAME
