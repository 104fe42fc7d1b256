"""The desktop entry and the AppStream metadata, checked by the validators the
distributions use (Debian's desktop-file-utils and appstream)."""
from __future__ import annotations

import configparser
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path


from explorer import APP_ID, __version__

from .conftest import tool

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / "org.amurexplorer.AmurExplorer.metainfo.xml"
#: The main categories of the freedesktop menu specification.
MAIN_CATEGORIES = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics",
                   "Network", "Office", "Science", "Settings", "System", "Utility"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_passes_desktop_file_validate():
    done = subprocess.run([tool("desktop-file-validate"), str(DESKTOP)],
                          capture_output=True, text=True)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_desktop_entry_has_one_main_category_and_opens_csv_and_xlsx_files():
    entry = desktop_entry()
    categories = [c for c in entry["Categories"].split(";") if c]
    assert len(set(categories) & MAIN_CATEGORIES) == 1, categories
    assert {"text/csv", "text/tab-separated-values", XLSX} <= set(entry["MimeType"].split(";"))
    # %f: the file manager passes the file, and `amur-explorer FILE` opens the import wizard on it
    assert entry["Exec"] == f"{APP_ID} %f"
    assert entry["Icon"] == APP_ID


def test_appstream_metadata_passes_appstreamcli_validate():
    done = subprocess.run([tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_appstream_metadata_names_this_release_and_the_desktop_entry():
    root = ET.parse(METAINFO).getroot()
    assert root.find("launchable").text == DESKTOP.name
    assert root.find("releases/release").get("version") == __version__, "add this version to <releases>"
    assert {m.text for m in root.iter("mediatype")} == set(desktop_entry()["MimeType"].strip(";").split(";"))
    assert [c.text for c in root.iter("category")] == [c for c in desktop_entry()["Categories"].split(";") if c]


FLATPAK = RESOURCES.parent / "packaging" / "flatpak" / "org.amurexplorer.AmurExplorer.yml"


def test_flatpak_manifest_parses_and_names_files_that_exist(tmp_path):
    """As far as a machine without Flathub goes: flatpak-builder reads the manifest
    with no unknown property, and every file it takes from the work tree exists."""
    import json

    done = subprocess.run([tool("flatpak-builder"), "--show-manifest", str(FLATPAK)],
                          capture_output=True, text=True, cwd=tmp_path)   # it leaves .flatpak-builder/ in cwd
    assert (done.returncode, done.stderr) == (0, "")
    manifest = json.loads(done.stdout)
    assert manifest["id"] == ET.parse(METAINFO).getroot().find("id").text
    files = [s["path"] for s in manifest["modules"][0]["sources"] if s["type"] == "file"]
    assert files and all((FLATPAK.parent / f).resolve().is_file() for f in files), files
