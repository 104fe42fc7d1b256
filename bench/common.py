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


def report_rounds(name: str, subject: Sequence[float], reference: Sequence[float], target: float,
                  ref_name: str, higher_is_better: bool = False) -> bool:
    """Print min/median/max of the per-round ratio subject/reference (each round
    pairs one A with the B run next to it) and whether the median meets the target."""
    ratios = sorted(s / r if r else float("inf") for s, r in zip(subject, reference))
    med = statistics.median(ratios)
    ok = med >= target if higher_is_better else med <= target
    sign = "≥" if higher_is_better else "≤"
    print(f"{name:44s} ratio min/median/max {ratios[0]:.2f}/{med:.2f}/{ratios[-1]:.2f}× of {ref_name} "
          f"(target {sign} {target}×) [{'meets' if ok else 'MISSES'}; medians "
          f"{statistics.median(subject) * 1000:.1f} ms vs {statistics.median(reference) * 1000:.1f} ms]")
    return ok


def peak_rss_mib() -> float:
    """This process's own peak resident memory (VmHWM: per address space, so a child
    started by fork+exec does not inherit its parent's high-water mark as ru_maxrss does)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
