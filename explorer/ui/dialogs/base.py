"""What every dialog and every page of the import wizard starts with."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget, QWizardPage

if TYPE_CHECKING:
    from explorer.ui.dialogs.import_wizard import ImportWizard


class Dialog(QDialog):
    """A dialog over ``parent``, with the object name tests and the window find it by and its title."""

    def __init__(self, parent: QWidget | None, name: str, title: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)


class ImportPage(QWizardPage):
    """A page of the import wizard: ``w`` is the wizard (the file, its layout and the mapping
    chosen so far); the title and subtitle say what the page asks."""

    def __init__(self, wizard: ImportWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
