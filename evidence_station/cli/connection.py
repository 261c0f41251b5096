"""Reaching the station for a command: the station service (client mode) or an embedded one on ``--home``.

See :mod:`evidence_station.client.connect` for how the station is found (``--station``, the environment, the
client file, else an embedded station on ``--home``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from evidence_station.cli import session_cache
from evidence_station.cli.session import acting_password, acting_user, home_of
from evidence_station.client.connect import StationTarget, open_transport, resolve_target
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import Transport
from evidence_station.domain.errors import SessionExpiredError


def station_target(args: argparse.Namespace) -> StationTarget:
    """Resolve ``--station``/``--home``/``--station-ca``/``--db-url``, the environment and the client file."""
    return resolve_target(station=getattr(args, "station", None), home=getattr(args, "home", None),
                          default_home=home_of(args), station_ca=getattr(args, "station_ca", None),
                          catalogue_url=getattr(args, "db_url", None))


@contextmanager
def connected(args: argparse.Namespace, *, client: str = "cli", keep_session: bool = False) -> Iterator[StationClient]:
    """A logged-in client for one command; its session ends with the command unless it was cached by ``login``
    or ``keep_session`` asks a station service to keep it once the command succeeded (``view open`` in client
    mode: the stream it opened lasts as long as that session, which ends when unused for its idle time).

    Client mode reuses the session ``evidence-station login`` cached for this station and user; without one
    the acting user logs in (password from ``$EVIDENCE_STATION_PASSWORD`` or the terminal).
    """
    target = station_target(args)
    with open_transport(target) as transport:
        station_client, cached = _session(args, target, transport, client)
        kept = False
        try:
            yield station_client
            kept = keep_session and target.url is not None  # a station service; only after success
        finally:
            if not cached and not kept:
                station_client.logout()


def _session(
    args: argparse.Namespace, target: StationTarget, transport: Transport, client: str
) -> tuple[StationClient, bool]:
    """A client on the cached session of this station and user when there is one, else a fresh log-in."""
    name = acting_user(args) if (args.user or os.environ.get("EVIDENCE_STATION_USER")) else None
    if target.url is not None:
        cached = session_cache.load(target.url)
        if cached is not None and (name is None or cached.user == name):
            try:
                return StationClient.resume(transport, cached.token), True
            except SessionExpiredError:
                session_cache.forget(target.url)
    name = name or acting_user(args)
    return StationClient.login(transport, name, acting_password(f"Password for {name}: "), client=client), False
