"""Builds shared by the slow packaging tests: `make -C packaging TARGET` under a lock,
since the bundle, the .deb and the Debian root in build/ are shared by every test
session in this checkout."""
from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest

from explorer import __version__

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "dist" / "amur-explorer"
EXE = BUNDLE / "amur-explorer"
BUILD_TIMEOUT = 1800


@pytest.fixture(scope="module")
def one_session_at_a_time():
    """Builds, the bundle and the installed package are shared by every test
    session in this checkout and on this machine: hold them for the module."""
    (REPO / "build").mkdir(exist_ok=True)
    with open(REPO / "build" / ".dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def tool(command: str) -> str:
    """The path of a Debian tool the tests use, installed by packaging/ensure-build-tools.sh
    when missing (root or passwordless sudo); skips the test where it cannot be had."""
    found = shutil.which(command) or shutil.which(command, path="/usr/sbin:/sbin")
    if found is None:
        subprocess.run([str(REPO / "packaging" / "ensure-build-tools.sh"), command],
                       capture_output=True, timeout=900)
        found = shutil.which(command) or shutil.which(command, path="/usr/sbin:/sbin")
    if found is None:
        pytest.skip(f"needs {command}: packaging/ensure-build-tools.sh {command}")
    return found


def make(target: str) -> None:
    """`make -C packaging TARGET`: rebuilds only what is out of date."""
    log = REPO / "build" / f"test-dist-{target}.log"
    with open(log, "w") as out:
        done = subprocess.run(["make", "-C", "packaging", target], cwd=REPO, stdout=out,
                              stderr=subprocess.STDOUT, timeout=BUILD_TIMEOUT)
    assert done.returncode == 0, f"make {target} failed:\n{log.read_text()[-4000:]}"


@pytest.fixture(scope="module")
def bundle(one_session_at_a_time) -> Path:
    make("bundle")
    return EXE


@pytest.fixture(scope="module")
def deb(bundle) -> Path:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("needs dpkg-deb")
    make("deb")
    debs = sorted((REPO / "dist").glob(f"amur-explorer_{__version__}_*.deb"))
    assert debs, "make deb wrote no package"
    return debs[-1]


