"""The Retention tab (Art. 16): recordings due for disposal now and within 30 days, legal holds, disposal
proposals with the two-person decision, and the configured retention rules.

Buttons follow the user's roles (disabled with a tooltip saying why); the station checks again. Nothing is
disposed of here except by a director approving someone else's proposal: that runs on a worker, has the station
sign the disposal certificate (it keeps it) and offers to open a copy.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.retention import DisposalView, DueRecording, HoldView, RuleView
from evidence_station.client.documents import desk_protected_folders, save_document
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.progress import CancelToken, ProgressCallback, check_cancel
from evidence_station.domain.retention import RetentionReason, RuleScope
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.background_read import LatestRead
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.table_helpers import ATTENTION_BACKGROUND
from evidence_station.gui.compliance.words import ACTIVITY_KIND_WORDS, cw
from evidence_station.gui.object_table import ObjectTable
from evidence_station.gui.operations import RunningOperation, error_text, run_operation, show_error
from evidence_station.gui.recording_model import CLASSIFICATION_WORDS, format_local, word

CONTEXT = "RetentionWords"
#: How far ahead the "due soon" list looks, in days.
SOON_DAYS = 30

BASIS_WORDS: dict[str, str] = {
    "minimum": QT_TRANSLATE_NOOP("RetentionWords", "Statutory minimum (Art. 16, one year)"),
    "default_rule": QT_TRANSLATE_NOOP("RetentionWords", "Station default period"),
    "activity_kind": QT_TRANSLATE_NOOP("RetentionWords", "Period for the activity kind"),
    "classification": QT_TRANSLATE_NOOP("RetentionWords", "Period for the classification"),
    "open_case": QT_TRANSLATE_NOOP("RetentionWords", "Attached to an open case"),
    "closed_case": QT_TRANSLATE_NOOP("RetentionWords", "Case file retention period"),
    "legal_hold": QT_TRANSLATE_NOOP("RetentionWords", "Legal hold"),
}
STATUS_WORDS: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("RetentionWords", "Pending"),
    "approved": QT_TRANSLATE_NOOP("RetentionWords", "Approved"),
    "refused": QT_TRANSLATE_NOOP("RetentionWords", "Refused"),
    "proposed": QT_TRANSLATE_NOOP("RetentionWords", "Proposed"),
    "disposed": QT_TRANSLATE_NOOP("RetentionWords", "Disposed of"),
    "withheld": QT_TRANSLATE_NOOP("RetentionWords", "Withheld (no longer due)"),
}
SCOPE_WORDS: dict[str, str] = {
    "default": QT_TRANSLATE_NOOP("RetentionWords", "Every recording (station default)"),
    "activity_kind": QT_TRANSLATE_NOOP("RetentionWords", "Activity kind"),
    "classification": QT_TRANSLATE_NOOP("RetentionWords", "Classification"),
}
NOT_ALLOWED_WORDS: dict[Operation, str] = {
    Operation.PROPOSE_DISPOSAL: QT_TRANSLATE_NOOP("RetentionWords", "Only a custodian may propose a disposal."),
    Operation.APPROVE_DISPOSAL: QT_TRANSLATE_NOOP("RetentionWords", "Only a director may decide a disposal."),
    Operation.MANAGE_HOLDS: QT_TRANSLATE_NOOP("RetentionWords",
                                              "Only a custodian or a director may place or release legal holds."),
    Operation.MANAGE_SETTINGS: QT_TRANSLATE_NOOP("RetentionWords",
                                                 "Only an administrator may change retention rules."),
}


def rw(table: dict[str, str], value: str | None) -> str:
    """The display word for a stored retention ``value`` (unknown values as stored)."""
    english = table.get(value or "")
    return QCoreApplication.translate(CONTEXT, english) if english else (value or "")


def reason_text(reason: RetentionReason) -> str:
    """One retention reason in words: its basis, and the case or rule it comes from."""
    label = rw(BASIS_WORDS, reason.basis.value)
    return f"{label} {reason.ref}" if reason.ref and reason.basis.value != "legal_hold" else label


def _years_text(years: int | None) -> str:
    if years is None:
        return QCoreApplication.translate("RetentionWords", "permanent")
    return QCoreApplication.translate("RetentionWords", "{years} years").format(years=years)


# -- dialogs ---------------------------------------------------------------------------------------------


class ReasonDialog(FormDialog):
    """Ask for a reason (required by the service) and call ``action(reason)``; more fields may be added."""

    def __init__(self, client: StationClient, action: Callable[[str], Any], parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.action = action
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.form.addRow(self.summary_label)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setFixedHeight(80)
        self.form.addRow(self.tr("Reason"), self.reason_edit)

    def set_text(self, title: str, summary: str) -> ReasonDialog:
        """The window title and the sentence saying what OK will do."""
        self.setWindowTitle(title)
        self.summary_label.setText(summary)
        return self

    def submit(self) -> Any:
        """Call the action with the reason given."""
        return self.action(self.reason_edit.toPlainText())


class HoldDialog(ReasonDialog):
    """Place a legal hold on recordings given by id (the selection is filled in)."""

    def __init__(self, client: StationClient, recording_ids: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(client, self._place, parent)
        self.set_text(self.tr("Place a legal hold"),
                      self.tr("A held recording cannot be proposed or disposed of until the hold is released."))
        self.ids_edit = QLineEdit(", ".join(map(str, recording_ids)))
        self.ids_edit.setPlaceholderText(self.tr("Recording ids, separated by commas"))
        self.form.insertRow(1, self.tr("Recordings"), self.ids_edit)

    def recording_ids(self) -> list[int]:
        """The ids typed in (ValueError names a bad one)."""
        ids = []
        for part in self.ids_edit.text().replace("，", ",").replace(" ", ",").split(","):
            if part.strip():
                if not part.strip().isdigit():
                    raise ValueError(self.tr("{text} is not a recording id.").format(text=repr(part.strip())))
                ids.append(int(part))
        return ids

    def _place(self, reason: str) -> tuple[HoldView, ...]:
        return self.client.place_hold(self.recording_ids(), reason=reason)


class RuleDialog(ReasonDialog):
    """Set the retention period of one scope (administrator)."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(client, self._set, parent)
        self.set_text(self.tr("Set a retention rule"),
                      self.tr("Periods below one year are refused: Art. 16 keeps every recording at least a year."))
        self.scope_box = QComboBox()
        for scope in RuleScope:
            self.scope_box.addItem(rw(SCOPE_WORDS, scope.value), scope.value)
        self.value_box = QComboBox()
        self.period_edit = QLineEdit("10y")
        self.period_edit.setToolTip(self.tr("For example 10y, 30y or permanent."))
        self.scope_box.currentIndexChanged.connect(self._scope_changed)
        self.form.insertRow(1, self.tr("Applies to"), self.scope_box)
        self.form.insertRow(2, self.tr("Value"), self.value_box)
        self.form.insertRow(3, self.tr("Period"), self.period_edit)
        self._scope_changed()

    def _scope_changed(self) -> None:
        self.value_box.clear()
        scope = self.scope_box.currentData()
        if scope == RuleScope.ACTIVITY_KIND:
            for value in ACTIVITY_KIND_WORDS:
                self.value_box.addItem(cw(ACTIVITY_KIND_WORDS, value), value)
        elif scope == RuleScope.CLASSIFICATION:
            for value in CLASSIFICATION_WORDS:
                self.value_box.addItem(word(CLASSIFICATION_WORDS, value), value)
        self.value_box.setEnabled(self.value_box.count() > 0)

    def _set(self, reason: str) -> RuleView:
        return self.client.set_rule(scope=self.scope_box.currentData(), value=self.value_box.currentData() or "",
                                    period=self.period_edit.text(), reason=reason)


@dataclass(frozen=True)
class RetentionLists:
    """Everything the Retention tab shows, read together on a worker."""

    due: list[DueRecording]
    holds: list[HoldView]
    proposals: list[DisposalView]
    rules: list[RuleView]


def read_retention_lists(client: StationClient, cancel: CancelToken | None = None) -> RetentionLists:
    """Read the tab's lists (on a worker: the due list scans every recording older than a year)."""
    due = client.due_for_disposal(within_days=SOON_DAYS)
    check_cancel(cancel)
    return RetentionLists(due, client.list_holds(), client.list_disposals(), client.list_rules())


# -- the tab ---------------------------------------------------------------------------------------------


class RetentionWidget(QWidget):
    """Due lists, legal holds, disposal proposals and rules; :attr:`changed` fires after an action."""

    changed = Signal()

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.zone = client.station.zone
        self.dialog: FormDialog | None = None
        self.operation: RunningOperation[DisposalView] | None = None
        self.last_disposal: DisposalView | None = None
        self.reader: LatestRead[RetentionLists] = LatestRead(self, self._loaded, self._load_failed)
        self._after_load: list[Callable[[], None]] = []
        self.may_propose = allowed(client.actor.roles, Operation.PROPOSE_DISPOSAL)
        self.may_decide = allowed(client.actor.roles, Operation.APPROVE_DISPOSAL)
        self.may_hold = allowed(client.actor.roles, Operation.MANAGE_HOLDS)
        self.may_set_rules = allowed(client.actor.roles, Operation.MANAGE_SETTINGS)
        self._build()
        self._update_buttons()

    # -- layout ------------------------------------------------------------------------------------------
    def _button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _due_table(self) -> ObjectTable:
        table = ObjectTable([self.tr("#"), self.tr("Recording"), self.tr("Device"), self.tr("Camera time"),
                             self.tr("Keep until"), self.tr("Why")],
                            empty_text=self.tr("No recordings are due."), word_wrap=True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.itemSelectionChanged.connect(self._update_buttons)
        return table

    def _build(self) -> None:
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.due_now_table = self._due_table()
        self.due_soon_table = self._due_table()
        self.propose_button = self._button(self.tr("Propose disposal…"), self.open_propose_dialog)
        self.hold_button = self._button(self.tr("Place legal hold…"), self.open_hold_dialog)
        due_buttons = QHBoxLayout()
        due_buttons.addWidget(QLabel(self.tr("Select recordings in the lists, then:")))
        due_buttons.addStretch(1)
        due_buttons.addWidget(self.propose_button)
        due_buttons.addWidget(self.hold_button)
        self.due_now_box = QGroupBox(self.tr("Due for disposal now"))
        QVBoxLayout(self.due_now_box).addWidget(self.due_now_table)
        self.due_soon_box = QGroupBox(self.tr("Due in the next {days} days").format(days=SOON_DAYS))
        QVBoxLayout(self.due_soon_box).addWidget(self.due_soon_table)
        due_split = QSplitter()
        due_split.addWidget(self.due_now_box)
        due_split.addWidget(self.due_soon_box)
        due_widget = QWidget()
        due_layout = QVBoxLayout(due_widget)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(due_split, 1)
        due_layout.addLayout(due_buttons)

        self.holds_table = ObjectTable([self.tr("Hold"), self.tr("Recording"), self.tr("Reason"),
                                        self.tr("Placed by"), self.tr("Placed at")],
                                       empty_text=self.tr("No legal holds."), word_wrap=True)
        self.holds_table.itemSelectionChanged.connect(self._update_buttons)
        self.release_button = self._button(self.tr("Release hold…"), self.open_release_dialog)
        holds_box = self._box(self.tr("Active legal holds"), self.holds_table, [self.release_button])

        self.proposals_table = ObjectTable([self.tr("#"), self.tr("Status"), self.tr("Proposed by"),
                                            self.tr("Proposed at"), self.tr("Recordings"), self.tr("Reason"),
                                            self.tr("Decided by")],
                                           empty_text=self.tr("No disposal proposals."), word_wrap=True)
        self.proposals_table.itemSelectionChanged.connect(self._proposal_selected)
        self.items_label = QLabel()
        self.items_label.setWordWrap(True)
        self.items_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.approve_button = self._button(self.tr("Approve and dispose…"), self.confirm_and_approve)
        self.refuse_button = self._button(self.tr("Refuse…"), self.open_refuse_dialog)
        self.certificate_button = self._button(self.tr("Open certificate"), self.open_certificate)
        proposals_box = self._box(self.tr("Disposal proposals"), self.proposals_table,
                                  [self.approve_button, self.refuse_button, self.certificate_button],
                                  self.items_label)

        self.rules_table = ObjectTable(
            [self.tr("Applies to"), self.tr("Value"), self.tr("Period"), self.tr("Reason"), self.tr("Set by"),
             self.tr("Set at")],
            empty_text=self.tr("No retention rules set: the station default period applies."), word_wrap=True)
        self.rules_table.itemSelectionChanged.connect(self._update_buttons)
        self.set_rule_button = self._button(self.tr("Set rule…"), self.open_rule_dialog)
        self.clear_rule_button = self._button(self.tr("Remove rule…"), self.open_clear_rule_dialog)
        rules_box = self._box(self.tr("Retention rules (the one-year minimum always applies)"), self.rules_table,
                              [self.set_rule_button, self.clear_rule_button])

        lower = QSplitter()
        lower.addWidget(holds_box)
        lower.addWidget(rules_box)
        split = QSplitter(Qt.Orientation.Vertical)
        for part in (due_widget, proposals_box, lower):
            split.addWidget(part)
        split.setSizes([380, 260, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(split, 1)

    def _box(self, title: str, table: ObjectTable, buttons: list[QPushButton],
             below: QWidget | None = None) -> QGroupBox:
        box = QGroupBox(title)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        layout = QVBoxLayout(box)
        layout.addWidget(table, 1)
        if below is not None:
            layout.addWidget(below)
        layout.addLayout(row)
        return box

    # -- data --------------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the lists are being read in the background."""
        return self.reader.loading

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read the due lists, holds, proposals and rules again on a worker; fill the tables when they arrive.

        ``then`` runs (on the GUI thread) once the tables show the new lists. A reload while one is reading
        supersedes it: only the newest lists are shown and every waiting ``then`` runs after them.
        """
        if then is not None:
            self._after_load.append(then)
        client = self.client
        self.due_now_box.setTitle(self.tr("Due for disposal now (reading…)"))
        self.due_soon_box.setTitle(self.tr("Due in the next {days} days (reading…)").format(days=SOON_DAYS))
        self.reader.start(lambda cancel: read_retention_lists(client, cancel))

    def _load_failed(self, error: BaseException) -> None:
        self._say(error_text(error), error=True)
        self._after_load.clear()

    def _loaded(self, lists: RetentionLists) -> None:
        due = lists.due
        now_rows = [d for d in due if d.due_now]
        self._fill_due(self.due_now_table, now_rows)
        self._fill_due(self.due_soon_table, [d for d in due if not d.due_now])
        self.due_now_box.setTitle(self.tr("Due for disposal now ({count})").format(count=len(now_rows)))
        self.due_soon_box.setTitle(self.tr("Due in the next {days} days ({count})").format(
            days=SOON_DAYS, count=len(due) - len(now_rows)))
        self.holds_table.set_rows([(h, [str(h.hold_id), f"#{h.recording_id}", h.reason, h.placed_by,
                                        format_local(h.placed_at, self.zone)]) for h in lists.holds])
        self.proposals_table.set_rows([(p, self._proposal_cells(p)) for p in lists.proposals])
        for row, proposal in enumerate(lists.proposals):
            if proposal.status == "pending":
                self.proposals_table.mark_row(row, background=ATTENTION_BACKGROUND)
        self.rules_table.set_rows([(r, [rw(SCOPE_WORDS, r.scope), self._rule_value(r), _years_text(r.years),
                                        r.reason, r.set_by, format_local(r.set_at, self.zone)]) for r in lists.rules])
        self._proposal_selected()
        waiting, self._after_load = self._after_load, []
        for then in waiting:
            then()

    def _fill_due(self, table: ObjectTable, rows: list[DueRecording]) -> None:
        table.set_rows([(d, [str(d.recording_id), d.file_name, d.device or "",
                             format_local(d.start, self.zone), format_local(d.keep_until, self.zone),
                             reason_text(d.reasons[0])]) for d in rows])
        for row, due in enumerate(rows):
            details = "\n".join(r.detail for r in due.reasons)
            if due.proposal_id is not None:
                details = self.tr("Already in pending proposal #{id}.").format(id=due.proposal_id) + "\n" + details
                table.mark_row(row, background=ATTENTION_BACKGROUND, tooltip=details)
            else:
                table.mark_row(row, tooltip=details)

    def _proposal_cells(self, proposal: DisposalView) -> list[str]:
        ids = [i.recording_id for i in proposal.items]
        shown = ", ".join(f"#{i}" for i in ids[:8]) + (" …" if len(ids) > 8 else "")
        return [str(proposal.proposal_id), rw(STATUS_WORDS, proposal.status), proposal.proposed_by_label,
                format_local(proposal.proposed_at, self.zone), f"{len(ids)}: {shown}", proposal.reason,
                proposal.decided_by_label or ""]

    def _rule_value(self, rule: RuleView) -> str:
        if rule.scope == RuleScope.ACTIVITY_KIND:
            return cw(ACTIVITY_KIND_WORDS, rule.value)
        if rule.scope == RuleScope.CLASSIFICATION:
            return word(CLASSIFICATION_WORDS, rule.value)
        return rule.value

    def due_recordings(self, *, soon: bool = False) -> list[DueRecording]:
        """The recordings a due list shows (due now, or within :data:`SOON_DAYS` days but not yet)."""
        return (self.due_soon_table if soon else self.due_now_table).objects()

    def proposals(self) -> list[DisposalView]:
        """The disposal proposals shown, newest first."""
        return self.proposals_table.objects()

    def holds(self) -> list[HoldView]:
        """The active legal holds shown."""
        return self.holds_table.objects()

    def select_recordings(self, recording_ids: Sequence[int]) -> None:
        """Select these recordings in the due lists (others are deselected)."""
        wanted = set(recording_ids)
        for table in (self.due_now_table, self.due_soon_table):
            table.clearSelection()
            for row, due in enumerate(table.objects()):
                if due.recording_id in wanted:
                    table.selectionModel().select(
                        table.model().index(row, 0),
                        table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows)

    def selected_recordings(self, *, due_now_only: bool = False) -> list[int]:
        """Ids of the recordings selected in the due lists (in list order)."""
        tables = (self.due_now_table,) if due_now_only else (self.due_now_table, self.due_soon_table)
        ids = []
        for table in tables:
            for index in sorted(table.selectionModel().selectedRows(), key=lambda i: i.row()):
                ids.append(table.object_at(index.row()).recording_id)
        return ids

    def select_proposal(self, proposal_id: int) -> bool:
        """Select the row of ``proposal_id``; False when it is not shown."""
        for row, proposal in enumerate(self.proposals()):
            if proposal.proposal_id == proposal_id:
                self.proposals_table.selectRow(row)
                return True
        return False

    # -- buttons -----------------------------------------------------------------------------------------
    def _say(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #c00000;" if error else "")

    @staticmethod
    def _enable(button: QPushButton, permitted: bool, operation: Operation, enabled: bool,
                why_not: str = "") -> None:
        """Enable ``button`` when ``permitted`` and ``enabled``; the tooltip says why it is not."""
        if not permitted:
            button.setEnabled(False)
            button.setToolTip(QCoreApplication.translate(CONTEXT, NOT_ALLOWED_WORDS[operation]))
            return
        button.setEnabled(enabled)
        button.setToolTip("" if enabled else why_not)

    def _update_buttons(self) -> None:
        selected_now = self.selected_recordings(due_now_only=True)
        self._enable(self.propose_button, self.may_propose, Operation.PROPOSE_DISPOSAL, bool(selected_now),
                     self.tr("Select recordings that are due now."))
        self._enable(self.hold_button, self.may_hold, Operation.MANAGE_HOLDS, True)
        self._enable(self.release_button, self.may_hold, Operation.MANAGE_HOLDS,
                     self.holds_table.current_object() is not None, self.tr("Select a hold."))
        self._enable(self.set_rule_button, self.may_set_rules, Operation.MANAGE_SETTINGS, True)
        self._enable(self.clear_rule_button, self.may_set_rules, Operation.MANAGE_SETTINGS,
                     self.rules_table.current_object() is not None, self.tr("Select a rule."))
        proposal: DisposalView | None = self.proposals_table.current_object()
        pending = proposal is not None and proposal.status == "pending"
        own = pending and proposal is not None and proposal.proposed_by == self.client.actor.name
        why_not = (self.tr("You proposed this disposal: another director must decide it.") if own
                   else self.tr("Select a pending proposal."))
        running = self.operation is not None and not self.operation.done
        self._enable(self.approve_button, self.may_decide, Operation.APPROVE_DISPOSAL,
                     pending and not own and not running, why_not)
        self._enable(self.refuse_button, self.may_decide, Operation.APPROVE_DISPOSAL, pending and not running,
                     self.tr("Select a pending proposal."))
        self.certificate_button.setEnabled(bool(proposal is not None and proposal.has_certificate))

    def _proposal_selected(self) -> None:
        proposal: DisposalView | None = self.proposals_table.current_object()
        if proposal is None:
            self.items_label.setText("")
        else:
            lines = [self.tr("#{id} {name} ({device}), {status}").format(
                id=i.recording_id, name=i.file_name, device=i.device or "—", status=rw(STATUS_WORDS, i.status))
                for i in proposal.items]
            if proposal.decision_reason:
                lines.append(self.tr("Decision: {reason}").format(reason=proposal.decision_reason))
            if proposal.has_certificate:
                lines.append(self.tr("Certificate: SHA-256 {sha256}").format(sha256=proposal.certificate_sha256))
            self.items_label.setText("\n".join(lines))
        self._update_buttons()

    # -- actions -----------------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog, done: Callable[[Any], None]) -> FormDialog:
        dialog.accepted.connect(lambda: done(dialog.outcome))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _action_done(self, message: str, then: Callable[[], None] | None = None) -> None:
        self.reload(then)
        self._say(message)
        self.changed.emit()

    def open_propose_dialog(self) -> FormDialog | None:
        """Ask the reason for disposing of the selected due recordings, then propose them (custodian)."""
        ids = self.selected_recordings(due_now_only=True)
        if not ids or not self.may_propose:
            return None
        summary = self.tr("Propose disposing of {count} recording(s): {ids}. A director other than you must "
                          "approve before anything is removed.").format(count=len(ids),
                                                                        ids=", ".join(f"#{i}" for i in ids))
        dialog = ReasonDialog(self.client, lambda reason: self.client.propose_disposal(ids, reason=reason), self)
        dialog.set_text(self.tr("Propose disposal"), summary)
        return self._open(dialog, lambda view: self._action_done(
            self.tr("Disposal proposal #{id} is waiting for a director.").format(id=view.proposal_id)))

    def open_hold_dialog(self) -> FormDialog | None:
        """Place a legal hold on the selected recordings (ids may be edited) with a reason."""
        if not self.may_hold:
            return None
        dialog = HoldDialog(self.client, self.selected_recordings(), self)
        return self._open(dialog, lambda holds: self._action_done(
            self.tr("{count} recording(s) put on legal hold.").format(count=len(holds))))

    def open_release_dialog(self) -> FormDialog | None:
        """Release the selected legal hold with a reason."""
        hold: HoldView | None = self.holds_table.current_object()
        if hold is None or not self.may_hold:
            return None
        summary = self.tr("Release hold {hold} on recording #{id} ({reason}).").format(
            hold=hold.hold_id, id=hold.recording_id, reason=hold.reason)
        dialog = ReasonDialog(self.client, lambda reason: self.client.release_hold(hold.hold_id, reason=reason), self)
        dialog.set_text(self.tr("Release a legal hold"), summary)
        return self._open(dialog, lambda _view: self._action_done(
            self.tr("Hold {hold} released.").format(hold=hold.hold_id)))

    def open_refuse_dialog(self) -> FormDialog | None:
        """Refuse the selected pending proposal with a reason (director)."""
        proposal: DisposalView | None = self.proposals_table.current_object()
        if proposal is None or proposal.status != "pending" or not self.may_decide:
            return None
        summary = self.tr("Refuse disposal proposal #{id}: nothing is disposed of.").format(id=proposal.proposal_id)
        client, proposal_id = self.client, proposal.proposal_id
        dialog = ReasonDialog(client, lambda reason: client.refuse_disposal(proposal_id, reason=reason), self)
        dialog.set_text(self.tr("Refuse disposal"), summary)
        return self._open(dialog, lambda _view: self._action_done(
            self.tr("Disposal proposal #{id} refused.").format(id=proposal.proposal_id)))

    def open_rule_dialog(self) -> FormDialog | None:
        """Set a retention rule (administrator)."""
        if not self.may_set_rules:
            return None
        return self._open(RuleDialog(self.client, self), lambda _rule: self._action_done(self.tr("Rule saved.")))

    def open_clear_rule_dialog(self) -> FormDialog | None:
        """Remove the selected retention rule with a reason (administrator)."""
        rule: RuleView | None = self.rules_table.current_object()
        if rule is None or not self.may_set_rules:
            return None
        summary = self.tr("Remove the rule for {scope} {value} ({period}).").format(
            scope=rw(SCOPE_WORDS, rule.scope), value=self._rule_value(rule), period=_years_text(rule.years))
        dialog = ReasonDialog(
            self.client, lambda reason: self.client.clear_rule(scope=rule.scope, value=rule.value, reason=reason), self)
        dialog.set_text(self.tr("Remove a retention rule"), summary)
        return self._open(dialog, lambda _rule: self._action_done(self.tr("Rule removed.")))

    def confirm_and_approve(self) -> RunningOperation[DisposalView] | None:
        """Ask for confirmation, then approve the selected proposal."""
        proposal: DisposalView | None = self.proposals_table.current_object()
        if proposal is None:
            return None
        text = self.tr("Approve disposal proposal #{id} by {person}? {count} recording(s) are checked again and "
                       "removed from the vault; this cannot be undone.").format(
            id=proposal.proposal_id, person=proposal.proposed_by_label, count=len(proposal.items))
        answer = QMessageBox.question(self, self.tr("Approve disposal"), text)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.approve_selected()

    def approve_selected(self) -> RunningOperation[DisposalView] | None:
        """Approve the selected pending proposal on a worker; then offer to open its certificate."""
        proposal: DisposalView | None = self.proposals_table.current_object()
        if proposal is None or not self.approve_button.isEnabled():
            return None
        client, proposal_id = self.client, proposal.proposal_id

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> DisposalView:
            return client.approve_disposal(proposal_id)

        self.operation = run_operation(self, work, on_success=self._approved, on_failure=self._approve_failed,
                                       progress_label=self.tr("Disposing of the recordings and signing the "
                                                              "certificate…"), cancellable=False)
        self._update_buttons()
        return self.operation

    def _approve_failed(self, error: BaseException) -> None:
        self.reload()
        self._say(error_text(error), error=True)
        show_error(self, error)
        self.changed.emit()

    def _approved(self, view: DisposalView) -> None:
        self.last_disposal = view
        self._action_done(self.tr("Disposal #{id} carried out: {count} recording(s) disposed of.").format(
            id=view.proposal_id, count=len(view.disposed)), then=lambda: self.select_proposal(view.proposal_id))
        text = self.tr("{count} recording(s) were disposed of. The station keeps the signed disposal certificate."
                       "\nSHA-256: {sha256}\n\nOpen it now?")
        answer = QMessageBox.question(self, self.tr("Disposal certificate"), text.format(
            count=len(view.disposed), sha256=view.certificate_sha256))
        if answer == QMessageBox.StandardButton.Yes:
            self.open_certificate(view)

    def open_certificate(self, view: DisposalView | None = None) -> Path | None:
        """Open a copy of the certificate PDF of ``view`` (default: the selected proposal) in the desktop viewer;
        the copy goes to a private temporary folder. Returns where it was written."""
        view = view or self.proposals_table.current_object()
        if view is None or not view.has_certificate:
            return None
        try:
            document = self.client.disposal_certificate(view.proposal_id)
            folder = Path(tempfile.mkdtemp(prefix="evidence-station-certificate-"))
            path = save_document(document, folder / document.file_name,
                                 protect=desk_protected_folders(self.client.transport))
        except (EvidenceStationError, OSError) as error:
            show_error(self, error)
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path


def keep_until_line(keep_until: datetime | None, permanent: bool, held: bool, reasons: Sequence[RetentionReason],
                    zone: str) -> tuple[str, str]:
    """The (date, reason) words of a retention decision for a one-line summary."""
    why = reason_text(reasons[0]) if reasons else ""
    if held:
        return QCoreApplication.translate("RetentionWords", "until the hold ends"), why
    if permanent or keep_until is None:
        return QCoreApplication.translate("RetentionWords", "permanently"), why
    return format_local(keep_until, zone)[:10], why
