"""The standalone app and its Linux package, built the way `make dist` builds them.

Slow: the first run builds the PyInstaller bundle in its own venv and the .deb
(a few minutes on 2 cores); later runs reuse both while explorer/, resources/,
the database and packaging/ are unchanged (make decides).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explorer import __version__

from .conftest import BUNDLE, REPO, make

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux build (make, dpkg-deb)"),
    pytest.mark.skipif(shutil.which("make") is None, reason="needs make"),
]

INSTALLED = Path("/opt/amur-explorer")
QT_SYSTEM_LIBS = ("libglib2.0-0", "libegl1", "libgl1", "libx11-6", "libxkbcommon0",
                  "libxkbcommon-x11-0", "libfontconfig1", "libfreetype6", "libdbus-1-3",
                  "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
                  "libxcb-render-util0", "libxcb-shape0")


@pytest.fixture(scope="module", autouse=True)
def _hold_the_build(one_session_at_a_time):
    """The installed-package test below changes this machine's /opt: hold the lock for it too."""


def app_env(home: Path) -> dict[str, str]:
    """A user with fresh data and config folders, and no test overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMUR_")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"))
    return env


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root with its size and modification time."""
    return {str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in root.rglob("*")}


def selftest(exe: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe), "selftest"], env=app_env(home), capture_output=True,
                          text=True, timeout=300)


def test_frozen_app_passes_selftest_with_workspace_in_user_folder(bundle, tmp_path):
    before = tree(BUNDLE)
    done = selftest(bundle, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "selftest ok" in done.stdout
    # bundled data from inside the bundle, the workspace in the user's data folder
    assert f"bundled {BUNDLE / '_internal' / 'db' / 'amur.sqlite'}" in done.stdout
    assert list((tmp_path / "data").rglob("workspace.sqlite")), done.stdout
    assert tree(BUNDLE) == before, "the frozen app wrote inside its install folder"


def test_frozen_app_reports_the_version_of_the_source(bundle, tmp_path):
    done = subprocess.run([str(bundle), "--version"], env=app_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["amur-explorer", __version__]


def deb_field(deb: Path, field: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), field], capture_output=True,
                          text=True, check=True).stdout.strip()


def deb_file(deb: Path, member: str) -> str:
    tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True)
    return subprocess.run(["tar", "-xOf", "-", member], input=tar.stdout, capture_output=True,
                          check=True).stdout.decode()


def test_deb_holds_app_desktop_entry_icon_and_dependencies(deb):
    assert deb_field(deb, "Package") == "amur-explorer"
    assert deb_field(deb, "Version") == __version__
    depends = deb_field(deb, "Depends")
    for lib in QT_SYSTEM_LIBS:
        assert lib in depends, f"{lib} missing from Depends: {depends}"
    # a small CJK font, not a 56.5 MB Recommends that --no-install-recommends drops
    assert "fonts-wqy-microhei | fonts-noto-cjk" in depends.split(", ")

    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    entries = {line.split()[5]: line for line in listing}
    exe = entries["./opt/amur-explorer/amur-explorer"]
    assert exe.startswith("-rwxr-xr-x root/root")
    assert "./usr/bin/amur-explorer -> /opt/amur-explorer/amur-explorer" in "\n".join(listing)
    for path in ("./opt/amur-explorer/_internal/db/amur.sqlite",
                 "./opt/amur-explorer/_internal/db/schema.sql",
                 "./usr/share/applications/amur-explorer.desktop",
                 "./usr/share/metainfo/org.amurexplorer.AmurExplorer.metainfo.xml",
                 "./usr/share/icons/hicolor/scalable/apps/amur-explorer.svg",
                 "./usr/share/icons/hicolor/256x256/apps/amur-explorer.png"):
        assert path in entries, f"{path} not in the package"

    desktop = deb_file(deb, "./usr/share/applications/amur-explorer.desktop").splitlines()
    assert "Exec=amur-explorer %f" in desktop
    assert "Icon=amur-explorer" in desktop
    assert (REPO / "resources" / "amur-explorer.desktop").read_text().splitlines() == desktop


def test_no_bundled_library_searches_the_build_machine(bundle):
    """RUNPATHs like /root/.pyenv/versions/3.11.7/lib come from the build machine:
    only $ORIGIN-relative entries that stay inside the bundle may remain."""
    if shutil.which("readelf") is None:
        pytest.skip("needs readelf (binutils)")
    outside = {}
    for lib in BUNDLE.rglob("*.so*"):
        if lib.is_symlink() or not lib.is_file():
            continue
        dynamic = subprocess.run(["readelf", "-d", str(lib)], capture_output=True, text=True).stdout
        for entries in re.findall(r"\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[(.*)\]", dynamic):
            foreign = [e for e in entries.split(":") if e and not e.startswith("$ORIGIN")]
            if foreign:
                outside[str(lib.relative_to(BUNDLE))] = foreign
    assert outside == {}


@pytest.fixture(scope="module")
def tarball(bundle) -> Path:
    make("tarball")
    [found] = (REPO / "dist").glob(f"amur-explorer-{__version__}-linux-*.tar.xz")
    return found


def test_tarball_holds_the_onedir_that_runs_where_it_is_unpacked(tarball, tmp_path):
    subprocess.run(["tar", "-xJf", str(tarball), "-C", str(tmp_path)], check=True)
    exe = tmp_path / "amur-explorer" / "amur-explorer"
    done = selftest(exe, tmp_path / "home")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"bundled {tmp_path / 'amur-explorer' / '_internal' / 'db' / 'amur.sqlite'}" in done.stdout


def apt(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(["apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", *args],
                          env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("apt-get") is None,
                    reason="installs the package: needs root and apt")
def test_deb_installs_runs_from_installed_path_and_uninstalls(deb, tmp_path):
    # --no-install-recommends: the CJK font it recommends is a large download.
    install = ("install", "--no-install-recommends", str(deb))
    done = apt(*install)
    if done.returncode != 0:            # stale package lists: fetch them once
        apt("update")
        done = apt(*install)
    assert done.returncode == 0, done.stdout + done.stderr
    try:
        before = tree(INSTALLED)
        ran = selftest(Path("/usr/bin/amur-explorer"), tmp_path)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        assert f"bundled {INSTALLED / '_internal' / 'db' / 'amur.sqlite'}" in ran.stdout
        assert tree(INSTALLED) == before, "the installed app wrote inside /opt/amur-explorer"
    finally:
        removed = apt("remove", "amur-explorer")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not INSTALLED.exists(), f"left behind: {list(INSTALLED.rglob('*'))[:10]}"
    assert not Path("/usr/bin/amur-explorer").exists()
    assert not Path("/usr/share/applications/amur-explorer.desktop").exists()
