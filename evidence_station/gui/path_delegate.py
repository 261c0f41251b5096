"""A table column of file paths that keeps the file name in sight when the column is narrow."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem


class PathEndDelegate(QStyledItemDelegate):
    """Elides a path on the left ("…/Z8A0001_…_0002.MP4"): the file name is what a custodian compares with the
    card, the folders are the same on every row (the whole path is in the cell's tooltip)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        """Qt's options for the cell, with left elision."""
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft  # type: ignore[attr-defined]
