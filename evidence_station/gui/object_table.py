"""The one read-only table of the GUI: one object per row, named columns, capped so that a huge list never
freezes the window.

:class:`ObjectTable` is the base of every list the GUI fills from frozen views (compliance tabs, viewing
tabs, cases, disc register, export wizard, grant recordings, bookmark history): ``set_rows`` takes
``(object, cell texts)`` pairs, keeps each object in its row's first cell, and shows at most
:data:`MAX_ROWS` of them (filling a ``QTableWidget`` costs a few milliseconds per hundred rows on the GUI
thread); when it leaves rows out, a note along the bottom says so and asks for a narrower filter. An
empty table shows its empty text (see :mod:`evidence_station.gui.table_guide`). Columns have names
(:meth:`ObjectTable.column`), so callers never count columns by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from evidence_station.gui.table_guide import TableGuide, table_guide

#: At most this many rows are put into a table; the rest is counted in the note.
MAX_ROWS = 500
#: Cells longer than this carry their text as a tooltip too (they may be elided).
TOOLTIP_LENGTH = 30
#: With :attr:`Fit.CAPPED`, no column but the last grows wider than this when fitted to its contents.
MAX_COLUMN_WIDTH = 320

#: A column by name or by position.
ColumnRef = str | int


#: With ``word_wrap``, a column title longer than this many characters is shown on two lines.
HEADER_WRAP_LENGTH = 10


def two_line_title(title: str) -> str:
    """``title`` broken once where it reads best — before a bracket, else at the space nearest its middle
    (Chinese titles without either stay whole): "Party notified (Art. 8)" → "Party notified\n(Art. 8)"."""
    if len(title) <= HEADER_WRAP_LENGTH or "\n" in title:
        return title
    for bracket in ("（", " ("):
        at = title.find(bracket)
        if at > 0:
            return f"{title[:at]}\n{title[at:].lstrip()}"
    spaces = [i for i, char in enumerate(title) if char == " "]
    if not spaces:
        return title
    middle = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return f"{title[:middle]}\n{title[middle + 1:]}"


class Fit(Enum):
    """How the columns take their widths."""

    #: Every column follows its contents; one (``stretch``, else the last) takes the room left.
    CONTENTS = "contents"
    #: The user may drag the columns; each fill sizes them to their contents (at most
    #: :data:`MAX_COLUMN_WIDTH`), the last one stretched.
    CAPPED = "capped"


def capped_note(shown: int, total: int) -> str:
    """"Showing the first 500 of 35 000 rows — narrow the filter to see the others." ('' when all shown)."""
    if total <= shown:
        return ""
    text = QCoreApplication.translate("ObjectTable", "Showing the first {shown} of {total} rows — narrow the "
                                      "filter to see the others.")
    return text.format(shown=shown, total=total)


class ObjectTable(QTableWidget):
    """One object per row (kept in the first cell's UserRole); whole-row selection; not editable.

    ``headers`` are the shown column titles; ``names`` (same length) the names callers use for them
    (:meth:`column`). ``key`` identifies a row's object across reloads: when given, the selection follows
    it through :meth:`set_rows`. ``max_rows=None`` shows every row. With ``checkable``, each row's first
    cell has a tick box (unticked; see :meth:`checked_objects`).
    """

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None, *, empty_text: str = "",
                 names: Sequence[str] = (), max_rows: int | None = MAX_ROWS, fit: Fit = Fit.CONTENTS,
                 stretch: ColumnRef | None = None, widths: Mapping[ColumnRef, int] | None = None,
                 key: Callable[[Any], Any] | None = None, word_wrap: bool = False,
                 multi_select: bool = False, checkable: bool = False) -> None:
        super().__init__(0, len(headers), parent)
        if names and len(names) != len(headers):
            raise ValueError("one name per column")
        self.names: list[str] = list(names)
        self.max_rows = max_rows
        self.checkable = checkable
        self.fit = fit
        #: What identifies a row's object across reloads (None: the selection is not kept).
        self.row_key = key
        #: How many rows the last ``set_rows`` was given (more than are shown when capped).
        self.total_rows = 0
        self.setHorizontalHeaderLabels([two_line_title(h) for h in headers] if word_wrap else list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi_select
                              else QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(word_wrap)
        self.verticalHeader().hide()
        if word_wrap:  # a wrapped cell's row is as tall as its lines
            self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        if fit is Fit.CAPPED:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            if stretch is not None:
                header.setStretchLastSection(False)
                header.setSectionResizeMode(self.column(stretch), QHeaderView.ResizeMode.Stretch)
            else:
                header.setStretchLastSection(True)
        for ref, width in (widths or {}).items():  # start at this width; long texts elided, full in tooltips
            header.setSectionResizeMode(self.column(ref), QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(self.column(ref), width)
        self.guide: TableGuide = table_guide(self, empty_text)

    def column(self, ref: ColumnRef) -> int:
        """The position of the column called ``ref`` (a position is returned as it is)."""
        return ref if isinstance(ref, int) else self.names.index(ref)

    @property
    def capped(self) -> bool:
        """True when the last ``set_rows`` left rows out."""
        return self.total_rows > self.rowCount()

    def set_empty_text(self, text: str) -> None:
        """What the table says while it has no rows."""
        self.guide.set_empty_text(text)

    def set_rows(self, rows: Sequence[tuple[Any, Sequence[str]]], *, total: int | None = None) -> None:
        """Replace the rows: each is (object, cell texts); at most :attr:`max_rows` are shown.

        ``total`` is how many rows there are when the caller formatted only the first ones. With a
        ``key``, the selected object stays selected when it is among the new rows.
        """
        selected = self.current_object() if self.row_key is not None else None
        self.total_rows = max(len(rows), total or 0)
        shown = rows if self.max_rows is None else rows[: self.max_rows]
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
                        if self.checkable:
                            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                            item.setCheckState(Qt.CheckState.Unchecked)
                    self.setItem(row, column, item)
        finally:
            self.setUpdatesEnabled(True)
            self.setSortingEnabled(sorting)
        self.guide.set_note(capped_note(len(shown), self.total_rows))
        if self.fit is Fit.CAPPED:
            self.resizeColumnsToContents()
            for column in range(self.columnCount() - 1):  # the last one stretches
                self.setColumnWidth(column, min(self.columnWidth(column), MAX_COLUMN_WIDTH))
        if selected is not None and self.row_key is not None:
            keep = self.row_key(selected)
            self.select_object(lambda obj: self.row_key is not None and self.row_key(obj) == keep)

    def object_at(self, row: int) -> Any:
        """The object shown in ``row`` (None outside the table)."""
        item = self.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def objects(self) -> list[Any]:
        """Every row's object, top to bottom."""
        return [self.object_at(row) for row in range(self.rowCount())]

    def selected_objects(self) -> list[Any]:
        """The selected rows' objects, top to bottom."""
        model = self.selectionModel()
        rows = sorted(index.row() for index in model.selectedRows()) if model is not None else []
        return [self.object_at(row) for row in rows]

    def checked_rows(self) -> list[int]:
        """The rows whose tick box is ticked, top to bottom (none unless ``checkable``)."""
        return [row for row in range(self.rowCount())
                if (item := self.item(row, 0)) is not None and item.checkState() == Qt.CheckState.Checked]

    def checked_objects(self) -> list[Any]:
        """The ticked rows' objects, top to bottom."""
        return [self.object_at(row) for row in self.checked_rows()]

    def set_all_checked(self, checked: bool) -> None:
        """Tick (or untick) every row's tick box."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item is not None:
                item.setCheckState(state)

    def current_object(self) -> Any:
        """The selected row's object, or None."""
        model = self.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return self.object_at(rows[0].row()) if rows else None

    def select_object(self, predicate: Callable[[Any], bool]) -> bool:
        """Select the first row whose object satisfies ``predicate``; False when there is none."""
        for row, obj in enumerate(self.objects()):
            if predicate(obj):
                self.selectRow(row)
                return True
        return False

    def cell(self, row: int, column: ColumnRef) -> QTableWidgetItem | None:
        """The item in ``row`` of the named column."""
        return self.item(row, self.column(column))

    def style_cell(self, row: int, column: ColumnRef, *, foreground: QColor | None = None,
                   background: QColor | None = None, bold: bool = False, tooltip: str = "") -> None:
        """Colour (and embolden) one cell, optionally explaining it in its tooltip."""
        item = self.cell(row, column)
        if item is None:
            return
        if foreground is not None:
            item.setForeground(QBrush(foreground))
        if background is not None:
            item.setBackground(QBrush(background))
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        if tooltip:
            item.setToolTip(tooltip)

    def mark_row(self, row: int, *, background: QColor | None = None, foreground: QColor | None = None,
                 tooltip: str = "") -> None:
        """Colour a whole row (and explain why in its tooltip)."""
        for column in range(self.columnCount()):
            self.style_cell(row, column, background=background, foreground=foreground, tooltip=tooltip)
