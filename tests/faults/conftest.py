"""Fault, fuzz and upgrade tests: shared fixtures, the trial count, the
hypothesis profiles and the end-of-session tally (trials run, faults
injected, rows lost — which must be 0).

Heavier runs: ``pytest tests/faults --fault-trials=200`` (or
``AMUR_FAULT_TRIALS=200``); ``HYPOTHESIS_PROFILE=explore AMUR_FUZZ_EXAMPLES=500``
for fresh random fuzzing. Otherwise (and always under ``CI=true``) hypothesis
is derandomized, so a run never flips on a newly drawn example.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "fixtures" / "import"
#: Tables that record history; everything else is the analyst's data.
HISTORY = ("imports", "import_replaced", "sqlite_sequence")

_common = dict(deadline=None, database=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                      HealthCheck.data_too_large])
# Deterministic by default so `make test` and CI never flip on a newly drawn example;
# HYPOTHESIS_PROFILE=explore draws fresh random examples, more of them.
settings.register_profile("ci", derandomize=True, **_common)
settings.register_profile("dev", derandomize=True, **_common)
settings.register_profile("explore", derandomize=False, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev"))


@dataclass
class Tally:
    trials: int = 0
    faults: int = 0
    rows_lost: int = 0
    rows_checked: int = 0

    def record(self, *, trials: int = 1, faults: int = 0, rows_lost: int = 0, rows_checked: int = 0) -> None:
        self.trials += trials
        self.faults += faults
        self.rows_lost += rows_lost
        self.rows_checked += rows_checked


TALLY = Tally()


@pytest.fixture
def tally() -> Tally:
    return TALLY


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if TALLY.trials == 0:
        return
    terminalreporter.section("Amur Explorer fault tally")
    terminalreporter.write_line(f"trials run: {TALLY.trials}; faults injected: {TALLY.faults}; "
                                f"rows checked: {TALLY.rows_checked}; rows lost: {TALLY.rows_lost} (must be 0)")


@pytest.fixture(scope="session")
def fault_trials(pytestconfig) -> int:
    opt = pytestconfig.getoption("--fault-trials", default=None)
    return int(opt or os.environ.get("AMUR_FAULT_TRIALS") or 12)


@pytest.fixture
def mini_store(mini_bundled_path, tmp_path):
    from explorer.data.db import Store

    return Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path)


#: Derived from the data and refreshed by import and undo: planner statistics, the panes' rollup stamps.
DERIVED = ("sqlite_stat", "rollup_stamp", "ANALYZE ")


def data_dump(conn: sqlite3.Connection) -> list[str]:
    """The workspace's data, without the history tables and what is derived from the data."""
    return [line for line in conn.iterdump()
            if not any(f'"{t}"' in line for t in HISTORY) and not any(d in line for d in DERIVED)]


def full_dump(path: Path) -> str:
    """Everything in a workspace file, read without changing it."""
    from urllib.parse import quote

    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def count_rows(path: Path, table: str = "trade_figures") -> int:
    from urllib.parse import quote

    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def copy_workspace(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    for suffix in ("-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copyfile(str(src) + suffix, str(dest) + suffix)
    return dest


def cli(store, *args, timeout=120, **kw) -> subprocess.CompletedProcess:
    """Run ``amur-explorer --db <workspace> ARGS`` in a real process."""
    return subprocess.run(cli_argv(store, *args), capture_output=True, text=True, env=cli_env(store),
                          cwd=REPO, timeout=timeout, **kw)


def cli_argv(store, *args) -> list[str]:
    return [sys.executable, "-m", "explorer", "--db", str(store.workspace), *map(str, args)]


def cli_env(store) -> dict:
    return dict(os.environ, AMUR_BUNDLED_DB=str(store.bundled), QT_QPA_PLATFORM="offscreen")


def write_trade_csv(path: Path, rows: int, start: int = 0, encoding: str = "utf-8") -> Path:
    """A valid trade file of ``rows`` distinct monthly commodity figures."""
    with path.open("w", encoding=encoding, newline="") as fh:
        fh.write("period,reporter,partner,flow,commodity,value,unit\n")
        for i in range(start, start + rows):
            fh.write(f"{1990 + i % 30}-{1 + i % 12:02d},China,Russia,export,{i:06d},{i}.5,USD\n")
    return path
