"""A read-only table of rows for the compliance tabs (QTableWidget filled from frozen views)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

#: Rows that need attention (incomplete devices, open problems).
ATTENTION_BACKGROUND = QColor("#ffe2b8")
PROBLEM_FOREGROUND = QColor("#c00000")


class RowTable(QTableWidget):
    """One object per row (kept in the first cell's UserRole); whole-row single selection; not editable."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None, *, stretch: int | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)

    def set_rows(self, rows: Sequence[tuple[Any, Sequence[str]]]) -> None:
        """Replace the rows: each is (object, cell texts)."""
        self.setSortingEnabled(False)
        self.clearContents()
        self.setRowCount(len(rows))
        for row, (obj, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, obj)
                self.setItem(row, column, item)

    def object_at(self, row: int) -> Any:
        """The object shown in ``row`` (None outside the table)."""
        item = self.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def objects(self) -> list[Any]:
        """Every row's object, top to bottom."""
        return [self.object_at(row) for row in range(self.rowCount())]

    def current_object(self) -> Any:
        """The selected row's object, or None."""
        rows = self.selectionModel().selectedRows()
        return self.object_at(rows[0].row()) if rows else None

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
