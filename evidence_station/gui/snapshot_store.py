"""Taking a snapshot without freezing the player: grab on the GUI thread, store on a worker.

libvlc is driven from the GUI thread only (the player widget polls it there), so the picture is taken
there; hashing it (SHA-256 and SM3), writing it into the vault, cataloguing and auditing it then run on a
worker (:func:`~evidence_station.gui.operations.run_operation`). A window closes its viewing sessions
only after :meth:`SnapshotStore.finish` has waited for the stores in flight, so that a snapshot taken
just before closing still lands in its open session.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.gui.operations import RunningOperation, error_text, run_operation
from evidence_station.gui.viewing_sessions import ViewingSessions
from evidence_station.playback.player import Player
from evidence_station.services.viewing_service import SnapshotView

#: How long closing a window waits for a snapshot still being stored.
FINISH_TIMEOUT_S = 30.0


class SnapshotStore(QObject):
    """Snapshots of one window: ``stored(SnapshotView)`` or ``failed(message)`` for each, on the GUI thread."""

    stored = Signal(object)
    failed = Signal(str)

    def __init__(self, owner: QWidget, sessions: ViewingSessions) -> None:
        super().__init__(owner)  # no other reference to the owner: no cycle keeps a closed window alive
        self._sessions = sessions
        self.in_flight: list[RunningOperation[SnapshotView]] = []

    @property
    def busy(self) -> bool:
        """True while a snapshot is being stored."""
        return any(not operation.done for operation in self.in_flight)

    def take(self, recording_id: int, player: Player, position_ms: int) -> RunningOperation[SnapshotView] | None:
        """Grab the picture now and store it in the background; None (and ``failed``) when no picture came."""
        try:
            picture = self._sessions.grab_picture(recording_id, player, position_ms)
        except EvidenceStationError as exc:
            self.failed.emit(error_text(exc))
            return None
        sessions = self._sessions

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> SnapshotView:
            return sessions.store_picture(picture)  # not cancellable: a few MB, and it must land whole

        operation = run_operation(self.parent(), work, on_success=self.stored.emit,
                                  on_failure=self._failed,
                                  progress_label="", cancellable=False, show_dialog=False)
        self.in_flight = [op for op in self.in_flight if not op.done] + [operation]
        return operation

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(error_text(error))

    def finish(self, timeout_s: float = FINISH_TIMEOUT_S) -> None:
        """Wait until every snapshot in flight is stored (before the window closes its sessions)."""
        for operation in self.in_flight:
            if not operation.done:
                operation.wait_for_work(timeout_s)
