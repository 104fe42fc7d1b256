"""Blank templates of the app's own import layouts."""
from __future__ import annotations

from pathlib import Path

from explorer.data.importing.datasets import get_dataset


def write_template(dataset: str, path: Path) -> tuple[str, ...]:
    """Write the header of ``dataset``'s layout to ``path`` (.xlsx or CSV); return the columns."""
    ds = get_dataset(dataset)
    columns = ds.template
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        import openpyxl  # heavy; only when an Excel template is asked for

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = ds.name
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = openpyxl.styles.Font(bold=True)
        book.save(path)
    else:
        from explorer.data.export import write_csv

        write_csv(path, columns, [])
    return columns
