"""The test tree stays tidy: no test module imports another (issue #21, item 5).

Helpers shared by several test modules live in ``tests/helpers/`` (or, for fixtures, the nearest ``conftest.py``);
importing a collected ``test_*`` module runs its module-level code twice and hides where a helper lives.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers.python_source import parse_source

TESTS = Path(__file__).resolve().parents[1]


def imported_test_modules(source: str) -> list[str]:
    """The ``test_*`` modules that ``source`` imports (anywhere in the module, also inside functions)."""
    found = []
    for node in ast.walk(parse_source(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            modules = [module, *(f"{module.rstrip('.')}.{alias.name}" for alias in node.names)]
        else:
            continue
        found += [m for m in modules
                  if m.startswith(("tests.", ".")) and m.rsplit(".", 1)[-1].startswith("test_")]
    return found


def test_the_check_sees_an_import_of_a_test_module() -> None:
    assert imported_test_modules("from tests.unit.test_viewing import make_recording") == ["tests.unit.test_viewing"]
    assert imported_test_modules("def f():\n    import tests.gui.test_shell as shell\n") == ["tests.gui.test_shell"]
    assert imported_test_modules("from tests.unit import test_viewing") == ["tests.unit.test_viewing"]
    assert imported_test_modules("from .test_viewing import rec") == [".test_viewing"]
    assert imported_test_modules("from tests.helpers.recordings import make_recording") == []


def test_no_test_module_imports_another() -> None:
    offenders = {
        path.relative_to(TESTS).as_posix(): imported
        for path in sorted(TESTS.rglob("*.py"))
        if (imported := imported_test_modules(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "move the shared helpers into tests/helpers/ (fixtures into a conftest.py)"
