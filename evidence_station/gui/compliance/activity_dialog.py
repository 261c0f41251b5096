"""Registering an enforcement activity (Art. 3, 4): kind, place, time window, officers and devices — or, from an
``unassigned`` finding, the activity its recordings belong to (pre-filled from them, which are linked to it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtWidgets import QDateTimeEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget

from evidence_station.api.activities import ActivityView
from evidence_station.api.recordings import RecordingView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.compliance import corrected_time
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.words import ACTIVITY_KIND_WORDS, choice_box


def split_list(text: str) -> list[str]:
    """Items of a comma-, semicolon- or space-separated list (Chinese commas too)."""
    for separator in ("，", "、", ";", "；", " "):
        text = text.replace(separator, ",")
    return [item.strip() for item in text.split(",") if item.strip()]


class ActivityDialog(FormDialog):
    """A new enforcement activity; given ``recordings`` (an ``unassigned`` finding's), its time, devices and
    officers are filled in from them and they are linked to the activity once it is registered."""

    def __init__(self, client: StationClient, parent: QWidget | None = None, *,
                 recordings: Sequence[RecordingView] = ()) -> None:
        super().__init__(client, parent)
        self.recordings = list(recordings)
        self.created: ActivityView | None = None  # registered, even if linking the recordings then failed
        self.setWindowTitle(self.tr("Register an enforcement activity"))
        self.kind_box = choice_box(ACTIVITY_KIND_WORDS)
        self.title_edit = QLineEdit()
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(self.tr("Address or premises"))
        now = client.now()
        self.start_edit = self.datetime_edit(now - timedelta(hours=2))
        self.end_edit = self.datetime_edit(now - timedelta(hours=1))
        self.officers_edit = QLineEdit()
        self.officers_edit.setPlaceholderText(self.tr("Officer numbers, separated by commas"))
        self.devices_edit = QLineEdit()
        self.devices_edit.setPlaceholderText(self.tr("Device serials, separated by commas"))
        self.case_edit = QLineEdit()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setMaximumHeight(70)
        for label, widget in (
            (self.tr("Kind"), self.kind_box), (self.tr("Title"), self.title_edit), (self.tr("Place"), self.place_edit),
            (self.tr("Start"), self.start_edit), (self.tr("End"), self.end_edit),
            (self.tr("Officers"), self.officers_edit), (self.tr("Devices"), self.devices_edit),
            (self.tr("Case number"), self.case_edit), (self.tr("Note"), self.note_edit),
        ):
            self.form.addRow(label, widget)
        if self.recordings:
            self._fill_from_recordings()

    def _fill_from_recordings(self) -> None:
        """Time window (camera times corrected by their clock offsets), devices and officers of the recordings."""
        starts = [t for r in self.recordings if (t := corrected_time(r.start, r.clock_offset_s)) is not None]
        ends = [t for r in self.recordings if (t := corrected_time(r.end or r.start, r.clock_offset_s)) is not None]
        if starts and ends:
            self._set_local(self.start_edit, min(starts))
            self._set_local(self.end_edit, max(ends) + timedelta(minutes=1))  # the editor shows whole minutes
        self.devices_edit.setText(", ".join(sorted({r.device for r in self.recordings if r.device})))
        self.officers_edit.setText(", ".join(sorted({r.officer for r in self.recordings if r.officer})))
        ids = "、".join(str(r.id) for r in self.recordings[:12]) + (" …" if len(self.recordings) > 12 else "")
        self.link_label = QLabel(self.tr("Recordings {ids} ({count}) will be linked to this activity.").format(
            ids=ids, count=len(self.recordings)))
        self.link_label.setWordWrap(True)
        self.form.addRow(self.link_label)

    def _set_local(self, edit: QDateTimeEdit, at: datetime) -> None:
        edit.setDateTime(self.datetime_edit(at).dateTime())

    def submit(self) -> ActivityView:
        """Register the activity (once), then link the given recordings to it."""
        if self.created is None:
            self.created = self._add()
        if self.recordings:
            self.client.assign_recordings(activity_id=self.created.id, recording_ids=[r.id for r in self.recordings])
        return self.created

    def _add(self) -> ActivityView:
        return self.client.add_activity(
            kind=str(self.kind_box.currentData()), place=self.place_edit.text(),
            start=self.utc_of(self.start_edit), end=self.utc_of(self.end_edit), title=self.title_edit.text(),
            officers=split_list(self.officers_edit.text()), devices=split_list(self.devices_edit.text()),
            case_number=self.case_edit.text(), note=self.note_edit.toPlainText(),
        )
