"""A read-only table with one object per row, capped so that a huge list never freezes the window.

:class:`ObjectTable` is the base of the compliance and viewing row tables: ``set_rows`` takes
``(object, cell texts)`` pairs, keeps each object in its row's first cell, and shows at most
:data:`MAX_ROWS` of them (filling a ``QTableWidget`` costs a few milliseconds per hundred rows on the GUI
thread); when it leaves rows out, a note along the bottom says so and asks for a narrower filter. An
empty table shows its empty text (see :mod:`evidence_station.gui.table_guide`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from evidence_station.gui.table_guide import TableGuide, table_guide

#: At most this many rows are put into a table; the rest is counted in the note.
MAX_ROWS = 500
#: Cells longer than this carry their text as a tooltip too (they may be elided).
TOOLTIP_LENGTH = 30


def capped_note(shown: int, total: int) -> str:
    """"Showing the first 500 of 35 000 rows — narrow the filter to see the others." ('' when all shown)."""
    if total <= shown:
        return ""
    text = QCoreApplication.translate("ObjectTable", "Showing the first {shown} of {total} rows — narrow the "
                                      "filter to see the others.")
    return text.format(shown=shown, total=total)


class ObjectTable(QTableWidget):
    """One object per row (kept in the first cell's UserRole); whole-row single selection; not editable."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None, *, empty_text: str = "",
                 max_rows: int = MAX_ROWS) -> None:
        super().__init__(0, len(headers), parent)
        self.max_rows = max_rows
        #: How many rows the last ``set_rows`` was given (more than are shown when capped).
        self.total_rows = 0
        self.setHorizontalHeaderLabels(list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.guide: TableGuide = table_guide(self, empty_text)

    @property
    def capped(self) -> bool:
        """True when the last ``set_rows`` left rows out."""
        return self.total_rows > self.rowCount()

    def set_empty_text(self, text: str) -> None:
        """What the table says while it has no rows."""
        self.guide.set_empty_text(text)

    def set_rows(self, rows: Sequence[tuple[Any, Sequence[str]]], *, total: int | None = None) -> None:
        """Replace the rows: each is (object, cell texts); at most :attr:`max_rows` are shown.

        ``total`` is how many rows there are when the caller formatted only the first ones.
        """
        self.total_rows = max(len(rows), total or 0)
        shown = rows[: self.max_rows]
        sorting = self.isSortingEnabled()
        self.setSortingEnabled(False)
        self.setUpdatesEnabled(False)
        try:
            self.clearContents()
            self.setRowCount(len(shown))
            for row, (obj, cells) in enumerate(shown):
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if len(text) > TOOLTIP_LENGTH:
                        item.setToolTip(text)
                    if column == 0:
                        item.setData(Qt.ItemDataRole.UserRole, obj)
                    self.setItem(row, column, item)
        finally:
            self.setUpdatesEnabled(True)
            self.setSortingEnabled(sorting)
        self.guide.set_note(capped_note(len(shown), self.total_rows))

    def object_at(self, row: int) -> Any:
        """The object shown in ``row`` (None outside the table)."""
        item = self.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def objects(self) -> list[Any]:
        """Every row's object, top to bottom."""
        return [self.object_at(row) for row in range(self.rowCount())]

    def current_object(self) -> Any:
        """The selected row's object, or None."""
        model = self.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return self.object_at(rows[0].row()) if rows else None
