"""Registering an enforcement activity (Art. 3, 4): kind, place, time window, officers and devices."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from evidence_station.api.activities import ActivityView
from evidence_station.client.station_client import StationClient
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.words import ACTIVITY_KIND_WORDS, choice_box


def split_list(text: str) -> list[str]:
    """Items of a comma-, semicolon- or space-separated list (Chinese commas too)."""
    for separator in ("，", "、", ";", "；", " "):
        text = text.replace(separator, ",")
    return [item.strip() for item in text.split(",") if item.strip()]


class ActivityDialog(FormDialog):
    """A new enforcement activity."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
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

    def submit(self) -> ActivityView:
        """Register the activity."""
        return self.client.add_activity(
            kind=str(self.kind_box.currentData()), place=self.place_edit.text(),
            start=self.utc_of(self.start_edit), end=self.utc_of(self.end_edit), title=self.title_edit.text(),
            officers=split_list(self.officers_edit.text()), devices=split_list(self.devices_edit.text()),
            case_number=self.case_edit.text(), note=self.note_edit.toPlainText(),
        )
