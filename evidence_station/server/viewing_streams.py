"""Viewing sessions served as streams: the server's side of ``open_viewing_session`` and ``close_viewing_session``.

The service function opens the session (checking and auditing everything); this wrapper then registers a
:class:`~evidence_station.server.streams.StreamTicket` for the session's original with the dispatcher's
:class:`~evidence_station.server.streams.StreamServer` and fills in the answer's ``stream_url``. A ticket is live
while the service session that opened it lasts and ``viewing_service.session_grant_live`` says the viewing session
is open under its own live grant (one query, asked at most once a second while the player reads; reading counts as
using the service session) — and, each time that answer is asked again, the grant's row and the viewer's agree
with the audit log (``deciding_rows.grant_rows_true``: a grant whose window or revocation was edited in the
catalogue ends the stream, audited once as ``refused.catalogue_altered``). Closing the viewing session, or the
end of the service session that opened it (log-out, expiry, the service stopping), forgets its tickets — and
closes the viewing sessions that service session left open, so the register says when the viewing ended.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from evidence_station.api.viewing import SessionSummary, ViewingSessionView
from evidence_station.server.operations import OperationSpec, WrappedOperations
from evidence_station.server.streams import StreamRegistry, StreamServer, StreamTicket
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station

log = logging.getLogger(__name__)

#: Media types of camera files the player may need to be told (anything else: ``application/octet-stream``).
_MEDIA_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".avi": "video/x-msvideo", ".wav": "audio/wav",
                ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".amr": "audio/amr", ".jpg": "image/jpeg"}


def media_type_of(file_name: str) -> str:
    """The media type a stream of ``file_name`` is served with."""
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return _MEDIA_TYPES.get(suffix) or mimetypes.guess_type(file_name)[0] or "application/octet-stream"


class ViewingStreams:
    """The stream port of one dispatcher and the viewing sessions it serves, by service session."""

    def __init__(self, station: Station, *, port: int = 0, touch: Callable[[str], bool] | None = None) -> None:
        self.station = station
        self.server = StreamServer(StreamRegistry(), port=port)
        self._touch = touch or (lambda _service_session: True)
        self._lock = threading.Lock()
        self._by_service_session: dict[str, set[int]] = {}

    # -- wrapping the operations ---------------------------------------------------------------------------
    def wrap(self, operations: Mapping[str, OperationSpec]) -> Mapping[str, OperationSpec]:
        """``operations`` with ``open_viewing_session`` and ``close_viewing_session`` going through this object."""
        return WrappedOperations(operations, {"open_viewing_session": self._opener,
                                              "close_viewing_session": self._closer})

    def _opener(self, open_session: Callable[..., ViewingSessionView]) -> Callable[..., ViewingSessionView]:
        def open_viewing_session(ctx: ServiceContext, recording_id: int, **options: Any) -> ViewingSessionView:
            view = open_session(ctx, recording_id, **options)
            return replace(view, stream_url=self.serve(ctx, view))
        return open_viewing_session

    def _closer(self, close_session: Callable[..., SessionSummary]) -> Callable[..., SessionSummary]:
        def close_viewing_session(ctx: ServiceContext, session_id: int) -> SessionSummary:
            summary = close_session(ctx, session_id)
            self.forget(session_id)
            return summary
        return close_viewing_session

    # -- tickets -------------------------------------------------------------------------------------------
    def serve(self, ctx: ServiceContext, view: ViewingSessionView) -> str:
        """Register the stream of a just-opened viewing session; returns its URL."""
        from evidence_station.services.deciding_rows import grant_rows_true
        from evidence_station.services.viewing_service import session_grant_live

        service_session = ctx.session_id or ""
        session_id, request_id = view.session_id, view.grant.request_id
        path = self.station.vault.blob_path(view.sha256)
        station_uid, clock = self.station.station_uid, self.station.clock

        def is_live() -> bool:
            if not self._serving(service_session, session_id) or not self._touch(service_session):
                return False
            if not session_grant_live(session_id, station_uid=station_uid, now=clock.now()):
                return False
            if not grant_rows_true(ctx, request_id):  # audited; the stream ends for good
                self.forget(session_id)
                return False
            return True

        ticket = StreamTicket(session_id=session_id, path=path, size=path.stat().st_size,
                              media_type=media_type_of(view.file_name), is_live=is_live,
                              service_session=service_session)
        with self._lock:
            self._by_service_session.setdefault(service_session, set()).add(session_id)
        self.server.registry.add(ticket)
        return self.server.url_for(ticket)

    def ticket_for(self, service_session: str, token: str) -> tuple[StreamTicket | None, bool]:
        """The ticket of stream ``token`` if the service session ``service_session`` opened it, and whether the
        token was a stream closed lately (it answers 403 then, not 404)."""
        registry = self.server.registry
        ticket = registry.get(token)
        if ticket is not None and ticket.service_session != service_session:
            return None, False  # another session's stream is not this session's to know of
        return ticket, ticket is None and registry.ended(token)

    def _serving(self, service_session: str, session_id: int) -> bool:
        with self._lock:
            return session_id in self._by_service_session.get(service_session, ())

    def forget(self, session_id: int) -> None:
        """Forget the streams of viewing session ``session_id`` (it was closed)."""
        with self._lock:
            for sessions in self._by_service_session.values():
                sessions.discard(session_id)
        self.server.registry.close_session(session_id)

    def end_service_session(self, ctx: ServiceContext) -> list[int]:
        """The service session of ``ctx`` ended: close the viewing sessions it opened that are still open (audited
        in that session) and forget their streams; returns their ids."""
        from evidence_station.services.viewing_service import close_viewing_session

        with self._lock:
            opened = sorted(self._by_service_session.pop(ctx.session_id or "", set()))
        for session_id in opened:
            self.server.registry.close_session(session_id)
            try:
                close_viewing_session(ctx, session_id)  # idempotent: one closed meanwhile stays as it was
            except Exception:  # the other sessions must still close
                log.exception("closing viewing session %s failed", session_id)
        return opened

    def stop(self) -> None:
        """Stop the stream port."""
        self.server.stop()
