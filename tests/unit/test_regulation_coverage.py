"""docs/REGULATION-COVERAGE.md stays true: every article has its section, and every test it names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.helpers.python_source import parse_source

ROOT = Path(__file__).resolve().parents[2]
COVERAGE = ROOT / "docs" / "REGULATION-COVERAGE.md"
NODE_ID = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def _tests_in(path: Path) -> set[str]:
    """Names of the test functions of a module, top level and in test classes."""
    tree = parse_source(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_"):
            names.add(node.name)
    return names


def missing_tests(text: str, root: Path) -> list[str]:
    """The node ids in ``text`` whose file or test function does not exist under ``root``."""
    gone = []
    for path, name in NODE_ID.findall(text):
        module = root / path
        if not module.is_file() or name not in _tests_in(module):
            gone.append(f"{path}::{name}")
    return gone


def test_every_article_has_a_section() -> None:
    sections = [int(n) for n in re.findall(r"^## Art\. (\d+) ", COVERAGE.read_text(encoding="utf-8"), re.MULTILINE)]
    assert sections == list(range(1, 22))


def test_every_named_test_exists() -> None:
    text = COVERAGE.read_text(encoding="utf-8")
    assert len(NODE_ID.findall(text)) >= 40  # the file names tests, it does not merely mention them
    assert missing_tests(text, ROOT) == []


def test_a_renamed_test_is_caught(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("def test_kept():\n    pass\n", encoding="utf-8")
    text = "- `tests/test_x.py::test_kept`\n- `tests/test_x.py::test_renamed`\n- `tests/test_gone.py::test_a`\n"
    assert missing_tests(text, tmp_path) == ["tests/test_x.py::test_renamed", "tests/test_gone.py::test_a"]
