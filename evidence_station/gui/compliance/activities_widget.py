"""The Activities tab: enforcement activities (Art. 3, 4) with their recording status, suggested recordings to
confirm as theirs, and the Art. 5 non-recording records."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.activities import (
    ActivityView,
    AssignResult,
    ConductNoteView,
    NonRecordingView,
    SuggestionView,
)
from evidence_station.client.documents import desk_protected_folders, require_suffix, save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken
from evidence_station.domain.roles import Operation
from evidence_station.gui.background_read import LatestRead
from evidence_station.gui.compliance.activity_dialog import ActivityDialog
from evidence_station.gui.compliance.conduct_note_dialog import ConductNoteDialog
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.non_recording_dialog import NonRecordingDialog
from evidence_station.gui.compliance.table_helpers import PROBLEM_FOREGROUND
from evidence_station.gui.compliance.words import (
    ACTIVITY_KIND_WORDS,
    CONDUCT_NOTE_WORDS,
    MATCH_WORDS,
    NON_RECORDING_WORDS,
    cw,
    guard,
)
from evidence_station.gui.object_table import ObjectTable
from evidence_station.gui.operations import show_error
from evidence_station.gui.recording_model import format_local

#: What the tab shows, read together: activities, assignment suggestions, Art. 5 records, and how many
#: ``unassigned`` findings are open (recordings no activity covers have no suggestion, yet still wait), and the
#: Art. 14 complaint and conduct notes.
ActivityLists = tuple[list[ActivityView], list[SuggestionView], list[NonRecordingView], int, list[ConductNoteView]]


class ActivitiesWidget(QWidget):
    """Activities, assignment suggestions and Art. 5 records; :attr:`changed` fires after a change."""

    changed = Signal()

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.zone = client.station.zone
        self.dialog: FormDialog | None = None
        self.last_assignments: list[AssignResult] = []
        self.open_unassigned = 0  # open ``unassigned`` findings at the last read
        self.add_button = QPushButton(self.tr("Register activity…"))
        self.record_button = QPushButton(self.tr("Non-recording record (Art. 5)…"))
        self.confirm_button = QPushButton(self.tr("Confirm ticked assignments"))
        self.acknowledge_button = QPushButton(self.tr("Confirm as head (Art. 5)"))
        self.acknowledge_button.clicked.connect(lambda: self.acknowledge_selected_record())
        self.may_acknowledge = guard(client, Operation.ACKNOWLEDGE_NON_RECORDING, self.acknowledge_button)
        self.form_button = QPushButton(self.tr("Save form…"))
        self.form_button.clicked.connect(lambda: self.choose_form_file())
        self.conduct_button = QPushButton(self.tr("Complaint or conduct note (Art. 14)…"))
        self.conduct_button.clicked.connect(lambda: self.open_conduct_dialog())
        self.may_record_conduct = guard(client, Operation.RECORD_CONDUCT, self.conduct_button)
        self.add_button.clicked.connect(lambda: self.open_activity_dialog())
        self.record_button.clicked.connect(lambda: self.open_non_recording_dialog())
        self.confirm_button.clicked.connect(lambda: self.confirm_suggestions())
        self.may_manage = guard(client, Operation.MANAGE_ACTIVITIES, self.add_button, self.record_button,
                                self.confirm_button)

        self.activities_table = ObjectTable([
            self.tr("#"), self.tr("Kind"), self.tr("Title / place"), self.tr("Start"), self.tr("End"),
            self.tr("Officers"), self.tr("Devices"), self.tr("Recordings"), self.tr("Art. 5 records"),
            self.tr("Missing recording"), self.tr("Registered afterwards"), self.tr("Party notified (Art. 8)")],
            stretch=2, word_wrap=True, widths={1: 210, 3: 84, 4: 84},  # Art. 4 kinds and times wrap
            empty_text=self.tr("No enforcement activities in this period. Use Register activity… to record one.")
            if self.may_manage else self.tr("No enforcement activities in this period."))
        self.suggestions_table = ObjectTable([
            self.tr("Recording"), self.tr("File"), self.tr("Device"), self.tr("Camera start"),
            self.tr("Corrected start"), self.tr("Activity"), self.tr("Matched by")], stretch=1, word_wrap=True,
            empty_text=self.tr("No recordings waiting to be linked to an activity."))
        self.records_table = ObjectTable([
            self.tr("Date"), self.tr("Activity"), self.tr("Reason"), self.tr("Basis"), self.tr("Reported by"),
            self.tr("Reported to"), self.tr("Confirmed by the head (Art. 5)")], stretch=3, word_wrap=True,
            empty_text=self.tr("No records of activities without recording (Art. 5)."))
        self.conduct_table = ObjectTable([
            self.tr("Date"), self.tr("Kind"), self.tr("Activity"), self.tr("Bookmark category"), self.tr("Note"),
            self.tr("Source"), self.tr("Recorded by")], stretch=4, word_wrap=True,
            empty_text=self.tr("No complaint or conduct notes (Art. 14)."))

        #: the selected activity's Art. 10 checklist (Art. 8 notification first)
        self.checklist_label = QLabel(self.tr("Select an activity to see its checklist (Art. 8, Art. 10)."))
        self.checklist_label.setWordWrap(True)
        self.activities_table.itemSelectionChanged.connect(self._show_checklist)
        self.records_table.itemSelectionChanged.connect(self._update_record_buttons)
        self._update_record_buttons()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Mandatory activities (Art. 4) must have recordings or an Art. 5 record.")))
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.record_button)
        top.addWidget(self.conduct_button)
        suggestions_box = QGroupBox(self.tr("Suggested recordings (by device or officer and corrected time)"))
        suggestions_layout = QVBoxLayout(suggestions_box)
        suggestions_layout.addWidget(self.suggestions_table)
        confirm_row = QHBoxLayout()
        confirm_row.addStretch(1)
        confirm_row.addWidget(self.confirm_button)
        suggestions_layout.addLayout(confirm_row)
        records_box = QGroupBox(self.tr("Non-recording records (Art. 5)"))
        records_layout = QVBoxLayout(records_box)
        records_layout.addWidget(self.records_table)
        records_row = QHBoxLayout()
        records_row.addStretch(1)
        records_row.addWidget(self.acknowledge_button)
        records_row.addWidget(self.form_button)
        records_layout.addLayout(records_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        activities_box = QWidget()
        activities_layout = QVBoxLayout(activities_box)
        activities_layout.setContentsMargins(0, 0, 0, 0)
        activities_layout.addWidget(self.activities_table, 1)
        activities_layout.addWidget(self.checklist_label)
        splitter.addWidget(activities_box)
        splitter.addWidget(suggestions_box)
        splitter.addWidget(records_box)
        conduct_box = QGroupBox(self.tr("Complaint and conduct notes (Art. 14)"))
        QVBoxLayout(conduct_box).addWidget(self.conduct_table)
        splitter.addWidget(conduct_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        # Read on a worker (the newest read wins): the window keeps responding on a big catalogue.
        self.reader: LatestRead[ActivityLists] = LatestRead(self, self._show, lambda error: show_error(self, error))

    # -- data --------------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the lists are being read in the background."""
        return self.reader.loading

    def reload(self) -> None:
        """Read activities, suggestions and Art. 5 records again (on a worker: the suggestions look at every
        unassigned recording); the tables fill when they arrive."""
        client = self.client

        def read(_cancel: CancelToken) -> ActivityLists:
            return (client.list_activities(), client.suggest_assignments(), client.list_non_recording_records(),
                    client.count_findings(status="open", kind=FindingKind.UNASSIGNED.value),
                    client.list_conduct_notes())

        self.reader.start(read)

    def _show(self, lists: ActivityLists) -> None:
        activities, suggestions, records, open_unassigned, notes = lists
        self.open_unassigned = open_unassigned
        self.suggestions_table.set_empty_text(self._no_suggestions_text(open_unassigned))
        self.activities_table.set_rows([(a, self._activity_cells(a)) for a in activities])
        for row, activity in enumerate(activities):
            if activity.missing_recording or activity.registered_afterwards:
                self.activities_table.mark_row(row, foreground=PROBLEM_FOREGROUND)
        self.suggestions_table.set_rows([(s, [
            str(s.recording_id), s.file_name, s.device or "", format_local(s.start, self.zone),
            format_local(s.corrected_start, self.zone), f"#{s.activity_id}", cw(MATCH_WORDS, s.matched_by),
        ]) for s in suggestions])
        for row in range(self.suggestions_table.rowCount()):
            self.suggestions_table.item(row, 0).setCheckState(Qt.CheckState.Checked)
        titles = {a.id: a.title or a.place for a in activities}
        self.records_table.set_rows([(r, [
            r.occurred_on.isoformat(), f"#{r.activity_id} {titles.get(r.activity_id, '')}" if r.activity_id else "",
            cw(NON_RECORDING_WORDS, r.reason), r.basis, r.reporter, r.head_acknowledged,
            self._acknowledgement_cell(r)]) for r in records])
        for row, record in enumerate(records):
            if record.acknowledgement_late:
                self.records_table.mark_row(row, foreground=PROBLEM_FOREGROUND)
        self.conduct_table.set_rows([(n, [
            n.occurred_on.isoformat(), cw(CONDUCT_NOTE_WORDS, n.kind),
            f"#{n.activity_id} {n.activity_place}" if n.activity_id else "", n.bookmark_category_label, n.text,
            n.source, n.recorded_by]) for n in notes])
        if self.may_manage:
            self.confirm_button.setEnabled(bool(suggestions))
        self._update_record_buttons()

    def _update_record_buttons(self) -> None:
        """Confirm as head and Save form act on the selected Art. 5 record: without one they are greyed (a click
        did nothing); a record the head already confirmed cannot be confirmed again."""
        record: NonRecordingView | None = self.records_table.current_object()
        self.acknowledge_button.setEnabled(self.may_acknowledge and record is not None
                                           and not record.acknowledged_by)
        self.form_button.setEnabled(record is not None)

    def _acknowledgement_cell(self, r: NonRecordingView) -> str:
        if r.acknowledged_by:
            text = self.tr("{user}, {at}").format(user=r.acknowledged_by,
                                                  at=format_local(r.acknowledged_at, self.zone)[:16])
            return text + (" " + self.tr("(late)") if r.acknowledgement_late else "")
        return self.tr("not yet (due {day})").format(day=r.acknowledgement_due.isoformat()
                                                     if r.acknowledgement_due else "")

    def _no_suggestions_text(self, open_unassigned: int) -> str:
        """What the empty suggestions table says: nothing waits, or recordings wait that no activity covers."""
        if not open_unassigned:
            return self.tr("No recordings waiting to be linked to an activity.")
        return self.tr("{count} finding(s) of recordings without an enforcement activity are open, but no "
                       "registered activity covers those recordings. Register the activity here, or use Link to an "
                       "activity… on the finding in the Findings tab.").format(count=open_unassigned)

    def _activity_cells(self, a: ActivityView) -> list[str]:
        kind = cw(ACTIVITY_KIND_WORDS, a.kind) + (" *" if a.mandatory else "")
        place = f"{a.title} — {a.place}" if a.title else a.place
        return [str(a.id), kind, place, format_local(a.start, self.zone)[:16], format_local(a.end, self.zone)[:16],
                ", ".join(a.officers), ", ".join(a.devices), str(a.recordings), str(a.non_recording_records),
                self.tr("yes") if a.missing_recording else "",
                self.tr("registered afterwards") if a.registered_afterwards else "",
                self.tr("yes") if a.notification_given else (self.tr("not marked") if a.mandatory else "")]

    def checklist_text(self, a: ActivityView | None) -> str:
        """The Art. 8 notification and the Art. 10 items marked (✓) or not (✗) on the activity's footage."""
        if a is None:
            return self.tr("Select an activity to see its checklist (Art. 8, Art. 10).")
        items = "  ".join(f"{'✓' if marked else '✗'} {BookmarkCategory(category).label_zh}"
                          for category, marked in a.checklist.items())
        text = self.tr("Activity #{id} — checklist: {items}").format(id=a.id, items=items)
        if a.registered_afterwards:
            text += "\n" + self.tr("Registered afterwards (Art. 3/12): registered on {at}, after its footage had "
                                   "been imported.").format(at=format_local(a.registered_at, self.zone)[:16])
        return text

    def _show_checklist(self) -> None:
        self.checklist_label.setText(self.checklist_text(self.activities_table.current_object()))

    def activities(self) -> list[ActivityView]:
        """The activities the table shows."""
        return self.activities_table.objects()

    def suggestions(self) -> list[SuggestionView]:
        """The suggestions the table shows."""
        return self.suggestions_table.objects()

    def ticked_suggestions(self) -> list[SuggestionView]:
        """The suggestions ticked for confirmation."""
        table = self.suggestions_table
        return [table.object_at(row) for row in range(table.rowCount())
                if table.item(row, 0).checkState() == Qt.CheckState.Checked]

    # -- actions -----------------------------------------------------------------------------------------
    def confirm_suggestions(self) -> list[AssignResult]:
        """Assign every ticked recording to its suggested activity."""
        by_activity: dict[int, list[int]] = defaultdict(list)
        for suggestion in self.ticked_suggestions():
            by_activity[suggestion.activity_id].append(suggestion.recording_id)
        results = []
        try:
            for activity_id, recording_ids in by_activity.items():
                results.append(self.client.assign_recordings(activity_id=activity_id, recording_ids=recording_ids))
        except EvidenceStationError as exc:
            show_error(self, exc)
        self.last_assignments = results
        self.reload()
        if results:
            self.changed.emit()
        return results

    def open_activity_dialog(self) -> FormDialog | None:
        """Register an activity."""
        return self._open(ActivityDialog(self.client, self)) if self.may_manage else None

    def open_non_recording_dialog(self) -> FormDialog | None:
        """Write an Art. 5 record (for the selected activity, if any)."""
        if not self.may_manage:
            return None
        selected: ActivityView | None = self.activities_table.current_object()
        dialog = NonRecordingDialog(self.client, self.activities(), selected.id if selected else None, self)
        return self._open(dialog)

    def records(self) -> list[NonRecordingView]:
        """The Art. 5 records the table shows."""
        return self.records_table.objects()

    def acknowledge_selected_record(self) -> NonRecordingView | None:
        """Art. 5: the head confirms the selected record in the station."""
        record: NonRecordingView | None = self.records_table.current_object()
        if record is None or not self.may_acknowledge:
            return None
        try:
            done = self.client.acknowledge_non_recording_record(record_id=record.id)
        except EvidenceStationError as exc:
            show_error(self, exc)
            return None
        self.reload()
        self.changed.emit()
        return done

    def choose_form_file(self) -> Path | None:
        """Ask where to save the selected record's printable form, then write it."""
        record: NonRecordingView | None = self.records_table.current_object()
        if record is None:
            return None
        suggested = str(Path.home() / f"non-recording-{record.id}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the form"), suggested,
                                                    self.tr("PDF files (*.pdf)"))
        return self.write_form(record.id, Path(path)) if path else None

    def write_form(self, record_id: int, path: Path) -> Path | None:
        """Write the record's signed form to ``path`` (Qt asked before naming an existing file: replace)."""
        protect = desk_protected_folders(self.client.transport)
        try:
            require_suffix(path, ".pdf", Msg("form file"))
            return save_document(self.client.non_recording_form(record_id), path, force=True, protect=protect,
                                 make_parents=False)
        except EvidenceStationError as exc:
            show_error(self, exc)
            return None

    def open_conduct_dialog(self) -> FormDialog | None:
        """Record an Art. 14 complaint or conduct note (on the selected activity, if any)."""
        if not self.may_record_conduct:
            return None
        selected: ActivityView | None = self.activities_table.current_object()
        return self._open(ConductNoteDialog(self.client, self.activities(), selected.id if selected else None, self))

    def conduct_notes(self) -> list[ConductNoteView]:
        """The Art. 14 notes the table shows."""
        return self.conduct_table.objects()

    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.accepted.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()
