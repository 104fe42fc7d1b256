"""Checked rows -> rows of the schema's tables, resolving names of places,
assets, corridors and institutions (English, Russian, Chinese or id) to ids."""
from __future__ import annotations

import re
import sqlite3
from collections import Counter
from typing import Mapping

from explorer.data.importing import countries
from explorer.data.importing.datasets import Dataset, Field, convert_enum, convert_int
from explorer.data.importing.errors import CellError
from explorer.data.importing.parse import (FIRST_YEAR, HISTORY_FIRST_YEAR, TIMELINE_FIRST_YEAR, clean_text,
                                          parse_number, parse_period, parse_unit)

_REF_TABLES = {
    "place": ("places", "place_id", ("name_en", "name_ru", "name_zh")),
    "asset": ("energy_assets", "asset_id", ("name_en", "name_ru", "name_zh")),
    "corridor": ("corridors", "corridor_id", ("name_en", "name_ru", "name_zh")),
    "inst": ("institutions", "inst_id", ("name_en", "name_ru", "name_zh")),
}


_ENUM_COLUMNS = {"trade_status": ("trade_figures", "status"), "energy_status": ("energy_figures", "status"),
                 "flow": ("trade_figures", "flow"), "side": ("institutions", "side"),
                 "asset_status": ("energy_assets", "status")}


class Lookups:
    """Names -> ids of everything already known (curated and imported), plus
    what this import creates as it goes."""

    def __init__(self, conn: sqlite3.Connection, extra_places: dict | None = None,
                 extra_units: dict | None = None) -> None:
        self.maps: dict[str, dict[str, str]] = {}
        #: units as a file writes them -> the known unit the user mapped each to (a mapping's "units")
        self.unit_map = {str(k).strip().lower(): str(v) for k, v in (extra_units or {}).items()}
        for kind, (table, id_col, names) in _REF_TABLES.items():
            m: dict[str, str] = {}
            for row in conn.execute(f"SELECT {id_col}, {', '.join(names)} FROM all_{table}"):
                for v in row:
                    if v:
                        m.setdefault(str(v).strip().lower(), row[0])
            self.maps[kind] = m
        for pid, country in conn.execute("SELECT place_id, country FROM all_places WHERE kind = 'country'"):
            if country:
                self.maps["place"].setdefault(country.lower(), pid)
        for name, pid in (extra_places or {}).items():
            self.maps["place"][name.strip().lower()] = pid
        self.asset_status = dict(conn.execute("SELECT asset_id, status FROM all_energy_assets"))
        self.documents = {str(t).strip().lower(): d for d, t in conn.execute(
            "SELECT doc_id, title FROM all_documents")}
        self.documents.update({d.lower(): d for d in self.documents.values()})
        self.unknown_places: Counter[str] = Counter()
        #: assets and corridors a row named that nothing matched, so this import creates them
        self.created: dict[str, list[str]] = {}
        # What the database already uses is accepted too (curated data has units like 'rank').
        self.units = {r[0] for t in ("trade_figures", "energy_figures", "events")
                      for r in conn.execute(f"SELECT DISTINCT unit FROM all_{t} WHERE unit IS NOT NULL")}
        self.enums: dict[str, set[str]] = {}
        for choices, (table, col) in _ENUM_COLUMNS.items():
            self.enums[choices] = {r[0] for r in conn.execute(
                f"SELECT DISTINCT {col} FROM all_{table} WHERE {col} IS NOT NULL")}

    def resolve(self, kind: str, text: str) -> str | None:
        return self.maps[kind].get(text.strip().lower())

    def add(self, kind: str, name: str, new_id: str) -> None:
        self.maps[kind][name.strip().lower()] = new_id


#: Subjects whose dates are history, and their first year: corridor milestones (TimelineJS
#: sheets) from TIMELINE_FIRST_YEAR, BCE included; institutions from HISTORY_FIRST_YEAR.
_FIRST_YEAR_OF = {"corridors": TIMELINE_FIRST_YEAR, "institutions": HISTORY_FIRST_YEAR}

#: Text holding a character clean_text drops ('0101\u200b' is commodity 0101).
_HAS_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]").search


class RowConverter:
    """Turns one raw row (field -> cell) into typed values, raising CellError per field."""

    def __init__(self, ds: Dataset, lookups: Lookups, decimal: str | Mapping[str, str] = "auto") -> None:
        """decimal: one mark ('.', ',' or 'auto' per cell) for every number field, or a mark per
        field name (explorer.data.importing.decimal_marks decides them from the file's columns)."""
        self.ds = ds
        self.lookups = lookups
        self.marks = dict(decimal) if isinstance(decimal, Mapping) else {}
        self.decimal = decimal if isinstance(decimal, str) else "auto"
        self.fields = ds.fields
        self.row_unknown: list[str] = []     # unknown place names of the row being converted

    def mark_of(self, field_name: str) -> str:
        return self.marks.get(field_name, self.decimal)

    def converter(self, f: Field):
        """A function cell -> typed value (None for a blank cell) for field ``f``, fast on
        the bulk path: repeated cells of categorical fields are converted once."""
        slow = self.value
        if f.kind == "number":
            decimal = self.mark_of(f.name)

            def number(cell):
                if (isinstance(cell, str) and "_" not in cell and len(cell) <= 15
                        and (decimal != "," or ("," not in cell and "." not in cell))):
                    try:
                        v = float(cell)
                    except ValueError:
                        return slow(f, cell)
                    if v - v == 0:               # not nan/inf
                        return (v, False)
                return slow(f, cell)
            return number
        if f.kind in ("period", "unit", "enum", "place", "inst", "int"):
            cache: dict = {}
            unknown = self.row_unknown

            def cached(cell):
                try:
                    v, was_unknown = cache[cell]
                except (KeyError, TypeError):
                    before = len(unknown)
                    v = slow(f, cell)
                    was_unknown = len(unknown) > before
                    if len(cache) < 50_000:
                        try:
                            cache[cell] = (v, was_unknown)
                        except TypeError:
                            pass
                    return v
                if was_unknown:
                    unknown.append(v)
                return v
            return cached
        if f.kind in ("text", "code"):
            def text(cell):
                if type(cell) is str:
                    c = cell.strip()
                    if not c:
                        return None
                    if c[0] != "'" and (c.isascii() or not _HAS_INVISIBLE(c)):
                        return c
                return slow(f, cell)
            return text
        return lambda cell: slow(f, cell)

    def _by_iso(self, text: str) -> str | None:
        """A known place named as ISO 3166 names it: a country ('Russian Federation', 'USA', '643')
        or a province by its ISO 3166-2 code or short name ('CN-HL', '黑龙江')."""
        for alias in countries.subdivision_names(text):
            found = self.lookups.resolve("place", alias)
            if found:
                return found
        alpha2 = _iso_alpha2(text)
        return self.lookups.resolve("place", alpha2) if alpha2 else None

    def value(self, f: Field, cell):
        text = clean_text(cell) if not isinstance(cell, (int, float)) or isinstance(cell, bool) else cell
        if text is None:
            return None
        kind = f.kind
        if kind in ("text", "code"):
            if isinstance(text, float) and text.is_integer():
                text = int(text)
            text = str(text)
            # '0101: the spreadsheet way of saying "keep the leading zero"
            return text[1:] if kind == "code" and text[:1] == "'" and len(text) > 1 else text
        if kind == "number":
            value, percent = parse_number(text, self.mark_of(f.name))
            return (value, percent)
        if kind == "int":
            return convert_int(text)
        if kind == "period":
            return parse_period(text, _FIRST_YEAR_OF.get(self.ds.name, FIRST_YEAR))
        if kind == "unit":
            text = self.lookups.unit_map.get(str(text).strip().lower(), text)
            try:
                return parse_unit(text)
            except CellError:
                if str(text) in self.lookups.units:
                    return str(text)
                raise
        if kind == "enum":
            try:
                return convert_enum(str(text), f.choices)
            except CellError:
                if str(text) in self.lookups.enums.get(f.choices, ()):
                    return str(text)
                raise
        if kind == "place":
            found = self.lookups.resolve("place", str(text)) or self._by_iso(str(text))
            if found is None:
                # a country ISO names is stored under ISO's name ('US', 'USA', '840' -> 'United
                # States'), so that one country written two ways is one place; the world and
                # other aggregates stay as written, and what names nothing is listed as unknown
                name = countries.resolve_name(str(text))
                if name is not None:
                    return name
                if not _identified(str(text)):
                    self.row_unknown.append(str(text))
                return str(text)
            return found
        if kind == "inst":
            found = self.lookups.resolve("inst", str(text))
            if found is None:
                raise CellError("a known institution (English, Russian or Chinese name, or id)")
            return found
        return str(text)     # asset / corridor names: resolved or created by the builder


def _iso_alpha2(text: str) -> str | None:
    """ISO 3166-1 alpha-2 of a country code or name (importing.countries reads the ways publishers
    write them), else None."""
    found = countries.country(text)
    return found.alpha_2 if found is not None else None


def _identified(text: str) -> bool:
    """A place that is no unknown though the database lacks it: a country ISO 3166 names, or the world."""
    return text.strip().lower() == "world" or _iso_alpha2(text) is not None
