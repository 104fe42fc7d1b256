"""``amur-explorer check``: integrity and data-quality report."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from explorer.data.aliases import REFERENCES, dangling_references
from explorer.data.importing.plausibility import curated_conflicts, workspace_warnings
from explorer.data.trade import growth_checks

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    message: str
    #: a conflict recorded in the curated data (db/conflicts.csv): printed at its own
    #: severity, but it says what the documents disagree on, not that the data is damaged
    recorded: bool = False

    def __str__(self) -> str:
        return f"[{self.severity}] {self.code}: {self.message}"


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
    """Every reference to an id no table holds: an error, except an imported
    trade reporter/partner (which may be free text) that only looks like a place
    id — a warning. A curated id a release renamed without an alias shows here."""
    out = []
    for d in dangling_references(conn):
        loose = d.origin == "workspace" and any(
            r.free_text for r in REFERENCES if (r.table, r.column) == (d.table, d.column))
        out.append(Finding(WARNING if loose else ERROR, "reference", d.message()))
    rows = conn.execute(
        "SELECT e.event_id, e.subject_type, e.subject_id FROM all_events e "
        "WHERE e.subject_type NOT IN ('corridor', 'energy', 'institution', 'trade')").fetchall()
    out += [Finding(ERROR, "reference", f"event {r[0]}: unknown subject type {r[1]!r} ({r[2]!r})") for r in rows]
    return out


def imports(conn: sqlite3.Connection) -> list[Finding]:
    """Imported figures the curated data gives otherwise (both are kept and shown),
    and implausible imported values (a slipped decimal mark or unit)."""
    conflicts, total = curated_conflicts(conn)
    out = [Finding(WARNING, "import_conflict", c) for c in conflicts]
    if total > len(conflicts):
        out.append(Finding(WARNING, "import_conflict", f"… and {total - len(conflicts)} more"))
    out += [Finding(WARNING, "implausible", w) for w in workspace_warnings(conn)]
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


def _recorded_growth_rows(conn: sqlite3.Connection) -> set[str]:
    """Trade figure ids a recorded growth_mismatch conflict already speaks of."""
    ids: set[str] = set()
    for (refs,) in conn.execute("SELECT row_refs FROM all_conflicts WHERE kind = 'growth_mismatch'"):
        ids |= {ref.split(":", 1)[1] for ref in (refs or "").split(";") if ref.startswith("trade_figures:")}
    return ids


def growth(conn: sqlite3.Connection) -> list[Finding]:
    """Reported growth the volumes contradict, unless a recorded conflict already says so:
    each mismatch is printed once (the recorded one, at its recorded severity)."""
    recorded = _recorded_growth_rows(conn)
    out = []
    for g in growth_checks(conn):
        if g.mismatch and g.growth_id not in recorded:
            out.append(Finding(
                WARNING if g.serious else INFO, "growth_mismatch",
                f"{g.reporter}–{g.partner} {g.period}: reported growth {g.reported_pct:g}% but the volumes "
                f"({g.previous:g} → {g.value:g} {g.unit}) give {g.computed_pct:.1f}% "
                f"(reported − computed = {g.difference_pp:+.1f} pp; {g.source})",
            ))
    return out


def recorded_conflicts(conn: sqlite3.Connection) -> list[Finding]:
    """The conflicts recorded in the curated data (and any imported), each at its own severity."""
    rows = conn.execute("SELECT conflict_id, kind, severity, description FROM all_conflicts ORDER BY conflict_id")
    return [Finding(sev if sev in (ERROR, WARNING, INFO) else WARNING, kind, f"{cid}: {desc}", recorded=True)
            for cid, kind, sev, desc in rows]


def damage(findings: list[Finding]) -> list[Finding]:
    """The errors that mean the data cannot be trusted (exit status 1): every error
    except a recorded conflict, which is a finding about the documents."""
    return [f for f in findings if f.severity == ERROR and not f.recorded]


def run_checks(conn: sqlite3.Connection) -> list[Finding]:
    """All findings; errors (``damage``) mean the data cannot be trusted, the rest are flagged conflicts."""
    findings = integrity(conn)
    if any(f.severity == ERROR for f in findings):
        return findings
    return (findings + references(conn) + provenance(conn) + growth(conn) + imports(conn)
            + recorded_conflicts(conn))


def summary(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ("documents", "places", "trade_figures", "corridors", "energy_assets", "energy_figures",
              "institutions", "institution_relations", "events", "conflicts")
    return {t: conn.execute(f"SELECT count(*) FROM all_{t}").fetchone()[0] for t in tables}
