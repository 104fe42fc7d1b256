"""Measure the packaged app: sizes, what each exclusion saves, start-up time.

    python3 packaging/measure.py sizes      # one extra PyInstaller build per exclusion
    python3 packaging/measure.py startup    # frozen vs source time to first paint

Run after `make dist`. `sizes` rebuilds the bundle with one exclusion of the
spec switched off at a time (AMUR_DIST_KEEP) into build/measure/, plus once in
a venv that also holds the test tools, and reports the unstripped on-disk size
of each against the shipped configuration. `startup` runs the frozen app and
the source checkout's `amur-explorer --exit-after-paint`, interleaved, and
reports medians and their ratio. Builds run at low priority (nice).
"""
from __future__ import annotations

import fcntl
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "measure"
BUILD_VENV = ROOT / "build" / "venv-dist"
FROZEN = ROOT / "dist" / "amur-explorer" / "amur-explorer"
SOURCE = ROOT / ".venv" / "bin" / "amur-explorer"
EXCLUSIONS = ("qt-modules", "qt-plugins", "translations", "dev-tools")


def du_mb(path: Path) -> float:
    total = sum(p.lstat().st_size for p in path.rglob("*") if not p.is_symlink())
    return total / 1e6


def build(name: str, keep: str = "", venv: Path = BUILD_VENV) -> float:
    env = dict(os.environ, AMUR_DIST_KEEP=keep)
    subprocess.run(["nice", "-n", "10", str(venv / "bin" / "pyinstaller"), "--noconfirm",
                    "--log-level", "ERROR", "--distpath", str(OUT / f"dist-{name}"),
                    "--workpath", str(OUT / f"work-{name}"), "packaging/amur-explorer.spec"],
                   cwd=ROOT, env=env, check=True)
    return du_mb(OUT / f"dist-{name}" / "amur-explorer")


def test_tools_venv() -> Path:
    """A venv like the developer's (runtime + test tools) with PyInstaller added."""
    venv = OUT / "venv-with-tests"
    if not (venv / "bin" / "pyinstaller").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        reqs = subprocess.run([sys.executable, str(ROOT / "packaging" / "runtime_deps.py")],
                              capture_output=True, text=True, check=True).stdout.split()
        subprocess.run(["nice", "-n", "10", str(venv / "bin" / "pip"), "install", "-q", *reqs,
                        "pytest>=8", "pytest-qt>=4.4", "hypothesis>=6.100", "import-linter>=2.0",
                        "pyinstaller>=6.10"], check=True)
    return venv


def sizes() -> None:
    shipped = build("shipped")
    print(f"shipped configuration, unstripped: {shipped:.1f} MB")
    for key in EXCLUSIONS:
        size = build(f"keep-{key}", keep=key)
        print(f"without the {key:12s} exclusion: {size:6.1f} MB  (exclusion saves {size - shipped:5.1f} MB)")
    size = build("test-venv", keep="dev-tools", venv=test_tools_venv())
    print(f"built in a venv with test tools, no dev-tools exclusion: {size:6.1f} MB "
          f"(separate venv + exclusion save {size - shipped:5.1f} MB)")
    deb = sorted((ROOT / "dist").glob("amur-explorer_*.deb"))
    stripped = du_mb(FROZEN.parent)
    print(f"dist/amur-explorer as shipped (stripped): {stripped:.1f} MB;"
          f" post-build strip saves {shipped - stripped:.1f} MB")
    if deb:
        print(f"{deb[-1].name}: {deb[-1].stat().st_size / 1e6:.1f} MB")


def first_paint(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd + ["--exit-after-paint"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return time.perf_counter() - start


def startup(runs: int = 9) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith("AMUR_")}
    base["QT_QPA_PLATFORM"] = "offscreen"
    variants = {
        "frozen": ([str(FROZEN)], dict(base, AMUR_WORKSPACE=str(OUT / "ws-frozen.sqlite"))),
        "source": ([str(SOURCE)], dict(base, AMUR_WORKSPACE=str(OUT / "ws-source.sqlite"))),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for cmd, env in variants.values():          # warm the page cache, create the workspaces
        first_paint(cmd, env)
    for _ in range(runs):
        for name, (cmd, env) in variants.items():
            times[name].append(first_paint(cmd, env))
    med = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        print(f"{name}: median {med[name]:.3f} s to first paint over {runs} runs "
              f"(min {min(t):.3f}, max {max(t):.3f})")
    print(f"frozen / source = {med['frozen'] / med['source']:.2f}")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "startup"
    (ROOT / "build").mkdir(exist_ok=True)
    # the lock tests/packaging/test_dist.py holds: no rebuild of the venv or
    # the bundle under a measurement
    with open(ROOT / "build" / ".dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        {"sizes": sizes, "startup": startup}[what]()
