"""The places the workspace knows, for choices that map a place as a file writes it."""
from __future__ import annotations

import sqlite3


def known_places(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Every known place as (place_id, English name), by name."""
    return [(place_id, name_en) for place_id, name_en in
            conn.execute("SELECT place_id, name_en FROM all_places ORDER BY name_en")]
