"""The typed client: one method per :class:`StationApi` operation, as the services are called in-process."""

from __future__ import annotations

import functools
import inspect
import time
import typing
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any

from evidence_station.api import codec
from evidence_station.api.exports import DiscNumber
from evidence_station.api.imports import StoredFile
from evidence_station.api.session import Actor, LoginRequest, SessionInfo, StationInfo
from evidence_station.api.station_api import StationApi, operation_names
from evidence_station.api.types import RowId
from evidence_station.api.viewing import ViewingSessionView
from evidence_station.cards.source import ChecksummedReader
from evidence_station.client.stream_reader import RangeStream
from evidence_station.client.transport import ImageStream, Transport
from evidence_station.domain.progress import ProgressCallback

_JOB_PARAMETERS = ("progress", "cancel")


def _remote_method(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """A client method that sends the arguments it was given to the operation ``name`` (its signature and result
    type are read on first use: a command starts without evaluating every operation's annotations)."""
    described: list[tuple[inspect.Signature, Any, bool]] = []

    def description() -> tuple[inspect.Signature, Any, bool]:
        if not described:
            signature = inspect.signature(method)
            result_type = typing.get_type_hints(method, include_extras=True).get("return", Any)
            described.append((signature, result_type, any(p in signature.parameters for p in _JOB_PARAMETERS)))
        return described[0]

    @functools.wraps(method)
    def remote(self: StationClient, *args: Any, **kwargs: Any) -> Any:
        signature, result_type, is_job = description()
        arguments = signature.bind(self, *args, **kwargs).arguments
        arguments.pop("self")
        progress, cancel = arguments.pop("progress", None), arguments.pop("cancel", None)
        body = codec.encode(arguments)
        if is_job:
            raw = self.transport.job(self.token, name, body, progress, cancel)
        else:
            raw = self.transport.call(self.token, name, body)
        return codec.decode(raw, result_type)

    return remote


def _with_remote_methods(cls: type) -> type:
    """Give ``cls`` a remote method for every operation of :class:`StationApi` (its areas' included)."""
    for name in operation_names():
        setattr(cls, name, _remote_method(name, getattr(StationApi, name)))
    return cls



@_with_remote_methods
class StationClient(StationApi):
    """A logged-in client of the station service. Make one with :meth:`login`."""

    def __init__(self, transport: Transport, session: SessionInfo) -> None:
        self.transport = transport
        self.session = session
        self._clock_base = (session.server_time, time.monotonic())

    @classmethod
    def login(cls, transport: Transport, user: str, password: str, *, client: str = "cli") -> StationClient:
        """Log in over ``transport`` (wrong passwords count toward the lock-out as at the desk)."""
        return cls(transport, transport.login(LoginRequest(user=user, password=password, client=client)))

    @classmethod
    def resume(cls, transport: Transport, token: str) -> StationClient:
        """Continue a session opened earlier (a cached token); :class:`SessionExpiredError` when it ended."""
        return cls(transport, transport.session_info(token))

    @property
    def token(self) -> str:
        """The session's secret token."""
        return self.session.token

    @property
    def actor(self) -> Actor:
        """Who is logged in."""
        return self.session.actor

    @property
    def station(self) -> StationInfo:
        """The station and the settings a client needs."""
        return self.session.station

    def now(self) -> datetime:
        """The station's clock (its time at log-in, moved on by this process's monotonic clock)."""
        server_time, base = self._clock_base
        return server_time + timedelta(seconds=time.monotonic() - base)

    def upload_import_file(self, import_id: int, index: int, reader: ChecksummedReader,
                           progress: ProgressCallback | None = None) -> StoredFile:
        """Send card file ``index`` of a running import: read ``reader`` to its end (the desk's only read of the
        file), then its checksum; the station stores, reads back and compares (see ``api/imports.py``).
        ``progress`` hears the station's reports on the file (its read-back) where the transport can tell."""
        return codec.decode(self.transport.upload(self.token, import_id, index, reader, progress), StoredFile)

    def download_export_image(self, export_id: int, disc: int) -> AbstractContextManager[ImageStream]:
        """The image of disc ``disc`` of export ``export_id`` as the station keeps it, to read once in order (only the
        clerk who made the export may; audited). Write it with :mod:`evidence_station.client.disc_export`, which
        checks it against the export's reported SHA-256."""
        export_id, disc = codec.convert(export_id, RowId), codec.convert(disc, DiscNumber)
        return self.transport.download(self.token, export_id, disc)

    def footage(self, view: ViewingSessionView) -> RangeStream:
        """The footage of a viewing session this client opened, for the player to read (through this connection,
        while the session's grant is live)."""
        return self.transport.stream(self.token, view.stream_url)

    def logout(self) -> None:
        """End the session (the service signs a checkpoint over what was done in it)."""
        self.transport.logout(self.token)

    def close(self) -> None:
        """Release the connection (the session stays open until it expires or :meth:`logout`)."""
        self.transport.close()
