"""Colours the compliance tabs mark rows with, and their table preset (an ObjectTable whose long texts wrap)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from evidence_station.gui.object_table import ObjectTable

#: Rows that need attention (incomplete devices, open problems).
ATTENTION_BACKGROUND = QColor("#ffe2b8")
PROBLEM_FOREGROUND = QColor("#c00000")


class RowTable(ObjectTable):
    """:class:`~evidence_station.gui.object_table.ObjectTable` with wrapping cells, as the Activities tab
    builds it (new code passes ``word_wrap=True`` to ``ObjectTable`` itself)."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None, **options: Any) -> None:
        super().__init__(headers, parent, **{"word_wrap": True, **options})
