"""A maintenance, damage or repair entry in a device's log (Art. 6), optionally changing its status."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from evidence_station.api.devices import DeviceLogView
from evidence_station.client.station_client import StationClient
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.words import DEVICE_STATUS_WORDS, LOG_KIND_WORDS, choice_box, cw


class DeviceLogDialog(FormDialog):
    """One log entry for the device ``serial``."""

    def __init__(self, client: StationClient, serial: str, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.serial = serial
        self.setWindowTitle(self.tr("Log entry for {serial}").format(serial=serial))
        self.kind_box = choice_box({k: v for k, v in LOG_KIND_WORDS.items() if k != "status"})
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(self.tr("What was done or found"))
        self.text_edit.setMaximumHeight(90)
        self.when_edit = self.datetime_edit()
        self.status_box = choice_box({})
        self.status_box.addItem(self.tr("Unchanged"), "")
        for value in DEVICE_STATUS_WORDS:
            self.status_box.addItem(cw(DEVICE_STATUS_WORDS, value), value)
        self.form.addRow(self.tr("Kind"), self.kind_box)
        self.form.addRow(self.tr("Description"), self.text_edit)
        self.form.addRow(self.tr("When"), self.when_edit)
        self.form.addRow(self.tr("New status"), self.status_box)

    def submit(self) -> DeviceLogView:
        """Write the entry."""
        return self.client.add_device_log(serial=self.serial, kind=str(self.kind_box.currentData()),
                                          text=self.text_edit.toPlainText(), occurred_at=self.utc_of(self.when_edit),
                                          status=self.status_box.currentData() or None)
