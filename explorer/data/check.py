"""``amur-explorer check``: integrity and data-quality report."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from explorer.data.trade import growth_checks

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"[{self.severity}] {self.code}: {self.message}"


#: (view, column, referenced view, referenced key, description)
_REFERENCES = (
    ("corridor_places", "corridor_id", "corridors", "corridor_id", "route stop of an unknown corridor"),
    ("corridor_places", "place_id", "places", "place_id", "route stop at an unknown place"),
    ("energy_figures", "asset_id", "energy_assets", "asset_id", "figure of an unknown energy asset"),
    ("institution_relations", "from_id", "institutions", "inst_id", "relation from an unknown institution"),
    ("institution_relations", "to_id", "institutions", "inst_id", "relation to an unknown institution"),
)

_PROVENANCE_TABLES = ("trade_figures", "corridors", "corridor_places", "energy_assets", "energy_figures",
                      "institutions", "institution_relations", "events")


def integrity(conn: sqlite3.Connection) -> list[Finding]:
    out = []
    for schema in ("main", "bundled"):
        try:
            result = conn.execute(f"PRAGMA {schema}.quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            out.append(Finding(ERROR, "integrity", f"{schema} database unreadable: {exc}"))
            continue
        if result != [("ok",)]:
            out.append(Finding(ERROR, "integrity", f"{schema} database damaged: {result[:5]}"))
    return out


def references(conn: sqlite3.Connection) -> list[Finding]:
    out = []
    for view, col, ref_view, ref_key, what in _REFERENCES:
        rows = conn.execute(
            f"SELECT DISTINCT x.{col} FROM all_{view} x LEFT JOIN all_{ref_view} r ON r.{ref_key} = x.{col} "
            f"WHERE r.{ref_key} IS NULL"
        ).fetchall()
        out += [Finding(ERROR, "reference", f"{view}.{col} = {r[0]!r}: {what}") for r in rows]
    rows = conn.execute(
        "SELECT e.event_id, e.subject_type, e.subject_id FROM all_events e WHERE NOT EXISTS ("
        " SELECT 1 FROM all_corridors c WHERE e.subject_type='corridor' AND c.corridor_id=e.subject_id"
        " UNION ALL SELECT 1 FROM all_energy_assets a WHERE e.subject_type='energy' AND a.asset_id=e.subject_id"
        " UNION ALL SELECT 1 FROM all_institutions i WHERE e.subject_type='institution' AND i.inst_id=e.subject_id"
        ") AND e.subject_type != 'trade'"
    ).fetchall()
    out += [Finding(ERROR, "reference", f"event {r[0]}: unknown {r[1]} {r[2]!r}") for r in rows]
    return out


def provenance(conn: sqlite3.Connection) -> list[Finding]:
    """Every curated row names its document and quote; every imported row its file."""
    out = []
    for table in _PROVENANCE_TABLES:
        n = conn.execute(
            f"SELECT count(*) FROM all_{table} WHERE (origin = 'bundled' AND (doc_id IS NULL OR quote IS NULL))"
            f" OR (origin = 'workspace' AND source_file IS NULL AND doc_id IS NULL)"
        ).fetchone()[0]
        if n:
            out.append(Finding(ERROR, "provenance", f"{n} row(s) of {table} without a document and quote"))
    return out


def growth(conn: sqlite3.Connection) -> list[Finding]:
    out = []
    for g in growth_checks(conn):
        if g.mismatch:
            out.append(Finding(
                WARNING if g.serious else INFO, "growth_mismatch",
                f"{g.reporter}–{g.partner} {g.period}: reported growth {g.reported_pct:g}% but the volumes "
                f"({g.previous:g} → {g.value:g} {g.unit}) give {g.computed_pct:.1f}% "
                f"(difference {g.difference_pp:+.1f} pp; {g.doc_id})",
            ))
    return out


def recorded_conflicts(conn: sqlite3.Connection) -> list[Finding]:
    rows = conn.execute("SELECT conflict_id, kind, severity, description FROM all_conflicts ORDER BY conflict_id")
    return [Finding(WARNING if sev == "error" else sev, kind, f"{cid}: {desc}") for cid, kind, sev, desc in rows]


def run_checks(conn: sqlite3.Connection) -> list[Finding]:
    """All findings; errors mean the data cannot be trusted, warnings are flagged conflicts."""
    findings = integrity(conn)
    if any(f.severity == ERROR for f in findings):
        return findings
    return findings + references(conn) + provenance(conn) + growth(conn) + recorded_conflicts(conn)


def summary(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ("documents", "places", "trade_figures", "corridors", "energy_assets", "energy_figures",
              "institutions", "institution_relations", "events", "conflicts")
    return {t: conn.execute(f"SELECT count(*) FROM all_{t}").fetchone()[0] for t in tables}
