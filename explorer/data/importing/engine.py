"""One import, all or nothing: read, check every row, write in ONE
transaction, record it in the history. Streams rows (csv.reader, per-row
checks, executemany in batches) so memory does not grow with the file.

Rows identical to a row already there (same full natural key and value) are
skipped; a row with the full key of an earlier import's row but another value
replaces it (the old row is kept in ``import_replaced`` for undo); a row
that differs from a curated row is added beside it and reported as a conflict
(the curated database is read-only). Those decisions are made in SQL inside
the write transaction (``importing.resolve``), so memory does not grow with
the workspace and two processes importing at once never both add a row.
A row that leaves a required part of its key blank is refused (resolve.py
says which parts, and why).
"""
from __future__ import annotations

import hashlib
import json
import operator
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from explorer.data.importing.build_rows import BUILDERS, Missing
from explorer.data.importing.convert import Lookups, RowConverter
from explorer.data.importing.datasets import norm
from explorer.data.importing.decimal_marks import (SAMPLE_ROWS, DecimalMarks, MarksUnsettled, decide_decimal_marks,
                                                   requested_marks)
from explorer.data.importing.errors import CellError, ImportCancelled, ImportRejected, Problem, Problems
from explorer.data.importing.layouts import Layout, find_header, recognise
from explorer.data.importing.parse import looks_like_period
from explorer.data.importing.plausibility import plausibility_warnings
from explorer.data.importing.read import SourceInfo, detect, iter_records, iter_rows
from explorer.data.importing.resolve import (Change, PointResolver, Resolution, blank_key_expected, blank_key_part,
                                             blanks_among_filled, duplicates_within, replace_and_report,
                                             required_key_parts, skip_repeats)
from explorer.data.indexes import refresh_rollups
from explorer.data.schema import IMPORT_COLUMNS, table_columns

BATCH = 5000
#: Rows written to one table after which its secondary indexes are dropped (inside the
#: import's transaction) and rebuilt once at the end: a sorted build is several times
#: faster than maintaining them row by row — when the import brings at least as many rows
#: as the table held (_Writer._mostly_new). Still one transaction: a failure, a cancel
#: or a killed process leaves the indexes (and everything else) as they were.
BIG_IMPORT_ROWS = 50_000
#: Page cache of the importing connection while it writes (KiB; bounded, whatever the file size):
#: index maintenance and the index rebuild's sort stay in memory instead of spilling.
IMPORT_CACHE_KIB = 65_536
MAX_PROBLEMS = 1000
#: Ignored columns named in the summary (a 20,000-column sheet made it one 150 KB line).
LISTED_IGNORED = 30
#: Datasets whose natural key is their table's primary key: each row is decided before it is
#: inserted (resolve.PointResolver); the rest are written first and decided in SQL afterwards.
_KEYED_BY_PRIMARY_KEY = {"exchange_rates"}


_KIND_WORDS = {"asset": "assets", "corridor": "corridors"}


@dataclass
class Summary:
    file: str
    dataset: str
    layout: str
    encoding: str
    delimiter: str
    import_id: int | None = None
    rows_read: int = 0
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    by_table: dict[str, int] = field(default_factory=dict)
    unknown_places: dict[str, int] = field(default_factory=dict)
    created: dict[str, list[str]] = field(default_factory=dict)     # new assets/corridors by kind
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)      # plausibility: shown, never a refusal
    #: the first rows replaced (old -> new) and curated figures given another value, with the full counts
    replacements: list[Change] = field(default_factory=list)
    conflicts: int = 0
    conflict_examples: list[Change] = field(default_factory=list)

    def text(self) -> str:
        verb = "would add" if self.dry_run else "added"
        lines = [f"{self.file}: {self.dataset} ({self.layout} layout, {self.encoding or 'xlsx'}"
                 + (f", delimiter {self.delimiter!r}" if self.delimiter else "") + ")",
                 f"  rows read {self.rows_read}; {verb} {self.added}, "
                 f"{'would replace' if self.dry_run else 'replaced'} {self.replaced}, "
                 f"skipped {self.skipped} (already present)"]
        lines += [f"  {t}: {n} rows" for t, n in sorted(self.by_table.items())]
        if self.import_id is not None and not self.dry_run:
            lines.append(f"  recorded as import {self.import_id} (undo with: amur-explorer undo-import {self.import_id})")
        if self.unknown_places:
            lines.append("  places not in the database (kept as written; map them with a mapping 'places'): "
                         + ", ".join(f"{k} ({n})" for k, n in sorted(self.unknown_places.items())))
        for kind, names in sorted(self.created.items()):
            shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
            lines.append(f"  new {_KIND_WORDS.get(kind, kind)} ({'would be ' if self.dry_run else ''}added: no "
                         f"{kind} in the database has this name or id; check the spelling): {shown}")
        if self.ignored_columns:
            more = len(self.ignored_columns) - LISTED_IGNORED
            lines.append("  columns ignored: " + ", ".join(self.ignored_columns[:LISTED_IGNORED])
                         + (f" and {more} more" if more > 0 else ""))
        if self.warnings:
            lines.append(f"  {len(self.warnings)} warning(s) ({'would be ' if self.dry_run else ''}imported "
                         "all the same; please look):")
            lines += [f"    {w}" for w in self.warnings]
        lines += self._changes_text()
        return "\n".join(lines)

    def _changes_text(self) -> list[str]:
        lines = []
        if self.replaced:
            verb = "would replace" if self.dry_run else "replaced"
            lines.append(f"  {verb} {self.replaced} imported row{'s' * (self.replaced != 1)} (old -> new):")
            lines += [f"    {c.line()}" for c in self.replacements]
            if self.replaced > len(self.replacements):
                lines.append(f"    … and {self.replaced - len(self.replacements)} more")
        if self.conflicts:
            lines.append(f"  {self.conflicts} row{'s' * (self.conflicts != 1)} give a curated figure another value "
                         "(kept beside the curated figure, which is never replaced; `check` lists them):")
            lines += [f"    {c.line()}" for c in self.conflict_examples]
            if self.conflicts > len(self.conflict_examples):
                lines.append(f"    … and {self.conflicts - len(self.conflict_examples)} more")
        return lines


class _Writer:
    def __init__(self, conn: sqlite3.Connection, import_id: int, source_file: str) -> None:
        self.conn, self.import_id, self.source_file = conn, import_id, source_file
        self.pending: dict[str, list[tuple]] = {}
        self.sql: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.counts: dict[str, int] = {}
        self.getters: dict[str, Callable] = {}
        self.dropped: list[tuple[str, str]] = []        # (index name, its CREATE statement)
        self.slimmed: set[str] = set()
        self.mostly_new: set[str] = set()               # tables this import brought most rows of

    def _prepare(self, table: str) -> None:
        cols = tuple(c for c in table_columns()[table] if c not in IMPORT_COLUMNS)
        all_cols = cols + IMPORT_COLUMNS
        self.sql[table] = (f"INSERT INTO main.{table} ({', '.join(all_cols)}) "
                           f"VALUES ({', '.join('?' * len(all_cols))})", cols)
        self.pending[table] = []
        self.getters[table] = operator.itemgetter(*cols)

    def add(self, table: str, row: dict, source_row: int) -> None:
        pending = self.pending.get(table)
        if pending is None:
            self._prepare(table)
            pending = self.pending[table]
        try:
            values = self.getters[table](row)
        except KeyError:
            values = tuple([row.get(c) for c in self.sql[table][1]])
        pending.append(values + (self.import_id, self.source_file, source_row))
        if len(pending) >= BATCH:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for t in ([table] if table else list(self.pending)):
            if self.pending.get(t):
                self.counts[t] = self.counts.get(t, 0) + len(self.pending[t])
                if self.counts[t] >= BIG_IMPORT_ROWS and t not in self.slimmed and self._mostly_new(t):
                    self._drop_indexes(t)
                self.conn.executemany(self.sql[t][0], self.pending[t])
                self.pending[t].clear()

    def _mostly_new(self, table: str) -> bool:
        """True when this import has written at least as many rows as ``table`` held before.
        Only then does a sorted rebuild of its indexes pay: rebuilding re-sorts EVERY row, so
        200k rows into a 1M-row workspace took 2× longer rebuilt than maintained row by row."""
        total = self.conn.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0]
        if self.counts[table] >= total - self.counts[table]:
            self.mostly_new.add(table)
            return True
        self.slimmed.add(table)         # decided for this import: keep maintaining them
        return False

    def _drop_indexes(self, table: str) -> None:
        """Drop the workspace's secondary indexes on ``table`` (explorer.data.indexes.INDEXES,
        not the primary key) for the rest of this transaction; :meth:`rebuild_indexes` puts
        back exactly the statements read here."""
        from explorer.data.indexes import INDEXES

        self.slimmed.add(table)
        owned = [name for name, (t, _cols) in INDEXES.items() if t == table]
        if not owned:
            return
        found = self.conn.execute(
            f"SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? "
            f"AND name IN ({', '.join('?' * len(owned))}) AND sql IS NOT NULL ORDER BY name",
            (table, *owned)).fetchall()
        for name, sql in found:
            self.conn.execute(f"DROP INDEX main.{name}")
            self.dropped.append((name, sql))

    def rebuild_indexes(self) -> None:
        """Recreate the indexes dropped for a big import (a sorted build, in the same transaction)."""
        while self.dropped:
            name, sql = self.dropped.pop(0)
            self.conn.execute(sql.replace(f"CREATE INDEX {name}", f"CREATE INDEX main.{name}", 1)
                              if sql.startswith(f"CREATE INDEX {name} ") else sql)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def prepare(path: Path, dataset: str | None = None, mapping: dict | None = None,
            encoding: str | None = None, sheet: str | None = None) -> tuple[SourceInfo, Layout]:
    """Detect the file's format and layout (raises ImportRejected for unreadable files)."""
    path = Path(path)
    info = detect(path, encoding, sheet=sheet)
    rows = iter_rows(info)
    header_row, header = find_header(rows, _header_row(path, mapping)) or (0, None)
    if hasattr(rows, "close"):
        rows.close()
    if header is None:
        raise ImportRejected(path.name, [Problem(1, "(header)", "a header row naming the columns",
                                                 "an empty file")])
    try:
        layout = recognise(header, dataset, mapping)
        layout.header_row = header_row
        layout.sheet_asked = sheet
        if layout.with_file_name is not None:      # a publisher's release date in the file's name
            layout.with_file_name(path.name)
        if layout.read_preamble is not None:
            layout.read_preamble(path.name, _rows_above(info, header_row))
    except KeyError as exc:
        raise ImportRejected(path.name, [Problem(1, "(header)", str(exc.args[0]), ", ".join(map(str, header)))]) from exc
    twice = _column_named_twice(layout)
    if twice is not None:
        raise ImportRejected(path.name, [twice])
    # what the mapping asks for; the rest is decided per column from the cells by run_import
    # (decimal_marks), never from the delimiter
    try:
        if (mapping or {}).get("decimal") is not None or layout.decimal in (None, ""):
            layout.decimal = requested_marks(mapping)
        # else: the layout's own mark (a publisher that never writes decimal commas says so)
    except KeyError as exc:
        raise ImportRejected(path.name, [Problem(1, "(mapping)", str(exc.args[0]),
                                                 json.dumps((mapping or {}).get("decimal"))[:80])]) from exc
    return info, layout


def _rows_above(info: SourceInfo, header_row: int) -> list[list]:
    """The rows of a file above its header (a publisher's preamble)."""
    rows = iter_rows(info)
    above = [row for _, row in zip(range(header_row), rows)]
    if hasattr(rows, "close"):
        rows.close()
    return above


def _header_row(path: Path, mapping: dict | None) -> int | None:
    """The 1-based header row a mapping (or ``--header-row``) gives, if any."""
    at = (mapping or {}).get("header_row")
    if at is None:
        return None
    if isinstance(at, bool) or not isinstance(at, int) or at < 1:
        raise ImportRejected(path.name, [Problem(1, "(mapping)", "a header row number of 1 or more", str(at))])
    return at


def _sheets_not_read(info: SourceInfo, layout: Layout, sheet: str | None) -> list[str]:
    """A workbook in the app's own layout reads one sheet: the others holding data are named,
    so a workbook with a sheet per year is not taken as imported whole."""
    if info.kind != "xlsx" or sheet or layout.name != "own":
        return []
    from explorer.data.importing.xlsx import other_sheets_with_data

    others = other_sheets_with_data(info)
    if not others:
        return []
    return [f"only sheet {info.sheet!r} was read; the workbook also has data on sheet(s) "
            + ", ".join(map(repr, others[:10])) + (f" and {len(others) - 10} more" if len(others) > 10 else "")
            + ": import each with --sheet NAME"]


def _in_sheet(info: SourceInfo, problems: list[Problem]) -> list[Problem]:
    """Header problems of a workbook say which sheet was read and which others there are: the
    table is often on another sheet than the first one holding anything (a ReadMe, a title)."""
    if not problems or info.kind != "xlsx":
        return problems
    from dataclasses import replace

    from explorer.data.importing.xlsx import sheet_names

    others = [name for name, _visible in sheet_names(info.path) if name != info.sheet]
    hint = f" (read from sheet {info.sheet!r}" + (f"; the workbook also has {', '.join(map(repr, others))}: "
                                                   "choose one with --sheet" if others else "") + ")"
    return [replace(p, expected=p.expected + hint) if p.row == 1 else p for p in problems]


#: A wide table's year header with a note on it: '2021*', '2021e', '2021 (prelim.)', '2021 [1]'.
_ANNOTATED_PERIOD = re.compile(r"(\d{4}(?:[-/.]\w+)?)\s*(?:\*+|[a-zA-Z]|\(.*\)|\[.*\]|\d\))\s*")


def _annotated_period_columns(layout: Layout) -> list[Problem]:
    """Year columns of a wide table whose header carries a note: left out, their figures were
    dropped with exit 0 ('columns ignored: 2021*'). Refused, naming the column, since what the
    note means (an estimate? preliminary?) is for the user to say."""
    if not layout.series:
        return []
    out = []
    for h in layout.ignored:
        m = _ANNOTATED_PERIOD.fullmatch(str(h).strip())
        if m and looks_like_period(m.group(1)):
            out.append(Problem(1, str(h), f"a period as the header of a year column, like {m.group(1)} (rename the "
                               "column to import its figures, or delete it)", str(h)))
    return out


#: Words in the header of a trade file's column that says who trades or which way. Left unread
#: ('поток', 'партнёр', 'Exporter'), its rows were stored with no reporter or partner and the
#: flow defaulted to 'total': an export stored as a total, exit 0.
_KEY_COLUMN_WORDS = {
    "reporter": ("reporter", "exporter", "importer", "country", "отчит", "стран", "报告", "国家"),
    "partner": ("partner", "партн", "伙伴", "对方"),
    "flow": ("flow", "direction", "export", "import", "поток", "направлен", "экспорт", "импорт",
             "流向", "进出口", "出口", "进口", "方向"),
}


def _key_columns_left_out(layout: Layout, implied: set[str]) -> list[Problem]:
    """A trade file in the app's own layout whose reporter, partner or flow sits in a column
    nothing reads: refused, naming the column, rather than stored without it."""
    if layout.dataset.name != "trade" or layout.name != "own" or layout.transform is not None:
        return []
    out = []
    for name, words in _KEY_COLUMN_WORDS.items():
        if name in layout.columns or name in implied:
            continue
        unread = next((h for h in layout.ignored if any(w in str(h).lower() for w in words)), None)
        if unread is not None:
            out.append(Problem(1, str(unread), f"the {name} of each row in a column named '{name}' (rename "
                               f"the column to import it, or delete it to import without a {name})", str(unread)))
    return out


def _figures_left_out(layout: Layout, implied: set[str]) -> bool:
    """An energy file with no value column describes assets; one that also has columns nothing
    reads ('cap', 'capacity_bcm') holds its figures there: importing it made new assets and
    dropped every figure, exit 0."""
    return (layout.dataset.name == "energy" and layout.transform is None and "value" not in layout.columns
            and "value" not in implied and bool(layout.ignored))


def _header_again(cells: list, header: list) -> bool:
    """True when a row repeats the header (files concatenated, each with its header line)."""
    return [str(c).lstrip("\ufeff").strip() for c in cells] == [str(h).strip() for h in header]


def _nothing_recognised(layout: Layout) -> bool:
    return (layout.name == "own" and not layout.columns and not layout.series and not layout.constants
            and layout.transform is None)


def _column_named_twice(layout: Layout) -> Problem | None:
    """A column the layout reads whose header appears twice ('value,value'): which one holds the
    figure is anyone's guess, so the file is refused rather than one of them silently dropped."""
    for i in sorted(set(layout.columns.values())):
        name = norm(layout.header[i]) if i < len(layout.header) else ""
        same = [n for n, h in enumerate(layout.header) if name and norm(h) == name]
        if len(same) > 1:
            return Problem(1, layout.header[i], "each column named once in the header",
                           f"{layout.header[i]!r} as columns " + " and ".join(f"#{n + 1}" for n in same))
    return None


def _header_problems(layout: Layout) -> list[Problem]:
    if _nothing_recognised(layout):
        # no column of any subject: naming the one subject that scored best ('a column asset for
        # energy capacities') sends the user after the wrong fix
        return [Problem(1, "(header)", "a header row naming the columns of a subject: trade (period, reporter, "
                        "partner, value, unit), energy (asset, measure, value, unit, date), corridors, institutions, "
                        "relations, places or exchange_rates — or --dataset NAME with --mapping FILE",
                        "headers " + ", ".join(str(h)[:40] for h in layout.header if h)[:200])]
    probs = []
    implied = set(layout.constants) | {k for _, extra in layout.series for k in extra}
    if layout.series:
        implied.add("value")
    probs += _annotated_period_columns(layout)
    probs += _key_columns_left_out(layout, implied)
    if _figures_left_out(layout, implied):
        probs.append(Problem(1, "value", "a column 'value' or 'capacity' holding the figures (a file without one "
                             "only describes assets, and has no other columns)",
                             "columns not read: " + ", ".join(layout.ignored[:10])))
    for name, what in layout.asks.items():          # what the whole file lacks: asked once, not per row
        if name not in layout.constants:
            probs.append(Problem(1, name, what, "headers " + ", ".join(h for h in layout.header if h)))
    if layout.transform is not None:
        return probs
    for f in layout.dataset.fields:
        if f.required and f.default is None and f.name not in layout.columns and f.name not in implied:
            names = " or ".join(repr(n) for n in (f.name, *f.aliases[:2]))
            probs.append(Problem(1, f.name, f"a column {names} for {layout.dataset.title.lower()}",
                                 "headers " + ", ".join(h for h in layout.header if h)))
    for i, extra in layout.series:
        if "unit" in extra and extra["unit"] is None and "unit" not in layout.constants:
            probs.append(Problem(1, layout.header[i], "a unit in the header, like 'Exports (current US$)', "
                                 "or a unit given in the mapping", layout.header[i]))
    return probs


def run_import(conn: sqlite3.Connection, path: Path, *, dataset: str | None = None, mapping: dict | None = None,
               encoding: str | None = None, dry_run: bool = False, sheet: str | None = None,
               progress: Callable[[int], None] | None = None,
               cancelled: Callable[[], bool] | None = None,
               may_commit: Callable[[], bool] | None = None) -> Summary:
    """Import ``path`` into the workspace behind ``conn`` in one transaction.

    Everything that depends on what the workspace holds (names already known, rows already
    there) is read after ``BEGIN IMMEDIATE``, holding the write lock: a second process
    importing at the same time waits, then sees this import's rows. The automatic backup is
    taken only when the import is about to commit (not for a dry run or a refused file).

    ``cancelled`` is asked between batches of rows; ``may_commit`` once, immediately before
    COMMIT (after every check and the backup): False there rolls back like a cancel, and once
    it has said True the import commits — a caller that stops on Ctrl-C tells the two apart.

    Raises ImportRejected (with every problem) or ImportCancelled; either way nothing is written."""
    args = dict(dataset=dataset, mapping=mapping, encoding=encoding, dry_run=dry_run, sheet=sheet,
                progress=progress, cancelled=cancelled, may_commit=may_commit)
    try:
        # the file is read once: decimal marks from its first rows, confirmed on the way
        return _run_import(conn, path, sample_rows=SAMPLE_ROWS, **args)
    except MarksUnsettled:
        # a later row would have decided a mark otherwise: rolled back; again, marks from every row
        return _run_import(conn, path, sample_rows=None, **args)


def _run_import(conn: sqlite3.Connection, path: Path, *, dataset: str | None, mapping: dict | None,
                encoding: str | None, dry_run: bool, sheet: str | None,
                progress: Callable[[int], None] | None, cancelled: Callable[[], bool] | None,
                may_commit: Callable[[], bool] | None, sample_rows: int | None) -> Summary:
    path = Path(path)
    info, layout = prepare(path, dataset, mapping, encoding, sheet)
    ds = layout.dataset
    from explorer.data.importing.xlsx import legacy_label   # the summary says xls for an .xls

    summary = Summary(path.name, ds.name, layout.name, info.encoding or legacy_label(info), info.delimiter,
                      dry_run=dry_run, ignored_columns=layout.ignored)
    summary.warnings += _sheets_not_read(info, layout, sheet)
    if mapping and mapping.get("places"):
        layout.places = dict(mapping["places"])
    if mapping and mapping.get("units"):
        layout.units = dict(mapping["units"])
    problems = Problems(_in_sheet(info, _header_problems(layout)))
    if problems:
        raise ImportRejected(path.name, problems)
    marks = decide_decimal_marks(info, layout, layout.decimal, cancelled,
                                 sample_rows=sample_rows if layout.records is None else None)
    problems += marks.problems           # reported with every other problem of the file
    requested = layout.decimal
    layout.decimal = marks.as_mapping(requested)      # the history keeps the marks per column
    builder = BUILDERS[ds.name]
    fields = {f.name: f for f in ds.fields}
    sha256 = file_sha256(path)
    conn.commit()
    saved_isolation = conn.isolation_level
    saved_cache = conn.execute("PRAGMA main.cache_size").fetchone()[0]
    conn.isolation_level = None
    conn.execute(f"PRAGMA main.cache_size = -{IMPORT_CACHE_KIB}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        lookups = Lookups(conn, layout.places, layout.units)
        conv = RowConverter(ds, lookups, marks.by_field)
        # rows of this import are those after the last row there now (and carry its import_id)
        start = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM main.{ds.table}").fetchone()[0]
        import_id = conn.execute(
            "INSERT INTO imports(file_name, file_path, file_size, sha256, dataset, layout, mapping_json, encoding, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (path.name, str(path.resolve()), path.stat().st_size, sha256, ds.name, layout.name,
             layout.mapping_json(), summary.encoding or "xlsx",
             datetime.now(timezone.utc).isoformat(timespec="seconds"))).lastrowid
        summary.import_id = import_id
        writer = _Writer(conn, import_id, path.name)
        resolution = Resolution()
        point = PointResolver(conn, ds, import_id, resolution) if ds.name in _KEYED_BY_PRIMARY_KEY else None
        more = _stream(info, layout, ds, conv, builder, fields, point, writer, summary, problems,
                       progress, cancelled, marks)
        if marks.as_mapping(requested) != layout.decimal:       # a column took its mark past the sample
            layout.decimal = marks.as_mapping(requested)
            conn.execute("UPDATE imports SET mapping_json = ? WHERE import_id = ?", (layout.mapping_json(), import_id))
        writer.flush()
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        if not problems:
            writer.rebuild_indexes()
        if not problems and point is None:
            skip_repeats(conn, ds, start, import_id, resolution)
            problems += duplicates_within(conn, ds, start, import_id, MAX_PROBLEMS,
                                          scan_first=ds.table in writer.mostly_new)
            problems += blanks_among_filled(conn, ds, start, import_id, _key_headers(layout), MAX_PROBLEMS)
        if not problems and point is None:
            replace_and_report(conn, ds, start, import_id, resolution)
        if not problems and summary.rows_read == 0:
            problems.append(Problem(2, "(any)", "at least one row of data under the header", "no rows"))
        if problems:
            raise ImportRejected(path.name, problems, more)
        _count(summary, resolution, writer, ds.table, lookups, skipped_after_insert=point is None)
        conn.execute("UPDATE imports SET rows_added = ?, rows_replaced = ? WHERE import_id = ?",
                     (summary.added, summary.replaced, import_id))
        if not dry_run and writer.counts:
            # facet lists and chart rollups follow the rows, in the same transaction
            refresh_rollups(conn, sorted(writer.counts), analyze="auto")
        summary.warnings += plausibility_warnings(conn, ds, import_id)
        if dry_run:
            conn.execute("ROLLBACK")
        else:
            _commit_with_backup(conn, import_id, may_commit)
    except BaseException:
        if conn.in_transaction:          # SQLite has already rolled back after e.g. SQLITE_FULL
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.isolation_level = saved_isolation
        try:
            conn.execute(f"PRAGMA main.cache_size = {int(saved_cache)}")
        except sqlite3.Error:
            pass
    return summary


def _commit_with_backup(conn: sqlite3.Connection, import_id: int,
                        may_commit: Callable[[], bool] | None = None) -> None:
    """COMMIT, after the automatic backup of the state before this import (recorded with it,
    so that rotation keeps the restore point of every recent import). ``may_commit`` is the
    last word: asked right before COMMIT, False cancels (the caller rolls back)."""
    from explorer.data.db import before_commit

    backup_name = before_commit(conn)
    if backup_name:
        conn.execute("UPDATE imports SET backup_file = ? WHERE import_id = ?", (backup_name, import_id))
    if may_commit is not None and not may_commit():
        raise ImportCancelled()
    conn.execute("COMMIT")


def _key_headers(layout: Layout) -> dict[str, str]:
    """Key part -> the header of the file's column for it (parts the file has a column for)."""
    return {name: layout.header[i] for name, i in layout.columns.items() if i is not None and i < len(layout.header)}


def _count(summary: Summary, res: Resolution, writer: _Writer, main_table: str, lookups: Lookups,
           skipped_after_insert: bool) -> None:
    """The summary's counts once every row is decided. Rows the SQL pass found already there
    were written first and removed again (``skipped_after_insert``); rows decided one by one
    before insertion were never written."""
    if skipped_after_insert and res.skipped:
        summary.added -= res.skipped
        left = writer.counts.get(main_table, 0) - res.skipped
        if left > 0:
            writer.counts[main_table] = left
        else:
            writer.counts.pop(main_table, None)
    summary.skipped += res.skipped
    # a replacing row is written like a new one, but it is counted once, as a replacement:
    # rows read = added + replaced + skipped
    summary.added -= res.replaced
    summary.replaced = res.replaced
    summary.replacements = list(res.replacements)
    summary.conflicts, summary.conflict_examples = res.conflicts, list(res.conflict_examples)
    summary.by_table = dict(writer.counts)
    summary.unknown_places = dict(lookups.unknown_places) if summary.added else {}
    summary.created = {kind: list(names) for kind, names in lookups.created.items()}


def _stream(info, layout, ds, conv, builder, fields, point, writer, summary, problems, progress, cancelled,
            marks: DecimalMarks | None = None) -> int:
    """The hot loop: every row checked, converted, decided and queued. Returns problems not kept."""
    more = 0
    width = len(layout.header)
    fns = {name: conv.converter(f) for name, f in fields.items()}
    base, base_bad = {}, []
    for f in fields.values():
        if f.default is not None:
            base[f.name] = f.default
    for name, cell in layout.constants.items():       # constants are checked once, not per row
        if cell is None or name not in fns:
            base[name] = cell
            continue
        try:
            v = fns[name](cell)
        except CellError as exc:
            base_bad.append(Problem("(all)", name, exc.expected, str(cell)))
        else:
            if v is not None:
                base[name] = v
    if base_bad:
        problems.extend(base_bad)
        return 0
    columns = [(name, i, fns.get(name) or _as_is) for name, i in layout.columns.items()]
    series = layout.series or [(None, None)]
    long_rows = not layout.series
    transform = layout.transform
    on_cells = layout.transform_cells if transform is not None else None
    main_table = ds.table
    decide = point.decide if point is not None else None
    key_rules = required_key_parts(ds.name, layout.columns, layout.name)
    unknown = conv.row_unknown
    converted = _SharedFields(fns, unknown)
    counter = conv.lookups.unknown_places
    ids = _Ids(writer.import_id)
    add = writer.add
    header = layout.header
    first_name = str(header[0]).strip() if header else None
    rows_read = added = skipped = 0
    failing = _failing(problems)
    if layout.records is not None:        # a publisher reading its own tables (publishers/year_tables)
        rows = iter(layout.records(info))
    else:
        rows = iter_records(info)             # row numbers are records (and lines), as the user counts them
        for n, (_, first) in enumerate(rows):            # past any preamble, to the header
            if n >= layout.header_row and any(str(c).strip() for c in first):
                break
        if marks is not None:                 # the rows after the decimal marks' sample are checked
            rows = marks.confirmed(rows, _settler(conv, fields, fns, columns, layout))
    next_check = BATCH
    for rowno, cells in rows:
        if rowno >= next_check:
            next_check += BATCH
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(rowno)
        if len(cells) != width:
            n = len(cells)
            if not any(str(c).strip() for c in cells):
                continue
            if n > width and any(str(c).strip() for c in cells[width:]):
                problems.append(Problem(rowno, f"#{width + 1}", f"{width} cells, as in the header", f"{n} cells"))
                continue
            cells = list(cells[:width]) + [""] * (width - n)
        elif (cells[0] == "" or cells[0] is None) and not any(str(c).strip() for c in cells if c is not None):
            continue        # ',,,,,,' (Excel's emptied row): no figure, counted as a row as Excel numbers it
        if (transform is None and type(cells[0]) is str and cells[0].lstrip("\ufeff").strip() == first_name
                and _header_again(cells, header)):
            # files joined with their header lines: the columns are the same, so the rows read on.
            # Not for a publisher's transform: it reads its own repeated headers (Eurostat's next sheet)
            summary.warnings.append(f"row {rowno} repeats the header (files joined into one?): read as a header")
            continue
        rows_read += 1
        if unknown:
            unknown.clear()
        bad = None
        row_base = base.copy()
        if transform is None:
            for name, i, fn in columns:          # the hot loop: one converter call per filled cell
                cell = cells[i]
                if not cell and (cell == "" or cell is None):
                    continue
                try:
                    v = fn(cell)
                except CellError as exc:
                    if bad is None:
                        bad = []
                    bad.append(Problem(rowno, header[i], exc.expected, str(cell)))
                else:
                    if v is not None:
                        row_base[name] = v
        else:
            if on_cells is not None:
                got = on_cells(cells)
                if got is None:              # not data: a publisher's note or legend under the table
                    rows_read -= 1
                    continue
                shared, fields_out = got
                done = converted.get(id(shared))     # the cache holds each dict it converted: an id
                if done is None:                      # found there is that very dict, never a reused id
                    done = converted.add(shared, base)
                row_base = done.row.copy()
                if done.unknown:
                    unknown.extend(done.unknown)
                if done.bad:
                    bad = [Problem(rowno, _column_name(layout, name, None), expected, cell)
                           for name, expected, cell in done.bad]
            else:
                fields_out = transform({name: cells[i] for name, i, _ in columns})
                if fields_out is None:           # not data: a publisher's note or legend under the table
                    rows_read -= 1
                    continue
            for name, cell in fields_out.items():
                if cell is None or cell == "":
                    continue
                fn = fns.get(name)
                try:
                    v = fn(cell) if fn is not None else cell
                except CellError as exc:
                    if bad is None:
                        bad = []
                    bad.append(Problem(rowno, _column_name(layout, name, None), exc.expected, str(cell)))
                else:
                    if v is not None:
                        row_base[name] = v
        for extra_i, extra in series:
            if long_rows:
                typed = row_base
            else:
                cell = cells[extra_i]
                if cell is None or (isinstance(cell, str) and not cell.strip()):
                    continue
                typed = row_base.copy()
                for name, raw in list(extra.items()) + [("value", cell)]:
                    if name == "flag_column":       # each value's flag in a column of its own (FAOSTAT's Y1961F);
                        flag_i, no_figure = raw       # a flag saying "no figure" (FAOSTAT's M) leaves out the value
                        name, raw = "flag", cells[flag_i]
                        if str(raw).strip() in no_figure:
                            break
                    if raw is None:
                        continue
                    try:
                        typed[name] = fns[name](raw)
                    except CellError as exc:
                        if bad is None:
                            bad = []
                        # a value the header implies is the header's problem: row 1, said once
                        bad.append(Problem(rowno, header[extra_i], exc.expected, str(raw)) if name == "value"
                                   else Problem(1, header[extra_i], exc.expected, str(raw)))
            if bad:
                if len(problems) < MAX_PROBLEMS:
                    problems.extend(bad)
                else:
                    more += len(bad)
                bad = None
                continue
            try:
                ids.start(rowno, extra_i)
                out = builder(typed, ids, conv.lookups)
            except Missing as exc:
                problems.append(_missing(layout, exc, rowno, extra_i, typed))
                continue
            if key_rules and out is not None:
                for t, r in out:
                    blank = blank_key_part(key_rules, r) if t == main_table else None
                    if blank is not None:
                        problems.append(Problem(rowno, _column_name(layout, blank, None),
                                                blank_key_expected(ds, blank), ""))
                        break
            if failing():
                continue          # keep checking, stop writing: the import will be rejected
            if out is None:
                continue          # a value marked not available ('..', ':'): no row, and nothing skipped
            if not out:
                skipped += 1
            for table, row in out:
                if table == main_table:
                    if decide is not None:
                        writer.flush(table)         # an earlier row of this file is a row already there
                        decision = decide(row, rowno)
                        if decision == "skip":
                            continue
                        if decision != "add":
                            problems.append(decision)
                            break
                    added += 1
                    for name in unknown:
                        counter[name] += 1
                add(table, row, rowno)
    summary.rows_read += rows_read
    summary.added += added
    summary.skipped += skipped
    summary.ignored_columns = layout.ignored        # what a publisher's own reader left out is known now
    return more


def _as_is(cell):
    return cell


def _settler(conv: RowConverter, fields: dict, fns: dict[str, Callable], columns: list,
             layout: Layout) -> Callable[[dict[str, str]], None]:
    """What the stream does when a number column without a mark so far takes one
    (DecimalMarks.confirmed): its converter is made again with that mark, in place, for the
    row that showed it and every row after."""
    def settled(marks: dict[str, str]) -> None:
        conv.marks.update(marks)
        for name in marks:
            if name in fields:
                fns[name] = conv.converter(fields[name])
        columns[:] = [(name, i, fns.get(name) or _as_is) for name, i in layout.columns.items()]
    return settled


def _failing(problems) -> Callable[[], bool]:
    """``bool(problems)`` asked once a row, cheaply: Problems counts its entries in Python
    (``__len__``), so its dict of entries is asked directly; any other kind (the preview's,
    which never stops) as it answers."""
    if type(problems) is Problems:
        return problems._entries.__len__
    return problems.__bool__ if hasattr(problems, "__bool__") else problems.__len__


@dataclass
class _Converted:
    """One shared dict of a publisher's transform (Layout.transform_cells), converted once."""

    shared: dict                     # held, so that its id is not reused while it is cached
    row: dict                        # the import's base fields with the converted ones over them
    bad: list[tuple[str, str, str]]  # (field, expected, cell) of each cell that did not convert
    unknown: list[str]               # unknown place names among them (counted per row added)


class _SharedFields:
    """The converted form of each shared dict a transform hands back (see Layout.transform_cells),
    by identity: a file repeats a few thousand combinations of places, flow and period over
    millions of rows. Bounded; past the bound it starts over (a cost, never a wrong value)."""

    KEPT = 65_536

    def __init__(self, fns: dict[str, Callable], unknown: list[str]) -> None:
        self.fns, self.unknown = fns, unknown
        self.done: dict[int, _Converted] = {}
        self.get = self.done.get

    def add(self, shared: dict, base: dict) -> _Converted:
        row, bad, found = base.copy(), [], []
        for name, cell in shared.items():
            if cell is None or cell == "":
                continue
            fn = self.fns.get(name)
            before = len(self.unknown)
            try:
                v = fn(cell) if fn is not None else cell
            except CellError as exc:
                bad.append((name, exc.expected, str(cell)))
                continue
            found += self.unknown[before:]
            if v is not None:
                row[name] = v
        if len(self.done) >= self.KEPT:
            self.done.clear()
        out = self.done[id(shared)] = _Converted(shared, row, bad, found)
        del self.unknown[len(self.unknown) - len(found):]     # the caller adds them, as for any row
        return out


class _Ids:
    """Ids of the rows made from one source row: imp<import>-<row>[-<column>][-a|-p|-2…].
    One object per import, restarted per row (cheaper than a closure per row)."""

    __slots__ = ("prefix", "stem", "k")

    def __init__(self, import_id: int) -> None:
        self.prefix = f"imp{import_id}-"
        self.stem, self.k = "", 0

    def start(self, rowno: int, series_i) -> None:
        self.stem = f"{self.prefix}{rowno:d}" if series_i is None else f"{self.prefix}{rowno:d}-{series_i}"
        self.k = 0

    def __call__(self, suffix: str = "") -> str:
        if suffix:
            return f"{self.stem}-{suffix}"
        self.k += 1
        return self.stem if self.k == 1 else f"{self.stem}-{self.k}"


def _column_name(layout: Layout, field_name: str, series_i) -> str:
    if field_name == "value" and series_i is not None:
        return layout.header[series_i]
    i = layout.columns.get(field_name)
    return layout.header[i] if i is not None else field_name


def _missing(layout: Layout, exc: Missing, rowno: int, series_i, typed: dict) -> Problem:
    """A value a row lacks. When no column of the file could have given it, the header
    lacks it: reported once as row 1, not once per row."""
    name = exc.column
    fed = (name in layout.columns or name in layout.constants or layout.transform is not None
           or any(name in extra for _, extra in layout.series) or (name == "value" and layout.series))
    if not fed:
        return Problem(1, name, f"a column {name!r} (or {name!r} in the mapping's constants) holding "
                       f"{exc.expected}", "headers " + ", ".join(h for h in layout.header if h))
    found = typed.get(name)
    if isinstance(found, tuple):            # a converted number or period: show it as read
        found = f"{found[0]:g}%" if found[1] is True else found[0]
    return Problem(rowno, _column_name(layout, name, series_i), exc.expected, "" if found is None else str(found))

