"""Publishers' layouts, one module per publisher (recognised by their headers; registered in
importing.layouts.PUBLISHERS)."""
from __future__ import annotations


def cell_text(cell) -> str:
    """A cell as text, trimmed: nothing for an empty cell, a whole number a workbook stored as a
    float without its '.0' (2019.0 -> '2019')."""
    if type(cell) is str:          # a CSV's cells, many a row: the common case first
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
