"""One import, all or nothing: read, check every row, write in ONE
transaction, record it in the history. Streams rows (csv.reader, per-row
checks, executemany in batches) so memory does not grow with the file.

Rows identical to a row already there (same natural key and value) are
skipped; a row with the key of an earlier import's row but another value
replaces it (the old row is kept in ``import_replaced`` for undo); a row
that differs from a curated row is added beside it (the curated database is
read-only, and ``check`` flags the disagreement).
"""
from __future__ import annotations

import hashlib
import json
import operator
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from explorer.data.importing.build_rows import BUILDERS, Missing
from explorer.data.importing.convert import Lookups, RowConverter
from explorer.data.importing.datasets import Dataset
from explorer.data.importing.errors import CellError, ImportCancelled, ImportRejected, Problem
from explorer.data.importing.layouts import Layout, find_header, recognise
from explorer.data.importing.read import SourceInfo, detect, iter_rows
from explorer.data.indexes import refresh_rollups
from explorer.data.schema import IMPORT_COLUMNS, table_columns

BATCH = 5000
#: Rows written to one table after which its secondary indexes are dropped (inside the
#: import's transaction) and rebuilt once at the end: a sorted build is several times
#: faster than maintaining them row by row. Still one transaction: a failure, a cancel
#: or a killed process leaves the indexes (and everything else) as they were.
BIG_IMPORT_ROWS = 50_000
#: Page cache of the importing connection while it writes (KiB; bounded, whatever the file size):
#: index maintenance and the index rebuild's sort stay in memory instead of spilling.
IMPORT_CACHE_KIB = 65_536
MAX_PROBLEMS = 1000
_PK = {"exchange_rates": ("year", "currency"), "corridor_places": ("corridor_id", "seq")}


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
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    def text(self) -> str:
        verb = "would add" if self.dry_run else "added"
        lines = [f"{self.file}: {self.dataset} ({self.layout} layout, {self.encoding or 'xlsx'}"
                 + (f", delimiter {self.delimiter!r}" if self.delimiter else "") + ")",
                 f"  rows read {self.rows_read}; {verb} {self.added}, replaced {self.replaced}, "
                 f"skipped {self.skipped} (already present)"]
        lines += [f"  {t}: {n} rows" for t, n in sorted(self.by_table.items())]
        if self.import_id is not None and not self.dry_run:
            lines.append(f"  recorded as import {self.import_id} (undo with: amur-explorer undo-import {self.import_id})")
        if self.unknown_places:
            lines.append("  places not in the database (kept as written; map them with a mapping 'places'): "
                         + ", ".join(f"{k} ({n})" for k, n in sorted(self.unknown_places.items())))
        if self.ignored_columns:
            lines.append("  columns ignored: " + ", ".join(self.ignored_columns))
        return "\n".join(lines)


def _pk(table: str) -> tuple[str, ...]:
    return _PK.get(table) or (table_columns()[table][0],)


class _Existing:
    """Natural key -> rows already there, for skip/replace decisions."""

    def __init__(self, conn: sqlite3.Connection, ds: Dataset, table: str) -> None:
        self.key, self.compare, self.pk = ds.key, ds.compare, _pk(table)
        self._key_of = operator.itemgetter(*self.key) if len(self.key) > 1 else (lambda r, k=self.key[0]: (r[k],))
        cols = ", ".join(("origin",) + self.pk + self.key + self.compare)
        self.rows: dict[tuple, list] = {}
        nk, npk = len(self.key), len(self.pk)
        for r in conn.execute(f"SELECT {cols} FROM all_{table}"):
            self.rows.setdefault(r[1 + npk:1 + npk + nk], []).append((r[0], r[1:1 + npk], r[1 + npk + nk:]))

    def decide(self, row: dict) -> tuple[str, tuple | None]:
        """'add', 'skip', or ('replace', pk of the workspace row)."""
        found = self.rows.get(self._key_of(row))
        if not found:
            return "add", None
        values = tuple(row[c] for c in self.compare)
        for origin, _pk_, cmp in found:
            if cmp == values:
                return "skip", None
        for origin, pk, cmp in found:
            if origin == "workspace":
                return "replace", pk
        return "add", None


class _Writer:
    def __init__(self, conn: sqlite3.Connection, import_id: int, source_file: str) -> None:
        self.conn, self.import_id, self.source_file = conn, import_id, source_file
        self.pending: dict[str, list[tuple]] = {}
        self.sql: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.counts: dict[str, int] = {}
        self.getters: dict[str, Callable] = {}
        self.dropped: list[tuple[str, str]] = []        # (index name, its CREATE statement)
        self.slimmed: set[str] = set()

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
            if self.pending[t]:
                self.counts[t] = self.counts.get(t, 0) + len(self.pending[t])
                if self.counts[t] >= BIG_IMPORT_ROWS and t not in self.slimmed:
                    self._drop_indexes(t)
                self.conn.executemany(self.sql[t][0], self.pending[t])
                self.pending[t].clear()

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

    def replace(self, table: str, pk_cols: tuple[str, ...], pk: tuple) -> None:
        where = " AND ".join(f"{c} = ?" for c in pk_cols)
        # the rowid too, so that undo puts the row back exactly where it was
        cur = self.conn.execute(f"SELECT rowid AS _rowid, * FROM main.{table} WHERE {where}", pk)
        names = [d[0] for d in cur.description]
        for r in cur.fetchall():
            self.conn.execute("INSERT INTO import_replaced(import_id, table_name, row_json) VALUES (?, ?, ?)",
                              (self.import_id, table, json.dumps(dict(zip(names, r)), ensure_ascii=False)))
        self.conn.execute(f"DELETE FROM main.{table} WHERE {where}", pk)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def prepare(path: Path, dataset: str | None = None, mapping: dict | None = None,
            encoding: str | None = None) -> tuple[SourceInfo, Layout]:
    """Detect the file's format and layout (raises ImportRejected for unreadable files)."""
    path = Path(path)
    info = detect(path, encoding)
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
    except KeyError as exc:
        raise ImportRejected(path.name, [Problem(1, "(header)", str(exc.args[0]), ", ".join(map(str, header)))]) from exc
    if mapping and mapping.get("decimal"):
        layout.decimal = mapping["decimal"]
    elif info.delimiter == ";":
        layout.decimal = ","     # a semicolon-separated file comes from a decimal-comma locale
    return info, layout


def _header_row(path: Path, mapping: dict | None) -> int | None:
    """The 1-based header row a mapping (or ``--header-row``) gives, if any."""
    at = (mapping or {}).get("header_row")
    if at is None:
        return None
    if isinstance(at, bool) or not isinstance(at, int) or at < 1:
        raise ImportRejected(path.name, [Problem(1, "(mapping)", "a header row number of 1 or more", str(at))])
    return at


def _header_problems(layout: Layout) -> list[Problem]:
    probs = []
    implied = set(layout.constants) | {k for _, extra in layout.series for k in extra}
    if layout.series:
        implied.add("value")
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
               encoding: str | None = None, dry_run: bool = False,
               progress: Callable[[int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> Summary:
    """Import ``path`` into the workspace behind ``conn`` in one transaction.

    Raises ImportRejected (with every problem) or ImportCancelled; either way nothing is written."""
    path = Path(path)
    info, layout = prepare(path, dataset, mapping, encoding)
    ds = layout.dataset
    summary = Summary(path.name, ds.name, layout.name, info.encoding, info.delimiter, dry_run=dry_run,
                      ignored_columns=layout.ignored)
    if mapping and mapping.get("places"):
        layout.places = dict(mapping["places"])
    problems = _header_problems(layout)
    if problems:
        raise ImportRejected(path.name, problems)
    lookups = Lookups(conn, layout.places)
    existing = _Existing(conn, ds, ds.table)
    conv = RowConverter(ds, lookups, layout.decimal)
    builder = BUILDERS[ds.name]
    fields = {f.name: f for f in ds.fields}
    conn.commit()
    saved_isolation = conn.isolation_level
    saved_cache = conn.execute("PRAGMA main.cache_size").fetchone()[0]
    conn.isolation_level = None
    conn.execute(f"PRAGMA main.cache_size = -{IMPORT_CACHE_KIB}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        import_id = conn.execute(
            "INSERT INTO imports(file_name, file_path, file_size, sha256, dataset, layout, mapping_json, encoding, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (path.name, str(path.resolve()), path.stat().st_size, file_sha256(path), ds.name, layout.name,
             layout.mapping_json(), info.encoding or "xlsx",
             datetime.now(timezone.utc).isoformat(timespec="seconds"))).lastrowid
        summary.import_id = import_id
        writer = _Writer(conn, import_id, path.name)
        more = _stream(info, layout, ds, conv, builder, fields, existing, writer, summary, problems,
                       progress, cancelled)
        writer.flush()
        if not problems:
            writer.rebuild_indexes()
            problems += _duplicates(conn, ds, import_id)
        if not problems and summary.rows_read == 0:
            problems.append(Problem(2, "(any)", "at least one row of data under the header", "no rows"))
        if problems:
            raise ImportRejected(path.name, problems, more)
        summary.by_table = dict(writer.counts)
        summary.unknown_places = dict(lookups.unknown_places)
        conn.execute("UPDATE imports SET rows_added = ?, rows_replaced = ? WHERE import_id = ?",
                     (summary.added, summary.replaced, import_id))
        if not dry_run and writer.counts:
            # facet lists and chart rollups follow the rows, in the same transaction
            refresh_rollups(conn, sorted(writer.counts), analyze="auto")
        conn.execute("ROLLBACK" if dry_run else "COMMIT")
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


def _stream(info, layout, ds, conv, builder, fields, existing, writer, summary, problems, progress, cancelled) -> int:
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
    main_table, pk_cols = ds.table, _pk(ds.table)
    decide = existing.decide if existing.rows else None
    unknown = conv.row_unknown
    counter = conv.lookups.unknown_places
    ids = _Ids(writer.import_id)
    add = writer.add
    header = layout.header
    rows_read = added = replaced = skipped = 0
    rows = iter_rows(info)
    for n, first in enumerate(rows):                 # past any preamble, to the header
        if n >= layout.header_row and any(str(c).strip() for c in first):
            break
    next_check = BATCH
    for rowno, cells in enumerate(rows, start=layout.header_row + 2):
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
            for name, cell in transform({name: cells[i] for name, i, _ in columns}).items():
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
                    if raw is None:
                        continue
                    try:
                        typed[name] = fns[name](raw)
                    except CellError as exc:
                        if bad is None:
                            bad = []
                        bad.append(Problem(rowno, header[extra_i] if name == "value" else name,
                                           exc.expected, str(raw)))
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
                col = _column_name(layout, exc.column, extra_i)
                problems.append(Problem(rowno, col, exc.expected, str(typed.get(exc.column) or "")))
                continue
            if problems:
                continue          # keep checking, stop writing: the import will be rejected
            if out is None:
                continue          # a value marked not available ('..', ':'): no row, and nothing skipped
            if not out:
                skipped += 1
            for table, row in out:
                if table == main_table:
                    if decide is not None:
                        decision, pk = decide(row)
                        if decision == "skip":
                            skipped += 1
                            continue
                        if decision == "replace":
                            writer.replace(table, pk_cols, pk)
                            replaced += 1
                    added += 1
                    for name in unknown:
                        counter[name] += 1
                add(table, row, rowno)
    summary.rows_read += rows_read
    summary.added += added
    summary.replaced += replaced
    summary.skipped += skipped
    return more


def _as_is(cell):
    return cell


class _Ids:
    """Ids of the rows made from one source row: imp<import>-<row>[-<column>][-a|-p|-2…].
    One object per import, restarted per row (cheaper than a closure per row)."""

    __slots__ = ("prefix", "stem", "k")

    def __init__(self, import_id: int) -> None:
        self.prefix = f"imp{import_id}-"
        self.stem, self.k = "", 0

    def start(self, rowno: int, series_i) -> None:
        self.stem = f"{self.prefix}{rowno}" if series_i is None else f"{self.prefix}{rowno}-{series_i}"
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


def _duplicates(conn: sqlite3.Connection, ds: Dataset, import_id: int) -> list[Problem]:
    keys = ", ".join(ds.key)
    rows = conn.execute(
        f"SELECT min(source_row), max(source_row), count(*) FROM main.{ds.table} WHERE import_id = ? "
        f"GROUP BY {keys} HAVING count(*) > 1 LIMIT {MAX_PROBLEMS}", (import_id,)).fetchall()
    return [Problem(last, "(whole row)", f"a figure not already given in row {first}",
                    f"the same {'/'.join(k for k in ds.key if k not in ('topic', 'status'))} again"
                    + (f" ({n} times)" if n > 2 else ""))
            for first, last, n in rows]
