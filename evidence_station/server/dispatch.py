"""Running service operations for sessions, independent of the transport (HTTP or in-process).

The dispatcher is the service's front desk: :meth:`Dispatcher.login` checks a password and opens a session;
:meth:`Dispatcher.call` and :meth:`Dispatcher.run_job` decode a call's JSON arguments strictly (unknown or
mistyped arguments are refused before any service runs), call the service function with the session's context
and return the result as JSON. Every permission check stays in the services: the dispatcher adds none and
skips none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, BinaryIO

from evidence_station.api import codec
from evidence_station.api.jobs import JobEvent, ProgressEvent
from evidence_station.api.session import Actor, LoginRequest, SessionInfo, StationInfo
from evidence_station.domain.errors import NotFoundError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken, Progress
from evidence_station.server.operations import OperationSpec, station_operations
from evidence_station.server.sessions import Session, SessionStore, new_session_id
from evidence_station.server.streams import StreamTicket
from evidence_station.server.viewing_streams import ViewingStreams
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station

if TYPE_CHECKING:
    from evidence_station.services.export_discs import OpenedImage

log = logging.getLogger(__name__)


class Dispatcher:
    """Sessions and operations of one opened station."""

    def __init__(
        self,
        station: Station,
        *,
        operations: Mapping[str, OperationSpec] | None = None,
        sessions: SessionStore | None = None,
        protected: bool = False,
        stream_port: int = 0,
    ) -> None:
        self.station = station
        self.sessions = sessions or SessionStore(station.clock.now)
        # footage leaves as streams on a loopback port (started on first use; ``stream_port`` 0: any free port)
        self.streams = ViewingStreams(station, port=stream_port, touch=self.sessions.touch)
        self.operations = self.streams.wrap(operations if operations is not None else station_operations())
        self.protected = protected

    # -- sessions ------------------------------------------------------------------------------------------
    def login(self, request: LoginRequest, *, desk: str | None = None) -> SessionInfo:
        """Check the password (lock-out rules apply) and open a session (``desk``: the address of a remote desk;
        None for one on this machine)."""
        from evidence_station.services.users import login

        ctx = login(self.station, request.user, request.password)
        ctx = ServiceContext(ctx.station, ctx.actor, session_id=new_session_id(), desk=desk)
        token, session = self.sessions.open(ctx, request.client)
        ctx.audit("session.open", "session", session.session_id,
                  {"client": request.client, **({"desk": desk} if desk else {})})
        return self._info(token, session)

    def adopt(self, ctx: ServiceContext, client: str = "gui") -> SessionInfo:
        """A session for a context this process already holds (in-process only: tests); never reachable over
        HTTP."""
        return self.adopt_actor(ctx.actor, client)

    def adopt_actor(self, actor: Actor, client: str = "gui", *, audited: bool = True) -> SessionInfo:
        """A session for ``actor`` without a password (in-process only: the embedded desktop program's read-only
        smoke test, tests); never reachable over HTTP. ``audited`` False: its end is not logged either."""
        ctx = ServiceContext(self.station, actor, session_id=new_session_id())
        token, session = self.sessions.open(ctx, client)
        session.audited = audited
        return self._info(token, session)

    def release_thread(self) -> None:
        """Close this thread's catalogue connection (a pooled worker thread of an in-process client)."""
        db = self.station.db
        if not db.is_closed():
            db.close()

    def station_info(self) -> StationInfo:
        """What anyone may know of the station before logging in (name, id, zone, whether it is protected)."""
        return self._station_info()

    def session_info(self, token: str) -> SessionInfo:
        """What the session of ``token`` stands for (its idle timer restarts)."""
        return self._info(token, self.sessions.get(token))

    def logout(self, token: str) -> None:
        """End the session of ``token``: sign a checkpoint over what its user did."""
        session = self.sessions.close(token)
        if session is not None:
            self._end(session, "logout")

    def end_expired_sessions(self) -> int:
        """End the sessions that expired (each signs its checkpoint) and the imports whose desk stopped sending;
        returns how many sessions ended."""
        from evidence_station.services.import_service import end_abandoned_imports

        ended = self.sessions.sweep()
        for session in ended:
            self._end(session, "expired")
        end_abandoned_imports()
        return len(ended)

    def close(self) -> None:
        """End every session (the service is stopping) and stop serving streams."""
        for session in self.sessions.close_where(lambda _s: True):
            self._end(session, "service stopped")
        self.streams.stop()

    def _end(self, session: Session, why: str) -> None:
        from evidence_station.services.import_service import end_abandoned_imports

        try:
            end_abandoned_imports(session_id=session.session_id)  # its desk cannot send more
        except Exception:
            log.exception("ending the imports of session %s failed", session.session_id)
        try:
            self.streams.end_service_session(session.ctx)  # its viewing sessions close, their streams end
        except Exception:
            log.exception("ending the viewing streams of session %s failed", session.session_id)
        if not session.audited:
            return
        try:
            session.ctx.audit("session.close", "session", session.session_id, {"why": why})
            session.ctx.end_session()
        except Exception:  # a session end must never stop the others from ending
            log.exception("ending session %s failed", session.session_id)

    def _station_info(self) -> StationInfo:
        settings = self.station.settings
        return StationInfo(
            station_uid=self.station.station_uid, station_name=settings.station_name,
            organisation=settings.organisation, zone=settings.zone, language=settings.language,
            protected=self.protected, certificate_sha256=self.station.registered_certificate_sha256() or "",
            gap_threshold_s=settings.gap_threshold_s, clock_offset_threshold_s=settings.clock_offset_threshold_s,
            late_import_hours=settings.late_import_hours, viewing_default_hours=settings.viewing_default_hours,
            desk_idle_lock_minutes=settings.desk_idle_lock_minutes,
        )

    def _info(self, token: str, session: Session) -> SessionInfo:
        return SessionInfo(
            token=token, session_id=session.session_id, actor=session.ctx.actor,
            station=self._station_info(),
            opened_at=session.opened_at, expires_at=session.expires_at,
            idle_minutes=int(self.sessions.idle.total_seconds() // 60), server_time=self.station.clock.now(),
        )

    # -- operations ----------------------------------------------------------------------------------------
    def operation(self, name: str) -> OperationSpec:
        """The operation called ``name``, else :class:`NotFoundError`."""
        spec = self.operations.get(name)
        if spec is None:
            raise NotFoundError(Msg(
                "The station service has no operation {name!r} (is the client newer than the service?).",
                name=name,
            ))
        return spec

    def call(self, token: str, name: str, body: bytes) -> bytes:
        """Run a short operation; returns its result as JSON."""
        session = self.sessions.get(token)
        spec = self.operation(name)
        return codec.encode(self._invoke(session, spec, body, {}))

    def run_job(
        self, token: str, name: str, body: bytes, emit: Callable[[JobEvent], None], cancel: CancelToken
    ) -> bytes:
        """Run long work, reporting progress through ``emit``; returns the result as JSON.

        ``cancel`` stops it at the next safe point (:class:`OperationCancelledError`).
        """
        session = self.sessions.get(token)
        spec = self.operation(name)

        def progress(report: Progress) -> None:
            emit(ProgressEvent.of(report))

        extra: dict[str, Any] = {"progress": progress, "cancel": cancel} if spec.job else {}
        return codec.encode(self._invoke(session, spec, body, extra))

    def upload_import_file(
        self, token: str, import_id: int, index: int, source: BinaryIO, sent_checksum: Callable[[], bytes],
        progress: Callable[[Progress], None] | None = None,
    ) -> bytes:
        """Store one card file of a running import from ``source`` (its bytes, then the desk's checksum)."""
        from evidence_station.services.import_service import store_import_file

        session = self.sessions.get(token)
        return codec.encode(store_import_file(session.ctx, import_id, index, source, sent_checksum=sent_checksum,
                                              progress=progress))

    def download_export_image(self, token: str, export_id: int, disc: int) -> OpenedImage:
        """Open the image of disc ``disc`` of export ``export_id`` for the session's user (the service decides
        who may: the clerk who made the export; audited)."""
        from evidence_station.services.export_discs import open_export_image

        session = self.sessions.get(token)
        return open_export_image(session.ctx, export_id, disc)

    def stream_ticket(self, token: str, stream_token: str) -> tuple[StreamTicket | None, bool]:
        """The stream ``stream_token`` for the session of ``token`` (only the session that opened it may read it;
        reading counts as using the session), and whether it ended lately."""
        session = self.sessions.get(token)
        return self.streams.ticket_for(session.ctx.session_id or "", stream_token)

    def _invoke(self, session: Session, spec: OperationSpec, body: bytes, extra: dict[str, Any]) -> Any:
        arguments = codec.decode(body or b"{}", spec.arguments)
        values = {field: getattr(arguments, field) for field in arguments.__struct_fields__}
        return spec.function(session.ctx, **values, **extra)


def encode_arguments(arguments: Mapping[str, Any]) -> bytes:
    """A call's arguments as the JSON body the dispatcher expects."""
    return codec.encode(dict(arguments))

