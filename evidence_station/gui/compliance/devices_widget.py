"""The Devices tab: the registry (Art. 6) with incomplete devices highlighted, and the selected device's log,
pre-use checks (Art. 7) and clock-offset history with its drift."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from evidence_station.api.devices import DeviceDetail, DeviceView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.roles import Operation
from evidence_station.gui.compliance.charts import OffsetHistoryChart
from evidence_station.gui.compliance.device_dialog import DeviceDialog
from evidence_station.gui.compliance.device_log_dialog import DeviceLogDialog
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.pre_use_check_dialog import PreUseCheckDialog
from evidence_station.gui.compliance.table_helpers import ATTENTION_BACKGROUND, PROBLEM_FOREGROUND
from evidence_station.gui.compliance.words import DEVICE_STATUS_WORDS, LOG_KIND_WORDS, cw, guard
from evidence_station.gui.object_table import ObjectTable
from evidence_station.gui.operations import error_text
from evidence_station.gui.recording_model import format_local


def _offset(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:+.1f} s"


class DevicesWidget(QWidget):
    """Device table, details of the selected device, and the registry actions."""

    #: A device, log entry or check was saved.
    changed = Signal()

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.zone = client.station.zone
        self.detail: DeviceDetail | None = None
        self.dialog: FormDialog | None = None
        self.add_button = QPushButton(self.tr("Register device…"))
        self.edit_button = QPushButton(self.tr("Edit device…"))
        self.log_button = QPushButton(self.tr("Add log entry…"))
        self.check_button = QPushButton(self.tr("Add pre-use check…"))
        self.add_button.clicked.connect(lambda: self.open_device_dialog(new=True))
        self.edit_button.clicked.connect(lambda: self.open_device_dialog())
        self.log_button.clicked.connect(lambda: self.open_log_dialog())
        self.check_button.clicked.connect(lambda: self.open_check_dialog())
        self.may_manage = guard(client, Operation.MANAGE_DEVICES, self.add_button, self.edit_button, self.log_button,
                                self.check_button)
        self.incomplete_label = QLabel()
        self.incomplete_label.setStyleSheet("color: #8a5a00;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.incomplete_label)
        buttons.addStretch(1)
        for button in (self.add_button, self.edit_button, self.log_button, self.check_button):
            buttons.addWidget(button)

        self.table = ObjectTable([self.tr("Serial"), self.tr("Model"), self.tr("Group"), self.tr("Responsible"),
                                  self.tr("Issued to"), self.tr("Status"), self.tr("Last import"),
                                  self.tr("Clock offset")],
                                 empty_text=self.tr("No cameras registered yet. Use Register device… or import a "
                                                    "card: its camera is registered on the way."), word_wrap=True)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_table = ObjectTable([self.tr("When"), self.tr("Kind"), self.tr("Status"), self.tr("By"),
                                      self.tr("Description")],
                                     empty_text=self.tr("Nothing logged for this camera."), word_wrap=True)
        self.checks_table = ObjectTable([self.tr("Checked at"), self.tr("Result"), self.tr("Clock offset"),
                                         self.tr("Clock set"), self.tr("Officer"), self.tr("Problems")],
                                        empty_text=self.tr("No pre-use checks recorded for this camera."),
                                        word_wrap=True)
        self.offset_chart = OffsetHistoryChart(self.zone)
        self.drift_label = QLabel()
        drift_box = QWidget()
        drift_layout = QVBoxLayout(drift_box)
        drift_layout.setContentsMargins(0, 0, 0, 0)
        drift_layout.addWidget(self.offset_chart, 1)
        drift_layout.addWidget(self.drift_label)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.addTab(self.checks_table, self.tr("Pre-use checks"))
        self.detail_tabs.addTab(drift_box, self.tr("Clock offset history"))
        self.detail_tabs.addTab(self.log_table, self.tr("Log"))
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.summary)
        details_layout.addWidget(self.detail_tabs, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setSizes([300, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # -- data --------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the registry again (keeping the selected device)."""
        selected = self.selected_serial()
        try:
            devices = self.client.list_devices()
        except EvidenceStationError as exc:
            self.incomplete_label.setText(error_text(exc))
            devices = []
        self.table.set_rows([(d, [d.serial, d.model, d.group, d.responsible_person, d.issued_to,
                                  cw(DEVICE_STATUS_WORDS, d.status), format_local(d.last_import_at, self.zone),
                                  _offset(d.current_offset_s)]) for d in devices])
        incomplete = 0
        for row, device in enumerate(devices):
            if device.needs_completion:
                incomplete += 1
                self.table.mark_row(row, background=ATTENTION_BACKGROUND, tooltip=self.tr(
                    "Registry data incomplete: give the model, group and responsible person."))
        self.incomplete_label.setText(
            self.tr("{count} device(s) need their registry data completed.").format(count=incomplete)
            if incomplete else "")
        if selected is not None:
            self.select_device(selected)
        self._show_selected()

    def devices(self) -> list[DeviceView]:
        """The devices the table shows."""
        return self.table.objects()

    def selected_serial(self) -> str | None:
        """Serial of the selected device."""
        device: DeviceView | None = self.table.current_object()
        return device.serial if device is not None else None

    def select_device(self, serial: str) -> bool:
        """Select the device ``serial``; False when it is not listed."""
        for row, device in enumerate(self.devices()):
            if device.serial == serial:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        if self.may_manage:
            chosen = self.selected_serial() is not None
            for button in (self.edit_button, self.log_button, self.check_button):
                button.setEnabled(chosen)

    def _show_selected(self) -> None:
        self._update_buttons()
        serial = self.selected_serial()
        self.detail = None
        if serial is None:
            self.summary.setText(self.tr("Select a device to see its checks, clock offsets and log."))
            for table in (self.log_table, self.checks_table):
                table.set_rows([])
            self.offset_chart.set_offsets([], threshold_s=self._threshold())
            self.drift_label.setText("")
            return
        try:
            detail = self.client.get_device(serial)
        except EvidenceStationError as exc:
            self.summary.setText(error_text(exc))
            return
        self.detail = detail
        device = detail.device
        self.summary.setText(self.tr(
            "<b>{serial}</b> — {status}; {recordings} recording(s); registered {created}; "
            "clock offset in force: {offset}").format(
                serial=device.serial, status=cw(DEVICE_STATUS_WORDS, device.status), recordings=detail.recordings,
                created=format_local(device.created_at, self.zone)[:10],
                offset=_offset(device.current_offset_s) or self.tr("none")))
        self.log_table.set_rows([(e, [format_local(e.occurred_at, self.zone), cw(LOG_KIND_WORDS, e.kind),
                                      self._status_change(e.status_before, e.status_after), e.recorded_by, e.text])
                                 for e in reversed(detail.log)])
        checks = list(reversed(detail.checks))
        self.checks_table.set_rows([(c, [format_local(c.checked_at, self.zone),
                                         self.tr("Passed") if c.passed else self.tr("Failed"),
                                         _offset(c.clock_offset_s), self.tr("yes") if c.clock_set else "",
                                         c.officer, "; ".join(c.problems)]) for c in checks])
        threshold = self._threshold()
        for row, check in enumerate(checks):
            beyond = check.clock_offset_s is not None and abs(check.clock_offset_s) > threshold
            if not check.passed or beyond:
                self.checks_table.mark_row(row, foreground=PROBLEM_FOREGROUND)
        self.offset_chart.set_offsets(detail.offsets, threshold_s=threshold)
        if detail.drift_s_per_day is None:
            self.drift_label.setText(self.tr("Drift: needs clock checks on at least two different days."))
        else:
            self.drift_label.setText(self.tr("Drift: {drift} s per day (threshold ±{threshold} s)").format(
                drift=f"{detail.drift_s_per_day:+.2f}", threshold=f"{threshold:g}"))

    def _threshold(self) -> float:
        return float(self.client.station.clock_offset_threshold_s)

    @staticmethod
    def _status_change(before: str, after: str) -> str:
        if before == after:
            return cw(DEVICE_STATUS_WORDS, after)
        return f"{cw(DEVICE_STATUS_WORDS, before)} → {cw(DEVICE_STATUS_WORDS, after)}"

    # -- actions -----------------------------------------------------------------------------------------
    def open_device_dialog(self, *, new: bool = False) -> FormDialog | None:
        """Register a device (``new``) or edit the selected one."""
        device = None if new else self.table.current_object()
        if not self.may_manage or (not new and device is None):
            return None
        return self._open(DeviceDialog(self.client, device, self))

    def open_log_dialog(self) -> FormDialog | None:
        """Add a log entry to the selected device."""
        serial = self.selected_serial()
        return self._open(DeviceLogDialog(self.client, serial, self)) if serial and self.may_manage else None

    def open_check_dialog(self) -> PreUseCheckDialog | None:
        """Record a pre-use check of the selected device."""
        serial = self.selected_serial()
        if not serial or not self.may_manage:
            return None
        dialog = PreUseCheckDialog(self.client, serial, self)
        self._open(dialog)
        return dialog

    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.accepted.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self) -> None:
        outcome = self.dialog.outcome if self.dialog is not None else None
        self.reload()
        if isinstance(outcome, DeviceView):
            self.select_device(outcome.serial)
        self.changed.emit()
