"""The Qt binding itself must not corrupt the interpreter (PySide6 6.12.0 on Python 3.11 did)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QTableWidget


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_qt_calls_do_not_eat_references_to_none(qtbot) -> None:
    """PySide6 6.12.0 dropped one reference to None per void call: a busy window aborted the interpreter
    ("deallocating None") after some thousands of calls. pyproject.toml keeps such versions out."""
    table = QTableWidget()
    qtbot.addWidget(table)
    before = sys.getrefcount(None)
    for _ in range(500):
        table.setUpdatesEnabled(True)
        table.setRowCount(3)
    assert sys.getrefcount(None) - before > -50
