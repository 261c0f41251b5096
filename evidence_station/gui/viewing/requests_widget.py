"""The "My requests" tab: the requests I made or that are for me, with state, validity and the decision;
a new request through :class:`~evidence_station.gui.viewing.request_dialog.ViewingRequestDialog`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_station.api.viewing import ViewingRequestResult
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.operations import error_text
from evidence_station.gui.viewing.common import say, status_label
from evidence_station.gui.viewing.request_dialog import ViewingRequestDialog
from evidence_station.gui.viewing.request_table import RequestTable

COLUMNS = ("id", "kind", "recordings", "classification", "purpose", "reason", "state", "requested_at",
           "valid_until", "time_left", "decided_by", "decision")
#: How often the time left of live requests is rewritten.
TICK_MS = 60_000


class RequestsWidget(QWidget):
    """My requests and the "New request…" button (disabled with a tooltip for roles that may not ask)."""

    #: A request was sent (its result).
    request_sent = Signal(object)

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.may_request = allowed(client.actor.roles, Operation.REQUEST_VIEWING)
        self.new_button = QPushButton(self.tr("New request…"))
        self.new_button.setObjectName("newRequestButton")
        self.new_button.clicked.connect(lambda: self.new_request())
        self.new_button.setEnabled(self.may_request)
        if not self.may_request:
            self.new_button.setToolTip(self.tr("Your roles do not allow asking to view recordings."))
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.table = RequestTable(client, COLUMNS)
        self.table.setObjectName("myRequestsTable")
        self.table.set_empty_text(
            self.tr("You have not asked to view any recordings yet. Use New request… (or select recordings in "
                    "the Library) to ask a director for approval.") if self.may_request else
            self.tr("Your roles do not allow asking to view recordings."))
        self.status = status_label()
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #666666;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.table.refresh_time_left)
        self._timer.start(TICK_MS)

    def refresh(self) -> None:
        """Read my requests again."""
        try:
            requests = self.client.list_requests(mine=True)
        except EvidenceStationError as exc:
            say(self.status, error_text(exc), error=True)
            requests = []
        self.table.set_requests(requests)
        self.count_label.setText(self.tr("{count} requests.").format(count=len(requests)))

    def new_request(self, recording_ids: Sequence[int] = ()) -> ViewingRequestResult | None:
        """Ask for the request in the dialog and send it; None when cancelled or refused."""
        if not self.may_request:
            return None
        dialog = ViewingRequestDialog(recording_ids, self, client=self.client)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.send_request(**dialog.request_arguments())

    def send_request(self, **arguments: Any) -> ViewingRequestResult | None:
        """Send a request (``request_viewing`` arguments); say what happened and show it in the table."""
        try:
            result = self.client.request_viewing(**arguments)
        except EvidenceStationError as exc:
            say(self.status, self.tr("The request was not sent: {message}").format(message=error_text(exc)),
                error=True)
            return None
        say(self.status, self.tr("Request #{number} for {count} recording(s) was sent; a director will decide it.")
            .format(number=result.request_id, count=len(result.recording_ids)))
        self.refresh()
        self.table.select_object(lambda r: r.request_id == result.request_id)
        self.request_sent.emit(result)
        return result
