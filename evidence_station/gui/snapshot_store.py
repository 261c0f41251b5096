"""Taking a snapshot without freezing the player: the station decodes and stores it on a worker.

The picture is not taken from the player: the station decodes the frame at the player's position from the
stored original (in its media worker), hashes it (SHA-256 and SM3), writes it into the vault, catalogues and
audits it — all on a worker (:func:`~evidence_station.gui.operations.run_operation`). A window closes its viewing
sessions only after :meth:`SnapshotStore.finish` has waited for the snapshots in flight, so that a snapshot taken
just before closing still lands in its open session.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from evidence_station.api.viewing import SnapshotView
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.gui.operations import RunningOperation, error_text, run_operation
from evidence_station.gui.viewing_sessions import ViewingSessions

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

    def take(self, recording_id: int, position_ms: int) -> RunningOperation[SnapshotView]:
        """Have the station take the picture at ``position_ms`` in the background (``stored`` or ``failed``
        follows)."""
        sessions = self._sessions

        def work(_progress: ProgressCallback, _cancel: CancelToken) -> SnapshotView:
            return sessions.snapshot(recording_id, position_ms)  # not cancellable: it must land whole

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
