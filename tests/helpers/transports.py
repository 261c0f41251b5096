"""One station dispatcher reached the ways a desk reaches it: in process (embedded mode), over HTTP on a Unix
socket, and over HTTP with card bytes handed through pipes on the data channel (a desk on the station's machine)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evidence_station.client.transport import HttpTransport, InProcessTransport, Transport
from evidence_station.server.data_channel import DataChannel, data_socket_path
from evidence_station.server.dispatch import Dispatcher
from evidence_station.server.http_app import create_app
from evidence_station.server.listen import unix_socket
from evidence_station.server.runner import BackgroundServer, uvicorn_config

#: The ways every boundary test runs: the same answers are expected from each.
WAYS = ("in_process", "http")


@contextmanager
def reached(way: str, dispatcher: Dispatcher, socket: Path) -> Iterator[Transport]:
    """``dispatcher`` reached ``way`` (``in_process``, ``http`` or ``pipe``); the HTTP server listens on ``socket``
    and is stopped on leaving."""
    if way == "in_process":
        yield InProcessTransport(dispatcher)
        return
    server = BackgroundServer(uvicorn_config(create_app(dispatcher)), [unix_socket(socket)]).start()
    channel = DataChannel(dispatcher, data_socket_path(socket)).start() if way == "pipe" else None
    http = HttpTransport(f"unix:{socket}")
    try:
        yield http
    finally:
        http.close()
        if channel is not None:
            channel.stop()
        server.stop()
