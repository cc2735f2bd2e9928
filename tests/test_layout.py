"""The house rules the layout keeps: the library imports neither the UI nor the command line, and its modules and
functions stay short (issue 18)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = sorted(p for p in (ROOT / "rag").rglob("*.py") if p.name != "__main__.py")  # __main__: the entry point
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
    return out


def test_the_library_is_found():
    assert len(LIBRARY) > 30 and any(p.name == "pipeline.py" for p in LIBRARY)


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_library_imports_neither_the_ui_nor_the_command_line(path):
    bad = sorted(m for m in imported_modules(path) if m.split(".")[0] in ("ui", "cli", "gradio", "typer"))
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_the_import_check_sees_an_import(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("from ui.app import build_app\nimport cli.main\n")
    assert imported_modules(f) == {"ui.app", "cli.main"}


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_are_short(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [f"{n.name} ({n.end_lineno - n.lineno + 1} lines)" for n in ast.walk(ast.parse(text))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{path.relative_to(ROOT)}: {long}"
