"""Eurostat and China NBS files go through the import wizard with Next alone: the layout is
recognised, its preamble read, and the same rows land as on the command line."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.wizard_helpers import import_with_one_next

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-files"


@pytest.mark.parametrize("name, layout, rows", [
    ("eurostat_nrg_ti_gas_custom_2437435.xlsx", "eurostat_xlsx", 1702),
    ("nbs_分省年度数据_GBK.csv", "nbs", 310),
])
def test_publisher_file_imports_with_next_alone(qtbot, window, name, layout, rows):
    import_with_one_next(qtbot, window, REAL / name, layout, rows)
