"""An honest page for a part of the station that this version does not have yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    """Says plainly that the part named ``title`` is not available yet, and what it will do."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderPage")
        heading = QLabel(title)
        heading.setObjectName("pageHeading")
        heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        notice = QLabel(self.tr("This part is not yet available in this version of the station."))
        notice.setStyleSheet("font-size: 15px; color: #8a5a00;")
        notice.setWordWrap(True)
        what = QLabel(description)
        what.setWordWrap(True)
        what.setMaximumWidth(900)
        what.setStyleSheet("font-size: 14px;")
        what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_text = notice.text()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(16)
        layout.addWidget(heading)
        layout.addWidget(notice)
        layout.addWidget(what)
        layout.addStretch(1)
