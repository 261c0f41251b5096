"""The "My grants" tab: my live approvals with the time left (rewritten every minute) and the Watch button,
which opens the player (``evidence_station.gui.player_window.open_player``) under the grant chosen: its viewing
sessions — and so the Art. 18 register — name that grant and no other."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_station.api.viewing import ViewingRequestResult
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.roles import Operation, allowed
from evidence_station.domain.viewing import RequestKind, banner_text
from evidence_station.gui.operations import error_text
from evidence_station.gui.viewing.common import banner_label, say, status_label
from evidence_station.gui.viewing.grant_recordings import show_grant_recordings
from evidence_station.gui.viewing.new_grants import mark_seen
from evidence_station.gui.viewing.request_table import RequestTable

COLUMNS = ("id", "kind", "recordings", "classification", "purpose", "reason", "decided_by", "valid_until",
           "time_left", "on_site", "recipient")
#: How often the list is read again (time left, grants that ended or were revoked).
TICK_MS = 60_000
PLAYER_MODULE = "evidence_station.gui.player_window"


class GrantsWidget(QWidget):
    """My live approvals; Watch opens the player for the selected viewing grant."""

    #: The player window was opened (the widget ``open_player`` returned).
    player_opened = Signal(object)
    #: Approvals not seen before were shown (the new-approval counts go down).
    grants_seen = Signal()

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.may_watch = allowed(client.actor.roles, Operation.OPEN_RECORDING)
        self.watch_button = QPushButton(self.tr("Watch"))
        self.watch_button.setObjectName("watchButton")
        self.watch_button.clicked.connect(lambda: self.watch_selected())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.table = RequestTable(client, COLUMNS)
        self.table.setObjectName("grantsTable")
        self.table.set_empty_text(self.tr("You hold no valid approval. When a director approves one of your "
                                          "requests it appears here, and Watch opens the player."))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.watch_selected())
        self.banner = banner_label()
        self.status = status_label()
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #666666;")
        top = QHBoxLayout()
        top.addWidget(self.watch_button)
        top.addWidget(refresh)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.banner)  # below the table: selecting a secret grant never moves the rows
        layout.addWidget(self.count_label)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(TICK_MS)
        self._selection_changed()

    def refresh(self) -> None:
        """Read my live grants again (the time left is computed from the station clock)."""
        try:
            grants = self.client.my_grants()
        except EvidenceStationError as exc:
            say(self.status, error_text(exc), error=True)
            grants = []
        self.table.set_requests(grants)
        self.count_label.setText(self.tr("{count} live approvals.").format(count=len(grants)))
        self._selection_changed()
        if self.isVisible() and mark_seen(self.client, grants):  # on display: the user has seen them now
            self.grants_seen.emit()

    def _selection_changed(self) -> None:
        grant = self.table.current_request()
        problem = self.watch_problem(grant)
        self.watch_button.setEnabled(not problem)
        self.watch_button.setToolTip(problem)
        cls = self.table.lookup.highest_class(grant.recording_ids) if grant is not None else None
        self.banner.setText(banner_text(cls) if cls is not None else "")
        self.banner.setVisible(cls is not None and cls.is_secret)

    def watch_problem(self, grant: ViewingRequestResult | None) -> str:
        """Why Watch cannot be used for ``grant`` ('' when it can)."""
        if not self.may_watch:
            return self.tr("Your roles do not allow watching footage.")
        if grant is None:
            return self.tr("Select a grant to watch its recordings.")
        if grant.kind != RequestKind.VIEWING.value:
            return self.tr("This approval is for providing or exporting copies, not for watching.")
        return ""

    def watch_selected(self) -> QWidget | None:
        """Open the player for the selected viewing grant's recording, under that grant; a grant of several
        recordings opens their list (one at a time, or two to four side by side)."""
        grant = self.table.current_request()
        if self.watch_problem(grant) or grant is None:
            return None
        try:
            from evidence_station.gui.player_window import open_player
        except ModuleNotFoundError as exc:
            if exc.name != PLAYER_MODULE:
                raise
            say(self.status, self.tr("The player is not part of this version of the station yet."), error=True)
            return None
        def play(recording_ids: list[int]) -> QWidget | None:
            window = open_player(self.client, recording_ids, self, request_id=grant.request_id)
            if window is not None:
                self.player_opened.emit(window)
            return window

        if len(grant.recording_ids) == 1:
            return play(list(grant.recording_ids))
        return show_grant_recordings(self.client, grant, play, self.table.lookup, parent=self)
