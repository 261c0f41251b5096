"""The director's inbox (待审批): pending requests to approve or refuse, valid approvals to revoke, and a
recording's classification to change. The buttons follow the role and the selection; the services still
decide (a refusal is shown in the status line)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.viewing import ViewingRequestResult
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.roles import Operation, allowed
from evidence_station.domain.viewing import banner_text
from evidence_station.gui.operations import error_text
from evidence_station.gui.recording_model import CLASSIFICATION_WORDS, format_local, word
from evidence_station.gui.viewing.common import banner_label, say, status_label
from evidence_station.gui.viewing.decision_dialogs import ApproveDialog, ClassifyDialog, ReasonDialog
from evidence_station.gui.viewing.request_table import RequestTable
from evidence_station.gui.viewing.words import classification_level, kind_word, purpose_word, state_word

COLUMNS = ("id", "kind", "viewer", "requested_by", "recordings", "classification", "purpose", "reason",
           "requested_at", "state", "on_site")
#: What the inbox lists: key → English (context ``InboxWidget``).
#: What the table says when a mode lists nothing: key → English (context ``InboxWidget``).
EMPTY_TEXTS: dict[str, str] = {
    "mine": QT_TRANSLATE_NOOP("InboxWidget", "No requests wait for your decision. New requests from investigators "
                                             "and clerks appear here."),
    "pending": QT_TRANSLATE_NOOP("InboxWidget", "No viewing requests are pending."),
    "live": QT_TRANSLATE_NOOP("InboxWidget", "No approval is valid at the moment, so there is nothing to revoke."),
}
MODES: dict[str, str] = {
    "mine": QT_TRANSLATE_NOOP("InboxWidget", "Waiting for my decision"),
    "pending": QT_TRANSLATE_NOOP("InboxWidget", "All pending requests"),
    "live": QT_TRANSLATE_NOOP("InboxWidget", "Valid approvals (to revoke)"),
}


def pending_count(client: StationClient) -> int:
    """How many requests wait for this user's decision (0 for anyone who does not decide)."""
    if not allowed(client.actor.roles, Operation.DECIDE_VIEWING):
        return 0
    return len(client.list_requests(pending_for_me=True))


class InboxWidget(QWidget):
    """Requests for a director to decide, with Approve…, Refuse…, Revoke… and Set classification…."""

    #: A request was approved, refused or revoked (its new state).
    decided = Signal(object)

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.may_decide = allowed(client.actor.roles, Operation.DECIDE_VIEWING)
        self.may_revoke = allowed(client.actor.roles, Operation.REVOKE_VIEWING)
        self.may_classify = allowed(client.actor.roles, Operation.CLASSIFY_RECORDING)
        self.mode_box = QComboBox()
        for key, english in MODES.items():
            self.mode_box.addItem(QCoreApplication.translate("InboxWidget", english), key)
        self.mode_box.currentIndexChanged.connect(lambda _i: self.refresh())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.approve_button = QPushButton(self.tr("Approve…"))
        self.approve_button.setObjectName("approveButton")
        self.refuse_button = QPushButton(self.tr("Refuse…"))
        self.refuse_button.setObjectName("refuseButton")
        self.revoke_button = QPushButton(self.tr("Revoke…"))
        self.revoke_button.setObjectName("revokeButton")
        self.classify_button = QPushButton(self.tr("Set classification…"))
        self.approve_button.clicked.connect(lambda: self.approve_selected())
        self.refuse_button.clicked.connect(lambda: self.refuse_selected())
        self.revoke_button.clicked.connect(lambda: self.revoke_selected())
        self.classify_button.clicked.connect(lambda: self.classify_selected())
        self.table = RequestTable(client, COLUMNS)
        self.table.setObjectName("inboxTable")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.status = status_label()
        self.banner = banner_label()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumWidth(280)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.mode_box)
        top.addWidget(refresh)
        top.addStretch(1)
        for button in (self.approve_button, self.refuse_button, self.revoke_button, self.classify_button):
            top.addWidget(button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.banner)
        side_layout.addWidget(self.details, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 320])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self._selection_changed()

    # -- listing ---------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        """What is listed: ``mine``, ``pending`` or ``live``."""
        return str(self.mode_box.currentData())

    def set_mode(self, mode: str) -> None:
        """List ``mine`` (waiting for my decision), ``pending`` (all) or ``live`` approvals."""
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode))
        self.refresh()

    def refresh(self) -> None:
        """Read the requests of the current mode again."""
        if not self.may_decide:
            self.table.set_empty_text(self.tr("Only a director decides viewing requests."))
            self.table.set_requests([])
            say(self.status, self.tr("Only a director decides viewing requests."), error=True)
            return
        try:
            if self.mode == "mine":
                requests = self.client.list_requests(pending_for_me=True)
            else:
                requests = self.client.list_requests(status=self.mode)
        except EvidenceStationError as exc:
            say(self.status, error_text(exc), error=True)
            requests = []
        self.table.set_empty_text(QCoreApplication.translate("InboxWidget", EMPTY_TEXTS[self.mode]))
        self.table.set_requests(requests)
        self._selection_changed()

    # -- selection and buttons -------------------------------------------------------------------
    def own_problem(self, request: ViewingRequestResult) -> str:
        """Why this user may not decide ``request`` ('' when they may)."""
        if self.client.actor.name in (request.requested_by, request.viewer):
            return self.tr("You made this request or it is for you; another director must decide it.")
        return ""

    def _selection_changed(self) -> None:
        request = self.table.current_request()
        self._update_buttons(request)
        self._show_details(request)

    def _update_buttons(self, request: ViewingRequestResult | None) -> None:
        not_director = self.tr("Only a director decides viewing requests.")
        pending = request is not None and request.status == "pending"
        own = self.own_problem(request) if request is not None else ""
        for button in (self.approve_button, self.refuse_button):
            button.setEnabled(self.may_decide and pending and not own)
            button.setToolTip(not_director if not self.may_decide else own)
        self.revoke_button.setEnabled(self.may_revoke and request is not None and request.status == "approved")
        self.revoke_button.setToolTip("" if self.may_revoke else not_director)
        self.classify_button.setEnabled(self.may_classify and request is not None)
        self.classify_button.setToolTip("" if self.may_classify else self.tr("Only a director sets classifications."))

    def _show_details(self, request: ViewingRequestResult | None) -> None:
        if request is None:
            self.banner.hide()
            self.details.setText(self.tr("Select a request to see it in full."))
            return
        lookup = self.table.lookup
        cls = lookup.highest_class(request.recording_ids)
        self.banner.setText(banner_text(cls))
        self.banner.setVisible(cls.is_secret)
        zone = self.client.station.zone
        lines = [
            self.tr("Request #{number} — {kind}, {state}").format(
                number=request.request_id, kind=kind_word(request.kind), state=state_word(request.state)),
            self.tr("Viewer: {viewer}; asked by {requester} at {at}").format(
                viewer=request.viewer_label, requester=request.requested_by_label or request.requested_by,
                at=format_local(request.requested_at, zone)),
            self.tr("Purpose: {purpose}").format(purpose=purpose_word(request.purpose)),
            self.tr("Reason: {reason}").format(reason=request.reason),
        ]
        if request.recipient:
            lines.append(self.tr("Recipient: {recipient}").format(recipient=request.recipient))
        if request.on_site_only:
            lines.append(self.tr("On site at this station only."))
        lines.append(self.tr("Recordings:"))
        for rid in request.recording_ids:
            view = lookup.get(rid)
            if view is None:
                lines.append(f"  #{rid}")
                continue
            lines.append(f"  #{rid} {view.file_name} — {word(CLASSIFICATION_WORDS, view.classification)}")
        own = self.own_problem(request)
        if own and request.status == "pending":
            lines.append(own)
        self.details.setText("\n".join(lines))

    def select_request(self, request_id: int) -> bool:
        """Select the row of request ``request_id``; False when it is not listed."""
        return self.table.select_object(lambda r: r.request_id == request_id)

    # -- decisions -------------------------------------------------------------------------------
    def _decide(self, action: Callable[[], ViewingRequestResult], done: str) -> ViewingRequestResult | None:
        try:
            result = action()
        except EvidenceStationError as exc:
            say(self.status, self.tr("Not done: {message}").format(message=error_text(exc)), error=True)
            return None
        say(self.status, done.format(number=result.request_id))
        self.refresh()
        self.decided.emit(result)
        return result

    def approve(self, request_id: int, *, hours: float | None = None,
                on_site_only: bool = False) -> ViewingRequestResult | None:
        """Approve a request (the service refuses one's own); say what happened."""
        return self._decide(
            lambda: self.client.approve_request(request_id, hours=hours, on_site_only=on_site_only),
            self.tr("Request #{number} was approved."),
        )

    def refuse(self, request_id: int, *, reason: str) -> ViewingRequestResult | None:
        """Refuse a request with a reason; say what happened."""
        return self._decide(lambda: self.client.refuse_request(request_id, reason=reason),
                            self.tr("Request #{number} was refused."))

    def revoke(self, request_id: int, *, reason: str) -> ViewingRequestResult | None:
        """Revoke an approval with a reason; say what happened."""
        return self._decide(lambda: self.client.revoke_request(request_id, reason=reason),
                            self.tr("The approval of request #{number} was revoked."))

    def approve_selected(self) -> ViewingRequestResult | None:
        """Ask hours and on-site only for the selected request, then approve it."""
        request = self.table.current_request()
        if request is None:
            return None
        dialog = ApproveDialog(
            request, recordings=self.table.lookup.describe(request.recording_ids, limit=6, separator="\n"),
            classification=self.table.lookup.highest_class(request.recording_ids),
            default_hours=self.client.station.viewing_default_hours, parent=self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.approve(request.request_id, hours=dialog.hours, on_site_only=dialog.on_site_only)

    def refuse_selected(self) -> ViewingRequestResult | None:
        """Ask the reason, then refuse the selected request."""
        request = self.table.current_request()
        if request is None:
            return None
        dialog = ReasonDialog(
            self.tr("Refuse request #{number}").format(number=request.request_id),
            self.tr("Why is the request refused? The requester sees the reason."), self.tr("Refuse"), self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.refuse(request.request_id, reason=dialog.reason)

    def revoke_selected(self) -> ViewingRequestResult | None:
        """Ask the reason, then revoke the selected approval (footage stops opening under it at once)."""
        request = self.table.current_request()
        if request is None:
            return None
        dialog = ReasonDialog(
            self.tr("Revoke the approval of request #{number}").format(number=request.request_id),
            self.tr("Why is the approval revoked? Footage stops opening under it at once."),
            self.tr("Revoke"), self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.revoke(request.request_id, reason=dialog.reason)

    def classify_selected(self) -> bool:
        """Change the classification of one of the selected request's recordings; True when changed."""
        request = self.table.current_request()
        if request is None:
            return False
        choices = []
        for rid in request.recording_ids:
            view = self.table.lookup.get(rid)
            if view is not None:
                choices.append((rid, f"#{rid} {view.file_name}", view.classification))
        dialog = ClassifyDialog(choices, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.classify(dialog.recording_id, dialog.classification, reason=dialog.reason)

    def classify(self, recording_id: int, classification: str, *, reason: str) -> bool:
        """Set a recording's classification (director); say what happened."""
        try:
            result = self.client.set_classification(recording_id, classification, reason=reason)
        except EvidenceStationError as exc:
            say(self.status, self.tr("Not done: {message}").format(message=error_text(exc)), error=True)
            return False
        new = classification_level(result.new)
        say(self.status, self.tr("Recording #{number} is now classified {classification}.").format(
            number=recording_id, classification=word(CLASSIFICATION_WORDS, new.value)))
        self.refresh()
        return True

