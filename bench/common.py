"""Interleaved A/B timing with medians: these machines are shared and noisy."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

REPO = Path(__file__).resolve().parent.parent


def time_command(cmd: Sequence[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env={**os.environ, **(env or {})},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interleaved(a: Callable[[], float], b: Callable[[], float], rounds: int = 5) -> tuple[float, float]:
    """Run A B A B …; return the medians of A and B."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(a())
        tb.append(b())
    return statistics.median(ta), statistics.median(tb)


def report(name: str, subject: float, reference: float, target: float, ref_name: str) -> bool:
    ratio = subject / reference if reference else float("inf")
    ok = ratio <= target
    print(f"{name:40s} ratio {ratio:5.2f}× of {ref_name} (target ≤ {target}×) "
          f"[{'meets' if ok else 'MISSES'}; medians {subject * 1000:.0f} ms vs {reference * 1000:.0f} ms]")
    return ok


PY = sys.executable
