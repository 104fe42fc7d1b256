"""Fixtures of the data-layer tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def ws(mini_bundled_path, tmp_path):
    """A fresh workspace over the small bundled database, open; a module may define its own."""
    from explorer.data.db import Store

    c = Store(workspace=tmp_path / "ws.sqlite", bundled=mini_bundled_path).connect()
    yield c
    c.close()
