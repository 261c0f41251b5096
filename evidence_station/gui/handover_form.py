"""Who handed the card over (交接, Art. 15): the hand-over form of the Import page, filled in before the import.

The custodian ticks "Record the hand-over" and names the officer: either an officer with a station account, who
types their own password at the desk (confirmation ``password``), or a person without an account, named with their
certificate number, who signs the printed hand-over record (confirmation ``signature``). The device defaults to
the cameras the card's file names carry, the hand-over time to now. The form only builds the
:class:`~evidence_station.api.custody.HandoverRequest` the CLI's ``import --officer …`` sends too; the station checks
it (password, role, two different people) before the import opens, and the import's receipt becomes the
hand-over record (交接记录).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.custody import HandoverRequest
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import local_to_utc, to_local
from evidence_station.domain.filenames import devices_on_card

#: The unticked box: its tick and title alone, no frame around an empty body.
_UNFRAMED = ("QGroupBox { border: none; margin-top: 0px; padding-top: 0px; } "
             "QGroupBox::title { subcontrol-origin: padding; left: 0px; }")


class HandoverForm(QGroupBox):
    """A checkable box: who hands the card over, which device, when, a note."""

    ACCOUNT, PERSON = 0, 1

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverForm")
        self._client = client
        self._zone = client.station.zone
        self.setTitle(self.tr("Record the hand-over (who handed the card over)"))
        self.setCheckable(True)
        self.setChecked(False)
        self.setToolTip(self.tr("The import receipt becomes the two-party hand-over record (交接记录)."))

        self.account_button = QRadioButton(self.tr("Officer with a station account (types their own password)"))
        self.person_button = QRadioButton(self.tr("Person without an account (signs the printed record)"))
        self.account_button.setChecked(True)
        self._kind = QButtonGroup(self)
        self._kind.addButton(self.account_button, self.ACCOUNT)
        self._kind.addButton(self.person_button, self.PERSON)
        kinds = QHBoxLayout()
        kinds.addWidget(self.account_button)
        kinds.addWidget(self.person_button)
        kinds.addStretch(1)

        self.officer_edit = QLineEdit()
        self.officer_edit.setObjectName("handoverOfficer")
        self.officer_edit.setPlaceholderText(self.tr("the officer's user name"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("handoverPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("typed by the officer"))
        account_page = _row(self.tr("Officer's account:"), self.officer_edit,
                            self.tr("Officer's password:"), self.password_edit)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("handoverName")
        self.badge_edit = QLineEdit()
        self.badge_edit.setObjectName("handoverBadge")
        person_page = _row(self.tr("Name:"), self.name_edit, self.tr("Certificate number:"), self.badge_edit)

        self.who = QStackedWidget()
        self.who.addWidget(account_page)
        self.who.addWidget(person_page)
        self._kind.idToggled.connect(lambda kind, on: on and self.who.setCurrentIndex(kind))

        self.device_edit = QLineEdit()
        self.device_edit.setObjectName("handoverDevice")
        self.handed_at_edit = QDateTimeEdit()
        self.handed_at_edit.setCalendarPopup(True)
        self.handed_at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("handoverNote")

        self.body = QWidget()  # shown only while the box is ticked: the page stays short
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(2)
        body.addLayout(kinds)
        body.addWidget(self.who)
        body.addWidget(_row(self.tr("Device:"), self.device_edit, self.tr("Handed over at:"), self.handed_at_edit,
                            self.tr("Note:"), self.note_edit))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 2, 6, 2)
        outer.addWidget(self.body)
        self._show_body(False)
        self.toggled.connect(self._show_body)
        self.set_card_paths([])

    def _show_body(self, ticked: bool) -> None:
        """The form only while the box is ticked; unticked, a plain tick box (no empty frame under it)."""
        self.body.setVisible(ticked)
        self.setStyleSheet("" if ticked else _UNFRAMED)  # a flat box still draws its frame in Fusion

    @property
    def by_account(self) -> bool:
        """True when an officer with a station account hands the card over."""
        return self._kind.checkedId() == self.ACCOUNT

    def set_card_paths(self, card_paths: Iterable[str]) -> None:
        """A new card: the device defaults to the cameras its file names carry, the time to now."""
        devices = devices_on_card(card_paths)
        self.device_edit.setPlaceholderText(devices or self.tr("the camera's serial number"))
        local = to_local(self._client.now(), self._zone)
        self.handed_at_edit.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                                  QTime(local.hour, local.minute)))

    def request(self) -> HandoverRequest | None:
        """The hand-over to send with the import (None: the box is not ticked); the station checks it."""
        if not self.isChecked():
            return None
        value = self.handed_at_edit.dateTime()
        day, clock = value.date(), value.time()
        handed_at = local_to_utc(datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute()),
                                 self._zone)
        common = {"device": self.device_edit.text().strip(), "handed_at": handed_at,
                  "note": self.note_edit.text().strip()}
        if self.by_account:
            return HandoverRequest(officer=self.officer_edit.text().strip(),
                                   officer_password=self.password_edit.text(), **common)
        return HandoverRequest(officer_name=self.name_edit.text().strip(),
                               officer_badge=self.badge_edit.text().strip(), **common)

    def forget_password(self) -> None:
        """Clear the officer's password (once sent: it is never kept on the page)."""
        self.password_edit.clear()


def _row(*labelled: str | QWidget) -> QWidget:
    """One line of ``label, field, label, field …``."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in labelled:
        if isinstance(item, str):
            layout.addWidget(QLabel(item))
        else:
            layout.addWidget(item, 1)
    return row
