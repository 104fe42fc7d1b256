"""Which imported rows are new, which repeat a row already there, and which
replace one — decided in SQL, inside the import's write transaction.

The importer writes every row of the file first (rows of this import are those
with ``rowid > start`` and ``import_id = this import``), then (after checking
that the file does not give one figure twice):

* a row whose full key AND value equal a row already there (workspace or
  curated) is removed again: "skipped (already present)";
* an older WORKSPACE row whose full key equals a new row's key is replaced: it
  is copied to ``import_replaced`` (for undo) and deleted. Curated rows live in
  the read-only bundled database and are never candidates;
* a curated row with the new row's key but another value is left as it is and
  the new row stays beside it: a conflict, reported in the summary.

Keys are compared with ``IS`` over EVERY key column, so a blank key part only
matches the same blank (a regional figure with no partner is the same figure
as another with no partner; it never matches one that names a partner). Each
probe is a seek in an index on the key (``explorer.data.indexes``), so memory
stays flat whatever the size of the workspace, and because it all runs after
``BEGIN IMMEDIATE``, a second process importing the same file waits for the
first and then finds every row already there.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from explorer.data.importing.datasets import Dataset
from explorer.data.importing.errors import Problem
from explorer.data.schema import table_columns

#: Replacements and conflicts listed one by one in a summary (the rest are counted).
LISTED_CHANGES = 20
_BATCH = 2000


@dataclass(frozen=True)
class Change:
    """One imported row set against a row already there: a replacement or a conflict."""

    row: int            # the source row of the imported figure
    key: str            # the figure's key, readable ("reporter china, partner russia, period 2017-01, …")
    old: str            # the value there before (or the curated value)
    new: str            # the imported value

    def line(self) -> str:
        return f"row {self.row}: {self.key}: {self.old} -> {self.new}"


@dataclass
class Resolution:
    skipped: int = 0
    replaced: int = 0
    replacements: list[Change] = field(default_factory=list)
    conflicts: int = 0
    conflict_examples: list[Change] = field(default_factory=list)


def _match(ds: Dataset, a: str, b: str, cols: tuple[str, ...] | None = None) -> str:
    return " AND ".join(f"{a}.{c} IS {b}.{c}" for c in (ds.key if cols is None else cols)) or "1"


def _new(alias: str) -> str:
    return f"{alias}.rowid > :start AND {alias}.import_id = :import_id"


def describe_key(ds: Dataset, values: tuple) -> str:
    """A figure's key as the user reads it: its filled parts, topic left out when it is the default."""
    parts = [f"{k} {v}" for k, v in zip(ds.key, values)
             if v is not None and not (k == "topic" and v == "trade")]
    return ", ".join(parts) or "(no key)"


def _text(value: object) -> str:
    """A stored value as written: 3159813913.0 reads 3159813913, 0.1 stays 0.1 (never rounded)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _value(ds: Dataset, values: tuple) -> str:
    if len(values) == 1:
        return "blank" if values[0] is None else _text(values[0])
    return ", ".join(f"{c} {_text(v)}" for c, v in zip(ds.compare, values) if v is not None) or "blank"


def duplicates_within(conn: sqlite3.Connection, ds: Dataset, start: int, import_id: int,
                      limit: int, scan_first: bool = False) -> list[Problem]:
    """A figure given twice in the same file (same key): which should win is not ours to guess.

    ``scan_first``: when this import brought most of the table's rows (its key index was just
    rebuilt), one ordered pass over that index first says whether any key comes twice among
    the new rows (~3× cheaper than a seek per new row); only then are the rows named by seeks."""
    if scan_first and ds.key and not _any_key_twice(conn, ds, start):
        return []
    rows = conn.execute(
        f"SELECT n.source_row, (SELECT min(m.source_row) FROM main.{ds.table} m WHERE {_match(ds, 'm', 'n')} "
        f"AND m.rowid > :start AND m.rowid < n.rowid AND m.import_id = :import_id) AS first "
        f"FROM main.{ds.table} n WHERE {_new('n')} AND first IS NOT NULL LIMIT {int(limit)}",
        {"start": start, "import_id": import_id}).fetchall()
    groups: dict[int, list[int]] = {}
    for later, first in rows:
        groups.setdefault(first, []).append(later)
    what = "/".join(k for k in ds.key if k not in ("topic", "status"))
    return [Problem(max(later), "(whole row)", f"a figure not already given in row {first}",
                    f"the same {what} again" + (f" ({len(later) + 1} times)" if len(later) > 1 else ""))
            for first, later in sorted(groups.items())]


def _any_key_twice(conn: sqlite3.Connection, ds: Dataset, start: int) -> bool:
    """Whether two rows above ``start`` (all of them this import's: it holds the write lock)
    share a full key. GROUP BY compares NULLs as equal, as ``IS`` does."""
    keys = ", ".join(ds.key)
    return conn.execute(f"SELECT EXISTS (SELECT 1 FROM main.{ds.table} WHERE rowid > ? GROUP BY {keys} "
                        "HAVING count(*) > 1)", (start,)).fetchone()[0] == 1


def _has_older_rows(conn: sqlite3.Connection, table: str, start: int) -> bool:
    """Whether the workspace held rows of ``table`` before this import (else no probe can match)."""
    return conn.execute(f"SELECT EXISTS (SELECT 1 FROM main.{table} WHERE rowid <= ?)", (start,)).fetchone()[0] == 1


def skip_repeats(conn: sqlite3.Connection, ds: Dataset, start: int, import_id: int, res: Resolution) -> None:
    """Remove the new rows identical (full key and value) to a row already there."""
    params = {"start": start, "import_id": import_id}
    table, same_value = ds.table, _match(ds, "o", "n", ds.key + ds.compare)
    # identical to an older workspace row (a seek in the key index per new row) ...
    if _has_older_rows(conn, table, start):
        res.skipped += conn.execute(
            f"DELETE FROM main.{table} AS n WHERE {_new('n')} AND EXISTS (SELECT 1 FROM main.{table} o "
            f"WHERE {same_value} AND o.rowid <= :start)", params).rowcount
    # ... or to a curated row (the curated table is small: walk it, seek the new rows)
    res.skipped += conn.execute(
        f"DELETE FROM main.{table} WHERE rowid IN (SELECT n.rowid FROM bundled.{table} o "
        f"CROSS JOIN main.{table} n WHERE {same_value} AND {_new('n')})", params).rowcount


def replace_and_report(conn: sqlite3.Connection, ds: Dataset, start: int, import_id: int, res: Resolution) -> None:
    """Replace older workspace rows with a new row's key; count curated figures given another value."""
    params = {"start": start, "import_id": import_id}
    if _has_older_rows(conn, ds.table, start):
        _replace(conn, ds, params, res)
    _conflicts(conn, ds, params, res)


def _replace(conn: sqlite3.Connection, ds: Dataset, params: dict, res: Resolution) -> None:
    table = ds.table
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _import_replacing (old_rowid INTEGER PRIMARY KEY, new_rowid INTEGER)")
    conn.execute("DELETE FROM temp._import_replacing")
    conn.execute(f"INSERT OR IGNORE INTO temp._import_replacing SELECT o.rowid, n.rowid FROM main.{table} n "
                 f"JOIN main.{table} o ON {_match(ds, 'o', 'n')} AND o.rowid <= :start WHERE {_new('n')}", params)
    cols = table_columns()[table]
    key_at = [cols.index(k) for k in ds.key]
    cmp_at = [cols.index(c) for c in ds.compare]
    cur = conn.execute(
        "SELECT r.old_rowid, " + ", ".join(f"o.{c}" for c in cols) + ", n.source_row, "
        + (", ".join(f"n.{c}" for c in ds.compare) or "NULL")
        + f" FROM temp._import_replacing r JOIN main.{table} o ON o.rowid = r.old_rowid "
        f"JOIN main.{table} n ON n.rowid = r.new_rowid ORDER BY n.rowid")
    batch: list[tuple] = []
    while chunk := cur.fetchmany(_BATCH):
        for r in chunk:
            old = r[1:1 + len(cols)]
            # the rowid too, so that undo puts the row back exactly where it was
            record = {"_rowid": r[0], **dict(zip(cols, old))}
            batch.append((params["import_id"], table, json.dumps(record, ensure_ascii=False)))
            if len(res.replacements) < LISTED_CHANGES:
                res.replacements.append(Change(r[1 + len(cols)], describe_key(ds, tuple(old[i] for i in key_at)),
                                               _value(ds, tuple(old[i] for i in cmp_at)),
                                               _value(ds, r[2 + len(cols):])))
        conn.executemany("INSERT INTO import_replaced(import_id, table_name, row_json) VALUES (?, ?, ?)", batch)
        batch.clear()
    res.replaced = conn.execute(f"DELETE FROM main.{table} WHERE rowid IN "
                                "(SELECT old_rowid FROM temp._import_replacing)").rowcount
    conn.execute("DELETE FROM temp._import_replacing")


def _conflicts(conn: sqlite3.Connection, ds: Dataset, params: dict, res: Resolution) -> None:
    """New rows that give a curated figure's key with another value: kept beside it, reported."""
    keys = ", ".join(f"o.{k}" for k in ds.key)
    olds = ", ".join(f"o.{c}" for c in ds.compare) or "NULL"
    news = ", ".join(f"n.{c}" for c in ds.compare) or "NULL"
    cur = conn.execute(f"SELECT n.source_row, {keys}, {olds}, {news} FROM bundled.{ds.table} o "
                       f"CROSS JOIN main.{ds.table} n WHERE {_match(ds, 'o', 'n')} AND {_new('n')} "
                       "ORDER BY n.rowid", params)
    nk, nc = len(ds.key), max(1, len(ds.compare))
    for r in cur:
        res.conflicts += 1
        if len(res.conflict_examples) < LISTED_CHANGES:
            res.conflict_examples.append(Change(r[0], describe_key(ds, r[1:1 + nk]),
                                                _value(ds, r[1 + nk:1 + nk + nc]), _value(ds, r[1 + nk + nc:])))


class PointResolver:
    """The same decisions row by row, for a dataset whose key is its table's primary key
    (exchange rates): the row must be decided BEFORE it is inserted. Small tables only."""

    def __init__(self, conn: sqlite3.Connection, ds: Dataset, import_id: int, res: Resolution) -> None:
        self.conn, self.ds, self.import_id, self.res = conn, ds, import_id, res
        where = " AND ".join(f"{k} IS ?" for k in ds.key)
        cmp = ", ".join(ds.compare) or "NULL"
        self._main = f"SELECT rowid, import_id, source_row, {cmp} FROM main.{ds.table} WHERE {where}"
        self._bundled = f"SELECT {cmp} FROM bundled.{ds.table} WHERE {where}"
        self.cols = table_columns()[ds.table]

    def decide(self, row: dict, rowno: int) -> str | Problem:
        """'add' or 'skip' (after moving a replaced row aside), or a Problem for a repeated key."""
        key = tuple(row.get(k) for k in self.ds.key)
        new = tuple(row.get(c) for c in self.ds.compare)
        found = self.conn.execute(self._main, key).fetchone()
        if found is not None and found[1] == self.import_id:
            return Problem(rowno, "(whole row)", f"a figure not already given in row {found[2]}",
                           "the same " + "/".join(self.ds.key) + " again")
        if found is not None and tuple(found[3:]) == new:
            self.res.skipped += 1
            return "skip"
        curated = self.conn.execute(self._bundled, key).fetchall()
        if found is None and any(tuple(c) == new for c in curated):
            self.res.skipped += 1
            return "skip"
        if found is not None:
            self._move_aside(found[0], key, tuple(found[3:]), new, rowno)
        elif curated:
            self.res.conflicts += 1
            if len(self.res.conflict_examples) < LISTED_CHANGES:
                self.res.conflict_examples.append(Change(rowno, describe_key(self.ds, key),
                                                         _value(self.ds, tuple(curated[0])), _value(self.ds, new)))
        return "add"

    def _move_aside(self, rowid: int, key: tuple, old: tuple, new: tuple, rowno: int) -> None:
        cur = self.conn.execute(f"SELECT {', '.join(self.cols)} FROM main.{self.ds.table} WHERE rowid = ?", (rowid,))
        record = {"_rowid": rowid, **dict(zip(self.cols, cur.fetchone()))}
        self.conn.execute("INSERT INTO import_replaced(import_id, table_name, row_json) VALUES (?, ?, ?)",
                          (self.import_id, self.ds.table, json.dumps(record, ensure_ascii=False)))
        self.conn.execute(f"DELETE FROM main.{self.ds.table} WHERE rowid = ?", (rowid,))
        self.res.replaced += 1
        if len(self.res.replacements) < LISTED_CHANGES:
            self.res.replacements.append(Change(rowno, describe_key(self.ds, key), _value(self.ds, old),
                                                _value(self.ds, new)))


# --- Blank key parts ---------------------------------------------------------------------------
# Which parts of a trade figure's key may be blank, read off the curated data (db/trade_figures.csv):
# * reporter: never blank (53 of 53 curated figures name one) -> refused blank in any row of a
#   file that has a reporter column (or a layout that reads one, like UN Comtrade's reporterISO).
#   A file with no reporter column at all (a Chinese customs table of China's trade, "year,
#   partner, amount, unit") is read as it stands; a mapping can give the reporter as a constant;
# * period: blank only for undated counts, shares, ranks and growth rates; every 'value' and
#   'target' is dated -> refused blank for those measures;
# * partner: blank only for figures with flow 'n/a' (port throughput, route counts). A regional
#   figure against the world may also leave it blank — but a file whose partner column names a
#   partner in some rows and is blank in others has lost cells (the UN Comtrade file with blank
#   ISO columns), so there a blank partner on a trade flow is refused;
# * commodity: blank means all goods, mixed freely with commodity rows (32 of 53 curated rows).
#: dataset -> ((key part, measures it is required for, or None for every row), ...)
REQUIRED_KEY_PARTS: dict[str, tuple[tuple[str, frozenset | None], ...]] = {
    "trade": (("reporter", None), ("period", frozenset({"value", "target"}))),
}
#: dataset -> (key part, column whose value exempts a row) refused blank where other rows fill it
FILLED_ELSEWHERE: dict[str, tuple[tuple[str, str, str], ...]] = {
    "trade": (("partner", "flow", "n/a"),),
}
_WHAT = {"reporter": "a reporter", "period": "a period", "partner": "a partner"}

KeyRules = tuple[tuple[str, "frozenset | None"], ...]


#: layout -> key parts its publisher fills in every row: blank there means the file lost them
#: (a UN Comtrade record always has a partner, 'W00' for the world; blank ISO columns are a
#: download whose codes were not resolved, not figures against the world)
REQUIRED_BY_LAYOUT: dict[str, tuple[str, ...]] = {"comtrade": ("reporter", "partner"),
                                                   "comtrade_classic": ("reporter", "partner"),
                                                   "gacc": ("partner",)}


def required_key_parts(ds_name: str, columns: dict, layout_name: str = "") -> KeyRules:
    """The rules of REQUIRED_KEY_PARTS (and REQUIRED_BY_LAYOUT) that apply to a file with these columns."""
    rules = [(part, measures) for part, measures in REQUIRED_KEY_PARTS.get(ds_name, ()) if part in columns]
    rules += [(part, None) for part in REQUIRED_BY_LAYOUT.get(layout_name, ())
              if part in columns and all(part != p for p, _m in rules)]
    return tuple(rules)


def blank_key_part(rules: KeyRules, row: dict) -> str | None:
    """The first required key part ``row`` leaves blank, or None (the bulk path: cheap)."""
    for part, measures in rules:
        if row.get(part) is None and (measures is None or row.get("measure") in measures):
            return part
    return None


def blank_key_expected(ds: Dataset, part: str) -> str:
    return f"{_WHAT.get(part, part)} (the key of a {ds.title.lower().rstrip('s')})"


def blanks_among_filled(conn: sqlite3.Connection, ds: Dataset, start: int, import_id: int,
                        columns: dict[str, str], limit: int) -> list[Problem]:
    """Rows of this import that leave a key part blank while other rows of it fill it.

    ``columns``: key part -> the file's header for it; a part the file has no column for
    is not checked (a file of regional figures has no partner column at all)."""
    problems = []
    params = {"start": start, "import_id": import_id}
    for part, exempt_col, exempt_value in FILLED_ELSEWHERE.get(ds.name, ()):
        if part not in columns:
            continue
        filled = conn.execute(f"SELECT EXISTS (SELECT 1 FROM main.{ds.table} n WHERE {_new('n')} "
                              f"AND n.{part} IS NOT NULL)", params).fetchone()[0]
        if not filled:
            continue
        for (rowno,) in conn.execute(
                f"SELECT n.source_row FROM main.{ds.table} n WHERE {_new('n')} AND n.{part} IS NULL "
                f"AND n.{exempt_col} IS NOT :exempt ORDER BY n.rowid LIMIT {int(limit)}",
                {**params, "exempt": exempt_value}):
            problems.append(Problem(rowno, columns[part], blank_key_expected(ds, part)
                                    + ", as the other rows give one", ""))
    return problems
