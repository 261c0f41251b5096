"""Parsing Python source in tests that read the project's own code."""

from __future__ import annotations

import ast
import gc


def parse_source(source: str) -> ast.Module:
    """``ast.parse(source)`` with the garbage collector held off: on CPython 3.11 a collection that runs
    finalisers (e.g. of Qt objects left by earlier GUI tests) while the tree is built changes the recursion depth
    and fails the parse with "AST constructor recursion depth mismatch"."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return ast.parse(source)
    finally:
        if enabled:
            gc.enable()
