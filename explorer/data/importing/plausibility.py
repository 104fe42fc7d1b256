"""Plausibility of imported figures: warnings, never refusals.

A value can be well-formed and still wrong by a slipped decimal mark or unit:
an imported figure 10×, 100× or 1000× (±2%) the curated figure, or the
imported one it replaced, for the same key; a pipeline capacity above
100 bcm/yr; a growth rate above 1000%. Each is reported in the import's
summary (dry run, wizard's check page) and by ``amur-explorer check``.

Every comparison is one SQL join on the dataset's key columns, restricted to
the import's rows, so a million-row import is checked without loading it.
"""
from __future__ import annotations

import sqlite3

#: Ratios that betray a decimal or unit slip, and how far off they may be.
SLIP_FACTORS = (10, 100, 1000)
SLIP_TOLERANCE = 0.02
#: No pipeline carries more (Power of Siberia: 38 bcm/yr; the largest ever ~ 60).
MAX_PIPELINE_BCM = 100.0
#: Year-on-year growth beyond this is almost surely a mistyped value.
MAX_GROWTH_PCT = 1000.0
#: Warnings listed per kind; the rest are counted.
SHOWN = 20

#: table -> key columns that make "the same figure" (as the datasets define them)
KEYS: dict[str, tuple[str, ...]] = {
    "trade_figures": ("topic", "measure", "reporter", "partner", "flow", "commodity", "period", "unit", "status"),
    "energy_figures": ("asset_id", "measure", "date", "unit", "status"),
    "events": ("subject_type", "subject_id", "event", "date", "status"),
}
#: table -> SQL naming the figure in a warning (over alias w)
_PLACE = "coalesce((SELECT p.name_en FROM all_places p WHERE p.place_id = w.{0}), w.{0})"
_WHAT = {
    "trade_figures": f"coalesce({_PLACE.format('reporter')}, '') || coalesce('–' || {_PLACE.format('partner')}, '') "
                     "|| ' ' || coalesce(w.flow || ' ', '') || coalesce(w.commodity || ' ', '') || w.measure "
                     "|| coalesce(' ' || w.period, '')",
    "energy_figures": "coalesce((SELECT a.name_en FROM all_energy_assets a WHERE a.asset_id = w.asset_id), w.asset_id)"
                      " || ' ' || w.measure || coalesce(' ' || w.date, '')",
    "events": "w.subject_id || ' ' || w.event || coalesce(' ' || w.date, '')",
}


def _slip(ratio: str) -> str:
    """SQL: ``ratio`` (a positive number) lies within the tolerance of 10, 100, 1000 or their inverses."""
    bands = []
    for f in SLIP_FACTORS:
        lo, hi = f * (1 - SLIP_TOLERANCE), f * (1 + SLIP_TOLERANCE)
        bands += [f"{ratio} BETWEEN {lo!r} AND {hi!r}", f"{ratio} BETWEEN {1 / hi!r} AND {1 / lo!r}"]
    return "(" + " OR ".join(bands) + ")"


def _times(new: float, old: float) -> str:
    ratio = abs(new / old)
    factor = min(SLIP_FACTORS, key=lambda f: min(abs(ratio - f), abs(1 / ratio - f)))
    return f"{factor}×" if ratio > 1 else f"1/{factor}"


def _num(v: float) -> str:
    return f"{v:,.6g}"


def _scope(import_id: int | None) -> tuple[str, tuple]:
    """Rows of one import, or (``check``) every imported row."""
    return ("w.import_id = ?", (import_id,)) if import_id is not None else ("w.import_id IS NOT NULL", ())


def _where(import_id: int | None, row: int, file: str) -> str:
    return f"row {row}" if import_id is not None else f"{file}, row {row}"


def slips_against_curated(conn: sqlite3.Connection, table: str, import_id: int | None = None) -> list[str]:
    """Imported rows 10×/100×/1000× the curated figure with the same key.

    Driven from the curated side (a few hundred rows), each probing the workspace
    through its key index: quick however many rows were imported."""
    on = " AND ".join(f"w.{k} IS c.{k}" for k in KEYS[table])
    scope, params = _scope(import_id)
    rows = conn.execute(
        f"SELECT w.source_row, w.source_file, {_WHAT[table]}, w.value, w.unit, c.value, c.doc_id "
        f"FROM bundled.{table} c CROSS JOIN main.{table} w ON {on} "
        f"WHERE {scope} AND w.value IS NOT NULL AND c.value IS NOT NULL AND w.value != 0 AND c.value != 0 "
        f"AND {_slip('abs(w.value / c.value)')} ORDER BY w.import_id, w.source_row LIMIT {SHOWN + 1}",
        params).fetchall()
    return [f"{_where(import_id, r, f)}: {what}: {_num(v)} {unit or ''} is {_times(v, cv)} the curated {_num(cv)} "
            f"({doc}) — a decimal mark or unit slip?" for r, f, what, v, unit, cv, doc in rows]


def slips_against_replaced(conn: sqlite3.Connection, table: str, import_id: int | None = None) -> list[str]:
    """Imported rows 10×/100×/1000× the earlier imported figure they replaced."""
    on = " AND ".join(f"w.{k} IS json_extract(r.row_json, '$.{k}')" for k in KEYS[table])
    old = "json_extract(r.row_json, '$.value')"
    scope, params = _scope(import_id)
    rows = conn.execute(
        f"SELECT w.source_row, w.source_file, {_WHAT[table]}, w.value, w.unit, {old}, "
        f"json_extract(r.row_json, '$.source_file') "
        f"FROM import_replaced r CROSS JOIN main.{table} w ON w.import_id = r.import_id AND {on} "
        f"WHERE r.table_name = ? AND {scope.replace('w.', 'r.')} AND w.value IS NOT NULL AND {old} IS NOT NULL "
        f"AND w.value != 0 AND {old} != 0 AND {_slip(f'abs(w.value / {old})')} "
        f"ORDER BY w.import_id, w.source_row LIMIT {SHOWN + 1}", (table, *params)).fetchall()
    return [f"{_where(import_id, r, f)}: {what}: {_num(v)} {unit or ''} is {_times(v, ov)} the {_num(ov)} it "
            f"replaces (imported from {src}) — a decimal mark or unit slip?" for r, f, what, v, unit, ov, src in rows]


def implausible_values(conn: sqlite3.Connection, table: str, import_id: int | None = None) -> list[str]:
    """Pipeline capacities above 100 bcm/yr, growth rates above 1000%."""
    if table == "energy_figures":
        rows = _imported_rows_where(conn, table, import_id, "w.value, w.unit",
                                    "w.measure LIKE '%capacity%' AND lower(w.unit) LIKE 'bcm/y%' AND w.value > ?",
                                    MAX_PIPELINE_BCM)
        return [f"{_where(import_id, r, f)}: {what}: {_num(v)} {unit} is above {MAX_PIPELINE_BCM:g} bcm/yr, more "
                f"than any pipeline carries — a decimal mark or unit slip?" for r, f, what, v, unit in rows]
    if table == "trade_figures":
        rows = _imported_rows_where(conn, table, import_id, "w.value", "w.measure = 'growth' AND w.value > ?",
                                    MAX_GROWTH_PCT)
        return [f"{_where(import_id, r, f)}: {what}: growth of {_num(v)}% is above {MAX_GROWTH_PCT:g}% — a decimal "
                f"mark slip, or a value given as growth?" for r, f, what, v in rows]
    return []


def _imported_rows_where(conn: sqlite3.Connection, table: str, import_id: int | None, columns: str,
                         condition: str, bound: float) -> list[tuple]:
    """(source row, source file, what, ``columns``…) of the imported rows of ``table`` (of one
    import, or all) that meet ``condition`` (one ``?``, bound to ``bound``): the first SHOWN + 1,
    in file order."""
    scope, params = _scope(import_id)
    return conn.execute(
        f"SELECT w.source_row, w.source_file, {_WHAT[table]}, {columns} FROM main.{table} w "
        f"WHERE {scope} AND {condition} "
        f"ORDER BY w.import_id, w.source_row LIMIT {SHOWN + 1}", (*params, bound)).fetchall()


def curated_conflicts(conn: sqlite3.Connection, limit: int = 200) -> tuple[list[str], int]:
    """Imported figures whose key the curated data gives with another value (both are
    kept and shown): the first ``limit`` as messages, and how many there are."""
    out, total = [], 0
    for table in ("trade_figures", "energy_figures"):
        on = " AND ".join(f"w.{k} IS c.{k}" for k in KEYS[table])
        # from the curated side (small), probing the workspace's key index
        base = (f"FROM bundled.{table} c CROSS JOIN main.{table} w ON {on} WHERE w.import_id IS NOT NULL "
                "AND w.value IS NOT c.value")
        total += conn.execute(f"SELECT count(*) {base}").fetchone()[0]
        rows = conn.execute(
            f"SELECT w.source_file, w.source_row, {_WHAT[table]}, w.value, w.unit, c.value, c.doc_id {base} "
            f"ORDER BY w.import_id, w.source_row LIMIT ?", (limit - len(out),)).fetchall()
        out += [f"{what}: imported {_num(v) if v is not None else '—'} {unit or ''} ({f}, row {r}) "
                f"but the curated data gives {_num(cv) if cv is not None else '—'} ({doc}); both are shown"
                for f, r, what, v, unit, cv, doc in rows]
    return out, total


def _capped(found: list[str]) -> list[str]:
    if len(found) > SHOWN:
        return found[:SHOWN] + ["… and more like these (amur-explorer check lists the first of each kind)"]
    return found


def import_warnings(conn: sqlite3.Connection, import_id: int | None = None) -> list[str]:
    """Every plausibility warning about the rows of one import (written, perhaps not
    yet committed), or with no import_id about every imported row."""
    out: list[str] = []
    for table in KEYS:
        if table != "events":        # an event's value is a side figure; its date is the fact
            out += _capped(slips_against_curated(conn, table, import_id))
            out += _capped(slips_against_replaced(conn, table, import_id))
        out += _capped(implausible_values(conn, table, import_id))
    return out


def plausibility_warnings(conn: sqlite3.Connection, ds, import_id: int) -> list[str]:
    """The engine's hook: warnings about an import's rows, before it commits (or a dry run rolls back)."""
    del ds          # every table an import can write is looked at (energy imports write assets too)
    return import_warnings(conn, import_id)


def workspace_warnings(conn: sqlite3.Connection) -> list[str]:
    """Warnings about every imported row (``check``), each naming its file and row."""
    return import_warnings(conn, None)
