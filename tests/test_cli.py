"""The command line, as other tools call it (real subprocesses)."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path


from explorer.data.export import export_header
from explorer.data.panes import specs


def run(args, bundled: Path, tmp_path: Path, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "AMUR_BUNDLED_DB": str(bundled), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("AMUR_WORKSPACE", None)
    return subprocess.run([sys.executable, "-m", "explorer", "--db", str(tmp_path / "ws.sqlite"), *args],
                          capture_output=True, text=True, env=env, timeout=120, **kw)


def test_export_writes_one_csv_per_pane(bundled_path, tmp_path):
    result = run(["export", str(tmp_path / "out")], bundled_path, tmp_path)
    assert result.returncode == 0, result.stderr
    for spec in specs():
        with open(tmp_path / "out" / f"{spec.name}.csv", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
        assert reader.fieldnames == export_header(spec)
        assert rows or spec.name == "indicators", spec.name     # the bundled database has no indicators
    with open(tmp_path / "out" / "trade.csv", encoding="utf-8-sig") as fh:
        trade = list(csv.DictReader(fh))
    assert all(r["document"] and r["quote"] and r["unit"] for r in trade)


def test_check_reports_contents_and_flags_conflicts(bundled_path, tmp_path):
    result = run(["check"], bundled_path, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "growth_mismatch" in result.stdout
    assert "0 error(s)" in result.stdout


def test_check_fails_on_a_damaged_workspace(bundled_path, tmp_path):
    ws = tmp_path / "ws.sqlite"
    run(["check"], bundled_path, tmp_path)
    data = bytearray(ws.read_bytes())
    data[100:4096] = b"\x00garbage" * ((4096 - 100) // 8)
    ws.write_bytes(bytes(data))
    result = run(["check"], bundled_path, tmp_path)
    assert result.returncode != 0
    assert "ws.sqlite" in result.stdout + result.stderr


def test_screenshot_writes_a_png_per_pane(bundled_path, tmp_path):
    result = run(["screenshot", str(tmp_path / "shots")], bundled_path, tmp_path)
    assert result.returncode == 0, result.stderr
    pngs = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert pngs == [f"{i:02d}-{s.name}.png" for i, s in enumerate(specs(), 1)]
    assert all((tmp_path / "shots" / p).stat().st_size > 10_000 for p in pngs)


def test_selftest_passes(bundled_path, tmp_path):
    result = run(["selftest"], bundled_path, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "selftest ok" in result.stdout


def test_unreadable_bundled_database_is_a_clear_error(tmp_path):
    result = run(["check"], tmp_path / "missing.sqlite", tmp_path)
    assert result.returncode == 2
    assert "bundled database not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_arguments_exit_with_usage(bundled_path, tmp_path):
    result = run(["screenshot", str(tmp_path), "--size", "huge"], bundled_path, tmp_path)
    assert result.returncode == 2 and "WIDTHxHEIGHT" in result.stderr


def test_exit_after_paint_opens_and_quits(bundled_path, tmp_path):
    result = run(["--exit-after-paint"], bundled_path, tmp_path)
    assert result.returncode == 0, result.stderr
