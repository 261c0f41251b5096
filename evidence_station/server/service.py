"""The station service in the foreground: ``evidence-station serve`` (systemd or a Windows service wraps it)."""

from __future__ import annotations

import logging
import os
import signal
import threading
from contextlib import suppress
from pathlib import Path

from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.server.data_channel import DataChannel, data_socket_path
from evidence_station.server.dispatch import Dispatcher
from evidence_station.server.http_app import cancel_running_jobs, create_app
from evidence_station.server.listen import ListenAddress, tcp_socket, unix_socket
from evidence_station.server.runner import serve_forever, uvicorn_config
from evidence_station.services.station import Station

log = logging.getLogger(__name__)

#: How often expired sessions are ended (each signs its checkpoint).
SWEEP_INTERVAL_S = 30.0


def refuse_unless_service_home(station: Station) -> None:
    """``serve`` runs only a home prepared for the service (``init --service`` or ``station migrate --service``):
    an embedded home's key could be copied by the desktop account that made it; an older home's by any user."""
    if station.is_service_home() and not station.needs_key_migration():
        return
    home = station.home.root
    raise InvalidInputError(
        Msg(
            "{home} is not a station service home (it is an embedded station, or one made before the station "
            "service): its key may have been copied, so the service will not run it. As the service account, "
            "with the home owned by that account, have an administrator migrate it once: evidence-station "
            "--home {home} --user ADMIN station migrate --service",
            home=home,
        ),
    )


def run_service(
    home: Path,
    listen: ListenAddress,
    *,
    socket_group: str | None = None,
    tls_cert: str | None = None,
    tls_key: str | None = None,
    stream_port: int | None = None,
) -> int:
    """Serve the station in ``home`` until SIGTERM/SIGINT; running jobs are cancelled (rolled back), every
    session ends with its checkpoint, and the exit code is 0. Footage streams are served on the loopback port
    ``stream_port`` (default: any free port, chosen when the first stream opens)."""
    if bool(tls_cert) != bool(tls_key):
        raise InvalidInputError(Msg("Give both --tls-cert and --tls-key."))
    if listen.unix_path is None and not listen.is_loopback and not tls_cert:
        raise InvalidInputError(
            Msg(
                "Listening on {listen} reaches other machines: give --tls-cert and --tls-key (TLS is required "
                "except on a loopback address).",
                listen=listen,
            ),
        )
    os.umask(0o077)  # what the service writes in its home is its own (the systemd unit says so too: UMask=0077)
    station = Station.open(home)
    try:
        refuse_unless_service_home(station)
    except BaseException:
        station.close()
        raise
    # A stop asked for from here on (the socket exists soon, and a supervisor may stop the service while it starts)
    # is remembered and honoured once uvicorn runs; uvicorn re-raises the stop signal after a graceful shutdown,
    # and with these handlers that ends in exit code 0.
    asked_to_stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: asked_to_stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    dispatcher = Dispatcher(station, protected=True, stream_port=stream_port or 0)
    app = create_app(dispatcher)
    data_channel = None
    if listen.unix_path is not None:
        sock = unix_socket(listen.unix_path, group=socket_group)
        data_channel = DataChannel(dispatcher, data_socket_path(listen.unix_path), group=socket_group).start()
    else:
        sock = tcp_socket(listen.host, listen.port)
    stopping = threading.Event()

    def sweep() -> None:
        while not stopping.wait(SWEEP_INTERVAL_S):
            dispatcher.end_expired_sessions()

    threading.Thread(target=sweep, name="session-sweeper", daemon=True).start()
    try:
        serve_forever(uvicorn_config(app, ssl_certfile=tls_cert, ssl_keyfile=tls_key), [sock],
                      on_stop=lambda: cancel_running_jobs(app), asked_to_stop=asked_to_stop)
    finally:
        stopping.set()
        if data_channel is not None:
            data_channel.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        dispatcher.close()
        station.close()
        sock.close()
        if listen.unix_path is not None:
            with suppress(FileNotFoundError):
                listen.unix_path.unlink()
    return 0
