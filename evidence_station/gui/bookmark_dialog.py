"""Dialogs for bookmarks: add or edit one (category, note, reason for an edit) and withdraw one (reason).

The 17 categories (Art. 10 (一)–(十三), violation, physical evidence, Art. 8, Art. 11) are offered with
their Chinese labels and the article that asks for them, in the regulation's order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_station.domain.bookmarks import MAX_NOTE, BookmarkCategory, categories_in_order, format_offset


@dataclass(frozen=True)
class BookmarkInput:
    """What the user entered: the category value, the note and (for an edit) the reason."""

    category: str
    note: str
    reason: str = ""


def category_icon(category: BookmarkCategory) -> QIcon:
    """A small square in the category's timeline colour."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(category.colour))
    return QIcon(pixmap)


class BookmarkDialog(QDialog):
    """Add a bookmark at a position, or edit one (then a reason is required and kept in its history)."""

    def __init__(
        self,
        position_ms: int,
        where: str,
        parent: QWidget | None = None,
        *,
        category: str | None = None,
        note: str = "",
        editing: bool = False,
    ) -> None:
        super().__init__(parent)
        self.editing = editing
        self.setWindowTitle(self.tr("Edit bookmark") if editing else self.tr("Add bookmark"))
        self.category_box = QComboBox(self)
        for item in categories_in_order():
            self.category_box.addItem(category_icon(item), f"{item.label_zh}（{item.article}）", item.value)
            self.category_box.setItemData(self.category_box.count() - 1, item.clause_zh, Qt.ItemDataRole.ToolTipRole)
        if category is not None:
            index = self.category_box.findData(category)
            if index >= 0:
                self.category_box.setCurrentIndex(index)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlainText(note)
        self.note_edit.setPlaceholderText(self.tr("What can be seen or heard here (optional)"))
        self.note_edit.setMaximumHeight(110)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("Why the bookmark is changed (kept in its history)"))
        self.reason_edit.setMaximumHeight(70)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet("color: #b00000;")
        self.problem_label.hide()

        form = QFormLayout()
        self.position_label = QLabel(f"{format_offset(position_ms)}  ·  {where}", self)
        form.addRow(self.tr("Position"), self.position_label)
        form.addRow(self.tr("Category"), self.category_box)
        form.addRow(self.tr("Note"), self.note_edit)
        if editing:
            form.addRow(self.tr("Reason for the change"), self.reason_edit)
        else:
            self.reason_edit.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = QPushButton(self.tr("Save") if editing else self.tr("Add bookmark"), self)
        self.ok_button.setDefault(True)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)  # spare height goes below the form, not into the Position row (its label floated)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self.resize(480, 300)

    def set_category(self, category: BookmarkCategory | str) -> None:
        """Choose a category (used by tests and by callers that suggest one)."""
        index = self.category_box.findData(BookmarkCategory(category).value)
        if index >= 0:
            self.category_box.setCurrentIndex(index)

    def values(self) -> BookmarkInput:
        """The entered category, note and reason."""
        return BookmarkInput(
            str(self.category_box.currentData()),
            self.note_edit.toPlainText().strip(),
            self.reason_edit.toPlainText().strip(),
        )

    def accept(self) -> None:
        """Accept only a note within the limit and, for an edit, a reason."""
        values = self.values()
        if len(values.note) > MAX_NOTE:
            self._problem(self.tr("The note is too long: at most {count} characters.").format(count=MAX_NOTE))
            return
        if self.editing and not values.reason:
            self._problem(self.tr("Give the reason for the change."))
            return
        super().accept()

    def _problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()


class WithdrawDialog(QDialog):
    """Asks for the reason a bookmark is withdrawn (it stays in the catalogue, greyed, with its history)."""

    def __init__(self, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Withdraw bookmark"))
        what = QLabel(description, self)
        what.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("Why the bookmark is withdrawn (kept in its history)"))
        self.reason_edit.setMaximumHeight(90)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = QPushButton(self.tr("Withdraw"), self)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(QLabel(self.tr("Reason"), self))
        layout.addWidget(self.reason_edit)
        layout.addWidget(buttons)

    def reason(self) -> str:
        """The entered reason."""
        return self.reason_edit.toPlainText().strip()

    def accept(self) -> None:
        """Accept only with a reason."""
        if self.reason():
            super().accept()


def ask_bookmark(
    parent: QWidget | None, position_ms: int, where: str, runner: Callable[[QDialog], bool]
) -> BookmarkInput | None:
    """Ask for a new bookmark's category and note at ``position_ms`` (None when cancelled)."""
    dialog = BookmarkDialog(position_ms, where, parent)
    return dialog.values() if runner(dialog) else None


def run_modal(dialog: QDialog) -> bool:
    """Run ``dialog`` modally; True when accepted (the default dialog runner of the player windows)."""
    return dialog.exec() == QDialog.DialogCode.Accepted
