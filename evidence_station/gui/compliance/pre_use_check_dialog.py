"""The Art. 7 pre-use check of a device: it works, the battery is charged, there is storage, and its clock
is compared with the station's (the time it showed, or the offset directly)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from evidence_station.api.devices import CheckView
from evidence_station.client.station_client import StationClient
from evidence_station.gui.compliance.form_dialog import FormDialog


class PreUseCheckDialog(FormDialog):
    """Record one pre-use check of the device ``serial``."""

    def __init__(self, client: StationClient, serial: str, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.serial = serial
        self.setWindowTitle(self.tr("Pre-use check of {serial}").format(serial=serial))
        self.works_check = QCheckBox(self.tr("Works properly"))
        self.battery_check = QCheckBox(self.tr("Battery charged"))
        self.storage_check = QCheckBox(self.tr("Enough storage"))
        for box in (self.works_check, self.battery_check, self.storage_check):
            box.setChecked(True)
        checklist = QHBoxLayout()
        for box in (self.works_check, self.battery_check, self.storage_check):
            checklist.addWidget(box)
        self.checked_edit = self.datetime_edit(seconds=True)
        self.shown_radio = QRadioButton(self.tr("The camera showed"))
        self.offset_radio = QRadioButton(self.tr("Offset (camera − station)"))
        self.none_radio = QRadioButton(self.tr("Clock not compared"))
        self.clock_group = QButtonGroup(self)
        for radio in (self.shown_radio, self.offset_radio, self.none_radio):
            self.clock_group.addButton(radio)
        self.shown_radio.setChecked(True)
        self.shown_edit = self.datetime_edit(seconds=True)
        self.offset_spin = QDoubleSpinBox()
        self.offset_spin.setRange(-864_000, 864_000)
        self.offset_spin.setDecimals(1)
        self.offset_spin.setSuffix(self.tr(" s"))
        self.clock_set_check = QCheckBox(self.tr("The clock was set right after the comparison"))
        self.officer_edit = QLineEdit()
        self.note_edit = QLineEdit()
        self.form.addRow(self.tr("Checklist"), checklist)
        self.form.addRow(self.tr("Checked at (station time)"), self.checked_edit)
        self.form.addRow(self.shown_radio, self.shown_edit)
        self.form.addRow(self.offset_radio, self.offset_spin)
        self.form.addRow(self.none_radio)
        self.form.addRow(self.clock_set_check)
        self.form.addRow(self.tr("Officer"), self.officer_edit)
        self.form.addRow(self.tr("Note"), self.note_edit)
        self.clock_group.buttonToggled.connect(self._clock_mode_changed)
        self._clock_mode_changed()

    def _clock_mode_changed(self) -> None:
        self.shown_edit.setEnabled(self.shown_radio.isChecked())
        self.offset_spin.setEnabled(self.offset_radio.isChecked())
        self.clock_set_check.setEnabled(not self.none_radio.isChecked())

    def set_offset(self, seconds: float) -> None:
        """Enter the clock comparison as an offset in seconds."""
        self.offset_radio.setChecked(True)
        self.offset_spin.setValue(seconds)

    def submit(self) -> CheckView:
        """Record the check (an offset beyond the threshold raises a clock_offset finding)."""
        compared = not self.none_radio.isChecked()
        return self.client.add_pre_use_check(
            serial=self.serial, works=self.works_check.isChecked(),
            battery_ok=self.battery_check.isChecked(), storage_ok=self.storage_check.isChecked(),
            device_time=self.utc_of(self.shown_edit) if self.shown_radio.isChecked() else None,
            offset_s=self.offset_spin.value() if self.offset_radio.isChecked() else None,
            checked_at=self.utc_of(self.checked_edit), clock_set=compared and self.clock_set_check.isChecked(),
            officer=self.officer_edit.text(), note=self.note_edit.text(),
        )
