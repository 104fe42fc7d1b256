"""First paint and ready-to-use time of the app vs a bare PySide6 + pyqtgraph window,
and the longest time the window stops answering between launch and ready.

Targets (issue 19): first paint ≤ 0.35×, ready ≤ 1.2× of the bare window; the
longest UI-thread stall from the first turn of the event loop to ready ≤ 50 ms
(``bench/startup_stalls.py``: a heartbeat timer on the UI thread). Each side is timed
from its launch to the moment it prints ("painted at …", "ready at …": the app does
with ``--exit-after-paint``/``--exit-when-ready``, the bare window at its first paint),
not to the end of its process: the quit is the benchmark's, not start-up (it is
printed beside, for comparison)."""
from __future__ import annotations

import compileall
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import PY, REPO, report_rounds

STALL_TARGET_MS = 50.0


def time_to_moment(cmd: list[str], env: dict, moment: str) -> tuple[float, float, float]:
    """(seconds from launch to the moment the process says it reached — "painted" or
    "ready", printed as ``<moment> at <epoch seconds>`` — to the process's end, and the
    process's CPU seconds, user + system, to its end). The first is the figure: the second
    adds the quit the benchmark asks for (closing the window, saving its layout, the
    interpreter's teardown), which is not start-up; the third does not count the waits for
    a core, which on a shared machine are most of the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    run = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True, check=True)
    end = time.time()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    said = [line for line in run.stdout.splitlines() if line.startswith(f"{moment} at ")]
    if not said:
        raise RuntimeError(f"{' '.join(cmd[-2:])} never said '{moment} at …':\n{run.stderr[-2000:]}")
    return float(said[-1].split()[-1]) - start, end - start, cpu


def _rounds(a, b, rounds: int) -> tuple[list[float], list[float]]:
    """A B A B …: each A paired with the B run next to it."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(a())
        tb.append(b())
    return ta, tb


def compile_bytecode() -> None:
    """As an installed app has: without .pyc files every run would compile the sources
    (a shell with PYTHONDONTWRITEBYTECODE=1 never writes them)."""
    for folder in ("explorer", "bench"):
        compileall.compile_dir(str(REPO / folder), quiet=1)


def longest_stall(env: dict) -> dict | None:
    """One run to ready with a heartbeat on the UI thread (bench/startup_stalls.py); None,
    said with the run's last lines, when it failed (one crashed with SIGSEGV once in ~40 runs)."""
    run = subprocess.run([PY, "-X", "faulthandler", str(REPO / "bench" / "startup_stalls.py"), "--exit-when-ready"],
                         env={**os.environ, **env}, capture_output=True, text=True)
    if run.returncode != 0:
        tail = "\n      ".join(run.stderr.strip().splitlines()[-12:])
        print(f"    (a start-up run failed, exit {run.returncode}; left out:\n      {tail})")
        return None
    return json.loads(run.stdout.strip().splitlines()[-1])


def report_stalls(stalls: list[dict | None]) -> bool:
    stalls = [s for s in stalls if s is not None]
    if not stalls:
        print("start-up: longest UI-thread stall to ready: every run failed")
        return False
    longest = sorted(s["longest_stall_ms"] for s in stalls)
    med = statistics.median(longest)
    ok = med <= STALL_TARGET_MS
    worst = max(stalls, key=lambda s: s["longest_stall_ms"])
    print(f"{'start-up: longest UI-thread stall to ready':44s} min/median/max {longest[0]:.0f}/{med:.0f}/"
          f"{longest[-1]:.0f} ms (target ≤ {STALL_TARGET_MS:.0f} ms) [{'meets' if ok else 'MISSES'}; "
          f"the worst began {worst['stall_starts_ms']:.0f} ms after launch, event loop from "
          f"{worst['event_loop_starts_ms']:.0f} ms, ready at {worst['ready_ms']:.0f} ms]")
    cpu = sorted(s["longest_stall_cpu_ms"] for s in stalls)
    print(f"{'    the same, UI-thread CPU time only':44s} min/median/max {cpu[0]:.0f}/{statistics.median(cpu):.0f}/"
          f"{cpu[-1]:.0f} ms (the wall time above less the waits for a core on a shared machine)")
    if not all(s["reached_ready"] for s in stalls):
        print("    (a run quit before its pane was ready: its stall is counted to the quit)")
    return ok


def main(rounds: int = int(os.environ.get("AMUR_BENCH_ROUNDS", "7"))) -> bool:
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"QT_QPA_PLATFORM": "offscreen", "AMUR_WORKSPACE": str(Path(tmp) / "ws.sqlite"),
               "XDG_CONFIG_HOME": tmp}
        app = [PY, "-m", "explorer"]
        bare_cmd = [PY, str(REPO / "bench" / "bare_window.py")]
        paint_cmd, ready_cmd = app + ["--exit-after-paint"], app + ["--exit-when-ready"]
        time_to_moment(paint_cmd, env, "painted")                 # warm the workspace and file cache
        time_to_moment(bare_cmd, env, "painted")                  # and the reference's
        paint, ref = _rounds(lambda: time_to_moment(paint_cmd, env, "painted"),
                             lambda: time_to_moment(bare_cmd, env, "painted"), rounds)
        ok1 = _report_moment("start-up: first paint", paint, ref, 0.35)
        ready, ref2 = _rounds(lambda: time_to_moment(ready_cmd, env, "ready"),
                              lambda: time_to_moment(bare_cmd, env, "painted"), rounds)
        ok2 = _report_moment("start-up: ready (charts drawn)", ready, ref2, 1.2)
        ok3 = report_stalls([longest_stall(env) for _ in range(rounds)])
    return ok1 and ok2 and ok3


def _report_moment(label: str, ours: list, bare: list, target: float) -> bool:
    """A moment's ratio to the bare window three ways (to the moment, to each process's end, CPU
    time to the end): the first is the verdict, the others say where the rest of a run goes."""
    ok = report_rounds(label, [p[0] for p in ours], [r[0] for r in bare], target, "bare window")
    report_rounds("    the same, each to its process's end", [p[1] for p in ours], [r[1] for r in bare],
                  target, "bare window")
    report_rounds("    the same, CPU time to the process's end", [p[2] for p in ours], [r[2] for r in bare],
                  target, "bare window")
    return ok


if __name__ == "__main__":
    main()
