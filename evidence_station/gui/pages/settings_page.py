"""The Settings page: the station's identity (read only for now), the interface language and — for administrators
and directors — the account changes waiting for a second person (two-person administration)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.account_changes_widget import AccountChangesWidget
from evidence_station.gui.i18n import LANGUAGES, station_language
from evidence_station.gui.operations import error_text


class SettingsPage(QWidget):
    """Station id, certificate fingerprint, zone and catalogue; an administrator sets the language."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        station = client.station
        self.fields: dict[str, QLineEdit] = {}
        identity = QGroupBox(self.tr("Station"))
        form = QFormLayout(identity)
        kind = (self.tr("Station service (protected: the evidence is held by the service's own account)")
                if station.protected else
                self.tr("Embedded station (unprotected: its files belong to this computer account)"))
        rows = [
            ("station_name", self.tr("Station name"), station.station_name),
            ("organisation", self.tr("Organisation"), station.organisation),
            ("station_id", self.tr("Station ID"), station.station_uid),
            ("certificate_sha256", self.tr("Certificate SHA-256"), station.certificate_sha256 or "—"),
            ("zone", self.tr("Time zone"), station.zone),
            ("kind", self.tr("Kind of station"), kind),
        ]
        for key, label, value in rows:
            field = QLineEdit(value)
            field.setReadOnly(True)
            field.setCursorPosition(0)
            field.setMinimumWidth(560)
            self.fields[key] = field
            form.addRow(label, field)

        language = QGroupBox(self.tr("Language"))
        language_layout = QVBoxLayout(language)
        self.language_box = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(self.language_box.findData(station_language(station.language)))
        self.save_language_button = QPushButton(self.tr("Save"))
        self.save_language_button.clicked.connect(self.save_language)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Interface language of this station")))
        row.addWidget(self.language_box)
        row.addWidget(self.save_language_button)
        row.addStretch(1)
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        language_layout.addLayout(row)
        language_layout.addWidget(self.language_note)
        if not allowed(client.actor.roles, Operation.MANAGE_SETTINGS):
            self.language_box.setEnabled(False)
            self.save_language_button.setEnabled(False)
            self.language_note.setText(
                self.tr("Only an administrator changes the station's language; the log-in window offers a "
                        "language for your own session.")
            )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(identity)
        layout.addWidget(language)
        self.account_changes: AccountChangesWidget | None = None
        if AccountChangesWidget.may_decide(client):
            self.account_changes = AccountChangesWidget(client)
            layout.addWidget(self.account_changes)
        layout.addWidget(QLabel(self.tr("These settings are read only in this version.")))
        layout.addStretch(1)

    def save_language(self) -> None:
        """Store the chosen language as the station's (audited, like every settings change); it applies from
        the next start."""
        code = self.language_box.currentData()
        try:
            self._client.set_setting("language", code)
        except EvidenceStationError as exc:
            self.language_note.setText(error_text(exc))
            return
        text = self.tr("Saved: {language} applies the next time the station starts.")
        self.language_note.setText(text.format(language=LANGUAGES[code]))


def create_page(client: StationClient, parent: QWidget | None = None) -> QWidget:
    """The Settings page for the logged-in user."""
    return SettingsPage(client, parent)
