"""Running the service's HTTP application with uvicorn: in the foreground (``serve``) or on a thread."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    """uvicorn's server, telling its owner when a stop was asked for (SIGTERM, SIGINT or :meth:`stop`)."""

    def __init__(self, config: uvicorn.Config, on_stop: Callable[[], None] | None,
                 asked_to_stop: threading.Event | None = None) -> None:
        super().__init__(config)
        self._on_stop = on_stop
        self._asked_to_stop = asked_to_stop

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start serving, and stop at once when a stop was asked for before uvicorn took the signals over."""
        await super().startup(sockets=sockets)
        if self._asked_to_stop is not None and self._asked_to_stop.is_set():
            self.should_exit = True

    def handle_exit(self, sig: int, frame: Any) -> None:
        if self._on_stop is not None:
            self._on_stop()  # cancel running jobs first: they roll back while connections drain
        super().handle_exit(sig, frame)


def uvicorn_config(app: Any, *, ssl_certfile: str | None = None, ssl_keyfile: str | None = None) -> uvicorn.Config:
    """The uvicorn settings of the station service."""
    return uvicorn.Config(
        app, lifespan="off", log_level="warning", access_log=False, http="h11" if _no_httptools() else "httptools",
        ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, timeout_graceful_shutdown=30, server_header=False,
    )


def _no_httptools() -> bool:
    try:
        import httptools  # noqa: F401
    except ImportError:
        return True
    return False


def serve_forever(
    config: uvicorn.Config, sockets: list[socket.socket], on_stop: Callable[[], None] | None = None,
    asked_to_stop: threading.Event | None = None,
) -> None:
    """Serve on ``sockets`` in this (main) thread until SIGTERM/SIGINT; ``on_stop`` runs when a stop begins.
    ``asked_to_stop``: set by the caller's own signal handlers before uvicorn's are installed (a stop asked for
    while the service was starting ends it as soon as it has started)."""
    _Server(config, on_stop, asked_to_stop).run(sockets=sockets)


class BackgroundServer:
    """uvicorn on a thread of this process (the embedded service's stream server, tests)."""

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        self._server = _Server(config, None)
        self._sockets = sockets
        self._thread = threading.Thread(target=self._run, name="station-http", daemon=True)

    def _run(self) -> None:
        self._server.run(sockets=self._sockets)

    def start(self, timeout: float = 10.0) -> BackgroundServer:
        """Start serving; returns once the server accepts connections."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the station's HTTP server did not start")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout)
        for sock in self._sockets:
            sock.close()
