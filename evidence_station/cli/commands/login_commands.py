"""``login`` and ``logout``: keep one session of a station service for later commands (client mode)."""

from __future__ import annotations

import argparse

from evidence_station.cli import session_cache
from evidence_station.cli.commands import command_help
from evidence_station.cli.connection import station_target
from evidence_station.cli.output import Output
from evidence_station.cli.session import acting_password, acting_user
from evidence_station.client.connect import http_transport
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import InvalidInputError, SessionExpiredError
from evidence_station.domain.messages import Msg


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    login = sub.add_parser("login", help=command_help("login"))
    login.set_defaults(handler=cmd_login)
    logout = sub.add_parser("logout", help=command_help("logout"))
    logout.set_defaults(handler=cmd_logout)


def _service_url(args: argparse.Namespace) -> str:
    target = station_target(args)
    if target.url is None:
        raise InvalidInputError(
            Msg(
                "login keeps a session of a station service (--station URL); an embedded station logs in with "
                "each command.",
            ),
        )
    return target.url


def cmd_login(args: argparse.Namespace, out: Output) -> int:
    """``login``: open a session and keep its token (0600) in the user's runtime folder."""
    url = _service_url(args)
    name = acting_user(args)
    transport = http_transport(station_target(args))
    try:
        client = StationClient.login(transport, name, acting_password(f"Password for {name}: "), client="cli")
    finally:
        transport.close()
    session_cache.save(session_cache.CachedSession(url=url, user=name, token=client.token))
    info = client.session
    out.zone_name = info.station.zone
    out.result({"user": name, "session_id": info.session_id, "station_id": info.station.station_uid,
                "expires_at": info.expires_at, "idle_minutes": info.idle_minutes},
               f"Logged in as {name} at {info.station.station_name} (session {info.session_id}); "
               f"it ends after {info.idle_minutes} min unused or with 'evidence-station logout'.")
    return 0


def cmd_logout(args: argparse.Namespace, out: Output) -> int:
    """``logout``: end the kept session."""
    url = _service_url(args)
    cached = session_cache.load(url)
    ended = False
    if cached is not None:
        transport = http_transport(station_target(args))
        try:
            transport.logout(cached.token)
            ended = True
        except SessionExpiredError:
            pass  # it had ended already
        finally:
            transport.close()
        session_cache.forget(url)
    out.result({"logged_out": ended}, "Logged out." if ended else "No session was open.")
    return 0
