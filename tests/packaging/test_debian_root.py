"""The .deb as a user gets it: installed with apt into a bare Debian root (debootstrap
--variant=minbase, not this machine's own root), recommends off, then used by an
ordinary user — self-test, a screenshot whose Chinese names are glyphs and not
boxes, an import — and removed, keeping the user's workspace.

Slow, root only. The bare root is made once (~45 s) and kept in
build/debian-root/<suite>/ (gitignored); each run mounts a throwaway overlay on
it, so the cached root stays bare. Downloaded packages are kept in
build/debian-root/apt-archives/ for the next run. AMUR_DEBIAN_SUITE=trixie tries
Debian 13.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, tool

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian root"),
    pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="chroot and mounts need root"),
]

SUITE = os.environ.get("AMUR_DEBIAN_SUITE", "bookworm")
MIRROR = os.environ.get("AMUR_DEBIAN_MIRROR", "http://deb.debian.org/debian")
CACHE = REPO / "build" / "debian-root"
CHROOT = shutil.which("chroot", path="/usr/sbin:/usr/bin:/sbin:/bin") or "chroot"
#: The character devices apt, dpkg and the app use: (name, major, minor).
DEVICES = (("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0))
USER = "analyst"
HOME = f"/home/{USER}"
WORKSPACE = f"{HOME}/.local/share/amur-explorer/workspace.sqlite"
#: A fontconfig setup that hides every font able to draw Chinese: what the user sees without one.
NO_CJK_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="lang"><string>zh-cn</string></patelt></pattern>
  </rejectfont></selectfont>
  <cachedir>/tmp/fc-no-cjk</cachedir>
</fontconfig>
"""


def run(*cmd: str, timeout: int = 900, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)


def bare_root() -> Path:
    """debootstrap's minbase root for SUITE, made once and kept."""
    root = CACHE / SUITE
    if (root / "etc" / "debian_version").exists():
        return root
    part = CACHE / f"{SUITE}.part"
    shutil.rmtree(part, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    done = run(tool("debootstrap"), "--variant=minbase", SUITE, str(part), MIRROR, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    part.rename(root)
    return root


class Debian:
    """A throwaway Debian system: an overlay on the cached bare root, with its own
    proc, sys and dev, where commands run as root or as an ordinary user."""

    def __init__(self, root: Path, work: Path) -> None:
        self.root = work / "root"
        self.mounts: list[Path] = []
        for d in ("root", "upper", "work"):
            (work / d).mkdir()
        self._mount("-t", "overlay", "overlay", "-o",
                    f"lowerdir={root},upperdir={work / 'upper'},workdir={work / 'work'}", str(self.root))
        # Fresh proc, sysfs and a /dev of its own rather than binds of this machine's:
        # should a run be killed before it unmounts, pytest's clean-up of old temporary
        # folders must not be able to delete anything outside them.
        self._mount("-t", "proc", "proc", str(self.root / "proc"))
        self._mount("-t", "sysfs", "sysfs", str(self.root / "sys"))
        self._mount("-t", "tmpfs", "-o", "mode=755,size=8m", "tmpfs", str(self.root / "dev"))
        try:
            self._make_devices(self.root / "dev")
        except PermissionError as exc:          # a container without CAP_MKNOD
            self.close()
            pytest.skip(f"cannot create device nodes here: {exc}")
        self._mount("-t", "tmpfs", "-o", "mode=1777,size=64m", "tmpfs", str(self.root / "dev" / "shm"))
        archives = CACHE / "apt-archives"
        (archives / "partial").mkdir(parents=True, exist_ok=True)
        self._mount("--bind", str(archives), str(self.root / "var" / "cache" / "apt" / "archives"))

    @staticmethod
    def _make_devices(dev: Path) -> None:
        for name, major, minor in DEVICES:
            os.mknod(dev / name, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
            os.chmod(dev / name, 0o666)
        for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                             ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
            (dev / name).symlink_to(target)
        (dev / "shm").mkdir()

    def _mount(self, *args: str) -> None:
        done = run("mount", *args)
        if done.returncode != 0:
            self.close()
            pytest.skip(f"cannot mount here ({' '.join(args[:2])}): {done.stderr.strip()}")
        self.mounts.append(Path(args[-1]))

    def close(self) -> None:
        for point in reversed(self.mounts):
            if run("umount", "-R", str(point)).returncode != 0:
                run("umount", "-R", "--lazy", str(point))       # a process still holds it
        self.mounts.clear()

    def as_root(self, *cmd: str, timeout: int = 900) -> subprocess.CompletedProcess:
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive", "LANG": "C.UTF-8"}
        return run(CHROOT, str(self.root), *cmd, env=env, timeout=timeout)

    def as_user(self, *cmd: str, timeout: int = 600, **env: str) -> subprocess.CompletedProcess:
        """An ordinary user's session: no display, no test overrides."""
        base = {"PATH": "/usr/bin:/bin", "HOME": HOME, "USER": USER, "LANG": "C.UTF-8"}
        return run(CHROOT, f"--userspec={USER}:{USER}", str(self.root), *cmd,
                   env={**base, **env}, timeout=timeout, cwd="/")

    def apt(self, *args: str) -> subprocess.CompletedProcess:
        cmd = ("apt-get", "-y", "-q", "-o", "APT::Install-Recommends=false", *args)
        done = self.as_root(*cmd)
        if done.returncode != 0 and "404" in done.stdout + done.stderr:     # a cached root's stale lists
            self.as_root("apt-get", "-q", "update")
            done = self.as_root(*cmd)
        return done

    def installed(self, package: str) -> bool:
        done = self.as_root("dpkg-query", "-W", "-f=${Status}", package)
        return done.stdout.strip() == "install ok installed"


@pytest.fixture(scope="module")
def debian(deb, tmp_path_factory):
    root = bare_root()
    system = Debian(root, tmp_path_factory.mktemp("debian"))
    try:
        shutil.copy(deb, system.root / "tmp" / deb.name)
        added = system.as_root("useradd", "--create-home", "--shell", "/bin/sh", USER)
        assert added.returncode == 0, added.stderr
        system.deb = f"/tmp/{deb.name}"
        yield system
    finally:
        system.close()


def test_apt_installs_the_package_and_a_small_cjk_font_with_recommends_off(debian):
    done = debian.apt("install", debian.deb)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert debian.installed("amur-explorer")
    assert debian.installed("fonts-wqy-microhei")
    assert not debian.installed("fonts-noto-cjk")            # the 56.5 MB font is not needed
    assert debian.as_user("readlink", "-f", "/usr/bin/amur-explorer").stdout.strip() == \
        "/opt/amur-explorer/amur-explorer"


def test_selftest_passes_for_an_ordinary_user(debian):
    done = debian.as_user("amur-explorer", "selftest")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"selftest ok: workspace {WORKSPACE}, bundled /opt/amur-explorer/")


def test_selftest_fails_naming_the_font_package_when_chinese_would_be_boxes(debian):
    (debian.root / "tmp" / "no-cjk.conf").write_text(NO_CJK_FONTS)
    done = debian.as_user("amur-explorer", "selftest", FONTCONFIG_FILE="/tmp/no-cjk.conf")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "no installed font covers Chinese" in done.stdout
    assert "install fonts-wqy-microhei" in done.stdout


def changed_pixels(a: Path, b: Path) -> int:
    import numpy as np
    from PySide6.QtGui import QImage

    def pixels(path: Path):
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
        return np.frombuffer(image.constBits(), dtype=np.uint32).copy(), image.size()

    (one, size_one), (two, size_two) = pixels(a), pixels(b)
    assert size_one == size_two
    return int(np.count_nonzero(one != two))


def test_screenshot_draws_chinese_names_as_glyphs_not_boxes(debian, qapp):
    shots = debian.as_user("amur-explorer", "screenshot", f"{HOME}/shots")
    assert shots.returncode == 0, shots.stdout + shots.stderr
    # the same window where no font can draw Chinese: every Chinese glyph is a box
    (debian.root / "tmp" / "no-cjk.conf").write_text(NO_CJK_FONTS)
    boxes = debian.as_user("amur-explorer", "screenshot", f"{HOME}/boxes", FONTCONFIG_FILE="/tmp/no-cjk.conf")
    assert boxes.returncode == 0, boxes.stdout + boxes.stderr
    home = debian.root / HOME.lstrip("/")
    # the Institutions and Sources panes name Chinese bodies and publishers: thousands of
    # pixels of glyphs where the box rendering has empty rectangles
    for pane in ("04-institutions.png", "05-sources.png"):
        assert changed_pixels(home / "shots" / pane, home / "boxes" / pane) > 1000, pane


def test_an_import_by_the_user_is_stored_in_the_user_workspace(debian):
    csv = debian.root / HOME.lstrip("/") / "figures.csv"
    csv.write_text("period,reporter,partner,flow,commodity,value,unit,status,description\n"
                   "2024,China,Russia,total,,2448.2,hundred million USD,actual,Хабаровск 哈尔滨\n",
                   encoding="utf-8")
    home = csv.parent.stat()
    os.chown(csv, home.st_uid, home.st_gid)
    done = debian.as_user("amur-explorer", "import", f"{HOME}/figures.csv")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "added 1, replaced 0" in done.stdout
    history = debian.as_user("amur-explorer", "imports")
    assert "figures.csv" in history.stdout


def test_the_window_with_no_display_says_so(debian):
    done = debian.as_user("amur-explorer")
    assert (done.returncode, done.stderr) == (
        1, "amur-explorer: error: no display found; use QT_QPA_PLATFORM=offscreen for screenshots\n")


def test_apt_remove_takes_the_app_and_keeps_the_workspace(debian):
    workspace = debian.root / WORKSPACE.lstrip("/")
    before = workspace.read_bytes()
    done = debian.apt("remove", "amur-explorer")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert not debian.installed("amur-explorer")
    for gone in ("opt/amur-explorer", "usr/bin/amur-explorer", "usr/share/applications/amur-explorer.desktop",
                 "usr/share/metainfo/org.amurexplorer.AmurExplorer.metainfo.xml"):
        assert not (debian.root / gone).exists(), gone
    assert workspace.read_bytes() == before
