"""Curated ids across releases: aliases for renamed ids, and dangling references.

Curated ids (place, asset, corridor, institution and document ids) are meant
to be stable: the user's imported rows refer to them, and a new release
replaces the bundled database while the workspace stays. A release that must
rename one ships an alias, a row of ``db/id_aliases.csv`` (built into the
bundled ``id_aliases`` table): when a workspace is opened, every reference
its rows make to the old id is rewritten to the new one, once per set of
aliases (a fingerprint in the workspace's ``meta`` says which set was applied).

:func:`dangling_references` lists every workspace reference that resolves to
no id at all (``amur-explorer check`` reports each one), so that a rename
shipped without its alias is never silent.
"""
from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass

_CLAIM_TABLES = ("places", "trade_figures", "corridors", "corridor_places", "energy_assets", "energy_figures",
                 "institutions", "institution_relations", "events")


@dataclass(frozen=True)
class Reference:
    """A column of a table that holds an id of some kind."""

    table: str
    column: str
    kind: str                        # place|asset|corridor|institution|document
    subject_type: str | None = None  # events.subject_id: only rows of this subject_type
    #: the column may hold free text instead of an id (trade reporter/partner): only
    #: values shaped like an id (lower-case slug) are taken for references
    free_text: bool = False
    #: the column holds an id or free text of any shape (an imported row's claimed
    #: document, kept as written when it names no known document): only an id a
    #: release renamed is taken for a dangling reference
    aliased_only: bool = False

    def where(self, alias: str = "x") -> str:
        clauses = [f"{alias}.{self.column} IS NOT NULL"]
        if self.subject_type:
            clauses.append(f"{alias}.subject_type = '{self.subject_type}'")
        if self.free_text:
            clauses.append(f"{alias}.{self.column} GLOB '[a-z0-9]*' "
                           f"AND {alias}.{self.column} NOT GLOB '*[^a-z0-9_-]*'")
        return " AND ".join(clauses)


@dataclass(frozen=True)
class Target:
    """The table that holds one kind of id, and its id column."""

    table: str
    id_column: str

    @property
    def view(self) -> str:
        """The view of the bundled and the workspace's rows together."""
        return f"all_{self.table}"


#: kind -> where those ids are
TARGETS: dict[str, Target] = {
    "place": Target("places", "place_id"),
    "asset": Target("energy_assets", "asset_id"),
    "corridor": Target("corridors", "corridor_id"),
    "institution": Target("institutions", "inst_id"),
    "document": Target("documents", "doc_id"),
}

#: Every column of a data table that refers to a curated (or imported) id.
REFERENCES: tuple[Reference, ...] = (
    Reference("trade_figures", "reporter", "place", free_text=True),
    Reference("trade_figures", "partner", "place", free_text=True),
    Reference("places", "parent_id", "place"),
    Reference("corridor_places", "place_id", "place"),
    Reference("corridor_places", "corridor_id", "corridor"),
    # a tracker's ends as it writes them ('Italy', 'Türkiye', 'Novy Urengoy') are kept as text, like
    # a trade reporter: only an id-shaped value is a reference (else `check` called every
    # imported GEM pipeline ending abroad damage)
    Reference("energy_assets", "from_place", "place", free_text=True),
    Reference("energy_assets", "to_place", "place", free_text=True),
    Reference("energy_assets", "parent_id", "asset"),
    Reference("energy_figures", "asset_id", "asset"),
    Reference("institution_relations", "from_id", "institution"),
    Reference("institution_relations", "to_id", "institution"),
    Reference("events", "subject_id", "corridor", "corridor"),
    Reference("events", "subject_id", "asset", "energy"),
    Reference("events", "subject_id", "institution", "institution"),
    *(Reference(t, "claimed_doc", "document", aliased_only=True) for t in _CLAIM_TABLES),
)


def read_aliases(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(kind, old id) -> the id it now goes by (chains followed), from the bundled database."""
    try:
        rows = conn.execute("SELECT kind, old_id, new_id FROM bundled.id_aliases").fetchall()
    except sqlite3.OperationalError:           # a bundled file from before aliases existed
        return {}
    direct = {(k, old): new for k, old, new in rows if old != new}
    resolved = {}
    for (kind, old), new in direct.items():
        seen = {old}
        while (kind, new) in direct and new not in seen:    # a -> b -> c: a goes to c
            seen.add(new)
            new = direct[(kind, new)]
        resolved[(kind, old)] = new
    return resolved


def _fingerprint(aliases: dict[tuple[str, str], str]) -> str:
    text = "\n".join(f"{k}\t{o}\t{n}" for (k, o), n in sorted(aliases.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def _applied(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM main.meta WHERE key = 'aliases_sha256'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def _rewrite(conn: sqlite3.Connection, ref: Reference, renames: dict[str, str]) -> int:
    """Point one column's references to old ids at the new ones, in one pass over
    the table (a million imported rows are read once, not once per alias)."""
    subject = f" AND subject_type = '{ref.subject_type}'" if ref.subject_type else ""
    cases = " ".join("WHEN ? THEN ?" for _ in renames)
    marks = ", ".join("?" * len(renames))
    params = [x for pair in renames.items() for x in pair] + list(renames)
    # OR IGNORE: a key (corridor_places) already taken by the new id keeps the old row, and check reports it
    return conn.execute(f"UPDATE OR IGNORE main.{ref.table} SET {ref.column} = CASE {ref.column} {cases} END "
                        f"WHERE {ref.column} IN ({marks}){subject}", params).rowcount


def _rewrite_provinces(conn: sqlite3.Connection, old: str, new: str) -> int:
    """corridors.provinces holds place ids joined by ';'."""
    return conn.execute(
        "UPDATE main.corridors SET provinces = substr(replace(';' || provinces || ';', ?, ?), 2, "
        "length(replace(';' || provinces || ';', ?, ?)) - 2) WHERE ';' || provinces || ';' LIKE ?",
        (f";{old};", f";{new};", f";{old};", f";{new};", f"%;{old};%")).rowcount


def _applicable(conn: sqlite3.Connection, aliases: dict[tuple[str, str], str]) -> dict[str, dict[str, str]]:
    """kind -> {old: new} of the aliases whose old id is no curated id any more."""
    out: dict[str, dict[str, str]] = {}
    for (kind, old), new in aliases.items():
        target = TARGETS.get(kind)
        if target is None or conn.execute(f"SELECT 1 FROM bundled.{target.table} WHERE {target.id_column} = ?",
                                          (old,)).fetchone():
            continue
        out.setdefault(kind, {})[old] = new
    return out


def apply_aliases(conn: sqlite3.Connection) -> dict[str, int]:
    """Rewrite the workspace's references to renamed curated ids (bundled ``id_aliases``).

    A no-op read when this set of aliases was applied before (or there is none):
    opening a workspace must not need the write lock. Returns ``table.column`` ->
    rows rewritten. An alias whose old id is still a curated id is not applied
    (it would move rows off an id that exists)."""
    aliases = read_aliases(conn)
    fingerprint = _fingerprint(aliases)
    if not aliases or _applied(conn) == fingerprint:
        return {}
    changed: dict[str, int] = {}
    touched: set[str] = set()
    with conn:
        for kind, renames in _applicable(conn, aliases).items():
            for ref in REFERENCES:
                if ref.kind == kind:
                    n = _rewrite(conn, ref, renames)
                    if n:
                        changed[f"{ref.table}.{ref.column}"] = changed.get(f"{ref.table}.{ref.column}", 0) + n
                        touched.add(ref.table)
            if kind == "place":
                n = sum(_rewrite_provinces(conn, old, new) for old, new in renames.items())
                if n:
                    changed["corridors.provinces"] = n
        if "trade_figures" in touched:
            from explorer.data.indexes import refresh_rollups

            refresh_rollups(conn, ["trade_figures"], analyze=False)   # facet lists hold reporter/partner
        conn.execute("INSERT OR REPLACE INTO main.meta(key, value) VALUES ('aliases_sha256', ?)", (fingerprint,))
    return changed


@dataclass(frozen=True)
class Dangling:
    """Rows of one origin whose column names an id that exists nowhere."""

    origin: str            # bundled|workspace
    table: str
    column: str
    kind: str
    value: str
    rows: int
    renamed_to: str | None  # when a shipped alias says where the id went

    def message(self) -> str:
        whose = "imported" if self.origin == "workspace" else "curated"
        text = (f"{self.rows} {whose} row(s) of {self.table}: {self.column} = {self.value!r} "
                f"names no {self.kind}")
        if self.renamed_to:
            text += f" (renamed to {self.renamed_to!r}; reopen the workspace to apply the alias)"
        elif self.origin == "workspace":
            text += " (a curated id a release renamed or removed?)"
        return text


def _grouped(conn: sqlite3.Connection, ref: Reference, schema: str) -> tuple[str, str]:
    """(table, row count expression) to group a reference column by: the workspace's
    facet rollup for the trade table's places when fresh (a million rows summed once
    per import, not per check), else the table itself."""
    if schema == "main" and ref.table == "trade_figures" and ref.column in ("reporter", "partner"):
        from explorer.data.indexes import rollups_fresh

        if rollups_fresh(conn, "trade_figures"):
            return "main.rollup_trade_facets", "sum(x.n)"
    return f"{schema}.{ref.table}", "count(*)"


def dangling_references(conn: sqlite3.Connection) -> list[Dangling]:
    """Every reference, curated or imported, to an id no table holds, grouped by value.

    Grouped per distinct value in SQL (an index walk for the big trade table), so
    it stays quick with a million imported rows."""
    aliases = read_aliases(conn)
    out = []
    for ref in REFERENCES:
        target = TARGETS[ref.kind]
        for origin, schema in (("bundled", "bundled"), ("workspace", "main")):
            renamed = [old for (kind, old) in aliases if kind == ref.kind]
            if ref.aliased_only and (origin == "bundled" or not renamed):
                continue
            only = f" AND x.{ref.column} IN ({', '.join('?' * len(renamed))})" if ref.aliased_only else ""
            source, count = _grouped(conn, ref, schema)
            try:
                rows = conn.execute(
                    f"SELECT v, n FROM (SELECT x.{ref.column} AS v, {count} AS n FROM {source} x "
                    f"WHERE {ref.where()}{only} GROUP BY x.{ref.column}) "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {target.view} t WHERE t.{target.id_column} = v) ORDER BY v",
                    renamed if ref.aliased_only else []).fetchall()
            except sqlite3.OperationalError:      # an older bundled file without the column
                continue
            out += [Dangling(origin, ref.table, ref.column, ref.kind, v, n, aliases.get((ref.kind, v)))
                    for v, n in rows]
    return out + _dangling_provinces(conn, aliases)


def _dangling_provinces(conn: sqlite3.Connection, aliases: dict[tuple[str, str], str]) -> list[Dangling]:
    """corridors.provinces: place ids joined by ';' (a small table, split here)."""
    places = {r[0] for r in conn.execute("SELECT place_id FROM all_places")}
    found: dict[tuple[str, str], int] = {}
    for origin, provinces in conn.execute("SELECT origin, provinces FROM all_corridors WHERE provinces IS NOT NULL"):
        for place in filter(None, (p.strip() for p in provinces.split(";"))):
            if place not in places:
                found[(origin, place)] = found.get((origin, place), 0) + 1
    return [Dangling(origin, "corridors", "provinces", "place", place, n, aliases.get(("place", place)))
            for (origin, place), n in sorted(found.items())]
