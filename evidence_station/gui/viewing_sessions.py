"""The viewing sessions of one player window (Qt-free): open, log ranges and snapshots, close.

Every recording a window shows gets its own session in the viewing register, opened through
``open_viewing_session`` (which enforces the live grant) the first time it is shown and closed with the
window. A watched range recorded after the grant ended is still logged; the caller learns from the
result that playback must stop.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from evidence_station.domain.errors import EvidenceStationError, IntegrityProblemError
from evidence_station.gui.operations import error_text
from evidence_station.playback.player import Player
from evidence_station.services.context import ServiceContext
from evidence_station.services.viewing_service import (
    SnapshotView,
    ViewingSessionView,
    close_viewing_session,
    open_viewing_session,
    record_snapshot,
    record_watched_range,
    require_viewing_grant,
)


@dataclass(frozen=True)
class GrabbedPicture:
    """A picture taken from the player, not stored yet: the PNG bytes and where they belong."""

    recording_id: int
    session_id: int
    offset_ms: int
    png: bytes


class ViewingSessions:
    """The open sessions of one window, by recording id."""

    def __init__(self, ctx: ServiceContext, client: str = "gui") -> None:
        self.ctx = ctx
        self.client = client
        self._open: dict[int, ViewingSessionView] = {}
        self.closed_ids: list[int] = []

    def session(self, recording_id: int) -> ViewingSessionView | None:
        """The open session of ``recording_id``, if any."""
        return self._open.get(recording_id)

    @property
    def open_sessions(self) -> list[ViewingSessionView]:
        """Every session still open, in opening order."""
        return list(self._open.values())

    def open(self, recording_id: int) -> ViewingSessionView:
        """The session of ``recording_id``, opened now (and registered) unless already open.

        Raises the service's PermissionDeniedError (audited) without a live grant.
        """
        view = self._open.get(recording_id)
        if view is None:
            view = open_viewing_session(self.ctx, recording_id, client=self.client)
            self._open[recording_id] = view
        return view

    def record_range(self, recording_id: int, start_ms: int, end_ms: int) -> bool:
        """Log a watched range; False when the grant is no longer live (the player must stop)."""
        view = self._open.get(recording_id)
        if view is None or end_ms <= start_ms:
            return True
        return record_watched_range(self.ctx, view.session_id, start_ms, end_ms).grant_live

    def grant_problem(self, recording_id: int) -> str | None:
        """Why the grant for an open recording no longer holds (the refusal is audited), or None."""
        try:
            require_viewing_grant(self.ctx, recording_id)
        except EvidenceStationError as exc:
            return error_text(exc)
        return None

    def grab_picture(self, recording_id: int, player: Player, offset_ms: int) -> GrabbedPicture:
        """Take the current picture from ``player`` (call on the thread that drives the player).

        Raises IntegrityProblemError when the recording is not open here or the player produced no picture.
        """
        view = self._open.get(recording_id)
        if view is None:
            raise IntegrityProblemError(f"Recording {recording_id} is not open in this window; open it first.")
        with tempfile.TemporaryDirectory(prefix="evidence-snapshot-") as folder:
            target = Path(folder) / "snapshot.png"
            if not player.snapshot(target) or not target.is_file():
                raise IntegrityProblemError(
                    f"No picture of recording {recording_id} could be taken at this moment; play or pause on a "
                    "frame and try again."
                )
            png = target.read_bytes()
        return GrabbedPicture(recording_id, view.session_id, int(offset_ms), png)

    def store_picture(self, picture: GrabbedPicture) -> SnapshotView:
        """Store a grabbed picture as a derived still in the vault (hashes, catalogues and audits it; any
        thread). Raises the service's errors (no live grant, session closed, not a PNG)."""
        return record_snapshot(self.ctx, picture.session_id, picture.offset_ms, picture.png)

    def snapshot(self, recording_id: int, player: Player, offset_ms: int) -> SnapshotView:
        """Grab the current picture from ``player`` and store it (both on this thread)."""
        return self.store_picture(self.grab_picture(recording_id, player, offset_ms))

    def close(self, recording_id: int) -> None:
        """Close the session of ``recording_id`` (if open)."""
        view = self._open.pop(recording_id, None)
        if view is not None:
            close_viewing_session(self.ctx, view.session_id)
            self.closed_ids.append(view.session_id)

    def close_all(self) -> None:
        """Close every open session."""
        for recording_id in list(self._open):
            self.close(recording_id)
