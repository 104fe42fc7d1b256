"""Print the runtime requirements from pyproject.toml, one per line.

The build venv installs exactly these plus PyInstaller, so that test and
lint tools never end up in the bundle. Usage: python packaging/runtime_deps.py
"""
from __future__ import annotations

import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:             # Python 3.10: the copy pip vendors
    from pip._vendor import tomli as tomllib

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def main() -> int:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        print(requirement)
    return 0


if __name__ == "__main__":
    sys.exit(main())
