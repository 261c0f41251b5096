"""The viewing sessions of one player window (Qt-free): open, log ranges, take snapshots, close.

Every recording a window shows gets its own session in the viewing register, opened through the desk's client
(``open_viewing_session``: the station enforces the live grant) the first time it is shown and closed with the
window. A window opened under one grant (``request_id``) opens every session under that grant and no other — the
station refuses a recording that grant does not cover — so the register names the grant the viewer chose. The
footage is read through the station client from the session's stream, which the station serves while that grant is
live. A watched
range recorded after the grant ended is still logged; the caller learns from the result that playback must stop.
"""

from __future__ import annotations

from evidence_station.api.viewing import SnapshotView, ViewingClient, ViewingSessionView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError, SessionExpiredError
from evidence_station.domain.messages import Msg
from evidence_station.gui.operations import error_text


class ViewingSessions:
    """The open sessions of one window, by recording id."""

    def __init__(self, client: StationClient, *, request_id: int | None = None, program: ViewingClient = "gui") -> None:
        """``request_id``: the grant every session is opened under (None: the station picks the newest live grant
        covering each recording); ``program``: which program the register names."""
        self.client = client
        self.request_id = request_id
        self.program: ViewingClient = program
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

        Raises the station's PermissionDeniedError (audited) without a live grant — or when the window's grant
        does not cover the recording.
        """
        view = self._open.get(recording_id)
        if view is None:
            view = self.client.open_viewing_session(recording_id, client=self.program, request_id=self.request_id)
            if not view.stream_url:  # a station that serves no stream cannot be watched from a desk
                self.client.close_viewing_session(view.session_id)
                raise InvalidInputError(
                    Msg(
                        "The station gave no stream for recording {recording_id}; it cannot be played here.",
                        recording_id=recording_id,
                    ))
            self._open[recording_id] = view
        return view

    def record_range(self, recording_id: int, start_ms: int, end_ms: int) -> bool:
        """Log a watched range; False when the grant is no longer live (the player must stop)."""
        view = self._open.get(recording_id)
        if view is None or end_ms <= start_ms:
            return True
        return self.client.record_watched_range(view.session_id, max(0, start_ms), end_ms).grant_live

    def grant_problem(self, recording_id: int) -> str | None:
        """Why the grant of an open recording's session no longer holds (the refusal is audited), or None."""
        view = self._open.get(recording_id)
        if view is None:
            return None
        try:
            self.client.require_session_grant(view.session_id)
        except EvidenceStationError as exc:
            return error_text(exc)
        return None

    def snapshot(self, recording_id: int, offset_ms: int) -> SnapshotView:
        """Have the station decode the picture at ``offset_ms`` from the original and keep it as derived evidence
        (it decodes, hashes, catalogues and audits it: call on a worker thread). Raises the station's errors
        (recording not open here, no live grant, session closed, no picture there)."""
        view = self._open.get(recording_id)
        if view is None:
            raise InvalidInputError(Msg(
                "Recording {recording_id} is not open in this window; open it first.",
                recording_id=recording_id,
            ))
        return self.client.take_snapshot(view.session_id, max(0, int(offset_ms)))

    def close(self, recording_id: int) -> None:
        """Close the session of ``recording_id`` (if open): its stream ends."""
        view = self._open.pop(recording_id, None)
        if view is None:
            return
        try:
            self.client.close_viewing_session(view.session_id)
        except SessionExpiredError:
            return  # the user's session already ended (idle, revoked): the station takes no more calls from it
        self.closed_ids.append(view.session_id)

    def close_all(self) -> None:
        """Close every open session (each one even when closing another failed; the first error is raised)."""
        failure: EvidenceStationError | None = None
        for recording_id in list(self._open):
            try:
                self.close(recording_id)
            except EvidenceStationError as exc:
                failure = failure or exc
        if failure is not None:
            raise failure
