"""The one way the window runs work off the UI thread.

A :class:`Runner` runs a Qt-free function in a thread of its own, with a SQLite
connection of its own (a connection stays in the thread that opened it), and
hands the outcome back on the UI thread: the value to ``done``, or a one-line
:class:`Failure` to ``failed`` (the traceback goes to the log, as everywhere).
The newest request wins: running a job supersedes the one before it, whose
connection is interrupted (``conn.interrupt()``) and whose outcome is dropped,
so a result computed for what the analyst typed a keystroke ago never lands.

Modelled on Anki's ``QueryOp`` (a function of the collection, success and
failure callbacks run on the main thread) and napari's ``thread_worker``
(progress as a signal, a quit request the function may check); unlike them the
thread holds no Qt object, only a weak reference to the runner, so it can
never keep Qt alive past the application.

    runner = Runner.reading(conn, "amur-table-order")
    runner.run(lambda job: q.ordered_rids(job.conn, spec, flt, order), done=self._ordered,
               failed=self._order_failed)
"""
from __future__ import annotations

import functools
import queue
import sqlite3
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal

from explorer.data.db import store_of
from explorer.errors import user_message

T = TypeVar("T")
Connect = Callable[[], sqlite3.Connection]


class Cancelled(Exception):
    """Raised by :meth:`JobContext.check` once the job was cancelled or superseded."""


@dataclass(frozen=True)
class Failure:
    """A job that raised: one line for the user, and the exception for callers that
    offer choices from it (an import's problems)."""

    message: str
    error: BaseException


@dataclass(eq=False)
class _Job(Generic[T]):
    gen: int
    fn: Callable[["JobContext"], T]
    done: Callable[[T], Any] | None
    failed: Callable[[Failure], Any] | None
    cancelled: Callable[[], Any] | None
    progress: Callable[[Any], Any] | None
    stop: threading.Event = field(default_factory=threading.Event)
    ended: threading.Event = field(default_factory=threading.Event)      # the thread is done with it


class JobContext:
    """What a job's function is given: its connection, a way to report progress and
    to learn that it was cancelled (for work that is not one interruptible query)."""

    def __init__(self, conn: sqlite3.Connection, job: _Job, report: Callable[[int, Any], None]) -> None:
        self.conn = conn
        self._job = job
        self._report = report

    @property
    def cancelled(self) -> bool:
        return self._job.stop.is_set()

    def check(self) -> None:
        if self._job.stop.is_set():
            raise Cancelled()

    def progress(self, value: Any) -> None:
        """Hand ``value`` to the job's progress callback on the UI thread."""
        self._report(self._job.gen, value)


class _Shared:
    """What the thread and the UI thread share (no Qt object)."""

    def __init__(self, connect: Connect, keep_connection: bool, interrupt: bool) -> None:
        self.connect = connect
        self.keep_connection = keep_connection
        self.interrupt_on_cancel = interrupt
        self.jobs: queue.Queue[_Job | None] = queue.Queue()
        self.lock = threading.Lock()
        self.conn: sqlite3.Connection | None = None
        self.running: _Job | None = None

    def cancel(self, job: _Job) -> None:
        job.stop.set()
        with self.lock:
            if self.interrupt_on_cancel and self.running is job and self.conn is not None:
                try:
                    self.conn.interrupt()
                except sqlite3.Error:
                    pass

    def close(self) -> None:
        self.jobs.put(None)


class Runner(QObject):
    """Runs one job at a time off the UI thread; the newest request wins."""

    _delivered = Signal(int, str, object)       # generation, "done" | "failed" | "cancelled", payload
    _progressed = Signal(int, object)

    def __init__(self, connect: Connect, *, name: str = "amur-job", keep_connection: bool = True,
                 interrupt: bool = True, parent: QObject | None = None) -> None:
        """``connect`` opens the thread's connection (called in the thread);
        ``keep_connection`` keeps it between jobs; ``interrupt`` interrupts the
        running query on cancel (else cancelling only sets the flag the job checks);
        ``parent``: the widget whose callbacks the jobs call — once it is deleted
        (a dialog closed with its window) no outcome is delivered to it."""
        super().__init__(parent)
        self._name = name
        self._shared = _Shared(connect, keep_connection, interrupt)
        self._thread: threading.Thread | None = None
        self._gen = 0
        self._job: _Job | None = None
        self._last: _Job | None = None              # the newest job, delivered or not (for wait)
        self._delivered.connect(self._deliver)
        self._progressed.connect(self._progress)
        weakref.finalize(self, self._shared.close)       # the thread ends with its runner
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)          # nothing left running into interpreter exit

    @classmethod
    def reading(cls, conn: sqlite3.Connection, name: str, **options: Any) -> "Runner":
        """A runner whose jobs read the same workspace as ``conn``, read-only."""
        return cls(functools.partial(store_of(conn).connect, readonly_workspace=True), name=name, **options)

    @classmethod
    def writing(cls, conn: sqlite3.Connection, name: str, **options: Any) -> "Runner":
        """A runner whose jobs write to the same workspace as ``conn``."""
        return cls(store_of(conn).connect, name=name, **options)

    @property
    def busy(self) -> bool:
        """A job is running or waiting, and its outcome not yet delivered."""
        return self._job is not None

    def run(self, fn: Callable[[JobContext], T], *, done: Callable[[T], Any] | None = None,
            failed: Callable[[Failure], Any] | None = None, cancelled: Callable[[], Any] | None = None,
            progress: Callable[[Any], Any] | None = None) -> int:
        """Run ``fn(job)`` off the UI thread, superseding the job before; the callbacks
        are called on the UI thread. Returns the job's generation."""
        self.cancel(quietly=True)
        self._gen += 1
        self._job = self._last = _Job(self._gen, fn, done, failed, cancelled, progress)
        self._start_thread()
        self._shared.jobs.put(self._job)
        return self._gen

    def cancel(self, *, quietly: bool = False) -> None:
        """Cancel the job in flight: its query is interrupted and it ends by ``cancelled``
        (or by ``done`` when it had already finished); ``quietly`` drops its outcome."""
        job = self._job
        if job is None:
            return
        if quietly:
            self._job = None
        self._shared.cancel(job)

    def wait(self, timeout: float | None = 30.0) -> bool:
        """Block until the thread is done with the newest job (its outcome is delivered
        later, by the event loop, if it still counts); False on timeout."""
        job = self._last
        return job is None or job.ended.wait(timeout)

    def stop(self) -> None:
        """Cancel, end the thread and close its connection."""
        self.cancel(quietly=True)
        self._shared.close()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)

    def _start_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=_loop, args=(self._shared, weakref.ref(self)),
                                            name=self._name, daemon=True)
            self._thread.start()

    # -- on the UI thread ---------------------------------------------------------
    def _deliver(self, gen: int, kind: str, payload: Any) -> None:
        job = self._job
        if job is None or job.gen != gen:
            return                                  # superseded: the newest request wins
        self._job = None
        callback = {"done": job.done, "failed": job.failed, "cancelled": job.cancelled}[kind]
        if callback is None:
            return
        if kind == "cancelled":
            callback()
        else:
            callback(payload)

    def _progress(self, gen: int, value: Any) -> None:
        job = self._job
        if job is not None and job.gen == gen and job.progress is not None:
            job.progress(value)


def _emit(owner: "weakref.ref[Runner]", signal: str, *args: Any) -> bool:
    """Emit a runner's signal from the thread; False when the runner is gone."""
    target = owner()
    if target is None:
        return False
    try:
        getattr(target, signal).emit(*args)
    except RuntimeError:                            # its Qt side was deleted
        return False
    return True


def _loop(shared: _Shared, owner: "weakref.ref[Runner]") -> None:
    def report(gen: int, value: Any) -> None:
        _emit(owner, "_progressed", gen, value)

    try:
        while True:
            job = shared.jobs.get()
            while job is not None and not shared.jobs.empty():     # only the newest counts
                job.ended.set()
                job = shared.jobs.get()
            if job is None:
                break
            try:
                kind, payload = _run_one(shared, job, report)
            finally:
                job.ended.set()
            if not _emit(owner, "_delivered", job.gen, kind, payload):
                break
    finally:
        _close(shared)


def _run_one(shared: _Shared, job: _Job, report: Callable[[int, Any], None]) -> tuple[str, Any]:
    if job.stop.is_set():
        return "cancelled", None
    try:
        if shared.conn is None:
            shared.conn = shared.connect()
        with shared.lock:
            shared.running = job
        if job.stop.is_set():                       # cancelled before the connection could be interrupted
            raise Cancelled()
        value = job.fn(JobContext(shared.conn, job, report))
    except BaseException as exc:                    # noqa: BLE001 — every failure reaches the UI as one line
        _roll_back(shared.conn)
        if job.stop.is_set():
            return "cancelled", None
        return "failed", Failure(user_message(exc), exc)
    finally:
        with shared.lock:
            shared.running = None
        if not shared.keep_connection:
            _close(shared)
    return "done", value


def _roll_back(conn: sqlite3.Connection | None) -> None:
    """A job that raised mid-write leaves nothing half done on a kept connection."""
    if conn is not None and conn.in_transaction:
        try:
            conn.rollback()
        except sqlite3.Error:
            pass


def _close(shared: _Shared) -> None:
    with shared.lock:
        conn, shared.conn = shared.conn, None
    if conn is not None:
        conn.close()
