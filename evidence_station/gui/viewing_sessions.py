"""The viewing sessions of one player window (Qt-free): open, log ranges, take snapshots, close.

Every recording a window shows gets its own session in the viewing register, opened through
``open_viewing_session`` (which enforces the live grant) the first time it is shown and closed with the
window. A watched range recorded after the grant ended is still logged; the caller learns from the
result that playback must stop.
"""

from __future__ import annotations

from pathlib import Path

from evidence_station.api.viewing import SnapshotView, ViewingSessionView
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError
from evidence_station.gui.operations import error_text
from evidence_station.services.context import ServiceContext
from evidence_station.services.viewing_pictures import take_snapshot
from evidence_station.services.viewing_service import (
    close_viewing_session,
    open_viewing_session,
    record_watched_range,
    require_session_grant,
)


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

    def media_path(self, view: ViewingSessionView) -> Path:
        """Where the player reads an open session's original: the read-only vault copy, as long as the GUI runs
        the services in its own process (never write to it). Through the station service it plays
        ``view.stream_url`` instead."""
        return self.ctx.station.vault.blob_path(view.sha256)

    def grant_problem(self, recording_id: int) -> str | None:
        """Why the grant of an open recording's session no longer holds (the refusal is audited), or None."""
        view = self._open.get(recording_id)
        if view is None:
            return None
        try:
            require_session_grant(self.ctx, view.session_id)
        except EvidenceStationError as exc:
            return error_text(exc)
        return None

    def snapshot(self, recording_id: int, offset_ms: int) -> SnapshotView:
        """Have the station decode the picture at ``offset_ms`` from the original and keep it as derived evidence
        (decodes in the media worker, hashes, catalogues and audits it: call on a worker thread). Raises the
        service's errors (recording not open here, no live grant, session closed, no picture there)."""
        view = self._open.get(recording_id)
        if view is None:
            raise InvalidInputError(f"Recording {recording_id} is not open in this window; open it first.",
                                    message_zh=f"录像 {recording_id} 未在本窗口中打开；请先打开。")
        return take_snapshot(self.ctx, view.session_id, max(0, int(offset_ms)))

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
