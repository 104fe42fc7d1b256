"""The shape of the code, kept by tools: import-linter's contracts in pyproject.toml
(the data layer imports no Qt; layers commands → app → ui → data → settings/paths;
widgets import no sqlite3 and no query engine), no SQL run under explorer/ui, and
no table spec read back with regular expressions."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UI = REPO / "explorer" / "ui"

#: Files under explorer/ui that still run SQL themselves (none now: the wizard's list of known
#: places comes from explorer.data.places). Remove a line when its file no longer runs SQL.
SQL_IN_UI_ALLOWED: set[str] = set()


def _contracts() -> list[dict]:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_import_contracts_are_kept():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is not installed in this environment"
    result = subprocess.run([exe], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(_contracts())} kept, 0 broken" in result.stdout


def test_the_contracts_cover_qt_layers_and_widgets():
    names = [c["name"] for c in _contracts()]
    assert any("no Qt" in n for n in names)
    layers = next(c for c in _contracts() if c["type"] == "layers")
    assert layers["layers"][:4] == ["commands", "app", "ui", "data"]
    widgets = next(c for c in _contracts() if c.get("source_modules") == ["explorer.ui.widgets"])
    assert {"sqlite3", "explorer.data.db", "explorer.data.query"} <= set(widgets["forbidden_modules"])


def _runs_sql(path: Path) -> bool:
    return bool(re.search(r"\.execute(many|script)?\(", path.read_text(encoding="utf-8")))


def test_the_ui_runs_no_sql_outside_the_files_still_being_moved():
    running = {str(p.relative_to(REPO)) for p in UI.rglob("*.py") if _runs_sql(p)}
    assert running <= SQL_IN_UI_ALLOWED, f"SQL run under explorer/ui: {sorted(running - SQL_IN_UI_ALLOWED)}"
    stale = {p for p in SQL_IN_UI_ALLOWED if not (REPO / p).exists() or not _runs_sql(REPO / p)}
    assert not stale, f"no longer runs SQL, remove from SQL_IN_UI_ALLOWED: {sorted(stale)}"


def test_the_table_engine_reads_specs_from_their_fields_not_their_sql():
    for name in ("query.py", "big_tables.py", "filters.py", "tables.py"):
        text = (REPO / "explorer" / "data" / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import re\b|from re import)", text, re.M), f"{name} imports re"
