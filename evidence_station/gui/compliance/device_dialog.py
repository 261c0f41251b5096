"""Registering a body camera or changing its registry data (Art. 6: model, group, responsible person,
holder, status)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from evidence_station.api.devices import DeviceView
from evidence_station.client.station_client import StationClient
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.words import DEVICE_STATUS_WORDS, choice_box


class DeviceDialog(FormDialog):
    """Add a device (``device`` None) or edit ``device``; OK saves through the device service."""

    def __init__(self, client: StationClient, device: DeviceView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.device = device
        if device is None:
            self.setWindowTitle(self.tr("Register a device"))
        else:
            self.setWindowTitle(self.tr("Device {serial}").format(serial=device.serial))
        self.serial_edit = QLineEdit(device.serial if device else "")
        self.serial_edit.setReadOnly(device is not None)
        self.serial_edit.setPlaceholderText(self.tr("As in the camera's file names"))
        self.model_edit = QLineEdit(device.model if device else "")
        self.group_edit = QLineEdit(device.group if device else "")
        self.responsible_edit = QLineEdit(device.responsible_person if device else "")
        self.responsible_edit.setPlaceholderText(self.tr("Default: the group's responsible person"))
        self.issued_edit = QLineEdit(device.issued_to if device else "")
        self.issued_edit.setPlaceholderText(self.tr("Officer number or name"))
        self.status_box = choice_box(DEVICE_STATUS_WORDS)
        if device is not None:
            self.status_box.setCurrentIndex(max(0, self.status_box.findData(device.status)))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("Why the status changes (written to the log)"))
        for label, widget in (
            (self.tr("Serial number"), self.serial_edit), (self.tr("Model"), self.model_edit),
            (self.tr("Group"), self.group_edit), (self.tr("Responsible person"), self.responsible_edit),
            (self.tr("Issued to"), self.issued_edit), (self.tr("Status"), self.status_box),
        ):
            self.form.addRow(label, widget)
        if device is not None:
            self.form.addRow(self.tr("Note"), self.note_edit)

    def submit(self) -> DeviceView:
        """Register or update the device."""
        values = {"model": self.model_edit.text(), "group": self.group_edit.text(),
                  "responsible_person": self.responsible_edit.text(), "issued_to": self.issued_edit.text(),
                  "status": str(self.status_box.currentData())}
        if self.device is None:
            return self.client.add_device(serial=self.serial_edit.text(), **values)
        return self.client.update_device(serial=self.device.serial, note=self.note_edit.text(), **values)
