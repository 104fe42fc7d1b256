"""explorer.ui.jobs: the one background runner (ordering, series sums, imports)."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from explorer.ui.jobs import Runner

#: A query that never ends by itself: only an interrupt stops it.
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.fixture
def runner(conn):
    r = Runner.reading(conn, "amur-test-job")
    yield r
    r.stop()


def test_the_result_is_delivered_on_the_ui_thread_from_a_connection_of_its_own(qtbot, runner, conn):
    ran_in, got = [], []

    def count_places(job):
        ran_in.append((threading.current_thread(), job.conn))
        return job.conn.execute("SELECT count(*) FROM all_places").fetchone()[0]

    runner.run(count_places, done=lambda n: got.append((threading.current_thread(), n)))
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    (worker_thread, job_conn), = ran_in
    assert worker_thread is not threading.main_thread() and job_conn is not conn
    assert got == [(threading.main_thread(), conn.execute("SELECT count(*) FROM all_places").fetchone()[0])]
    assert not runner.busy


def test_the_job_connection_is_read_only(qtbot, runner):
    failures = []
    runner.run(lambda job: job.conn.execute("DELETE FROM main.trade_figures"), failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert "read-only" in failures[0].message or "readonly" in failures[0].message


def test_a_failure_is_delivered_as_one_line(qtbot, runner, tmp_path, monkeypatch):
    monkeypatch.delenv("AMUR_DEBUG", raising=False)
    log = tmp_path / "state" / "amur-explorer" / "log" / "errors.log"
    failures, done = [], []

    def broken(job):
        raise ValueError("no such column: quantity\nSELECT quantity FROM …")

    runner.run(broken, done=done.append, failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    failure, = failures
    assert failure.message == f"unexpected ValueError: no such column: quantity (details in {log})"
    assert isinstance(failure.error, ValueError) and not done
    assert "ValueError: no such column: quantity" in log.read_text()      # the traceback went to the log


def test_a_stale_result_is_dropped_the_newest_request_wins(qtbot, runner):
    release = threading.Event()
    got = []

    def slow(job):
        release.wait(30)
        return "for the old filter"

    runner.run(slow, done=got.append)
    runner.run(lambda job: "for the new filter", done=got.append)
    release.set()
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    runner.wait()
    qtbot.wait(0)                                       # deliver anything still queued
    assert got == ["for the new filter"]


def test_cancel_interrupts_a_long_query_and_the_connection_still_serves(qtbot, runner):
    started = threading.Event()
    outcomes = []

    def endless(job):
        started.set()
        return job.conn.execute(ENDLESS).fetchone()[0]

    runner.run(endless, done=outcomes.append, failed=outcomes.append, cancelled=lambda: outcomes.append("cancelled"))
    assert started.wait(10)

    def cancelled() -> bool:
        runner.cancel()              # again until the statement has begun: an interrupt before it is a no-op
        return bool(outcomes)

    qtbot.waitUntil(cancelled, timeout=10000)
    assert outcomes == ["cancelled"]
    runner.run(lambda job: job.conn.execute("SELECT 41 + 1").fetchone()[0], done=outcomes.append)
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=10000)
    assert outcomes == ["cancelled", 42]


def test_progress_reaches_the_ui_thread_in_order(qtbot, runner):
    seen, done = [], []

    def counting(job):
        for n in (100, 200, 300):
            job.progress(n)
        return "finished"

    runner.run(counting, done=done.append, progress=lambda n: seen.append((threading.current_thread(), n)))
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert seen == [(threading.main_thread(), n) for n in (100, 200, 300)]


def test_a_cooperative_cancel_is_seen_by_the_job(qtbot, conn):
    runner = Runner.reading(conn, "amur-test-job", interrupt=False)
    started, outcomes = threading.Event(), []

    def polite(job):
        started.set()
        while not job.cancelled:
            job.conn.execute("SELECT 1").fetchone()
        job.check()

    runner.run(polite, done=outcomes.append, cancelled=lambda: outcomes.append("cancelled"))
    assert started.wait(10)
    runner.cancel()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10000)
    assert outcomes == ["cancelled"]
    runner.stop()


def test_a_connection_that_cannot_open_is_a_failure_not_a_crash(qtbot, tmp_path):
    def refuse() -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    runner = Runner(refuse, name="amur-test-job")
    failures = []
    runner.run(lambda job: 1, failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert failures[0].message.startswith("unexpected OperationalError: unable to open database file")
    runner.stop()


def test_a_runners_outcome_never_reaches_a_widget_deleted_meanwhile(qtbot, tmp_path):
    """A dialog deleted with its window while its job runs (no done() to cancel it): the outcome
    is dropped with the widget, never delivered to its deleted labels."""
    import threading

    from PySide6.QtWidgets import QLabel

    from explorer.ui.jobs import Runner

    path = tmp_path / "x.sqlite"
    label = QLabel()
    runner = Runner(lambda: sqlite3.connect(path), name="amur-test-parented", parent=label)
    release, delivered = threading.Event(), []
    runner.run(lambda job: release.wait(10) and 42, done=lambda v: delivered.append(label.setText(str(v))))
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label), timeout=5000)
    release.set()
    qtbot.wait(300)
    assert delivered == []


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)
