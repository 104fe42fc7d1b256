"""Print the runtime requirements from pyproject.toml, one per line.

The build venv installs exactly these plus PyInstaller, so that test and
lint tools never end up in the bundle. Usage: python packaging/runtime_deps.py
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def main() -> int:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        print(requirement)
    return 0


if __name__ == "__main__":
    sys.exit(main())
