"""The one schema shared by the bundled database and the user's workspace."""
from __future__ import annotations

import functools
import sqlite3

from explorer.paths import schema_path

#: Tables holding facts; each exists in both databases and is presented as
#: one body of data through the ``all_<table>`` views.
DATA_TABLES: tuple[str, ...] = (
    "documents",
    "places",
    "trade_figures",
    "corridors",
    "corridor_places",
    "energy_assets",
    "energy_figures",
    "institutions",
    "institution_relations",
    "events",
    "conflicts",
    "exchange_rates",
    "indicators",
)

#: Tables a curated CSV file in db/ may fill: the data tables, and the aliases of
#: curated ids a release renamed (explorer.data.aliases; bundled only, no view).
CURATED_TABLES: tuple[str, ...] = DATA_TABLES + ("id_aliases",)

#: Columns that only imported rows fill in.
IMPORT_COLUMNS: tuple[str, ...] = ("import_id", "source_file", "source_row")
#: Columns only imported rows fill in that the import itself writes (not in
#: the curated CSV files): the document an imported row names, as its claim.
CLAIM_COLUMNS: tuple[str, ...] = ("claimed_doc",)


@functools.lru_cache(maxsize=1)
def schema_sql() -> str:
    return schema_path().read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def table_columns() -> dict[str, tuple[str, ...]]:
    """Column names of every table, in schema order."""
    mem = sqlite3.connect(":memory:")
    try:
        mem.executescript(schema_sql())
        names = [r[0] for r in mem.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: tuple(r[1] for r in mem.execute(f'PRAGMA table_info("{n}")')) for n in names}
    finally:
        mem.close()


def curated_columns(table: str) -> tuple[str, ...]:
    """The columns a curated CSV file carries: all but the import and claim columns."""
    return tuple(c for c in table_columns()[table] if c not in IMPORT_COLUMNS + CLAIM_COLUMNS)
