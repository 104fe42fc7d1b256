"""No Python traceback ever reaches the user: Ctrl-C during an import is one
line and exit 130 with nothing written; an unforeseen error is one line naming
the log file that holds the traceback (or the traceback on stderr with
AMUR_DEBUG=1), exit 1."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer.data.importing import run_import
from tests.faults.conftest import CORPUS, REPO, cli_argv, cli_env, data_dump, write_trade_csv


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _with_sigint_ignored(argv: list[str]) -> list[str]:
    """``argv`` started as a shell without job control starts a background job: SIGINT ignored
    (an ignored signal stays ignored across exec; no preexec_fn, unsafe in a threaded test run)."""
    return [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
            "os.execv(sys.argv[1], sys.argv[1:])", *map(str, argv)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the import's CPU time from /proc")
@pytest.mark.parametrize("inherited", ["default", "ignored"])
def test_ctrl_c_during_an_import_prints_one_line_exits_130_and_writes_nothing(mini_store, tmp_path, tally, inherited):
    """``inherited="ignored"``: a shell without job control (a CI runner, ``make test &``) starts
    background jobs with SIGINT ignored, and Python keeps it so: one Ctrl-C left the import to
    finish, exit 0 (the defect seen in fresh CI clones). An import must stop all the same."""
    conn = mini_store.connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    before = data_dump(conn)
    imports_before = conn.execute("SELECT * FROM imports").fetchall()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = mini_store.workspace.read_bytes()
    big = write_trade_csv(tmp_path / "big.csv", 1_000_000)
    argv = cli_argv(mini_store, "import", big)
    proc = subprocess.Popen(_with_sigint_ignored(argv) if inherited == "ignored" else argv, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=cli_env(mini_store), cwd=REPO)
    # past start-up (~0.5 s of CPU; more in a checkout without bytecode) and into reading the rows
    deadline = time.monotonic() + 60
    while proc.poll() is None and _cpu_seconds(proc.pid) < 1.2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the import ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)         # once: one Ctrl-C must be enough
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err == "amur-explorer: interrupted; nothing was written\n"
    assert out == ""
    assert mini_store.workspace.read_bytes() == raw
    conn = mini_store.connect()
    try:
        assert data_dump(conn) == before
        assert conn.execute("SELECT * FROM imports").fetchall() == imports_before
    finally:
        conn.close()
    tally.record(faults=1, rows_checked=len(before))


def _press_ctrl_c_inside_sqlite(conn) -> None:
    """Ctrl-C while SQLite runs a Python function of ours, in the import's transaction: a
    KeyboardInterrupt raised there is swallowed by the sqlite3 module (the statement fails,
    or the press is lost), so the import has to stop on a flag instead."""
    conn.create_function("press_ctrl_c", 0, lambda: os.kill(os.getpid(), signal.SIGINT) or 0)
    conn.execute("SELECT press_ctrl_c()").fetchone()


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="sends itself SIGINT")
def test_ctrl_c_inside_sqlite_work_just_before_commit_still_stops_the_import(mini_store, log_home, monkeypatch, capsys):
    from explorer.app import main
    from explorer.data import db

    conn = mini_store.connect()
    run_import(conn, CORPUS / "good_trade_utf8.csv")
    before = data_dump(conn)
    imports_before = conn.execute("SELECT * FROM imports").fetchall()
    conn.close()
    monkeypatch.setenv("AMUR_BUNDLED_DB", str(mini_store.bundled))
    monkeypatch.setattr(db, "BEFORE_WRITE_HOOKS", [*db.BEFORE_WRITE_HOOKS, _press_ctrl_c_inside_sqlite])
    # a known handler to put back, whatever the test process inherited (under CI it is started
    # with SIGINT ignored, and the suite's earlier tests may have left another one)
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        handler_before = signal.getsignal(signal.SIGINT)
        code = main(["--db", str(mini_store.workspace), "import", str(CORPUS / "good_energy.csv")])
        handler_after = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, inherited)
    out, err = capsys.readouterr()
    assert (code, out, err) == (130, "", "amur-explorer: interrupted; nothing was written\n")
    assert handler_after is handler_before                 # put back as it was
    conn = mini_store.connect()
    try:
        assert data_dump(conn) == before
        assert conn.execute("SELECT * FROM imports").fetchall() == imports_before
    finally:
        conn.close()


@pytest.mark.skipif(os.name != "posix", reason="sends itself SIGINT")
def test_ctrl_c_during_a_long_sql_step_of_an_import_stops_that_step(mini_store, log_home, monkeypatch, capsys):
    """Index rebuilds and rollups run for seconds inside SQLite, where Python's handler cannot
    run: a press must end the statement running (not wait for it), and write nothing."""
    import threading

    from explorer.app import main
    from explorer.data.importing import engine

    conn = mini_store.connect()
    before = data_dump(conn)
    conn.close()
    stopped = []

    def long_rollups(conn, *_args, **_kwargs):
        threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
        try:        # half a minute or more, if left to run
            conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
                         "SELECT count(*) FROM c").fetchone()
        except sqlite3.OperationalError as exc:
            stopped.append(str(exc))
            raise

    monkeypatch.setenv("AMUR_BUNDLED_DB", str(mini_store.bundled))
    monkeypatch.setattr(engine, "refresh_rollups", long_rollups)
    code = main(["--db", str(mini_store.workspace), "import", str(CORPUS / "good_trade_utf8.csv")])
    out, err = capsys.readouterr()
    assert (code, out, err) == (130, "", "amur-explorer: interrupted; nothing was written\n")
    assert stopped == ["interrupted"]          # the statement was stopped, not waited for
    conn = mini_store.connect()
    try:
        assert data_dump(conn) == before
        assert conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
    finally:
        conn.close()


@pytest.mark.skipif(os.name != "posix", reason="sends itself SIGINT")
def test_ctrl_c_after_the_commit_says_the_import_is_complete(mini_store, log_home, monkeypatch, capsys):
    """A press that comes once the import has committed cannot undo it: the run says so, with
    the summary and exit 0, never "nothing was written"."""
    from explorer.app import main
    from explorer.data.importing import engine

    committed = engine._commit_with_backup

    def commit_then_press(*args, **kwargs):
        committed(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setenv("AMUR_BUNDLED_DB", str(mini_store.bundled))
    monkeypatch.setattr(engine, "_commit_with_backup", commit_then_press)
    code = main(["--db", str(mini_store.workspace), "import", str(CORPUS / "good_trade_utf8.csv")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "recorded as import 1" in out
    assert err == "amur-explorer: Ctrl-C came after the import was written; it is complete (see above)\n"
    conn = mini_store.connect()
    try:
        assert conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 1
        assert conn.execute("SELECT rows_added FROM imports").fetchone()[0] == \
            conn.execute("SELECT count(*) FROM main.trade_figures").fetchone()[0] > 0
    finally:
        conn.close()


@pytest.fixture
def log_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("AMUR_DEBUG", raising=False)
    return tmp_path / "state" / "amur-explorer" / "log"


def _a_command_with_a_bug(monkeypatch, exc: BaseException) -> None:
    from explorer.commands import check

    def broken(_args):
        raise exc

    monkeypatch.setattr(check, "run", broken)


def test_an_unexpected_error_is_one_line_naming_the_log_that_holds_the_traceback(
        mini_store, log_home, monkeypatch, capsys):
    from explorer.app import main

    _a_command_with_a_bug(monkeypatch, ValueError("the planets are misaligned\nsecond line"))
    code = main(["--db", str(mini_store.workspace), "check"])
    err = capsys.readouterr().err
    log = log_home / "errors.log"
    assert code == 1
    assert err == f"amur-explorer: error: unexpected ValueError: the planets are misaligned (details in {log})\n"
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "ValueError: the planets are misaligned" in text


def test_with_amur_debug_the_traceback_goes_to_stderr(mini_store, log_home, monkeypatch, capsys):
    from explorer.app import main

    monkeypatch.setenv("AMUR_DEBUG", "1")
    _a_command_with_a_bug(monkeypatch, ZeroDivisionError("division by zero"))
    assert main(["--db", str(mini_store.workspace), "check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert err.endswith("amur-explorer: error: unexpected ZeroDivisionError: division by zero\n")
    assert not log_home.exists()


def test_an_os_error_names_the_file_and_what_the_system_said(mini_store, log_home, monkeypatch, capsys):
    from explorer.app import main

    _a_command_with_a_bug(monkeypatch, PermissionError(13, "Permission denied", "/srv/data/figures.csv"))
    assert main(["--db", str(mini_store.workspace), "check"]) == 1
    assert capsys.readouterr().err == "amur-explorer: error: /srv/data/figures.csv: Permission denied\n"
    assert not log_home.exists()            # an expected condition, not a bug: no traceback kept


def test_when_the_log_cannot_be_written_the_line_says_how_to_see_the_details(
        mini_store, tmp_path, monkeypatch, capsys):
    from explorer.app import main

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))     # the log folder cannot be made under a file
    monkeypatch.delenv("AMUR_DEBUG", raising=False)
    _a_command_with_a_bug(monkeypatch, RuntimeError("boom"))
    assert main(["--db", str(mini_store.workspace), "check"]) == 1
    assert capsys.readouterr().err == ("amur-explorer: error: unexpected RuntimeError: boom "
                                       "(run again with AMUR_DEBUG=1 for details)\n")


def test_a_closed_pipe_ends_quietly(mini_store):
    """`amur-explorer check | head -1`: no BrokenPipeError traceback when the reader goes away."""
    proc = subprocess.Popen(cli_argv(mini_store, "check"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=cli_env(mini_store), cwd=REPO)
    proc.stdout.close()                                     # the reader has gone before anything is read
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 1)


def test_usage_errors_keep_their_own_exit_status(mini_store, tmp_path):
    run = subprocess.run(cli_argv(mini_store, "import", tmp_path / "missing.csv"), capture_output=True,
                         text=True, env=cli_env(mini_store), cwd=REPO, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("amur-explorer: error: ")


def test_an_exception_escaping_a_qt_slot_in_a_command_is_one_line(log_home, capsys):
    """`screenshot` renders with Qt: what escapes a slot reaches sys.excepthook, not the user's screen."""
    from explorer.app import _one_line_excepthook

    try:
        raise LookupError("no such pane: maps")
    except LookupError as exc:
        _one_line_excepthook(type(exc), exc, exc.__traceback__)
    log = log_home / "errors.log"
    assert capsys.readouterr().err == f"amur-explorer: error: unexpected LookupError: no such pane: maps (details in {log})\n"
    assert "LookupError: no such pane: maps" in log.read_text()
