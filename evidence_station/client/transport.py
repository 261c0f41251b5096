"""Carrying calls to the station service: over HTTP (httpx), or in-process to an embedded dispatcher."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from evidence_station.api import codec
from evidence_station.api.errors import ErrorPayload, error_from_payload, error_payload
from evidence_station.api.jobs import ErrorEvent, JobEvent, ProgressEvent, ResultEvent, StartedEvent
from evidence_station.api.session import Actor, LoginRequest, SessionInfo, StationInfo
from evidence_station.cards.errors import SourceChangedError
from evidence_station.cards.source import CHECKSUM_SIZE, ChecksummedReader
from evidence_station.client.stream_reader import RangeStream, stream_token
from evidence_station.domain.errors import EvidenceStationError, StationUnreachableError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken, ProgressCallback

if TYPE_CHECKING:

    from evidence_station.server.dispatch import Dispatcher


class ImageStream(Protocol):
    """A disc image coming from the station: ``size`` bytes, read in order."""

    size: int

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (b"" at the end)."""
        ...


class Transport(Protocol):
    """What a client needs from a connection to the service."""

    url: str

    def station_info(self) -> StationInfo:
        """What anyone may know of the station before logging in."""
        ...

    def login(self, request: LoginRequest) -> SessionInfo:
        """Open a session."""
        ...

    def session_info(self, token: str) -> SessionInfo:
        """What the session stands for."""
        ...

    def logout(self, token: str) -> None:
        """End the session."""
        ...

    def call(self, token: str, name: str, body: bytes) -> bytes:
        """Run a short operation; its result as JSON."""
        ...

    def job(
        self, token: str, name: str, body: bytes, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> bytes:
        """Run long work with progress and cancel; its result as JSON."""
        ...

    def upload(self, token: str, import_id: int, index: int, reader: ChecksummedReader,
               progress: ProgressCallback | None = None) -> bytes:
        """Send one card file of a running import (its bytes, then its checksum); the stored file as JSON.
        ``progress`` hears the station's own reports on the file (its read-back) where the transport can."""
        ...

    def download(self, token: str, export_id: int, disc: int) -> AbstractContextManager[ImageStream]:
        """The image of disc ``disc`` of export ``export_id``, as a stream (the service decides who may have it)."""
        ...

    def stream(self, token: str, stream_url: str) -> RangeStream:
        """The footage of a viewing session this session opened (``stream_url`` from its answer), for the player."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


class InProcessTransport:
    """Calls an embedded dispatcher directly, with the same JSON and the same errors as over HTTP."""

    def __init__(self, dispatcher: Dispatcher, url: str = "embedded:") -> None:
        self.dispatcher = dispatcher
        self.url = url
        self._stream_http: Any = None
        self._stream_lock = threading.Lock()

    def _run(self, work: Any, *args: Any) -> Any:
        try:
            return work(*args)
        except EvidenceStationError as exc:  # what a remote client would see: code, exit code, sentences
            raise error_from_payload(error_payload(exc)) from exc
        finally:
            if threading.current_thread() is not threading.main_thread():
                self.dispatcher.release_thread()  # worker threads are pooled: never keep their connection

    def station_info(self) -> StationInfo:
        """What anyone may know of the station before logging in."""
        return codec.decode(codec.encode(self._run(self.dispatcher.station_info)), StationInfo)

    def login(self, request: LoginRequest) -> SessionInfo:
        """Open a session."""
        info = self._run(self.dispatcher.login, codec.decode(codec.encode(request), LoginRequest))
        return codec.decode(codec.encode(info), SessionInfo)

    def session_info(self, token: str) -> SessionInfo:
        """What the session stands for."""
        return codec.decode(codec.encode(self._run(self.dispatcher.session_info, token)), SessionInfo)

    def logout(self, token: str) -> None:
        """End the session."""
        self._run(self.dispatcher.logout, token)

    def call(self, token: str, name: str, body: bytes) -> bytes:
        """Run a short operation."""
        return self._run(self.dispatcher.call, token, name, body)

    def job(
        self, token: str, name: str, body: bytes, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> bytes:
        """Run long work in this thread; progress reports arrive as they happen."""
        def emit(event: JobEvent) -> None:
            if progress is not None and isinstance(event, ProgressEvent):
                progress(event.progress())

        return self._run(self.dispatcher.run_job, token, name, body, emit, cancel or CancelToken())

    def upload(self, token: str, import_id: int, index: int, reader: ChecksummedReader,
               progress: ProgressCallback | None = None) -> bytes:
        """Hand the reader to the service directly (no copy of the bytes)."""
        return self._run(self.dispatcher.upload_import_file, token, import_id, index, reader, reader.checksum,
                         progress)

    def open_local_session(self, actor: Actor, client: str = "gui") -> SessionInfo:
        """A session for ``actor`` without a password — only for a process that owns the embedded station (the
        desktop program's read-only smoke test); a station service offers nothing like it."""
        return codec.decode(codec.encode(self.dispatcher.adopt_actor(actor, client, audited=False)), SessionInfo)

    def download(self, token: str, export_id: int, disc: int) -> AbstractContextManager[ImageStream]:
        """The station's own file, opened by the service: read straight from it (no copy through memory)."""
        return self._run(self.dispatcher.download_export_image, token, export_id, disc)

    def stream(self, token: str, stream_url: str) -> RangeStream:
        """A viewing session's footage: the embedded service's loopback stream port (this process serves it)."""
        import httpx

        with self._stream_lock:
            if self._stream_http is None:
                self._stream_http = httpx.Client()
        return RangeStream(self._stream_http, stream_url)

    def close(self) -> None:
        """Close the stream connections (the embedded service itself is closed by its owner)."""
        if self._stream_http is not None:
            self._stream_http.close()


#: Seconds to wait for a connection, and for the answer to a short call.
CONNECT_TIMEOUT_S = 10.0
CALL_TIMEOUT_S = 600.0
#: Bytes of a card file read and sent at a time.
UPLOAD_CHUNK = 1 << 20


class HttpTransport:
    """HTTP to a station service: ``unix:/run/evidence-station/station.sock`` or ``https://host:port``."""

    def __init__(self, url: str, *, verify: Any = True) -> None:
        import httpx

        self.url = url
        timeout = httpx.Timeout(CALL_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
        self._data_socket: Path | None = None
        if url.startswith("unix:"):
            socket_path = Path(url.removeprefix("unix:"))
            self._data_socket = socket_path.with_name(socket_path.name + ".data")
            # Plain HTTP on the socket (its file permissions guard it): no TLS is ever spoken there, so no TLS
            # context is built (loading the system's CA certificates took 0.1 s of every command's start).
            transport = httpx.HTTPTransport(uds=str(socket_path), verify=False)
            self._http = httpx.Client(transport=transport, base_url="http://station", timeout=timeout)
        else:
            self._http = httpx.Client(base_url=url, timeout=timeout, verify=verify)

    def _request(self, method: str, path: str, token: str | None = None, body: bytes = b"") -> bytes:
        import httpx

        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        try:
            response = self._http.request(method, path, content=body, headers=headers)
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None
        if response.status_code >= 400:
            raise self._failure(response.content, response.status_code)
        return response.content

    def _unreachable(self, exc: Exception) -> StationUnreachableError:
        return StationUnreachableError(
            Msg(
                "Cannot reach the station service at {url} ({exc}). Check that it is running (on an installed "
                "station: systemctl status evidence-station) and that you may use it (group evidence-users).",
                url=self.url,
                exc=exc,
            ),
        )

    def _failure(self, content: bytes, status: int) -> EvidenceStationError:
        try:
            payload = codec.decode(content, dict[str, ErrorPayload])["error"]
        except (EvidenceStationError, KeyError):
            return StationUnreachableError(
                Msg(
                    "The station service at {url} answered with HTTP {status} and no readable error.",
                    url=self.url,
                    status=status,
                ),
            )
        return error_from_payload(payload)

    def station_info(self) -> StationInfo:
        """What anyone may know of the station before logging in."""
        return codec.decode(self._request("GET", "/v1/station"), StationInfo)

    def login(self, request: LoginRequest) -> SessionInfo:
        """Open a session."""
        return codec.decode(self._request("POST", "/v1/session", body=codec.encode(request)), SessionInfo)

    def session_info(self, token: str) -> SessionInfo:
        """What the session stands for."""
        return codec.decode(self._request("GET", "/v1/session", token), SessionInfo)

    def logout(self, token: str) -> None:
        """End the session."""
        self._request("DELETE", "/v1/session", token)

    def call(self, token: str, name: str, body: bytes) -> bytes:
        """Run a short operation."""
        return self._request("POST", f"/v1/call/{name}", token, body)

    def job(
        self, token: str, name: str, body: bytes, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> bytes:
        """Run long work: read its event stream; a set ``cancel`` asks the service to stop it."""
        import httpx

        headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
        done = threading.Event()
        try:
            with self._http.stream("POST", f"/v1/jobs/{name}", content=body, headers=headers,
                                   timeout=httpx.Timeout(None, connect=CONNECT_TIMEOUT_S)) as response:
                if response.status_code >= 400:
                    raise self._failure(response.read(), response.status_code)
                for line in response.iter_lines():
                    if not line:
                        continue
                    event = codec.decode(line, JobEvent)
                    if isinstance(event, StartedEvent):
                        if cancel is not None:
                            self._watch(cancel, event.job_id, token, done)
                    elif isinstance(event, ProgressEvent):
                        if progress is not None:
                            progress(event.progress())
                    elif isinstance(event, ResultEvent):
                        return bytes(event.result)
                    elif isinstance(event, ErrorEvent):
                        raise error_from_payload(event.error)
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None
        finally:
            done.set()
        raise StationUnreachableError(
            Msg(
                "The station service at {url} ended the operation {name!r} without a result.",
                url=self.url,
                name=name,
            ),
        )

    def upload(self, token: str, import_id: int, index: int, reader: ChecksummedReader,
               progress: ProgressCallback | None = None) -> bytes:
        """PUT the file's bytes followed by their checksum; a file that ends early on the card is a
        :class:`~evidence_station.cards.errors.SourceChangedError` (the transfer is cut, nothing is stored).

        A service on this machine that offers a data channel gets the bytes through a pipe instead (see
        :mod:`evidence_station.server.data_channel`: a third of the CPU an HTTP body costs it)."""
        import httpx

        if self._data_socket is not None and self._data_socket.exists():
            from evidence_station.client.pipe_upload import send_through_pipe

            return send_through_pipe(self._data_socket, token, import_id, index, reader)

        def body() -> Iterator[bytes]:
            left = reader.size
            while left > 0:
                chunk = reader.read(min(UPLOAD_CHUNK, left))
                if not chunk:
                    got = reader.size - left
                    raise SourceChangedError(
                        Msg(
                            "{item} ended after {got} of {size} bytes while it was read.",
                            item=reader.item,
                            got=got,
                            size=reader.size,
                        ),
                    )
                left -= len(chunk)
                yield chunk
            yield reader.checksum()

        headers = {"authorization": f"Bearer {token}", "content-type": "application/octet-stream",
                   "content-length": str(reader.size + CHECKSUM_SIZE), "x-card-file-size": str(reader.size)}
        try:
            response = self._http.put(f"/v1/imports/{import_id}/files/{index}", content=body(), headers=headers,
                                      timeout=httpx.Timeout(None, connect=CONNECT_TIMEOUT_S))
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None
        if response.status_code >= 400:
            raise self._failure(response.content, response.status_code)
        return response.content

    @contextmanager
    def download(self, token: str, export_id: int, disc: int) -> Iterator[ImageStream]:
        """GET the image's bytes as they come; a transfer that breaks off is :class:`StationUnreachableError`."""
        import httpx

        headers = {"authorization": f"Bearer {token}"}
        try:
            with self._http.stream("GET", f"/v1/exports/{export_id}/images/{disc}", headers=headers,
                                   timeout=httpx.Timeout(CALL_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)) as response:
                if response.status_code >= 400:
                    raise self._failure(response.read(), response.status_code)
                yield _HttpImageStream(self, response, f"disc {disc} of export {export_id}")
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None

    def stream(self, token: str, stream_url: str) -> RangeStream:
        """A viewing session's footage through this connection (``/v1/streams/TOKEN`` with the session's bearer
        token): the Unix socket on the station's machine, TLS from another desk."""
        return RangeStream(self._http, f"/v1/streams/{stream_token(stream_url)}", {"authorization": f"Bearer {token}"})

    def _watch(self, cancel: CancelToken, job_id: str, token: str, done: threading.Event) -> None:
        """Send the service a cancel request as soon as ``cancel`` is set (until the job is done)."""
        def watch() -> None:
            while not done.is_set():
                if cancel.wait(0.1) or cancel.cancelled:
                    if not done.is_set():
                        try:
                            self._request("POST", f"/v1/jobs/{job_id}/cancel", token)
                        except EvidenceStationError:
                            pass  # the job ended meanwhile, or the service is gone: nothing left to stop
                    return

        threading.Thread(target=watch, name=f"cancel-{job_id}", daemon=True).start()

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()


class _HttpImageStream:
    """The body of an image download, read in order."""

    def __init__(self, transport: HttpTransport, response: Any, item: str) -> None:
        try:
            self.size = int(response.headers.get("content-length", ""))
        except ValueError:
            raise StationUnreachableError(
                Msg("The station service at {url} sent {item} without saying its size.", url=transport.url, item=item),
            ) from None
        self._transport = transport
        self._chunks = response.iter_raw(UPLOAD_CHUNK)
        self._pending = b""

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (b"" at the end of the body)."""
        import httpx

        if not self._pending:
            try:
                self._pending = next(self._chunks, b"")
            except httpx.TransportError as exc:
                raise self._transport._unreachable(exc) from None
        if size < 0 or size >= len(self._pending):
            chunk, self._pending = self._pending, b""
        else:
            chunk, self._pending = self._pending[:size], self._pending[size:]
        return chunk
