"""Colours the compliance tabs mark rows with."""

from __future__ import annotations

from PySide6.QtGui import QColor

#: Rows that need attention (incomplete devices, open problems).
ATTENTION_BACKGROUND = QColor("#ffe2b8")
PROBLEM_FOREGROUND = QColor("#c00000")
