"""The Trade charts draw, the Trade data module answers (issue 17): the chart widgets
import nothing from explorer.data but the pane's dataclasses (trade_types), never
sqlite3, and run no SQL; the pane asks one question per filter change."""
from __future__ import annotations

import ast
from pathlib import Path

import explorer

WIDGETS = Path(explorer.__file__).parent / "ui" / "widgets"
TRADE_WIDGETS = sorted(WIDGETS.glob("trade_*.py")) + [WIDGETS / "plot.py"]


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_trade_widgets_import_only_the_dataclasses_and_no_database():
    assert len(TRADE_WIDGETS) >= 5
    for path in TRADE_WIDGETS:
        imports = _imports(path)
        assert "sqlite3" not in imports, path.name
        data = {m for m in imports if m.startswith("explorer.data")}
        assert data <= {"explorer.data.trade_types"}, (path.name, data)
        text = path.read_text(encoding="utf-8")
        assert ".execute(" not in text and "conn" not in text.replace("connect(", ""), path.name


def test_the_dataclasses_module_reads_nothing():
    types = Path(explorer.__file__).parent / "data" / "trade_types.py"
    imports = _imports(types)
    assert "sqlite3" not in imports and not any(m.startswith(("PySide6", "pyqtgraph")) for m in imports)
    assert "execute(" not in types.read_text(encoding="utf-8")
