"""``export``, ``publish`` and ``screenshot`` as real processes against a
hostile or broken output folder: links planted under the names they write,
a file given as the folder, a full disk, an absurd window size. Each ends in
one line on stderr and a non-zero exit, or in files written beside (never
through) the planted links."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.faults.conftest import cli, cli_argv, cli_env

VICTIM_TEXT = "the analyst's own file, outside the output folder\n"
#: For each command, the names it writes (or used to write through) that a link is planted under.
PLANTED = {
    "export": ["trade.csv.part", "energy.csv"],
    "publish": ["metadata.json", ".amur-explorer.db.tmp"],
    "screenshot": ["01-trade.png", "05-sources.png"],
}

#: What each command writes (a few of its files).
WRITES = {
    "export": ["trade.csv", "energy.csv"],
    "publish": ["metadata.json", "amur-explorer.db"],
    "screenshot": ["01-trade.png", "05-sources.png"],
}


def _one_line_message(done: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in done.stderr.splitlines()
             if ln.strip() and not ln.startswith(("building bundled", "This plugin does not support"))]
    assert "Traceback" not in done.stderr, done.stderr
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.mark.parametrize("command", list(PLANTED))
def test_links_planted_in_the_output_folder_are_never_written_through(mini_store, tmp_path, command, tally):
    victim = tmp_path / "precious.txt"
    victim.write_text(VICTIM_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name in PLANTED[command]:
        (out / name).symlink_to(victim)
    done = cli(mini_store, command, out)
    assert done.returncode == 0, done.stderr
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    for name in WRITES[command]:        # each output a file of its own, the links under those names replaced
        path = out / name
        assert path.is_file() and not path.is_symlink() and path.stat().st_size > 0, name
    tally.record(faults=len(PLANTED[command]))


@pytest.mark.parametrize("command", list(PLANTED))
def test_a_file_given_as_the_folder_is_one_line(mini_store, tmp_path, command, tally):
    afile = tmp_path / "report.docx"
    afile.write_bytes(b"not a folder")
    done = cli(mini_store, command, afile)
    assert done.returncode == 2
    assert _one_line_message(done) == (f"amur-explorer: error: {afile} is a file, not a folder: give a folder "
                                       "to write into (it is created if it does not exist)")
    assert afile.read_bytes() == b"not a folder"
    tally.record(faults=1)


@pytest.mark.parametrize("size", ["100000x100000", "8193x600", "0x600", "800x-1", "huge"])
def test_screenshot_refuses_a_size_it_cannot_draw(mini_store, tmp_path, size, tally):
    done = cli(mini_store, "screenshot", tmp_path / "shots", "--size", size, timeout=60)
    assert done.returncode == 2
    message = _one_line_message(done)
    assert message.startswith("amur-explorer: error: --size ")
    assert "8192" in message or "WIDTHxHEIGHT" in message
    assert not (tmp_path / "shots").exists()
    tally.record(faults=1)


def _tmpfs_available(tmp_path) -> bool:
    if not shutil.which("unshare") or sys.platform != "linux":
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=4k tmpfs {tmp_path}"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.parametrize("command", ["export", "publish"])
def test_a_full_disk_is_one_line_and_the_previous_files_survive(mini_store, tmp_path, command, tally):
    """On a real 4 KiB tmpfs (in a private mount namespace): the disk fills mid-write."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _tmpfs_available(disk):
        pytest.skip("no unprivileged tmpfs here (unshare -rm)")
    final = "trade.csv" if command == "export" else "amur-explorer.db"
    script = (f"mount -t tmpfs -o size=4k tmpfs {disk} && printf 'yesterday' > {disk}/{final} && "
              f"\"$@\"; rc=$?; ls -A {disk}; cat {disk}/{final}; echo; exit $rc")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", *cli_argv(mini_store, command, disk)],
                          capture_output=True, text=True, env=cli_env(mini_store), timeout=120)
    assert done.returncode == 2
    assert _one_line_message(done) == (f"amur-explorer: error: could not write {disk / final}: the disk is full; "
                                       "nothing was written there")
    listing = done.stdout.split()
    assert listing[-1] == "yesterday"                       # the earlier file is whole
    assert not [n for n in listing if n.startswith(".")]      # no temporary file left behind
    tally.record(faults=1)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_template_into_a_missing_folder_is_one_line(mini_store, tmp_path, suffix):
    target = tmp_path / "no-such-folder" / f"trade{suffix}"
    done = cli(mini_store, "template", "trade", target)
    assert done.returncode == 2
    message = _one_line_message(done)
    assert message.startswith(f"amur-explorer: error: could not write {target}: ")
    assert not target.parent.exists()
