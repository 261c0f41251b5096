"""Small widgets shared by several pages."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QSizePolicy, QWidget


def optional_date_edit(initial: QDate) -> QDateEdit:
    """A ``yyyy-MM-dd`` date field with a calendar pop-up, disabled until its "use this date" box is ticked."""
    edit = QDateEdit(initial)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setEnabled(False)
    return edit


class StatusLine(QLabel):
    """What the last action did, in a place that never moves anything: always laid out and :attr:`LINES` lines
    high, empty while there is nothing to say. A status appearing above a table does not push the table down, so
    the next click lands on the row it was aimed at. The whole text is also the tooltip (when it is longer)."""

    LINES = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLine")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * self.LINES + 4)

    def show_text(self, text: str, style: str = "") -> None:
        """Say ``text`` (styled with ``style``); an empty text clears the line but keeps its place."""
        self.setText(text)
        self.setStyleSheet(style)
        self.setToolTip(text)
