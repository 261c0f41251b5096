"""Footage leaves the service only as a stream: ``http://127.0.0.1:PORT/stream/TOKEN`` on a loopback port.

Opening a recording for viewing registers a :class:`StreamTicket`: an unguessable token bound to one viewing
session, hence to the one grant the viewer chose. The stream serves the original's bytes with HTTP ranges
(players seek with them) and asks, at every request and at least once a second while sending, whether that
session's grant is still live: once it expires or is revoked, or the session is closed, the URL answers 403 and
a transfer under way stops.

The same tickets are served on the service's own listener too (``GET /v1/streams/TOKEN`` with the session's
bearer token, :func:`serve_ticket`): that is how the desk's player reads them — over the Unix socket on the
station's machine, over TLS from another desk — and there only the log-in session that opened the viewing
session may read them.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio

#: Bytes sent per chunk, and how long a "still live" answer is trusted.
CHUNK = 256 * 1024
LIVENESS_TTL_S = 1.0

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass
class StreamTicket:
    """What one stream token may read, and how to ask whether it still may."""

    session_id: int
    path: Path
    size: int
    media_type: str
    is_live: Callable[[], bool]
    #: The service (log-in) session that opened it: only that session may read it through the service's own
    #: listener (``/v1/streams/TOKEN``, the desk's player); the loopback port needs only the token.
    service_session: str = ""
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    _checked_at: float = 0.0
    _live: bool = True

    def live(self) -> bool:
        """Whether the grant still holds (asked again after :data:`LIVENESS_TTL_S`)."""
        now = time.monotonic()
        if now - self._checked_at >= LIVENESS_TTL_S:
            try:
                self._live = bool(self.is_live())
            except Exception:  # a failed check never keeps a stream open
                self._live = False
            self._checked_at = now
        return self._live


#: How many tokens of closed sessions are remembered (they answer 403 rather than 404).
ENDED_TOKENS_KEPT = 4096


class StreamRegistry:
    """The open streams of a service process (thread-safe)."""

    def __init__(self) -> None:
        self._tickets: dict[str, StreamTicket] = {}
        self._ended: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, ticket: StreamTicket) -> StreamTicket:
        """Register a stream."""
        with self._lock:
            self._tickets[ticket.token] = ticket
        return ticket

    def get(self, token: str) -> StreamTicket | None:
        """The ticket of ``token``, if any."""
        with self._lock:
            return self._tickets.get(token)

    def close_session(self, session_id: int) -> int:
        """Forget every stream of a viewing session (its tokens answer 403 from now on); returns how many."""
        with self._lock:
            gone = [t for t, ticket in self._tickets.items() if ticket.session_id == session_id]
            for token in gone:
                del self._tickets[token]
                self._ended[token] = None
            while len(self._ended) > ENDED_TOKENS_KEPT:
                self._ended.popitem(last=False)
        return len(gone)

    def ended(self, token: str) -> bool:
        """Whether ``token`` was the stream of a session closed lately."""
        with self._lock:
            return token in self._ended


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive byte range asked for (``None``: the whole file); ValueError when it cannot be served."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        raise ValueError(header)
    first, last = match.group(1), match.group(2)
    if first:
        start, end = int(first), int(last) if last else size - 1
    else:  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    end = min(end, size - 1)
    if start > end or start >= size:
        raise ValueError(header)
    return start, end


def _status(send: Any, code: int, headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    async def respond() -> None:
        await send({"type": "http.response.start", "status": code, "headers": headers or []})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    return respond()


def stream_app(registry: StreamRegistry) -> Callable[..., Any]:
    """The ASGI application of the stream port (``GET``/``HEAD /stream/TOKEN`` and nothing else)."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        token = path.removeprefix("/stream/") if path.startswith("/stream/") else None
        ticket = registry.get(token) if token else None
        await serve_ticket(ticket, scope, receive, send, ended=bool(token) and registry.ended(token or ""))

    return app


async def serve_ticket(ticket: StreamTicket | None, scope: dict[str, Any], receive: Any, send: Any, *,
                       ended: bool = False) -> None:
    """Answer one ``GET``/``HEAD`` of a stream (ASGI): the ticket's bytes, whole or the range asked for, while its
    grant is live; 404 for no ticket (403 when ``ended``: the token was a stream of a session closed lately)."""
    method: str = scope["method"]
    if method not in {"GET", "HEAD"}:
        await _status(send, 405, [(b"allow", b"GET, HEAD")])
        return
    if ticket is None:
        await _status(send, 403 if ended else 404)
        return
    if not await anyio.to_thread.run_sync(ticket.live):
        await _status(send, 403)
        return
    headers = dict(scope["headers"])
    try:
        wanted = parse_range(headers.get(b"range", b"").decode("latin-1") or None, ticket.size)
    except ValueError:
        await _status(send, 416, [(b"content-range", f"bytes */{ticket.size}".encode())])
        return
    start, end = wanted if wanted is not None else (0, ticket.size - 1)
    length = max(0, end - start + 1)
    out = [(b"content-type", ticket.media_type.encode()), (b"accept-ranges", b"bytes"),
           (b"content-length", str(length).encode()), (b"cache-control", b"no-store")]
    if wanted is not None:
        out.append((b"content-range", f"bytes {start}-{end}/{ticket.size}".encode()))
    await send({"type": "http.response.start", "status": 206 if wanted is not None else 200, "headers": out})
    if method == "HEAD" or length == 0:
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    async with anyio.create_task_group() as watching:
        gone = anyio.Event()
        watching.start_soon(_watch_disconnect, receive, gone)
        try:
            await _send_file(ticket, start, length, send, gone)
        finally:
            watching.cancel_scope.cancel()


async def _watch_disconnect(receive: Any, gone: anyio.Event) -> None:
    """Set ``gone`` when the player drops the connection (players do, as soon as they seek elsewhere)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            gone.set()
            return


def _open_at(path: Path, start: int) -> Any:
    """``path`` opened for reading at byte ``start`` (unbuffered: every read is one system call)."""
    handle = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by the caller
    handle.seek(start)
    return handle


def _next_chunk(ticket: StreamTicket, handle: Any, size: int) -> bytes | None:
    """The next ``size`` bytes of ``handle`` while the grant is live (``None`` once it is not): one trip to a
    worker thread per chunk."""
    return handle.read(size) if ticket.live() else None


async def _send_file(ticket: StreamTicket, start: int, length: int, send: Any, gone: anyio.Event) -> None:
    """Send ``length`` bytes from ``start``; stop (dropping the connection) when the grant ends, and stop reading
    when the player has gone (uvicorn drops what is sent after a disconnect without a word: the server would read
    the rest of the file for nobody)."""
    handle = await anyio.to_thread.run_sync(_open_at, ticket.path, start)
    try:
        left = length
        while left > 0 and not gone.is_set():
            chunk = await anyio.to_thread.run_sync(_next_chunk, ticket, handle, min(CHUNK, left))
            if chunk is None:
                return  # the grant is over: the response stays incomplete, the player sees the stream end
            if not chunk or gone.is_set():
                return
            left -= len(chunk)
            await send({"type": "http.response.body", "body": chunk, "more_body": left > 0})
    finally:
        handle.close()  # a file opened for reading closes at once


class StreamServer:
    """The stream port: a loopback HTTP server on its own thread, started on first use."""

    def __init__(self, registry: StreamRegistry, *, port: int = 0, host: str = "127.0.0.1") -> None:
        self.registry = registry
        self._host = host
        self._port = port
        self._server: Any = None
        self._lock = threading.Lock()

    def url_for(self, ticket: StreamTicket) -> str:
        """The URL of a registered stream (the server starts if it is not running yet)."""
        self._ensure_started()
        return f"http://{self._host}:{self._port}/stream/{ticket.token}"

    def _ensure_started(self) -> None:
        from evidence_station.server.listen import tcp_socket
        from evidence_station.server.runner import BackgroundServer, uvicorn_config

        with self._lock:
            if self._server is not None:
                return
            sock = tcp_socket(self._host, self._port)
            self._port = sock.getsockname()[1]
            self._server = BackgroundServer(uvicorn_config(stream_app(self.registry)), [sock]).start()

    def stop(self) -> None:
        """Stop serving streams."""
        with self._lock:
            if self._server is not None:
                self._server.stop()
                self._server = None
