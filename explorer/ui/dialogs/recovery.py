"""When the workspace cannot be opened at start-up: say what is wrong, and
offer to restore the latest automatic backup or start a fresh workspace.

Whatever the analyst picks, the damaged file is never overwritten: it is
renamed beside itself (``workspace.sqlite.damaged-<time>``, with its -wal and
-shm) before anything takes its place. Quitting changes nothing.
"""
from __future__ import annotations

import os
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialogButtonBox, QLabel, QMessageBox, QPushButton, QVBoxLayout,
                               QWidget)

from explorer.data.backup import Backup, BackupError, latest_backup, problem, restore_backup, start_fresh
from explorer.data.db import DatabaseError, folder_write_problem
from explorer.ui.dialogs.base import Dialog

QUIT, RESTORE, FRESH = "quit", "restore", "fresh"


class RecoveryDialog(Dialog):
    """Asks what to do with a damaged workspace; ``choice`` is QUIT, RESTORE or FRESH."""

    def __init__(self, workspace: Path, what: str, backup: Backup | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, "recoveryDialog", "Your workspace cannot be opened")
        self.choice = QUIT
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        head = QLabel("<b>Amur Explorer cannot open your workspace</b> (your imports and their history).")
        detail = QLabel(what)
        detail.setTextFormat(Qt.TextFormat.PlainText)      # the problem quotes file bytes: shown as they are
        detail.setObjectName("recoveryProblem")
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if backup is not None:
            kind = "automatic backup" if backup.automatic else "backup (made on demand)"
            offer = (f"The latest {kind} is from {backup.created:%Y-%m-%d %H:%M} UTC "
                     f"({escape(backup.path.name)}). Imports made after it would need importing again.")
        else:
            offer = "There is no usable backup of this workspace."
        keep = ("Nothing has been changed yet. Whichever you choose, the damaged file is kept beside "
                f"it as <i>{escape(workspace.name)}.damaged-…</i> and is never overwritten.")
        texts = [offer, keep]
        unwritable = folder_write_problem(workspace.parent)
        if unwritable:              # both choices put a file beside the damaged one
            texts.append(f"<b>But</b> {escape(unwritable)}: neither choice can be carried out there. Quit, "
                         "then move the workspace to a folder you can write in, or start with "
                         "<tt>--db</tt> naming another file.")
        for text in texts:
            label = QLabel(text)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.insertWidget(0, head)
        layout.insertWidget(1, detail)
        buttons = QDialogButtonBox()
        self.restore_button = self._button(buttons, "Restore the latest backup", RESTORE,
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(backup is not None)
        self.fresh_button = self._button(buttons, "Start a fresh workspace", FRESH,
                                         QDialogButtonBox.ButtonRole.DestructiveRole)
        self.quit_button = self._button(buttons, "Quit", QUIT, QDialogButtonBox.ButtonRole.RejectRole)
        (self.restore_button if backup is not None else self.quit_button).setDefault(True)
        layout.addWidget(buttons)

    def _button(self, box: QDialogButtonBox, text: str, choice: str, role) -> QPushButton:
        button = box.addButton(text, role)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: str) -> None:
        self.choice = choice
        (self.reject if choice == QUIT else self.accept)()


def carry_out(workspace: Path, choice: str, backup: Backup | None) -> str:
    """Do what the analyst chose; returns a sentence saying what was done (and where the damaged file is)."""
    if choice == RESTORE and backup is not None:
        done = restore_backup(workspace, backup)
        where = f"; the damaged file is kept as {done.kept}" if done.kept else ""
        return f"Restored the backup of {backup.created:%Y-%m-%d %H:%M} UTC{where}."
    if choice == FRESH:
        kept = start_fresh(workspace)
        return f"Started a fresh workspace; the damaged file is kept as {kept}."
    return ""


def recover(store, error: Exception, parent: QWidget | None = None):
    """After ``store.connect()`` failed with ``error``: a connection and a message, or None to quit.

    A workspace that reads as sound (busy, or the bundled data missing) is not
    offered for recovery: the error is shown and the caller gives up."""
    workspace = Path(store.workspace)
    # only a file that reads as damaged is offered for replacing: not one we may not read
    readable = workspace.exists() and os.access(workspace, os.R_OK)
    what = problem(workspace) if readable else None
    if what is None:
        QMessageBox.critical(parent, "Amur Explorer cannot start", str(error))
        return None
    backup = latest_backup(workspace, automatic=True) or latest_backup(workspace)
    dialog = RecoveryDialog(workspace, what, backup, parent)
    dialog.exec()
    if dialog.choice == QUIT:
        return None
    try:
        message = carry_out(workspace, dialog.choice, backup)
        return store.connect(), message
    except (BackupError, DatabaseError) as exc:
        QMessageBox.critical(parent, "Amur Explorer cannot start", str(exc))
    except OSError as exc:          # the damaged file cannot be set aside: its folder is not writable
        QMessageBox.critical(parent, "Amur Explorer cannot start",
                             f"Cannot set the damaged workspace aside in {workspace.parent}: "
                             f"{exc.strerror or exc}. Nothing was changed; the workspace is as it was.")
    return None
