"""The Art. 5 work record of an activity that was not recorded: the reason, its basis, who reported it and
the head of the enforcement body it was reported to."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from evidence_station.api.activities import ActivityView, NonRecordingView
from evidence_station.client.station_client import StationClient
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.words import NON_RECORDING_WORDS, choice_box
from evidence_station.gui.recording_model import format_local


class NonRecordingDialog(FormDialog):
    """A new Art. 5 non-recording record, for one of ``activities`` or none."""

    def __init__(self, client: StationClient, activities: Sequence[ActivityView], activity_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.setWindowTitle(self.tr("Non-recording record (Art. 5)"))
        self.activity_box = QComboBox()
        self.activity_box.addItem(self.tr("No registered activity"), None)
        for activity in activities:
            start = format_local(activity.start, self.zone)[:16]
            label = f"#{activity.id} {activity.title or activity.place} ({start})"
            self.activity_box.addItem(label, activity.id)
        if activity_id is not None:
            self.activity_box.setCurrentIndex(max(0, self.activity_box.findData(activity_id)))
        self.reason_box = choice_box(NON_RECORDING_WORDS)
        self.basis_edit = QPlainTextEdit()
        self.basis_edit.setPlaceholderText(self.tr("The legal or factual basis for not recording"))
        self.basis_edit.setMaximumHeight(80)
        self.reporter_edit = QLineEdit()
        self.head_edit = QLineEdit()
        self.head_edit.setPlaceholderText(self.tr("Head of the enforcement body it was reported to"))
        self.day_edit = self.date_edit()
        self.note_edit = QLineEdit()
        for label, widget in (
            (self.tr("Activity"), self.activity_box), (self.tr("Reason (Art. 5)"), self.reason_box),
            (self.tr("Basis"), self.basis_edit), (self.tr("Reported by"), self.reporter_edit),
            (self.tr("Reported to"), self.head_edit), (self.tr("Date"), self.day_edit),
            (self.tr("Note"), self.note_edit),
        ):
            self.form.addRow(label, widget)

    def submit(self) -> NonRecordingView:
        """Write the record (closes the activity's missing_recording finding)."""
        return self.client.add_non_recording_record(
            reason=str(self.reason_box.currentData()), basis=self.basis_edit.toPlainText(),
            reporter=self.reporter_edit.text(), head_acknowledged=self.head_edit.text(),
            occurred_on=self.day_edit.date().toPython(), activity_id=self.activity_box.currentData(),
            note=self.note_edit.text(),
        )
