"""The station service on HTTP (Starlette): sessions, calls and jobs over the :class:`Dispatcher`.

Routes (JSON bodies; ``Authorization: Bearer TOKEN`` on everything but the log-in):

- ``GET /v1/station`` → ``StationInfo`` (no session needed: what the log-in window shows).
- ``POST /v1/session`` log in (``LoginRequest``) → ``SessionInfo``; ``GET`` the session; ``DELETE`` log out.
- ``POST /v1/call/{operation}`` → the operation's result.
- ``POST /v1/jobs/{operation}`` → ``application/x-ndjson``: ``started``, ``progress``… then ``result`` or
  ``error`` (one JSON object a line); ``POST /v1/jobs/{job_id}/cancel`` stops it, and so does the client
  hanging up.
- ``PUT /v1/imports/{import_id}/files/{index}`` (``X-Card-File-Size: N``) → a card file of a running import:
  its N bytes, then the desk's 16-byte XXH3-128 of them; → ``StoredFile``.
- ``GET``/``HEAD /v1/streams/{token}`` → the footage of a viewing session this session opened (the token is
  the last part of its ``stream_url``), with HTTP ranges, while its grant is live (403 once it is not): how the
  desk's player reads footage — over the Unix socket, or TLS from another desk.
- ``GET /v1/exports/{export_id}/images/{disc}`` → the bytes of a disc image the station keeps
  (``Content-Length``; ``X-Image-SHA256`` says what the export reported — the desk checks what it wrote against
  the export's own result).

A failed call answers with an HTTP error status and ``{"error": ErrorPayload}``.
"""

from __future__ import annotations

import ipaddress
import logging
import queue
import secrets
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
import msgspec
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from evidence_station.api import codec
from evidence_station.api.errors import ErrorPayload, error_payload, internal_error_payload
from evidence_station.api.jobs import ErrorEvent, JobEvent, ResultEvent, StartedEvent
from evidence_station.api.session import LoginRequest
from evidence_station.api.types import MAX_INT64
from evidence_station.domain.errors import (
    AuthenticationError,
    EvidenceStationError,
    InvalidInputError,
    SessionExpiredError,
)
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken
from evidence_station.server.dispatch import Dispatcher
from evidence_station.server.streams import serve_ticket
from evidence_station.server.upload import BLOCK, UploadBody

log = logging.getLogger(__name__)

JSON = "application/json"
NDJSON = "application/x-ndjson"

_STATUS_BY_EXIT_CODE = {1: 409, 2: 400, 3: 403, 4: 404, 5: 503}


def remote_desk(peer: str | None) -> str | None:
    """The address of the desk a connection comes from when it is another machine; None for this machine (a Unix
    socket has no peer address; a loopback address is this machine)."""
    if not peer:
        return None
    try:
        return None if ipaddress.ip_address(peer).is_loopback else peer
    except ValueError:
        return peer


def http_status(payload: ErrorPayload) -> int:
    """The HTTP status of a failed call."""
    if payload.code in {SessionExpiredError.code, AuthenticationError.code}:
        return 401
    if payload.code == "internal_error":
        return 500
    return _STATUS_BY_EXIT_CODE.get(payload.exit_code, 400)


def error_response(payload: ErrorPayload) -> Response:
    """The response of a failed call."""
    return Response(codec.encode({"error": payload}), status_code=http_status(payload), media_type=JSON)


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise SessionExpiredError(Msg("Log in first: this request carries no session token."))
    return token.strip()


async def _guarded(work: Callable[[], Awaitable[Response]]) -> Response:
    try:
        return await work()
    except EvidenceStationError as exc:
        return error_response(error_payload(exc))
    except Exception:
        log.exception("unexpected failure in the station service")
        return error_response(internal_error_payload())


class _Jobs:
    """The cancel tokens of running jobs, by job id."""

    def __init__(self) -> None:
        self._tokens: dict[str, tuple[str, CancelToken]] = {}
        self._lock = threading.Lock()

    def add(self, owner_token: str) -> tuple[str, CancelToken]:
        job_id = secrets.token_urlsafe(12)
        cancel = CancelToken()
        with self._lock:
            self._tokens[job_id] = (owner_token, cancel)
        return job_id, cancel

    def cancel(self, job_id: str, owner_token: str) -> bool:
        with self._lock:
            entry = self._tokens.get(job_id)
        if entry is None or not secrets.compare_digest(entry[0], owner_token):
            return False
        entry[1].cancel()
        return True

    def remove(self, job_id: str) -> None:
        with self._lock:
            self._tokens.pop(job_id, None)

    def cancel_all(self) -> int:
        """Ask every running job to stop (the service is stopping); returns how many were running."""
        with self._lock:
            running = list(self._tokens.values())
        for _, cancel in running:
            cancel.cancel()
        return len(running)


def create_app(dispatcher: Dispatcher) -> Starlette:
    """The ASGI application of the station service."""
    jobs = _Jobs()

    async def login(request: Request) -> Response:
        async def work() -> Response:
            login_request = codec.decode(await request.body(), LoginRequest)
            peer = request.client.host if request.client is not None else None
            info = await run_in_threadpool(dispatcher.login, login_request, desk=remote_desk(peer))
            return Response(codec.encode(info), media_type=JSON)
        return await _guarded(work)

    async def station(request: Request) -> Response:
        async def work() -> Response:
            info = await run_in_threadpool(dispatcher.station_info)
            return Response(codec.encode(info), media_type=JSON)
        return await _guarded(work)

    async def session(request: Request) -> Response:
        async def work() -> Response:
            info = await run_in_threadpool(dispatcher.session_info, _bearer(request))
            return Response(codec.encode(info), media_type=JSON)
        return await _guarded(work)

    async def logout(request: Request) -> Response:
        async def work() -> Response:
            await run_in_threadpool(dispatcher.logout, _bearer(request))
            return JSONResponse({"ok": True})
        return await _guarded(work)

    async def call(request: Request) -> Response:
        async def work() -> Response:
            token, body = _bearer(request), await request.body()
            result = await run_in_threadpool(dispatcher.call, token, request.path_params["operation"], body)
            return Response(result, media_type=JSON)
        return await _guarded(work)

    async def start_job(request: Request) -> Response:
        async def work() -> Response:
            token, body = _bearer(request), await request.body()
            name = request.path_params["operation"]
            await run_in_threadpool(dispatcher.sessions.get, token)  # refuse before streaming starts
            dispatcher.operation(name)
            job_id, cancel = jobs.add(token)
            return StreamingResponse(_job_events(dispatcher, jobs, job_id, cancel, token, name, body),
                                     media_type=NDJSON)
        return await _guarded(work)

    async def upload_file(request: Request) -> Response:
        async def work() -> Response:
            token = _bearer(request)
            import_id, index = _path_int(request, "import_id"), _path_int(request, "index")
            size = _header_int(request, "x-card-file-size")
            body = UploadBody(size, f"file {index}")
            result: list[bytes] = []
            failure: list[Exception] = []

            async def store() -> None:
                try:
                    result.append(await run_in_threadpool(
                        dispatcher.upload_import_file, token, import_id, index, body, body.sent_checksum))
                except Exception as exc:  # raised below, after the body was drained
                    failure.append(exc)
                finally:
                    body.abandoned = True

            async with anyio.create_task_group() as group:
                group.start_soon(store)
                await _feed(request, body)
            if failure:
                raise failure[0]
            return Response(result[0], media_type=JSON)
        return await _guarded(work)

    async def download_image(request: Request) -> Response:
        async def work() -> Response:
            token = _bearer(request)
            export_id, disc = _path_int(request, "export_id"), _path_int(request, "disc")
            opened = await run_in_threadpool(dispatcher.download_export_image, token, export_id, disc)
            headers = {"content-length": str(opened.size), "x-image-sha256": opened.sha256}
            return StreamingResponse(_file_chunks(opened), media_type="application/octet-stream", headers=headers)
        return await _guarded(work)

    async def cancel_job(request: Request) -> Response:
        async def work() -> Response:
            cancelled = jobs.cancel(request.path_params["job_id"], _bearer(request))
            return JSONResponse({"cancelled": cancelled})
        return await _guarded(work)

    class StreamEndpoint:
        """``/v1/streams/{token}`` (an ASGI endpoint: the bytes go out as the stream port sends them)."""

        async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
            request = Request(scope, receive)
            try:
                bearer = _bearer(request)
                ticket, ended = await run_in_threadpool(dispatcher.stream_ticket, bearer,
                                                        str(request.path_params["token"]))
            except EvidenceStationError as exc:
                await error_response(error_payload(exc))(scope, receive, send)
                return
            await serve_ticket(ticket, scope, receive, send, ended=ended)

    app = Starlette(routes=[
        Route("/v1/station", station, methods=["GET"]),
        Route("/v1/session", login, methods=["POST"]),
        Route("/v1/session", session, methods=["GET"]),
        Route("/v1/session", logout, methods=["DELETE"]),
        Route("/v1/call/{operation}", call, methods=["POST"]),
        Route("/v1/jobs/{operation}", start_job, methods=["POST"]),
        Route("/v1/jobs/{job_id}/cancel", cancel_job, methods=["POST"]),
        Route("/v1/imports/{import_id}/files/{index}", upload_file, methods=["PUT"]),
        Route("/v1/exports/{export_id}/images/{disc}", download_image, methods=["GET"]),
        Route("/v1/streams/{token}", StreamEndpoint(), methods=["GET", "HEAD"]),
    ])
    app.state.jobs = jobs
    return app


async def _feed(request: Request, body: UploadBody) -> None:
    """Hand the request body to the storing thread about a megabyte at a time (the chunks as they came, not
    copied); a desk that hangs up ends it with an error."""
    pending: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            if body.abandoned:
                continue  # the file was refused or is done: drain the rest
            pending.append(chunk)
            size += len(chunk)
            if size >= BLOCK:
                await run_in_threadpool(body.put, pending)
                pending, size = [], 0
        if pending and not body.abandoned:
            await run_in_threadpool(body.put, pending)
        await run_in_threadpool(body.end)
    except ClientDisconnect as exc:
        await run_in_threadpool(body.end, exc)


async def _file_chunks(opened: Any) -> AsyncIterator[bytes]:
    """A file's bytes, read on a worker thread a block at a time; closed at its end or when the desk hangs up."""
    try:
        while chunk := await run_in_threadpool(opened.read, BLOCK):
            yield chunk
    finally:
        opened.close()


def _path_int(request: Request, name: str) -> int:
    try:
        value = int(request.path_params[name])
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_INT64:
        raise InvalidInputError(Msg("Invalid {name} in the request path.", name=name))
    return value


def _header_int(request: Request, name: str) -> int:
    try:
        value = int(request.headers.get(name, ""))
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_INT64:
        raise InvalidInputError(Msg("The request needs a valid {name} header.", name=name))
    return value


def cancel_running_jobs(app: Starlette) -> int:
    """Ask every job running in ``app`` to stop at its next safe point; returns how many were running."""
    return app.state.jobs.cancel_all()


_DONE = object()


async def _job_events(
    dispatcher: Dispatcher, jobs: _Jobs, job_id: str, cancel: CancelToken, token: str, name: str, body: bytes
) -> AsyncIterator[bytes]:
    """Run the job on its own thread and stream its events; hanging up cancels it."""
    events: queue.Queue[Any] = queue.Queue()

    def emit(event: JobEvent) -> None:
        events.put(event)

    def run() -> None:
        try:
            result = dispatcher.run_job(token, name, body, emit, cancel)
            events.put(ResultEvent(msgspec.Raw(result)))
        except EvidenceStationError as exc:
            events.put(ErrorEvent(error_payload(exc)))
        except Exception:
            log.exception("unexpected failure in job %s", name)
            events.put(ErrorEvent(internal_error_payload()))
        finally:
            events.put(_DONE)

    worker = threading.Thread(target=run, name=f"job-{name}", daemon=True)
    finished = False
    try:
        yield codec.encode(StartedEvent(job_id)) + b"\n"
        worker.start()
        while True:
            event = await run_in_threadpool(events.get)
            if event is _DONE:
                finished = True
                return
            yield codec.encode(event) + b"\n"
    finally:
        if not finished:
            cancel.cancel()  # the client hung up: stop the work at its next safe point
        jobs.remove(job_id)

