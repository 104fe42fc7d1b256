"""EIA and FAOSTAT files go through the import wizard with Next alone: the layout is recognised,
the header found past the preamble, and the same rows land as on the command line."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.wizard_helpers import import_with_one_next

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "eiafao"


@pytest.mark.parametrize("name, layout, rows", [
    ("eia_international_data_china_us_2019_trimmed.csv", "eia", 1569),
    ("FAOSTAT_data_en_1-5-2023.csv", "faostat", 21),
])
def test_publisher_file_imports_with_next_alone(qtbot, window, name, layout, rows):
    import_with_one_next(qtbot, window, FIXTURES / name, layout, rows)
