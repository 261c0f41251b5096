"""The base of the compliance dialogs: a form whose OK button calls one station operation.

The dialog stays open and names the problem when the station refuses (wrong input, missing permission);
on success the station's result is kept in :attr:`FormDialog.outcome` and the dialog closes. Also the
date/time editors that show station-zone local time and give back aware UTC datetimes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import local_to_utc, to_local
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.gui.operations import error_text


class FormDialog(QDialog):
    """A dialog with a form, an error line and OK/Cancel; subclasses implement :meth:`submit`."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.zone = client.station.zone
        self.outcome: Any = None
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c00000;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def submit(self) -> Any:
        """Call the station with the form's values and return its result (raise its errors)."""
        raise NotImplementedError

    def accept(self) -> None:
        """Submit; close on success, otherwise show why and stay open."""
        try:
            self.outcome = self.submit()
        except (EvidenceStationError, ValueError) as exc:
            self.show_error(error_text(exc) if isinstance(exc, EvidenceStationError) else str(exc))
            return
        super().accept()

    def show_error(self, text: str) -> None:
        """Name the problem under the form."""
        self.error_label.setText(text)
        self.error_label.show()

    # -- local date/time editors --------------------------------------------------------------------------
    def datetime_edit(self, at: datetime | None = None, *, seconds: bool = False) -> QDateTimeEdit:
        """An editor showing ``at`` (default now) in the station zone."""
        local = to_local(at or self.client.now(), self.zone)
        value = QDateTime(QDate(local.year, local.month, local.day),
                          QTime(local.hour, local.minute, local.second if seconds else 0))
        edit = QDateTimeEdit(value)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss" if seconds else "yyyy-MM-dd HH:mm")
        return edit

    def utc_of(self, edit: QDateTimeEdit) -> datetime:
        """The editor's local date/time as an aware UTC datetime."""
        value = edit.dateTime()
        qd, qt = value.date(), value.time()
        naive = datetime(qd.year(), qd.month(), qd.day(), qt.hour(), qt.minute(), qt.second())
        return local_to_utc(naive, self.zone)

    def date_edit(self, day: date | None = None) -> QDateEdit:
        """A date editor (default today in the station zone)."""
        today = day or to_local(self.client.now(), self.zone).date()
        edit = QDateEdit(QDate(today.year, today.month, today.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

