"""A read-only table of rows for the compliance tabs (an ObjectTable filled from frozen views)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QWidget

from evidence_station.gui.object_table import ObjectTable

#: Rows that need attention (incomplete devices, open problems).
ATTENTION_BACKGROUND = QColor("#ffe2b8")
PROBLEM_FOREGROUND = QColor("#c00000")


class RowTable(ObjectTable):
    """One object per row (kept in the first cell's UserRole); whole-row single selection; not editable;
    columns sized to their contents, ``stretch`` (or the last one) taking the rest; capped like every
    :class:`~evidence_station.gui.object_table.ObjectTable`."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None, *, stretch: int | None = None,
                 empty_text: str = "") -> None:
        super().__init__(headers, parent, empty_text=empty_text)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)

    def mark_row(self, row: int, *, background: QColor | None = None, foreground: QColor | None = None,
                 tooltip: str = "") -> None:
        """Colour a row (and explain why in its tooltip)."""
        for column in range(self.columnCount()):
            item = self.item(row, column)
            if item is None:
                continue
            if background is not None:
                item.setBackground(QBrush(background))
            if foreground is not None:
                item.setForeground(QBrush(foreground))
            if tooltip:
                item.setToolTip(tooltip)
