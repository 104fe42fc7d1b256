"""What an import would store, shown before anything is imported (the import wizard's
first page): the recognised publisher and layout, the sheet, the header row and, per
column, the first values as written and as they will be stored ("28.5 → 28.5 bcm/yr",
"2021年5月 → 2021-05 (month)").

Nothing here re-implements the import: the file is detected and its layout recognised by
``engine.prepare``, the decimal marks decided by ``decimal_marks``, and the first records run
through the engine's own row loop (``engine._stream``) with its converters and builders —
only the writer is replaced by one that keeps the rows instead of inserting them. The file
is read no further than the first ``records`` records under the header (``SourceInfo.max_records``).
"""
from __future__ import annotations

import difflib
import itertools
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from explorer.data.formatting import table_date
from explorer.data.importing.build_rows import BUILDERS
from explorer.data.importing.convert import Lookups, RowConverter
from explorer.data.importing.decimal_marks import UnclearDecimalMark, decide_decimal_marks
from explorer.data.importing.engine import Summary, _header_problems, _stream, prepare
from explorer.data.importing.errors import Problem, Problems
from explorer.data.importing.layouts import Layout
from explorer.data.importing.parse import COMMA, EITHER, POINT, UNITS, number_marks, parse_number
from explorer.data.importing.read import iter_records

#: Records read under the header for the preview (the wizard never reads a big file through).
PREVIEW_RECORDS = 50
#: Values shown per column.
EXAMPLES = 3
#: What a unit problem's "expected" starts with (parse.parse_unit and the builders' Missing unit).
_UNIT_EXPECTED = "a known unit"

#: A person's name for each layout (Layout.name); a layout not listed shows its name.
LAYOUT_TITLES = {
    "comtrade": "UN Comtrade Plus", "comtrade_classic": "UN Comtrade classic CSV",
    "gacc": "China Customs (GACC) statistics export", "gem_tracker": "Global Energy Monitor tracker",
    "pipeline_tracker": "Global Energy Monitor tracker", "owid": "Our World in Data grapher CSV",
    "owid_dataset": "Our World in Data dataset CSV", "wdi": "World Bank WDI bulk CSV",
    "databank": "World Bank DataBank download", "timeline": "TimelineJS sheet",
    "eurostat_tsv": "Eurostat bulk TSV", "eurostat_sdmx": "Eurostat SDMX-CSV",
    "eurostat_xlsx": "Eurostat Data Browser XLSX", "nbs": "China NBS (data.stats.gov.cn) export",
    "eia": "EIA International Data Browser CSV", "eia_table": "EIA data table",
    "indicator_table": "a table of indicators by year", "faostat": "FAOSTAT CSV",
    "faostat_wide": "FAOSTAT bulk CSV (years as columns)",
    "energy_institute": "Energy Institute Statistical Review workbook", "rosstat": "Rosstat workbook",
    "energy_institute_panel": "Energy Institute Statistical Review consolidated dataset (panel CSV)",
    "energy_institute_narrow": "Energy Institute Statistical Review consolidated dataset (narrow CSV)",
    "eia_api_v2": "EIA API v2 data table", "gem_extraction_map": "Global Energy Monitor extraction tracker map file",
    "gem_extraction": "Global Energy Monitor extraction tracker table",
    "gem_coal_mines": "Global Energy Monitor coal mine tracker",
    "own": "Amur Explorer's own layout", "mapping": "a column mapping",
}
#: A publisher transform's own names for its input columns -> the stored columns they feed.
_FEEDS = {"cmd": ("commodity",), "classification": ("commodity",), "year": ("period", "date"),
          "per": ("period",), "month": ("period", "date"), "day": ("date",), "freq": ("period",),
          "endyear": ("date_end",), "endmonth": ("date_end",), "endday": ("date_end",),
          "flow_name": ("flow",), "asset": ("asset_id",), "part": ("asset_id",), "part_of": ("asset_id",),
          "entity": ("place",), "time": ("period",), "units_column": ("unit",), "group": ("subject_id",),
          "corridor": ("subject_id", "corridor_id"), "headline": ("description",), "text": ("description",)}
#: The id the engine gives a preview's rows: imp0-<row>[-<column of a wide table>][-…].
_ROW_ID = re.compile(r"^imp0-(\d+)(?:-(\d+))?")


@dataclass(frozen=True)
class Example:
    """One cell: as the file writes it, as it will be stored, its unit, and a note (the
    precision of a period, 'text' for a code, why it will not be stored)."""

    row: int
    written: str
    stored: str
    unit: str = ""
    note: str = ""
    stored_in: str = ""             # the stored field it lands in ('period' for Comtrade's refYear)

    def text(self) -> str:
        """'28.5 → 28.5 bcm/yr', '2021年5月 → 2021-05 (month)', "'0111 → 0111 (text)"."""
        if not self.stored:                    # nothing stored from it: the note says why
            return f"{self.written} ({self.note or 'not stored'})"
        return f"{self.written} → {self.stored} {self.unit}".rstrip() + (f" ({self.note})" if self.note else "")


@dataclass
class ColumnPreview:
    header: str
    feeds: str                      # the field the column feeds ('value', 'period', …), '' if none
    examples: list[Example] = field(default_factory=list)

    @property
    def stored_as(self) -> str:
        """The stored field its values land in (the layout's own name for it when none is shown)."""
        return next((e.stored_in for e in self.examples if e.stored_in), self.feeds)


@dataclass
class Preview:
    file: str
    publisher: str                  # 'UN Comtrade Plus (API CSV)', 'Eurostat bulk TSV'
    layout: str                     # Layout.name
    dataset: str
    dataset_title: str
    recognised: bool                # a publisher's (or the app's own) layout read every needed field
    sheet: str | None
    header_row: int                 # 1-based, as --header-row takes it
    where: str                      # 'text in utf-8, delimiter ','' or 'Excel sheet …'
    columns: list[ColumnPreview]
    problems: list[Problem]         # folded: one per column, expectation and value, with its rows
    unknown_units: dict[str, int]
    unknown_places: dict[str, int]
    lacking: dict[str, str]         # a field the whole file lacks -> what to give (asked once)
    optional: set[str]              # of those, the ones the file imports without
    rows_read: int
    rows_stored: int
    mapping: dict                   # the layout's mapping (what the history would keep)
    rows: list[list[str]] = field(default_factory=list)    # the records read, as written


def preview_import(conn: sqlite3.Connection, path: Path, *, dataset: str | None = None,
                   mapping: dict | None = None, encoding: str | None = None, sheet: str | None = None,
                   records: int = PREVIEW_RECORDS) -> Preview:
    """The preview of importing ``path`` with these choices, from its first ``records`` records
    under the header. Raises ImportRejected when the file cannot be read at all (as the import
    would); ``conn`` is only read (names of places and units already known)."""
    path = Path(path)
    info, layout = prepare(path, dataset, mapping, encoding, sheet)
    if mapping and mapping.get("places"):
        layout.places = dict(mapping["places"])
    if mapping and mapping.get("units"):
        layout.units = dict(mapping["units"])
    ds = layout.dataset
    header_problems = _header_problems(layout)
    info.max_records = layout.header_row + 1 + records
    own_reader = getattr(layout, "records", None)      # a publisher reading its own tables (year_tables)
    if own_reader is not None:
        layout.records = lambda source: itertools.islice(own_reader(source), records)
    marks = decide_decimal_marks(info, layout, layout.decimal)     # from the records read, as the import would
    lookups = Lookups(conn, layout.places, layout.units)
    writer = _Kept()
    summary = Summary(path.name, ds.name, layout.name, info.encoding, info.delimiter, dry_run=True)
    problems = _AllRows(header_problems)
    problems += marks.problems
    _stream(info, layout, ds, RowConverter(ds, lookups, marks.by_field), BUILDERS[ds.name],
            {f.name: f for f in ds.fields}, None, writer, summary, problems, None, None)
    folded = list(problems)
    records_read = (list(layout.records(info)) if own_reader is not None
                    else _raw_records(info, layout.header_row))
    lacking, optional = lacking_fields(layout)
    return Preview(
        file=path.name, publisher=publisher_title(layout, info), layout=layout.name, dataset=ds.name,
        dataset_title=ds.title, recognised=layout.name != "mapping" and not _nothing_read(layout),
        sheet=info.sheet, header_row=layout.header_row + 1, where=_where(info),
        columns=_columns(layout, records_read, writer, folded, ds.table, set(lookups.unknown_places),
                         summary.rows_read > 0),
        rows=[[_shown(c) if c is not None else "" for c in cells] for _, cells in records_read],
        problems=folded, unknown_units=_unknown_units(folded), unknown_places=dict(lookups.unknown_places),
        lacking=lacking, optional=optional, rows_read=summary.rows_read,
        rows_stored=sum(1 for t, _, _ in writer.rows if t == ds.table), mapping=layout.mapping())


class _AllRows(Problems):
    """The engine stops building rows once any row has a problem (the import will be refused);
    the preview builds every good row all the same, to show what it would store."""

    def __bool__(self) -> bool:
        return False


class _Kept:
    """Stands in for the engine's writer: keeps (table, row, source row) instead of inserting."""

    import_id = 0

    def __init__(self) -> None:
        self.rows: list[tuple[str, dict, int]] = []

    def add(self, table: str, row: dict, source_row: int) -> None:
        self.rows.append((table, row, source_row))


def publisher_title(layout: Layout, info) -> str:
    """'UN Comtrade Plus (API CSV)', 'Eurostat bulk TSV', …: what a person calls the layout."""
    title = LAYOUT_TITLES.get(layout.name, layout.name)
    if layout.name == "comtrade":
        variant = ("XLSX download" if info.kind == "xlsx" else
                   "website download" if layout.header and not str(layout.header[-1]).strip() else "API CSV")
        title += f" ({variant})"
    return title


def lacking_fields(layout: Layout) -> tuple[dict[str, str], set[str]]:
    """Fields the whole file lacks, each asked once (the command line's --set FIELD=VALUE): what
    the layout asks for (a customs export's flow), a unit where no column, header or constant
    gives one, and a timeline's corridor. Returns (field -> what to give, the optional ones)."""
    out = {name: what for name, what in layout.asks.items()}
    optional: set[str] = set()
    fields = {f.name for f in layout.dataset.fields}
    if "unit" in fields and _unit_unfed(layout):
        out["unit"] = "the unit of every figure in the file (like USD, million EUR, bcm/yr, t)"
        if layout.dataset.name == "indicators":
            optional.add("unit")        # an indicator may be a count with no unit
    if layout.dataset.name == "corridors" and "corridor" not in layout.columns:
        out.setdefault("corridor", "the corridor or subject of every event (default: the sheet's title row)")
        optional.add("corridor")
    return out, optional


def _unit_unfed(layout: Layout) -> bool:
    """True when nothing gives the figures a unit: no unit column, constant or unit in the value
    headers ('Trade (% of GDP)'). A publisher's transform gives its own; a file of several
    indicators without units (OWID's full datasets) has no one unit to ask for."""
    if layout.transform is not None or "unit" in layout.columns or layout.constants.get("unit"):
        return False
    if not layout.series:
        return "value" in layout.columns
    if layout.dataset.name == "indicators" and len({extra.get("indicator") for _, extra in layout.series}) > 1:
        return False
    return any(not extra.get("unit") for _, extra in layout.series)


def _nothing_read(layout: Layout) -> bool:
    return layout.name == "own" and not layout.columns and not layout.series


def _where(info) -> str:
    if info.kind == "xlsx":
        return f"Excel workbook, sheet {info.sheet or '(first with data)'}"
    return (f"{'gzipped ' if info.compressed else ''}text in {info.encoding}, delimiter "
            f"{'tab' if info.delimiter == chr(9) else repr(info.delimiter)}")


# -- per column: as written -> as stored ----------------------------------------------------


def _columns(layout: Layout, cells: list[tuple[int, list]], writer: _Kept, problems: list[Problem],
             main_table: str, unknown_places: set[str], streamed: bool) -> list[ColumnPreview]:
    stored = _stored_by_cell(writer, main_table, bool(layout.series))
    bad = _problems_by_cell(problems)
    bad_rows = {rowno: column for rowno, column in sorted(bad, reverse=True)}
    # a column whose cells read two ways is stored as the import decides from the whole file
    two_ways = {h: p for p in problems if isinstance(p, UnclearDecimalMark) for h in p.headers}
    feeds = {i: name for name, i in layout.columns.items()}
    first_of: dict[int, list] = {}              # a wide row's fixed columns: any row made from it
    for key in stored:
        first_of.setdefault(key[0], []).append(key)
    series = {i: extra for i, extra in layout.series}
    out = []
    for i, header in enumerate(layout.header):
        header = str(header)
        name = "value" if i in series else feeds.get(i, "")
        column = ColumnPreview(header, name)
        for rowno, row in cells:
            if len(column.examples) >= EXAMPLES:
                break
            cell = row[i] if i < len(row) else None
            if cell is None or not str(cell).strip():
                continue
            written = _shown(cell)
            problem = bad.get((rowno, header))
            if header in two_ways and number_marks(str(cell)) == EITHER:
                column.examples.append(Example(rowno, written, "", note=_two_readings(str(cell))))
            elif problem is not None:
                column.examples.append(Example(rowno, written, "", note=describe(problem, short=True)))
            elif not streamed:           # a problem of the whole file (its header, a unit given for it)
                column.examples.append(Example(rowno, written, "", note="not read: see the problem above"))
            elif not name:
                column.examples.append(Example(rowno, written, "", note="not imported"))
            else:
                made = stored.get((rowno, i)) if i in series else stored.get((rowno, None)) or next(
                    (stored[k] for k in first_of.get(rowno, ())), None)
                if not made and rowno in bad_rows:
                    column.examples.append(Example(rowno, written, "", note=f"row not stored: a problem in "
                                                                            f"column {bad_rows[rowno]}"))
                else:
                    column.examples.append(_example(rowno, written, column.feeds, i in series, made))
        column.examples = [replace(e, note="not a known place: kept as written")
                           if e.stored in unknown_places and not e.note else e for e in column.examples]
        out.append(column)
    return out


def _two_readings(cell: str) -> str:
    point, comma = parse_number(cell, POINT)[0], parse_number(cell, COMMA)[0]
    return f"{_shown(point)} or {_shown(comma)}: the whole file decides, or you do"


def _raw_records(info, header_row: int) -> list[tuple[int, list]]:
    """The records under the header, numbered as the import numbers them."""
    rows = iter_records(info)
    for n, (_, first) in enumerate(rows):
        if n >= header_row and any(str(c).strip() for c in first):
            break
    return list(rows)


def _stored_by_cell(writer: _Kept, main_table: str, wide: bool) -> dict[tuple[int, int | None], list[tuple[str, dict]]]:
    """(source row, wide column or None) -> the rows made from it, the main table's first."""
    out: dict[tuple[int, int | None], list[tuple[str, dict]]] = {}
    for table, row, rowno in writer.rows:
        column = None
        for v in row.values():
            m = _ROW_ID.match(v) if isinstance(v, str) else None
            if m:
                column = int(m.group(2)) if m.group(2) and wide else None
                break
        made = out.setdefault((rowno, column), [])
        made.insert(0, (table, row)) if table == main_table else made.append((table, row))
    return out


def _problems_by_cell(problems: list[Problem]) -> dict[tuple[int, str], Problem]:
    out: dict[tuple[int, str], Problem] = {}
    for p in problems:
        if not isinstance(p.row, int):
            continue
        for a, b in (p.runs or ((p.row, p.row),)):
            for r in range(int(a), min(int(b), int(a) + PREVIEW_RECORDS * 4) + 1):
                out.setdefault((r, p.column), p)
    return out


def _candidates(name: str) -> list[str]:
    """The stored columns a field may land in: its own name, a publisher's input name's field
    ('cmd' -> commodity), the part before '_' ('reporter_iso' -> reporter)."""
    out = [name]
    for other in (*_FEEDS.get(name, ()), name.split("_")[0]):
        if other not in out:
            out.append(other)
    return out


def _example(rowno: int, written: str, feeds: str, wide: bool, made: list[tuple[str, dict]] | None) -> Example:
    if not made:
        return Example(rowno, written, "", note="no row: not available, or not data")
    if feeds == "asset_status":          # the lifecycle status is the asset's, never a figure's
        new = next((r for t, r in made if t == "energy_assets" and r.get("status")), None)
        return (Example(rowno, written, str(new["status"]), note="the asset's status", stored_in="asset status")
                if new else
                Example(rowno, written, "", note="status of an asset already known"))
    for candidate in _candidates(feeds):
        for _table, row in made:
            if candidate in row:
                if candidate == "asset_id":
                    return _asset(rowno, written, row, made)
                return _from_row(rowno, written, candidate, row, wide)
    return Example(rowno, written, "", note="read by the layout")


def _asset(rowno: int, written: str, row: dict, made: list[tuple[str, dict]]) -> Example:
    """An asset is stored by id: a known one's, or a new asset made from the row (shown by name)."""
    asset_id = row.get("asset_id")
    new = next((r for t, r in made if t == "energy_assets" and r.get("asset_id") == asset_id), None)
    if new is not None:
        return Example(rowno, written, str(new.get("name_en")), note="new asset", stored_in="asset")
    return Example(rowno, written, str(asset_id), note="known asset", stored_in="asset")


def _from_row(rowno: int, written: str, name: str, row: dict, wide: bool) -> Example:
    value = row.get(name)
    if value is None:
        return Example(rowno, written, "", note="left blank")
    note = row.get(f"{name}_precision") or (row.get("period_precision") if name == "period" else None) or ""
    unit = ""
    if name == "value":
        unit = row.get("unit") or ""
        if row.get("price_basis"):
            note = f"{row['price_basis']}"
        if wide and row.get("period"):
            note = f"{row['period']}, {row.get('period_precision')}" + (f"; {note}" if note else "")
        if row.get("flag"):
            note = (note + "; " if note else "") + f"flag {row['flag']}"
    elif name in ("commodity", "place_code", "indicator_code"):
        note = "text"
    elif name == "subject_id" and row.get("subject_type"):
        note = row["subject_type"]
    elif name in ("date", "date_end") and table_date(str(value)) != value:
        # '-2999' is 3000 BCE (ISO 8601's astronomical year): said in words beside it
        note = f"{note}, {table_date(str(value))}" if note else table_date(str(value))
    return Example(rowno, written, _shown(value), unit, str(note), stored_in=name)


def _shown(value) -> str:
    """A value as it is held: a float exactly (its shortest repr), a whole float without '.0'."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


# -- problems, folded, and the nearest known units ---------------------------------------------


def nearest_units(text: str, n: int = 3) -> list[str]:
    """The known units nearest to ``text`` as written ('bcm/year' -> bcm/yr, bcm), by their
    spellings (difflib); canonical names, nearest first."""
    key = " ".join(str(text).strip().lower().split())
    spellings = {alias: canon for canon, aliases in UNITS.items() for alias in (canon.lower(), *aliases)}
    found: list[str] = []
    for alias in difflib.get_close_matches(key, list(spellings), n=n * 4, cutoff=0.4):
        if spellings[alias] not in found:
            found.append(spellings[alias])
    return found[:n]


def is_unit_problem(p: Problem) -> bool:
    return p.expected.startswith(_UNIT_EXPECTED)


def _unknown_units(problems: list[Problem]) -> dict[str, int]:
    out: Counter[str] = Counter()
    for p in problems:
        if is_unit_problem(p) and str(p.found).strip():
            out[str(p.found)] += p.count
    return dict(out)


def describe(p: Problem, short: bool = False) -> str:
    """One problem for a person, as the import's report says it ('rows 3–555 (553 rows), column
    C: expected …, found …'), a unit with the nearest known ones: "rows 3–555 (553 rows), column
    CapacityUnits: unit 'bcm/yr.' not known — nearest: bcm/yr, bcm". ``short``: without the where."""
    where = "" if short else f"{'every row' if p.row == '(all)' else p.where()}, column {p.column}: "
    if is_unit_problem(p) and str(p.found).strip():
        near = nearest_units(p.found)
        return f"{where}unit {p.found!r} not known" + (f" — nearest: {', '.join(near)}" if near else "")
    found = p.found if len(p.found) <= 80 else p.found[:77] + "…"
    return f"{where}expected {p.expected}, found {found!r}"


def problem_lines(problems: list[Problem]) -> list[str]:
    """Each problem once, its rows as ranges (the engine's folding), units with the nearest known."""
    return [describe(p) for p in Problems(problems)]
