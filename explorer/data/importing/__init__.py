"""Import of updated figures from CSV/TSV/TXT (also gzipped) and XLSX files:
detection, layouts, validation, one-transaction writes, history and undo.

No Qt here; openpyxl and charset-normalizer are imported inside the
functions that need them, never at start-up.
"""
from explorer.data.importing.engine import Summary, prepare, run_import
from explorer.data.importing.errors import ImportCancelled, ImportRejected, Problem, UndoError
from explorer.data.importing.history import list_imports, undo_import

__all__ = ["ImportCancelled", "ImportRejected", "Problem", "Summary", "UndoError", "list_imports",
           "prepare", "run_import", "undo_import"]
