"""The Art. 14 note: a complaint, or the appearance, language or conduct seen, on an activity and/or the bookmark
category of what the footage shows."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from evidence_station.api.activities import ActivityView, ConductNoteView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.words import CONDUCT_NOTE_WORDS, choice_box
from evidence_station.gui.recording_model import format_local


class ConductNoteDialog(FormDialog):
    """A new Art. 14 complaint or conduct note, for one of ``activities`` and/or a bookmark category."""

    def __init__(self, client: StationClient, activities: Sequence[ActivityView], activity_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.setWindowTitle(self.tr("Complaint or conduct note (Art. 14)"))
        self.kind_box = choice_box(CONDUCT_NOTE_WORDS)
        self.activity_box = QComboBox()
        self.activity_box.addItem(self.tr("No registered activity"), None)
        for activity in activities:
            start = format_local(activity.start, self.zone)[:16]
            self.activity_box.addItem(f"#{activity.id} {activity.title or activity.place} ({start})", activity.id)
        if activity_id is not None:
            self.activity_box.setCurrentIndex(max(0, self.activity_box.findData(activity_id)))
        self.category_box = QComboBox()
        self.category_box.addItem(self.tr("No bookmark category"), None)
        for category in BookmarkCategory:
            self.category_box.addItem(category.label_zh, category.value)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(self.tr("What was complained of, or what was seen"))
        self.text_edit.setMaximumHeight(90)
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText(self.tr("Who complained, or who saw it"))
        self.day_edit = self.date_edit()
        for label, widget in (
            (self.tr("Kind"), self.kind_box), (self.tr("Activity"), self.activity_box),
            (self.tr("Bookmark category"), self.category_box), (self.tr("Note"), self.text_edit),
            (self.tr("Source"), self.source_edit), (self.tr("Date"), self.day_edit),
        ):
            self.form.addRow(label, widget)

    def submit(self) -> ConductNoteView:
        """Record the note (the desk names its own fields, not the CLI's options, when neither is chosen)."""
        if self.activity_box.currentData() is None and self.category_box.currentData() is None:
            raise InvalidInputError(Msg("Choose the activity or the bookmark category the note concerns."))
        return self.client.add_conduct_note(
            kind=str(self.kind_box.currentData()), text=self.text_edit.toPlainText(),
            occurred_on=self.day_edit.date().toPython(), activity_id=self.activity_box.currentData(),
            bookmark_category=self.category_box.currentData(), source=self.source_edit.text())
