"""The Findings tab: findings filtered by kind and status, and the action each kind needs — explain a gap
(Art. 11), give a late import's reason or exemption (Art. 15), register the activity unassigned recordings belong
to (Art. 3/12), or close another kind with a note — and, for a director, close a gap left open as an Art. 11
breach (explained, but not by voice on resuming) with a decision."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_station.api.findings import FindingView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.findings import FindingKind
from evidence_station.domain.progress import CancelToken
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.background_read import LatestRead
from evidence_station.gui.compliance.activity_dialog import ActivityDialog
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.gap_explanation_dialog import GapExplanationDialog
from evidence_station.gui.compliance.late_import_dialog import LateImportDialog
from evidence_station.gui.compliance.resolve_dialog import ResolveFindingDialog
from evidence_station.gui.compliance.table_helpers import PROBLEM_FOREGROUND
from evidence_station.gui.compliance.words import guard
from evidence_station.gui.i18n import finding_sentence
from evidence_station.gui.object_table import ObjectTable
from evidence_station.gui.operations import error_text, show_error
from evidence_station.gui.recording_model import FINDING_STATUS_WORDS, FINDING_WORDS, format_duration, word

#: The findings tab's read: the findings shown, how many match, and which open gaps are Art. 11 breaches.
FindingsRead = tuple[list[FindingView], int, set[int]]

#: Kinds closed through their own route, not a note.
OWN_ROUTE = {FindingKind.GAP.value, FindingKind.LATE_IMPORT.value, FindingKind.MISSING_RECORDING.value}


class FindingsWidget(QWidget):
    """Findings table with filters and per-kind actions; :attr:`changed` fires after an action."""

    changed = Signal()

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.dialog: FormDialog | None = None
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("Any kind"), "")
        for kind in FindingKind:
            self.kind_box.addItem(word(FINDING_WORDS, kind.value), kind.value)
        self.status_box = QComboBox()
        self.status_box.addItem(word(FINDING_STATUS_WORDS, "open"), "open")
        self.status_box.addItem(word(FINDING_STATUS_WORDS, "resolved"), "resolved")
        self.status_box.addItem(self.tr("Any status"), "")
        self.kind_box.currentIndexChanged.connect(self.reload)
        self.status_box.currentIndexChanged.connect(self.reload)
        self.count_label = QLabel()
        self.gap_button = QPushButton(self.tr("Explain gap…"))
        self.late_button = QPushButton(self.tr("Late-import reason…"))
        self.resolve_button = QPushButton(self.tr("Resolve with a note…"))
        self.gap_button.clicked.connect(lambda: self.open_action_dialog())
        self.late_button.clicked.connect(lambda: self.open_action_dialog())
        self.resolve_button.clicked.connect(lambda: self.open_resolve_dialog())
        self.may_resolve = guard(client, Operation.RESOLVE_FINDING, self.gap_button, self.late_button,
                                 self.resolve_button)
        self.may_decide = allowed(client.actor.roles, Operation.DECIDE_FINDING)  # director: closes breaches
        self.breaches: set[int] = set()  # open gaps explained without a spoken explanation (Art. 11 breaches)
        self.activity_button = QPushButton(self.tr("Link to an activity…"))
        self.activity_button.setToolTip(self.tr("Register the enforcement activity these recordings belong to "
                                                "(time, devices and officers filled in from them) and link them."))
        self.activity_button.clicked.connect(lambda: self.open_activity_dialog())
        self.may_manage_activities = guard(client, Operation.MANAGE_ACTIVITIES, self.activity_button)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")

        self.table = ObjectTable([self.tr("#"), self.tr("Kind"), self.tr("Status"), self.tr("Length"),
                                  self.tr("Recordings"), self.tr("Message")],
                                 empty_text=self.tr("No findings: the imported recordings show no gaps, overlaps or "
                                                    "clock problems."), word_wrap=True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        # Read on a worker (the newest read wins): the window keeps responding on a big catalogue.
        self.reader: LatestRead[FindingsRead] = LatestRead(self, self._show, self._read_failed)
        self.table.doubleClicked.connect(lambda _index: self.open_action_dialog())

        filters = QHBoxLayout()
        for widget in (QLabel(self.tr("Kind")), self.kind_box, QLabel(self.tr("Status")), self.status_box,
                       self.count_label):
            filters.addWidget(widget)
        filters.addStretch(1)
        for widget in (self.gap_button, self.late_button, self.resolve_button):
            filters.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()  # (the filter row is full: a window fits 1366 pixels)
        bottom.addWidget(self.hint_label, 1)
        bottom.addWidget(self.activity_button)
        layout.addLayout(bottom)
        self._selection_changed()

    # -- data --------------------------------------------------------------------------------------------
    def set_filter(self, kind: str = "", status: str = "open") -> None:
        """Show findings of ``kind`` ('' = any) with ``status`` ('' = any)."""
        for box, value in ((self.kind_box, kind), (self.status_box, status)):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        self.reload()

    @property
    def loading(self) -> bool:
        """True while the findings are being read in the background."""
        return self.reader.loading

    def reload(self) -> None:
        """Read the findings again with the filter in force (on a worker; the table fills when they arrive).

        At most the table's row cap is read (newest first), and the total is counted only when there may be
        more: a catalogue with tens of thousands of findings reads as fast as one with a few.
        """
        status = self.status_box.currentData() or None
        kind = self.kind_box.currentData() or None
        cap = self.table.max_rows

        client = self.client

        def read(_cancel: CancelToken) -> FindingsRead:
            found = client.list_findings(status=status, kind=kind, limit=cap)
            total = client.count_findings(status=status, kind=kind) if len(found) >= cap else len(found)
            return found, total, breaches_among(client, found)

        self.count_label.setText(self.tr("Reading the findings…"))
        self.reader.start(read)

    def _read_failed(self, error: BaseException) -> None:
        self._show(([], 0, set()))
        self.count_label.setText(error_text(error))

    def _show(self, read: FindingsRead) -> None:
        findings, total, self.breaches = read
        rows = [(f, [str(f.id), word(FINDING_WORDS, f.kind), word(FINDING_STATUS_WORDS, f.status),
                     format_duration(f.seconds), ", ".join(map(str, f.recording_ids[:8]))
                     + (" …" if len(f.recording_ids) > 8 else ""), finding_sentence(f)]) for f in findings]
        self.table.set_rows(rows, total=total)
        for row, finding in enumerate(findings[: self.table.rowCount()]):
            if finding.status == "open" and finding.kind in (FindingKind.GAP, FindingKind.DAMAGED,
                                                             FindingKind.MISSING_RECORDING):
                self.table.mark_row(row, foreground=PROBLEM_FOREGROUND)
        if self.table.capped:
            self.count_label.setText(self.tr("Showing the newest {shown} of {total} findings.").format(
                shown=self.table.rowCount(), total=total))
        else:
            self.count_label.setText(self.tr("{count} finding(s)").format(count=total))
        self._selection_changed()

    def findings(self) -> list[FindingView]:
        """The findings the table shows."""
        return self.table.objects()

    def select_finding(self, finding_id: int) -> bool:
        """Select the row of ``finding_id``; False when it is not shown."""
        for row, finding in enumerate(self.findings()):
            if finding.id == finding_id:
                self.table.selectRow(row)
                return True
        return False

    # -- actions -----------------------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        finding: FindingView | None = self.table.current_object()
        is_open = finding is not None and finding.status == "open"
        kind = finding.kind if finding is not None else ""
        if self.may_resolve:
            self.gap_button.setEnabled(is_open and kind == FindingKind.GAP)
            self.late_button.setEnabled(is_open and kind == FindingKind.LATE_IMPORT)
            self.resolve_button.setEnabled(is_open and (kind not in OWN_ROUTE or self._is_breach(finding)))
        if self.may_manage_activities:
            self.activity_button.setEnabled(is_open and kind == FindingKind.UNASSIGNED)
        if kind == FindingKind.MISSING_RECORDING and is_open:
            self.hint_label.setText(self.tr("A missing recording is settled in the Activities tab: assign the "
                                            "activity's recordings or add its Art. 5 non-recording record."))
        elif is_open and finding is not None and finding.id in self.breaches:
            self.hint_label.setText(
                self.tr("This gap was explained without a spoken explanation on resuming and stays open as an "
                        "Art. 11 breach; a director decides with Resolve with a note….") if not self.may_decide else
                self.tr("This gap stays open as an Art. 11 breach (no spoken explanation on resuming): close it "
                        "with your decision through Resolve with a note…."))
        elif kind == FindingKind.UNASSIGNED and is_open:
            self.hint_label.setText(self.tr("Use Link to an activity… to register the activity these recordings "
                                            "belong to; they are linked to it and the finding closes."))
        else:
            self.hint_label.setText("")

    def open_action_dialog(self, finding: FindingView | None = None) -> FormDialog | None:
        """Open the dialog for the finding's kind (the selected one by default); it closes the finding."""
        finding = finding or self.table.current_object()
        if finding is None or finding.status != "open" or not self.may_resolve:
            return None
        if finding.kind == FindingKind.GAP:
            dialog: FormDialog = GapExplanationDialog(self.client, finding, self)
        elif finding.kind == FindingKind.LATE_IMPORT:
            dialog = LateImportDialog(self.client, finding, self)
        elif finding.kind not in OWN_ROUTE:
            dialog = ResolveFindingDialog(self.client, finding, self)
        else:
            return None
        dialog.accepted.connect(self._action_done)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _is_breach(self, finding: FindingView | None) -> bool:
        """True for an open gap left as an Art. 11 breach that this user (a director) may close with a decision."""
        return finding is not None and self.may_decide and finding.id in self.breaches

    def open_resolve_dialog(self, finding: FindingView | None = None) -> FormDialog | None:
        """Close the finding (the selected one by default) with a note — a director's decision for a breach gap."""
        finding = finding or self.table.current_object()
        if finding is None or finding.status != "open" or not self.may_resolve:
            return None
        if finding.kind in OWN_ROUTE and not self._is_breach(finding):
            return self.open_action_dialog(finding)
        dialog = ResolveFindingDialog(self.client, finding, self)
        dialog.accepted.connect(self._action_done)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_activity_dialog(self, finding: FindingView | None = None) -> FormDialog | None:
        """Register the activity an open ``unassigned`` finding's recordings belong to (the selected finding by
        default), pre-filled from its recordings, which are linked to it — that closes the finding."""
        finding = finding or self.table.current_object()
        if (finding is None or finding.status != "open" or finding.kind != FindingKind.UNASSIGNED
                or not self.may_manage_activities):
            return None
        try:
            recordings = [self.client.get_recording(i) for i in finding.recording_ids]
        except EvidenceStationError as exc:
            show_error(self, exc)
            return None
        dialog = ActivityDialog(self.client, self, recordings=recordings)
        dialog.accepted.connect(self._action_done)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _action_done(self) -> None:
        self.reload()
        self.changed.emit()


def breaches_among(client: StationClient, findings: list[FindingView]) -> set[int]:
    """The ids of the open gaps among ``findings`` that stay open as Art. 11 breaches: explained, but without a
    spoken explanation on resuming (only a director's decision closes them)."""
    gaps = {f.id: f for f in findings if f.kind == FindingKind.GAP and f.status == "open"}
    if not gaps:
        return set()
    recordings = sorted({r for f in gaps.values() for r in f.recording_ids})
    return {e.finding_id for e in client.gap_explanations(recordings)
            if e.finding_id in gaps and not e.spoken_explanation}
