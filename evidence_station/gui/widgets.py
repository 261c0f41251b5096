"""Small widgets shared by several pages."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


def optional_date_edit(initial: QDate) -> QDateEdit:
    """A ``yyyy-MM-dd`` date field with a calendar pop-up, disabled until its "use this date" box is ticked."""
    edit = QDateEdit(initial)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setEnabled(False)
    return edit
